"""How many live connections each signed-in user holds in this process, and the cap on them.

A console needs one WebSocket (a few while tabs are open); without a cap, one account (or a
stolen token) could hold any number of sockets, each with its subscriptions re-reading the
database at every event. A connection takes its place once signed in and gives it back when it
closes. A place held by a session that has ended since (its token expired, or the account
logged out or changed its password: a newer token version) is not counted: the next sign-in of
the owner drops it and closes its connection, so a stolen token cannot lock the owner out after
a logout, nor can logging out and in again hold more connections than the cap.

The cap is per process: with several server processes a user may hold up to the cap in each.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # session.py reads the context, which holds these
    from resolvers.live.session import LiveSession


# Closes a connection (its session ended).
Ending = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class Held:
    session: "LiveSession"
    end: Ending


@dataclass(frozen=True)
class Opening:
    granted: bool  # False: the user has no place left
    ended: list[Ending]  # connections of the user's ended sessions, dropped: close them now


@dataclass
class LiveConnections:
    per_user: int
    # user id -> connection key -> the session that holds the place, and how to close it
    _held: dict[int, dict[int, Held]] = field(default_factory=dict)

    def open(self, key: int, session: "LiveSession", end: Ending) -> Opening:
        """Take a place for connection `key`, signed in as `session` (just checked against the
        account: its token version is the current one) and closed by `end`. Without an await,
        so that concurrent sign-ins count one after the other."""
        held = self._held.setdefault(session.user_id, {})
        now = datetime.now(UTC)
        ended = [
            other_key
            for other_key, other in held.items()
            if other.session.token_version < session.token_version
            or other.session.expires_at <= now
        ]
        endings = [held.pop(other_key).end for other_key in ended]
        granted = len(held) < self.per_user
        if granted:
            held[key] = Held(session, end)
        return Opening(granted, endings)

    def close(self, key: int, user_id: int) -> None:
        """Give back connection `key`'s place (nothing when it held none)."""
        held = self._held.get(user_id)
        if held is None:
            return
        held.pop(key, None)
        if not held:
            del self._held[user_id]

    def held_by(self, user_id: int) -> int:
        """The places `user_id` holds now, ended sessions included until they are dropped."""
        return len(self._held.get(user_id, {}))
