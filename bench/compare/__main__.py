"""`python -m bench.compare`: see bench/compare/__init__.py and bench/RESULTS.md."""

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import asyncpg
import httpx

from bench.compare import database, report, servers
from bench.compare.queries import SCENARIOS, Scenario
from bench.compare.report import Stats

CONTENDERS = ["loudong", "floor", "postgraphile"]
RESULTS = Path(__file__).resolve().parent.parent / "RESULTS.md"


@dataclass(frozen=True)
class Plan:
    blocks: int
    single: int  # requests per block and contender at 1 client
    parallel: int  # ... at 8 clients
    warmup: int


FULL = Plan(blocks=4, single=12, parallel=48, warmup=10)
QUICK = Plan(blocks=2, single=3, parallel=16, warmup=3)


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__)
    parser.add_argument("--preset", choices=["district", "demo"], default="district")
    parser.add_argument("--quick", action="store_true", help="few requests: a smoke test")
    parser.add_argument("--only", default=",".join(CONTENDERS), help="e.g. loudong,floor")
    parser.add_argument(
        "--scenarios",
        default=",".join(s.key for s in SCENARIOS),
        help="comma-separated: " + ", ".join(s.key for s in SCENARIOS),
    )
    parser.add_argument("--blocks", type=int, help="interleaved blocks per concurrency")
    parser.add_argument("--no-write", action="store_true", help="print, leave RESULTS.md")
    parser.add_argument(
        "--teardown", action="store_true", help="remove PostGraphile's policies and exit"
    )
    return parser.parse_args()


@contextlib.contextmanager
def stopped_on_exit(started: list[servers.Server]) -> Iterator[None]:
    """Stop every server on the way out, also on SIGTERM and Ctrl-C."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        for server in started:
            server.stop()
        signal.signal(signal.SIGTERM, previous)


class LoadClient:
    """The load client process (bench/compare/load.py), one command per block."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls) -> "LoadClient":
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.compare.load",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            cwd=servers.BENCH.parent,
        )
        return cls(process)

    async def run(
        self, url: str, headers: dict[str, str], body: str, requests: int, concurrency: int
    ) -> dict[str, Any]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        command = {
            "url": url,
            "headers": headers,
            "body": body,
            "requests": requests,
            "concurrency": concurrency,
        }
        self.process.stdin.write((json.dumps(command) + "\n").encode())
        await self.process.stdin.drain()
        line = await self.process.stdout.readline()
        if not line:
            raise SystemExit("the load client died")
        result: dict[str, Any] = json.loads(line)
        if result["failures"]:
            raise SystemExit(f"{result['failures']} failed requests to {url}: {result['failure']}")
        return result

    async def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            await asyncio.wait_for(self.process.wait(), 10)
        except TimeoutError:
            self.process.kill()


