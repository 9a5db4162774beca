"""Figures (统计, 数据汇总) of a node and of each of its children, rolled up from below, and the
node's series by period: six statements, whatever the number of children or periods
(resolvers/stats/sql.py).

A child's figures cover its whole subtree; the node's row covers the node's subtree, so it is
the children's sum plus what lies at the node itself (a case raised at a grid) for every
additive figure. Active volunteers are people, counted once per row: the node's count is at
most the children's sum. The figures a viewer may not read at a row (policies/stats.py) are
left out of it (null), and disputes out of every case figure there.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import models
from models.workflows import stats as rules
from models.workflows.stats import Figure, Granularity
from policies.stats import may_read_stats_at, visible_figures
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import Invalid, NotFound, refusing
from resolvers.org import get_org_node
from resolvers.stats import sql as statements
from resolvers.stats.sql import Sql, run

Kind = models.CaseKind
Status = models.CaseStatus


@dataclass
class CaseTally:
    submitted: int = 0
    resolved: int = 0
    on_time: int = 0
    rating_sum: int = 0
    rated: int = 0

    def add(self, row: dict[str, Any]) -> None:
        for name in ("submitted", "resolved", "on_time", "rating_sum", "rated"):
            setattr(self, name, getattr(self, name) + int(row.get(name) or 0))


@dataclass
class Raw:
    """What the statements found for one row (a child, the node itself, or a period)."""

    cases: dict[tuple[Kind, Status], CaseTally] = field(default_factory=dict)
    volunteers: int = 0
    minutes: int = 0
    issued: int = 0
    redeemed: int = 0
    households: int = 0
    residents: int = 0
    party_members: int = 0
    elders: int = 0
    open_alerts: int = 0
    open_escalated: int = 0

    def tally(self, kind: Kind, status: Status) -> CaseTally:
        return self.cases.setdefault((kind, status), CaseTally())

    def merge(self, other: "Raw") -> None:
        """Add `other`'s additive figures (not volunteers: people, counted once per row)."""
        for key, tally in other.cases.items():
            mine = self.tally(*key)
            for name in ("submitted", "resolved", "on_time", "rating_sum", "rated"):
                setattr(mine, name, getattr(mine, name) + getattr(tally, name))
        for name in ("minutes", "issued", "redeemed", "households", "residents"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.party_members += other.party_members
        self.elders += other.elders
        self.open_alerts += other.open_alerts
        self.open_escalated += other.open_escalated


@dataclass(frozen=True)
class CaseCount:
    kind: Kind
    status: Status
    count: int


@dataclass(frozen=True)
class Figures:
    """One row as the viewer reads it: None where the figure is hidden from them."""

    cases_by_kind_and_status: list[CaseCount] | None
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
    residents: int | None
    households: int | None
    party_members: int | None
    elders_living_alone: int | None
    open_alerts: int | None


@dataclass(frozen=True)
class Row:
    node: models.OrgNode
    figures: Figures


@dataclass(frozen=True)
class Period:
    bucket: rules.Bucket
    figures: Figures


@dataclass(frozen=True)
class Stats:
    node: models.OrgNode
    start: date
    end: date
    granularity: Granularity
    total: Row
    children: list[Row]
    series: list[Period]


def readable_kinds(figures: frozenset[Figure]) -> set[Kind]:
    kinds = {Kind.DEMAND, Kind.HAZARD} if Figure.CASES in figures else set()
    return kinds | ({Kind.DISPUTE} if Figure.DISPUTES in figures else set())


def shown(raw: Raw, figures: frozenset[Figure], *, period: bool = False) -> Figures:
    """`raw` as a viewer reading `figures` sees it. A period has no snapshot figures."""
    kinds = readable_kinds(figures)
    any_cases = bool(kinds)
    tallies = {key: t for key, t in raw.cases.items() if key[0] in kinds}

    def total(name: str, kind: Kind | None = None) -> int | None:
        if not any_cases or (kind is not None and kind not in kinds):
            return None
        return sum(int(getattr(t, name)) for (k, _), t in tallies.items() if kind in (None, k))

    rated = total("rated") or 0
    counts = [
        CaseCount(kind, status, t.submitted)
        for (kind, status), t in sorted(tallies.items())
        if t.submitted
    ]
    people = Figure.PEOPLE in figures and not period
    volunteers = Figure.VOLUNTEERS in figures
    points = Figure.POINTS in figures
    return Figures(
        cases_by_kind_and_status=counts if any_cases and not period else None,
        cases_submitted=total("submitted"),
        cases_resolved=total("resolved"),
        resolved_within_deadline=total("on_time"),
        average_rating=(
            round((total("rating_sum") or 0) / rated, 2) if any_cases and rated else None
        ),
        hazards_found=total("submitted", Kind.HAZARD),
        hazards_fixed=total("resolved", Kind.HAZARD),
        disputes_mediated=total("resolved", Kind.DISPUTE),
        active_volunteers=raw.volunteers if volunteers else None,
        volunteer_hours=round(raw.minutes / 60, 2) if volunteers else None,
        points_issued=raw.issued if points else None,
        points_redeemed=raw.redeemed if points else None,
        residents=raw.residents if people else None,
        households=raw.households if people else None,
        party_members=raw.party_members if people else None,
        elders_living_alone=raw.elders if people else None,
        open_alerts=_open_alerts(raw, figures) if not period else None,
    )


def _open_alerts(raw: Raw, figures: frozenset[Figure]) -> int | None:
    """All open alerts where the viewer reads every alert; where they read escalated ones only
    (the community and above), those."""
    if Figure.ALERTS in figures:
        return raw.open_alerts
    if Figure.ALERTS_ESCALATED in figures:
        return raw.open_escalated
    return None


async def stats_node(ctx: Context, node_id: int) -> models.OrgNode:
    """The node figures are asked of: in a stats-read scope, else NOT_FOUND as if missing."""
    require_user(ctx)
    node = await get_org_node(ctx, node_id)
    if node is None or not may_read_stats_at(ctx.viewer, node.path):
        raise NotFound("org.no_node", field="nodeId")
    if node.level is models.OrgLevel.CENTRAL_HOUSEHOLD:
        raise Invalid("stats.level", field="nodeId")
    return node


def check_range(start: date, end: date, granularity: Granularity) -> None:
    with refusing(rules.RangeError):
        rules.check_range(start, end, granularity)


def _int(value: Any) -> int:
    return int(value or 0)


async def _collect(
    node: models.OrgNode, start: date, end: date, granularity: Granularity
) -> tuple[dict[int | None, Raw], Raw, dict[str, Raw]]:
    """(per child id, None for the node itself; the subtree's distinct volunteers; per period
    key) from the six statements."""
    first, after = rules.instants(start, end)
    dialect = statements.dialect()
    rows: dict[int | None, Raw] = {}
    periods: dict[str, Raw] = {}
    whole = Raw()

    def child(value: Any) -> Raw:
        key = None if value is None else int(value)
        return rows.setdefault(key, Raw())

    sql = Sql(dialect)
    for row in await run(
        statements.cases_by_child(sql, node.id, node.path, first, after), sql.values
    ):
        child(row["child"]).tally(Kind(row["kind"]), Status(row["status"])).add(row)
    sql = Sql(dialect)
    series = statements.cases_series(sql, node.path, first, after, granularity)
    for row in await run(series, sql.values):
        # A period's cases by kind only: their status is left as SUBMITTED (not shown).
        periods.setdefault(str(row["bucket"]), Raw()).tally(
            Kind(row["kind"]), Status.SUBMITTED
        ).add(row)
    sql = Sql(dialect)
    points = statements.points_figures(sql, node.id, node.path, first, after, granularity)
    for row in await run(points, sql.values):
        target = child(row["k"]) if row["part"] == "c" else periods.setdefault(str(row["k"]), Raw())
        target.issued += _int(row["issued"])
        target.redeemed += _int(row["redeemed"])
    sql = Sql(dialect)
    served = statements.volunteer_figures(sql, node.id, node.path, first, after, granularity)
    for row in await run(served, sql.values):
        if row["part"] == "t":
            target = whole
        elif row["part"] == "c":
            target = child(row["k"])
        else:
            target = periods.setdefault(str(row["k"]), Raw())
        target.volunteers += _int(row["volunteers"])
        target.minutes += _int(row["minutes"])
    sql = Sql(dialect)
    for row in await run(statements.people_figures(sql, node.id, node.path), sql.values):
        target = child(row["child"])
        if row["part"] == "h":
            target.households += _int(row["n"])
        else:
            target.residents += _int(row["n"])
            target.party_members += _int(row["party"])
            target.elders += _int(row["elders"])
    sql = Sql(dialect)
    for row in await run(statements.alert_figures(sql, node.id, node.path), sql.values):
        target = child(row["child"])
        target.open_alerts += _int(row["open"])
        target.open_escalated += _int(row["escalated"])
    return rows, whole, periods


def _sum(parts: Iterable[Raw], volunteers: int) -> Raw:
    total = Raw()
    for part in parts:
        total.merge(part)
    total.volunteers = volunteers
    return total


async def stats(
    ctx: Context, node_id: int, start: date, end: date, granularity: Granularity
) -> Stats:
    node = await stats_node(ctx, node_id)  # NOT_FOUND outside scope, before anything else
    check_range(start, end, granularity)
    children = (
        # Archived children are left out, as `children` does elsewhere; what happened under
        # them still counts in the total.
        await models.OrgNode.filter(parent_id=node.id, archived=False).order_by("name", "id")
        if rules.split_by_children(node.level)
        else []
    )
    rows, whole, periods = await _collect(node, start, end, granularity)
    viewer = ctx.viewer
    node_figures = visible_figures(viewer, node.path)
    total = Row(node, shown(_sum(rows.values(), whole.volunteers), node_figures))
    child_rows = [
        Row(c, shown(rows.get(c.id, Raw()), visible_figures(viewer, c.path))) for c in children
    ]
    series = [
        Period(bucket, shown(periods.get(bucket.key.isoformat(), Raw()), node_figures, period=True))
        for bucket in rules.buckets(start, end, granularity)
    ]
    return Stats(node, start, end, granularity, total, child_rows, series)
