"""The one way to run CPU-heavy or blocking work (Argon2, spreadsheets, file writes) off the
event loop: in a worker thread, at most as many at a time as the given limiter allows.

One Argon2 hash takes 0.35-0.9 s here and parsing a 20 MB workbook seconds; on the loop either
would stall every other request meanwhile. The limiter bounds the threads (and the memory: one
hash holds 64 MiB), so a burst of logins or uploads waits its turn instead of piling up.
"""

from collections.abc import Callable
from typing import TypeVar, TypeVarTuple, Unpack

from anyio import CapacityLimiter, to_thread

T = TypeVar("T")
Ts = TypeVarTuple("Ts")


async def run_off_loop(limiter: CapacityLimiter, work: Callable[[Unpack[Ts]], T], *args: *Ts) -> T:
    """`work(*args)` in a worker thread; the loop serves other requests until it returns.

    Cancelling the caller still lets the thread finish, so a half-written file is never left
    behind by a dropped request.
    """
    return await to_thread.run_sync(work, *args, limiter=limiter)
