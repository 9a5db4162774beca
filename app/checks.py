"""`loudong check-config`: the environment judged as LOUDONG_ENV=production would judge it."""

import os
from collections.abc import Mapping
from dataclasses import replace

from starlette.config import Config

from app.settings import Settings, SettingsError, flag, parse_proxies, production_refusals


def production_problems(environ: Mapping[str, str]) -> list[str]:
    """What production refuses to start with ("refused: ..."), then what it starts with but
    should not ("warning: ..."); empty when the environment is fit for production."""
    config = Config(environ=dict(environ))
    problems: list[str] = []
    env = config("LOUDONG_ENV", default="development")
    if env != "production":
        problems.append(f"refused: LOUDONG_ENV is {env!r}; production needs LOUDONG_ENV=production")
    try:
        metrics = config("LOUDONG_METRICS", cast=flag, default=False)
    except ValueError as error:
        problems.append(f"refused: LOUDONG_METRICS: {error}")
        metrics = False
    problems += [
        f"refused: {text}"
        for text in production_refusals(
            config("LOUDONG_SECRET", default=""),
            metrics,
            config("LOUDONG_METRICS_TOKEN", default=""),
        )
    ]
    try:
        parse_proxies(config("LOUDONG_TRUSTED_PROXIES", default=""))
    except ValueError as error:
        problems.append(f"refused: LOUDONG_TRUSTED_PROXIES: {error}")
    settings = _settings(environ, problems)
    if settings is None:
        return problems
    if settings.database_url.startswith("sqlite"):
        problems.append(
            "warning: the database is SQLite (LOUDONG_DATABASE_URL unset or sqlite://): one "
            "process only; use PostgreSQL for a district"
        )
    for name, on in (
        ("LOUDONG_GRAPHIQL", settings.graphiql),
        ("LOUDONG_INTROSPECTION", settings.introspection),
        ("LOUDONG_SUGGESTIONS", settings.suggestions),
    ):
        if on:
            problems.append(f"warning: {name} is on; production leaves it off")
    if not _writable(settings):
        problems.append(
            f"warning: LOUDONG_DATA_DIR ({settings.data_dir}) is not a writable folder; "
            "photos are kept there"
        )
    return problems


def _settings(environ: Mapping[str, str], problems: list[str]) -> Settings | None:
    """Settings read as production would, without refusing what is listed already."""
    relaxed = {**environ, "LOUDONG_ENV": "production", "LOUDONG_METRICS": "off"}
    relaxed.setdefault("LOUDONG_SECRET", "x" * 64)  # a missing secret is listed already
    if len(relaxed["LOUDONG_SECRET"].encode()) < 32:
        relaxed["LOUDONG_SECRET"] = "x" * 64
    relaxed["LOUDONG_TRUSTED_PROXIES"] = ""
    try:
        return replace(Settings.from_environ(relaxed), env="production")
    except (SettingsError, ValueError) as error:
        problems.append(f"refused: {error}")
        return None


def _writable(settings: Settings) -> bool:
    folder = settings.data_dir
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)
