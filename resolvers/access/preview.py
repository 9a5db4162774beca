"""previewGrant and previewRevoke: what a user would gain or lose, written nowhere.

The user's context is built as a request of theirs would be (`context_for`), once with their
active grants and once with the hypothetical set; each count is the very queryset its list
runs (readable_nodes, readable_households, readable_residents, CASES.rows, with
`unmasked_filter` for the unmasked phones and ID numbers). The caller must pass the checks of
grantRole / revokeRole themselves (`grantable`, `revocable`)."""

from dataclasses import dataclass, field

from tortoise.functions import Count

import models
from policies.actions import Action
from policies.authorizer import (
    GrantScope,
    Viewer,
    readable_cases_filter,
    readable_households_filter,
    readable_nodes_filter,
    unmasked_filter,
)
from resolvers.auth import active_grants, context_for
from resolvers.cases.reading import CASES
from resolvers.context import Context
from resolvers.org import readable_nodes
from resolvers.people.households import readable_households
from resolvers.people.residents import readable_residents
from resolvers.users.grants import grantable, revocable


@dataclass
class Summary:
    """What one user reads holding one set of grants."""

    nodes: int
    households: int
    residents: int
    phones_unmasked: int
    id_numbers_unmasked: int
    cases: dict[tuple[str, str], int] = field(default_factory=dict)


@dataclass
class Preview:
    user: models.User
    role: models.Role
    node: models.OrgNode | None
    before: Summary
    after: Summary
    # Actions allowed at the node after and not before (a grant), or the reverse (a revoke).
    gained: list[Action]
    lost: list[Action]


async def summary(ctx: Context, caller: Viewer) -> Summary:
    """Counts through the lists' own querysets for the viewer of `ctx`, each limited to what
    `caller` reads through the same lists (the user's grants elsewhere are not the caller's
    business, nor are rows the caller may not read, such as disputes)."""
    nodes = readable_nodes(ctx)
    households = readable_households(ctx)
    residents = readable_residents(ctx)
    cases = CASES.rows(ctx)
    if (scope := readable_nodes_filter(caller)) is not None:
        nodes = nodes.filter(scope)
    if (scope := readable_households_filter(caller)) is not None:
        households = households.filter(scope)
    if (scope := readable_households_filter(caller, "household__")) is not None:
        residents = residents.filter(scope)
    if (scope := readable_cases_filter(caller)) is not None:
        cases = cases.filter(scope)
    phones = unmasked_filter(ctx.viewer, Action.PERSON_SEE_PHONE)
    ids = unmasked_filter(ctx.viewer, Action.PERSON_SEE_ID_NUMBER)
    with_phone = residents.filter(phone__isnull=False)
    with_id = residents.filter(id_number__isnull=False)
    rows = (
        await cases.annotate(count=Count("id"))
        .group_by("kind", "status")
        .values_list("kind", "status", "count")
    )
    return Summary(
        nodes=await nodes.count(),
        households=await households.count(),
        residents=await residents.count(),
        phones_unmasked=await (with_phone if phones is None else with_phone.filter(phones)).count(),
        id_numbers_unmasked=await (with_id if ids is None else with_id.filter(ids)).count(),
        cases={(str(kind), str(status)): int(count) for kind, status, count in rows},
    )


def _allowed_at(ctx: Context, path: str | None) -> set[Action]:
    return {action for action in Action if ctx.viewer.can(action, path)}


async def _compare(
    ctx: Context,
    user: models.User,
    before: list[GrantScope],
    after: list[GrantScope],
    at: str | None,
) -> tuple[Summary, Summary, set[Action], set[Action]]:
    then = await context_for(ctx.services, user, grants=before)
    now = await context_for(ctx.services, user, grants=after)
    return (
        await summary(then, ctx.viewer),
        await summary(now, ctx.viewer),
        _allowed_at(then, at),
        _allowed_at(now, at),
    )


async def preview_grant(
    ctx: Context, user_id: int, role: models.Role, node_id: int | None
) -> Preview:
    user, node = await grantable(ctx, user_id, role, node_id)
    path = node.path if node is not None else None
    grants = await active_grants(user.id)
    before, after, was, will = await _compare(
        ctx, user, grants, [*grants, GrantScope(role, path)], path
    )
    return Preview(user, role, node, before, after, sorted(will - was), sorted(was - will))


async def preview_revoke(ctx: Context, grant_id: int) -> Preview:
    grant = await revocable(ctx, grant_id, field="grantId")
    user = await models.User.get(id=grant.user_id)
    node = await models.OrgNode.get_or_none(id=grant.node_id) if grant.node_id else None
    path = node.path if node is not None else None
    rows = await models.RoleGrant.filter(user_id=user.id, revoked_at__isnull=True).values_list(
        "id", "role", "node__path"
    )
    grants = [GrantScope(models.Role(role), p) for _, role, p in rows]
    left = [GrantScope(models.Role(role), p) for pk, role, p in rows if pk != grant.id]
    before, after, was, will = await _compare(ctx, user, grants, left, path)
    role = models.Role(grant.role)
    return Preview(user, role, node, before, after, sorted(will - was), sorted(was - will))
