"""Period totals and rankings (一周一统计、一月一评比), computed in SQL from the ledger.

One statement per page: the subtree's earned entries of the period summed per resident,
household or building (buildings by points per active household, in hundredths), ranked with
RANK() over all of them, then a keyset page (score, id descending). On PostgreSQL the subtree
and the period are one range of `point_entry_path_at_idx` (node_path, at), which includes the
summed columns: an index-only scan of the subtree's entries (bench/RESULTS.md).
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import models
from models.workflows import points as ledger_rules
from policies.masking import mask_name
from policies.points import may_read_points_at
from resolvers import cursors
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.cursors import Key, Order, by
from resolvers.errors import Invalid, NotFound
from resolvers.org import get_org_node
from resolvers.pagination import Page, Window

Subject = models.RankingSubject
GROUPED_BY = {
    Subject.RESIDENTS: "resident_id",
    Subject.HOUSEHOLDS: "household_id",
    Subject.BUILDINGS: "node_id",
}
# Points per household are kept in hundredths (an integer, exact in both databases).
PER_HOUSEHOLD_SCALE = 100


def ranking_order(subject: Subject) -> Order:
    return by(f"PointsRanking.{subject.value}", Key("score", int), descending=True)


@dataclass
class RankingRow:
    subject: Subject
    id: int  # the resident, household or building
    points: int
    score: int  # what ranks: points, or for buildings points per household in hundredths
    rank: int
    name: str = ""

    @property
    def points_per_household(self) -> float | None:
        if self.subject is not Subject.BUILDINGS:
            return None
        return self.score / PER_HOUSEHOLD_SCALE


class Sql:
    """Placeholders as the driver wants them: $1 for asyncpg, ? for SQLite."""

    def __init__(self, dialect: str) -> None:
        self.postgres = dialect == "postgres"
        self.values: list[Any] = []

    def __call__(self, value: Any) -> str:
        self.values.append(value)
        return f"${len(self.values)}" if self.postgres else "?"


def _prefix(path: str) -> str:
    # Paths hold only digits and separators (models/org.py): inlined as a constant, so that
    # PostgreSQL plans the LIKE as a range of the pattern index with any plan.
    assert path.replace(models.PATH_SEPARATOR, "").isdigit(), path
    return path


def ranked_sql(sql: Sql, path: str, start: datetime, end: datetime, subject: Subject) -> str:
    column = GROUPED_BY[subject]
    earned = ", ".join(f"'{source.value}'" for source in ledger_rules.EARNED)
    prefix = _prefix(path)
    totals = (
        f"SELECT {column} AS id, SUM(amount) AS points FROM point_entry "
        f"WHERE node_path LIKE '{prefix}%' AND at >= {sql(start)} AND at < {sql(end)} "
        f"AND kind = '{models.PointKind.VOLUNTEER.value}' AND source IN ({earned}) "
        f"AND {column} IS NOT NULL GROUP BY {column} HAVING SUM(amount) > 0"
    )
    if subject is Subject.BUILDINGS:
        households = (
            "SELECT building_id, COUNT(*) AS n FROM household "
            f"WHERE building_path LIKE '{prefix}%' AND active = {sql(True)} "
            "GROUP BY building_id"
        )
        scored = (
            f"SELECT t.id, t.points, t.points * {PER_HOUSEHOLD_SCALE} / h.n AS score "
            f"FROM totals t JOIN ({households}) h ON h.building_id = t.id"
        )
    else:
        scored = "SELECT id, points, points AS score FROM totals"
    return (
        f"WITH totals AS ({totals}), scored AS ({scored}), ranked AS ("
        "SELECT id, points, score, RANK() OVER (ORDER BY score DESC) AS rank FROM scored)"
    )


async def _run(sql: str, values: list[Any]) -> list[dict[str, Any]]:
    db = models.PointEntry._meta.db
    return list(await db.execute_query_dict(sql, values))


async def ranked_rows(
    path: str,
    start: datetime,
    end: datetime,
    subject: Subject,
    *,
    limit: int,
    after: tuple[Any, ...] | None = None,
) -> list[RankingRow]:
    """The ranking of the subtree at `path` over [start, end): `limit` rows after `after`."""
    sql = Sql(models.PointEntry._meta.db.capabilities.dialect)
    head = ranked_sql(sql, path, start, end, subject)
    where = ""
    if after is not None:
        score, pk = after
        where = f"WHERE score < {sql(score)} OR (score = {sql(score)} AND id < {sql(pk)}) "
    statement = (
        f"{head} SELECT id, points, score, rank FROM ranked {where}"
        f"ORDER BY score DESC, id DESC LIMIT {sql(limit)}"
    )
    rows = await _run(statement, sql.values)
    return [
        RankingRow(
            subject=subject,
            id=int(row["id"]),
            points=int(row["points"]),
            score=int(row["score"]),
            rank=int(row["rank"]),
        )
        for row in rows
    ]


def counted(
    path: str, start: datetime, end: datetime, subject: Subject
) -> Callable[[], Awaitable[int]]:
    async def count() -> int:
        sql = Sql(models.PointEntry._meta.db.capabilities.dialect)
        head = ranked_sql(sql, path, start, end, subject)
        rows = await _run(f"{head} SELECT COUNT(*) AS n FROM ranked", sql.values)
        return int(rows[0]["n"]) if rows else 0

    return count


async def name_rows(rows: list[RankingRow], *, masked: bool) -> None:
    """Each row's name: a resident's name, a household as its first member's name and 家, a
    building's name. `masked`: as a public notice shows them (policies/masking.py rule 5)."""
    ids = [row.id for row in rows]
    if not rows:
        return
    subject = rows[0].subject
    names: dict[int, str] = {}
    if subject is Subject.RESIDENTS:
        for pk, name in await models.Resident.filter(id__in=ids).values_list("id", "name"):
            names[int(pk)] = mask_name(name) if masked else name
    elif subject is Subject.HOUSEHOLDS:
        members = (
            await models.Resident.filter(household_id__in=ids)
            .order_by("-active", "id")
            .values_list("household_id", "name")
        )
        for pk, name in members:
            if int(pk) not in names:
                names[int(pk)] = f"{mask_name(name) if masked else name}家"
    else:
        for pk, name in await models.OrgNode.filter(id__in=ids).values_list("id", "name"):
            names[int(pk)] = name
    for row in rows:
        row.name = names.get(row.id, "")


