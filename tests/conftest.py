"""Fixtures: every test gets its own database, copied from a template made once per session
(migrated, and for `demo` tests seeded), and the app served through ASGI with its lifespan.

SQLite copies a template file; PostgreSQL (with TEST_DATABASE_URL) creates the test's database
from a template database, in a worker thread while the test before runs (`PostgresDatabase`).

With pytest-xdist (`make test` runs `-n auto`) the workers share the templates: the first to
need them makes them (migrating takes most of ten seconds, the demo seed two) while the others
wait for it, and each worker names its own tests' databases.
"""

import asyncio
import contextlib
import copy
import fcntl
import itertools
import json
import logging
import os
import shutil
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import cast
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest
from asgi_lifespan import LifespanManager
from starlette.types import ASGIApp
from tortoise.context import TortoiseContext

from app import db, logs
from app.main import create_app
from app.seed import seed
from app.settings import Settings
from resolvers.auth import issue_token
from resolvers.context import Services
from tests.helpers import Api, QueryCounter

BACKEND = os.environ.get("LOUDONG_TEST_BACKEND", "sqlite")
TEST_PASSWORD_PROFILE = "CHEAPEST"
# "gw0", "gw1", ... in a pytest-xdist worker; "main" in a run without workers.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


class RunLog(logging.Handler):
    """Every record of the test run at INFO and above (production's default level): each
    message as the code logged it (before masking) and as production writes it (JSON, masked).
    tests/test_log_scan.py, which runs last, scans both for secrets and personal values."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.raw: list[str] = []
        self.written: list[str] = []
        self.production = logs.make_handler("json")

    def emit(self, record: logging.LogRecord) -> None:
        try:
            raw = record.getMessage()
        except Exception:
            raw = str(record.msg)
        if record.exc_info:
            raw += "\n" + logging.Formatter().formatException(record.exc_info)
        self.raw.append(raw)
        line = copy.copy(record)  # production's filters change the record: not the one pytest keeps
        if self.production.filter(line):
            self.written.append(self.production.format(line))


RUN_LOG = RunLog()


def pytest_sessionstart(session: pytest.Session) -> None:
    root = logging.getLogger()
    root.addHandler(RUN_LOG)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The log scan runs last, over what every other test logged. A test marked `exclusive`
    waits for a run of its own (`pytest -m exclusive`): beside another worker it would cut
    that worker's database away."""
    last = [item for item in items if item.nodeid.startswith("tests/test_log_scan.py::test_run")]
    items[:] = [item for item in items if item not in last] + last
    if WORKER != "main":
        alone = pytest.mark.skip(reason="runs alone, after the parallel run: pytest -m exclusive")
        for item in items:
            if item.get_closest_marker("exclusive"):
                item.add_marker(alone)


