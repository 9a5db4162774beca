"""Helpers for API tests: GraphQL calls as a given demo user, and SQL query counting."""

import asyncio
import io
import json
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, settings
from tortoise.models import Model

import models
from app.seed import DEMO_PASSWORD
from resolvers.ids import encode_global_id

LOGIN = """
mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) { token errors { code field message } }
}
"""


class Api:
    def __init__(
        self, client: httpx.AsyncClient, signer: Callable[[models.User], str] | None = None
    ) -> None:
        self.client = client
        self.tokens: dict[str, str] = {}
        self.signer = signer

    async def token(self, username: str) -> str:
        if username not in self.tokens:
            self.tokens[username] = await self._sign_in(username)
        return self.tokens[username]

    async def _sign_in(self, username: str) -> str:
        """The token `login` gives an active user. With a signer (the app's secret and token
        lifetime), made directly: what a login costs (a hash, the audit record, the rate
        limits' writes) is tested in test_login.py, and a test acting as three users would pay
        it three times."""
        if self.signer is not None:
            user = await models.User.get_or_none(username=username, is_active=True)
            if user is not None:
                return self.signer(user)
        data = await self.gql(LOGIN, {"username": username, "password": DEMO_PASSWORD})
        token = data["login"]["token"]
        assert token, f"login of {username} failed: {data}"
        return str(token)

    async def post(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return await self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )

    async def upload(
        self, query: str, variables: dict[str, Any], file: bytes, *, as_: str, name: str = "x.csv"
    ) -> dict[str, Any]:
        """A GraphQL multipart request with `file` as `$file`; returns `data` (no top errors)."""
        token = await self.token(as_)
        operations = json.dumps({"query": query, "variables": {**variables, "file": None}})
        response = await self.client.post(
            "/graphql",
            data={"operations": operations, "map": json.dumps({"0": ["variables.file"]})},
            files={"0": (name, file, "application/octet-stream")},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    async def raw(
        self, query: str, variables: dict[str, Any] | None = None, *, as_: str | None = None
    ) -> dict[str, Any]:
        """The whole response body; for tests that expect top-level errors."""
        token = await self.token(as_) if as_ else None
        response = await self.post(query, variables, token=token)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def gql(
        self, query: str, variables: dict[str, Any] | None = None, *, as_: str | None = None
    ) -> dict[str, Any]:
        """`data` of a response that must have no top-level errors."""
        body = await self.raw(query, variables, as_=as_)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data


async def mutation_payload(
    api: Api, query: str, variables: dict[str, Any], as_: str
) -> dict[str, Any]:
    """The payload (`{..., errors}`) of an operation with one root field."""
    data = await api.gql(query, variables, as_=as_)
    payload: dict[str, Any] = next(iter(data.values()))
    return payload


async def ok(api: Api, query: str, variables: dict[str, Any], as_: str) -> dict[str, Any]:
    """The payload of a mutation that must answer no user error."""
    payload = await mutation_payload(api, query, variables, as_)
    assert payload["errors"] == [], payload
    return payload


async def error_codes(api: Api, query: str, variables: dict[str, Any], as_: str) -> list[str]:
    """The codes of the user errors a mutation answers."""
    payload = await mutation_payload(api, query, variables, as_)
    return [error["code"] for error in payload["errors"]]


async def walk(
    page: Callable[..., Awaitable[dict[str, Any]]], *, size: int, backward: bool = False
) -> list[str]:
    """Every id of a connection, page by page forward (`first`/`after`) or back (`last`/
    `before`), checking the page flags and the total on the way; `page(**window)` answers the
    connection for a window."""
    count, cursor_arg, more, came_from, next_cursor = (
        ("last", "before", "hasPreviousPage", "hasNextPage", "startCursor")
        if backward
        else ("first", "after", "hasNextPage", "hasPreviousPage", "endCursor")
    )
    ids: list[str] = []
    cursor = None
    while True:
        got = await page(**{count: size, cursor_arg: cursor})
        seen = [edge["node"]["id"] for edge in got["edges"]]
        ids = seen + ids if backward else ids + seen
        assert got["pageInfo"][came_from] is (cursor is not None and bool(ids))
        if not got["pageInfo"][more]:
            assert len(ids) == got["totalCount"]
            return ids
        cursor = got["pageInfo"][next_cursor]


async def sibling_of(node: models.OrgNode) -> models.OrgNode:
    """The first other node (in id order) at the same level under the same parent."""
    row = (
        await models.OrgNode.filter(level=node.level, parent_id=node.parent_id)
        .exclude(id=node.id)
        .order_by("id")
        .first()
    )
    assert row is not None, node
    return row


def one_database_settings(max_examples: int, **options: Any) -> settings:
    """Hypothesis settings of a property test through the API: one app and one database (a
    function-scoped fixture) serve every example, and an example takes tens of milliseconds or
    more, so no deadline."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        **options,
    )


async def explain_access(
    api: Api, query: str, user: models.User, target_id: str, action: str
) -> dict[str, Any]:
    """`explainAccess` (asked for with `query`) of `user` and `action` on a target, as admin."""
    variables = {"user": gid(user), "target": target_id, "action": action}
    explained: dict[str, Any] = (await api.gql(query, variables, as_="admin"))["explainAccess"]
    return explained


async def discard_open_drafts(building_id: int) -> None:
    """Discard a building's open convention draft (it holds one at most), so a test drafts anew."""
    await models.ConventionVersion.filter(
        building_id=building_id, status=models.ConventionStatus.DRAFT
    ).update(status=models.ConventionStatus.DISCARDED)


def gid(row: Model) -> str:
    return encode_global_id(type(row).__name__, row.pk)


async def node_named(level: models.OrgLevel, index: int = 0) -> models.OrgNode:
    """The index-th node of a level in id order (the demo's first street's subtree comes first)."""
    row = await models.OrgNode.filter(level=level).order_by("id").offset(index).first()
    assert row is not None, (level, index)
    return row


async def first_node_of(level: models.OrgLevel, under: models.OrgNode) -> models.OrgNode:
    row = (
        await models.OrgNode.filter(level=level, path__startswith=under.path).order_by("id").first()
    )
    assert row is not None, (level, under)
    return row


def both_look_first(monkeypatch: pytest.MonkeyPatch, model: type[Model]) -> None:
    """Two calls at once of `model.get_or_none` both return before either goes on: each looks
    for an existing row before the other inserts (the window a unique index closes)."""
    look = model.get_or_none
    both_looked = asyncio.Barrier(2)

    async def look_then_wait(**conditions: Any) -> Model | None:
        found = await look(**conditions)
        async with asyncio.timeout(10):
            await both_looked.wait()
        return found

    monkeypatch.setattr(model, "get_or_none", look_then_wait)


class QueryCounter(logging.Handler):
    """Counts the SQL statements tortoise sends (it logs each at DEBUG)."""

    VERBS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    # Housekeeping a request runs by chance (about 1 in 100): not part of what it costs.
    PRUNING = "DELETE FROM rate_limit WHERE expires_at"

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().lstrip()
        if message.upper().startswith(self.VERBS) and not message.startswith(self.PRUNING):
            self.statements.append(message)

    def reset(self) -> None:
        self.statements.clear()

    @property
    def count(self) -> int:
        return len(self.statements)


postgres_only = pytest.mark.skipif(
    os.environ.get("LOUDONG_TEST_BACKEND", "sqlite") != "postgres",
    reason="a race needs PostgreSQL: SQLite runs one transaction at a time",
)


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (16, 12), exif: bytes = b"") -> bytes:
    """A real, decodable image (photos are decoded and encoded again when uploaded)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, kind, **({"exif": exif} if exif else {}))
    return out.getvalue()
