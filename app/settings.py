"""Typed settings read from `LOUDONG_*` environment variables, never at import time."""

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from urllib.parse import urlsplit

from starlette.config import Config

# HS256 keys shorter than the hash (32 bytes) can be brute-forced offline from one token.
MIN_SECRET_BYTES = 32
# A signed photo URL is a bearer credential for one file: it lives minutes, never a day.
MAX_ATTACHMENT_URL_MINUTES = 24 * 60


class SettingsError(RuntimeError):
    """The environment does not describe a runnable configuration."""


_FLAGS = {
    "on": True,
    "true": True,
    "1": True,
    "yes": True,
    "off": False,
    "false": False,
    "0": False,
    "no": False,
}


def flag(value: str | bool) -> bool:
    """on/off, true/false, yes/no or 1/0."""
    if isinstance(value, bool):  # a default
        return value
    try:
        return _FLAGS[value.strip().lower()]
    except KeyError:
        raise ValueError(f"{value!r} is not on or off") from None


def _cpu_count() -> int:
    return os.cpu_count() or 1


@dataclass(frozen=True)
class Settings:
    env: str = "development"
    database_url: str = "sqlite://data/loudong.sqlite3"
    data_dir: Path = Path("data")
    secret: str = ""
    token_ttl_hours: float = 12.0
    graphiql: bool = True
    # argon2 cost: a name in argon2.profiles (RFC_9106_LOW_MEMORY in real use, CHEAPEST only
    # for tests) or a cost of its own in PHC notation, "m=65536,t=3,p=4".
    password_profile: str = "RFC_9106_LOW_MEMORY"
    # How many password hashes, and how many uploads/exports/photo writes, run at once (each in
    # a worker thread, off the event loop). A hash keeps one core busy: one per core.
    hash_workers: int = field(default_factory=_cpu_count)
    file_workers: int = 2
    rating_window_days: float = 7.0
    introspection: bool = True
    suggestions: bool = True
    # Move what start-up made out of the collector's sight (gc.freeze): full collections over
    # them cost a request 80 ms here (bench/RESULTS.md). Off for apps built in tests.
    gc_freeze: bool = False
    # Request bodies larger than these are refused with 413 before they are parsed: uploads
    # (multipart, an import file of at most 20 MB or a photo of 10 MB) and anything else (JSON).
    max_upload_bytes: int = 25 * 1024 * 1024
    max_body_bytes: int = 1024 * 1024
    # Proxies (IPs or networks) whose X-Forwarded-For header names the client; none by default,
    # so a client cannot pose as many addresses by writing the header itself.
    trusted_proxies: tuple[IPv4Network | IPv6Network, ...] = ()
    # /metrics: served unless off; when a token is set, only to `Authorization: Bearer <token>`.
    metrics: bool = True
    metrics_token: str = ""
    # Seconds a database statement, or opening a connection, may take (asyncpg's
    # command_timeout and connect timeout): past it the request gets UNAVAILABLE, not a hang.
    db_timeout: float = 10.0
    # A download (GET /exports/...) holds at most this many rows, and says so when cut.
    export_max_rows: int = 100_000
    # Origins (`https://app.example.org`) whose pages may call the API from a browser; none by
    # default (no CORS headers at all). "*" is any origin: tokens are never cookies, so no
    # origin gets a credential it did not already hold.
    cors_origins: tuple[str, ...] = ()
    # How long a photo's signed URL (CaseAttachment.url) stays good.
    attachment_url_minutes: float = 5.0
    # Subscriptions (graphql-transport-ws on /graphql): at most this many running at once on one
    # connection, seconds a new connection may take to send its connection_init (4408), and
    # signed-in connections one user may hold in one process (4429 past it).
    live_max_subscriptions: int = 20
    live_init_seconds: float = 10.0
    live_max_connections_per_user: int = 10
    # Log lines: "json" (one object per line, the production default) or "text"; and the level.
    log_format: str = "text"
    log_level: str = "INFO"
    # Elder care (issue 14): the sweep's period in seconds (0: no sweep in this process; the
    # command `loudong sweep-alerts` still sweeps), alerts' acknowledgement deadlines in minutes
    # (SOS, falls and smoke; the others) and a door's quiet period in hours.
    alert_sweep_seconds: float = 60.0
    alert_ack_urgent_minutes: float = 15.0
    alert_ack_minutes: float = 60.0
    door_quiet_hours: float = 24.0

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        config = Config(environ=dict(os.environ if environ is None else environ))
        env = config("LOUDONG_ENV", default="development")
        data_dir = Path(config("LOUDONG_DATA_DIR", default="data"))
        secret = config("LOUDONG_SECRET", default="")
        metrics = config("LOUDONG_METRICS", cast=flag, default=env != "production")
        metrics_token = config("LOUDONG_METRICS_TOKEN", default="")
        if env == "production":
            refused = production_refusals(secret, metrics, metrics_token)
            if refused:
                raise SettingsError("; ".join(refused))
        if not secret:
            secret = _development_secret(data_dir)
        try:
            proxies = parse_proxies(config("LOUDONG_TRUSTED_PROXIES", default=""))
        except ValueError as error:
            raise SettingsError(f"LOUDONG_TRUSTED_PROXIES: {error}") from error
        export_max_rows = config("LOUDONG_EXPORT_MAX_ROWS", cast=int, default=cls.export_max_rows)
        if export_max_rows < 1:
            raise SettingsError("LOUDONG_EXPORT_MAX_ROWS must be at least 1")
        try:
            origins = parse_origins(config("LOUDONG_CORS_ORIGINS", default=""))
        except ValueError as error:
            raise SettingsError(f"LOUDONG_CORS_ORIGINS: {error}") from error
        url_minutes = config("LOUDONG_ATTACHMENT_URL_MINUTES", cast=float, default=5.0)
        if not 0 < url_minutes <= MAX_ATTACHMENT_URL_MINUTES:
            raise SettingsError(
                f"LOUDONG_ATTACHMENT_URL_MINUTES must be above 0 and at most "
                f"{MAX_ATTACHMENT_URL_MINUTES}"
            )
        live_max = config("LOUDONG_LIVE_MAX_SUBSCRIPTIONS", cast=int, default=20)
        live_init = config("LOUDONG_LIVE_INIT_SECONDS", cast=float, default=10.0)
        live_connections = config("LOUDONG_LIVE_MAX_CONNECTIONS_PER_USER", cast=int, default=10)
        if live_max < 1 or live_connections < 1 or live_init <= 0:
            raise SettingsError(
                "LOUDONG_LIVE_MAX_SUBSCRIPTIONS and LOUDONG_LIVE_MAX_CONNECTIONS_PER_USER must be "
                "at least 1, LOUDONG_LIVE_INIT_SECONDS above 0"
            )
        log_format = config("LOUDONG_LOG_FORMAT", default="json" if env == "production" else "text")
        if log_format not in ("json", "text"):
            raise SettingsError("LOUDONG_LOG_FORMAT must be json or text")
        log_level = config("LOUDONG_LOG_LEVEL", default="INFO").upper()
        if log_level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise SettingsError("LOUDONG_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        alerts = {
            name: config(f"LOUDONG_{name.upper()}", cast=float, default=getattr(cls, name))
            for name in (
                "alert_sweep_seconds",
                "alert_ack_urgent_minutes",
                "alert_ack_minutes",
                "door_quiet_hours",
            )
        }
        if alerts["alert_sweep_seconds"] < 0 or min(list(alerts.values())[1:]) <= 0:
            raise SettingsError(
                "LOUDONG_ALERT_SWEEP_SECONDS is 0 or more; LOUDONG_ALERT_ACK_URGENT_MINUTES, "
                "LOUDONG_ALERT_ACK_MINUTES and LOUDONG_DOOR_QUIET_HOURS are above 0"
            )
        return cls(
            env=env,
            database_url=config(
                "LOUDONG_DATABASE_URL", default=f"sqlite://{data_dir}/loudong.sqlite3"
            ),
            data_dir=data_dir,
            secret=secret,
            token_ttl_hours=config("LOUDONG_TOKEN_TTL_HOURS", cast=float, default=12.0),
            graphiql=config("LOUDONG_GRAPHIQL", cast=bool, default=env != "production"),
            password_profile=config("LOUDONG_PASSWORD_PROFILE", default="RFC_9106_LOW_MEMORY"),
            hash_workers=config("LOUDONG_HASH_WORKERS", cast=int, default=_cpu_count()),
            file_workers=config("LOUDONG_FILE_WORKERS", cast=int, default=2),
            rating_window_days=config("LOUDONG_RATING_WINDOW_DAYS", cast=float, default=7.0),
            introspection=config("LOUDONG_INTROSPECTION", cast=bool, default=env != "production"),
            suggestions=config("LOUDONG_SUGGESTIONS", cast=bool, default=env != "production"),
            gc_freeze=config("LOUDONG_GC_FREEZE", cast=bool, default=True),
            max_upload_bytes=config(
                "LOUDONG_MAX_UPLOAD_BYTES", cast=int, default=cls.max_upload_bytes
            ),
            max_body_bytes=config("LOUDONG_MAX_BODY_BYTES", cast=int, default=cls.max_body_bytes),
            trusted_proxies=proxies,
            metrics=metrics,
            metrics_token=metrics_token,
            db_timeout=config("LOUDONG_DB_TIMEOUT", cast=float, default=cls.db_timeout),
            export_max_rows=export_max_rows,
            cors_origins=origins,
            attachment_url_minutes=url_minutes,
            live_max_subscriptions=live_max,
            live_init_seconds=live_init,
            live_max_connections_per_user=live_connections,
            log_format=log_format,
            log_level=log_level,
            **alerts,
        )


