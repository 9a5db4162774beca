"""A resource's readable rows: its model within the policy's SQL filter, one of them by id, and
the rows a list shows (scope, then the node and the fields its `filter` names)."""

from collections.abc import Callable
from typing import TypeVar

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import NotFound
from resolvers.org import within_node

M = TypeVar("M", bound=Model)


def scoped(model: type[M], scope: Q | None) -> QuerySet[M]:
    """`model`'s rows within `scope` (a policy's filter; None: every row)."""
    return model.all() if scope is None else model.filter(scope)


async def readable_row(
    ctx: Context, readable: Callable[[Context], QuerySet[M]], pk: int
) -> M | None:
    """The row `pk` among those the signed-in viewer reads; any other looks exactly like missing."""
    require_user(ctx)
    row: M | None = await readable(ctx).get_or_none(id=pk)
    return row


def found(row: M | None, key: str, field: str) -> M:
    """`row`, or NOT_FOUND (message `key`, input `field`) where it is missing or unreadable."""
    if row is None:
        raise NotFound(key, field=field)
    return row


def narrowed(query: QuerySet[M], **lookups: object) -> QuerySet[M]:
    """`query` filtered by each lookup a list's `filter` gave; None (a field left out) and an
    empty list narrow nothing."""
    for lookup, value in lookups.items():
        if value is not None and value != []:
            query = query.filter(**{lookup: value})
    return query


def search_text(text: str | None) -> str | None:
    """A search field's text without the white space around it; None where nothing is left."""
    return (text.strip() or None) if text else None


async def listed(
    ctx: Context,
    readable: Callable[[Context], QuerySet[M]],
    node_id: int | None = None,
    path_field: str = "node_path",
    /,
    **lookups: object,
) -> QuerySet[M]:
    """A list's rows before its page: what the signed-in viewer reads, within the subtree of the
    node its filter names (`nodeId`, whose path `path_field` reaches; NOT_FOUND where the viewer
    may not read it), narrowed by `lookups` (see `narrowed`)."""
    require_user(ctx)
    query = await within_node(ctx, readable(ctx), node_id, path_field)
    return narrowed(query, **lookups)
