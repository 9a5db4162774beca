"""Node, PageInfo and cursor connections (with totalCount)."""

from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

import strawberry

from resolvers.pagination import Page, Total

T = TypeVar("T")
R = TypeVar("R")


@strawberry.interface
class Node:
    id: strawberry.ID


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


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
        has_next_page=page.has_next,
        has_previous_page=page.has_previous,
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
