"""How many live connections each signed-in user holds in this process, and the cap on them.

A console needs one WebSocket (a few while tabs are open); without a cap, one account (or a
stolen token) could hold any number of sockets, each with its subscriptions re-reading the
database at every event. A connection takes its place once signed in and gives it back when it
closes. A place held by a session that has ended since (its token expired, or the account
logged out or changed its password: a newer token version) is not counted: the next sign-in of
the owner drops it, so a stolen token cannot lock the owner out after a logout. The socket of
such a session stops at its next delivery (`session.still_signed_in`).

The cap is per process: with several server processes a user may hold up to the cap in each.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # session.py reads the context, which holds these
    from resolvers.live.session import LiveSession


@dataclass
class LiveConnections:
    per_user: int
    # user id -> connection key -> the session that holds the place
    _held: "dict[int, dict[int, LiveSession]]" = field(default_factory=dict)

    def open(self, key: int, session: "LiveSession") -> bool:
        """Take a place for connection `key`, signed in as `session` (just checked against the
        account: its token version is the current one); False when the user has no place
        left."""
        held = self._held.setdefault(session.user_id, {})
        now = datetime.now(UTC)
        for other_key, other in list(held.items()):
            if other.token_version < session.token_version or other.expires_at <= now:
                del held[other_key]
        if len(held) >= self.per_user:
            return False
        held[key] = session
        return True

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
