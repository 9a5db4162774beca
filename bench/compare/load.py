"""The load client, in its own process so that its CPU is not the runner's or a server's.

Reads one JSON command per line on stdin: {"url", "headers", "body" (the request's JSON text),
"requests", "concurrency"}; sends `requests` POSTs from `concurrency` clients at once over
keep-alive connections (one httpx.AsyncClient per url); answers one JSON line on stdout:
{"latencies": [seconds...], "wall": seconds, "failures": n, "failure": first bad answer}.
"""

import asyncio
import json
import sys
import time
from typing import Any

import httpx


async def block(client: httpx.AsyncClient, command: dict[str, Any]) -> dict[str, Any]:
    body = command["body"].encode()
    headers = {"content-type": "application/json", **command["headers"]}
    remaining = command["requests"]
    latencies: list[float] = []
    failures: list[str] = []

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            start = time.perf_counter()
            response = await client.post(command["url"], content=body, headers=headers)
            content = response.content
            latencies.append(time.perf_counter() - start)
            if response.status_code != 200 or b'"errors"' in content:
                failures.append(f"{response.status_code} {content[:300]!r}")

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(command["concurrency"])))
    wall = time.perf_counter() - start
    return {
        "latencies": latencies,
        "wall": wall,
        "failures": len(failures),
        "failure": failures[0] if failures else None,
    }


async def main() -> None:
    clients: dict[str, httpx.AsyncClient] = {}
    loop = asyncio.get_running_loop()
    try:
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                break
            command = json.loads(line)
            client = clients.get(command["url"])
            if client is None:
                limits = httpx.Limits(max_connections=16, max_keepalive_connections=16)
                client = httpx.AsyncClient(limits=limits, timeout=120)
                clients[command["url"]] = client
            result = await block(client, command)
            sys.stdout.write(json.dumps(result) + "\n")
            sys.stdout.flush()
    finally:
        for client in clients.values():
            await client.aclose()


if __name__ == "__main__":
    asyncio.run(main())
