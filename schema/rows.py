"""GraphQL types read from one ORM row, with the one generic `from_model`."""

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar

from strawberry.dataloader import DataLoader
from strawberry.types.base import get_object_definition
from tortoise.models import Model

from resolvers.ids import encode_global_id

M = TypeVar("M", bound=Model)


class FromModel(Generic[M]):
    """Mixin for a strawberry type built from a row: `from_model` copies same-named fields.

    A field `row` (a `strawberry.Private`) keeps the row itself and `id` is the row's global id
    under the GraphQL type's name; every other field without a resolver takes the row's attribute
    of the same name. A field computed otherwise is a resolver on the type.
    """

    _copied: ClassVar[tuple[str, tuple[str, ...]] | None] = None

    if TYPE_CHECKING:

        def __init__(self, **fields: Any) -> None: ...

    @classmethod
    def _copied_fields(cls) -> tuple[str, tuple[str, ...]]:
        # Read once per type, after strawberry has made it a dataclass.
        copied = cls.__dict__.get("_copied")
        if copied is None:
            type_name = get_object_definition(cls, strict=True).name
            names = tuple(f.name for f in dataclasses.fields(cls) if f.init)  # type: ignore[arg-type]
            copied = cls._copied = (type_name, names)
        return copied

    @classmethod
    def from_model(cls, row: M) -> Self:
        type_name, names = cls._copied_fields()
        values: dict[str, object] = {}
        for name in names:
            if name == "row":
                values[name] = row
            elif name == "id":
                values[name] = encode_global_id(type_name, row.pk)
            else:
                values[name] = getattr(row, name)
        return cls(**values)


T = TypeVar("T")


def same_fields(source: object, target: Callable[..., T], /, **given: object) -> T:
    """`target(...)` (a dataclass) with each of its fields taken from `source`'s attribute of the
    same name, except those `given`; a field `source` lacks keeps the target's default (and a
    field computed by a resolver is none of them)."""
    values = {
        f.name: given[f.name] if f.name in given else getattr(source, f.name)
        for f in dataclasses.fields(target)  # type: ignore[arg-type]
        if f.init and (f.name in given or hasattr(source, f.name))
    }
    return target(**values)


R = TypeVar("R")


async def load_optional(
    loader: DataLoader[int, R | None], key: int | None, convert: Callable[[R], T]
) -> T | None:
    """The row a nullable foreign key names, converted; null without a key or a readable row."""
    if key is None:
        return None
    row = await loader.load(key)
    return convert(row) if row is not None else None


async def load_required(
    loader: DataLoader[int, R | None], key: int, convert: Callable[[R], T]
) -> T:
    """The row a non-null foreign key names, converted: the key's constraint guarantees it."""
    row = await loader.load(key)
    assert row is not None, "a row a foreign key names cannot be missing"
    return convert(row)
