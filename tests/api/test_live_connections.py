"""The per-user cap on signed-in live connections (LOUDONG_LIVE_MAX_CONNECTIONS_PER_USER): past
it a connection is closed with 4429 before any acknowledgement, other users are not affected,
a closed connection gives its place back, and an ended session (logout, new password, expiry)
keeps no place: its connections are closed (4403) when its user signs in again."""

import asyncio
import dataclasses
from contextlib import AsyncExitStack
from typing import Any

import pytest
from asgi_lifespan import LifespanManager

import models
import resolvers.live.session as session_module
from app.main import create_app
from app.settings import Settings
from resolvers import auth
from resolvers.auth import issue_token
from resolvers.context import Services
from tests.helpers import Api
from tests.live import Console, console, until

CAP = 2
LOGOUT = "mutation { logout { errors { code } } }"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, live_max_connections_per_user=CAP)


async def refused_with(app: Any, token: str) -> int:
    """The close code of a connection signed in with `token` (fails if it is acknowledged)."""
    async with console(app) as live:
        await live.ws.send_json({"type": "connection_init", "payload": {"token": token}})
        return await live.closed_with()


async def user_id_of(username: str) -> int:
    return (await models.User.get(username=username)).id


async def hold(stack: AsyncExitStack, app: Any, token: str, count: int) -> list[Console]:
    return [await stack.enter_async_context(console(app, token)) for _ in range(count)]


async def every_place_held(stack: AsyncExitStack, app: Any, api: Api) -> tuple[str, list[Console]]:
    """community1 holds every place of its account: the token, and the connections."""
    token = await api.token("community1")
    return token, await hold(stack, app, token, CAP)


async def test_past_the_cap_a_connection_is_refused_and_other_users_are_not(
    api: Api, app: Any, services: Services, demo
) -> None:
    async with AsyncExitStack() as stack:
        token, _ = await every_place_held(stack, app, api)
        # then: one more is closed with 4429, even with another token of the same account
        assert await refused_with(app, token) == 4429
        api.tokens.pop("community1")
        assert await refused_with(app, await api.token("community1")) == 4429
        # and another user still connects
        await hold(stack, app, await api.token("community2"), 1)
        assert services.live_connections.held_by(await user_id_of("community1")) == CAP


@pytest.mark.parametrize("closed_by", ["the_client", "the_server"])
async def test_a_closed_connection_gives_its_place_back(
    api: Api, app: Any, services: Services, demo, closed_by: str
) -> None:
    token = await api.token("community1")
    user_id = await user_id_of("community1")
    async with AsyncExitStack() as stack:
        await hold(stack, app, token, CAP - 1)
        async with console(app, token) as last:
            assert services.live_connections.held_by(user_id) == CAP
            if closed_by == "the_server":  # a second connection_init: the protocol's 4429
                await last.ws.send_json({"type": "connection_init", "payload": {}})
                assert await last.closed_with() == 4429
                await until(lambda: services.live_connections.held_by(user_id) == CAP - 1)
        await until(lambda: services.live_connections.held_by(user_id) == CAP - 1)
        # then: the place is free again
        await hold(stack, app, token, 1)


async def test_a_logged_out_token_does_not_keep_the_owners_places(
    api: Api, app: Any, services: Services, demo
) -> None:
    async with AsyncExitStack() as stack:
        # given: a stolen token holds every place of the account
        stolen, thief = await every_place_held(stack, app, api)
        # when: the owner logs out (every token of the account ends)
        assert (await api.gql(LOGOUT, as_="community1"))["logout"]["errors"] == []
        # then: the owner signs in again and connects, up to the whole cap
        api.tokens.pop("community1")
        await hold(stack, app, await api.token("community1"), CAP)
        # and the stolen token's connections are closed, and it opens nothing more
        assert [await live.closed_with() for live in thief] == [4403] * CAP
        assert await refused_with(app, stolen) == 4403


async def test_logging_out_and_in_again_holds_no_more_than_the_cap(
    api: Api, app: Any, services: Services, demo
) -> None:
    async with AsyncExitStack() as stack:
        sessions = []
        for _ in range(3):  # three sessions in a row, each taking the whole cap
            sessions.append((await every_place_held(stack, app, api))[1])
            assert (await api.gql(LOGOUT, as_="community1"))["logout"]["errors"] == []
            api.tokens.pop("community1")
        # then: the first two sessions' connections were closed when the next one signed in
        for ended in sessions[:2]:
            assert [await live.closed_with() for live in ended] == [4403] * CAP
        assert services.live_connections.held_by(await user_id_of("community1")) == CAP


async def test_a_sign_in_slower_than_the_init_timeout_is_still_acknowledged(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: a 0.3 s wait for connection_init, and a sign-in that takes 0.6 s
    quick = dataclasses.replace(settings, live_init_seconds=0.3)
    real = auth.current_user

    async def slow(user_id: int, version: int) -> models.User | None:
        await asyncio.sleep(0.6)
        return await real(user_id, version)

    monkeypatch.setattr(session_module, "current_user", slow)
    async with LifespanManager(create_app(quick)) as running:
        user = await models.User.create(username="slow", display_name="慢", password_hash="-")
        token = issue_token(running._state["services"], user)
        # then: the init arrived in time, so the connection is signed in and acknowledged
        async with console(running.app, token) as live:
            await live.silent(0.5)  # and not closed with 4408 afterwards
