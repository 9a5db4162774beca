"""Rate limits kept in the database (table `rate_limit`), so that every server process shares
them: `--workers 4` does not multiply a limit by four.

Two shapes, each one atomic SQL statement that PostgreSQL and SQLite both run:

- a `Budget`: at most `limit` units per `seconds`, refilled smoothly (GCRA: the row's `tat`
  runs ahead of the clock by what was spent; a spend that would put it more than `seconds`
  ahead is refused and changes nothing);
- a `Backoff`: failures in a row; after `free` of them each attempt must wait twice as long
  as the one before, up to `max_wait`. The attempt is counted before it is checked, so that
  parallel requests cannot all slip through one opening; a success forgets the count.

Outside a transaction each statement commits at once. Inside a mutation's transaction a spend
keeps its row locked until the transaction ends (requests sharing the key wait for it: spend
before a long transaction instead, as the QR submission does), and `schema.mutations.mutate`
writes it again after a rollback (`kept_spends`), so that a mutation failing after its spend
(a CONFLICT, an INVALID) still counts.

Keys are hashed: the table holds no usernames or addresses.
"""

import hashlib
import math
import random
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import models
from resolvers.errors import RateLimited
from resolvers.metrics import RATE_LIMIT_REFUSALS

# Float sums of many small costs may land a hair above the window.
EPSILON = 1e-6


@dataclass(frozen=True)
class Budget:
    name: str
    limit: int
    seconds: float

    @property
    def interval(self) -> float:
        """What one unit moves the row's `tat` ahead."""
        return self.seconds / self.limit


@dataclass(frozen=True)
class Backoff:
    name: str
    free: int  # failures in a row that cost no wait
    first_wait: float  # the wait after failure number `free`, doubled after each further one
    max_wait: float
    memory: float  # seconds after the last failure that the count is forgotten

    def wait_after(self, failures: int) -> float:
        if failures < self.free:
            return 0.0
        return min(self.max_wait, self.first_wait * 2.0 ** (failures - self.free))

    @property
    def doublings(self) -> int:
        """After this many doublings the wait is `max_wait`."""
        return max(0, math.ceil(math.log2(self.max_wait / self.first_wait)))


def _row_key(name: str, key: str) -> str:
    return hashlib.sha256(f"{name}\x1f{key}".encode()).hexdigest()


# SQL is written with :name parameters, cast where PostgreSQL cannot infer a type.
_SPEND = """
INSERT INTO rate_limit (key, tat, count, expires_at)
SELECT CAST(:key AS VARCHAR(64)), :now + :cost, 0, :now + :cost WHERE :cost <= :window
ON CONFLICT (key) DO UPDATE SET
  tat = (CASE WHEN rate_limit.tat > :now THEN rate_limit.tat ELSE :now END) + :cost,
  expires_at = (CASE WHEN rate_limit.tat > :now THEN rate_limit.tat ELSE :now END) + :cost
WHERE (CASE WHEN rate_limit.tat > :now THEN rate_limit.tat ELSE :now END) + :cost - :now
  <= :window
RETURNING tat
"""
_REFUND = """
UPDATE rate_limit SET tat = tat - :cost, expires_at = tat - :cost WHERE key = :key
"""
_FAILURES = "(CASE WHEN rate_limit.expires_at <= :now THEN 1 ELSE rate_limit.count + 1 END)"
_ATTEMPT = f"""
INSERT INTO rate_limit (key, tat, count, expires_at)
VALUES (CAST(:key AS VARCHAR(64)), :now + :first, 1, :now + :memory)
ON CONFLICT (key) DO UPDATE SET
  count = {_FAILURES},
  tat = :now + (CASE WHEN {_FAILURES} < :free THEN 0
                     WHEN {_FAILURES} - :free >= :doublings THEN :max_wait
                     ELSE :first_wait * (1 << ({_FAILURES} - :free)) END),
  expires_at = :now + :memory
WHERE rate_limit.tat <= :now OR rate_limit.expires_at <= :now
RETURNING count
"""
_WAIT = "SELECT tat FROM rate_limit WHERE key = :key AND expires_at > :now"
_FORGET = "DELETE FROM rate_limit WHERE key = :key"
_PRUNE = "DELETE FROM rate_limit WHERE expires_at < :now"
_PARAMETER = re.compile(r":(\w+)")
_TYPES = {
    "now": "DOUBLE PRECISION",
    "cost": "DOUBLE PRECISION",
    "window": "DOUBLE PRECISION",
    "first": "DOUBLE PRECISION",
    "memory": "DOUBLE PRECISION",
    "max_wait": "DOUBLE PRECISION",
    "first_wait": "DOUBLE PRECISION",
    "free": "INTEGER",
    "doublings": "INTEGER",
}


