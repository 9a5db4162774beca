"""How many exports run at once in this process: a few in all, fewer per account.

An export holds a temporary file (XLSX) and a batch of rows until its client has read the
last byte; a client that reads slowly, or opens many downloads and reads none, would otherwise
hold as many of them as it likes. Each account gets `per_user` at once and the process
`at_once`; past either the request is refused at once (RATE_LIMITED, HTTP 429), never queued.
The count lives in the process (an export is one process's stream), so `--workers N` allows N
times as many in all.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from resolvers.errors import RateLimited

BUSY = "Too many downloads at once; wait for one to finish."


@dataclass
class ExportGate:
    at_once: int = 4
    per_user: int = 2
    _running: Counter[int] = field(default_factory=Counter)

    def enter(self, user_id: int) -> Callable[[], None]:
        """Take a place (RATE_LIMITED when none is free); call what it returns, once, to leave."""
        if self._running.total() >= self.at_once or self._running[user_id] >= self.per_user:
            raise RateLimited(BUSY)
        self._running[user_id] += 1
        left = False

        def leave() -> None:
            nonlocal left
            if not left:
                left = True
                self._running[user_id] -= 1
                if self._running[user_id] <= 0:
                    del self._running[user_id]

        return leave
