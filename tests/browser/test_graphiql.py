"""GraphiQL renders in a real browser with no network: `loudong serve` on loopback, headless
Chromium (Debian's package) told that no host but 127.0.0.1 exists (issue 10)."""

import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

from tests.served import free_port, stop, wait_until_up

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium package (/usr/bin/chromium); .ci/run installs it",
    ),
]
# GraphiQL's run button is its primary colour, hsl(320, 95%, 43%): about rgb(214, 5, 144).
MIN_PRIMARY_PIXELS = 400


def _loudong() -> str:
    beside = Path(sys.executable).with_name("loudong")
    found = str(beside) if beside.exists() else shutil.which("loudong")
    assert found, "the loudong command is not installed (pip install -e .)"
    return found


@pytest.fixture
def server(tmp_path: Path, migrated_sqlite: Path) -> Iterator[str]:
    """`loudong serve` against a new, migrated, empty SQLite database; its base URL."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("LOUDONG_")}
    env.update(
        LOUDONG_ENV="development",
        LOUDONG_GRAPHIQL="true",
        LOUDONG_DATA_DIR=str(tmp_path / "data"),
        LOUDONG_DATABASE_URL=f"sqlite://{tmp_path / 'data' / 'loudong.sqlite3'}",
        LOUDONG_SECRET="browser-test-secret-that-is-long-enough-0123456789",
        LOUDONG_PASSWORD_PROFILE="CHEAPEST",
        LOUDONG_HASH_WORKERS="1",
        LOUDONG_GC_FREEZE="false",
    )
    (tmp_path / "data").mkdir()
    shutil.copyfile(migrated_sqlite, tmp_path / "data" / "loudong.sqlite3")
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [_loudong(), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process, tmp_path / "serve.log", seconds=30)
        yield base
    finally:
        stop(process, timeout=10)
        log.close()


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Headless Chromium, offline: every host name but the loopback address fails to resolve."""
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-proxy-server",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        f"--user-data-dir={profile}",
        "--window-size=1280,800",
        "--virtual-time-budget=15000",
        *args,
    ]
    return subprocess.run(command, capture_output=True, timeout=120, check=True)


def test_graphiql_renders_offline(server: str, tmp_path: Path):
    # given: the page, as served
    page = httpx.get(f"{server}/graphql", headers={"Accept": "text/html"}, timeout=10)
    assert page.status_code == 200
    assert not re.search(r"(https?:)?//", page.text), "the page references another origin"
    assert "script-src 'self'" in page.headers["content-security-policy"]

    # when: a browser that can reach nothing but this server renders it
    dom = chromium(tmp_path, "--dump-dom", f"{server}/graphql").stdout.decode()
    shot = tmp_path / "graphiql.png"
    chromium(tmp_path, f"--screenshot={shot}", f"{server}/graphql")

    # then: GraphiQL's editor is in the DOM, with CodeMirror's query editor in it
    assert "Loading..." not in dom
    assert 'class="graphiql-editor' in dom
    assert "graphiql-query-editor" in dom
    assert "CodeMirror" in dom
    # and the screenshot shows it: many colours, GraphiQL's run button among them
    image = Image.open(io.BytesIO(shot.read_bytes())).convert("RGB")
    assert image.size == (1280, 800)
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 100, f"a nearly blank screenshot ({len(colours)} colours)"
    primary = sum(n for n, rgb in colours if isinstance(rgb, tuple) and _is_primary(*rgb[:3]))
    assert primary >= MIN_PRIMARY_PIXELS, f"no run button in the screenshot ({primary} pixels)"


def _is_primary(red: int, green: int, blue: int) -> bool:
    return red > 180 and green < 60 and blue > 100
