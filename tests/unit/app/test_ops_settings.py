"""Metrics settings, `loudong check-config`, and which failures count as a lost database."""

import socket

import asyncpg
import pytest
from tortoise.exceptions import IntegrityError, OperationalError

from app.checks import production_problems
from app.cli import main
from app.db import connection_config
from app.settings import Settings, SettingsError
from resolvers.faults import database_unavailable

SECRET = "s" * 40
FIT = {
    "LOUDONG_ENV": "production",
    "LOUDONG_SECRET": SECRET,
    "LOUDONG_DATABASE_URL": "postgres://loudong:pw@db:5432/loudong",
}


def test_metrics_are_on_in_development_and_off_in_production(tmp_path) -> None:
    assert Settings.from_environ({"LOUDONG_DATA_DIR": str(tmp_path)}).metrics is True
    production = Settings.from_environ({"LOUDONG_ENV": "production", "LOUDONG_SECRET": SECRET})
    assert production.metrics is False


@pytest.mark.parametrize("token", ["", "short-token"])
def test_production_refuses_metrics_without_a_strong_token(token: str) -> None:
    environ = {"LOUDONG_ENV": "production", "LOUDONG_SECRET": SECRET, "LOUDONG_METRICS": "on"}
    with pytest.raises(SettingsError, match="LOUDONG_METRICS"):
        Settings.from_environ({**environ, "LOUDONG_METRICS_TOKEN": token})
    settings = Settings.from_environ({**environ, "LOUDONG_METRICS_TOKEN": "t" * 32})
    assert settings.metrics is True


@pytest.mark.parametrize(
    ("value", "on"), [("on", True), ("OFF", False), ("1", True), ("no", False)]
)
def test_metrics_flag_spellings(tmp_path, value: str, on: bool) -> None:
    environ = {"LOUDONG_DATA_DIR": str(tmp_path), "LOUDONG_METRICS": value}
    assert Settings.from_environ(environ).metrics is on


def test_check_config_passes_a_production_environment(tmp_path) -> None:
    assert production_problems({**FIT, "LOUDONG_DATA_DIR": str(tmp_path)}) == []


def test_check_config_lists_every_problem(tmp_path) -> None:
    problems = production_problems(
        {
            "LOUDONG_ENV": "development",
            "LOUDONG_SECRET": "short",
            "LOUDONG_METRICS": "on",
            "LOUDONG_TRUSTED_PROXIES": "not-an-address",
            "LOUDONG_GRAPHIQL": "true",
            "LOUDONG_DATA_DIR": str(tmp_path),
        }
    )
    text = "\n".join(problems)
    for expected in (
        "LOUDONG_ENV",
        "LOUDONG_SECRET",
        "LOUDONG_METRICS_TOKEN",
        "LOUDONG_TRUSTED_PROXIES",
        "SQLite",
        "LOUDONG_GRAPHIQL",
    ):
        assert expected in text, (expected, problems)
    assert all(problem.startswith(("refused: ", "warning: ")) for problem in problems)


def test_check_config_command_exits_non_zero_on_problems(monkeypatch, capsys, tmp_path) -> None:
    for name, value in {**FIT, "LOUDONG_DATA_DIR": str(tmp_path)}.items():
        monkeypatch.setenv(name, value)
    assert main(["check-config"]) == 0
    assert "ready for production" in capsys.readouterr().out
    monkeypatch.setenv("LOUDONG_SECRET", "short")
    assert main(["check-config"]) == 1
    assert "LOUDONG_SECRET" in capsys.readouterr().out


def test_postgres_connections_have_timeouts() -> None:
    config = connection_config("postgres://u:p@h:5432/d", timeout=3.0)
    assert isinstance(config, dict)
    assert config["credentials"]["command_timeout"] == 3.0
    assert config["credentials"]["timeout"] == 3.0


def _raised_from(cause: BaseException) -> Exception:
    try:
        try:
            raise cause
        except BaseException as error:
            raise OperationalError(error) from error
    except OperationalError as wrapped:
        return wrapped


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "refused"),
        OSError("Multiple exceptions: [Errno 111] Connect call failed"),
        socket.gaierror(-2, "Name or service not known"),
        TimeoutError(),
        asyncpg.exceptions.ConnectionDoesNotExistError("closed in the middle"),
        asyncpg.exceptions.AdminShutdownError("terminating connection"),
        asyncpg.exceptions.CannotConnectNowError("the database system is starting up"),
        asyncpg.exceptions.TooManyConnectionsError("too many clients"),
        asyncpg.InterfaceError("connection is closed"),
        asyncpg.InternalClientError("cannot switch to state 12; another operation (2) is in"),
        _raised_from(asyncpg.exceptions.ConnectionDoesNotExistError("x")),
    ],
)
def test_lost_database_errors(error: BaseException) -> None:
    assert database_unavailable(error)


@pytest.mark.parametrize(
    "error",
    [
        ValueError("bad"),
        FileNotFoundError(2, "no such file"),
        PermissionError(13, "denied"),
        IntegrityError("duplicate"),
        asyncpg.exceptions.UniqueViolationError("duplicate"),
        None,
    ],
)
def test_other_errors_are_not_a_lost_database(error: BaseException | None) -> None:
    assert not database_unavailable(error)
