"""The committed SDL matches the served schema, and the core contract holds."""

import subprocess
import sys
from pathlib import Path

from schema import schema

ROOT = Path(__file__).resolve().parents[2]
CHECK_CONTRACT = ROOT.parent / "shared" / "tools" / "check_contract.py"


def test_committed_schema_matches_the_served_schema() -> None:
    committed = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed == schema.as_str() + "\n", "run `make schema` and commit schema.graphql"


def test_export_schema_command_prints_the_same_sdl() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "export-schema"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == (ROOT / "schema.graphql").read_text(encoding="utf-8")


def test_the_whole_core_contract_holds() -> None:
    result = subprocess.run(
        [sys.executable, str(CHECK_CONTRACT), str(ROOT / "schema.graphql")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    assert "0 breaking change(s)" in result.stdout
