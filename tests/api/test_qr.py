"""Anonymous QR submission under attack (issue 8, items 9 and 10): nothing malformed is
counted, one client cannot spend a building's budget, forwarded addresses count only from a
trusted proxy, and a repeated idempotency key answers a receipt, never the case."""

import dataclasses
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from ipaddress import ip_network
from typing import Any

import httpx
import pytest

import models
import resolvers.cases.qr as qr
from app.settings import Settings
from resolvers.ratelimit import Budget
from tests.api.test_case_extras import QR_SUBMIT, qr_token
from tests.api.test_cases import ok, step
from tests.helpers import Api, gid

GENUINE = {"kind": "DEMAND", "title": "需要助餐", "description": "腿脚不便", "name": "王大爷",
           "phone": "13912345678"}  # fmt: skip


@asynccontextmanager
async def from_address(app: Any, address: str) -> AsyncIterator[Api]:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield Api(http)


async def submit(
    api: Api, token: str, key: str, content: dict[str, str] = GENUINE, forwarded: str = ""
) -> dict[str, Any]:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    response = await api.client.post(
        "/graphql",
        json={"query": QR_SUBMIT, "variables": {"token": token, "key": key, "input": content}},
        headers=headers,
    )
    payload: dict[str, Any] = response.json()["data"]["submitCaseByQr"]
    return payload


def code_of(payload: dict[str, Any]) -> str:
    return payload["errors"][0]["code"] if payload["errors"] else "OK"


async def test_sixty_malformed_submissions_count_against_nothing(api: Api, demo):
    # given
    token = await qr_token(api)
    before = await models.RateLimit.all().order_by("key").values_list("key", "tat")
    malformed = [
        ("short", GENUINE),  # the audit's too-short idempotency key
        ("key with spaces", GENUINE),
        ("good-key-0001", GENUINE | {"phone": "12345"}),
        ("good-key-0002", GENUINE | {"name": ""}),
        ("good-key-0003", GENUINE | {"name": "名\u202e字"}),
        ("good-key-0004", GENUINE | {"title": ""}),
    ]
    # when: sixty of them from one client
    for n in range(60):
        key, content = malformed[n % len(malformed)]
        assert code_of(await submit(api, token, key, content)) == "INVALID"
    # then: nothing was counted, and a genuine resident still submits
    assert await models.RateLimit.all().order_by("key").values_list("key", "tat") == before
    assert code_of(await submit(api, token, "genuine-0001")) == "OK"


async def test_unknown_codes_spend_nothing_of_a_real_code(app, api: Api, demo, monkeypatch):
    # given: a code whose own budget holds two submissions
    monkeypatch.setattr(qr, "QR_PER_CODE", Budget("qr-code", 2, 3600.0))
    token = await qr_token(api)
    # when: well-formed but unknown codes, from several clients
    for n in range(6):
        async with from_address(app, f"198.51.100.{n + 1}") as attacker:
            unknown = "A" * 32 if n % 2 else token[:-1] + ("A" if token[-1] != "A" else "B")
            payload = await submit(attacker, unknown, f"forged-{n:04d}")
            assert payload["errors"][0]["field"] == "token"
    # then: the real code's budget is whole
    for n in range(2):
        async with from_address(app, f"203.0.113.{n + 1}") as resident:
            assert code_of(await submit(resident, token, f"genuine-{n:04d}")) == "OK"


async def test_one_client_cannot_spend_a_buildings_budget(app, api: Api, demo, monkeypatch):
    # given: no per-address limit in the way, and a code budget of 15
    monkeypatch.setattr(qr, "QR_PER_ADDRESS", Budget("qr-address", 1000, 60.0))
    monkeypatch.setattr(qr, "QR_PER_CODE", Budget("qr-code", 15, 3600.0))
    token = await qr_token(api)
    # when: one client submits sixty times
    async with from_address(app, "198.51.100.7") as flooder:
        codes = [code_of(await submit(flooder, token, f"flood-{n:04d}")) for n in range(60)]
    # then: it gets its own share only
    assert codes == ["OK"] * 10 + ["RATE_LIMITED"] * 50
    # and residents still submit
    for n in range(5):
        async with from_address(app, f"203.0.113.{n + 1}") as resident:
            assert code_of(await submit(resident, token, f"genuine-{n:04d}")) == "OK"


