"""The per-request context every resolver receives."""

from dataclasses import dataclass, field
from datetime import timedelta
from ipaddress import IPv4Network, IPv6Network
from pathlib import Path
from typing import TYPE_CHECKING, Any

from anyio import CapacityLimiter
from starlette.requests import HTTPConnection

import models
from models.workflows.alerts import AlertRules
from models.workflows.cases import RATING_WINDOW
from policies.authorizer import Authorizer, Viewer
from resolvers.audit.recorder import Recorder
from resolvers.exports.gate import ExportGate
from resolvers.live.bus import Bus
from resolvers.live.connections import LiveConnections
from resolvers.loaders import Loaders
from resolvers.messages import ENGLISH, Language
from resolvers.passwords import Passwords
from resolvers.public.cache import PageCache
from resolvers.ratelimit import RateLimits
from resolvers.requestlog import new_request_id

if TYPE_CHECKING:
    from resolvers.live.session import LiveSession


@dataclass(frozen=True)
class Services:
    """Long-lived, per-app pieces a request needs (built once in the app's lifespan)."""

    authorizer: Authorizer
    secret: str
    token_ttl: timedelta
    # Hashes run in worker threads, at most as many at once as its limiter allows.
    passwords: Passwords
    # Bounds uploads parsed, exports built and photos written at once (in worker threads).
    file_limiter: CapacityLimiter
    data_dir: Path = Path("data")
    # A resolved case the reporter has not rated within this may be verified without rating.
    rating_window: timedelta = RATING_WINDOW
    rate_limits: RateLimits = field(default_factory=RateLimits)
    # Proxies whose X-Forwarded-For names the client (LOUDONG_TRUSTED_PROXIES); none by default.
    trusted_proxies: tuple[IPv4Network | IPv6Network, ...] = ()
    # Downloads (GET /exports/...): rows at most in one file, and how many stream at once.
    export_max_rows: int = 100_000
    export_gate: ExportGate = field(default_factory=ExportGate)
    # How long a photo's signed URL stays good (resolvers/cases/photo_urls.py).
    attachment_url_ttl: timedelta = timedelta(minutes=5)
    # Schema introspection and "did you mean" hints: on while developing, off in production.
    introspection: bool = True
    suggestions: bool = True
    # The public building pages (三亮) assembled lately, per building (resolvers/public/cache.py).
    public_pages: PageCache[Any] = field(default_factory=PageCache)
    # The live consoles' event bus (resolvers/live/bus.py): in-process, or PostgreSQL's NOTIFY.
    live: Bus = field(default_factory=Bus)
    # Signed-in live connections per user in this process, and the cap on them.
    live_connections: LiveConnections = field(default_factory=lambda: LiveConnections(10))
    # Elder care's deadlines and periods (models/workflows/alerts.py, LOUDONG_ALERT_*).
    alert_rules: AlertRules = field(default_factory=AlertRules)


@dataclass
class Context:
    request: HTTPConnection | None
    services: Services
    viewer: Viewer
    user: models.User | None
    loaders: Loaders
    # A token was sent but is forged, expired or revoked.
    token_invalid: bool = False
    # Messages are written in this language (Accept-Language, chosen once per request).
    language: Language = ENGLISH
    # This request's id (X-Request-ID when it is a safe token, else generated): in every log
    # line of the request, its audit records and the response's X-Request-ID header.
    request_id: str = field(default_factory=new_request_id)
    # The audit of the mutation running now (resolvers/audit/trail.py); None outside one.
    audit: Recorder | None = None
    # A WebSocket connection's graphql-transport-ws init payload (strawberry sets it), and the
    # subscriber it signed in (resolvers/live/session.py); None over HTTP.
    connection_params: dict[str, Any] | None = None
    live: "LiveSession | None" = None
