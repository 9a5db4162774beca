"""`stats` (统计) of one street and one community on a seeded database
(LOUDONG_BENCH_DATABASE_URL, e.g. the `district` preset on PostgreSQL).

Measures each statement `stats` sends (resolvers/stats/sql.py) on its own, then the whole
query through the ASGI app as `admin` (token check, grants, the node and its children
included): the last twelve whole months by MONTH, and the last 90 days by DAY. Median of RUNS
after a warm-up; prints PostgreSQL's plan of the slowest statement for the street.

    LOUDONG_BENCH_DATABASE_URL=postgres://... python -m bench.stats
"""

import asyncio
import os
import statistics
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tortoise import Tortoise

import models
from app import db
from bench.api import bench_settings, served, sign_in, timings_ms
from models.workflows import stats as rules
from models.workflows.points import local_day
from resolvers.ids import encode_global_id
from resolvers.stats import sql as statements

RUNS = 15
STATS = """
query($n: ID!, $from: Date!, $to: Date!, $g: StatsGranularity) {
  stats(nodeId: $n, from: $from, to: $to, granularity: $g) {
    total { casesSubmitted casesResolved resolvedWithinDeadline averageRating hazardsFound
      hazardsFixed disputesMediated activeVolunteers volunteerHours pointsIssued pointsRedeemed
      residents households partyMembers eldersLivingAlone
      casesByKindAndStatus { kind status count } }
    children { node { name } casesSubmitted casesResolved resolvedWithinDeadline averageRating
      hazardsFound hazardsFixed disputesMediated activeVolunteers volunteerHours pointsIssued
      pointsRedeemed residents households partyMembers eldersLivingAlone }
    series { start end casesSubmitted casesResolved pointsIssued activeVolunteers } } }
"""


async def median_ms(work: Callable[[], Awaitable[object]]) -> tuple[float, float, float]:
    times = await timings_ms(work, RUNS)
    return statistics.median(times), min(times), max(times)


def ranges() -> list[tuple[str, date, date, rules.Granularity]]:
    today = local_day(datetime.now(UTC))
    month_start = today.replace(day=1)
    year_ago = month_start.replace(year=month_start.year - 1)
    return [
        ("12 months by MONTH", year_ago, month_start - timedelta(days=1), rules.Granularity.MONTH),
        ("90 days by DAY", today - timedelta(days=89), today, rules.Granularity.DAY),
    ]


def each_statement(
    node: models.OrgNode, start: date, end: date, granularity: rules.Granularity
) -> dict[str, Callable[[statements.Sql], str]]:
    first, after = rules.instants(start, end)
    n, p, g = node.id, node.path, granularity
    return {
        "cases by child": lambda s: statements.cases_by_child(s, n, p, first, after),
        "cases series": lambda s: statements.cases_series(s, p, first, after, g),
        "points": lambda s: statements.points_figures(s, n, p, first, after, g),
        "volunteers": lambda s: statements.volunteer_figures(s, n, p, first, after, g),
        "people": lambda s: statements.people_figures(s, n, p),
        "alerts": lambda s: statements.alert_figures(s, n, p),
    }


async def run(url: str) -> tuple[int, int]:
    await Tortoise.init(config=db.tortoise_config(url))
    community = await models.OrgNode.filter(level=models.OrgLevel.COMMUNITY).order_by("id").first()
    street = await models.OrgNode.filter(level=models.OrgLevel.STREET).order_by("id").first()
    assert community is not None
    assert street is not None
    dialect = statements.dialect()
    for label, node in (("street", street), ("community", community)):
        cases = await models.Case.filter(models.in_subtree(node.path, "node_path")).count()
        entries = await models.PointEntry.filter(models.in_subtree(node.path, "node_path")).count()
        print(f"{label} {node.name}: {cases:,} cases, {entries:,} ledger entries in all")
        for what, start, end, granularity in ranges():
            slowest: tuple[float, str, list[Any]] = (0.0, "", [])
            for name, make in each_statement(node, start, end, granularity).items():
                sql = statements.Sql(dialect)
                text = make(sql)

                async def once(text: str = text, values: list[Any] = sql.values) -> None:
                    await statements.run(text, values)

                median, low, high = await median_ms(once)
                print(f"  {what}, {name}: {median:.1f} ms (min {low:.1f}, max {high:.1f})")
                if median > slowest[0]:
                    slowest = (median, text, sql.values)
            if dialect == "postgres" and label == "street":
                rows = await statements.run(f"EXPLAIN (ANALYZE, BUFFERS) {slowest[1]}", slowest[2])
                print("\n".join(row["QUERY PLAN"] for row in rows))
    await Tortoise.close_connections()
    return community.id, street.id


async def through_the_api(url: str, community_id: int, street_id: int) -> None:
    async with served(bench_settings(url)) as client:
        headers = await sign_in(client)
        for label, node_id in (("street", street_id), ("community", community_id)):
            for what, start, end, granularity in ranges():
                body = {"query": STATS, "variables": {
                    "n": encode_global_id("OrgNode", node_id), "from": start.isoformat(),
                    "to": end.isoformat(), "g": granularity.value}}  # fmt: skip

                async def post(body: dict[str, Any] = body) -> None:
                    response = await client.post("/graphql", json=body, headers=headers)
                    assert "errors" not in response.json(), response.text

                median, low, high = await median_ms(post)
                print(
                    f"stats of the {label}, {what}, as admin: {median:.1f} ms "
                    f"(min {low:.1f}, max {high:.1f}, median of {RUNS})"
                )


def main() -> None:
    url = os.environ.get("LOUDONG_BENCH_DATABASE_URL")
    if not url:
        sys.exit("set LOUDONG_BENCH_DATABASE_URL to a seeded database")
    community_id, street_id = asyncio.run(run(url))
    asyncio.run(through_the_api(url, community_id, street_id))


if __name__ == "__main__":
    main()
