"""/healthz, /readyz and /metrics, and a lost database answered as UNAVAILABLE (not a 500)."""

import logging
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from prometheus_client.parser import text_string_to_metric_families
from tortoise import connections

from app.main import create_app
from app.settings import Settings
from resolvers import metrics
from tests.helpers import LOGIN

TOKEN = "metrics-token-that-is-long-enough-0123456789"
# Nothing listens on port 1: connections are refused at once.
NOWHERE = "postgres://loudong:loudong@127.0.0.1:1/loudong_test_nowhere"
ME = "query Me { me { username } }"


def samples(text: str, name: str) -> dict[tuple[tuple[str, str], ...], float]:
    """{sorted labels: value} of the samples called `name` in a Prometheus exposition."""
    return {
        tuple(sorted(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name
    }


async def serve(settings: Settings):
    manager = LifespanManager(create_app(settings))
    await manager.__aenter__()
    transport = httpx.ASGITransport(app=manager.app)
    return manager, httpx.AsyncClient(transport=transport, base_url="http://test")


async def test_healthz_does_not_need_the_database(client: httpx.AsyncClient):
    response = await client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_readyz_is_ready_on_a_migrated_database(client: httpx.AsyncClient):
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "policy": "ok"},
    }


async def test_readyz_is_not_ready_while_a_migration_is_pending(client: httpx.AsyncClient):
    # given: the database lacks the package's newest migration
    await connections.get("default").execute_script(
        "DELETE FROM tortoise_migrations WHERE name = '0007_copied_paths'"
    )
    # when
    response = await client.get("/readyz")
    # then
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "pending"


async def test_a_lost_database_is_unavailable_not_a_crash(settings: Settings):
    # given: an app whose database refuses connections
    manager, client = await serve(replace(settings, database_url=NOWHERE, db_timeout=2.0))
    try:
        # when / then: readiness says so, and tells nothing of the database's address
        ready = await client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json() == {
            "status": "not ready",
            "checks": {"database": "unreachable", "migrations": "unknown", "policy": "ok"},
        }
        # a query that reaches the database gets a GraphQL error with code UNAVAILABLE
        login = await client.post(
            "/graphql", json={"query": LOGIN, "variables": {"username": "a", "password": "b"}}
        )
        assert login.json()["errors"][0]["extensions"] == {"code": "UNAVAILABLE"}
        # a signed-in request fails before the schema runs (loading the user): a JSON 503
        token = "Bearer " + _token(settings)
        me = await client.post("/graphql", json={"query": ME}, headers={"Authorization": token})
        assert me.status_code == 503
        assert len(me.headers["x-request-id"]) == 32  # the 503 names its request too
        assert me.json()["errors"][0]["extensions"] == {"code": "UNAVAILABLE"}
        assert "127.0.0.1" not in login.text + me.text + ready.text
        # and the process itself is alive
        assert (await client.get("/healthz")).status_code == 200
    finally:
        await client.aclose()
        await manager.__aexit__(None, None, None)


def _token(settings: Settings) -> str:
    import jwt

    return jwt.encode({"sub": "1", "ver": 0, "exp": 4102444800}, settings.secret, "HS256")


async def test_metrics_count_operations_errors_and_login_failures(
    client: httpx.AsyncClient, api, monkeypatch: pytest.MonkeyPatch
):
    # given: no operation name seen yet in this process
    monkeypatch.setattr(metrics, "_operations", set())
    monkeypatch.setattr(metrics, "_anonymous_operations", set())
    before = (await client.get("/metrics")).text
    # when: a wrong password, and an invalid document
    await api.raw(LOGIN, {"username": "nobody", "password": "wrong-password"})
    await client.post("/graphql", json={"query": "query Broken { nothingHere }"})
    # then
    after = (await client.get("/metrics")).text
    assert "text/plain" in (await client.get("/metrics")).headers["content-type"]

    def grew(name: str, **labels: str) -> float:
        key = tuple(sorted(labels.items()))
        return samples(after, name).get(key, 0.0) - samples(before, name).get(key, 0.0)

    assert grew("loudong_login_failures_total") == 1
    assert grew("loudong_graphql_errors_total", code="UNAUTHENTICATED", kind="payload") == 1
    assert grew("loudong_graphql_errors_total", code="GRAPHQL_VALIDATION", kind="top") == 1
    # an anonymous caller's first names get a label; a document that never ran gets none
    assert grew("loudong_graphql_request_seconds_count", operation="Login") >= 1
    assert grew("loudong_graphql_request_seconds_count", operation="not_executed") == 1


