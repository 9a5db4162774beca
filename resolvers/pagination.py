"""Cursor pagination over a queryset ordered by primary key (stable, index-friendly)."""

import base64
import binascii
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

from resolvers.errors import Invalid
from resolvers.ids import MAX_PK

MAX_PAGE = 100
DEFAULT_PAGE = 20

M = TypeVar("M", bound=Model)
T = TypeVar("T")


# A page's total: known, or a count the database runs only if `totalCount` is asked for.
Total = int | Callable[[], Awaitable[int]]


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    cursors: list[str]
    has_next: bool
    has_previous: bool
    total: Total


def count_of(query: QuerySet[M]) -> Callable[[], Awaitable[int]]:
    """The count of `query`, run when awaited (not before)."""

    async def count() -> int:
        return await query.count()

    return count


def encode_cursor(pk: int, kind: str = "cursor") -> str:
    return base64.b64encode(f"{kind}:{pk}".encode()).decode()


def decode_cursor(cursor: str, kind: str = "cursor") -> int:
    """`cursor:<pk>` after a row in id order, `offset:<n>` in any other order."""
    try:
        prefix, value = base64.b64decode(cursor.encode(), validate=True).decode().split(":", 1)
        number = int(value)
        if prefix != kind or not 0 <= number <= MAX_PK:
            raise ValueError(prefix)
        return number
    except (binascii.Error, UnicodeError, ValueError) as error:
        raise Invalid("page.bad_cursor", field="after") from error


def page_size(first: int | None) -> int:
    if first is None:
        return DEFAULT_PAGE
    if first < 0:
        raise Invalid("page.negative_first", field="first")
    return min(first, MAX_PAGE)


async def paginate(query: QuerySet[M], first: int | None, after: str | None) -> Page[M]:
    """One query for the page (one row more, to know if there is a next), and one for the
    count when it is asked for."""
    size = page_size(first)
    after_pk = decode_cursor(after) if after else None
    window = query.filter(id__gt=after_pk) if after_pk is not None else query
    rows = await window.order_by("id").limit(size + 1)
    return Page(
        rows=rows[:size],
        cursors=[encode_cursor(row.pk) for row in rows[:size]],
        has_next=len(rows) > size,
        has_previous=after_pk is not None,
        total=count_of(query),
    )


async def paginate_sorted(
    query: QuerySet[M], order: Sequence[str], first: int | None, after: str | None
) -> Page[M]:
    """Pagination in another order than by id: the cursor is an offset. The id breaks ties in
    the direction of the first key, so one index on (key, id) serves both directions."""
    size = page_size(first)
    offset = decode_cursor(after, "offset") if after else 0
    tie = "-id" if order[0].startswith("-") else "id"
    rows = await query.order_by(*order, tie).offset(offset).limit(size + 1)
    return Page(
        rows=rows[:size],
        cursors=[encode_cursor(offset + i + 1, "offset") for i in range(len(rows[:size]))],
        has_next=len(rows) > size,
        has_previous=offset > 0,
        total=count_of(query),
    )


def paginate_loaded(rows: Sequence[M], first: int | None, after: str | None) -> Page[M]:
    """The same contract over rows a DataLoader already fetched in one batch (sorted by pk)."""
    size = page_size(first)
    after_pk = decode_cursor(after) if after else None
    window = [row for row in rows if after_pk is None or row.pk > after_pk]
    return Page(
        rows=list(window[:size]),
        cursors=[encode_cursor(row.pk) for row in window[:size]],
        has_next=len(window) > size,
        has_previous=after_pk is not None,
        total=len(rows),
    )
