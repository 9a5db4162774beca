"""What the live consoles hear: `announce(...)`, called by the code that changes a case,
publishes a notice, raises an alert or changes someone's grants.

An event names its object and the object's node path, nothing else: each subscriber reads the
object again with its own scope before delivering it, so nothing leaks through an event. A
mutation's events are collected while it runs (schema/mutations.py) and go out only once its
transaction commits: on PostgreSQL `pg_notify` inside the transaction (which PostgreSQL sends at
commit, and never after a rollback), in-process after the commit; a refused mutation drops them.
Outside a mutation (the seed, the command line) nobody collects them and they are dropped.
"""

import json
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from resolvers.live.bus import Bus


log = logging.getLogger("loudong.live")


class Topic(StrEnum):
    CASE = "case"  # a case was submitted or took a workflow step
    NOTICE = "notice"  # a notice was published
    ALERT = "alert"  # an alert was raised or escalated
    GRANT = "grant"  # a user's grants or session changed: their subscriptions reload them
    MOVE = "move"  # a subtree moved (its node, its old path): subscriptions in it look again


@dataclass(frozen=True)
class Event:
    topic: Topic
    object_id: int  # the case, notice or alert; for GRANT, the user; for MOVE, the node
    path: str = ""  # the object's node path ('/1/5/17/'); for MOVE the old one; empty for GRANT

    def encode(self) -> str:
        """The NOTIFY payload: small (PostgreSQL's limit is 8,000 bytes), no personal values."""
        return json.dumps([self.topic.value, self.object_id, self.path], separators=(",", ":"))

    @classmethod
    def decode(cls, text: str) -> "Event | None":
        try:
            topic, object_id, path = json.loads(text)
            return cls(Topic(topic), int(object_id), str(path))
        except (ValueError, TypeError):
            return None


@dataclass
class Batch:
    """The events of one unit of work, announced once it has committed."""

    bus: "Bus"
    events: list[Event] = field(default_factory=list)
    staged: bool = False
    # The events as a set too: a large batch (a move re-announcing many alerts) stays linear.
    seen: set[Event] = field(default_factory=set)


_batch: ContextVar[Batch | None] = ContextVar("live_batch", default=None)


def announce(topic: Topic, object_id: int, path: str = "") -> None:
    """Announce a change to the live consoles once the running mutation commits."""
    batch = _batch.get()
    if batch is None:
        return
    event = Event(topic, object_id, path)
    if event not in batch.seen:
        batch.seen.add(event)
        batch.events.append(event)


@contextmanager
def collecting(bus: "Bus") -> Iterator[Batch]:
    """Collect the events announced while a mutation runs (schema/mutations.py flushes them)."""
    batch = Batch(bus)
    token = _batch.set(batch)
    try:
        yield batch
    finally:
        _batch.reset(token)


async def stage(connection: Any) -> None:
    """Inside the transaction, just before it commits: PostgreSQL's NOTIFY goes out with it."""
    batch = _batch.get()
    if batch is not None and batch.events:
        batch.staged = await batch.bus.stage(batch.events, connection)


async def release() -> None:
    """After the commit: the events not staged in the transaction go out now. The writes are
    committed whatever happens here, so a failure to announce is logged, never raised."""
    batch = _batch.get()
    if batch is not None and batch.events:
        events, staged = list(batch.events), batch.staged
        batch.events.clear()
        batch.seen.clear()
        batch.staged = False
        try:
            await batch.bus.publish(events, staged=staged)
        except Exception as error:  # the database lost right after the commit
            log.warning("live: %d events not announced (%s)", len(events), type(error).__name__)


def drop() -> None:
    """The work was refused and rolled back: nothing it announced happened."""
    batch = _batch.get()
    if batch is not None:
        batch.events.clear()
        batch.seen.clear()
        batch.staged = False


@asynccontextmanager
async def publishing(bus: "Bus") -> AsyncIterator[Batch]:
    """For work outside a GraphQL mutation (a device gateway's post, a timer): what it announces
    goes out when the block ends without an exception (after its own transactions commit)."""
    with collecting(bus) as batch:
        try:
            yield batch
        except BaseException:
            drop()
            raise
        await release()
