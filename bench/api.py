"""What the benchmarks that go through the API share: the app served in process, a signed-in
caller, and timing a piece of work after a warm-up."""

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
from asgi_lifespan import LifespanManager

from app.main import create_app
from app.seed import DEMO_PASSWORD
from app.settings import Settings

LOGIN = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }"


def bench_settings(url: str) -> Settings:
    return Settings(env="bench", database_url=url, secret="bench-" * 8, graphiql=False)


@asynccontextmanager
async def served(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the app built from `settings`, running in this process (with its lifespan)."""
    async with LifespanManager(create_app(settings)) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            yield client


async def sign_in(client: httpx.AsyncClient, username: str = "admin") -> dict[str, str]:
    """The headers of a demo user's requests."""
    login = await client.post(
        "/graphql", json={"query": LOGIN, "variables": {"u": username, "p": DEMO_PASSWORD}}
    )
    return {"Authorization": f"Bearer {login.json()['data']['login']['token']}"}


async def timings_ms(work: Callable[[], Awaitable[object]], runs: int) -> list[float]:
    """How long each of `runs` runs of `work` took, in milliseconds, after one to warm up."""
    await work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        await work()
        times.append((time.perf_counter() - start) * 1e3)
    return times
