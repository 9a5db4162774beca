"""SQL statements and median time of the main list queries, through the ASGI app.

Seeds a fresh SQLite (or LOUDONG_BENCH_DATABASE_URL, emptied first) database with a preset,
then runs each query as `admin` and as `community1`.
"""

import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tortoise import Tortoise

from app import db
from app.seed import seed
from app.settings import Settings
from bench.api import bench_settings, served, sign_in

QUERIES = {
    "orgNodes(first: 100) with parent, ancestors, children": """
query Tree($first: Int) {
  orgNodes(first: $first) {
    totalCount
    edges { node { id name level parent { id name } ancestors { id name level }
                   children(first: 20) { totalCount edges { node { id name } } } } }
  }
}
""",
    "residents(first: 100) with household, building, party profile": """
query People($first: Int) {
  residents(first: $first) {
    totalCount
    edges { node { id name phone idNumber tags
                   household { number building { name } centralHousehold { name } }
                   partyMember { kind reportsTo { name } } } }
  }
}
""",
    "cases(first: 50) with node, ancestors, assignee, events": """
query Console($first: Int) {
  cases(first: $first) {
    totalCount
    edges { node { id title status overdue dueAt
                   node { id name ancestors { id name } }
                   assignee { id displayName }
                   events { fromStatus toStatus createdAt } } }
  }
}
""",
}


async def empty_database(url: str) -> None:
    if url.startswith("postgres"):
        await Tortoise.init(config=db.tortoise_config(url))
        await Tortoise.get_connection("default").execute_script(
            "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"
        )
        await Tortoise.close_connections()


class Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE")):
            self.count += 1


async def run(preset: str, url: str) -> None:
    settings = bench_settings(url)
    await empty_database(url)
    await db.migrate(settings)
    await Tortoise.init(config=db.tortoise_config(url))
    await seed(preset, password_profile="CHEAPEST")
    await Tortoise.close_connections()
    settings = Settings(**{**settings.__dict__, "password_profile": "CHEAPEST"})
    counter = Counter()
    logger = logging.getLogger("tortoise.db_client")
    async with served(settings) as client:
        for username in ("admin", "community1"):
            headers = await sign_in(client, username)
            for label, query in QUERIES.items():
                first = 50 if label.startswith("cases") else 100
                body = {"query": query, "variables": {"first": first}}
                logger.setLevel(logging.DEBUG)
                logger.addHandler(counter)
                counter.count = 0
                await client.post("/graphql", json=body, headers=headers)
                statements = counter.count
                logger.removeHandler(counter)
                logger.setLevel(logging.WARNING)
                times = []
                for _ in range(30):
                    start = time.perf_counter()
                    response = await client.post("/graphql", json=body, headers=headers)
                    times.append(time.perf_counter() - start)
                assert "errors" not in response.json(), response.text
                print(
                    f"{preset} as {username}: {label}: {statements} SQL statements, "
                    f"median {statistics.median(times) * 1e3:.1f} ms over 30 runs"
                )


def main() -> None:
    preset = sys.argv[1] if len(sys.argv) > 1 else "demo"
    url = os.environ.get("LOUDONG_BENCH_DATABASE_URL")
    if url:
        asyncio.run(run(preset, url))
        return
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(run(preset, f"sqlite://{Path(folder) / 'bench.sqlite3'}"))


if __name__ == "__main__":
    main()
