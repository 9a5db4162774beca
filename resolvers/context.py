"""The per-request context every resolver receives."""

from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from starlette.requests import HTTPConnection

import models
from policies.authorizer import Authorizer, Viewer
from resolvers.loaders import Loaders


@dataclass(frozen=True)
class Services:
    """Long-lived, per-app pieces a request needs (built once in the app's lifespan)."""

    authorizer: Authorizer
    secret: str
    token_ttl: timedelta
    hasher: PasswordHasher


@dataclass
class Context:
    request: HTTPConnection | None
    services: Services
    viewer: Viewer
    user: models.User | None
    loaders: Loaders
    # A token was sent but is forged, expired or revoked.
    token_invalid: bool = False

    @property
    def authz(self) -> Viewer:
        return self.viewer