async def test_rate_limit_refusals_are_counted(client: httpx.AsyncClient, api, demo):
    before = samples((await client.get("/metrics")).text, "loudong_rate_limit_refusals_total")
    for _ in range(7):  # five free failures, then a wait of a second: the next try is refused
        await api.raw(LOGIN, {"username": "admin", "password": "wrong-password"})
    after = samples((await client.get("/metrics")).text, "loudong_rate_limit_refusals_total")
    key = (("limit", "login"),)
    assert after.get(key, 0) - before.get(key, 0) >= 1


def test_operation_names_are_bounded(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(metrics, "_operations", set())
    monkeypatch.setattr(metrics, "_anonymous_operations", set())
    anonymous = {metrics.operation_label(f"Anon{i}", signed_in=False) for i in range(50)}
    assert anonymous == {f"Anon{i}" for i in range(metrics.MAX_ANONYMOUS)} | {metrics.OTHER}
    signed_in = {metrics.operation_label(f"Op{i}", signed_in=True) for i in range(1000)}
    assert len(signed_in) == metrics.MAX_OPERATIONS - metrics.MAX_ANONYMOUS + 1
    assert metrics.operation_label("Anon3", signed_in=False) == "Anon3"  # known names stay
    monkeypatch.setattr(metrics, "_operations", set())
    for bad in ("a b", "x" * 65, "名字", "a{b}", 'a"b', "1abc"):
        assert metrics.operation_label(bad, signed_in=True) == metrics.OTHER
    assert metrics.operation_label(None, signed_in=True) == metrics.UNNAMED


def test_error_codes_are_bounded():
    metrics.count_error("SOMETHING_A_CLIENT_MADE_UP", "top")
    names = {
        labels["code"]
        for labels, _ in (
            (sample.labels, sample.value)
            for family in metrics.ERRORS.collect()
            for sample in family.samples
        )
    }
    assert "SOMETHING_A_CLIENT_MADE_UP" not in names
    assert names <= metrics.ERROR_CODES | {metrics.OTHER}


@pytest.mark.parametrize(
    ("header", "status"),
    [
        (None, 401),
        ("Bearer wrong", 401),
        (f"Bearer {TOKEN}x", 401),
        (f"Basic {TOKEN}", 401),
        (f"Bearer {TOKEN}", 200),
        (f"bearer  {TOKEN} ", 200),
    ],
)
async def test_metrics_token(settings: Settings, header: str | None, status: int):
    manager, client = await serve(replace(settings, metrics_token=TOKEN))
    try:
        headers = {"Authorization": header} if header else {}
        response = await client.get("/metrics", headers=headers)
        assert response.status_code == status
        assert ("loudong_graphql" in response.text) == (status == 200)
    finally:
        await client.aclose()
        await manager.__aexit__(None, None, None)


async def test_metrics_off_is_not_found(settings: Settings):
    manager, client = await serve(replace(settings, metrics=False))
    try:
        response = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 404
    finally:
        await client.aclose()
        await manager.__aexit__(None, None, None)


async def test_production_on_sqlite_warns_at_start(
    settings: Settings, caplog: pytest.LogCaptureFixture
):
    with caplog.at_level(logging.WARNING, logger="loudong"):
        manager, client = await serve(replace(settings, env="production"))
        await client.aclose()
        await manager.__aexit__(None, None, None)
    warned = any("SQLite" in record.getMessage() for record in caplog.records)
    assert warned == settings.database_url.startswith("sqlite")


def test_migration_names_are_the_package_files():
    from app.ops import migration_names

    folder = Path(__file__).parents[2] / "models" / "migrations"
    assert migration_names() == {path.stem for path in folder.glob("[0-9][0-9][0-9][0-9]_*.py")}
