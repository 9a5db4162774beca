"""The committed migrations describe the models exactly: no change is left unmigrated."""

from tortoise.context import TortoiseContext
from tortoise.migrations.autodetector import MigrationAutodetector
from tortoise.models import Model

from app.db import tortoise_config


async def test_models_have_no_unmigrated_changes(tmp_path) -> None:
    config = tortoise_config(f"sqlite://{tmp_path / 'x.sqlite3'}")
    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        assert ctx.apps is not None
        writers = await MigrationAutodetector(ctx.apps, config["apps"]).changes()
    assert writers == [], "run `tortoise makemigrations` and commit the new migration"


def test_model_docstrings_hold_no_semicolons() -> None:
    """Tortoise copies them into table comments, and its SQLite migrations split on ';'."""
    import models

    for name in models.__all__:
        model = getattr(models, name)
        if isinstance(model, type) and issubclass(model, Model):
            assert ";" not in (model.__doc__ or ""), name