def check_level(node: models.OrgNode, subject: Subject, field: str = "nodeId") -> None:
    """Rankings are per building, grid, community or street; of buildings above a building."""
    level = node.level
    if level is models.OrgLevel.CENTRAL_HOUSEHOLD or (
        subject is Subject.BUILDINGS and level is models.OrgLevel.BUILDING
    ):
        raise Invalid("points.ranking_level", field=field)


async def ranking_node(ctx: Context, node_id: int, subject: Subject) -> models.OrgNode:
    """The node a ranking is asked of: in a points-read scope, else NOT_FOUND as if missing."""
    require_user(ctx)
    node = await get_org_node(ctx, node_id)
    if node is None or not may_read_points_at(ctx.viewer, node.path):
        raise NotFound("org.no_node", field="nodeId")
    check_level(node, subject)
    return node


async def points_ranking(
    ctx: Context,
    node_id: int,
    period: ledger_rules.Period,
    day: date,
    subject: Subject,
    window: Window,
) -> Page[RankingRow]:
    node = await ranking_node(ctx, node_id, subject)
    order = ranking_order(subject)
    size, forward = window.size()
    if not forward:
        raise Invalid("points.ranking_forward", field="last")
    after = cursors.decode(order, window.after, "after") if window.after else None
    start, end = ledger_rules.bounds(period, day)
    rows = await ranked_rows(node.path, start, end, subject, limit=size + 1, after=after)
    further = len(rows) > size
    rows = rows[:size]
    await name_rows(rows, masked=False)
    return Page(
        rows=rows,
        cursors=[cursors.encode(order, (row.score, row.id)) for row in rows],
        has_next=further,
        has_previous=after is not None,
        total=counted(node.path, start, end, subject),
    )
