"""Fixes of the issue-14 review (subscriptions): inbound WebSocket messages are bounded by the
app itself (LOUDONG_MAX_BODY_BYTES), not only by the server's ws_max_size."""

import dataclasses
from typing import Any

import pytest

from app.settings import Settings
from tests.helpers import Api
from tests.live import console

LIMIT = 4096


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, max_body_bytes=LIMIT)


async def test_a_websocket_message_past_the_body_limit_is_closed_1009(
    api: Api, app: Any, demo
) -> None:
    async with console(app, token=await api.token("resident1")) as live:
        await live.ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": "x" * LIMIT}})
        assert await live.closed_with() == 1009


async def test_a_websocket_message_within_the_limit_is_served(api: Api, app: Any, demo) -> None:
    async with console(app, token=await api.token("resident1")) as live:
        await live.ws.send_json({"type": "ping"})
        assert (await live.receive())["type"] == "pong"