# With xdist the scan's test sees only its own worker's records: each worker hands its log to
# the controlling process, which scans them all once every worker is done.
WORKER_LOGS: list[dict[str, list[str]]] = []


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    log = getattr(node, "workeroutput", {}).get("run_log")
    if log is not None:
        WORKER_LOGS.append(log)


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    if hasattr(config, "workerinput"):  # an xdist worker
        output: dict[str, object] = config.workeroutput  # type: ignore[attr-defined]
        output["run_log"] = {"raw": RUN_LOG.raw, "written": RUN_LOG.written}
        return
    if not WORKER_LOGS:
        return
    from tests.test_log_scan import findings  # a test module: imported only when needed

    found = []
    for log in WORKER_LOGS:
        found += [f"production's line: {entry}" for entry in findings(log["written"])]
        found += [f"the code logs: {entry}" for entry in findings(log["raw"])[:20]]
    if found:
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("Log scan of every worker's records failed:", red=True)
            for line in found[:40]:
                reporter.write_line(f"  {line}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


class TestDatabase:
    """Where the templates and each test's database live, for one backend."""

    def template_url(self, name: str) -> str:
        raise NotImplementedError

    def fresh(self, template: str, tmp_path: Path) -> str:
        """The URL of a new database holding exactly what the template holds."""
        raise NotImplementedError


class SqliteDatabase(TestDatabase):
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def template_url(self, name: str) -> str:
        return f"sqlite://{self.template_file(name)}"

    def template_file(self, name: str) -> Path:
        return self.folder / f"{name}.sqlite3"

    def fresh(self, template: str, tmp_path: Path) -> str:
        target = tmp_path / "test.sqlite3"
        shutil.copyfile(self.folder / f"{template}.sqlite3", target)
        # A throwaway file: no fsync at each commit (a login's few commits took tens of ms).
        return f"sqlite://{target}?synchronous=OFF"


class PostgresDatabase(TestDatabase):
    """Templates `<db>_tpl_<name>`; each test's database is `<db>` itself, made anew."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.name = parts.path.lstrip("/")
        # Each test drops and re-creates this database: never let that hit a real one.
        if "test" not in self.name:
            raise pytest.UsageError(
                f"TEST_DATABASE_URL names {self.name!r}; the tests drop and re-create it, "
                "so its name must contain 'test'."
            )
        self.url = url
        self.maintenance = urlunsplit(parts._replace(path="/postgres"))
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="test-databases")
        self._spares: dict[str, Future[str]] = {}
        self._handed: list[str] = []
        self._numbers = itertools.count(1)  # next() is atomic: both threads take numbers

    def template_url(self, name: str) -> str:
        return self._url_of(f"{self.name}_tpl_{name}")

    def _url_of(self, database: str) -> str:
        return urlunsplit(urlsplit(self.url)._replace(path=f"/{database}"))

    def _run(self, *statements: str) -> None:
        async def run() -> None:
            connection = await asyncpg.connect(self.maintenance)
            try:
                for statement in statements:
                    await connection.execute(statement)
            finally:
                await connection.close()

        asyncio.run(run())

    def create_empty(self, name: str, template: str | None = None) -> None:
        """A template database anew: empty, or a copy of another template."""
        database = f"{self.name}_tpl_{name}"
        copied = f' TEMPLATE "{self.name}_tpl_{template}"' if template else ""
        self._run(f'DROP DATABASE IF EXISTS "{database}"', f'CREATE DATABASE "{database}"{copied}')

    def fresh(self, template: str, tmp_path: Path) -> str:
        """A database copied from the template while the previous test ran: CREATE DATABASE
        works in the server (copying a few hundred relations takes a few tenths of a second),
        so one worker thread prepares the next copy of each template, and drops the databases
        of tests two back, beside the tests' own work, which is mostly Python on the other
        core."""
        spare = self._spares.pop(template, None)
        try:
            database = spare.result() if spare is not None else None
        except Exception:  # it failed in the background: make it here, loudly if it fails again
            database = None
        if database is None:
            database = self._create(template)
        self._handed.append(database)
        while len(self._handed) > 2:
            self._worker.submit(self._drop_quietly, self._handed.pop(0))
        self._spares[template] = self._worker.submit(self._create, template)
        return self._url_of(database)

    def _create(self, template: str) -> str:
        database = f"{self.name}_{WORKER}_{next(self._numbers)}"
        # No FORCE: it would try to end autovacuum workers, which this role may not do; a plain
        # DROP DATABASE stops them itself.
        self._run(
            f'DROP DATABASE IF EXISTS "{database}"',
            f'CREATE DATABASE "{database}" TEMPLATE "{self.name}_tpl_{template}"',
        )
        return database

    def close(self) -> None:
        """At the session's end: the spares and the last tests' databases go."""
        for spare in self._spares.values():
            with contextlib.suppress(Exception):  # it was never made
                self._handed.append(spare.result())
        self._worker.shutdown()
        for database in self._handed:
            self._drop_quietly(database)

    def _drop_quietly(self, database: str) -> None:
        """A test's database once its app and servers are long gone; one still held open (a
        server a test left running) stays behind and is dropped by the next run's create."""
        try:
            self._run(f'DROP DATABASE IF EXISTS "{database}"')
        except Exception:
            logging.getLogger(__name__).warning("test database %s left behind", database)


@dataclass(frozen=True)
class Templates:
    database: TestDatabase
    demo_summary: dict[str, int]


async def _seed_demo(url: str) -> dict[str, int]:
    async with TortoiseContext() as orm:
        await orm.init(config=db.tortoise_config(url))
        return await seed("demo", password_profile=TEST_PASSWORD_PROFILE)