class Bench:
    def __init__(
        self,
        monitor: asyncpg.Connection,
        contenders: dict[str, servers.Server],
        viewers: dict[str, database.ViewerInfo],
        secret: str,
    ) -> None:
        self.monitor = monitor
        self.contenders = contenders
        self.viewers = viewers
        self.tokens = {name: viewer.token(secret) for name, viewer in viewers.items()}

    def headers(self, contender: str, viewer: str) -> dict[str, str]:
        if contender == "postgraphile":
            return self.viewers[viewer].postgraphile_headers()
        return {"authorization": f"Bearer {self.tokens[viewer]}"}

    def ask(self, contender: str, scenario: Scenario) -> tuple[Any, bytes]:
        response = httpx.post(
            self.contenders[contender].url,
            json=scenario.body(contender),
            headers=self.headers(contender, scenario.viewer),
            timeout=120,
        )
        answer = response.json()
        if response.status_code != 200 or answer.get("errors") or answer.get("data") is None:
            raise SystemExit(f"{contender} refused {scenario.key}: {response.text[:2000]}")
        return answer["data"], response.content

    def check_tokens(self) -> None:
        if "loudong" not in self.contenders:
            return
        for name in self.viewers:
            response = httpx.post(
                self.contenders["loudong"].url,
                json={"query": "{ me { username } }"},
                headers=self.headers("loudong", name),
                timeout=30,
            )
            me = (response.json().get("data") or {}).get("me") or {}
            if me.get("username") != name:
                raise SystemExit(
                    f"Loudong did not accept the token minted for {name} (has the token format "
                    f"in resolvers/auth.py changed?): {response.text[:500]}"
                )

    def check_same_rows(self, scenario: Scenario) -> str:
        """Fail loudly unless every contender answers what Loudong answers."""
        names = list(self.contenders)
        reference = "loudong" if "loudong" in names else names[0]
        data, raw = self.ask(reference, scenario)
        if reference == "postgraphile":
            expected = scenario.pg_canonical(data)
        else:
            expected = scenario.canonical(data)
        total, rows = expected
        notes = [f"{scenario.key}: {len(rows)} rows of {total}"]
        if not rows:
            raise SystemExit(f"{scenario.key}: {reference} returned no rows; nothing to compare")
        for name in names:
            if name == reference:
                continue
            other, other_raw = self.ask(name, scenario)
            if name == "floor" and reference == "loudong":
                if other != data:
                    _explain(
                        scenario.key, name, scenario.canonical(data), scenario.canonical(other)
                    )
                    raise SystemExit(f"{scenario.key}: the floor's data differs from Loudong's")
                notes.append("floor: same data" + (", same bytes" if other_raw == raw else ""))
                continue
            canonical = scenario.pg_canonical if name == "postgraphile" else scenario.canonical
            if canonical(other) != expected:
                _explain(scenario.key, name, expected, canonical(other))
                raise SystemExit(f"{scenario.key}: {name} returns other rows than {reference}")
            notes.append(f"{name}: same rows")
        return "; ".join(notes)

    async def db_cpu(self, server: servers.Server) -> dict[int, float] | None:
        """CPU seconds of each PostgreSQL backend serving `server`'s connections."""
        ports = server.db_ports()
        if not ports:
            return None
        rows = await self.monitor.fetch(
            "SELECT pid FROM pg_stat_activity WHERE client_port = ANY($1::int[])", sorted(ports)
        )
        return {row["pid"]: servers.cpu_seconds(row["pid"], children=False) for row in rows}

    async def block(
        self,
        load: LoadClient,
        contender: str,
        scenario: Scenario,
        requests: int,
        concurrency: int,
        stats: Stats | None,
    ) -> None:
        server = self.contenders[contender]
        body = json.dumps(scenario.body(contender))
        headers = self.headers(contender, scenario.viewer)
        cpu_before, db_before = server.cpu(), await self.db_cpu(server)
        result = await load.run(server.url, headers, body, requests, concurrency)
        cpu_after, db_after = server.cpu(), await self.db_cpu(server)
        if stats is None:
            return
        stats.latencies[concurrency] += result["latencies"]
        stats.wall[concurrency] += result["wall"]
        stats.server_cpu += cpu_after - cpu_before
        if db_before is None or db_after is None:
            stats.db_cpu_known = False
        else:
            # A backend that appeared during the block counts whole (its start-up included).
            stats.db_cpu += sum(cpu - db_before.get(pid, 0.0) for pid, cpu in db_after.items())


def _explain(key: str, name: str, expected: Any, actual: Any) -> None:
    print(f"\n!! {key}: {name} differs. totalCount {expected[0]} vs {actual[0]}", file=sys.stderr)
    for i, (a, b) in enumerate(zip(expected[1], actual[1], strict=False)):
        if a != b:
            print(
                f"   first difference at row {i}:\n   expected {a}\n   got      {b}",
                file=sys.stderr,
            )
            break
    else:
        print(f"   rows: {len(expected[1])} vs {len(actual[1])}", file=sys.stderr)


def order(names: list[str], block: int) -> list[str]:
    """The contenders in a rotated order, so none always runs first after another."""
    shift = block % len(names)
    return names[shift:] + names[:shift]


