"""The statements behind `stats`: one per family of figures, whatever the number of children
or periods (GROUP BY the child a row's copied path lies under, and the local period of its
moment).

Each statement reads the subtree as one range of a path index (`node_path LIKE '/1/5/%'`,
the prefix inlined: paths are digits and separators only, models/org.py), joins each row to
the child of the node whose path prefixes its own (`LEFT JOIN org_node c ON c.parent_id = N
AND path LIKE c.path || '%'`: a row at the node itself has no child, `child` NULL), and
groups by that child. Periods are local (Asia/Shanghai): PostgreSQL converts with `AT TIME
ZONE`, SQLite adds the zone's offset (+8 hours: no daylight saving there since 1991) to the
stored UTC text. Every period key comes back as text `YYYY-MM-DD`.
"""

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

import models
from models.workflows.alerts import OPEN as ALERT_OPEN
from models.workflows.cases import TRANSITIONS, Step
from models.workflows.points import CORRECTABLE
from models.workflows.stats import Granularity
from resolvers.cases.rules import CRITICAL_HAZARD_HOURS, DEFAULT_HOURS

Dict = dict[str, Any]
# A case counts as resolved (a hazard fixed, a dispute mediated) once it reached RESOLVED and
# was not sent back since: RESOLVED, RATED or VERIFIED, by its `resolved_at`.
DONE = sorted(
    {TRANSITIONS[Step.RESOLVE][1], TRANSITIONS[Step.RATE][1], TRANSITIONS[Step.VERIFY][1]}
)
ISSUED = sorted(CORRECTABLE)  # points earned (and corrections of them, by what they reverse)
REDEEMED = models.PointSource.REDEMPTION.value
ELDER = models.ResidentTag.ELDER_LIVING_ALONE.value
SHANGHAI_OFFSET = "+8 hours"


class Sql:
    """Numbered placeholders, $1 for asyncpg and ?1 for SQLite: a statement may use one
    value at several places (a range in two branches of a UNION)."""

    def __init__(self, dialect: str) -> None:
        self.postgres = dialect == "postgres"
        self.values: list[Any] = []

    def __call__(self, value: Any) -> str:
        self.values.append(value)
        return f"${len(self.values)}" if self.postgres else f"?{len(self.values)}"

    def local_day(self, column: str) -> str:
        """The local day holding the moment `column` (computed per row: keep it cheap)."""
        if self.postgres:
            return f"date_trunc('day', {column} AT TIME ZONE 'Asia/Shanghai')"
        return f"date({column}, '{SHANGHAI_OFFSET}')"

    def period(self, day: str, granularity: Granularity) -> str:
        """The period holding the local day `day` (a `local_day`), as text YYYY-MM-DD: its
        first day. Applied to rows grouped by day already, so it runs once per day."""
        if self.postgres:
            unit = granularity.value.lower()
            return f"to_char(date_trunc('{unit}', {day}), 'YYYY-MM-DD')"
        modifier = {
            Granularity.DAY: "",
            Granularity.WEEK: ", 'weekday 0', '-6 days'",  # the Monday of its week
            Granularity.MONTH: ", 'start of month'",
        }[granularity]
        return f"date({day}{modifier})"

    def within_hours(self, later: str, earlier: str, hours: str) -> str:
        """`later` at most `hours` after `earlier`."""
        if self.postgres:
            return f"{later} <= {earlier} + ({hours}) * INTERVAL '1 hour'"
        return f"(julianday({later}) - julianday({earlier})) * 24 <= ({hours})"


def prefix(path: str) -> str:
    # Inlined as a constant so that PostgreSQL plans the LIKE as a range of the pattern index.
    assert path.replace(models.PATH_SEPARATOR, "").isdigit(), path
    return path


def _by_child(node_id: int, grouped: str, figures: str, keys: str = "") -> str:
    """`grouped` (rows with a `path` column, already summed per path: a few hundred at most)
    summed again per child of the node whose path prefixes theirs; `child` NULL for rows at
    the node itself. Grouping by path first keeps the prefix join off the raw rows."""
    also = f", {keys}" if keys else ""
    return (
        f"SELECT c.id AS child{also}, {figures} FROM ({grouped}) g "
        f"LEFT JOIN org_node c ON c.parent_id = {int(node_id)} AND g.path LIKE c.path || '%' "
        f"GROUP BY c.id{also}"
    )


def _by_period(sql: Sql, grouped: str, figures: str, granularity: Granularity) -> str:
    """`grouped` (rows with a `day` column, already summed per local day) summed per period."""
    period = sql.period("g.day", granularity)
    return f"SELECT {period} AS k, {figures} FROM ({grouped}) g GROUP BY {period}"


def _in(values: Sequence[StrEnum]) -> str:
    return ", ".join(f"'{value.value}'" for value in values)


def _resolve_hours() -> str:
    """The resolution deadline the community's rules give the case now (resolvers/cases/rules.py
    `deadline_hours`): its category's rule, else its kind's, else the default."""
    critical = f"x.kind = '{models.CaseKind.HAZARD.value}' AND x.severity = 'CRITICAL'"
    default = f"CASE WHEN {critical} THEN {CRITICAL_HAZARD_HOURS[1]} ELSE {DEFAULT_HOURS[1]} END"
    return f"COALESCE(dc.resolve_hours, dk.resolve_hours, {default})"


