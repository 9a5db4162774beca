"""User accounts: read in scope, created."""

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

import models
from policies.authorizer import (
    may_create_user,
    readable_users_filter,
)
from resolvers.audit import trail as audit
from resolvers.auth import check_new_password, require_user
from resolvers.context import Context
from resolvers.cursors import Key, orders
from resolvers.errors import Conflict, Forbidden
from resolvers.pagination import Page, Window, paginate
from resolvers.text import clean_text, clean_username

MAX_DISPLAY_NAME = 100

USER_ORDER = orders("User", USERNAME=Key("username", str), NAME=Key("display_name", str))


def readable_users(ctx: Context) -> QuerySet[models.User]:
    scope = readable_users_filter(ctx.viewer)
    return models.User.all() if scope is None else models.User.filter(scope).distinct()


async def get_user(ctx: Context, pk: int) -> models.User | None:
    require_user(ctx)
    user: models.User | None = await readable_users(ctx).get_or_none(id=pk)
    return user


async def user(ctx: Context, pk: int) -> models.User | None:
    """`user(id:)`: as `node(id:)` reads an account."""
    return await get_user(ctx, pk)


async def users(ctx: Context, search: str | None, order: str, window: Window) -> Page[models.User]:
    require_user(ctx)
    query = readable_users(ctx)
    if search and search.strip():
        text = search.strip()
        query = query.filter(Q(username__icontains=text) | Q(display_name__icontains=text))
    return await paginate(query, USER_ORDER[order], window)


async def create_user(ctx: Context, username: str, display_name: str, password: str) -> models.User:
    require_user(ctx)
    if not may_create_user(ctx.viewer):
        raise Forbidden("users.may_not_create")
    username = clean_username(username)
    display_name = clean_text(
        display_name, "displayName", limit=MAX_DISPLAY_NAME, what="A display name"
    )
    check_new_password(password)
    if await models.User.filter(username=username).exists():
        raise Conflict("users.username_taken", field="username")
    password_hash = await ctx.services.passwords.hash(password)
    try:
        async with audit.writing(ctx):
            user = await models.User.create(
                username=username,
                display_name=display_name,
                password_hash=password_hash,
                created_by_id=ctx.viewer.user_id,
            )
            audit.touched(ctx, user)
        return user
    except IntegrityError as error:
        raise Conflict("users.username_taken", field="username") from error