async def measure(args: argparse.Namespace) -> None:
    plan = QUICK if args.quick else FULL
    if args.blocks:
        plan = Plan(args.blocks, plan.single, plan.parallel, plan.warmup)
    names = [name for name in CONTENDERS if name in args.only.split(",")]
    wanted = args.scenarios.split(",")
    scenarios = [s for s in SCENARIOS if s.key in wanted]
    if not names or not scenarios:
        raise SystemExit("nothing to run: check --only and --scenarios")
    url = database.database_url(args.preset)
    logs = Path(tempfile.mkdtemp(prefix="bench-compare-"))
    print(f"database {database.database_name(url)} ({args.preset}); server logs in {logs}")
    if args.teardown:
        monitor = await asyncpg.connect(url)
        try:
            await database.teardown(monitor)
        finally:
            await monitor.close()
        print("PostGraphile's policies, grants and function removed")
        return
    loudong_bin = Path(sys.executable).parent / "loudong"
    await database.ensure_database(url, args.preset, loudong_bin, logs / "setup.log")
    monitor = await asyncpg.connect(url)
    try:
        viewers = {s.viewer: await database.viewer_info(monitor, s.viewer) for s in scenarios}
        sizes = await database.sizes(monitor)
        pg_version = str(await monitor.fetchval("SHOW server_version")).split()[0]
        if "postgraphile" in names:
            servers.ensure_postgraphile(logs / "npm.log")
            await database.install_rls(monitor)
        load_average = "{:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg())
        secret = secrets.token_urlsafe(48)
        makers = {
            "loudong": lambda: servers.loudong(url, secret, logs, logs),
            "floor": lambda: servers.floor(url, secret, logs),
            "postgraphile": lambda: servers.postgraphile(url, database.PG_ROLE, logs),
        }
        started: list[servers.Server] = []
        with stopped_on_exit(started):
            contenders = {}
            for name in names:
                server = makers[name]()
                server.start()
                started.append(server)
                contenders[name] = server
            for server in started:
                server.wait_ready()
                print(f"{server.name} ready on port {server.port} (pids {server.pids})")
            bench = Bench(monitor, contenders, viewers, secret)
            bench.check_tokens()
            for scenario in scenarios:
                print("check:", bench.check_same_rows(scenario))
            load = await LoadClient.start()
            try:
                results = await run_blocks(bench, load, scenarios, names, plan)
            finally:
                await load.close()
    finally:
        await monitor.close()
    write(args, plan, results, scenarios, names, sizes, pg_version, load_average, url)


async def run_blocks(
    bench: Bench, load: LoadClient, scenarios: list[Scenario], names: list[str], plan: Plan
) -> dict[str, dict[str, Stats]]:
    results: dict[str, dict[str, Stats]] = {}
    for scenario in scenarios:
        stats = {name: Stats() for name in names}
        results[scenario.key] = stats
        started = time.monotonic()
        for name in names:
            await bench.block(load, name, scenario, plan.warmup, 1, None)
        for concurrency, requests in ((1, plan.single), (8, plan.parallel)):
            for block in range(plan.blocks):
                for name in order(names, block):
                    await bench.block(load, name, scenario, requests, concurrency, stats[name])
        summary = ", ".join(
            f"{name} p50 {report.ms(s.p(1, 50))} / {s.rps():.1f} req/s" for name, s in stats.items()
        )
        print(f"{scenario.key} ({time.monotonic() - started:.0f} s): {summary}")
    return results


def write(
    args: argparse.Namespace,
    plan: Plan,
    results: dict[str, dict[str, Stats]],
    scenarios: list[Scenario],
    names: list[str],
    sizes: dict[str, int],
    pg_version: str,
    load_average: str,
    url: str,
) -> None:
    node = servers.node_versions()
    labels = {s.key: s.label for s in scenarios}
    kind = "smoke test (`--quick`)" if args.quick else "full run"
    preamble = "\n".join(
        [
            report.machine(f"PostgreSQL {pg_version}", node, load_average),
            "",
            f"Database `{database.database_name(url)}`, {args.preset} preset: "
            f"{sizes['cases']:,} cases, {sizes['resident']:,} residents, "
            f"{sizes['household']:,} households, {sizes['org_node']:,} org nodes. "
            f"A {kind}: per query, {plan.warmup} warm-up requests each, then {plan.blocks} "
            f"interleaved blocks of {plan.single} requests at 1 client and {plan.blocks} of "
            f"{plan.parallel} at 8 clients per contender (order rotated per block); every "
            "contender's answer was first checked to hold the same rows as Loudong's.",
        ]
    )
    title = f"Loudong, the floor and PostGraphile side by side ({args.preset}, `bench/compare/`)"
    text = report.section(title, preamble, report.tables(labels, results, names))
    print("\n" + text)
    if not args.no_write:
        with RESULTS.open("a") as out:
            out.write("\n" + text)
        print(f"appended to {RESULTS}")


def main() -> None:
    args = parse()
    try:
        asyncio.run(measure(args))
    except KeyboardInterrupt:
        print("interrupted; servers stopped", file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    main()
