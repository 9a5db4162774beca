"""Relay pagination with keyset cursors (resolvers/cursors.py) over a queryset, or over rows a
DataLoader already fetched: `first`/`after` forward, `last`/`before` backward."""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

from resolvers import cursors
from resolvers.cursors import Order
from resolvers.errors import Invalid

MAX_PAGE = 100
DEFAULT_PAGE = 20

M = TypeVar("M", bound=Model)
T = TypeVar("T")


# A page's total or flag: known, or asked of the database only if the query selects it.
Total = int | Callable[[], Awaitable[int]]
Flag = bool | Callable[[], Awaitable[bool]]


@dataclass(frozen=True)
class Window:
    """What a client asked for: `first` rows after `after`, or `last` rows before `before`."""

    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None

    def size(self) -> tuple[int, bool]:
        """The page size and whether it is taken forward (from the start or `after`)."""
        if self.first is not None and self.last is not None:
            raise Invalid("page.first_and_last", field="last")
        for name, value in (("first", self.first), ("last", self.last)):
            if value is not None and value < 0:
                raise Invalid("page.negative", field=name, name=name)
            if value is not None and value > MAX_PAGE:
                raise Invalid("page.too_many", field=name, name=name, limit=MAX_PAGE)
        if self.last is not None:
            return self.last, False
        return (self.first if self.first is not None else DEFAULT_PAGE), True


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    cursors: list[str]
    has_next: Flag
    has_previous: Flag
    total: Total

    @classmethod
    def empty(cls) -> "Page[T]":
        return cls(rows=[], cursors=[], has_next=False, has_previous=False, total=0)


def count_of(query: QuerySet[M]) -> Callable[[], Awaitable[int]]:
    """The count of `query`, run when awaited (not before)."""

    async def count() -> int:
        return await query.count()

    return count


def exists_in(query: QuerySet[M]) -> Callable[[], Awaitable[bool]]:
    async def exists() -> bool:
        return await query.exists()

    return exists


def empty_page(order: Order, window: Window) -> Page[Any]:
    """No rows (a filter named nothing the viewer reads), after the same checks of the window
    and its cursors as a page with rows."""
    window.size()
    for cursor, field in ((window.after, "after"), (window.before, "before")):
        if cursor:
            cursors.decode(order, cursor, field)
    return Page.empty()


async def paginate(query: QuerySet[M], order: Order, window: Window) -> Page[M]:
    """One statement for the page (one row more, to know whether the way on goes further).
    The count and the flag for the way back (whether a row lies at or behind the cursor one
    came from) run only when the query selects them."""
    size, forward = window.size()
    after = cursors.decode(order, window.after, "after") if window.after else None
    before = cursors.decode(order, window.before, "before") if window.before else None
    bounded = query
    if after is not None:
        bounded = bounded.filter(cursors.beyond(order, after, forward=True))
    if before is not None:
        bounded = bounded.filter(cursors.beyond(order, before, forward=False))
    rows: list[M] = await cursors.ordered(bounded, order, forward=forward).limit(size + 1)
    further = len(rows) > size
    rows = rows[:size] if forward else rows[:size][::-1]
    back = after if forward else before
    behind: Flag = (
        exists_in(query.filter(cursors.beyond(order, back, forward=not forward, inclusive=True)))
        if back is not None
        else False
    )
    return Page(
        rows=rows,
        cursors=[cursors.encode(order, cursors.position(order, row)) for row in rows],
        has_next=further if forward else behind,
        has_previous=behind if forward else further,
        total=count_of(query),
    )


def _sort_key(order: Order, row: Any) -> tuple[Any, ...]:
    # NULL above every value, as in SQL (see resolvers/cursors.py).
    return tuple((value is None, value) for value in cursors.position(order, row))


def paginate_loaded(rows: Sequence[M], order: Order, window: Window) -> Page[M]:
    """The same contract over rows a DataLoader already fetched in one batch."""
    size, forward = window.size()
    ranked = sorted(rows, key=lambda row: _sort_key(order, row), reverse=order.descending)

    def place(cursor: str, field: str) -> tuple[Any, ...]:
        return tuple((value is None, value) for value in cursors.decode(order, cursor, field))

    def before_(key: tuple[Any, ...], at: tuple[Any, ...]) -> bool:
        return key > at if order.descending else key < at

    keys = [_sort_key(order, row) for row in ranked]
    start, stop = 0, len(ranked)
    if window.after:
        at = place(window.after, "after")
        start = next((i for i, key in enumerate(keys) if before_(at, key)), len(ranked))
    if window.before:
        at = place(window.before, "before")
        stop = next((i for i, key in enumerate(keys) if not before_(key, at)), len(ranked))
    stop = max(start, stop)
    chosen = ranked[start : start + size] if forward else ranked[max(start, stop - size) : stop]
    if forward:
        has_next, has_previous = start + size < stop, bool(window.after) and start > 0
    else:
        has_next, has_previous = bool(window.before) and stop < len(ranked), stop - size > start
    return Page(
        rows=list(chosen),
        cursors=[cursors.encode(order, cursors.position(order, row)) for row in chosen],
        has_next=has_next,
        has_previous=has_previous,
        total=len(rows),
    )
