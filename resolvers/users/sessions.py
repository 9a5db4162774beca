"""Signing in and out, and changing one's password; failed sign-ins are throttled."""

import math

import anyio
from tortoise.expressions import F

import models
from resolvers.audit import trail as audit
from resolvers.auth import check_credentials, check_new_password, issue_token, require_user
from resolvers.clients import client_address
from resolvers.context import Context
from resolvers.errors import Invalid, RateLimited, Unauthenticated
from resolvers.live.events import Topic, announce
from resolvers.metrics import LOGIN_FAILURES
from resolvers.ratelimit import Backoff, Budget
from resolvers.text import MAX_USERNAME, normal_username

# Failed passwords in a row for one account from one address: five are free, then each try
# waits twice as long as the one before (1 s, 2 s, ... at most 15 minutes), forgotten a day
# after the last failure, or at once when that address signs in. Being per address, it cannot
# be used to lock the account's owner out from elsewhere.
LOGIN_BACKOFF = Backoff("login", free=5, first_wait=1.0, max_wait=900.0, memory=86_400.0)
# One address trying many accounts: refused past this (that address only).
LOGIN_PER_ADDRESS = Budget("login-address", limit=100, seconds=3600.0)
# Many addresses trying one account: past this, every try at the account is slowed down by
# ACCOUNT_SLOWDOWN seconds. It never refuses, so an attacker cannot lock the owner out.
LOGIN_PER_ACCOUNT = Budget("login-account", limit=20, seconds=900.0)
ACCOUNT_SLOWDOWN = 2.0
WRONG = "auth.wrong_password"


async def _throttle(ctx: Context, name: str, address: str) -> bool:
    """Count a password try before it is checked (so parallel tries cannot share one
    opening); RATE_LIMITED while it must wait. True when the account's budget was spent."""
    limits = ctx.services.rate_limits
    if not await limits.spend(LOGIN_PER_ADDRESS, address):
        raise RateLimited("auth.too_many_from_address")
    wait = await limits.attempt(LOGIN_BACKOFF, f"{name}|{address}")
    if wait > 0:
        raise RateLimited("auth.wait", field="password", seconds=math.ceil(wait))
    if await limits.spend(LOGIN_PER_ACCOUNT, name):
        return True
    await anyio.sleep(ACCOUNT_SLOWDOWN)
    return False


async def _succeeded(ctx: Context, name: str, address: str, account_spent: bool) -> None:
    limits = ctx.services.rate_limits
    await limits.forget(LOGIN_BACKOFF.name, f"{name}|{address}")
    await limits.refund(LOGIN_PER_ADDRESS, address)
    if account_spent:
        await limits.refund(LOGIN_PER_ACCOUNT, name)


async def login(ctx: Context, username: str, password: str) -> tuple[str, models.User]:
    """Throttled alike for known and unknown names: the answer and its timing tell nothing
    about whether an account exists. `Admin` and a full-width `admin` sign in as `admin`."""
    # No account has a longer name: refuse it before it reaches the database (or a log).
    if len(username.strip()) > MAX_USERNAME:
        raise Invalid("auth.username_too_long", field="username", max=MAX_USERNAME)
    address = client_address(ctx)
    name = normal_username(username)
    await _audit_sign_in(ctx, name)
    if name is None:  # no account can have this name; the try still counts for the address
        if not await ctx.services.rate_limits.spend(LOGIN_PER_ADDRESS, address):
            raise RateLimited("auth.too_many_from_address")
        LOGIN_FAILURES.inc()
        raise Unauthenticated(WRONG, field="password")
    account_spent = await _throttle(ctx, name, address)
    user = await check_credentials(ctx.services, name, password)
    if user is None:
        LOGIN_FAILURES.inc()
        raise Unauthenticated(WRONG, field="password")
    await _succeeded(ctx, name, address, account_spent)
    return issue_token(ctx.services, user), user


async def _audit_sign_in(ctx: Context, name: str | None) -> None:
    """A sign-in is audited whether it succeeds or fails, as the account it was for (none for
    an unknown name, which is not kept: it may be a password typed in the wrong box). Known
    and unknown names cost the same one query."""
    if ctx.audit is None:
        return
    # Refused tries (RATE_LIMITED) are not checked, and would let one address write records
    # without end; they are counted by the rate limits instead.
    ctx.audit.keep_failures = frozenset({Unauthenticated.code.value})
    account = await models.User.get_or_none(username=name or "")
    ctx.audit.user_id = account.id if account else None
    if account is not None:
        ctx.audit.before(account)


async def logout(ctx: Context) -> models.User:
    """Revoke every token of the user (all devices)."""
    user = require_user(ctx)
    audit.before(ctx, user)
    await models.User.filter(id=user.id).update(token_version=F("token_version") + 1)
    announce(Topic.GRANT, user.id)  # their live subscriptions end
    return user


async def change_password(
    ctx: Context, old_password: str, new_password: str
) -> tuple[str, models.User]:
    """Set a new password; every earlier token stops working, a new one is returned. The old
    password is throttled as a sign-in is (a stolen token must not guess it freely)."""
    user = require_user(ctx)
    address = client_address(ctx)
    account_spent = await _throttle(ctx, user.username, address)
    if await check_credentials(ctx.services, user.username, old_password) is None:
        raise Invalid("auth.old_password_wrong", field="oldPassword")
    await _succeeded(ctx, user.username, address, account_spent)
    check_new_password(new_password, field="newPassword")
    password_hash = await ctx.services.passwords.hash(new_password)
    audit.before(ctx, user)
    user.password_hash = password_hash
    user.token_version += 1
    async with audit.writing(ctx):
        await user.save(update_fields=["password_hash", "token_version", "updated_at"])
    announce(Topic.GRANT, user.id)  # their live subscriptions end
    return issue_token(ctx.services, user), user
