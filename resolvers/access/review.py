"""accessReview (权限审查): who holds which roles at a node, above it and below it, who granted
each and when, which grants went unused for 90 days, and which accounts hold grants in two
sibling subtrees. For street admins and auditors at nodes in their scope (access.review).

"Used": a grant authorised a change in the audit trail (`audit_record` keeps the authorising
grant's role and node path, policies.authorizer.authorising_grant); reads are not audited, so
a read-only grant (an auditor's) shows when its holder last changed something with it, if
ever. Only changes at nodes in the caller's review scope count (a change elsewhere is not
theirs to learn of). A grant is unused when it is older than 90 days and authorised nothing in
the last 90.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from tortoise.expressions import Q
from tortoise.functions import Max
from tortoise.queryset import QuerySet

import models
from models import in_subtree
from policies.actions import Action
from policies.authorizer import reviewable_audit_filter
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.cursors import CREATED, Key, orders
from resolvers.errors import Forbidden, NotFound
from resolvers.org import get_org_node
from resolvers.pagination import Page, Window, paginate

UNUSED_DAYS = 90
REVIEW_ORDER = orders(
    "AccessReview", ROLE=(Key("role", str), CREATED), USERNAME=Key("user__username", str)
)


class Position(StrEnum):
    AT = "AT"
    ABOVE = "ABOVE"
    BELOW = "BELOW"


@dataclass(frozen=True)
class ReviewFilter:
    roles: list[models.Role] | None = None
    positions: list[Position] | None = None
    unused: bool | None = None
    sibling_subtrees: bool | None = None
    user_id: int | None = None


@dataclass
class Facts:
    """What a grant's entry shows besides the grant: worked out once per request."""

    node: models.OrgNode
    now: datetime
    last_used: dict[int, datetime] = field(default_factory=dict)
    unused: set[int] = field(default_factory=set)
    siblings: set[int] = field(default_factory=set)

    def position(self, grant: models.RoleGrant, path: str | None) -> Position:
        if grant.node_id == self.node.id:
            return Position.AT
        if path is not None and path.startswith(self.node.path):
            return Position.BELOW
        return Position.ABOVE


def _above(path: str) -> list[str]:
    return [path[: i + 1] for i, char in enumerate(path) if char == "/" and 0 < i < len(path) - 1]


async def reviewed_node(ctx: Context, node_id: int) -> models.OrgNode:
    require_user(ctx)
    if not ctx.viewer.has_any(Action.ACCESS_REVIEW):
        raise Forbidden("access.may_not_explain")
    node = await get_org_node(ctx, node_id)
    if node is None or not ctx.viewer.can(Action.ACCESS_REVIEW, node.path):
        raise NotFound("org.no_node", field="nodeId")
    return node


def _at_above_below(node: models.OrgNode) -> Q:
    return Q(
        Q(node_id__isnull=True),
        Q(node__path__in=_above(node.path)),
        in_subtree(node.path, "node__path"),
        join_type=Q.OR,
    )


async def _facts(ctx: Context, node: models.OrgNode) -> Facts:
    now = datetime.now(UTC)
    cutoff = now - timedelta(days=UNUSED_DAYS)
    facts = Facts(node=node, now=now)
    rows = await (
        models.RoleGrant.filter(revoked_at__isnull=True)
        .filter(_at_above_below(node))
        .values_list("id", "user_id", "role", "node__path", "created_at")
    )
    users = sorted({row[1] for row in rows})
    # Only changes in the caller's review scope tell when a grant was last used.
    records = models.AuditRecord.filter(user_id__in=users, role__isnull=False)
    if (scope := reviewable_audit_filter(ctx.viewer)) is not None:
        records = records.filter(scope)
    used = await (
        records.annotate(last=Max("at"))
        .group_by("user_id", "role", "grant_path")
        .values_list("user_id", "role", "grant_path", "last")
    )
    last = {(user, role, path): at for user, role, path, at in used}
    for pk, user, role, path, created in rows:
        when = last.get((user, str(role), path))
        if when is not None:
            facts.last_used[pk] = when
        if created < cutoff and (when is None or when < cutoff):
            facts.unused.add(pk)
    # Sibling subtrees: another active grant of the holder, neither above nor below this one,
    # among the grants the caller may review (a grant elsewhere is not theirs to learn of).
    held: dict[int, list[str]] = {}
    for user, path in await models.RoleGrant.filter(
        revoked_at__isnull=True, user_id__in=users, node_id__isnull=False
    ).values_list("user_id", "node__path"):
        if ctx.viewer.can(Action.ACCESS_REVIEW, path):
            held.setdefault(user, []).append(path)
    for pk, user, _, path, _ in rows:
        if path is None:
            continue
        if any(not (o.startswith(path) or path.startswith(o)) for o in held.get(user, [])):
            facts.siblings.add(pk)
    return facts


Grants = QuerySet[models.RoleGrant]


def _filtered(query: Grants, where: ReviewFilter, facts: Facts) -> Grants:
    node = facts.node
    if where.roles:
        query = query.filter(role__in=sorted(where.roles))
    if where.user_id is not None:
        query = query.filter(user_id=where.user_id)
    if where.positions:
        parts = []
        if Position.AT in where.positions:
            parts.append(Q(node_id=node.id))
        if Position.ABOVE in where.positions:
            parts.append(
                Q(Q(node_id__isnull=True), Q(node__path__in=_above(node.path)), join_type=Q.OR)
            )
        if Position.BELOW in where.positions:
            parts.append(Q(in_subtree(node.path, "node__path"), ~Q(node_id=node.id)))
        query = query.filter(Q(*parts, join_type=Q.OR))
    if where.unused is not None:
        ids = sorted(facts.unused)
        query = query.filter(id__in=ids) if where.unused else query.exclude(id__in=ids)
    if where.sibling_subtrees is not None:
        ids = sorted(facts.siblings)
        query = query.filter(id__in=ids) if where.sibling_subtrees else query.exclude(id__in=ids)
    return query


async def review_query(
    ctx: Context, node_id: int, where: ReviewFilter
) -> tuple[QuerySet[models.RoleGrant], Facts]:
    node = await reviewed_node(ctx, node_id)
    facts = await _facts(ctx, node)
    base = models.RoleGrant.filter(revoked_at__isnull=True).filter(_at_above_below(node))
    return _filtered(base.select_related("node", "user"), where, facts), facts


async def access_review(
    ctx: Context, node_id: int, where: ReviewFilter, order: str, window: Window
) -> tuple[Page[models.RoleGrant], Facts]:
    query, facts = await review_query(ctx, node_id, where)
    return await paginate(query, REVIEW_ORDER[order], window), facts
