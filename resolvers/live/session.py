"""Who is subscribed on a WebSocket connection, and what they may see now.

The connection signs in once, with the same bearer token as HTTP, given in the
graphql-transport-ws `connection_init` payload (`sign_in`). Each delivery then checks the
subscriber again (`still_signed_in`): their grants are read again when a grant-change event
names them (grantRole, revokeRole, logout, a new password: `Topic.GRANT` on the bus, from every
process) and at least every `RELOAD_SECONDS` whatever happens, so a revoked grant stops
delivery at the next event. An expired token, a logout, a new password or a deactivated account
ends the connection.
"""

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from resolvers.auth import active_grants, context_for, current_user, token_claims
from resolvers.context import Context
from resolvers.loaders import Loaders

# Grants are read again at least this often while events arrive, even without a GRANT event.
RELOAD_SECONDS = 10.0


@dataclass
class LiveSession:
    user_id: int
    token_version: int
    expires_at: datetime
    loaded_at: float
    stale: bool = False


def token_from(params: Mapping[str, object] | None) -> str | None:
    """The bearer token of a `connection_init` payload: `{"authorization": "Bearer <token>"}`
    (any case of the key, as HTTP headers are), `{"headers": {"Authorization": ...}}` (what
    GraphiQL and several clients send) or `{"token": "<token>"}`."""
    if not params:
        return None
    values = {str(key).lower(): value for key, value in params.items()}
    headers = values.get("headers")
    if "authorization" not in values and isinstance(headers, Mapping):
        values = {str(key).lower(): value for key, value in headers.items()}
    header = values.get("authorization")
    if isinstance(header, str):
        scheme, _, bearer = header.partition(" ")
        return bearer.strip() if scheme.lower() == "bearer" and bearer.strip() else None
    token = values.get("token")
    return token.strip() if isinstance(token, str) and token.strip() else None


async def sign_in(ctx: Context) -> bool:
    """Sign the connection in with its init payload's token (or its handshake's Authorization
    header, for clients that can send one); False: close it (4403 Forbidden)."""
    token = token_from(ctx.connection_params)
    if token is None:
        request = ctx.request
        header = request.headers.get("authorization", "") if request is not None else ""
        token = token_from({"authorization": header})
    claims = token_claims(ctx.services, token) if token else None
    if claims is None:
        return False
    user_id, version, expires_at = claims
    user, grants = await asyncio.gather(current_user(user_id, version), active_grants(user_id))
    if user is None:
        return False
    _take(ctx, await context_for(ctx.services, user, ctx.request, grants))
    ctx.token_invalid = False
    ctx.live = LiveSession(user_id, version, expires_at, time.monotonic())
    return True


def _take(ctx: Context, fresh: Context) -> None:
    ctx.user, ctx.viewer, ctx.loaders = fresh.user, fresh.viewer, fresh.loaders


def grants_changed(ctx: Context, user_id: int) -> None:
    """A GRANT event: read this subscriber's grants again before the next delivery."""
    if ctx.live is not None and ctx.live.user_id == user_id:
        ctx.live.stale = True


async def still_signed_in(ctx: Context) -> bool:
    """Before a delivery: the subscriber's session still good, their grants current, and fresh
    DataLoaders (a connection lives for hours; its loaders must not keep what they read)."""
    session = ctx.live
    if session is None or datetime.now(UTC) >= session.expires_at:
        return False
    if session.stale or time.monotonic() - session.loaded_at > RELOAD_SECONDS:
        session.stale = False
        session.loaded_at = time.monotonic()
        user, grants = await asyncio.gather(
            current_user(session.user_id, session.token_version), active_grants(session.user_id)
        )
        if user is None:
            return False
        _take(ctx, await context_for(ctx.services, user, ctx.request, grants))
    else:
        ctx.loaders = Loaders(ctx.viewer)
    return True
