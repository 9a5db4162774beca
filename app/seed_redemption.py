"""Demo and load data for redemption (兑换) and dividends (分红): a catalogue per community,
some residents' volunteer points, their redemptions (one cancelled) and one dividend shared by
those points, all through the same rules as the API (models/workflows/redemption.py).

Small on purpose at every preset (a few dozen rows per community): the ledger's year of
entries is seeded with the points system itself."""

from datetime import datetime, time, timedelta
from typing import Any

import models
from app.seed_people import next_id, write_phase
from app.seed_stage import Stage
from models.workflows import redemption as workflow
from models.workflows.points import LOCAL_TZ
from resolvers.redemption.dividends import share_lines

# name, description, price in points, yearly limit per person
GOODS = [
    ("大米 5kg", "东北大米，5 公斤装", 100, None),
    ("食用油 5L", "非转基因菜籽油", 150, None),
    ("洗衣液 2kg", "", 40, None),
    ("毛巾两条", "纯棉毛巾", 20, 4),
    ("抽纸一提", "三层抽纸 10 包", 30, None),
    ("电饭煲", "3 升电饭煲，限量", 800, 1),
]
CREDITED = 12  # residents per community given points
# Rows per community, roughly: goods and their first stock, credits, redemptions and their
# entries, one distribution and its lines (the preset's estimate before the exact count).
ROWS_PER_COMMUNITY = 60
REDEEMING = 8  # of them, how many redeem
INCOME_FEN = (300_000, 2_000_000)  # a cooperative's quarter: 3,000 to 20,000 yuan


# Insert order: ids are given (the tables were empty but for the cases' duty points), entries
# before the redemptions that name them, a correction after the entry it reverses.
ORDER = ("goods", "changes", "entries", "redemptions", "distributions", "lines")


def _entry(
    id: int,
    person: tuple[int, int, int, str],
    amount: int,
    reason: str,
    source: models.PointSource,
    at: datetime,
    **more: Any,
) -> models.PointEntry:
    """A volunteer-points entry of `person` (resident, household, building, building path)."""
    resident, household, building, path = person
    return models.PointEntry(
        id=id, kind=models.PointKind.VOLUNTEER, resident_id=resident, household_id=household,
        node_id=building, node_path=path, amount=amount, reason=reason, source=source, at=at,
        **more,
    )  # fmt: skip


async def seed_redemption(
    stage: Stage,
) -> dict[str, int]:
    end = datetime.combine(stage.day, time(12), LOCAL_TZ)
    rows: dict[str, list[Any]] = {
        "goods": [], "changes": [], "entries": [], "redemptions": [], "distributions": [],
        "lines": [],
    }  # fmt: skip
    entry_id = await next_id(models.PointEntry)
    for community in stage.levels[models.OrgLevel.COMMUNITY]:
        people = (
            await models.Resident.filter(
                household__building_path__startswith=community.path, active=True
            )
            .order_by("id")
            .limit(CREDITED)
            .values_list("id", "household_id", "household__building_id", "household__building_path")
        )
        goods = []
        for name, description, price, limit in GOODS:
            stock = stage.rng.randint(20, 60)
            added = end - timedelta(days=120, hours=stage.rng.randint(0, 48))
            good = models.RedemptionGood(
                id=len(rows["goods"]) + 1, community_id=community.id, node_path=community.path,
                name=name, description=description, price=price, stock=stock, yearly_limit=limit,
                created_at=added, updated_at=added,
            )  # fmt: skip
            rows["goods"].append(good)
            rows["changes"].append(
                models.StockChange(
                    good_id=good.id, delta=stock, stock_after=stock, reason="", at=added
                )
            )
            goods.append(good)
        balances: dict[int, int] = {}
        earned: dict[int, int] = {}
        for person in people:
            resident, household = person[0], person[1]
            points = stage.rng.randint(15, 60) * 10
            balances[resident] = points
            earned[household] = earned.get(household, 0) + points
            rows["entries"].append(
                _entry(
                    entry_id,
                    person,
                    points,
                    "志愿服务积分",
                    models.PointSource.MANUAL,
                    end - timedelta(days=stage.rng.randint(40, 80)),
                )
            )
            entry_id += 1
        for n, person in enumerate(people[:REDEEMING]):
            resident, household, building, path = person
            affordable = [g for g in goods if g.price <= balances[resident] and g.stock >= 2]
            good = stage.rng.choice(affordable)
            quantity = 2 if 2 * good.price <= balances[resident] and good.yearly_limit != 1 else 1
            points = workflow.cost(good.price, quantity)
            at = end - timedelta(days=stage.rng.randint(1, 30), minutes=stage.rng.randint(0, 600))
            redemption = models.Redemption(
                id=len(rows["redemptions"]) + 1, good_id=good.id, community_id=community.id,
                resident_id=resident, household_id=household, building_id=building,
                node_path=path, good_name=good.name, quantity=quantity, unit_price=good.price,
                points=points, redeemed_at=at, entry_id=entry_id,
            )  # fmt: skip
            rows["entries"].append(
                _entry(
                    entry_id,
                    person,
                    -points,
                    f"兑换 {good.name} x{quantity}",
                    models.PointSource.REDEMPTION,
                    at,
                    source_id=redemption.id,
                )
            )
            entry_id += 1
            if n == REDEEMING - 1:  # the last one was a mistake at the counter: cancelled
                redemption.status = models.RedemptionStatus.CANCELLED
                redemption.cancelled_at = at + timedelta(hours=1)
                redemption.cancel_reason = "登记错误，已退回"
                redemption.reversal_id = entry_id
                rows["entries"].append(
                    _entry(
                        entry_id,
                        person,
                        points,
                        f"撤销兑换 {good.name}",
                        models.PointSource.CORRECTION,
                        redemption.cancelled_at,
                        source_id=redemption.id,
                        reverses_id=redemption.entry_id,
                    )
                )
                entry_id += 1
            else:
                balances[resident] -= points
                good.stock -= quantity
            rows["redemptions"].append(redemption)
        start, last = stage.day - timedelta(days=90), stage.day - timedelta(days=1)
        income = stage.rng.randint(*INCOME_FEN)
        shares = workflow.shares(income, earned)
        distribution = models.DividendDistribution(
            id=len(rows["distributions"]) + 1, community_id=community.id,
            node_path=community.path, cooperative=f"{community.name}股份经济合作社",
            income_fen=income, period_start=start, period_end=last,
            total_points=sum(earned.values()), note="按季度志愿积分分红",
            created_at=end - timedelta(hours=2),
        )  # fmt: skip
        rows["distributions"].append(distribution)
        where = {household: (building, path) for _, household, building, path in people}
        rows["lines"] += share_lines(distribution.id, shares, earned, where)
    await write_phase(
        "redemption", [rows[key] for key in ORDER], stage.progress, stage.planned, stage.batch_size
    )
    return {f"redemption_{key}": len(batch) for key, batch in rows.items()}
