"""Password hashing runs off the event loop, and its time does not tell which usernames exist.

Each test serves its own app with a password cost above the suite's CHEAPEST, so that the hash
dominates a login; every assertion compares times measured in the same test, never a constant.
"""

import asyncio
import contextlib
import dataclasses
import statistics
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager

import models
import resolvers.users.sessions as sessions
from app.main import create_app
from app.settings import Settings
from resolvers.passwords import make_hasher
from resolvers.ratelimit import Backoff, Budget
from tests.helpers import LOGIN

PASSWORD = "the-right-password"
KNOWN = "timing_known_user"


@pytest.fixture(autouse=True)
def unthrottled(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests time password checks, dozens of them: sign-in throttling (tested in
    test_login.py) would refuse or slow them down."""
    monkeypatch.setattr(sessions, "LOGIN_BACKOFF", Backoff("login", 10**6, 1.0, 1.0, 60.0))
    monkeypatch.setattr(sessions, "LOGIN_PER_ADDRESS", Budget("login-address", 10**6, 60.0))
    monkeypatch.setattr(sessions, "LOGIN_PER_ACCOUNT", Budget("login-account", 10**6, 60.0))


@contextlib.asynccontextmanager
async def serving(settings: Settings, profile: str) -> AsyncIterator[httpx.AsyncClient]:
    """The app with this password cost, and one account (removed again afterwards)."""
    configured = dataclasses.replace(settings, password_profile=profile)
    async with LifespanManager(create_app(configured)) as manager:
        user = await models.User.create(
            username=KNOWN, display_name=KNOWN, password_hash=make_hasher(profile).hash(PASSWORD)
        )
        try:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                yield client
        finally:
            await user.delete()


async def timed_login(client: httpx.AsyncClient, username: str, password: str) -> float:
    start = time.perf_counter()
    response = await client.post(
        "/graphql", json={"query": LOGIN, "variables": {"username": username, "password": password}}
    )
    elapsed = time.perf_counter() - start
    login = response.json()["data"]["login"]
    assert login["token"] is None, login
    assert login["errors"][0]["code"] == "UNAUTHENTICATED", login
    return elapsed


async def _refusal_medians(client: httpx.AsyncClient, rounds: int) -> tuple[float, float, float]:
    """Median times (ms) to refuse a known user's wrong password, an unknown username, and to
    answer /healthz, with the three alternating so that all see the same noise."""
    known, unknown, bare = [], [], []
    for number in range(rounds):
        known.append(await timed_login(client, KNOWN, f"wrong-{number}"))
        unknown.append(await timed_login(client, f"nobody_{number}", f"wrong-{number}"))
        start = time.perf_counter()
        await client.get("/healthz")
        bare.append(time.perf_counter() - start)
    known_ms, unknown_ms, bare_ms = (statistics.median(t) * 1e3 for t in (known, unknown, bare))
    return known_ms, unknown_ms, bare_ms


async def test_an_unknown_username_takes_as_long_to_refuse_as_a_wrong_password(settings):
    reports = []
    async with serving(settings, "m=16384,t=2,p=1") as client:  # a hash of some 20-40 ms here
        # given a warmed-up app
        for _ in range(3):
            await timed_login(client, KNOWN, "a-wrong-password")
            await timed_login(client, "nobody_here", "a-wrong-password")
            await client.get("/healthz")
        # when refusals of both kinds alternate; on a machine busy with other work a burst of
        # noise can skew one sample, so up to three samples are taken: a real difference (the
        # unknown name skipping the hash) shows in every one of them
        for _ in range(3):
            known_ms, unknown_ms, bare_ms = await _refusal_medians(client, rounds=15)
            reports.append(f"known {known_ms:.2f} ms, unknown {unknown_ms:.2f} ms")
            # then the medians differ by less than 20%, and the comparison means something:
            # the hash, not the request, makes up most of a login
            if abs(unknown_ms - known_ms) < 0.2 * known_ms and known_ms > 2 * bare_ms:
                return
    raise AssertionError("; ".join(reports))


async def test_the_event_loop_answers_other_requests_while_a_login_hashes(settings):
    async with serving(settings, "m=32768,t=2,p=1") as client:  # a hash of some 50-200 ms here
        await timed_login(client, KNOWN, "warm-up")
        # given a login under way
        login = asyncio.create_task(timed_login(client, KNOWN, "a-wrong-password"))
        # when other requests come meanwhile
        answered: list[float] = []
        while not login.done():
            start = time.perf_counter()
            # A request through ASGITransport need not suspend: yield so the login runs too.
            await asyncio.sleep(0.001)
            health = await client.get("/healthz")
            answered.append(time.perf_counter() - start)
            assert health.status_code == 200
        login_time = await login
    # then many were answered before the login was (with the hash on the loop, the first
    # would wait for the whole hash and the login would be done by then), typically in a
    # fraction of the login's time (the median: one slow answer on a loaded machine says
    # nothing about the loop)
    typical = statistics.median(answered)
    report = f"login {login_time * 1e3:.1f} ms, {len(answered)} others, median {typical * 1e3:.1f}"
    assert len(answered) >= 5, report
    assert typical < login_time / 3, report
