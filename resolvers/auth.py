"""Credentials (hashes in resolvers/passwords.py), signed tokens (JWT) and who is asking."""

import asyncio
from datetime import UTC, datetime

import jwt
from starlette.requests import HTTPConnection

import models
from policies.authorizer import GrantScope, Trace
from resolvers import requestlog
from resolvers.context import Context, Services
from resolvers.errors import Invalid, Unauthenticated
from resolvers.loaders import Loaders
from resolvers.messages import negotiate

TOKEN_ALGORITHM = "HS256"
MIN_PASSWORD = 8
MAX_PASSWORD = 128


def check_new_password(password: str, field: str = "password") -> None:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise Invalid("auth.password_length", field=field, min=MIN_PASSWORD, max=MAX_PASSWORD)


async def check_credentials(services: Services, username: str, password: str) -> models.User | None:
    """The active user with this name and password; an unknown name takes as long to refuse."""
    user = await models.User.get_or_none(username=username, is_active=True)
    if user is None:
        await services.passwords.verify_nobody(password)
        return None
    return user if await services.passwords.verify(user.password_hash, password) else None


def issue_token(services: Services, user: models.User) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": str(user.id),
        "ver": user.token_version,
        "iat": now,
        "exp": now + services.token_ttl,
    }
    return jwt.encode(claims, services.secret, algorithm=TOKEN_ALGORITHM)


def _bearer_token(request: HTTPConnection) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _token_claims(services: Services, token: str) -> tuple[int, int] | None:
    """(user id, token version) of a well-signed, unexpired token; None for anything else."""
    claims = token_claims(services, token)
    return claims[:2] if claims else None


def token_claims(services: Services, token: str) -> tuple[int, int, datetime] | None:
    """(user id, token version, expiry) of a well-signed, unexpired token; None otherwise."""
    try:
        claims = jwt.decode(
            token, services.secret, algorithms=[TOKEN_ALGORITHM], options={"require": ["exp"]}
        )
        return int(claims["sub"]), int(claims["ver"]), datetime.fromtimestamp(claims["exp"], UTC)
    except (jwt.PyJWTError, KeyError, TypeError, ValueError, OverflowError, OSError):
        return None


async def current_user(user_id: int, version: int) -> models.User | None:
    """The active user, if the token's version is still theirs (not after logout, new password)."""
    user = await models.User.get_or_none(id=user_id, is_active=True)
    if user is None or user.token_version != version:
        return None
    return user


async def user_from_token(services: Services, token: str) -> models.User | None:
    """The token's user, or None when it is forged, expired, or revoked (logout, new password)."""
    claims = _token_claims(services, token)
    return await current_user(*claims) if claims else None


async def active_grants(user_id: int) -> list[GrantScope]:
    rows = await models.RoleGrant.filter(user_id=user_id, revoked_at__isnull=True).values_list(
        "role", "node__path"
    )
    return [GrantScope(role=models.Role(role), path=path) for role, path in rows]


async def build_context(services: Services, request: HTTPConnection | None) -> Context:
    """Grants are read on every request, so a grant or revocation counts from the next one."""
    token = _bearer_token(request) if request is not None else None
    claims = _token_claims(services, token) if token else None
    user, grants = None, None
    if claims is not None:
        # Both at once (one round trip); the grants are dropped if the token is no longer good.
        user, grants = await asyncio.gather(current_user(*claims), active_grants(claims[0]))
    context = await context_for(services, user, request, grants if user else None)
    context.token_invalid = token is not None and user is None
    if request is not None:
        context.language = negotiate(request.headers.get("accept-language"))
    context.request_id = requestlog.current_request_id() or context.request_id
    requestlog.note(user_id=user.id if user is not None else None)
    return context


async def context_for(
    services: Services,
    user: models.User | None,
    request: HTTPConnection | None = None,
    grants: list[GrantScope] | None = None,
    trace: Trace | None = None,
) -> Context:
    """What `user` may do now (also for the command line, which acts as a named user). With
    `grants`, what they could do holding those (a preview); with `trace`, every decision taken
    for them is recorded (an explanation)."""
    if grants is None:
        grants = await active_grants(user.id) if user else []
    viewer = services.authorizer.viewer(user.id if user else None, grants)
    if user is not None and viewer.needs_own_households():
        rows = await models.Resident.filter(user_id=user.id, active=True).values_list(
            "household_id"
        )
        viewer = services.authorizer.viewer(user.id, grants, [row[0] for row in rows])
    viewer.trace = trace
    return Context(
        request=request,
        services=services,
        viewer=viewer,
        user=user,
        loaders=Loaders(viewer),
    )


def require_user(ctx: Context) -> models.User:
    if ctx.user is None:
        if ctx.token_invalid:
            raise Unauthenticated("auth.session_ended")
        raise Unauthenticated()
    return ctx.user
