"""Node, PageInfo and cursor connections (with totalCount), the paging arguments every
connection takes, and `lookup_field`, the root field that reads one row by its global id."""

import inspect
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Generic, Protocol, TypeVar

import strawberry

from resolvers.context import Context
from resolvers.pagination import DEFAULT_PAGE, MAX_PAGE, Flag, Page, Total, Window
from schema.ids import IdOf
from schema.info import Info

T = TypeVar("T")
R = TypeVar("R")
R_contra = TypeVar("R_contra", contravariant=True)
T_co = TypeVar("T_co", covariant=True)


class Converts(Protocol[R_contra, T_co]):
    """A GraphQL type shown from an ORM row: `from_model(row)`."""

    def from_model(self, row: R_contra, /) -> T_co: ...


@strawberry.interface(description="An object with a global id, readable through `node(id:)`.")
class Node:
    id: strawberry.ID


def _flag(value: Flag) -> bool | Awaitable[bool]:
    return value if isinstance(value, bool) else value()


@strawberry.type(
    description=(
        "Where a page lies in its list. Cursors are keyset cursors: a position (the sort keys "
        "and the id), not an offset, so rows added or removed meanwhile shift no page."
    )
)
class PageInfo:
    next: strawberry.Private[Flag]
    previous: strawberry.Private[Flag]

    @strawberry.field(
        description=(
            "More rows follow the page: paging forward, past it; paging backward (`last`), "
            "whether any row lies at or after `before` (asked only when selected)."
        ),
        graphql_type=bool,
    )
    def has_next_page(self) -> bool | Awaitable[bool]:
        return _flag(self.next)

    @strawberry.field(
        description=(
            "More rows come before the page: paging backward, before it; paging forward, "
            "whether any row lies at or before `after` (asked only when selected)."
        ),
        graphql_type=bool,
    )
    def has_previous_page(self) -> bool | Awaitable[bool]:
        return _flag(self.previous)

    start_cursor: str | None = strawberry.field(
        description=("The first edge's cursor, to pass as `before`; null when the page is empty.")
    )
    end_cursor: str | None = strawberry.field(
        description=("The last edge's cursor, to pass as `after`; null when the page is empty.")
    )


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total: strawberry.Private[Total]

    # Counted only when selected (a count scans the whole scope; the page does not).
    @strawberry.field(graphql_type=int)
    def total_count(self) -> int | Awaitable[int]:
        return self.total if isinstance(self.total, int) else self.total()


def page_info(page: Page[Any]) -> PageInfo:
    return PageInfo(
        next=page.has_next,
        previous=page.has_previous,
        start_cursor=page.cursors[0] if page.cursors else None,
        end_cursor=page.cursors[-1] if page.cursors else None,
    )


def to_connection(page: Page[R], convert: Callable[[R], T]) -> Connection[T]:
    return Connection(
        edges=[
            Edge(cursor=cursor, node=convert(row))
            for cursor, row in zip(page.cursors, page.rows, strict=True)
        ],
        page_info=page_info(page),
        total=page.total,
    )


# The paging arguments, described once for every connection.
First = Annotated[
    int | None,
    strawberry.argument(
        description=(
            f"Rows from the start of the list, or after `after`: at most {MAX_PAGE} (more is "
            f"INVALID, never cut silently; negative too); {DEFAULT_PAGE} when neither `first` "
            "nor `last` is given. Not together with `last` (INVALID)."
        )
    ),
]
After = Annotated[
    str | None,
    strawberry.argument(
        description=(
            "A cursor of this list in this `orderBy` (an edge's `cursor` or `endCursor`): the "
            "page starts after it. A cursor of another list or order is INVALID."
        )
    ),
]
Last = Annotated[
    int | None,
    strawberry.argument(
        description=(
            f"Rows from the end of the list, or before `before`, in list order: at most "
            f"{MAX_PAGE} (more is INVALID, never cut silently; negative too). Not together with "
            "`first` (INVALID)."
        )
    ),
]
Before = Annotated[
    str | None,
    strawberry.argument(
        description=(
            "A cursor of this list in this `orderBy` (`startCursor`): the page ends before it. "
            "With `after` too, only rows between both."
        )
    ),
]


def window(
    first: int | None, after: str | None, last: int | None = None, before: str | None = None
) -> Window:
    return Window(first=first, after=after, last=last, before=before)


ORDER_BY = (
    "The order of the rows, the id breaking ties; a cursor is valid only in the order it was "
    "made in."
)
FILTER = "Which rows: every condition given applies (AND), within what the viewer may read."
LookupId = Annotated[
    strawberry.ID,
    strawberry.argument(description="A global id of this type; an id of another type is INVALID."),
]


def lookup_field(
    read: Callable[[Context, int], Awaitable[R | None]],
    pk: IdOf,
    node: Converts[R, T],
    *,
    description: str | None = None,
) -> T | None:
    """A root field `x(id: ID!): X` for one row: `read(context, pk(id))` shown as
    `node.from_model(row)`, null for no row (missing, or outside what the viewer reads)."""

    async def resolve(self: object, info: Info, id: LookupId) -> T | None:
        row = await read(info.context, pk(id, "id"))
        return node.from_model(row) if row is not None else None

    resolve.__name__ = resolve.__qualname__ = read.__name__
    # The node type strawberry reads, made at run time (mypy cannot follow it).
    resolve.__signature__ = inspect.signature(resolve).replace(  # type: ignore[attr-defined]
        return_annotation=node | None  # type: ignore[operator]
    )
    return strawberry.field(resolver=resolve, description=description)
