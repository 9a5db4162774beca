"""The live bus on its own: events as NOTIFY payloads, bounded queues, fan-out by topic, the
per-mutation batch (sent after the commit, dropped on refusal) and the LISTEN loop reconnecting."""

import asyncio
from typing import Any

from resolvers.live import events
from resolvers.live.bus import Bus, PostgresBus, Subscriber
from resolvers.live.events import Event, Topic


def test_an_event_round_trips_as_a_small_payload() -> None:
    event = Event(Topic.CASE, 42, "/1/5/17/")
    assert Event.decode(event.encode()) == event
    assert len(event.encode()) < 100
    for bad in ("", "[]", '["nope", 1, "/"]', '["case", "x", "/"]', "{}"):
        assert Event.decode(bad) is None


def test_a_full_queue_drops_the_oldest() -> None:
    subscriber = Subscriber(frozenset({Topic.CASE}), size=2)
    for pk in (1, 2, 3):
        subscriber.put(Event(Topic.CASE, pk))
    assert [subscriber.queue.get_nowait().object_id for _ in range(2)] == [2, 3]
    assert subscriber.dropped == 1


async def test_fan_out_by_topic_and_a_batch_goes_out_only_when_released() -> None:
    bus = Bus()
    with bus.subscribe({Topic.CASE}) as cases, bus.subscribe({Topic.NOTICE}) as notices:
        with events.collecting(bus):
            events.announce(Topic.CASE, 1, "/1/")
            events.announce(Topic.CASE, 1, "/1/")  # once per object and mutation
            events.announce(Topic.NOTICE, 2, "/1/")
            assert cases.queue.empty()  # not before the commit
            await events.release()
        with events.collecting(bus):
            events.announce(Topic.CASE, 3, "/1/")
            events.drop()  # refused: rolled back
            await events.release()
        events.announce(Topic.CASE, 4, "/1/")  # outside a mutation: nobody collects it
        assert [cases.queue.get_nowait().object_id for _ in range(cases.queue.qsize())] == [1]
        assert notices.queue.get_nowait().object_id == 2
    assert bus.subscriber_count == 0


class FakeConnection:
    def __init__(self) -> None:
        self.listeners: list[Any] = []
        self.on_lost: list[Any] = []
        self.closed = False

    def add_termination_listener(self, callback: Any) -> None:
        self.on_lost.append(callback)

    async def add_listener(self, channel: str, callback: Any) -> None:
        self.listeners.append(callback)

    async def execute(self, query: str) -> None:
        pass

    async def close(self) -> None:
        self.closed = True

    def lose(self) -> None:
        for callback in self.on_lost:
            callback(self)


async def test_the_listen_loop_retries_and_reconnects() -> None:
    made: list[FakeConnection] = []
    attempts = 0

    async def connect() -> FakeConnection:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            raise OSError("database away")
        made.append(FakeConnection())
        return made[-1]

    bus = PostgresBus(connect, retry_seconds=0.01)
    bus._clock_seconds = 3600  # this test is about LISTEN only
    await bus.start()
    try:
        assert bus.listening.is_set()
        assert len(made) == 1
        with bus.subscribe({Topic.CASE}) as subscriber:
            made[0].listeners[0](made[0], 1, "loudong_live", Event(Topic.CASE, 7, "/1/").encode())
            assert subscriber.queue.get_nowait().object_id == 7
            made[0].lose()
            for _ in range(200):
                if len(made) == 2 and bus.listening.is_set():
                    break
                await asyncio.sleep(0.01)
            assert len(made) == 2
            assert made[0].closed
            made[1].listeners[0](made[1], 1, "loudong_live", Event(Topic.CASE, 8, "/1/").encode())
            assert subscriber.queue.get_nowait().object_id == 8
    finally:
        await bus.stop()
