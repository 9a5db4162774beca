"""Reading the ledger: the entries list (scoped in SQL by the copied node path), balances of a
resident, a household or a cadre, and a resident's own points (`myPoints`)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

import models
from models.workflows import points as ledger_rules
from policies.points import may_read_points_at, readable_point_entries_filter
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.cursors import Key, by
from resolvers.errors import Invalid, NotFound
from resolvers.filters import listed, narrows, within
from resolvers.pagination import Page, Window, paginate
from resolvers.people.households import get_household
from resolvers.people.residents import get_resident
from resolvers.points import ledger
from resolvers.scoping import Readable, found
from resolvers.users.accounts import get_user

AT = Key("at", datetime)
# (at, id) is indexed (migration 0010); ID is the order entries were written in.
POINT_ENTRY_ORDER = {
    "ID": by("PointEntry.ID"),
    "AT_DESC": by("PointEntry.AT_DESC", AT, descending=True),
    "AT_ASC": by("PointEntry.AT_ASC", AT),
}


@dataclass(frozen=True)
class EntryFilter:
    node_id: int | None = within("node_path")
    resident_id: int | None = narrows("resident_id")
    household_id: int | None = narrows("household_id")
    user_id: int | None = narrows("user_id")
    kind: models.PointKind | None = narrows("kind")
    source: models.PointSource | None = narrows("source")
    rule_id: int | None = narrows("rule_id")
    period: ledger_rules.Period | None = None
    day: date | None = None


@dataclass(frozen=True)
class Balance:
    """An owner's balance (every entry) and what they earned this week and this month."""

    total: int
    this_week: int
    this_month: int


ENTRIES = Readable(models.PointEntry, readable_point_entries_filter, "points.no_entry", "entryId")
# The name `node(id:)` (schema/node.py) calls.
get_point_entry = ENTRIES.get


def today() -> date:
    return ledger_rules.local_day(datetime.now(UTC))


def in_period(
    query: QuerySet[models.PointEntry], period: ledger_rules.Period, day: date
) -> QuerySet[models.PointEntry]:
    start, end = ledger_rules.bounds(period, day)
    return query.filter(at__gte=start, at__lt=end)


async def point_entries(
    ctx: Context, where: EntryFilter, order: str, window: Window
) -> Page[models.PointEntry]:
    query = await listed(ctx, ENTRIES.rows, where)
    if where.period is not None or where.day is not None:
        if where.period is None or where.day is None:
            raise Invalid("points.period_and_day", field="period")
        query = in_period(query, where.period, where.day)
    return await paginate(query, POINT_ENTRY_ORDER[order], window)


async def balance_of(entries: QuerySet[models.PointEntry]) -> Balance:
    earned = entries.filter(source__in=ledger_rules.EARNED)
    day = today()
    return Balance(
        total=await ledger.total(entries),
        this_week=await ledger.total(in_period(earned, ledger_rules.Period.WEEK, day)),
        this_month=await ledger.total(in_period(earned, ledger_rules.Period.MONTH, day)),
    )


async def point_balance(
    ctx: Context, resident_id: int | None, household_id: int | None, user_id: int | None
) -> Balance:
    """A resident's or a household's volunteer points (points.read at their building), or a
    cadre's duty points: their own in full, another's as far as the entries lie in scope."""
    me = require_user(ctx)
    if sum(pk is not None for pk in (resident_id, household_id, user_id)) != 1:
        raise Invalid("points.one_owner", field="residentId")
    if resident_id is not None:
        resident = await get_resident(ctx, resident_id)
        if resident is None or not may_read_points_at(ctx.viewer, resident.household.building_path):
            raise NotFound("points.no_resident", field="residentId")
        return await balance_of(ledger.Owner.resident(resident.id).entries())
    if household_id is not None:
        household = await get_household(ctx, household_id)
        if household is None or not may_read_points_at(ctx.viewer, household.building_path):
            raise NotFound("points.no_household", field="householdId")
        return await balance_of(
            models.PointEntry.filter(kind=models.PointKind.VOLUNTEER, household_id=household.id)
        )
    user = found(await get_user(ctx, user_id or 0), "points.no_user", "userId")
    entries = ledger.Owner.user(user.id).entries()
    if user.id != me.id:
        scope = readable_point_entries_filter(ctx.viewer)
        entries = entries if scope is None else entries.filter(scope)
    return await balance_of(entries)


@dataclass(frozen=True)
class MyPoints:
    """A signed-in resident's own points: nothing of anyone else's but their household's sum."""

    resident: models.Resident | None
    balance: Balance
    household_total: int
    duty: Balance


async def my_points(ctx: Context) -> MyPoints:
    me = require_user(ctx)
    resident = await models.Resident.filter(user_id=me.id, active=True).order_by("id").first()
    empty = Balance(0, 0, 0)
    duty = await balance_of(ledger.Owner.user(me.id).entries())
    if resident is None:
        return MyPoints(resident=None, balance=empty, household_total=0, duty=duty)
    household = models.PointEntry.filter(
        kind=models.PointKind.VOLUNTEER, household_id=resident.household_id
    )
    return MyPoints(
        resident=resident,
        balance=await balance_of(ledger.Owner.resident(resident.id).entries()),
        household_total=await ledger.total(household),
        duty=duty,
    )


async def my_point_entries(ctx: Context, order: str, window: Window) -> Page[models.PointEntry]:
    """The signed-in user's own entries: as a resident (volunteer) and as a cadre (duty)."""
    me = require_user(ctx)
    mine = await models.Resident.filter(user_id=me.id).values_list("id", flat=True)
    volunteer = Q(kind=models.PointKind.VOLUNTEER, resident_id__in=list(mine))
    duty = Q(kind=models.PointKind.DUTY, user_id=me.id)
    query = models.PointEntry.filter(Q(volunteer, duty, join_type=Q.OR))
    return await paginate(query, POINT_ENTRY_ORDER[order], window)