async def test_a_forwarded_header_does_not_make_one_client_many(api: Api, demo):
    # given: no trusted proxy (the default)
    token = await qr_token(api)
    # when: each submission claims another address
    codes = [
        code_of(await submit(api, token, f"spoof-{n:04d}", forwarded=f"10.9.0.{n}"))
        for n in range(12)
    ]
    # then: all are the one client they come from
    assert codes == ["OK"] * 10 + ["RATE_LIMITED"] * 2


class TestBehindAProxy:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        """127.0.0.1, the test client's address, is the trusted proxy."""
        return dataclasses.replace(settings, trusted_proxies=(ip_network("127.0.0.1"),))

    async def test_a_trusted_proxy_names_the_client(self, api: Api, demo):
        # given
        token = await qr_token(api)
        # when: clients behind the proxy, one of which forges addresses left of its own
        forged = [
            code_of(await submit(api, token, f"forge-{n:04d}",
                                 forwarded=f"10.9.0.{n}, 198.51.100.7"))
            for n in range(12)
        ]  # fmt: skip
        other = await submit(api, token, "other-0001", forwarded="203.0.113.5")
        # then: the forger counts as the one address the proxy saw, the other client apart
        assert forged == ["OK"] * 10 + ["RATE_LIMITED"] * 2
        assert code_of(other) == "OK"


async def test_a_repeated_key_answers_a_receipt_never_the_case(api: Api, demo):
    # given: a submission that staff then worked on, with a note
    token = await qr_token(api)
    first = await submit(api, token, "door-code-0001")
    reference = first["receipt"]["reference"]
    ok(await step(api, "acceptCase", reference, "community1"))
    ok(await step(api, "assignCase", reference, "community1",
                  assigneeId=gid(await models.User.get(username="grid1"))))  # fmt: skip
    ok(await step(api, "resolveCase", reference, "grid1", note="门禁密码 4711#"))
    # when: anyone repeats the key with the same content
    again = await submit(api, token, "door-code-0001")
    # then: reference and status only
    assert again["errors"] == []
    assert set(again["receipt"]) == {"reference", "status", "submittedAt"}
    assert again["receipt"]["reference"] == reference
    assert again["receipt"]["status"] == "RESOLVED"
    text = json.dumps(again, ensure_ascii=False)
    assert "grid1" not in text
    assert "4711" not in text
    # and the payload has no way to ask for more
    body = await api.raw(QR_SUBMIT.replace("receipt {", "case { id } receipt {"),
                         {"token": token, "key": "door-code-0001", "input": GENUINE})  # fmt: skip
    assert "case" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    "changes",
    [{"title": "别的事"}, {"phone": "13700000000"}, {"name": "别人"}, {"description": "x"},
     {"kind": "HAZARD"}, {"category": "OTHER"}],
)  # fmt: skip
async def test_a_repeated_key_with_other_content_is_a_conflict(api: Api, demo, changes):
    # given
    token = await qr_token(api)
    assert code_of(await submit(api, token, "same-key-0001")) == "OK"
    # when
    payload = await submit(api, token, "same-key-0001", GENUINE | changes)
    # then
    assert payload["receipt"] is None
    assert payload["errors"][0] == {
        "field": "idempotencyKey",
        "code": "CONFLICT",
        "message": "This idempotency key was used for another submission; use a new key.",
    }
    assert await models.Case.filter(idempotency_key="same-key-0001").count() == 1


async def test_the_same_content_spelled_differently_is_the_same_submission(api: Api, demo):
    token = await qr_token(api)
    first = await submit(api, token, "spelled-0001")
    again = await submit(api, token, "spelled-0001",
                         GENUINE | {"phone": "139 1234 5678", "name": " 王大爷 "})  # fmt: skip
    assert again == first