def _shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every xdist worker of this run sees (the run's own base folder without them)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if WORKER != "main" else base


def _once(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[], object]
) -> object:
    """`make()` run by one process of the run (the first to ask); the others wait for it and get
    what it returned (JSON)."""
    root = _shared_root(tmp_path_factory)
    done = root / f"{name}.json"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            done.write_text(json.dumps(make()), encoding="utf-8")
        return json.loads(done.read_text(encoding="utf-8"))


def _make_templates(database: TestDatabase) -> dict[str, int]:
    """Migrated once (Tortoise's migrations take most of ten seconds); the demo template is a
    copy of the empty one, then seeded."""
    if isinstance(database, PostgresDatabase):
        database.create_empty("empty")
        asyncio.run(db.migrate(Settings(database_url=database.template_url("empty"))))
        database.create_empty("demo", template="empty")
    else:
        assert isinstance(database, SqliteDatabase)
        database.folder.mkdir(exist_ok=True)
        asyncio.run(db.migrate(Settings(database_url=database.template_url("empty"))))
        shutil.copyfile(database.template_file("empty"), database.template_file("demo"))
    return asyncio.run(_seed_demo(database.template_url("demo")))


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    """Made once per run with the real migrations and the real seed, as production is."""
    database: TestDatabase
    if BACKEND == "postgres":
        database = PostgresDatabase(os.environ["TEST_DATABASE_URL"])
    else:
        database = SqliteDatabase(_shared_root(tmp_path_factory) / "templates")
    summary = _once(tmp_path_factory, f"templates-{BACKEND}", lambda: _make_templates(database))
    assert isinstance(summary, dict)
    yield Templates(database=database, demo_summary=summary)
    if isinstance(database, PostgresDatabase):
        database.close()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty SQLite file made once per run, for tests of commands that take a file:
    copy it rather than migrate again."""
    path = _shared_root(tmp_path_factory) / "migrated.sqlite3"

    def make() -> str:
        asyncio.run(db.migrate(Settings(database_url=f"sqlite://{path}")))
        return str(path)

    return Path(str(_once(tmp_path_factory, "migrated-sqlite", make)))


@pytest.fixture
def database_url(request: pytest.FixtureRequest, templates: Templates, tmp_path: Path) -> str:
    """This test's own database: the demo preset if the test asks for `demo`, else empty."""
    template = "demo" if "demo" in request.fixturenames else "empty"
    return templates.database.fresh(template, tmp_path)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        env="test",
        database_url=database_url,
        data_dir=tmp_path,
        secret="test-secret-that-is-long-enough-for-hs256-keys",
        graphiql=False,
        password_profile=TEST_PASSWORD_PROFILE,
        # Tests sweep alerts themselves, with an explicit `now` (tests/api/test_alerts.py).
        alert_sweep_seconds=0,
    )


@pytest.fixture
async def manager(settings: Settings) -> AsyncIterator[LifespanManager]:
    """The app inside its lifespan."""
    async with LifespanManager(create_app(settings)) as running:
        yield running


@pytest.fixture
def app(manager: LifespanManager) -> ASGIApp:
    """The app; `manager.app` passes the lifespan state to requests."""
    return manager.app


@pytest.fixture
def services(manager: LifespanManager) -> Services:
    """The running app's services (its lifespan state)."""
    found: Services = manager._state["services"]
    return found


@pytest.fixture
async def client(app: ASGIApp) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


@pytest.fixture
async def api(client: httpx.AsyncClient, settings: Settings) -> Api:
    # Only the two settings a token needs (building all of an app's services costs more).
    signing = cast(
        Services,
        SimpleNamespace(
            secret=settings.secret, token_ttl=timedelta(hours=settings.token_ttl_hours)
        ),
    )
    return Api(client, signer=lambda user: issue_token(signing, user))


@pytest.fixture
async def demo(app: ASGIApp, templates: Templates) -> dict[str, int]:
    """The demo preset: two streets, and users admin, street1..auditor1, street2..auditor2.

    The database already holds it (see `database_url`); this returns what the seed wrote."""
    return dict(templates.demo_summary)


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
