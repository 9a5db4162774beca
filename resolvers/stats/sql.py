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

    def bucket(self, column: str, granularity: Granularity) -> str:
        """The local period holding `column`, as text YYYY-MM-DD (its first day)."""
        if self.postgres:
            local = f"({column} AT TIME ZONE 'Asia/Shanghai')"
            if granularity is Granularity.DAY:
                return f"to_char({local}, 'YYYY-MM-DD')"
            unit = "week" if granularity is Granularity.WEEK else "month"
            return f"to_char(date_trunc('{unit}', {local}), 'YYYY-MM-DD')"
        modifier = {
            Granularity.DAY: "",
            Granularity.WEEK: ", 'weekday 0', '-6 days'",  # the Monday of its week
            Granularity.MONTH: ", 'start of month'",
        }[granularity]
        return f"date({column}, '{SHANGHAI_OFFSET}'{modifier})"

    def within_hours(self, later: str, earlier: str, hours: str) -> str:
        """`later` at most `hours` after `earlier`."""
        if self.postgres:
            return f"{later} <= {earlier} + ({hours}) * INTERVAL '1 hour'"
        return f"(julianday({later}) - julianday({earlier})) * 24 <= ({hours})"


def prefix(path: str) -> str:
    # Inlined as a constant so that PostgreSQL plans the LIKE as a range of the pattern index.
    assert path.replace(models.PATH_SEPARATOR, "").isdigit(), path
    return path


def _child(node_id: int, column: str) -> str:
    return f"LEFT JOIN org_node c ON c.parent_id = {int(node_id)} AND {column} LIKE c.path || '%'"


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


def cases_by_child(sql: Sql, node_id: int, path: str, start: datetime, end: datetime) -> str:
    """Per child, kind and status: cases submitted in the range (by their status now), cases
    resolved in it, of those within their deadline, and their ratings' sum and count."""
    created = f"x.created_at >= {sql(start)} AND x.created_at < {sql(end)}"
    resolved = (
        f"x.resolved_at >= {sql(start)} AND x.resolved_at < {sql(end)} "
        f"AND x.status IN ({_in(DONE)})"
    )
    on_time = sql.within_hours("x.resolved_at", "x.accepted_at", _resolve_hours())
    where_created = f"x.created_at >= {sql(start)} AND x.created_at < {sql(end)}"
    where_resolved = f"x.resolved_at >= {sql(start)} AND x.resolved_at < {sql(end)}"
    return (
        "SELECT c.id AS child, x.kind AS kind, x.status AS status, "
        f"SUM(CASE WHEN {created} THEN 1 ELSE 0 END) AS submitted, "
        f"SUM(CASE WHEN {resolved} THEN 1 ELSE 0 END) AS resolved, "
        f"SUM(CASE WHEN {resolved} AND {on_time} THEN 1 ELSE 0 END) AS on_time, "
        f"SUM(CASE WHEN {resolved} AND x.rating IS NOT NULL THEN x.rating ELSE 0 END) "
        "AS rating_sum, "
        f"SUM(CASE WHEN {resolved} AND x.rating IS NOT NULL THEN 1 ELSE 0 END) AS rated "
        f"FROM cases x {DEADLINES} {_child(node_id, 'x.node_path')} "
        f"WHERE x.node_path LIKE '{prefix(path)}%' AND (({where_created}) OR ({where_resolved})) "
        "GROUP BY c.id, x.kind, x.status"
    )


def cases_series(
    sql: Sql, path: str, start: datetime, end: datetime, granularity: Granularity
) -> str:
    """Per period and kind: cases submitted, resolved, and resolved within their deadline."""
    like = f"x.node_path LIKE '{prefix(path)}%'"
    on_time = sql.within_hours("x.resolved_at", "x.accepted_at", _resolve_hours())
    submitted = (
        f"SELECT {sql.bucket('x.created_at', granularity)} AS bucket, x.kind AS kind, "
        "1 AS submitted, 0 AS resolved, 0 AS on_time FROM cases x "
        f"WHERE {like} AND x.created_at >= {sql(start)} AND x.created_at < {sql(end)}"
    )
    resolved = (
        f"SELECT {sql.bucket('x.resolved_at', granularity)} AS bucket, x.kind AS kind, "
        f"0 AS submitted, 1 AS resolved, CASE WHEN {on_time} THEN 1 ELSE 0 END AS on_time "
        f"FROM cases x {DEADLINES} WHERE {like} AND x.resolved_at >= {sql(start)} "
        f"AND x.resolved_at < {sql(end)} AND x.status IN ({_in(DONE)})"
    )
    return (
        "SELECT bucket, kind, SUM(submitted) AS submitted, SUM(resolved) AS resolved, "
        f"SUM(on_time) AS on_time FROM ({submitted} UNION ALL {resolved}) t "
        "GROUP BY bucket, kind"
    )


