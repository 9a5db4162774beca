"""Accounts, login and role grants."""

from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F, Q
from tortoise.queryset import QuerySet

import models
from policies.authorizer import (
    may_create_user,
    may_grant,
    readable_grants_filter,
    readable_users_filter,
)
from policies.rules import grant_level_problem
from resolvers.auth import check_credentials, check_new_password, issue_token, require_user
from resolvers.context import Context
from resolvers.errors import Conflict, Forbidden, Invalid, NotFound, Unauthenticated
from resolvers.org import get_org_node
from resolvers.pagination import Page, paginate

MAX_USERNAME = 64


def readable_users(ctx: Context) -> QuerySet[models.User]:
    scope = readable_users_filter(ctx.viewer)
    return models.User.all() if scope is None else models.User.filter(scope).distinct()


async def login(ctx: Context, username: str, password: str) -> tuple[str, models.User]:
    user = await check_credentials(ctx.services, username.strip(), password)
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


async def get_user(ctx: Context, pk: int) -> models.User | None:
    require_user(ctx)
    user: models.User | None = await readable_users(ctx).get_or_none(id=pk)
    return user


async def users(
    ctx: Context, search: str | None, first: int | None, after: str | None
) -> Page[models.User]:
    require_user(ctx)
    query = readable_users(ctx)
    if search and search.strip():
        text = search.strip()
        query = query.filter(Q(username__icontains=text) | Q(display_name__icontains=text))
    return await paginate(query, first, after)


async def grants_of(ctx: Context, user: models.User) -> list[models.RoleGrant]:
    return await ctx.loaders.grants_by_user_id.load(user.id)


async def get_grant(ctx: Context, pk: int) -> models.RoleGrant | None:
    require_user(ctx)
    scope = readable_grants_filter(ctx.viewer)
    query = models.RoleGrant.filter(revoked_at__isnull=True)
    return await (query if scope is None else query.filter(scope)).get_or_none(id=pk)


def _clean_username(username: str) -> str:
    cleaned = username.strip()
    if not cleaned or len(cleaned) > MAX_USERNAME or not cleaned.replace("_", "").isalnum():
        raise Invalid(
            f"A username has 1 to {MAX_USERNAME} letters, digits or underscores.",
            field="username",
        )
    return cleaned


async def create_user(ctx: Context, username: str, display_name: str, password: str) -> models.User:
    require_user(ctx)
    if not may_create_user(ctx.viewer):
        raise Forbidden("You may not create accounts.")
    username = _clean_username(username)
    display_name = " ".join(display_name.split())
    if not display_name or len(display_name) > 100:
        raise Invalid("A display name has 1 to 100 characters.", field="displayName")
    check_new_password(password)
    if await models.User.filter(username=username).exists():
        raise Conflict("This username is taken.", field="username")
    try:
        return await models.User.create(
            username=username,
            display_name=display_name,
            password_hash=await ctx.services.passwords.hash(password),
        )
    except IntegrityError as error:
        raise Conflict("This username is taken.", field="username") from error


async def grant_role(
    ctx: Context, user_id: int, role: models.Role, node_id: int | None
) -> models.RoleGrant:
    """Grant `role` at a node; only below one's own role and inside one's own subtree."""
    actor = require_user(ctx)
    grantee = await models.User.get_or_none(id=user_id, is_active=True)
    if grantee is None:
        raise NotFound("No such user.", field="userId")
    node = await get_org_node(ctx, node_id) if node_id is not None else None
    if node_id is not None and node is None:
        raise NotFound("No such node.", field="nodeId")
    if not may_grant(ctx.viewer, role, node.path if node else None):
        raise Forbidden(f"You may not grant {role} here.", field="role")
    problem = grant_level_problem(role, node.level if node else None)
    if problem:
        raise Invalid(problem, field="nodeId")
    if node is not None and node.archived:
        raise Invalid("The node is archived.", field="nodeId")
    existing = await models.RoleGrant.get_or_none(
        user_id=grantee.id, role=role, node_id=node_id, revoked_at__isnull=True
    )
    if existing is not None:
        raise Conflict("The user already holds this role here.", field="role")
    try:
        return await models.RoleGrant.create(
            user_id=grantee.id, role=role, node_id=node_id, granted_by_id=actor.id
        )
    except IntegrityError as error:  # an identical grant landed meanwhile (unique index)
        raise Conflict("The user already holds this role here.", field="role") from error


async def revoke_role(ctx: Context, grant_id: int) -> models.RoleGrant:
    """Revoke a grant the viewer could have given; it stops working on the next request."""
    require_user(ctx)
    grant = await get_grant(ctx, grant_id)
    if grant is None:
        raise NotFound("No such grant.", field="id")
    node = await models.OrgNode.get_or_none(id=grant.node_id) if grant.node_id else None
    if not may_grant(ctx.viewer, grant.role, node.path if node else None):
        raise Forbidden(f"You may not revoke {grant.role} here.", field="id")
    grant.revoked_at = datetime.now(UTC)
    await grant.save(update_fields=["revoked_at"])
    return grant
