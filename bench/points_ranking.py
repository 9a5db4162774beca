"""The monthly points ranking (一月一评比) of one community and one street, on a seeded
database (LOUDONG_BENCH_DATABASE_URL, e.g. the `district` preset on PostgreSQL).

Measures the statement `pointsRanking` runs (resolvers/points/rankings.py `ranked_rows`, its
first page of 50 and the count of the whole ranking), 30 runs after a warm-up, for residents,
households and buildings; then the whole `pointsRanking` query through the ASGI app as `admin`;
and prints PostgreSQL's plan of the residents ranking of the street.

    LOUDONG_BENCH_DATABASE_URL=postgres://... python -m bench.points_ranking
"""

import asyncio
import os
import statistics
import sys
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from tortoise import Tortoise

import models
from app import db
from bench.api import bench_settings, served, sign_in, timings_ms
from models.workflows import points as ledger_rules
from resolvers.ids import encode_global_id
from resolvers.points import rankings

RUNS = 30
RANKING = """
query($n: ID!, $d: Date!, $s: RankingSubject!) {
  pointsRanking(nodeId: $n, day: $d, subject: $s, first: 50) {
    totalCount edges { node { rank name points pointsPerHousehold } } } }
"""


async def median_ms(work: Callable[[], Awaitable[object]]) -> float:
    return statistics.median(await timings_ms(work, RUNS))


async def busiest_month() -> date:
    """The last whole month before the newest entry."""
    newest = await models.PointEntry.all().order_by("-at").first()
    assert newest is not None, "seed the database first"
    day = ledger_rules.local_day(newest.at).replace(day=1)
    return (day.replace(year=day.year - 1, month=12) if day.month == 1 else day.replace(
        month=day.month - 1))  # fmt: skip


async def run(url: str) -> tuple[date, int, int]:
    await Tortoise.init(config=db.tortoise_config(url))
    day = await busiest_month()
    start, end = ledger_rules.bounds(ledger_rules.Period.MONTH, day)
    community = await models.OrgNode.filter(level=models.OrgLevel.COMMUNITY).order_by("id").first()
    street = await models.OrgNode.filter(level=models.OrgLevel.STREET).order_by("id").first()
    assert community is not None
    assert street is not None
    total = await models.PointEntry.all().count()
    print(f"{total:,} ledger entries; month {day:%Y-%m}")
    for label, node in (("community", community), ("street", street)):
        entries = await models.PointEntry.filter(
            models.in_subtree(node.path, "node_path"), at__gte=start, at__lt=end
        ).count()
        for subject in models.RankingSubject:

            def first_page(
                path: str = node.path, subject: models.RankingSubject = subject
            ) -> Awaitable[list[rankings.RankingRow]]:
                return rankings.ranked_rows(path, start, end, subject, limit=51)

            page = await median_ms(first_page)
            count = await median_ms(rankings.counted(node.path, start, end, subject))
            print(
                f"{label} ({entries:,} entries that month) {subject.value}: "
                f"page of 50 {page:.1f} ms, count {count:.1f} ms (median of {RUNS})"
            )
    if Tortoise.get_connection("default").capabilities.dialect == "postgres":
        sql = rankings.Sql("postgres")
        head = rankings.ranked_sql(sql, street.path, start, end, models.RankingSubject.RESIDENTS)
        statement = (
            f"{head} SELECT id, points, score, rank FROM ranked "
            "ORDER BY score DESC, id DESC LIMIT 51"
        )
        rows = await Tortoise.get_connection("default").execute_query_dict(
            f"EXPLAIN (ANALYZE, BUFFERS) {statement}", sql.values
        )
        print("\n".join(row["QUERY PLAN"] for row in rows))
    await Tortoise.close_connections()
    return day, community.id, street.id


async def through_the_api(url: str, day: date, community_id: int, street_id: int) -> None:
    async with served(bench_settings(url)) as client:
        headers = await sign_in(client)
        for label, node_id in (("community", community_id), ("street", street_id)):
            body = {"query": RANKING, "variables": {
                "n": encode_global_id("OrgNode", node_id), "d": day.isoformat(),
                "s": "RESIDENTS"}}  # fmt: skip

            async def post(body: dict[str, Any] = body) -> None:
                response = await client.post("/graphql", json=body, headers=headers)
                assert "errors" not in response.json(), response.text

            ms = await median_ms(post)
            print(f"pointsRanking(first: 50) with totalCount, {label}, as admin: {ms:.1f} ms")


def main() -> None:
    url = os.environ.get("LOUDONG_BENCH_DATABASE_URL")
    if not url:
        sys.exit("set LOUDONG_BENCH_DATABASE_URL to a seeded database")
    day, community_id, street_id = asyncio.run(run(url))
    asyncio.run(through_the_api(url, day, community_id, street_id))


if __name__ == "__main__":
    main()
