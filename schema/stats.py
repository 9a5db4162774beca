"""Figures (统计, 数据汇总): `stats(nodeId, from, to, granularity)`."""

from datetime import date
from typing import Annotated

import strawberry

import models
import resolvers.stats.figures
from models.workflows.stats import Granularity
from resolvers.stats import figures as data
from schema.cases.case import Case  # noqa: F401  (registers CaseKind and CaseStatus first)
from schema.info import Info
from schema.org import OrgNode, org_node_pk
from schema.rows import same_fields

strawberry.enum(Granularity, name="StatsGranularity")


@strawberry.type
class CaseCount:
    kind: models.CaseKind
    status: models.CaseStatus
    count: int


@strawberry.type
class StatsFigures:
    """The flow figures, of a row and of a period (a base only: not in the schema)."""

    cases_submitted: int | None
    cases_resolved: int | None
    resolved_within_deadline: int | None
    average_rating: float | None
    hazards_found: int | None
    hazards_fixed: int | None
    disputes_mediated: int | None
    active_volunteers: int | None
    volunteer_hours: float | None
    points_issued: int | None
    points_redeemed: int | None


@strawberry.type
class StatsRow(StatsFigures):
    node: OrgNode
    cases_by_kind_and_status: list[CaseCount] | None
    residents: int | None
    households: int | None
    party_members: int | None
    elders_living_alone: int | None
    open_alerts: int | None

    @classmethod
    def of(cls, row: data.Row) -> "StatsRow":
        counts = row.figures.cases_by_kind_and_status
        return same_fields(
            row.figures,
            cls,
            node=OrgNode.from_model(row.node),
            cases_by_kind_and_status=(
                None if counts is None else [same_fields(c, CaseCount) for c in counts]
            ),
        )


@strawberry.type
class StatsPeriod(StatsFigures):
    start: date
    end: date

    @classmethod
    def of(cls, period: data.Period) -> "StatsPeriod":
        return same_fields(period.figures, cls, start=period.bucket.first, end=period.bucket.last)


@strawberry.type
class Stats:
    node: OrgNode
    from_: date = strawberry.field(name="from")
    to: date
    granularity: Granularity
    total: StatsRow
    children: list[StatsRow]
    series: list[StatsPeriod]

    @classmethod
    def of(cls, result: data.Stats) -> "Stats":
        return cls(
            node=OrgNode.from_model(result.node),
            from_=result.start,
            to=result.end,
            granularity=result.granularity,
            total=StatsRow.of(result.total),
            children=[StatsRow.of(row) for row in result.children],
            series=[StatsPeriod.of(period) for period in result.series],
        )


@strawberry.type
class StatsQuery:
    @strawberry.field
    async def stats(
        self,
        info: Info,
        node_id: strawberry.ID,
        from_: Annotated[date, strawberry.argument(name="from")],
        to: date,
        granularity: Granularity = Granularity.MONTH,
    ) -> Stats:
        result = await resolvers.stats.figures.stats(
            info.context, org_node_pk(node_id, "nodeId"), from_, to, granularity
        )
        return Stats.of(result)