DEADLINES = (
    "LEFT JOIN case_deadline dc ON dc.community_id = x.community_id AND dc.kind = x.kind "
    "AND dc.category = x.category "
    "LEFT JOIN case_deadline dk ON dk.community_id = x.community_id AND dk.kind = x.kind "
    "AND dk.category = ''"
)
CASE_SUMS = (
    "SUM(g.submitted) AS submitted, SUM(g.resolved) AS resolved, SUM(g.on_time) AS on_time, "
    "SUM(g.rating_sum) AS rating_sum, SUM(g.rated) AS rated"
)


def cases_by_child(sql: Sql, node_id: int, path: str, start: datetime, end: datetime) -> str:
    """Per child, kind and status: cases submitted in the range (by their status now), cases
    resolved in it, of those within their deadline, and their ratings' sum and count."""
    created = f"x.created_at >= {sql(start)} AND x.created_at < {sql(end)}"
    resolved_in = f"x.resolved_at >= {sql(start)} AND x.resolved_at < {sql(end)}"
    resolved = f"{resolved_in} AND x.status IN ({_in(DONE)})"
    on_time = sql.within_hours("x.resolved_at", "x.accepted_at", _resolve_hours())
    grouped = (
        "SELECT x.node_path AS path, x.kind AS kind, x.status AS status, "
        f"SUM(CASE WHEN {created} THEN 1 ELSE 0 END) AS submitted, "
        f"SUM(CASE WHEN {resolved} THEN 1 ELSE 0 END) AS resolved, "
        f"SUM(CASE WHEN {resolved} AND {on_time} THEN 1 ELSE 0 END) AS on_time, "
        f"SUM(CASE WHEN {resolved} AND x.rating IS NOT NULL THEN x.rating ELSE 0 END) "
        "AS rating_sum, "
        f"SUM(CASE WHEN {resolved} AND x.rating IS NOT NULL THEN 1 ELSE 0 END) AS rated "
        f"FROM cases x {DEADLINES} "
        f"WHERE x.node_path LIKE '{prefix(path)}%' AND (({created}) OR ({resolved_in})) "
        "GROUP BY x.node_path, x.kind, x.status"
    )
    return _by_child(node_id, grouped, CASE_SUMS, "g.kind, g.status")


def cases_series(
    sql: Sql, path: str, start: datetime, end: datetime, granularity: Granularity
) -> str:
    """Per period and kind: cases submitted, resolved, and resolved within their deadline."""
    like = f"x.node_path LIKE '{prefix(path)}%'"
    on_time = sql.within_hours("x.resolved_at", "x.accepted_at", _resolve_hours())
    submitted = (
        f"SELECT {sql.local_day('x.created_at')} AS day, x.kind AS kind, "
        "1 AS submitted, 0 AS resolved, 0 AS on_time FROM cases x "
        f"WHERE {like} AND x.created_at >= {sql(start)} AND x.created_at < {sql(end)}"
    )
    resolved = (
        f"SELECT {sql.local_day('x.resolved_at')} AS day, x.kind AS kind, "
        f"0 AS submitted, 1 AS resolved, CASE WHEN {on_time} THEN 1 ELSE 0 END AS on_time "
        f"FROM cases x {DEADLINES} WHERE {like} AND x.resolved_at >= {sql(start)} "
        f"AND x.resolved_at < {sql(end)} AND x.status IN ({_in(DONE)})"
    )
    period = sql.period("t.day", granularity)
    return (
        f"SELECT {period} AS bucket, kind, SUM(submitted) AS submitted, "
        f"SUM(resolved) AS resolved, SUM(on_time) AS on_time "
        f"FROM ({submitted} UNION ALL {resolved}) t GROUP BY {period}, kind"
    )


def points_figures(
    sql: Sql, node_id: int, path: str, start: datetime, end: datetime, granularity: Granularity
) -> str:
    """Points issued (earned by activities, cases and by hand, less their corrections) and
    redeemed (less cancellations), per child (`part` 'c') and per period (`part` 's'). A
    correction counts as what it reverses. The subtree's entries of the range are read once
    (the CTE), each branch sums them per path or per local day before anything else."""
    like = f"e.node_path LIKE '{prefix(path)}%'"
    day = sql.local_day("e.at")
    in_range = f"e.at >= {sql(start)} AND e.at < {sql(end)}"
    plain = (
        f"SELECT e.node_path AS path, {day} AS day, e.source AS what, e.amount AS amount "
        f"FROM point_entry e WHERE {like} AND {in_range} AND e.source <> 'CORRECTION'"
    )
    corrections = (
        f"SELECT e.node_path AS path, {day} AS day, r.source AS what, e.amount AS amount "
        "FROM point_entry e JOIN point_entry r ON r.id = e.reverses_id "
        f"WHERE {like} AND {in_range} AND e.source = 'CORRECTION'"
    )
    issued = f"SUM(CASE WHEN p.what IN ({_in(ISSUED)}) THEN p.amount ELSE 0 END) AS issued"
    redeemed = f"SUM(CASE WHEN p.what = '{REDEEMED}' THEN -p.amount ELSE 0 END) AS redeemed"
    sums = "SUM(g.issued) AS issued, SUM(g.redeemed) AS redeemed"
    per_path = f"SELECT p.path AS path, {issued}, {redeemed} FROM p GROUP BY p.path"
    per_day = f"SELECT p.day AS day, {issued}, {redeemed} FROM p GROUP BY p.day"
    children = _by_child(node_id, per_path, sums)
    periods = _by_period(sql, per_day, sums, granularity)
    return (
        f"WITH p AS ({plain} UNION ALL {corrections}) "
        f"SELECT 'c' AS part, {_key('child')} AS k, issued, redeemed FROM ({children}) a "
        f"UNION ALL SELECT 's', k, issued, redeemed FROM ({periods}) b"
    )


