"""Settings come from LOUDONG_* variables; production refuses unsafe defaults."""

import pytest

from app.cli import main
from app.main import create_app
from app.settings import Settings, SettingsError


def test_defaults_for_development(tmp_path) -> None:
    settings = Settings.from_environ({"LOUDONG_DATA_DIR": str(tmp_path)})
    assert settings.database_url == f"sqlite://{tmp_path}/loudong.sqlite3"
    assert settings.graphiql is True
    assert settings.token_ttl_hours == 12.0
    # the generated development secret is kept, so tokens survive a restart
    assert Settings.from_environ({"LOUDONG_DATA_DIR": str(tmp_path)}).secret == settings.secret
    assert len(settings.secret) >= 32


def test_production_needs_a_secret_and_turns_graphiql_off(tmp_path) -> None:
    with pytest.raises(SettingsError, match="LOUDONG_SECRET"):
        Settings.from_environ({"LOUDONG_ENV": "production", "LOUDONG_DATA_DIR": str(tmp_path)})
    settings = Settings.from_environ(
        {"LOUDONG_ENV": "production", "LOUDONG_SECRET": "s" * 40, "LOUDONG_TOKEN_TTL_HOURS": "2"}
    )
    assert settings.graphiql is False
    assert settings.token_ttl_hours == 2.0
    assert settings.introspection is False
    assert settings.suggestions is False


@pytest.mark.parametrize("secret", ["x", "s" * 31, "密" * 10])
def test_production_refuses_a_short_secret(secret: str) -> None:
    with pytest.raises(SettingsError, match="at least 32 bytes"):
        Settings.from_environ({"LOUDONG_ENV": "production", "LOUDONG_SECRET": secret})


def test_production_may_turn_introspection_back_on() -> None:
    settings = Settings.from_environ(
        {"LOUDONG_ENV": "production", "LOUDONG_SECRET": "s" * 32, "LOUDONG_INTROSPECTION": "true"}
    )
    assert settings.introspection is True
    assert settings.suggestions is False


def test_seed_is_refused_in_production(monkeypatch, tmp_path, capsys) -> None:
    monkeypatch.setenv("LOUDONG_ENV", "production")
    monkeypatch.setenv("LOUDONG_SECRET", "s" * 40)
    monkeypatch.setenv("LOUDONG_DATABASE_URL", f"sqlite://{tmp_path / 'p.sqlite3'}")
    assert main(["seed", "--preset", "demo"]) == 2
    assert "refused" in capsys.readouterr().err


@pytest.mark.parametrize("graphiql", [True, False])
async def test_graphiql_only_when_turned_on(settings, graphiql: bool) -> None:
    import httpx
    from asgi_lifespan import LifespanManager

    configured = Settings(**{**settings.__dict__, "graphiql": graphiql})
    async with LifespanManager(create_app(configured)) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            page = await client.get("/graphql", headers={"Accept": "text/html"})
    assert ("GraphiQL" in page.text) is graphiql


def test_worker_bounds_default_to_one_hash_per_cpu_and_two_files(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 6)
    settings = Settings.from_environ({"LOUDONG_DATA_DIR": str(tmp_path)})
    assert (settings.hash_workers, settings.file_workers) == (6, 2)
    configured = Settings.from_environ(
        {
            "LOUDONG_DATA_DIR": str(tmp_path),
            "LOUDONG_HASH_WORKERS": "3",
            "LOUDONG_FILE_WORKERS": "1",
        }
    )
    assert (configured.hash_workers, configured.file_workers) == (3, 1)


def test_gc_freeze_is_on_for_servers_and_off_for_test_apps() -> None:
    assert Settings.from_environ({"LOUDONG_SECRET": "s" * 32}).gc_freeze is True
    off = {"LOUDONG_SECRET": "s" * 32, "LOUDONG_GC_FREEZE": "false"}
    assert Settings.from_environ(off).gc_freeze is False
    assert Settings().gc_freeze is False


def test_request_body_limits(tmp_path) -> None:
    defaults = Settings.from_environ({"LOUDONG_DATA_DIR": str(tmp_path)})
    assert (defaults.max_upload_bytes, defaults.max_body_bytes) == (25 * 1024 * 1024, 1024 * 1024)
    configured = Settings.from_environ(
        {
            "LOUDONG_DATA_DIR": str(tmp_path),
            "LOUDONG_MAX_UPLOAD_BYTES": "1000",
            "LOUDONG_MAX_BODY_BYTES": "500",
        }
    )
    assert (configured.max_upload_bytes, configured.max_body_bytes) == (1000, 500)


def test_export_row_cap(tmp_path) -> None:
    environ = {"LOUDONG_DATA_DIR": str(tmp_path)}
    assert Settings.from_environ(environ).export_max_rows == 100_000
    capped = {**environ, "LOUDONG_EXPORT_MAX_ROWS": "5000"}
    assert Settings.from_environ(capped).export_max_rows == 5000
    with pytest.raises(SettingsError, match="LOUDONG_EXPORT_MAX_ROWS"):
        Settings.from_environ({**environ, "LOUDONG_EXPORT_MAX_ROWS": "0"})
