"""The monthly ranking of a community or a street is an index range, not a scan of the ledger.

On PostgreSQL the demo's ledger is copied forty times (205,000 entries, in statements short
enough for the statement timeout), every copy under a path no demo node has, and last month's
ranking statement of community1's community and of the first street is EXPLAINed: the
ranking index (node_path, at, migration 0014) serves it, never a sequential scan."""

from datetime import UTC, datetime, timedelta

import pytest

import models
from models.workflows import points as ledger_rules
from resolvers.points import rankings
from tests.helpers import node_named, postgres_only

pytestmark = [postgres_only, pytest.mark.slow]

COPIES = 10  # per statement, four statements: 5,000 demo entries -> 205,000
GROW = [
    *[
        f"""INSERT INTO point_entry (kind, resident_id, household_id, user_id, node_id, node_path,
        amount, rule_id, reason, source, source_id, case_id, recorded_by_id, at)
    SELECT kind, resident_id, household_id, user_id, node_id, '/9{batch}' || copy || node_path,
        amount, rule_id, reason, source, source_id, case_id, recorded_by_id, at
    FROM point_entry, generate_series(1, {COPIES}) AS copy
    WHERE reverses_id IS NULL AND node_path NOT LIKE '/9%'"""
        for batch in range(4)
    ],
    "VACUUM ANALYZE point_entry",
]


@pytest.mark.parametrize("level", [models.OrgLevel.COMMUNITY, models.OrgLevel.STREET])
@pytest.mark.parametrize("subject", list(models.RankingSubject))
async def test_a_monthly_ranking_reads_the_ranking_index(demo, level, subject):
    # given: a district-sized ledger
    db = models.PointEntry._meta.db
    for statement in GROW:
        await db.execute_script(statement)
    assert await models.PointEntry.all().count() > 200_000
    node = await node_named(level)
    this_month = ledger_rules.local_day(datetime.now(UTC)).replace(day=1)
    day = this_month - timedelta(days=1)  # last month: a whole month of entries
    start, end = ledger_rules.bounds(ledger_rules.Period.MONTH, day)
    # when
    sql = rankings.Sql("postgres")
    head = rankings.ranked_sql(sql, node.path, start, end, subject)
    rows = await db.execute_query_dict(
        f"EXPLAIN {head} SELECT id FROM ranked ORDER BY score DESC, id DESC LIMIT 51", sql.values
    )
    plan = "\n".join(row["QUERY PLAN"] for row in rows)
    # then
    assert "Seq Scan on point_entry" not in plan, plan
    assert "point_entry_path_at_idx" in plan, plan
