"""The measurements, summed over blocks, and the markdown they become."""

import os
import platform
import statistics
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

PACKAGES = (
    "strawberry-graphql",
    "graphql-core",
    "starlette",
    "uvicorn",
    "tortoise-orm",
    "asyncpg",
    "pycasbin",
    "httpx",
)
NAMES = {
    "loudong": "Loudong (`loudong serve`)",
    "floor": "floor (asyncpg, hand-written SQL)",
    "postgraphile": "PostGraphile 4 + RLS",
}


@dataclass
class Stats:
    latencies: dict[int, list[float]] = field(default_factory=lambda: {1: [], 8: []})
    wall: dict[int, float] = field(default_factory=lambda: {1: 0.0, 8: 0.0})
    server_cpu: float = 0.0
    db_cpu: float = 0.0
    db_cpu_known: bool = True

    @property
    def requests(self) -> int:
        return sum(len(values) for values in self.latencies.values())

    def p(self, concurrency: int, q: int) -> float:
        values = sorted(self.latencies[concurrency])
        if not values:
            return float("nan")
        if q == 50:
            return statistics.median(values)
        index = min(len(values) - 1, max(0, round(q / 100 * len(values) + 0.5) - 1))
        return values[index]

    def rps(self, concurrency: int = 8) -> float:
        wall = self.wall[concurrency]
        return len(self.latencies[concurrency]) / wall if wall else float("nan")

    def cpu_per_request(self) -> float:
        return self.server_cpu / self.requests if self.requests else float("nan")

    def db_cpu_per_request(self) -> float:
        if not self.db_cpu_known or not self.requests:
            return float("nan")
        return self.db_cpu / self.requests


def ms(seconds: float) -> str:
    if seconds != seconds:  # NaN
        return "n/a"
    value = seconds * 1e3
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def ratio(a: float, b: float) -> str:
    if a != a or b != b or b == 0:
        return "n/a"
    return f"{a / b:.2f}x"


def machine(pg_version: str, node: dict[str, str], load_average: str) -> str:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    packages = ", ".join(f"{name} {_version(name)}" for name in PACKAGES)
    commit = _git("rev-parse", "--short", "HEAD")
    code = ("app", "schema", "resolvers", "policies", "models", "pyproject.toml")
    dirty = " (with uncommitted changes)" if _git("status", "--porcelain", "--", *code) else ""
    return (
        f"Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"load average {load_average} at the start; Python {platform.python_version()}, "
        f"{pg_version}, node {node['node']}, postgraphile {node['postgraphile']} "
        f"(pg {node['pg (node)']}); {packages}. Loudong at commit {commit}{dirty}."
    )


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], check=True, capture_output=True, text=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def tables(
    labels: dict[str, str], results: dict[str, dict[str, Stats]], contenders: list[str]
) -> str:
    lines = [
        "| query | contender | p50, 1 client | p95, 1 client | p50, 8 clients "
        "| p95, 8 clients | req/s, 8 clients | server CPU/req | PostgreSQL CPU/req |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for key, by_contender in results.items():
        for name in contenders:
            s = by_contender[name]
            lines.append(
                f"| {labels[key]} | {NAMES[name]} | {ms(s.p(1, 50))} | {ms(s.p(1, 95))} "
                f"| {ms(s.p(8, 50))} | {ms(s.p(8, 95))} | {s.rps():.1f} "
                f"| {ms(s.cpu_per_request())} | {ms(s.db_cpu_per_request())} |"
            )
    others = [name for name in ("postgraphile", "floor") if name in contenders]
    if "loudong" not in contenders or not others:
        return "\n".join(lines)
    lines += [
        "",
        "Loudong's figure divided by the other's (below 1x is better for Loudong, except "
        "req/s, where above 1x is):",
        "",
        "| query | versus | p50, 1 client | p50, 8 clients | req/s, 8 clients | server CPU/req "
        "| server + PostgreSQL CPU/req |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, by_contender in results.items():
        mine = by_contender["loudong"]
        for name in others:
            other = by_contender[name]
            lines.append(
                f"| {labels[key]} | {NAMES[name]} | {ratio(mine.p(1, 50), other.p(1, 50))} "
                f"| {ratio(mine.p(8, 50), other.p(8, 50))} | {ratio(mine.rps(), other.rps())} "
                f"| {ratio(mine.cpu_per_request(), other.cpu_per_request())} "
                f"| {ratio(total_cpu(mine), total_cpu(other))} |"
            )
    return "\n".join(lines)


def total_cpu(s: Stats) -> float:
    return s.cpu_per_request() + s.db_cpu_per_request()


def section(title: str, preamble: str, body: str) -> str:
    return (
        f"## {datetime.now(UTC).astimezone().date().isoformat()}: {title}\n\n{preamble}\n\n{body}\n"
    )
