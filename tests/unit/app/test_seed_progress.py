"""The seed's progress bar ends at exactly the rows written (issue 10)."""

from tortoise.context import TortoiseContext

from app import db
from app.cli import SeedBar
from app.seed import PRESETS, seed


async def test_the_bar_total_is_what_the_seed_writes(database_url: str) -> None:
    # given
    bar = SeedBar(PRESETS["demo"].estimates, disable=True)
    async with TortoiseContext() as orm:
        await orm.init(config=db.tortoise_config(database_url))
        # when
        written = await seed(
            "demo", password_profile="CHEAPEST", progress=bar.update, planned=bar.planned
        )
    bar.close()
    # then: every row but the users (created one by one) went through the bar, and the
    # total, estimated at first, became exact
    inserted = sum(written.values()) - written["users"]
    assert bar.written == inserted
    assert bar.total == inserted
    assert PRESETS["demo"].rows != inserted
