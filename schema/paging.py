"""The arguments every list field takes, declared once.

A list resolver takes one `paging: Paging[Filter, Order]` parameter (beside any loose filtering
arguments of its own) and `@paged(Order.DEFAULT)` gives its GraphQL field `filter`, `orderBy`,
`first`, `after`, `last` and `before`, described as every list describes them:

    @strawberry.field(description="...")
    @paged(FooOrder.ID)
    async def foos(self, info: Info, paging: Paging[FooFilter, FooOrder]) -> Connection[Foo]:
        where = (paging.filter or FooFilter()).to_filter()
        page = await resolvers.foos.foos(info.context, where, paging.order, paging.window)
        return to_connection(page, Foo.from_model)

`layout` is the order of the GraphQL arguments: Python names, the resolver's own loose arguments
among them (`*` for those not named, in the resolver's order). The served schema keeps each
field's order as it was first published.

A list that does just that (filter converted with `to_filter()`, rows with `from_model`) is
declared with `list_field`:

    foos = list_field(resolvers.foos.foos, FooFilter, FooOrder.ID, Foo)
"""

import inspect
import typing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Generic, Protocol, TypeVar, cast

import strawberry

from resolvers.context import Context
from resolvers.pagination import Page, Window
from schema.info import Info
from schema.relay import (
    FILTER,
    ORDER_BY,
    After,
    Before,
    Connection,
    Converts,
    First,
    Last,
    to_connection,
)

F = TypeVar("F")
E = TypeVar("E", bound=Enum)
R = TypeVar("R")
W = TypeVar("W")
W_co = TypeVar("W_co", covariant=True)
M = TypeVar("M")
T = TypeVar("T")

# The order new lists use: the filter, then the page forward, the order, the page backward.
STANDARD = "filter first after order_by last before"
# Lists with loose filtering arguments (`*`: the resolver's own, in its order) put them first.
LOOSE = "* first after filter order_by last before"
# Published orders of some later lists: the page forward before the filter, or the filter and
# order before the whole page.
PAGE_FIRST = "first after filter order_by last before"
ORDER_FIRST = "filter order_by first after last before"
_PAGE = ("first", "after", "last", "before")


@dataclass(frozen=True)
class Paging(Generic[F, E]):
    """What a list field was asked for: its filter, its order and the page."""

    filter: F | None
    order_by: E
    window: Window

    @property
    def order(self) -> str:
        """The order's name, as the resolvers' sort tables key it."""
        return self.order_by.name


def _parameter(name: str, annotation: object, default: object) -> inspect.Parameter:
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    return inspect.Parameter(name, kind, annotation=annotation, default=default)


def _declared(filter_type: object, order: Enum) -> dict[str, inspect.Parameter]:
    """The paging arguments as GraphQL sees them, by Python name."""
    # Types made at run time, which mypy cannot follow: strawberry reads them.
    filter_arg = Annotated[filter_type | None, strawberry.argument(description=FILTER)]  # type: ignore[valid-type]
    order_arg = Annotated[type(order), strawberry.argument(description=ORDER_BY)]  # type: ignore[valid-type]
    return {
        "filter": _parameter("filter", filter_arg, None),
        "order_by": _parameter("order_by", order_arg, order),
        **{
            name: _parameter(name, annotation, None)
            for name, annotation in zip(_PAGE, (First, After, Last, Before), strict=True)
        },
    }


def paged(
    order: Enum, layout: str = STANDARD
) -> Callable[[Callable[..., Awaitable[R]]], Callable[..., Awaitable[R]]]:
    """Gives a list resolver the paging arguments in `layout`'s order (`order` the default
    `orderBy`), and calls it with them gathered in its `paging` parameter."""

    def decorate(resolver: Callable[..., Awaitable[R]]) -> Callable[..., Awaitable[R]]:
        signature = inspect.signature(resolver)
        own = dict(signature.parameters)
        self_param, info_param = own.pop("self"), own.pop("info")
        filter_type, order_type = typing.get_args(own.pop("paging").annotation)
        if order_type is not type(order):
            raise TypeError(f"{resolver.__qualname__}: the default order is not a {order_type}")
        declared = _declared(filter_type, order)
        named = layout.split()
        rest = [name for name in own if name not in named]
        names = [n for name in named for n in (rest if name == "*" else [name])]
        loose = [name for name in names if name not in declared]
        if sorted(loose) != sorted(own) or not {"order_by", *_PAGE} <= set(names):
            raise TypeError(f"{resolver.__qualname__}: the layout {layout!r} does not fit")
        parameters = [declared[name] if name in declared else own[name] for name in names]

        async def field(self: object, info: object, **arguments: Any) -> R:
            paging = Paging(
                filter=arguments.pop("filter", None),
                order_by=arguments.pop("order_by"),
                window=Window(**{name: arguments.pop(name) for name in _PAGE}),
            )
            return await resolver(self, info, paging=paging, **arguments)

        field.__name__ = resolver.__name__
        field.__qualname__ = resolver.__qualname__
        field.__module__ = resolver.__module__
        field.__doc__ = resolver.__doc__
        field.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[self_param, info_param, *parameters]
        )
        return field

    return decorate


class ListFilter(Protocol[W_co]):
    """A list's filter input: converted to what its resolver filters by."""

    def to_filter(self) -> W_co: ...


def list_field(
    read: Callable[[Context, W, str, Window], Awaitable[Page[M]]],
    filter_type: Callable[[], ListFilter[W]],
    order: Enum,
    node: Converts[M, T],
    *,
    layout: str = STANDARD,
    description: str | None = None,
) -> Connection[T]:
    """A root list field: `filter` (a `filter_type`, none given is the empty one), `orderBy`
    (`order` by default) and the page, in `layout`'s order; its rows are `read(context, filter,
    order, window)`, each shown as `node.from_model(row)`."""

    async def resolve(self: object, info: Info, paging: Paging[Any, Any]) -> Connection[T]:
        where = (paging.filter or filter_type()).to_filter()
        page = await read(info.context, where, paging.order, paging.window)
        return to_connection(page, node.from_model)

    resolve.__name__ = resolve.__qualname__ = read.__name__
    # The types strawberry reads, made at run time (mypy cannot follow them).
    empty = inspect.Parameter.empty
    resolve.__signature__ = inspect.signature(resolve).replace(  # type: ignore[attr-defined]
        parameters=[
            _parameter("self", empty, empty),
            _parameter("info", Info, empty),
            _parameter("paging", cast(Any, Paging)[filter_type, type(order)], empty),
        ],
        return_annotation=Connection[node],  # type: ignore[valid-type]
    )
    field: Connection[T] = strawberry.field(
        resolver=paged(order, layout)(resolve), description=description
    )
    return field
