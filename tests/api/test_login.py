"""Sign-in throttling (issue 8, item 8): per account and address with a back-off that cannot
lock the owner out, per address, per account (only slowing), one `login` per request, and the
same answers for unknown and known usernames."""

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import SimpleNamespace

import httpx
import pytest
from starlette.types import ASGIApp
from tortoise.expressions import F

import models
import resolvers.users.sessions as sessions
from resolvers.ratelimit import Budget, _row_key
from tests.helpers import LOGIN, Api

RIGHT = "loudong-demo"
WRONG = "wrong-password"


@asynccontextmanager
async def from_address(app: ASGIApp, address: str) -> AsyncIterator[Api]:
    """An API client whose requests come from `address`."""
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield Api(http)


async def sign_in(api: Api, username: str, password: str) -> str:
    """OK, or the error code of the attempt."""
    data = await api.gql(LOGIN, {"username": username, "password": password})
    if data["login"]["token"]:
        return "OK"
    code: str = data["login"]["errors"][0]["code"]
    return code


ATTACKER = "198.51.100.7"


async def move_wait(seconds: float, username: str = "grid1", address: str = ATTACKER) -> None:
    """Moves the end of the back-off's wait of `username` from `address` (the limits read the
    wall clock). Only that row: the per-address and per-account budgets stay as they are."""
    key = _row_key(sessions.LOGIN_BACKOFF.name, f"{username}|{address}")
    assert await models.RateLimit.filter(key=key).update(tat=F("tat") + seconds) == 1


async def wait_is_over() -> None:
    """As if the back-off's wait had passed."""
    await move_wait(-7200)


async def test_wrong_passwords_back_off_and_the_owner_still_signs_in_elsewhere(app, demo):
    async with from_address(app, ATTACKER) as attacker:
        # when: five wrong passwords for one account, then fifty-five more
        codes = [await sign_in(attacker, "grid1", WRONG) for _ in range(5)]
        # (a wait no slow machine outlasts, so that each of the 55 meets it)
        await move_wait(3600)
        codes += [await sign_in(attacker, "grid1", WRONG) for _ in range(55)]
        # then: five tries, then refusals (not counted), even for the right password
        assert codes == ["UNAUTHENTICATED"] * 5 + ["RATE_LIMITED"] * 55
        assert await sign_in(attacker, "grid1", RIGHT) == "RATE_LIMITED"
        # and after the wait one more try, then a wait doubled from the first (1 s): had the
        # refusals been counted it would be the cap (900 s)
        await wait_is_over()
        assert await sign_in(attacker, "grid1", WRONG) == "UNAUTHENTICATED"
        body = await attacker.gql(LOGIN, {"username": "grid1", "password": WRONG})
        error = body["login"]["errors"][0]
        assert (error["code"], _seconds(error)) in {("RATE_LIMITED", 2), ("RATE_LIMITED", 1)}
    # and the owner, from their own address, is not locked out
    async with from_address(app, "203.0.113.20") as owner:
        assert await sign_in(owner, "grid1", RIGHT) == "OK"


async def test_the_wait_doubles_up_to_a_cap(app, demo):
    async with from_address(app, ATTACKER) as attacker:
        for _ in range(5):
            await sign_in(attacker, "grid1", WRONG)
        waits = []
        for _ in range(14):
            body = await attacker.gql(LOGIN, {"username": "grid1", "password": WRONG})
            waits.append(int(body["login"]["errors"][0]["message"].split(" in ")[1].split()[0]))
            await wait_is_over()
            await sign_in(attacker, "grid1", WRONG)
    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900]


async def test_a_success_forgets_the_failures_of_that_address(app, demo):
    async with from_address(app, ATTACKER) as user:
        assert [await sign_in(user, "grid1", WRONG) for _ in range(4)] == ["UNAUTHENTICATED"] * 4
        assert await sign_in(user, "grid1", RIGHT) == "OK"
        assert [await sign_in(user, "grid1", WRONG) for _ in range(5)] == ["UNAUTHENTICATED"] * 5


async def test_unknown_and_known_usernames_are_throttled_alike(app, demo):
    async with from_address(app, ATTACKER) as attacker:
        answers = {}
        for username in ("grid1", "no-such-user"):
            bodies = [
                await attacker.gql(LOGIN, {"username": username, "password": WRONG})
                for _ in range(7)
            ]
            answers[username] = [b["login"]["errors"][0] for b in bodies]
    # the same errors, word for word but for the seconds left to wait, which the wall clock
    # between the two runs may move by one on a loaded machine
    assert _without_seconds(answers["grid1"]) == _without_seconds(answers["no-such-user"])
    for known, unknown in zip(answers["grid1"], answers["no-such-user"], strict=True):
        assert abs(_seconds(known) - _seconds(unknown)) <= 1, (known, unknown)
    assert [e["code"] for e in answers["grid1"]] == ["UNAUTHENTICATED"] * 5 + ["RATE_LIMITED"] * 2


