"""The per-user cap on live connections (resolvers/live/connections.py), without sockets."""

from datetime import UTC, datetime, timedelta

import pytest

from app.settings import Settings, SettingsError
from resolvers.live.connections import LiveConnections
from resolvers.live.session import LiveSession

LATER = datetime.now(UTC) + timedelta(hours=1)


def session(user_id: int = 1, version: int = 0, expires_at: datetime = LATER) -> LiveSession:
    return LiveSession(user_id, version, expires_at, loaded_at=0.0)


def test_each_user_holds_at_most_the_cap_and_a_closed_connection_gives_its_place_back() -> None:
    places = LiveConnections(per_user=2)
    assert places.open(1, session())
    assert places.open(2, session())
    assert not places.open(3, session())
    assert places.open(4, session(user_id=2))  # another user has places of their own
    places.close(1, user_id=1)
    assert places.open(3, session())
    assert places.held_by(1) == 2
    places.close(99, user_id=1)  # a connection that held no place
    places.close(99, user_id=7)
    assert places.held_by(1) == 2


def test_a_newer_token_version_drops_the_places_of_the_older_ones() -> None:
    # given: a stolen token (version 0) holding every place
    places = LiveConnections(per_user=2)
    assert places.open(1, session(version=0))
    assert places.open(2, session(version=0))
    # when: the owner logs out and signs in again (version 1)
    assert places.open(3, session(version=1))
    # then: the old session's places are gone, and the owner has the rest of the cap
    assert places.held_by(1) == 1
    assert places.open(4, session(version=1))
    assert not places.open(5, session(version=1))


def test_an_expired_session_holds_no_place() -> None:
    places = LiveConnections(per_user=1)
    assert places.open(1, session(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    assert places.open(2, session())
    assert places.held_by(1) == 1


@pytest.mark.parametrize("value", ["0", "-3"])
def test_the_cap_is_at_least_one(value: str, tmp_path) -> None:
    environ = {"LOUDONG_DATA_DIR": str(tmp_path)}
    assert Settings.from_environ(environ).live_max_connections_per_user == 10
    with pytest.raises(SettingsError, match="LOUDONG_LIVE_MAX_CONNECTIONS_PER_USER"):
        Settings.from_environ({**environ, "LOUDONG_LIVE_MAX_CONNECTIONS_PER_USER": value})
