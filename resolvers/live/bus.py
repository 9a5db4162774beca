"""The event bus: fan-out to this process's subscribers, and on PostgreSQL LISTEN/NOTIFY so that
an event raised in one server process reaches the subscribers of every other.

A subscriber holds a bounded queue: a console that stops reading loses the oldest events, never
the server's memory. Delivery to a subscriber is in announcement order.
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from tortoise.expressions import F

import models
from resolvers.live.events import Event, Topic

log = logging.getLogger("loudong.live")

# Events waiting for one subscriber before the oldest are dropped.
QUEUE_SIZE = 256
# How often the clock looks for scheduled notices whose time has come.
CLOCK_SECONDS = 15.0
# PostgreSQL channel of every event.
CHANNEL = "loudong_live"


class Subscriber:
    def __init__(self, topics: frozenset[Topic], size: int = QUEUE_SIZE) -> None:
        self.topics = topics
        self.queue: asyncio.Queue[Event] = asyncio.Queue(maxsize=size)
        self.dropped = 0

    def put(self, event: Event) -> None:
        if self.queue.full():
            self.queue.get_nowait()
            self.dropped += 1
        self.queue.put_nowait(event)

    async def __aiter__(self) -> AsyncIterator[Event]:
        while True:
            yield await self.queue.get()


class Bus:
    """In-process fan-out (SQLite, or one process): events go out after the commit.

    Its clock announces scheduled notices as their time comes: every process looks for itself
    and tells only its own subscribers (a time, not a write, so nothing to send to the others).
    """

    def __init__(self, clock_seconds: float = CLOCK_SECONDS) -> None:
        self._subscribers: set[Subscriber] = set()
        self._clock_seconds = clock_seconds
        self._clock: asyncio.Task[None] | None = None

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    @contextlib.contextmanager
    def subscribe(self, topics: Iterable[Topic]) -> Any:
        subscriber = Subscriber(frozenset(topics))
        self._subscribers.add(subscriber)
        try:
            yield subscriber
        finally:
            self._subscribers.discard(subscriber)

    def deliver(self, events: Iterable[Event]) -> None:
        """To this process's subscribers."""
        for event in events:
            for subscriber in list(self._subscribers):
                if event.topic in subscriber.topics:
                    subscriber.put(event)

    async def stage(self, events: list[Event], connection: Any) -> bool:
        """Inside the writing transaction; True if the events now go out with its commit."""
        return False

    async def publish(self, events: list[Event], *, staged: bool) -> None:
        """After the commit."""
        if not staged:
            self.deliver(events)

    async def start(self) -> None:
        self._clock = asyncio.create_task(self._tick_forever(), name="loudong-live-clock")

    async def stop(self) -> None:
        if self._clock is not None:
            self._clock.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._clock
            self._clock = None

    async def _tick_forever(self) -> None:
        last = datetime.now(UTC)
        while True:
            await asyncio.sleep(self._clock_seconds)
            try:
                last = await self.tick(last)
            except Exception as error:  # the database away a while: try at the next tick
                log.warning("live: the notice clock failed (%s)", type(error).__name__)

    async def tick(self, since: datetime) -> datetime:
        """Announce here the scheduled notices published in (since, now]; returns now."""
        moment = datetime.now(UTC)
        if any(Topic.NOTICE in subscriber.topics for subscriber in self._subscribers):
            rows = (
                await models.Notice.filter(published_at__gt=since, published_at__lte=moment)
                # Scheduled ones only: a notice published at once was announced by its mutation.
                .filter(published_at__gt=F("created_at"))
                .values_list("id", "node_path")
            )
            self.deliver(Event(Topic.NOTICE, pk, path) for pk, path in rows)
        return moment


Connect = Callable[[], Awaitable[Any]]


class PostgresBus(Bus):
    """LISTEN on one dedicated connection per process (reconnecting when it is lost); NOTIFY
    inside the writing transaction, so an event goes out with the commit and never after a
    rollback. Every process, this one included, hears it on its LISTEN connection and fans it
    out to its own subscribers. While the LISTEN connection is down (until it is back, retried
    with backoff), events are missed: a console re-reads its lists on reconnecting anyway."""

    def __init__(self, connect: Connect, *, retry_seconds: float = 1.0) -> None:
        super().__init__()
        self._connect = connect
        self._retry = retry_seconds
        self._task: asyncio.Task[None] | None = None
        self.listening = asyncio.Event()

    async def stage(self, events: list[Event], connection: Any) -> bool:
        for event in events:
            await connection.execute_query("SELECT pg_notify($1, $2)", [CHANNEL, event.encode()])
        return True

    async def publish(self, events: list[Event], *, staged: bool) -> None:
        if staged:
            return  # PostgreSQL sent them at the commit; our LISTEN delivers them here too
        from tortoise import connections

        # Written outside one transaction: each NOTIFY commits by itself, after the writes.
        connection = connections.get("default")
        for event in events:
            await connection.execute_query("SELECT pg_notify($1, $2)", [CHANNEL, event.encode()])

    async def start(self) -> None:
        await super().start()
        self._task = asyncio.create_task(self._listen_forever(), name="loudong-live-listen")
        # Start-up waits a moment for LISTEN, so that the first subscribers hear everything;
        # never long: a server whose database is away still starts (and answers UNAVAILABLE).
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.listening.wait(), timeout=1)

    async def stop(self) -> None:
        await super().stop()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def _on_notify(self, connection: Any, pid: int, channel: str, payload: str) -> None:
        event = Event.decode(payload)
        if event is None:
            log.warning("live: an unreadable event on %s was ignored", channel)
            return
        self.deliver([event])

    async def _listen_forever(self) -> None:
        delay = self._retry
        while True:
            try:
                await self._listen_once()
                delay = self._retry
                log.warning("live: the LISTEN connection was lost; reconnecting")
            except asyncio.CancelledError:
                raise
            except Exception as error:  # any failure: retry, never die
                name = type(error).__name__
                log.warning("live: LISTEN failed (%s); retrying in %.0f s", name, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30.0)

    async def _listen_once(self) -> None:
        """LISTEN on a new connection until it is lost."""
        connection = await self._connect()
        lost = asyncio.Event()
        try:
            connection.add_termination_listener(lambda _connection: lost.set())
            await connection.add_listener(CHANNEL, self._on_notify)
            self.listening.set()
            log.info("live: listening for events")
            while not lost.is_set():
                # A half-open TCP connection tells nothing: ask now and then.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lost.wait(), timeout=30)
                if not lost.is_set():
                    await asyncio.wait_for(connection.execute("SELECT 1"), timeout=10)
        finally:
            self.listening.clear()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(connection.close(), timeout=5)
