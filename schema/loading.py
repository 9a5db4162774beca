"""Fields over DataLoaders that answer at once when the request already loaded their rows.

A list resolver loads the related rows of its whole page in one batch each (`selected_paths` tells
it which the query asks for); the fields then read them back synchronously, which spares
graphql-core a task and an await per field per row. A field whose rows are not loaded yet
falls back to the DataLoader, so the statement count stays the same either way."""

from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import TypeVar

from strawberry.dataloader import DataLoader
from strawberry.types.nodes import Selection

from schema.info import Info

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


class _Missing:
    pass


MISSING = _Missing()


def _loaded(loader: DataLoader[K, V], key: K) -> V | _Missing:
    future = loader.cache_map.get(key)
    if future is None or not future.done() or future.cancelled() or future.exception():
        return MISSING
    return future.result()


def now_or_later(loader: DataLoader[K, V], key: K, convert: Callable[[V], T]) -> T | Awaitable[T]:
    """`convert` of the row at `key`: now if loaded, else once the loader has it."""
    value = _loaded(loader, key)
    if not isinstance(value, _Missing):
        return convert(value)

    async def later() -> T:
        return convert(await loader.load(key))

    return later()


def many_now_or_later(
    loader: DataLoader[K, V], keys: Sequence[K], convert: Callable[[list[V]], T]
) -> T | Awaitable[T]:
    """`convert` of the rows at `keys`, in order: now if all are loaded, else later."""
    values: list[V] = []
    for key in keys:
        value = _loaded(loader, key)
        if isinstance(value, _Missing):

            async def later() -> T:
                return convert(await loader.load_many(keys))

            return later()
        values.append(value)
    return convert(values)


def _paths(selections: Iterable[Selection], prefix: str, into: set[str]) -> None:
    for selection in selections:
        name = getattr(selection, "name", None)
        if name is None or not hasattr(selection, "arguments"):  # a fragment: same level
            _paths(selection.selections, prefix, into)
            continue
        path = f"{prefix}{name}"
        into.add(path)
        _paths(selection.selections, f"{path}.", into)


def selected_paths(info: Info) -> set[str]:
    """The dotted GraphQL paths the query selects below the current field ("edges.node.node").
    Fragments count; @skip and @include are not evaluated, so a path may be a harmless extra.
    Read once per field: strawberry converts the selections anew on every access."""
    paths: set[str] = set()
    for field in info.selected_fields:
        _paths(field.selections, "", paths)
    return paths
