"""The command line on a fresh SQLite file: migrate, seed (once), create-admin, export-schema."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def loudong(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "LOUDONG_DATA_DIR": str(tmp_path),
        "LOUDONG_DATABASE_URL": f"sqlite://{tmp_path / 'cli.sqlite3'}",
        "LOUDONG_PASSWORD_PROFILE": "CHEAPEST",
    }
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.slow
def test_migrate_seed_and_create_admin(tmp_path: Path) -> None:
    assert loudong(tmp_path, "migrate").returncode == 0
    seeded = loudong(tmp_path, "seed", "--preset", "demo", "--if-empty")
    assert seeded.returncode == 0, seeded.stderr
    assert "residents: 3000" in seeded.stdout
    assert "cases: 300" in seeded.stdout
    again = loudong(tmp_path, "seed", "--preset", "demo", "--if-empty")
    assert "skipped" in again.stdout
    refused = loudong(tmp_path, "seed", "--preset", "demo")
    assert refused.returncode != 0
    weak = loudong(tmp_path, "create-admin", "--username", "chief", "--password", "short")
    assert weak.returncode == 2
    made = loudong(tmp_path, "create-admin", "--username", "chief", "--password", "long-enough-1")
    assert made.returncode == 0, made.stderr
    assert "created system admin chief" in made.stdout
    # the admin and its grant are audited, and the chain verifies
    verified = loudong(tmp_path, "audit", "verify")
    assert verified.returncode == 0, verified.stderr
    assert "intact: 1 records" in verified.stdout
    assert (tmp_path / "secret.key").exists()


def _content(database: Path) -> list[object]:
    with sqlite3.connect(database) as connection:
        return [
            connection.execute(query).fetchall()
            for query in (
                "SELECT id, name, path FROM org_node ORDER BY id",
                "SELECT id, name, phone, id_number, household_id FROM resident ORDER BY id",
                "SELECT id, kind, status, title, node_id, created_at FROM cases ORDER BY id",
            )
        ]


@pytest.mark.slow
def test_seed_is_deterministic(tmp_path: Path) -> None:
    contents = []
    for name, seed in (("a", "7"), ("b", "7"), ("c", "8")):
        folder = tmp_path / name
        folder.mkdir()
        loudong(folder, "migrate")
        seeded = loudong(
            folder, "seed", "--preset", "demo", "--seed", seed, "--as-of", "2026-11-01"
        )
        assert seeded.returncode == 0, seeded.stderr
        contents.append(_content(folder / "cli.sqlite3"))
    assert contents[0] == contents[1]
    assert contents[0] != contents[2]
