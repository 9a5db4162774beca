"""Does a burst of logins stall other requests? 10 concurrent logins with the real Argon2
profile (RFC_9106_LOW_MEMORY), and meanwhile one `me` query after another, 20 ms apart.

Seeds the demo preset in a fresh SQLite database (or LOUDONG_BENCH_DATABASE_URL, emptied
first) and serves the app in-process. Each `me` is timed from the moment it was due (20 ms
after the previous answer), so a loop blocked by a hash shows as the wait it causes.
`--on-loop` verifies passwords on the event loop, as before issue 7, for comparison;
`--gc-freeze` calls gc.freeze() before the burst, to tell a full garbage collection (which the
app does not prevent yet) from a wait for a hash."""

import asyncio
import contextlib
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from unittest import mock

import httpx
from asgi_lifespan import LifespanManager
from tortoise import Tortoise

import models
from app import db
from app.main import create_app
from app.seed import DEMO_PASSWORD, seed
from app.settings import Settings
from bench.api import LOGIN
from bench.list_queries import empty_database
from resolvers.passwords import Passwords, make_hasher, verify_password

PROFILE = "RFC_9106_LOW_MEMORY"
LOGINS = 10
ME = "query { me { username } }"
ME_EVERY = 0.020  # seconds


def one_hash_time() -> float:
    """The median time of one verification with the real profile, with nothing else running."""
    hasher = make_hasher(PROFILE)
    password_hash = hasher.hash(DEMO_PASSWORD)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        hasher.verify(password_hash, DEMO_PASSWORD)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


async def verify_on_loop(self: Passwords, password_hash: str, password: str) -> bool:
    return verify_password(self.hasher, password_hash, password)


async def timed(request: Callable[[], Awaitable[httpx.Response]], due: float) -> float:
    """Seconds from `due` to the answer (waits until `due` first)."""
    await asyncio.sleep(max(0.0, due - time.perf_counter()))
    response = await request()
    assert "errors" not in response.json(), response.text
    return time.perf_counter() - due


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.0f} ms"


async def burst(
    client: httpx.AsyncClient, usernames: list[str], me_token: str, hash_time: float
) -> None:
    def login(username: str) -> Callable[[], Awaitable[httpx.Response]]:
        variables = {"u": username, "p": DEMO_PASSWORD}
        return lambda: client.post("/graphql", json={"query": LOGIN, "variables": variables})

    def me() -> Awaitable[httpx.Response]:
        headers = {"Authorization": f"Bearer {me_token}"}
        return client.post("/graphql", json={"query": ME}, headers=headers)

    alone = [await timed(me, time.perf_counter()) for _ in range(20)]
    start = time.perf_counter()
    logins = [asyncio.create_task(timed(login(name), start)) for name in usernames]
    me_times: list[float] = []
    while not all(task.done() for task in logins):
        me_times.append(await timed(me, time.perf_counter() + ME_EVERY))
    login_times = [await task for task in logins]
    print(f"  `me` alone: median {ms(statistics.median(alone))}")
    print(
        f"  {len(usernames)} concurrent logins: all done after {ms(max(login_times))}, "
        f"first after {ms(min(login_times))}"
    )
    print(
        f"  `me` meanwhile ({len(me_times)} sent): median {ms(statistics.median(me_times))}, "
        f"slowest {ms(max(me_times))} ({max(me_times) / hash_time:.2f} of one hash)"
    )


async def run(url: str, on_loop: bool, gc_freeze: bool) -> None:
    settings = Settings(
        env="bench", database_url=url, secret="bench-" * 8, graphiql=False, password_profile=PROFILE
    )
    await empty_database(url)
    await db.migrate(settings)
    await Tortoise.init(config=db.tortoise_config(url))
    await seed("demo", password_profile=PROFILE)
    usernames = [user.username for user in await models.User.all().order_by("id")][:LOGINS]
    await Tortoise.close_connections()
    hash_time = one_hash_time()
    print(f"one hash ({PROFILE}, one at a time, outside the app): {ms(hash_time)}")
    where = "ON the event loop" if on_loop else "in worker threads"
    print(
        f"hash workers: {settings.hash_workers}; passwords verified {where}; gc.freeze: {gc_freeze}"
    )
    patch = mock.patch.object(Passwords, "verify", verify_on_loop)
    with patch if on_loop else contextlib.nullcontext():
        async with LifespanManager(create_app(settings)) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                first = await client.post(
                    "/graphql",
                    json={"query": LOGIN, "variables": {"u": "admin", "p": DEMO_PASSWORD}},
                )
                if gc_freeze:
                    gc.collect()
                    gc.freeze()
                token = first.json()["data"]["login"]["token"]
                await burst(client, usernames, token, hash_time)


def main() -> None:
    on_loop, gc_freeze = "--on-loop" in sys.argv[1:], "--gc-freeze" in sys.argv[1:]
    url = os.environ.get("LOUDONG_BENCH_DATABASE_URL")
    if url:
        asyncio.run(run(url, on_loop, gc_freeze))
        return
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(run(f"sqlite://{Path(folder) / 'bench.sqlite3'}", on_loop, gc_freeze))


if __name__ == "__main__":
    main()