def production_refusals(secret: str, metrics: bool, metrics_token: str) -> list[str]:
    """What LOUDONG_ENV=production refuses to start with."""
    refused = []
    if len(secret.encode()) < MIN_SECRET_BYTES:
        refused.append(
            f"LOUDONG_SECRET must hold at least {MIN_SECRET_BYTES} bytes when "
            "LOUDONG_ENV=production (e.g. `python -c 'import secrets; "
            "print(secrets.token_urlsafe(48))'`)"
        )
    if metrics and not metrics_token:
        refused.append(
            "LOUDONG_METRICS is on without LOUDONG_METRICS_TOKEN: set a token (at least "
            f"{MIN_SECRET_BYTES} bytes) or turn metrics off"
        )
    elif metrics and len(metrics_token.encode()) < MIN_SECRET_BYTES:
        refused.append(f"LOUDONG_METRICS_TOKEN must hold at least {MIN_SECRET_BYTES} bytes")
    return refused


def parse_proxies(text: str) -> tuple[IPv4Network | IPv6Network, ...]:
    """`10.0.0.1, 10.1.0.0/16, ::1` as networks; ValueError names a bad entry."""
    networks = []
    for entry in (part.strip() for part in text.split(",")):
        if entry:
            try:
                networks.append(ip_network(entry, strict=False))
            except ValueError as error:
                raise ValueError(f"not an IP address or network: {entry!r}") from error
    return tuple(networks)


def parse_origins(text: str) -> tuple[str, ...]:
    """`https://app.example.org, http://localhost:5173` as the browser sends them in `Origin`
    (lower case, no default port), or `*`; ValueError names an entry that is not an origin."""
    origins: list[str] = []
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        if entry == "*":
            origins.append(entry)
            continue
        problem = f"not an origin (scheme://host[:port], no path): {entry!r}"
        try:
            parts = urlsplit(entry)
            port = parts.port
        except ValueError as error:
            raise ValueError(problem) from error
        if (
            parts.scheme.lower() not in ("http", "https")
            or not parts.hostname
            or parts.username is not None
            or parts.path
            or parts.query
            or parts.fragment
            or entry.endswith(("?", "#"))
        ):
            raise ValueError(problem)
        scheme = parts.scheme.lower()
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        default = {"http": 80, "https": 443}[scheme]
        origins.append(f"{scheme}://{host}" + (f":{port}" if port not in (None, default) else ""))
    return tuple(dict.fromkeys(origins))


def _development_secret(data_dir: Path) -> str:
    """A random secret made once and kept in the data folder, so tokens survive restarts."""
    path = data_dir / "secret.key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    path.write_text(secret, encoding="utf-8")
    path.chmod(0o600)
    return secret
