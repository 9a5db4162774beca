"""The per-user cap on live connections (resolvers/live/connections.py), without sockets."""

from datetime import UTC, datetime, timedelta

import pytest

from app.settings import Settings, SettingsError
from resolvers.live.connections import LiveConnections
from resolvers.live.session import LiveSession

LATER = datetime.now(UTC) + timedelta(hours=1)


def session(user_id: int = 1, version: int = 0, expires_at: datetime = LATER) -> LiveSession:
    return LiveSession(user_id, version, expires_at, loaded_at=0.0)


class Places:
    """LiveConnections, with each connection's `end` recording that it was closed."""

    def __init__(self, per_user: int) -> None:
        self.connections = LiveConnections(per_user)
        self.closed: list[int] = []

    async def open(self, key: int, signed_in: LiveSession) -> bool:
        async def end() -> None:
            self.closed.append(key)

        opening = self.connections.open(key, signed_in, end)
        for ending in opening.ended:
            await ending()
        return opening.granted


async def test_each_user_holds_at_most_the_cap_and_a_closed_connection_gives_its_place_back():
    places = Places(per_user=2)
    assert [await places.open(key, session()) for key in (1, 2, 3)] == [True, True, False]
    assert await places.open(4, session(user_id=2))  # another user has places of their own
    places.connections.close(1, user_id=1)
    assert await places.open(3, session())
    assert places.connections.held_by(1) == 2
    places.connections.close(99, user_id=1)  # a connection that held no place
    places.connections.close(99, user_id=7)
    assert places.connections.held_by(1) == 2
    assert places.closed == []


async def test_a_newer_token_version_drops_and_closes_the_connections_of_the_older_ones():
    # given: a stolen token (version 0) holding every place
    places = Places(per_user=2)
    assert [await places.open(key, session(version=0)) for key in (1, 2)] == [True, True]
    # when: the owner logs out and signs in again (version 1)
    assert await places.open(3, session(version=1))
    # then: the old session's connections are closed and hold no place; the owner has the cap
    assert sorted(places.closed) == [1, 2]
    assert places.connections.held_by(1) == 1
    assert [await places.open(key, session(version=1)) for key in (4, 5)] == [True, False]


async def test_an_expired_session_holds_no_place_and_is_closed():
    places = Places(per_user=1)
    assert await places.open(1, session(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    assert await places.open(2, session())
    assert places.closed == [1]
    assert places.connections.held_by(1) == 1


@pytest.mark.parametrize("value", ["0", "-3"])
def test_the_cap_is_at_least_one(value: str, tmp_path) -> None:
    environ = {"LOUDONG_DATA_DIR": str(tmp_path)}
    assert Settings.from_environ(environ).live_max_connections_per_user == 10
    with pytest.raises(SettingsError, match="LOUDONG_LIVE_MAX_CONNECTIONS_PER_USER"):
        Settings.from_environ({**environ, "LOUDONG_LIVE_MAX_CONNECTIONS_PER_USER": value})
