"""Subscriptions across `loudong serve` processes on PostgreSQL (issue 14): an event raised
through one process reaches the subscribers of another (LISTEN/NOTIFY), and still only those
whose scope holds it (sibling subtrees never)."""

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.seed import DEMO_PASSWORD
from tests.conftest import BACKEND, Templates
from tests.helpers import LOGIN
from tests.live import CASE_CHANGED, NOTICE_PUBLISHED, Console, console
from tests.served import served

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(BACKEND != "postgres", reason="LISTEN/NOTIFY needs PostgreSQL"),
]

NODES = "query N($level: OrgLevel!) { orgNodes(level: $level, first: 1) { edges { node { id } } } }"
SUBMIT = """
mutation S($input: SubmitCaseInput!) { submitCase(input: $input) { case { id } errors { code } } }
"""
NOTICE = """
mutation C($input: CreateNoticeInput!) {
  createNotice(input: $input) { notice { id } errors { code } }
}
"""


@pytest.fixture
def demo_url(templates: Templates, tmp_path: Path) -> str:
    return templates.database.fresh("demo", tmp_path)


class Server:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.tokens: dict[str, str] = {}

    async def gql(self, query: str, variables: dict[str, Any], as_: str) -> dict[str, Any]:
        token = await self.token(as_) if as_ else None
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data

    async def token(self, username: str) -> str:
        if username not in self.tokens:
            data = await self.gql(LOGIN, {"username": username, "password": DEMO_PASSWORD}, "")
            self.tokens[username] = data["login"]["token"]
        return self.tokens[username]

    async def own_node(self, username: str, level: str) -> str:
        data = await self.gql(NODES, {"level": level}, username)
        node_id: str = data["orgNodes"]["edges"][0]["node"]["id"]
        return node_id

    async def submit(self, username: str, title: str) -> str:
        building = await self.own_node(username, "BUILDING")
        data = await self.gql(
            SUBMIT,
            {"input": {"kind": "DEMAND", "nodeId": building, "title": title, "description": "x"}},
            username,
        )
        case_id: str = data["submitCase"]["case"]["id"]
        return case_id


async def drain(live: Console, quiet: float = 0.7) -> list[dict[str, Any]]:
    messages = []
    while True:
        try:
            messages.append(await live.receive(quiet))
        except TimeoutError:
            return messages


async def heard_once_subscribed(live: Console, trigger: Callable[[], Awaitable[Any]]) -> None:
    """Trigger events until `live` hears one: its subscription is registered on its server."""
    for _ in range(20):
        await trigger()
        if await drain(live):
            return
    raise AssertionError("the subscription never heard anything")


async def test_an_event_through_one_process_reaches_subscribers_of_another_in_scope_only(
    demo_url: str, tmp_path: Path
) -> None:
    with served(demo_url, tmp_path) as (url_a, _), served(demo_url, tmp_path) as (url_b, _):
        async with (
            httpx.AsyncClient(base_url=url_a, timeout=30) as client_a,
            httpx.AsyncClient(base_url=url_b, timeout=30) as client_b,
        ):
            a, b = Server(client_a), Server(client_b)
            one = await b.own_node("community1", "COMMUNITY")
            two = await b.own_node("community2", "COMMUNITY")
            async with (
                console(client_b, await b.token("community1")) as first,
                console(client_b, await b.token("community2")) as second,
            ):
                await first.subscribe(CASE_CHANGED, {"node": one})
                await second.subscribe(CASE_CHANGED, {"node": two})
                # given: both subscriptions on B hear cases raised through A
                await heard_once_subscribed(first, lambda: a.submit("resident1", "预热"))
                await heard_once_subscribed(second, lambda: a.submit("resident2", "预热"))
                # when: a resident of each street submits through A
                mine = await a.submit("resident1", "一号街道")
                theirs = await a.submit("resident2", "二号街道")
                # then: each subscriber on B hears its own street's case, and only that
                assert (await first.next_data())["caseChanged"]["id"] == mine
                assert (await second.next_data())["caseChanged"]["id"] == theirs
                await first.silent(0.5)
                await second.silent(0.5)

                # and notices: posted through A at each community, heard on B by its own
                await first.subscribe(NOTICE_PUBLISHED, {"node": one})
                await second.subscribe(NOTICE_PUBLISHED, {"node": two})

                async def post(username: str, node: str, title: str) -> str:
                    data = await a.gql(
                        NOTICE,
                        {"input": {"nodeId": node, "kind": "GENERAL", "title": title, "body": "x"}},
                        username,
                    )
                    notice_id: str = data["createNotice"]["notice"]["id"]
                    return notice_id

                await heard_once_subscribed(first, lambda: post("community1", one, "预热"))
                await heard_once_subscribed(second, lambda: post("community2", two, "预热"))
                notice = await post("community1", one, "停水通知")
                other = await post("community2", two, "停电通知")
                assert (await first.next_data())["noticePublished"]["id"] == notice
                assert (await second.next_data())["noticePublished"]["id"] == other
                await first.silent(0.5)
                await second.silent(0.5)


async def test_a_bad_token_is_closed_4403_by_a_real_server(demo_url: str, tmp_path: Path) -> None:
    with served(demo_url, tmp_path) as (url, _):
        async with httpx.AsyncClient(base_url=url, timeout=30) as client, console(client) as live:
            await live.ws.send_json({"type": "connection_init", "payload": {"token": "forged"}})
            assert await live.closed_with() == 4403
