"""Signing in and out, and changing one's password."""

from tortoise.expressions import F

import models
from resolvers.auth import check_credentials, check_new_password, issue_token, require_user
from resolvers.context import Context
from resolvers.errors import Invalid, Unauthenticated
from resolvers.users.accounts import MAX_USERNAME


async def login(ctx: Context, username: str, password: str) -> tuple[str, models.User]:
    username = username.strip()
    # No account has a longer name: refuse it before it reaches the database (or a log).
    if len(username) > MAX_USERNAME:
        raise Invalid(f"A username has at most {MAX_USERNAME} characters.", field="username")
    user = await check_credentials(ctx.services, username, password)
    if user is None:
        raise Unauthenticated("Wrong username or password.", field="password")
    return issue_token(ctx.services, user), user


async def logout(ctx: Context) -> models.User:
    """Revoke every token of the user (all devices)."""
    user = require_user(ctx)
    await models.User.filter(id=user.id).update(token_version=F("token_version") + 1)
    return user


async def change_password(
    ctx: Context, old_password: str, new_password: str
) -> tuple[str, models.User]:
    """Set a new password; every earlier token stops working, a new one is returned."""
    user = require_user(ctx)
    if await check_credentials(ctx.services, user.username, old_password) is None:
        raise Invalid("The current password is wrong.", field="oldPassword")
    check_new_password(new_password, field="newPassword")
    user.password_hash = await ctx.services.passwords.hash(new_password)
    user.token_version += 1
    await user.save(update_fields=["password_hash", "token_version", "updated_at"])
    return issue_token(ctx.services, user), user
