"""The command line on a fresh SQLite file: migrate, seed (once), create-admin, export-schema."""

import os
import shutil
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
def test_seed_is_deterministic(tmp_path: Path, migrated_sqlite: Path) -> None:
    contents = []
    for name, seed in (("a", "7"), ("b", "7"), ("c", "8")):
        folder = tmp_path / name
        folder.mkdir()
        shutil.copyfile(migrated_sqlite, folder / "cli.sqlite3")  # `migrate` is tested above
        seeded = loudong(
            folder, "seed", "--preset", "demo", "--seed", seed, "--as-of", "2026-11-01"
        )
        assert seeded.returncode == 0, seeded.stderr
        contents.append(_content(folder / "cli.sqlite3"))
    assert contents[0] == contents[1]
    assert contents[0] != contents[2]


def test_version(tmp_path: Path) -> None:
    result = loudong(tmp_path, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "loudong 0.1.0"


def test_import_help_explains_columns_values_and_encodings(tmp_path: Path) -> None:
    result = loudong(tmp_path, "import", "residents", "--help")
    assert result.returncode == 0, result.stderr
    for words in ("出生日期", "birth_date", "身份证号", "独居老人", "GBK", "UTF-8", "XLSX", "男"):
        assert words in result.stdout, words


def test_serve_flags_have_help(tmp_path: Path) -> None:
    result = loudong(tmp_path, "serve", "--help")
    assert "address to listen on" in result.stdout
    assert "TCP port" in result.stdout
    assert "server processes" in result.stdout


def test_seed_on_a_database_with_data_says_so_in_one_line(
    tmp_path: Path, migrated_sqlite: Path
) -> None:
    # given: a migrated database holding one node
    shutil.copyfile(migrated_sqlite, tmp_path / "cli.sqlite3")
    with sqlite3.connect(tmp_path / "cli.sqlite3") as connection:
        connection.execute(
            "INSERT INTO org_node (name, level, path, archived, created_at, updated_at) "
            "VALUES ('老城', 'STREET', '/1/', 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
    # when
    refused = loudong(tmp_path, "seed", "--preset", "district")
    # then: one line, no traceback, no progress bar, a non-zero exit
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert refused.stderr.count("\n") == 1, refused.stderr
    assert "already holds data" in refused.stderr
