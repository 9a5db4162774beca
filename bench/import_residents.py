"""Time to import 10,000 residents from CSV, and to import the same file again.

On SQLite by default, or on LOUDONG_BENCH_DATABASE_URL (emptied first), through the GraphQL
multipart endpoint as `grid1` of the demo data.
"""

import asyncio
import csv
import io
import json
import os
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager
from tortoise import Tortoise

import models
from app import db
from app.main import create_app
from app.seed import DEMO_PASSWORD, seed
from app.seed_people import make_id_number
from app.settings import Settings
from bench.api import LOGIN
from bench.list_queries import empty_database
from resolvers.ids import encode_global_id

ROWS = 10_000
IMPORT = """mutation($node: ID!, $file: Upload!) { importResidents(nodeId: $node, file: $file) {
  report { created updated unchanged rowErrors { row } } errors { message } } }"""


def table(buildings: list[models.OrgNode]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["building", "household", "name", "gender", "birth_date", "phone", "id_number"])
    for n in range(ROWS):
        born = date(1940, 1, 1) + timedelta(days=(n * 7) % 25_000)
        building = buildings[n % len(buildings)].name
        household = f"{n // 3 % 40 + 1}-{n // 120 + 1}"
        id_number = make_id_number(born, 400, True)
        writer.writerow([building, household, f"居民{n}", "男", born, f"139{n:08d}", id_number])
    return out.getvalue().encode()


async def run(url: str) -> None:
    settings = Settings(env="bench", database_url=url, secret="bench-" * 8, graphiql=False,
                        password_profile="CHEAPEST")  # fmt: skip
    await empty_database(url)
    await db.migrate(settings)
    await Tortoise.init(config=db.tortoise_config(url))
    await seed("demo", password_profile="CHEAPEST")
    grid = await models.OrgNode.filter(level=models.OrgLevel.GRID).order_by("id").first()
    assert grid is not None
    content = table(await models.OrgNode.filter(parent_id=grid.id).order_by("id"))
    await Tortoise.close_connections()
    async with LifespanManager(create_app(settings)) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://b", timeout=600) as c:
            login = await c.post("/graphql", json={
                "query": LOGIN, "variables": {"u": "grid1", "p": DEMO_PASSWORD}})  # fmt: skip
            headers = {"Authorization": f"Bearer {login.json()['data']['login']['token']}"}
            node = encode_global_id("OrgNode", grid.id)
            for label in ("first import", "same file again"):
                operations = json.dumps(
                    {"query": IMPORT, "variables": {"node": node, "file": None}}
                )
                start = time.perf_counter()
                response = await c.post(
                    "/graphql",
                    data={"operations": operations, "map": json.dumps({"0": ["variables.file"]})},
                    files={"0": ("people.csv", content, "text/csv")},
                    headers=headers,
                )
                elapsed = time.perf_counter() - start
                report = response.json()["data"]["importResidents"]["report"]
                print(f"{url.split(':')[0]}: {label}: {ROWS} rows in {elapsed:.2f} s -> {report}")


def main() -> None:
    url = os.environ.get("LOUDONG_BENCH_DATABASE_URL")
    if url:
        asyncio.run(run(url))
        return
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(run(f"sqlite://{Path(folder) / 'bench.sqlite3'}"))


if __name__ == "__main__":
    main()
