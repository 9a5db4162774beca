"""The per-user cap on signed-in live connections (LOUDONG_LIVE_MAX_CONNECTIONS_PER_USER): past
it a connection is closed with 4429 before any acknowledgement, other users are not affected,
a closed connection gives its place back, and a logged-out token keeps no place."""

import dataclasses
from contextlib import AsyncExitStack
from typing import Any

import pytest

import models
from app.settings import Settings
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


async def every_place_held(stack: AsyncExitStack, app: Any, api: Api) -> str:
    """community1 holds every place of its account; the token its connections use."""
    token = await api.token("community1")
    await hold(stack, app, token, CAP)
    return token


async def test_past_the_cap_a_connection_is_refused_and_other_users_are_not(
    api: Api, app: Any, services: Services, demo
) -> None:
    async with AsyncExitStack() as stack:
        token = await every_place_held(stack, app, api)
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
        stolen = await every_place_held(stack, app, api)
        # when: the owner logs out (every token of the account ends)
        assert (await api.gql(LOGOUT, as_="community1"))["logout"]["errors"] == []
        # then: the owner signs in again and connects, up to the whole cap
        api.tokens.pop("community1")
        await hold(stack, app, await api.token("community1"), CAP)
        # and the stolen token opens nothing more
        assert await refused_with(app, stolen) == 4403
