"""The organisation tree: reading in scope, creating, renaming, moving and archiving."""

from collections.abc import Callable
from typing import TypeVar

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

import models
from policies.actions import Action
from policies.authorizer import (
    Viewer,
    may_change_node,
    may_create_child,
    may_move_under,
    readable_nodes_filter,
)
from policies.rules import same_grid
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.cursors import Key, orders
from resolvers.devices.following import announce_open_alerts
from resolvers.errors import Conflict, Forbidden, Invalid, NotFound
from resolvers.live.events import Topic, announce
from resolvers.messages import Noun
from resolvers.pagination import Page, Window, empty_page, paginate, paginate_loaded
from resolvers.scoping import found
from resolvers.text import clean_text
from resolvers.users.grant_writes import scopes_changed_under

MAX_NAME = 100
M = TypeVar("M", bound=Model)

ORG_NODE_ORDER = orders("OrgNode", NAME=Key("name", str))


def readable_nodes(ctx: Context, *, include_archived: bool = False) -> QuerySet[models.OrgNode]:
    scope = readable_nodes_filter(ctx.viewer)
    query = models.OrgNode.all() if scope is None else models.OrgNode.filter(scope)
    return query if include_archived else query.filter(archived=False)


async def get_org_node(ctx: Context, pk: int) -> models.OrgNode | None:
    """A node the viewer may read; out of scope looks exactly like missing."""
    require_user(ctx)
    node: models.OrgNode | None = await readable_nodes(ctx, include_archived=True).get_or_none(
        id=pk
    )
    return node


async def org_nodes(
    ctx: Context,
    *,
    level: models.OrgLevel | None,
    parent_id: int | None,
    descendants_of: int | None,
    search: str | None,
    include_archived: bool,
    order: str,
    window: Window,
) -> Page[models.OrgNode]:
    require_user(ctx)
    query = readable_nodes(ctx, include_archived=include_archived)
    if level is not None:
        query = query.filter(level=level)
    if parent_id is not None:
        query = query.filter(parent_id=parent_id)
    if descendants_of is not None:
        root = await get_org_node(ctx, descendants_of)
        if root is None:
            return empty_page(ORG_NODE_ORDER[order], window)
        query = query.filter(models.in_subtree(root.path)).exclude(id=root.id)
    if search and search.strip():
        query = query.filter(name__icontains=search.strip())
    return await paginate(query, ORG_NODE_ORDER[order], window)


async def org_node(ctx: Context, pk: int) -> models.OrgNode | None:
    """`orgNode(id:)`: as `node(id:)` reads a node."""
    return await get_org_node(ctx, pk)


async def children(
    ctx: Context, node: models.OrgNode, order: str, window: Window
) -> Page[models.OrgNode]:
    rows = await ctx.loaders.children_by_parent_id.load(node.id)
    return paginate_loaded(rows, ORG_NODE_ORDER[order], window)


async def ancestors(ctx: Context, node: models.OrgNode) -> list[models.OrgNode]:
    rows = await ctx.loaders.org_node_by_id.load_many(node.ancestor_ids)
    return [row for row in rows if row is not None]


async def parent(ctx: Context, node: models.OrgNode) -> models.OrgNode | None:
    return await ctx.loaders.org_node_by_id.load(node.parent_id) if node.parent_id else None


async def node_to_act_on(
    ctx: Context,
    pk: int,
    field: str,
    *,
    may: Action | Callable[[Viewer, str], bool],
    refused: str,
    what: str = "node",
    level: models.OrgLevel | None = None,
    wrong_level: str | None = None,
    live: bool = True,
) -> models.OrgNode:
    """The one guard for a node a mutation acts on. Out of the viewer's read scope it looks
    exactly like missing (NOT_FOUND); then the policy decides (FORBIDDEN, `refused`); then the
    node must be of `level` and, when `live`, not archived (INVALID)."""
    require_user(ctx)
    node = await get_org_node(ctx, pk)
    if node is None:
        raise NotFound("org.no_such", field=field, what=Noun(what))
    allowed = (
        ctx.viewer.can(may, node.path) if isinstance(may, Action) else may(ctx.viewer, node.path)
    )
    if not allowed:
        raise Forbidden(refused, field=field)
    if level is not None and node.level is not level:
        if wrong_level:
            raise Invalid(wrong_level, field=field)
        raise Invalid("org.wrong_level", field=field, level=level, actual=node.level)
    if live and node.archived:
        raise Invalid("org.archived", field=field)
    audit.before(ctx, node)
    return node


async def within_node(
    ctx: Context, query: QuerySet[M], node_id: int | None, path_field: str
) -> QuerySet[M]:
    """`query` limited to the subtree of the node a list is filtered by (`nodeId`), whose path
    `path_field` reaches; a node the viewer may not read is NOT_FOUND, as if missing."""
    if node_id is None:
        return query
    node = found(await get_org_node(ctx, node_id), "org.no_node", "nodeId")
    return query.filter(models.in_subtree(node.path, path_field))


def child_level_problem(
    parent_level: models.OrgLevel | None, level: models.OrgLevel
) -> Invalid | None:
    """Why a node of `level` cannot sit under a parent of `parent_level` (None: the top)."""
    expected = models.OrgLevel.STREET if parent_level is None else parent_level.child_level
    if expected is None:
        return Invalid("org.no_children", field="level", parent=parent_level)
    if level is not expected:
        if parent_level is None:
            return Invalid("org.only_at_top", field="level", expected=expected)
        return Invalid("org.only_under", field="level", expected=expected, parent=parent_level)
    return None


async def _check_sibling_name(parent_id: int | None, name: str, exclude_id: int = 0) -> None:
    clash = models.OrgNode.filter(parent_id=parent_id, name=name).exclude(id=exclude_id)
    if await clash.exists():
        raise Conflict("org.sibling_name", field="name")


