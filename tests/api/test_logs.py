"""X-Request-ID on every response, one log line per request with its fields, and JSON lines."""

import json
import logging
import sys

import httpx
import pytest
from starlette.types import Message, Receive, Scope, Send

from app.logs import RequestLog, make_handler
from app.settings import Settings, SettingsError
from tests.helpers import LOGIN

ME = "query Me { me { username } }"


async def test_a_safe_request_id_is_kept_and_returned(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", json={"query": ME}, headers={"X-Request-ID": "edge-42.a_b"}
    )
    assert response.headers["x-request-id"] == "edge-42.a_b"


@pytest.mark.parametrize("sent", [None, "", "has space", "x" * 65, 'quote"d'])
async def test_an_unsafe_or_missing_request_id_is_replaced(
    client: httpx.AsyncClient, sent: str | None
) -> None:
    headers = {} if sent is None else {"X-Request-ID": sent}
    response = await client.post("/graphql", json={"query": ME}, headers=headers)
    returned = response.headers["x-request-id"]
    assert returned != sent
    assert len(returned) == 32
    assert int(returned, 16) >= 0


async def test_refusals_carry_the_request_id_too(client: httpx.AsyncClient) -> None:
    too_large = await client.post(
        "/graphql", content=b"{" + b" " * 2_000_000 + b"}", headers={"X-Request-ID": "big-1"}
    )
    assert too_large.status_code == 413
    assert too_large.headers["x-request-id"] == "big-1"
    missing = await client.get("/nowhere", headers={"X-Request-ID": "lost-1"})
    assert missing.status_code == 404
    assert missing.headers["x-request-id"] == "lost-1"


async def test_each_request_is_logged_once_with_its_fields(
    client: httpx.AsyncClient, demo: dict[str, int], caplog: pytest.LogCaptureFixture
) -> None:
    login = await client.post(
        "/graphql",
        json={"query": LOGIN, "variables": {"username": "admin", "password": "loudong-demo"}},
    )
    token = login.json()["data"]["login"]["token"]
    caplog.clear()
    with caplog.at_level(logging.INFO):
        await client.post(
            "/graphql?signature=secret-sig",
            json={"query": ME, "operationName": "Me"},
            headers={"Authorization": f"Bearer {token}", "X-Request-ID": "req-7"},
        )
    lines = [record for record in caplog.records if record.name == "loudong.request"]
    assert len(lines) == 1
    line = lines[0]
    assert [getattr(line, name) for name in ("method", "path", "status")] == [
        "POST",
        "/graphql",
        200,
    ]
    handler = make_handler("json")
    assert handler.filter(line)
    entry = json.loads(handler.format(line))
    assert entry["request_id"] == "req-7"
    assert entry["operation"] == "Me"
    assert isinstance(entry["user_id"], int)
    assert entry["duration_ms"] >= 0
    assert entry["level"] == "INFO"
    assert entry["logger"] == "loudong.request"
    assert entry["time"].endswith("+00:00")
    assert "signature" not in json.dumps(entry)
    assert "secret-sig" not in json.dumps(entry)


def test_an_error_line_carries_its_traceback_masked() -> None:
    handler = make_handler("json")
    try:
        raise RuntimeError("resident 11010119900307771X failed")
    except RuntimeError:
        record = logging.getLogger("loudong.test").makeRecord(
            "loudong.test", logging.ERROR, __file__, 1, "boom", (), exc_info=sys.exc_info()
        )
    assert handler.filter(record)
    entry = json.loads(handler.format(record))
    assert entry["level"] == "ERROR"
    assert "RuntimeError" in entry["exc"]
    assert "11010119900307771X" not in entry["exc"]


def test_log_settings() -> None:
    assert Settings.from_environ({}).log_format == "text"
    production = {
        "LOUDONG_ENV": "production",
        "LOUDONG_SECRET": "s" * 40,
        "LOUDONG_METRICS": "off",
    }
    assert Settings.from_environ(production).log_format == "json"
    assert Settings.from_environ({"LOUDONG_LOG_LEVEL": "debug"}).log_level == "DEBUG"
    with pytest.raises(SettingsError):
        Settings.from_environ({"LOUDONG_LOG_FORMAT": "xml"})


async def test_an_unexpected_failure_is_logged_at_error_and_answered_with_its_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def failing(scope: Scope, receive: Receive, send: Send) -> None:
        raise RuntimeError("boom")

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/x",
        "query_string": b"sig=abc",
        "headers": [(b"x-request-id", b"r-500")],
    }
    with caplog.at_level(logging.INFO), pytest.raises(RuntimeError):
        await RequestLog(failing)(scope, receive, send)
    assert sent[0]["status"] == 500
    assert (b"x-request-id", b"r-500") in sent[0]["headers"]
    (line,) = [record for record in caplog.records if record.name == "loudong.request"]
    assert line.levelno == logging.ERROR
    assert line.exc_info is not None
    assert getattr(line, "request_id", None) == "r-500"
