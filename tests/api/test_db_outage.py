"""PostgreSQL goes away while a `loudong serve` process is under load, then comes back.

Requests during the outage fail cleanly and quickly (JSON with code UNAVAILABLE, never a hang
or a bare 500), /readyz says not ready, the server recovers by itself, and every write it
acknowledged is in the database afterwards.

Two ways to cut the database: a TCP gate between the server and PostgreSQL that drops every
connection (safe anywhere), and a real `pg_ctlcluster 15 main stop`/`start` (CI only: it cuts
every other user of the cluster too, so it runs only with CI or LOUDONG_TEST_PG_RESTART set).
"""

import asyncio
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest

from app.seed import DEMO_PASSWORD
from tests.conftest import BACKEND, Templates
from tests.helpers import LOGIN
from tests.served import free_port, gql, served

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(BACKEND != "postgres", reason="the outage is PostgreSQL's"),
]

SUBMIT = """
mutation Submit($input: SubmitCaseInput!) {
  submitCase(input: $input) { case { id } errors { code message } }
}
"""
ACCEPT = "mutation Accept($id: ID!) { acceptCase(id: $id) { case { status } errors { code } } }"
BUILDING = "query { me { grants { node { id } } } }"
WORKERS = 4
DB_TIMEOUT = 3.0  # the server's LOUDONG_DB_TIMEOUT
# No request may take longer than this, outage or not (the statement and connect timeouts,
# plus a margin for a loaded two-core machine).
SLOWEST = 12.0


@dataclass
class Outcome:
    submitted: dict[str, str] = field(default_factory=dict)  # title -> case id, acknowledged
    accepted: set[str] = field(default_factory=set)  # titles whose acceptance was acknowledged
    unavailable: int = 0
    unexpected: list[str] = field(default_factory=list)
    slowest: float = 0.0
    acked_after_outage: int = 0


