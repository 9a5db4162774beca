"""A resource's readable rows: its model within the policy's SQL filter, one of them by id
(NOT_FOUND where it is missing or out of scope: the two look alike), and the row a mutation
changes; `Readable` bundles them for one resource."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from policies.authorizer import Viewer
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import Forbidden, NotFound

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


@dataclass(frozen=True)
class Readable(Generic[M]):
    """A resource the viewer reads within its policy's SQL filter (`scope`): its rows, one of
    them by id, or that one as the row an input names (NOT_FOUND, message `missing`, where it
    is missing or out of scope: the two look alike)."""

    model: type[M]
    scope: Callable[[Viewer], Q | None]
    missing: str = "error.not_found"
    field: str = "id"
    path: str = "node_path"  # the column of the node a row stands at

    def rows(self, ctx: Context) -> QuerySet[M]:
        """The rows the viewer reads (a query, not yet run)."""
        return scoped(self.model, self.scope(ctx.viewer))

    async def get(self, ctx: Context, pk: int) -> M | None:
        """The row `pk` if the signed-in viewer reads it, else None (`node(id:)` and the root
        field of one row answer null)."""
        return await readable_row(ctx, self.rows, pk)

    async def require(self, ctx: Context, pk: int, field: str | None = None) -> M:
        """The row input `field` (by default the resource's own) names."""
        return found(await self.get(ctx, pk), self.missing, field or self.field)

    async def to_change(
        self,
        ctx: Context,
        pk: int,
        may: Callable[[Viewer, str], bool],
        refused: str,
        field: str | None = None,
        *,
        lock: bool = False,
    ) -> M:
        """The row a mutation changes: NOT_FOUND out of read scope, FORBIDDEN (message
        `refused`) where `may` does not let the viewer act at its node. `lock` holds the row
        until the mutation ends (PostgreSQL), so a change and a write that depends on it do
        not interleave. Read as it stands before the change, for the audit."""
        row = await self.require(ctx, pk, field)
        if not may(ctx.viewer, getattr(row, self.path)):
            raise Forbidden(refused, field=field or self.field)
        if lock:
            row = await self.model.select_for_update().get(id=row.pk)
        audit.before(ctx, row)
        return row
