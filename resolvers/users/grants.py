"""Role grants: a role at a node, given and revoked only below one's own."""

from tortoise.exceptions import IntegrityError

import models
from policies.authorizer import (
    may_grant,
    readable_grants_filter,
)
from policies.rules import grant_level_problem
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import Conflict, Forbidden, Invalid, NotFound
from resolvers.org import get_org_node
from resolvers.scoping import found
from resolvers.users.accounts import readable_users
from resolvers.users.grant_writes import give_grant, revoke_grants


async def grants_of(ctx: Context, user: models.User) -> list[models.RoleGrant]:
    return await ctx.loaders.grants_by_user_id.load(user.id)


async def get_grant(ctx: Context, pk: int) -> models.RoleGrant | None:
    require_user(ctx)
    scope = readable_grants_filter(ctx.viewer)
    query = models.RoleGrant.filter(revoked_at__isnull=True)
    return await (query if scope is None else query.filter(scope)).get_or_none(id=pk)


async def grantable(
    ctx: Context, user_id: int, role: models.Role, node_id: int | None
) -> tuple[models.User, models.OrgNode | None]:
    """The checks of `grant_role` before it writes (previewGrant asks exactly these): the
    grantee and the node, or the error the grant would get."""
    actor = require_user(ctx)
    node = await get_org_node(ctx, node_id) if node_id is not None else None
    if node_id is not None and node is None:
        raise NotFound("org.no_node", field="nodeId")
    if not may_grant(ctx.viewer, role, node.path if node else None):
        raise Forbidden("grants.may_not_grant", field="role", role=role)
    problem = grant_level_problem(role, node.level if node else None)
    if problem:
        raise Invalid(problem[0], field="nodeId", **problem[1])
    if node is not None and node.archived:
        raise Invalid("org.archived", field="nodeId")
    if user_id == actor.id:
        raise Forbidden("grants.own_account", field="userId")
    grantee = found(
        await readable_users(ctx).get_or_none(id=user_id, is_active=True), "users.no_user", "userId"
    )
    existing = await models.RoleGrant.get_or_none(
        user_id=grantee.id, role=role, node_id=node_id, revoked_at__isnull=True
    )
    if existing is not None:
        raise Conflict("grants.held", field="role")
    return grantee, node


async def grant_role(
    ctx: Context, user_id: int, role: models.Role, node_id: int | None
) -> models.RoleGrant:
    """Grant `role` at a node; only below one's own role and inside one's own subtree, never
    to oneself, and only to users the granter may read. Whether one may grant is decided
    before the user is looked up, and a user out of scope is NOT_FOUND as an unknown one is."""
    actor = require_user(ctx)
    grantee, _ = await grantable(ctx, user_id, role, node_id)
    try:
        grant = await give_grant(
            user_id=grantee.id, role=role, node_id=node_id, granted_by_id=actor.id
        )
    except IntegrityError as error:  # an identical grant landed meanwhile (unique index)
        raise Conflict("grants.held", field="role") from error
    return grant


async def revocable(ctx: Context, grant_id: int, field: str = "id") -> models.RoleGrant:
    """The checks of `revoke_role` before it writes (previewRevoke asks exactly these)."""
    require_user(ctx)
    grant = found(await get_grant(ctx, grant_id), "grants.no_grant", field)
    node = await models.OrgNode.get_or_none(id=grant.node_id) if grant.node_id else None
    if not may_grant(ctx.viewer, grant.role, node.path if node else None):
        raise Forbidden("grants.may_not_revoke", field=field, role=models.Role(grant.role))
    return grant


async def revoke_role(ctx: Context, grant_id: int) -> models.RoleGrant:
    """Revoke a grant the viewer could have given; it stops working on the next request."""
    grant = await revocable(ctx, grant_id)
    audit.before(ctx, grant)
    # Only a grant still active is revoked: of two revocations at once, one changes the row.
    if not await revoke_grants(id=grant.id):
        raise Conflict("grants.revoked_meanwhile", field="id")
    await grant.refresh_from_db(fields=["revoked_at"])
    return grant