async def create_org_node(
    ctx: Context, parent_id: int | None, name: str, level: models.OrgLevel
) -> models.OrgNode:
    require_user(ctx)
    name = clean_text(name, "name", limit=MAX_NAME, what="A name")
    refused = "org.may_not_create"
    parent_node = None
    if parent_id is not None:
        parent_node = await node_to_act_on(
            ctx, parent_id, "parentId", may=may_create_child, refused=refused
        )
    elif not may_create_child(ctx.viewer, None):
        raise Forbidden(refused, field="parentId")
    problem = child_level_problem(parent_node.level if parent_node else None, level)
    if problem:
        raise problem
    await _check_sibling_name(parent_id, name)
    try:
        # The path needs the new id: insert, then set it (in the mutation's transaction).
        node = await models.OrgNode.create(
            name=name, level=level, parent_id=parent_id, path="/pending/"
        )
    except IntegrityError as error:  # a concurrent create took the name
        raise Conflict("org.sibling_name", field="name") from error
    node.path = models.child_path(parent_node.path if parent_node else None, node.id)
    await node.save(update_fields=["path"])
    return node


async def _node_to_change(ctx: Context, pk: int) -> models.OrgNode:
    return await node_to_act_on(
        ctx, pk, "id", may=may_change_node, refused="org.may_not_change",
        live=False,
    )  # fmt: skip


async def rename_org_node(ctx: Context, pk: int, name: str) -> models.OrgNode:
    node = await _node_to_change(ctx, pk)
    node.name = clean_text(name, "name", limit=MAX_NAME, what="A name")
    await _check_sibling_name(node.parent_id, node.name, exclude_id=node.id)
    try:
        await node.save(update_fields=["name", "updated_at"])
    except IntegrityError as error:
        raise Conflict("org.sibling_name", field="name") from error
    return node


async def move_org_node(ctx: Context, pk: int, new_parent_id: int) -> models.OrgNode:
    """Move a node and its whole subtree under a new parent of the same level as the old one."""
    node = await _node_to_change(ctx, pk)
    new_parent = await node_to_act_on(
        ctx, new_parent_id, "newParentId", may=may_move_under,
        refused="org.may_not_move_under", live=False,
    )  # fmt: skip
    if new_parent.path.startswith(node.path):
        raise Invalid("org.into_own_subtree", field="newParentId")
    if new_parent.level.child_level is not node.level:
        parent = _parent_level(node.level)
        if parent is None:
            raise Invalid("org.moves_nowhere", field="newParentId", level=node.level)
        raise Invalid("org.moves_under", field="newParentId", level=node.level, parent=parent)
    if new_parent.archived:
        raise Invalid("org.parent_archived", field="newParentId")
    if new_parent.id == node.parent_id:
        return node
    await _check_sibling_name(new_parent.id, node.name)
    old_prefix = node.path
    new_prefix = models.child_path(new_parent.path, node.id)
    subtree = await models.OrgNode.filter(models.in_subtree(old_prefix)).select_for_update()
    for row in subtree:
        row.path = new_prefix + row.path[len(old_prefix) :]
        if row.id == node.id:
            row.parent_id = new_parent.id
    try:
        await models.OrgNode.bulk_update(subtree, fields=["path", "parent_id"], batch_size=500)
    except IntegrityError as error:  # a sibling of that name was created meanwhile
        raise Conflict("org.sibling_name", field="name") from error
    await models.refresh_copied_paths(old_prefix)
    await _unlink_across_grids(new_prefix)
    await scopes_changed_under(new_prefix)  # grants held in the subtree now reach elsewhere
    announce(Topic.MOVE, node.id, old_prefix)  # subscriptions to nodes in it follow them
    await announce_open_alerts(models.in_subtree(new_prefix, "node_path"))
    return await models.OrgNode.get(id=node.id)


async def _unlink_across_grids(moved: str) -> None:
    """Drop the central-household links the move of the subtree at `moved` took across grids
    (policies.rules.same_grid), in the move's transaction: households that moved away from
    their central household, and those a moved central household left behind."""
    touched = Q(
        models.in_subtree(moved, "building__path"),
        models.in_subtree(moved, "central_household__path"),
        join_type=Q.OR,
    )
    rows = await models.Household.filter(touched, central_household_id__isnull=False).values_list(
        "id", "building__path", "central_household__path"
    )
    broken = [pk for pk, building, central in rows if not same_grid(building, central)]
    for start in range(0, len(broken), 500):
        await models.Household.filter(id__in=broken[start : start + 500]).update(
            central_household_id=None
        )


def _parent_level(level: models.OrgLevel) -> models.OrgLevel | None:
    index = models.LEVEL_ORDER.index(level)
    return models.LEVEL_ORDER[index - 1] if index else None


async def archive_org_node(ctx: Context, pk: int) -> models.OrgNode:
    """Hide a node with its whole subtree; nothing is deleted."""
    return await _set_archived(ctx, pk, archived=True)


async def restore_org_node(ctx: Context, pk: int) -> models.OrgNode:
    return await _set_archived(ctx, pk, archived=False)


async def _set_archived(ctx: Context, pk: int, archived: bool) -> models.OrgNode:
    node = await _node_to_change(ctx, pk)
    if not archived and node.parent_id:
        parent_node = await models.OrgNode.get(id=node.parent_id)
        if parent_node.archived:
            raise Invalid("org.restore_parent", field="id")
    await models.OrgNode.filter(models.in_subtree(node.path)).update(archived=archived)
    await scopes_changed_under(node.path)  # grants held in the subtree stop (or start) working
    node.archived = archived
    return node
