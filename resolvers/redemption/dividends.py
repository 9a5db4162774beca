"""A cooperative's income shared among a community's households by their volunteer points in
a period (按合作社收入进行分红), and the lines of each distribution. Money, in fen: no points
are spent (models/workflows/redemption.py says why)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from tortoise.expressions import Q
from tortoise.functions import Sum
from tortoise.queryset import QuerySet

import models
from models.workflows import redemption as workflow
from models.workflows.points import LOCAL_TZ
from policies.actions import Action
from policies.redemption import readable_communities_filter, readable_dividend_lines_filter
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.cursors import Key, by
from resolvers.filters import listed, narrows, within
from resolvers.org import node_to_act_on
from resolvers.pagination import Page, Window, paginate
from resolvers.redemption import rules
from resolvers.redemption.catalogue import browsable_community
from resolvers.scoping import Readable
from resolvers.text import clean_text
from resolvers.validation import today

BATCH = 2_000
# What counts as points earned: deeds, and the corrections of deeds (not spending, refunds).
EARNING = (models.PointSource.ACTIVITY, models.PointSource.MANUAL)
DISTRIBUTION_ORDER = {
    "ID": by("DividendDistribution.ID"),
    "CREATED_DESC": by(
        "DividendDistribution.CREATED_DESC", Key("created_at", datetime), descending=True
    ),
}
LINE_ORDER = {
    "ID": by("DividendLine.ID"),
    "AMOUNT_DESC": by("DividendLine.AMOUNT_DESC", Key("amount_fen", int), descending=True),
    "POINTS_DESC": by("DividendLine.POINTS_DESC", Key("points", int), descending=True),
}


DISTRIBUTIONS = Readable(
    models.DividendDistribution,
    readable_communities_filter,
    "dividend.no_distribution",
    "distributionId",
)
LINES = Readable(models.DividendLine, readable_dividend_lines_filter)
# The name `node(id:)` (schema/node.py) calls.
get_distribution = DISTRIBUTIONS.get
get_line = LINES.get


async def dividend_distributions(
    ctx: Context, community_id: int | None, order: str, window: Window
) -> Page[models.DividendDistribution]:
    require_user(ctx)
    query = DISTRIBUTIONS.rows(ctx)
    if community_id is not None:
        community = await browsable_community(ctx, community_id, "communityId")
        query = query.filter(community_id=community.id)
    return await paginate(query, DISTRIBUTION_ORDER[order], window)


@dataclass(frozen=True)
class LineFilter:
    distribution_id: int | None = narrows("distribution_id")
    household_id: int | None = narrows("household_id")
    node_id: int | None = within("building_path")


async def filtered_lines(ctx: Context, where: LineFilter) -> QuerySet[models.DividendLine]:
    return await listed(ctx, LINES.rows, where)


async def dividend_lines(
    ctx: Context, where: LineFilter, order: str, window: Window
) -> Page[models.DividendLine]:
    return await paginate(await filtered_lines(ctx, where), LINE_ORDER[order], window)


def _instant(day: date) -> datetime:
    return datetime.combine(day, time.min, LOCAL_TZ)


async def points_by_household(community_path: str, start: date, end: date) -> dict[int, int]:
    """Volunteer points each household earned at nodes of the community from `start` to `end`
    (both inclusive, China time): deeds and their corrections, one grouped query."""
    earned = Q(
        Q(source__in=EARNING),
        Q(source=models.PointSource.CORRECTION, reverses__source__in=EARNING),
        join_type=Q.OR,
    )
    rows = (
        await models.PointEntry.filter(
            models.in_subtree(community_path, "node_path"),
            earned,
            kind=models.PointKind.VOLUNTEER,
            household_id__isnull=False,
            at__gte=_instant(start),
            at__lt=_instant(end + timedelta(days=1)),
        )
        .annotate(total=Sum("amount"))
        .group_by("household_id")
        .values_list("household_id", "total")
    )
    return {int(household): int(total or 0) for household, total in rows}


@dataclass(frozen=True)
class NewDistribution:
    community_id: int
    cooperative: str
    income_fen: int
    period_start: date
    period_end: date
    note: str | None = None


async def distribute_dividend(ctx: Context, new: NewDistribution) -> models.DividendDistribution:
    user = require_user(ctx)
    community = await node_to_act_on(
        ctx, new.community_id, "communityId", may=Action.DIVIDEND_DISTRIBUTE,
        refused="dividend.may_not_distribute", level=models.OrgLevel.COMMUNITY,
    )  # fmt: skip
    cooperative = clean_text(new.cooperative, "cooperative", limit=100, what="A cooperative")
    note = clean_text(
        new.note or "", "note", limit=500, what="A note", required=False, multiline=True
    )
    with rules():
        workflow.check_dividend(new.income_fen, new.period_start, new.period_end, today())
    points = await points_by_household(community.path, new.period_start, new.period_end)
    with rules():
        amounts = workflow.shares(new.income_fen, points)
    distribution = await models.DividendDistribution.create(
        community_id=community.id, node_path=community.path, cooperative=cooperative,
        income_fen=new.income_fen, period_start=new.period_start, period_end=new.period_end,
        total_points=sum(points[h] for h in amounts), note=note, recorded_by_id=user.id,
    )  # fmt: skip
    households = {
        pk: (building_id, path)
        for pk, building_id, path in await models.Household.filter(
            id__in=sorted(amounts)
        ).values_list("id", "building_id", "building_path")
    }
    lines = share_lines(distribution.id, amounts, points, households)
    for start in range(0, len(lines), BATCH):
        await models.DividendLine.bulk_create(lines[start : start + BATCH])
    audit.note(ctx, "lines", len(lines))
    return distribution


def share_lines(
    distribution_id: int,
    amounts: Mapping[int, int],
    points: Mapping[int, int],
    homes: Mapping[int, tuple[int, str]],
) -> list[models.DividendLine]:
    """A distribution's lines, one a household in household order: its share (`amounts`), its
    points and its building (`homes`: household -> building id and path). The seed writes its
    dividend with these too."""
    return [
        models.DividendLine(
            distribution_id=distribution_id,
            household_id=household,
            building_id=homes[household][0],
            building_path=homes[household][1],
            points=points[household],
            amount_fen=amount,
        )
        for household, amount in sorted(amounts.items())
    ]