class Gate:
    """A TCP proxy to PostgreSQL in a thread of its own; `shut()` drops every connection and
    refuses new ones (as a stopped server does), `open()` lets them through again."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = free_port()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()

    def _call(self, coroutine: Any) -> None:
        future: Future[None] = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        future.result(timeout=10)

    def open(self) -> None:
        self._call(self._open())

    def shut(self) -> None:
        self._call(self._shut())

    def close(self) -> None:
        self._call(self._stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()

    async def _stop(self) -> None:
        await self._shut()
        pipes = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in pipes:
            task.cancel()
        await asyncio.gather(*pipes, return_exceptions=True)

    async def _open(self) -> None:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)

    async def _shut(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        for writer in list(self.writers):
            writer.transport.abort()
        self.writers.clear()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self.writers |= {writer, upstream_writer}

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            try:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            except (OSError, RuntimeError):
                pass
            finally:
                sink.transport.abort()

        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))


@pytest.fixture
def demo_url(templates: Templates, tmp_path: Path) -> str:
    return templates.database.fresh("demo", tmp_path)


def _token(url: str, username: str) -> str:
    data = gql(url, LOGIN, {"username": username, "password": DEMO_PASSWORD})["data"]
    return str(data["login"]["token"])


async def _post(
    client: httpx.AsyncClient, outcome: Outcome, body: dict[str, Any], token: str
) -> dict[str, Any] | None:
    """The response's data when it has no top-level error; None when it is a clean
    UNAVAILABLE; anything else is recorded as unexpected."""
    began = time.monotonic()
    try:
        response = await client.post(
            "/graphql", json=body, headers={"Authorization": f"Bearer {token}"}
        )
    except httpx.HTTPError as error:
        outcome.unexpected.append(f"{type(error).__name__} after {time.monotonic() - began:.1f}s")
        return None
    finally:
        outcome.slowest = max(outcome.slowest, time.monotonic() - began)
    try:
        parsed: dict[str, Any] = response.json()
    except ValueError:
        outcome.unexpected.append(f"{response.status_code} {response.text[:80]!r}")
        return None
    errors = parsed.get("errors") or []
    if errors and all(e.get("extensions", {}).get("code") == "UNAVAILABLE" for e in errors):
        outcome.unavailable += 1
        return None
    if errors or response.status_code != 200:
        outcome.unexpected.append(f"{response.status_code} {errors}")
        return None
    data: dict[str, Any] = parsed["data"]
    return data


async def _load(
    url: str,
    tokens: dict[str, str],
    building: str,
    seconds: float,
    outcome: Outcome,
    recovered: asyncio.Event,
) -> None:
    """WORKERS clients submit a case as resident1, then accept it as community1, for `seconds`
    (a bounded loop on loopback)."""
    deadline = time.monotonic() + seconds

    async def client_loop(number: int) -> None:
        async with httpx.AsyncClient(base_url=url, timeout=SLOWEST * 2) as client:
            serial = 0
            while time.monotonic() < deadline:
                serial += 1
                title = f"outage-{number}-{serial}"
                submit = {
                    "query": SUBMIT,
                    "variables": {
                        "input": {
                            "kind": "DEMAND",
                            "nodeId": building,
                            "title": title,
                            "description": "load",
                        }
                    },
                }
                data = await _post(client, outcome, submit, tokens["resident1"])
                if data is None:
                    await asyncio.sleep(0.05)
                    continue
                payload = data["submitCase"]
                if payload["errors"]:
                    outcome.unexpected.append(str(payload["errors"]))
                    continue
                outcome.submitted[title] = payload["case"]["id"]
                if recovered.is_set():
                    outcome.acked_after_outage += 1
                accept = {"query": ACCEPT, "variables": {"id": payload["case"]["id"]}}
                data = await _post(client, outcome, accept, tokens["community1"])
                if data is not None and data["acceptCase"]["case"]:
                    outcome.accepted.add(title)

    await asyncio.gather(*(client_loop(number) for number in range(WORKERS)))


async def _outage(
    url: str, stop: Callable[[], None], start: Callable[[], None], recovered: asyncio.Event
) -> list[int]:
    """Cut the database two seconds into the load, for about two seconds; the /readyz
    statuses seen while it was cut."""
    await asyncio.sleep(2.0)
    await asyncio.to_thread(stop)
    statuses = []
    try:
        async with httpx.AsyncClient(base_url=url, timeout=SLOWEST) as client:
            for _ in range(3):
                statuses.append((await client.get("/readyz")).status_code)
                await asyncio.sleep(0.5)
    finally:
        await asyncio.to_thread(start)
    async with httpx.AsyncClient(base_url=url, timeout=SLOWEST) as client:
        deadline = time.monotonic() + 60
        while (await client.get("/readyz")).status_code != 200:
            assert time.monotonic() < deadline, "the server did not recover by itself"
            await asyncio.sleep(0.2)
    recovered.set()
    return statuses


async def _run(url: str, stop: Callable[[], None], start: Callable[[], None]) -> Outcome:
    tokens = {name: _token(url, name) for name in ("resident1", "community1")}
    building = gql(url, BUILDING, token=tokens["resident1"])["data"]["me"]["grants"][0]["node"]
    outcome = Outcome()
    recovered = asyncio.Event()
    load = asyncio.create_task(_load(url, tokens, building["id"], 12.0, outcome, recovered))
    statuses = await _outage(url, stop, start, recovered)
    await load
    assert statuses, "no /readyz answer during the outage"
    assert all(status == 503 for status in statuses), statuses
    return outcome


async def _check_database(database_url: str, outcome: Outcome) -> None:
    connection = await asyncpg.connect(database_url)
    try:
        rows = await connection.fetch("SELECT title, status FROM cases WHERE title LIKE 'outage-%'")
    finally:
        await connection.close()
    stored = {row["title"]: row["status"] for row in rows}
    lost = sorted(set(outcome.submitted) - set(stored))
    assert not lost, f"acknowledged submissions lost: {lost}"
    not_accepted = sorted(t for t in outcome.accepted if stored[t] != "ACCEPTED")
    assert not not_accepted, f"acknowledged acceptances lost: {not_accepted}"


def _assert_clean(outcome: Outcome) -> None:
    assert not outcome.unexpected, outcome.unexpected[:5]
    assert outcome.unavailable > 0, "the outage was not seen"
    assert outcome.slowest < SLOWEST, f"a request took {outcome.slowest:.1f}s"
    assert outcome.acked_after_outage > 0, "nothing was written after the outage"
    assert len(outcome.accepted) > 0


def test_server_survives_losing_its_database_connections(demo_url: str, tmp_path: Path):
    parts = urlsplit(demo_url)
    gate = Gate(parts.hostname or "127.0.0.1", parts.port or 5432)
    gate.open()
    gated = urlunsplit(
        parts._replace(netloc=f"{parts.username}:{parts.password}@127.0.0.1:{gate.port}")
    )
    try:
        with served(gated, tmp_path, LOUDONG_DB_TIMEOUT=str(DB_TIMEOUT)) as (url, _):
            outcome = asyncio.run(_run(url, gate.shut, gate.open))
    finally:
        gate.close()
    _assert_clean(outcome)
    asyncio.run(_check_database(demo_url, outcome))


def _may_restart_postgres() -> bool:
    asked = os.environ.get("CI") == "true" or os.environ.get("LOUDONG_TEST_PG_RESTART") == "1"
    return asked and os.geteuid() == 0 and shutil.which("pg_ctlcluster") is not None


def _cluster(action: str) -> None:
    subprocess.run(["pg_ctlcluster", "15", "main", action], check=True, timeout=120)


@pytest.mark.exclusive
@pytest.mark.skipif(
    not _may_restart_postgres(),
    reason="restarts the machine's PostgreSQL (every user of it): only as root with CI=true "
    "or LOUDONG_TEST_PG_RESTART=1",
)
def test_server_survives_a_postgres_restart(demo_url: str, tmp_path: Path):
    with served(demo_url, tmp_path, LOUDONG_DB_TIMEOUT=str(DB_TIMEOUT)) as (url, _):
        outcome = asyncio.run(_run(url, lambda: _cluster("stop"), lambda: _cluster("start")))
    _assert_clean(outcome)
    asyncio.run(_check_database(demo_url, outcome))
