"""The contenders as server processes: started on free loopback ports, stopped on exit.

Each runs in its own session (process group), so stopping it stops whatever it started; the
runner stops them in a `finally`, on SIGTERM and SIGINT as well. CPU time comes from
/proc/<pid>/stat (utime + stime, plus cutime + cstime of waited-for children) of the server
process, and separately of the PostgreSQL backends its connections are served by.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

BENCH = Path(__file__).resolve().parent.parent
POSTGRAPHILE_DIR = BENCH / ".postgraphile"
TICK = os.sysconf("SC_CLK_TCK")
PG_PORT_HEX = f"{5432:04X}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def cpu_seconds(pid: int, children: bool = True) -> float:
    """utime + stime (+ cutime + cstime) of `pid`, in seconds; 0 if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    # After the command: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / TICK


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants (node may start helpers; uvicorn with one worker does not)."""
    tree, frontier = [pid], [pid]
    while frontier:
        parent = frontier.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            with contextlib.suppress(OSError):
                for child in Path(f"/proc/{parent}/task/{task}/children").read_text().split():
                    tree.append(int(child))
                    frontier.append(int(child))
    return tree


def postgres_client_ports(pid: int) -> set[int]:
    """Local ports of `pid`'s TCP connections to port 5432 (its database connections)."""
    inodes: set[str] = set()
    with contextlib.suppress(OSError):
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
    ports: set[int] = set()
    for table in ("tcp", "tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
                parts = line.split()
                local, remote, inode = parts[1], parts[2], parts[9]
                if inode in inodes and remote.endswith(":" + PG_PORT_HEX):
                    ports.add(int(local.rsplit(":", 1)[1], 16))
    return ports


@dataclass
class Server:
    name: str
    command: list[str]
    env: dict[str, str]
    port: int
    log: Path
    health: tuple[str, str, bytes | None]  # method, path, body
    process: subprocess.Popen[bytes] | None = None
    pids: list[int] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/graphql"

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.command,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                cwd=BENCH.parent,
            )

    def wait_ready(self, timeout: float = 90.0) -> None:
        assert self.process is not None
        method, path, body = self.health
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(
                    f"{self.name} exited with {self.process.returncode}; see {self.log}"
                )
            try:
                response = httpx.request(
                    method,
                    f"http://127.0.0.1:{self.port}{path}",
                    content=body,
                    headers={"content-type": "application/json"},
                    timeout=5,
                )
                if response.status_code < 500:
                    self.pids = process_tree(self.process.pid)
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"{self.name} did not answer within {timeout:.0f} s; see {self.log}")

    def cpu(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.pids)

    def db_ports(self) -> set[int]:
        ports: set[int] = set()
        for pid in self.pids:
            ports |= postgres_client_ports(pid)
        return ports

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def loudong(url: str, secret: str, data_dir: Path, logs: Path) -> Server:
    port = free_port()
    env = {
        **os.environ,
        "LOUDONG_DATABASE_URL": url,
        "LOUDONG_ENV": "development",
        "LOUDONG_SECRET": secret,
        "LOUDONG_DATA_DIR": str(data_dir),
    }
    command = [str(Path(sys.executable).parent / "loudong"), "serve", "--port", str(port)]
    health = ("GET", "/healthz", None)
    return Server("loudong", command, env, port, logs / "loudong.log", health)


def floor(url: str, secret: str, logs: Path) -> Server:
    port = free_port()
    env = {**os.environ, "BENCH_FLOOR_DATABASE_URL": url, "BENCH_SECRET": secret}
    # uvicorn as `loudong serve` runs it: defaults, one process.
    command = [sys.executable, "-m", "uvicorn", "bench.compare.floor:app", "--port", str(port)]
    command += ["--host", "127.0.0.1"]
    return Server("floor", command, env, port, logs / "floor.log", ("GET", "/healthz", None))


def ensure_postgraphile(log: Path) -> None:
    """`npm install postgraphile@4` into bench/.postgraphile (ignored by git), once."""
    if (POSTGRAPHILE_DIR / "node_modules" / "postgraphile" / "package.json").exists():
        return
    POSTGRAPHILE_DIR.mkdir(exist_ok=True)
    package = POSTGRAPHILE_DIR / "package.json"
    if not package.exists():
        package.write_text('{"name": "loudong-bench-postgraphile", "private": true}\n')
    print("npm install postgraphile@4 into bench/.postgraphile")
    with log.open("ab") as out:
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "postgraphile@4"],
            cwd=POSTGRAPHILE_DIR,
            check=True,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def postgraphile(url: str, role: str, logs: Path) -> Server:
    port = free_port()
    env = {
        **os.environ,
        "NODE_PATH": str(POSTGRAPHILE_DIR / "node_modules"),
        "NODE_ENV": "production",
        "BENCH_PG_DATABASE_URL": url,
        "BENCH_PG_PORT": str(port),
        "BENCH_PG_ROLE": role,
    }
    script = Path(__file__).resolve().parent / "postgraphile_server.js"
    health = ("POST", "/graphql", b'{"query":"{__typename}"}')
    return Server("postgraphile", ["node", str(script)], env, port, logs / "pg.log", health)


def node_versions() -> dict[str, str]:
    versions = {"node": "?", "postgraphile": "?", "pg (node)": "?"}
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        versions["node"] = subprocess.run(
            ["node", "--version"], check=True, capture_output=True, text=True
        ).stdout.strip()
    for name, package in (("postgraphile", "postgraphile"), ("pg (node)", "pg")):
        with contextlib.suppress(OSError, ValueError):
            text = (POSTGRAPHILE_DIR / "node_modules" / package / "package.json").read_text()
            versions[name] = text.split('"version"', 1)[1].split('"')[1]
    return versions