def points_figures(
    sql: Sql, node_id: int, path: str, start: datetime, end: datetime, granularity: Granularity
) -> str:
    """Points issued (earned by activities, cases and by hand, less their corrections) and
    redeemed (less cancellations), per child (`part` 'c') and per period (`part` 's'). A
    correction counts as what it reverses."""
    like = f"e.node_path LIKE '{prefix(path)}%'"
    plain = (
        f"SELECT e.node_path AS path, e.at AS at, e.source AS what, e.amount AS amount "
        f"FROM point_entry e WHERE {like} AND e.at >= {sql(start)} AND e.at < {sql(end)} "
        "AND e.source <> 'CORRECTION'"
    )
    corrections = (
        f"SELECT e.node_path AS path, e.at AS at, r.source AS what, e.amount AS amount "
        "FROM point_entry e JOIN point_entry r ON r.id = e.reverses_id "
        f"WHERE {like} AND e.at >= {sql(start)} AND e.at < {sql(end)} "
        "AND e.source = 'CORRECTION'"
    )
    issued = f"SUM(CASE WHEN p.what IN ({_in(ISSUED)}) THEN p.amount ELSE 0 END)"
    redeemed = f"SUM(CASE WHEN p.what = '{REDEEMED}' THEN -p.amount ELSE 0 END)"
    entries = f"({plain} UNION ALL {corrections})"
    bucket = sql.bucket("p.at", granularity)
    return (
        f"SELECT 'c' AS part, {_key('c.id')} AS k, {issued} AS issued, {redeemed} AS redeemed "
        f"FROM {entries} p {_child(node_id, 'p.path')} GROUP BY c.id "
        f"UNION ALL SELECT 's', {bucket}, {issued}, {redeemed} "
        f"FROM {entries} p GROUP BY {bucket}"
    )


def _key(column: str) -> str:
    return f"CAST({column} AS VARCHAR(20))"


def volunteer_figures(
    sql: Sql, node_id: int, path: str, start: datetime, end: datetime, granularity: Granularity
) -> str:
    """Active volunteers (residents who served at an activity, checked out in the range) and
    the minutes they served, per child ('c'), for the whole subtree ('t': a person serving in
    two children counts once) and per period ('s')."""
    served = (
        "SELECT s.node_path AS path, s.checked_out_at AS at, s.resident_id AS who, "
        "s.minutes AS minutes FROM activity_sign_up s "
        f"WHERE s.node_path LIKE '{prefix(path)}%' AND s.checked_out_at >= {sql(start)} "
        f"AND s.checked_out_at < {sql(end)} AND s.minutes IS NOT NULL"
    )
    figures = "COUNT(DISTINCT v.who) AS volunteers, SUM(v.minutes) AS minutes"
    bucket = sql.bucket("v.at", granularity)
    return (
        f"SELECT 'c' AS part, {_key('c.id')} AS k, {figures} FROM ({served}) v "
        f"{_child(node_id, 'v.path')} GROUP BY c.id "
        f"UNION ALL SELECT 't', NULL, {figures} FROM ({served}) v "
        f"UNION ALL SELECT 's', {bucket}, {figures} FROM ({served}) v GROUP BY {bucket}"
    )


def people_figures(sql: Sql, node_id: int, path: str) -> str:
    """Now (not in the range: no history is kept of them): active households ('h') and active
    residents of active households ('r') with how many are party members and elders living
    alone, per child."""
    like = f"h.building_path LIKE '{prefix(path)}%'"
    households = (
        f"SELECT 'h' AS part, c.id AS child, COUNT(*) AS n, 0 AS party, 0 AS elders "
        f"FROM household h {_child(node_id, 'h.building_path')} "
        f"WHERE {like} AND h.active = {sql(True)} GROUP BY c.id"
    )
    residents = (
        "SELECT 'r', c.id, COUNT(*), "
        "SUM(CASE WHEN pm.id IS NOT NULL THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN t.id IS NOT NULL THEN 1 ELSE 0 END) "
        "FROM resident r JOIN household h ON h.id = r.household_id "
        "LEFT JOIN party_member pm ON pm.resident_id = r.id "
        f"LEFT JOIN resident_tag t ON t.resident_id = r.id AND t.tag = '{ELDER}' "
        f"{_child(node_id, 'h.building_path')} "
        f"WHERE {like} AND h.active = {sql(True)} AND r.active = {sql(True)} GROUP BY c.id"
    )
    return f"{households} UNION ALL {residents}"


async def run(statement: str, values: list[Any]) -> list[Dict]:
    db = models.Case._meta.db
    return list(await db.execute_query_dict(statement, values))


def dialect() -> str:
    return str(models.Case._meta.db.capabilities.dialect)
