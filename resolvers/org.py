"""The organisation tree: reading in scope, creating, renaming, moving and archiving."""

from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet

import models
from policies.authorizer import (
    may_change_node,
    may_create_child,
    may_move_under,
    readable_nodes_filter,
)
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import Conflict, Forbidden, Invalid, NotFound
from resolvers.pagination import Page, paginate, paginate_loaded

MAX_NAME = 100


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
    first: int | None,
    after: str | None,
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
            return Page(rows=[], cursors=[], has_next=False, has_previous=False, total=0)
        query = query.filter(models.in_subtree(root.path)).exclude(id=root.id)
    if search and search.strip():
        query = query.filter(name__icontains=search.strip())
    return await paginate(query, first, after)


async def children(
    ctx: Context, node: models.OrgNode, first: int | None, after: str | None
) -> Page[models.OrgNode]:
    return paginate_loaded(await ctx.loaders.children_by_parent_id.load(node.id), first, after)


async def ancestors(ctx: Context, node: models.OrgNode) -> list[models.OrgNode]:
    rows = await ctx.loaders.org_node_by_id.load_many(node.ancestor_ids)
    return [row for row in rows if row is not None]


async def parent(ctx: Context, node: models.OrgNode) -> models.OrgNode | None:
    return await ctx.loaders.org_node_by_id.load(node.parent_id) if node.parent_id else None


def clean_name(name: str, field: str = "name") -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise Invalid("A name cannot be empty.", field=field)
    if len(cleaned) > MAX_NAME:
        raise Invalid(f"A name has at most {MAX_NAME} characters.", field=field)
    return cleaned


def child_level_problem(parent_level: models.OrgLevel | None, level: models.OrgLevel) -> str | None:
    """Why a node of `level` cannot sit under a parent of `parent_level` (None: the top)."""
    expected = models.OrgLevel.STREET if parent_level is None else parent_level.child_level
    if expected is None:
        return f"A {parent_level} node has no children."
    if level is not expected:
        where = "at the top" if parent_level is None else f"under a {parent_level}"
        return f"Only a {expected} node can be created {where}."
    return None


async def _node_for_write(ctx: Context, pk: int, field: str) -> models.OrgNode:
    """A node the viewer can read (else NOT_FOUND, as for reads)."""
    node = await get_org_node(ctx, pk)
    if node is None:
        raise NotFound("No such node.", field=field)
    return node


async def _check_sibling_name(parent_id: int | None, name: str, exclude_id: int = 0) -> None:
    clash = models.OrgNode.filter(parent_id=parent_id, name=name).exclude(id=exclude_id)
    if await clash.exists():
        raise Conflict("A sibling node already has this name.", field="name")


async def create_org_node(
    ctx: Context, parent_id: int | None, name: str, level: models.OrgLevel
) -> models.OrgNode:
    require_user(ctx)
    name = clean_name(name)
    parent_node = await _node_for_write(ctx, parent_id, "parentId") if parent_id else None
    if not may_create_child(ctx.viewer, parent_node.path if parent_node else None):
        raise Forbidden("You may not create nodes here.", field="parentId")
    if parent_node is not None and parent_node.archived:
        raise Invalid("The parent node is archived.", field="parentId")
    problem = child_level_problem(parent_node.level if parent_node else None, level)
    if problem:
        raise Invalid(problem, field="level")
    await _check_sibling_name(parent_id, name)
    try:
        # The path needs the new id: insert, then set it (in the mutation's transaction).
        node = await models.OrgNode.create(
            name=name, level=level, parent_id=parent_id, path="/pending/"
        )
    except IntegrityError as error:  # a concurrent create took the name
        raise Conflict("A sibling node already has this name.", field="name") from error
    node.path = models.child_path(parent_node.path if parent_node else None, node.id)
    await node.save(update_fields=["path"])
    return node


async def _node_to_change(ctx: Context, pk: int) -> models.OrgNode:
    require_user(ctx)
    node = await _node_for_write(ctx, pk, "id")
    if not may_change_node(ctx.viewer, node.path):
        raise Forbidden("You may change only nodes below your own.", field="id")
    return node


async def rename_org_node(ctx: Context, pk: int, name: str) -> models.OrgNode:
    node = await _node_to_change(ctx, pk)
    node.name = clean_name(name)
    await _check_sibling_name(node.parent_id, node.name, exclude_id=node.id)
    try:
        await node.save(update_fields=["name", "updated_at"])
    except IntegrityError as error:
        raise Conflict("A sibling node already has this name.", field="name") from error
    return node


async def move_org_node(ctx: Context, pk: int, new_parent_id: int) -> models.OrgNode:
    """Move a node and its whole subtree under a new parent of the same level as the old one."""
    node = await _node_to_change(ctx, pk)
    new_parent = await _node_for_write(ctx, new_parent_id, "newParentId")
    if not may_move_under(ctx.viewer, new_parent.path):
        raise Forbidden("You may not move nodes under this parent.", field="newParentId")
    if new_parent.path.startswith(node.path):
        raise Invalid("A node cannot move into its own subtree.", field="newParentId")
    if new_parent.level.child_level is not node.level:
        raise Invalid(
            f"A {node.level} node moves only under a {_parent_level(node.level)}.",
            field="newParentId",
        )
    if new_parent.archived:
        raise Invalid("The new parent is archived.", field="newParentId")
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
        raise Conflict("A sibling node already has this name.", field="name") from error
    return await models.OrgNode.get(id=node.id)


def _parent_level(level: models.OrgLevel) -> str:
    index = models.LEVEL_ORDER.index(level)
    return str(models.LEVEL_ORDER[index - 1]) if index else "nothing"


async def set_archived(ctx: Context, pk: int, archived: bool) -> models.OrgNode:
    """Archive (or restore) a node with its whole subtree; nothing is deleted."""
    node = await _node_to_change(ctx, pk)
    if not archived and node.parent_id:
        parent_node = await models.OrgNode.get(id=node.parent_id)
        if parent_node.archived:
            raise Invalid("Restore the parent node first.", field="id")
    await models.OrgNode.filter(models.in_subtree(node.path)).update(archived=archived)
    node.archived = archived
    return node
