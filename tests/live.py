"""A graphql-transport-ws console for tests: over the ASGI app or a real server (httpx-ws)."""

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import httpx
from httpx_ws import AsyncWebSocketSession, WebSocketDisconnect, aconnect_ws
from httpx_ws.transport import ASGIWebSocketTransport

PROTOCOL = "graphql-transport-ws"

CASE_CHANGED = """
subscription C($node: ID!, $kinds: [CaseKind!]) {
  caseChanged(nodeId: $node, kinds: $kinds) { id kind status title }
}
"""
NOTICE_PUBLISHED = """
subscription N($node: ID!) { noticePublished(nodeId: $node) { id title current node { id } } }
"""


class Console:
    def __init__(self, ws: AsyncWebSocketSession) -> None:
        self.ws = ws
        self.ids = 0

    async def init(self, payload: dict[str, Any] | None) -> dict[str, Any]:
        message: dict[str, Any] = {"type": "connection_init"}
        if payload is not None:
            message["payload"] = payload
        await self.ws.send_json(message)
        return await self.receive()

    async def subscribe(self, query: str, variables: dict[str, Any]) -> str:
        self.ids += 1
        op_id = str(self.ids)
        payload = {"query": query, "variables": variables}
        await self.ws.send_json({"id": op_id, "type": "subscribe", "payload": payload})
        return op_id

    async def receive(self, wait: float = 10) -> dict[str, Any]:
        message: dict[str, Any] = await self.ws.receive_json(timeout=wait)
        return message

    async def next_data(self, wait: float = 10) -> dict[str, Any]:
        """The data of the next `next` message (fails on anything else)."""
        message = await self.receive(wait)
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message
        data: dict[str, Any] = message["payload"]["data"]
        return data

    async def silent(self, seconds: float = 0.5) -> None:
        """Nothing arrives within `seconds`."""
        try:
            message = await self.ws.receive_json(timeout=seconds)
        except TimeoutError:
            return
        raise AssertionError(f"unexpected message: {message}")

    async def closed_with(self, wait: float = 10) -> int:
        """The close code once the server closes the connection."""
        try:
            message = await self.ws.receive_json(timeout=wait)
        except WebSocketDisconnect as closed:
            return closed.code
        raise AssertionError(f"expected a close, got {message}")


@asynccontextmanager
async def console(
    target: Any, token: str | None = None, url: str = "/graphql"
) -> AsyncIterator[Console]:
    """A connection to `target` (an ASGI app, or an httpx client of a real server), signed in
    with `token` when one is given. The ASGI client is made here, in the test's own task: its
    task group must be left in the task that entered it."""
    async with AsyncExitStack() as stack:
        client = target
        if not isinstance(target, httpx.AsyncClient):
            transport = ASGIWebSocketTransport(app=target)
            client = await stack.enter_async_context(
                httpx.AsyncClient(transport=transport, base_url="http://test")
            )
        ws: AsyncWebSocketSession = await stack.enter_async_context(
            aconnect_ws(url, client, subprotocols=[PROTOCOL])
        )
        live = Console(ws)
        if token is not None:
            ack = await live.init({"authorization": f"Bearer {token}"})
            assert ack["type"] == "connection_ack", ack
        yield live


async def until(condition: Callable[[], bool], wait: float = 10) -> None:
    deadline = time.monotonic() + wait
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.02)
