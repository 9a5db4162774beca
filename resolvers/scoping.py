"""A resource's readable rows: its model within the policy's SQL filter, and one of them by id."""

from collections.abc import Callable
from typing import TypeVar

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import NotFound

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
