"""The per-request context every resolver receives."""

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from anyio import CapacityLimiter
from starlette.requests import HTTPConnection

import models
from policies.authorizer import Authorizer, Viewer
from resolvers.loaders import Loaders
from resolvers.passwords import Passwords
from resolvers.ratelimit import RateLimiter


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
    rating_window: timedelta = timedelta(days=7)
    rate_limiter: RateLimiter = field(default_factory=RateLimiter)


@dataclass
class Context:
    request: HTTPConnection | None
    services: Services
    viewer: Viewer
    user: models.User | None
    loaders: Loaders
    # A token was sent but is forged, expired or revoked.
    token_invalid: bool = False