def _without_seconds(errors: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{**error, "message": re.sub(r"\d+", "N", error["message"])} for error in errors]


def _seconds(error: dict[str, str]) -> int:
    found = re.search(r"\d+", error["message"])
    return int(found.group()) if found else 0


async def test_other_spellings_of_a_name_share_its_back_off(app, demo):
    async with from_address(app, ATTACKER) as attacker:
        full_width = "\uff47\uff52\uff49\uff44\uff11"
        names = ("grid1", "Grid1", "GRID1", full_width, "grid1 ", "gRid1")
        codes = [await sign_in(attacker, name, WRONG) for name in names]
    assert codes == ["UNAUTHENTICATED"] * 5 + ["RATE_LIMITED"]


async def test_one_address_trying_many_accounts_is_refused(app, demo, monkeypatch):
    # given: a small per-address budget
    monkeypatch.setattr(sessions, "LOGIN_PER_ADDRESS", Budget("login-address", 8, 3600.0))
    usernames = [f"{stem}{n}" for n in (1, 2) for stem in ("grid", "building", "street")]
    async with from_address(app, ATTACKER) as sprayer:
        # when: two wrong passwords for each of six accounts
        codes = [await sign_in(sprayer, name, WRONG) for name in usernames for _ in range(2)]
        # then
        assert codes == ["UNAUTHENTICATED"] * 8 + ["RATE_LIMITED"] * 4
        assert await sign_in(sprayer, "street2", RIGHT) == "RATE_LIMITED"
    async with from_address(app, "203.0.113.20") as other:
        assert await sign_in(other, "street2", RIGHT) == "OK"


async def test_many_addresses_slow_an_account_down_but_never_lock_it(app, demo, monkeypatch):
    # given: the account's budget is spent by wrong passwords from many addresses
    monkeypatch.setattr(sessions, "LOGIN_PER_ACCOUNT", Budget("login-account", 6, 900.0))
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(sessions, "anyio", SimpleNamespace(sleep=sleep))
    for n in range(6):
        async with from_address(app, f"198.51.100.{n + 1}") as attacker:
            assert await sign_in(attacker, "grid1", WRONG) == "UNAUTHENTICATED"
    assert slept == []
    # when: the owner signs in from yet another address
    async with from_address(app, "203.0.113.20") as owner:
        # then: slowed down, not refused
        assert await sign_in(owner, "grid1", RIGHT) == "OK"
        assert slept == [sessions.ACCOUNT_SLOWDOWN]
        # and another account is not slowed
        assert await sign_in(owner, "grid2", RIGHT) == "OK"
        assert slept == [sessions.ACCOUNT_SLOWDOWN]


LOGIN_FIELD = 'login(username: "grid1", password: "wrong-password") { token }'


@pytest.mark.parametrize(
    "query",
    [
        f"mutation {{ a: {LOGIN_FIELD} b: {LOGIN_FIELD} }}",
        f"mutation {{ ... on Mutation {{ a: {LOGIN_FIELD} }} "
        f"... on Mutation {{ b: {LOGIN_FIELD} }} }}",
        f"mutation {{ a: {LOGIN_FIELD} ...B }} fragment B on Mutation {{ b: {LOGIN_FIELD} }}",
        f"mutation {{ ...A ...B }} fragment A on Mutation {{ a: {LOGIN_FIELD} }} "
        f"fragment B on Mutation {{ ... on Mutation {{ b: {LOGIN_FIELD} }} }}",
    ],
)
async def test_one_request_tries_one_password(api: Api, demo, query):
    # when
    body = await api.raw(query)
    # then: refused whole, and nothing was tried
    assert body.get("data") is None, body
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert not await models.RateLimit.exists()


async def test_a_stolen_token_cannot_guess_the_password_freely(api: Api, demo):
    change = """mutation($old: String!) {
      changePassword(oldPassword: $old, newPassword: "x-new-password") { token errors { code } }
    }"""
    codes = []
    for _ in range(7):
        data = await api.gql(change, {"old": WRONG}, as_="grid1")
        codes.append(data["changePassword"]["errors"][0]["code"])
    assert codes == ["INVALID"] * 5 + ["RATE_LIMITED"] * 2