def _compile(sql: str, dialect: str, values: dict[str, Any]) -> tuple[str, list[Any]]:
    """`:name` parameters as the driver wants them ($1 for asyncpg, ? for SQLite)."""
    order: list[str] = []

    def placeholder(match: re.Match[str]) -> str:
        name = match.group(1)
        if dialect == "postgres":
            if name not in order:
                order.append(name)
            marker = f"${order.index(name) + 1}"
        else:
            order.append(name)
            marker = "?"
        return f"CAST({marker} AS {_TYPES[name]})" if name in _TYPES else marker

    return _PARAMETER.sub(placeholder, sql), [values[name] for name in order]


async def _run(sql: str, **values: Any) -> list[dict[str, Any]]:
    db = models.RateLimit._meta.db
    query, arguments = _compile(sql, db.capabilities.dialect, values)
    return await db.execute_query_dict(query, arguments)


@dataclass(frozen=True)
class Spend:
    budget: Budget
    key: str
    cost: float
    at: float


# The spends of the running mutation, to write again if its transaction rolls back.
_spends: ContextVar[list[Spend] | None] = ContextVar("rate_limit_spends", default=None)


class RateLimits:
    """The limits of one app; `clock` and `prune_chance` are for tests."""

    def __init__(
        self,
        clock: Callable[[], float] = time.time,
        prune_chance: float = 0.01,
        chance: Callable[[], float] = random.random,
    ) -> None:
        self._clock = clock
        self._prune_chance = prune_chance
        self._chance = chance

    async def spend(self, budget: Budget, key: str, cost: float = 1) -> bool:
        """Spend `cost` units of `key`'s budget; False (and nothing spent) when it has not
        that much left."""
        now = self._clock()
        rows = await _run(
            _SPEND,
            key=_row_key(budget.name, key),
            now=now,
            cost=cost * budget.interval,
            window=budget.seconds + EPSILON,
        )
        if rows:
            spends = _spends.get()
            if spends is not None:
                spends.append(Spend(budget, key, cost, now))
            await self._maybe_prune(now)
        else:
            RATE_LIMIT_REFUSALS.labels(budget.name).inc()
        return bool(rows)

    async def refund(self, budget: Budget, key: str, cost: float = 1) -> None:
        """Give back what a spend took (a login that turned out right)."""
        await _run(_REFUND, key=_row_key(budget.name, key), cost=cost * budget.interval)

    async def attempt(self, backoff: Backoff, key: str) -> float:
        """Count an attempt as a failure in a row; 0 when it may go ahead, else the seconds
        to wait before the next (nothing is counted then)."""
        now = self._clock()
        row_key = _row_key(backoff.name, key)
        rows = await _run(
            _ATTEMPT,
            key=row_key,
            now=now,
            first=backoff.wait_after(1),
            memory=backoff.memory,
            free=backoff.free,
            doublings=backoff.doublings,
            max_wait=backoff.max_wait,
            first_wait=backoff.first_wait,
        )
        if rows:
            await self._maybe_prune(now)
            return 0.0
        blocked = await _run(_WAIT, key=row_key, now=now)
        wait = max(0.0, float(blocked[0]["tat"]) - now) if blocked else 0.0
        if wait > 0:
            RATE_LIMIT_REFUSALS.labels(backoff.name).inc()
        return wait

    async def forget(self, name: str, key: str) -> None:
        """Drop `key`'s count (a back-off after a success)."""
        await _run(_FORGET, key=_row_key(name, key))

    async def _maybe_prune(self, now: float) -> None:
        if self._chance() < self._prune_chance:
            await _run(_PRUNE, now=now)


@contextmanager
def kept_spends() -> Iterator[list[Spend]]:
    """Collects the spends made inside (by the running mutation)."""
    spends: list[Spend] = []
    token = _spends.set(spends)
    try:
        yield spends
    finally:
        _spends.reset(token)


async def rewrite(spends: list[Spend]) -> None:
    """Write again spends that a rolled-back transaction took with it, as of when they were
    made (unconditionally: each was allowed then)."""
    for spent in spends:
        await _run(
            _SPEND,
            key=_row_key(spent.budget.name, spent.key),
            now=spent.at,
            cost=spent.cost * spent.budget.interval,
            window=math.inf,
        )


async def spend_or_refuse(
    limits: RateLimits,
    budget: Budget,
    key: str,
    cost: float = 1,
    message_key: str = "error.rate_limited",
) -> None:
    """The one way a resolver spends a budget: RATE_LIMITED when it is spent."""
    if not await limits.spend(budget, key, cost):
        raise RateLimited(message_key)