def _key(column: str) -> str:
    return f"CAST({column} AS VARCHAR(20))"


def volunteer_figures(
    sql: Sql, node_id: int, path: str, start: datetime, end: datetime, granularity: Granularity
) -> str:
    """Active volunteers (residents who served at an activity, checked out in the range) and
    the minutes they served, per child ('c'), for the whole subtree ('t': a person serving in
    two children counts once) and per period ('s'). Distinct people do not add up, so each
    branch counts them itself."""
    served = (
        f"SELECT s.node_path AS path, {sql.local_day('s.checked_out_at')} AS day, "
        "s.resident_id AS who, s.minutes AS minutes FROM activity_sign_up s "
        f"WHERE s.node_path LIKE '{prefix(path)}%' AND s.checked_out_at >= {sql(start)} "
        f"AND s.checked_out_at < {sql(end)} AND s.minutes IS NOT NULL"
    )
    figures = "COUNT(DISTINCT v.who) AS volunteers, SUM(v.minutes) AS minutes"
    period = sql.period("v.day", granularity)
    return (
        f"WITH v AS ({served}) "
        f"SELECT 'c' AS part, {_key('c.id')} AS k, {figures} FROM v "
        f"LEFT JOIN org_node c ON c.parent_id = {int(node_id)} AND v.path LIKE c.path || '%' "
        "GROUP BY c.id "
        f"UNION ALL SELECT 't', NULL, {figures} FROM v "
        f"UNION ALL SELECT 's', {period}, {figures} FROM v GROUP BY {period}"
    )


def people_figures(sql: Sql, node_id: int, path: str) -> str:
    """Now (not in the range: no history is kept of them): active households ('h') and active
    residents of active households ('r') with how many are party members and elders living
    alone, per child."""
    like = f"h.building_path LIKE '{prefix(path)}%'"
    households = (
        "SELECT h.building_path AS path, COUNT(*) AS n, 0 AS party, 0 AS elders "
        f"FROM household h WHERE {like} AND h.active = {sql(True)} GROUP BY h.building_path"
    )
    residents = (
        "SELECT h.building_path AS path, COUNT(*) AS n, "
        "SUM(CASE WHEN pm.id IS NOT NULL THEN 1 ELSE 0 END) AS party, "
        "SUM(CASE WHEN t.id IS NOT NULL THEN 1 ELSE 0 END) AS elders "
        "FROM resident r JOIN household h ON h.id = r.household_id "
        "LEFT JOIN party_member pm ON pm.resident_id = r.id "
        f"LEFT JOIN resident_tag t ON t.resident_id = r.id AND t.tag = '{ELDER}' "
        f"WHERE {like} AND h.active = {sql(True)} AND r.active = {sql(True)} "
        "GROUP BY h.building_path"
    )
    sums = "SUM(g.n) AS n, SUM(g.party) AS party, SUM(g.elders) AS elders"
    return (
        f"SELECT 'h' AS part, a.* FROM ({_by_child(node_id, households, sums)}) a "
        f"UNION ALL SELECT 'r', b.* FROM ({_by_child(node_id, residents, sums)}) b"
    )


def alert_figures(sql: Sql, node_id: int, path: str) -> str:
    """Now: open alerts (告警: raised, acknowledged or escalated, not closed), and how many of
    them were escalated to the community, per child."""
    grouped = (
        "SELECT a.node_path AS path, COUNT(*) AS open, "
        "SUM(CASE WHEN a.escalated_at IS NOT NULL THEN 1 ELSE 0 END) AS escalated "
        f"FROM alert a WHERE a.node_path LIKE '{prefix(path)}%' "
        f"AND a.status IN ({_in(sorted(ALERT_OPEN))}) GROUP BY a.node_path"
    )
    sums = "SUM(g.open) AS open, SUM(g.escalated) AS escalated"
    return _by_child(node_id, grouped, sums)


async def run(statement: str, values: list[Any]) -> list[Dict]:
    db = models.Case._meta.db
    return list(await db.execute_query_dict(statement, values))


def dialect() -> str:
    return str(models.Case._meta.db.capabilities.dialect)
