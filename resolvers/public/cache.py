"""An in-process TTL cache of assembled public building pages, one entry per building.

Bounded (`max_size` entries, the least recently used go first) and short-lived (`ttl`
seconds), it spares the database the half-dozen reads of a page that a crowd scanning one
entrance's code would repeat. It never decides who sees a page: the QR token is looked up in
the database on every request (a rotated token stops working at once, in every process), and
the cache holds nothing a page does not show anyone.

A forgotten building is held out of the cache for `hold` seconds (the database's statement
timeout): the change that dropped its page may not be committed yet, and a page assembled
meanwhile, from what was there before, must not be kept for a whole TTL. Such pages are
answered, just not kept.

Entries are dropped in this process when the building's QR token rotates, a party member's
consent or pledge there changes, or a notice at it or above it is posted, changed or
withdrawn. Other server processes (`--workers N`) keep theirs until the TTL ends, so such a
change shows everywhere within `ttl` seconds; so does a notice reaching its publish time or
expiry, and a title or award given or taken.
"""

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

P = TypeVar("P")

TTL_SECONDS = 60.0
MAX_SIZE = 1_000
HOLD_SECONDS = 10.0  # LOUDONG_DB_TIMEOUT's default: no transaction stays open longer


@dataclass
class _Entry(Generic[P]):
    page: P
    path: str
    expires: float


class PageCache(Generic[P]):
    def __init__(
        self,
        ttl: float = TTL_SECONDS,
        max_size: int = MAX_SIZE,
        clock: Callable[[], float] = time.monotonic,
        hold: float = HOLD_SECONDS,
    ) -> None:
        self.ttl = ttl
        self.max_size = max_size
        self.hold = hold
        self._clock = clock
        self._entries: OrderedDict[int, _Entry[P]] = OrderedDict()
        # When each building (by id) or subtree (by path) was last forgotten.
        self._held_ids: dict[int, float] = {}
        self._held_paths: dict[str, float] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, building_id: int) -> P | None:
        entry = self._entries.get(building_id)
        if entry is None:
            return None
        if entry.expires <= self._clock():
            del self._entries[building_id]
            return None
        self._entries.move_to_end(building_id)
        return entry.page

    def put(self, building_id: int, path: str, page: P) -> None:
        """Keep the page, unless its building was forgotten less than `hold` seconds ago."""
        now = self._clock()
        since = now - self.hold
        self._held_ids = {k: at for k, at in self._held_ids.items() if at > since}
        self._held_paths = {k: at for k, at in self._held_paths.items() if at > since}
        if building_id in self._held_ids or any(path.startswith(p) for p in self._held_paths):
            return
        self._entries[building_id] = _Entry(page, path, now + self.ttl)
        self._entries.move_to_end(building_id)
        while len(self._entries) > self.max_size:
            self._entries.popitem(last=False)

    def forget(self, building_id: int) -> None:
        self._entries.pop(building_id, None)
        self._held_ids[building_id] = self._clock()

    def forget_under(self, path: str) -> None:
        """Drop the pages of every building in the subtree at `path` (a notice posted there)."""
        for building_id in [k for k, e in self._entries.items() if e.path.startswith(path)]:
            del self._entries[building_id]
        self._held_paths[path] = self._clock()

    def clear(self) -> None:
        self._entries.clear()
