"""The one place role grants are given and revoked: each change tells the holder's live
subscriptions (Topic.GRANT) so they read their grants again at once. Nothing else writes
`RoleGrant` rows or their `revoked_at` (the seed and the CLI run outside any subscription)."""

from datetime import UTC, datetime
from typing import Any

from tortoise.expressions import Q

import models
from resolvers.live.events import Topic, announce


async def give_grant(**values: Any) -> models.RoleGrant:
    """Create a grant (IntegrityError passes through for the caller's Conflict)."""
    grant = await models.RoleGrant.create(**values)
    announce(Topic.GRANT, grant.user_id)
    return grant


async def revoke_grants(*conditions: Q, **filters: Any) -> int:
    """Revoke the active grants matching the filters; announce each holder. Returns how many
    rows changed (0 when a concurrent revocation won)."""
    query = models.RoleGrant.filter(*conditions, revoked_at__isnull=True, **filters)
    holders: set[int] = set(await query.values_list("user_id", flat=True))  # type: ignore[arg-type]
    changed = await query.update(revoked_at=datetime.now(UTC))
    if changed:
        for user_id in holders:
            announce(Topic.GRANT, user_id)
    return changed


async def move_grant(
    user_id: int, role: models.Role, from_node_id: int, to_node_id: int, *, granted_by_id: int
) -> None:
    """The holder's active `role` at one node is now at another (a linked resident moved)."""
    if not await revoke_grants(user_id=user_id, role=role, node_id=from_node_id):
        return
    if not await models.RoleGrant.exists(
        user_id=user_id, role=role, node_id=to_node_id, revoked_at__isnull=True
    ):
        await give_grant(
            user_id=user_id, role=role, node_id=to_node_id, granted_by_id=granted_by_id
        )


async def scopes_changed_under(path: str) -> None:
    """A subtree moved or was archived/restored: the scopes of grants held inside it changed."""
    holders: list[int] = await models.RoleGrant.filter(  # type: ignore[assignment]
        revoked_at__isnull=True, node__path__startswith=path
    ).values_list("user_id", flat=True)
    for user_id in set(holders):
        announce(Topic.GRANT, user_id)
