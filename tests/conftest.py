"""Fixtures: a migrated database per session (SQLite, or PostgreSQL with TEST_DATABASE_URL),
emptied before each test, and the app served through ASGI with its lifespan."""

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from starlette.types import ASGIApp
from tortoise import Tortoise

from app import db
from app.main import create_app
from app.seed import seed
from app.settings import Settings
from tests.helpers import Api, QueryCounter

BACKEND = os.environ.get("LOUDONG_TEST_BACKEND", "sqlite")


async def _drop_everything(url: str) -> None:
    await Tortoise.init(config=db.tortoise_config(url))
    try:
        await Tortoise.get_connection("default").execute_script(
            "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"
        )
    finally:
        await Tortoise.close_connections()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Migrated once per session with the real migrations, as production is."""
    if BACKEND == "postgres":
        url = os.environ["TEST_DATABASE_URL"]
        asyncio.run(_drop_everything(url))
    else:
        url = f"sqlite://{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    asyncio.run(db.migrate(Settings(database_url=url)))
    return url


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        env="test",
        database_url=database_url,
        data_dir=tmp_path,
        secret="test-secret-that-is-long-enough-for-hs256-keys",
        graphiql=False,
        password_profile="CHEAPEST",
    )


async def _empty_tables() -> None:
    connection = Tortoise.get_connection("default")
    apps = Tortoise.apps
    assert apps is not None
    names = sorted({model._meta.db_table for model in apps.get_models_iterable()})
    if connection.capabilities.dialect == "postgres":
        await connection.execute_script(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE")
    else:  # tables refer to each other (org_node to itself): SQLite skips the checks meanwhile
        deletes = " ".join(f"DELETE FROM {name};" for name in names)
        await connection.execute_script(
            f"PRAGMA foreign_keys = OFF; {deletes} PRAGMA foreign_keys = ON;"
        )


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[ASGIApp]:
    """The app inside its lifespan; `manager.app` passes the lifespan state to requests."""
    async with LifespanManager(create_app(settings)) as manager:
        await _empty_tables()
        yield manager.app


@pytest.fixture
async def client(app: ASGIApp) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


@pytest.fixture
async def api(client: httpx.AsyncClient) -> Api:
    return Api(client)


@pytest.fixture
async def demo(app: ASGIApp) -> dict[str, int]:
    """The demo preset: two streets, and users admin, street1..auditor1, street2..auditor2."""
    return await seed("demo", password_profile="CHEAPEST")


@pytest.fixture
def queries() -> Iterator[QueryCounter]:
    counter = QueryCounter()
    logger = logging.getLogger("tortoise.db_client")
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(previous)
