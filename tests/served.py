"""`loudong serve` as a real process on a free loopback port, for tests of several processes
and of database faults."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
SECRET = "a-test-secret-shared-by-every-process-0123456789"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def served(
    database_url: str, data_dir: Path, *args: str, **env: str
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """(base URL, process) of a server on `database_url`, stopped (SIGTERM) on the way out."""
    port = free_port()
    log = (data_dir / f"serve-{port}.log").open("wb")
    environ = {
        **os.environ,
        "LOUDONG_ENV": "test",
        "LOUDONG_DATABASE_URL": database_url,
        "LOUDONG_DATA_DIR": str(data_dir),
        "LOUDONG_SECRET": SECRET,
        "LOUDONG_PASSWORD_PROFILE": "CHEAPEST",
        **env,
    }
    command = [sys.executable, "-m", "app.cli", "serve", "--port", str(port), *args]
    process = subprocess.Popen(command, cwd=ROOT, env=environ, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process, data_dir / f"serve-{port}.log")
        yield url, process
    finally:
        stop(process, timeout=20)
        log.close()


def stop(process: subprocess.Popen[bytes], timeout: float) -> None:
    """SIGTERM, and SIGKILL if it has not exited within `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until_up(
    url: str, process: subprocess.Popen[bytes], log: Path, seconds: float = 60
) -> None:
    """Until the server at `url` answers /healthz; fails, with its log, if it exits or takes
    longer than `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"loudong serve exited: {log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"loudong serve did not start: {log.read_text(errors='replace')}")


def gql(
    url: str, query: str, variables: dict[str, Any] | None = None, token: str | None = None
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(
        f"{url}/graphql",
        json={"query": query, "variables": variables or {}},
        headers=headers,
        timeout=30,
    )
    body: dict[str, Any] = response.json()
    return body
