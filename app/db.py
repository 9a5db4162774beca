"""Tortoise configuration and migrations."""

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.migrations.api import migrate as migrate_api

from app.settings import Settings
from models import MODEL_MODULES


class PooledConnection(asyncpg.Connection):  # type: ignore[misc]
    """A pooled PostgreSQL connection released without asyncpg's reset query (advisory
    unlock, CLOSE ALL, UNLISTEN, RESET ALL): one round trip per statement saved. Nothing here
    takes session-level advisory locks, opens cursors, listens or SETs session state, and
    asyncpg still rolls back a transaction left open on release.

    So only ever take *transaction-level* advisory locks (`pg_advisory_xact_lock`), released
    at commit or rollback, never session-level ones (`pg_advisory_lock`): with no reset query
    a session lock would outlive the request on the pooled connection and block every later
    taker. (The audit trail serialises its appends with a row lock on `audit_head`, SELECT
    ... FOR UPDATE, also released with the transaction.)"""

    def get_reset_query(self) -> str:
        return ""


# Seconds a statement, or opening a connection, may take before the request fails.
DEFAULT_TIMEOUT = 10.0


def connection_config(database_url: str, timeout: float = DEFAULT_TIMEOUT) -> str | dict[str, Any]:
    if not database_url.startswith(("postgres://", "postgresql://")):
        return database_url
    config = expand_db_url(database_url)
    credentials = config["credentials"]
    credentials["connection_class"] = PooledConnection
    # While PostgreSQL is down or stuck, a request fails (UNAVAILABLE) within this instead of
    # hanging: asyncpg cancels a statement after `command_timeout`, gives up connecting after
    # `timeout`. A connection the server closed is dropped from the pool and made anew.
    for name in ("command_timeout", "timeout"):  # either may be given in the URL's query too
        credentials[name] = float(credentials.get(name, timeout))
    # A scope is `path LIKE '<prefix>%'`. asyncpg prepares statements, and after five runs
    # PostgreSQL may switch to a generic plan, which cannot turn a parameter's prefix into an
    # index range and scans the table; planning each run with its values keeps the range.
    settings = credentials.setdefault("server_settings", {})
    settings["plan_cache_mode"] = "force_custom_plan"
    return config


def is_postgres(database_url: str) -> bool:
    return database_url.startswith(("postgres://", "postgresql://"))


def listen_connector(
    database_url: str, timeout: float = DEFAULT_TIMEOUT
) -> Callable[[], Awaitable[asyncpg.Connection]]:
    """Opens the live bus's own LISTEN connection (never a pooled one: LISTEN is per session)."""
    credentials = expand_db_url(database_url)["credentials"]
    keep = ("host", "port", "user", "password", "database", "ssl")
    options = {key: credentials[key] for key in keep if key in credentials}

    async def connect() -> asyncpg.Connection:
        return await asyncpg.connect(**options, timeout=timeout)

    return connect


def tortoise_config(database_url: str, timeout: float = DEFAULT_TIMEOUT) -> dict[str, Any]:
    return {
        "connections": {"default": connection_config(database_url, timeout)},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": "models.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def _ensure_sqlite_folder(database_url: str) -> None:
    prefix = "sqlite://"
    if database_url.startswith(prefix) and ":memory:" not in database_url:
        Path(database_url[len(prefix) :]).parent.mkdir(parents=True, exist_ok=True)


async def migrate(settings: Settings) -> None:
    """Apply every pending migration, then close the connections."""
    _ensure_sqlite_folder(settings.database_url)
    try:
        await migrate_api(config=tortoise_config(settings.database_url))
    finally:
        await Tortoise.close_connections()
