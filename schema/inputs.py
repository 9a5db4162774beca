"""Input types read into the resolvers' dataclasses, their ids decoded on the way."""

import types
import typing
from collections.abc import Callable
from typing import Annotated, TypeVar

from strawberry.types.base import get_object_definition
from strawberry.utils.str_converters import to_camel_case

from schema.ids import IdOf
from schema.rows import same_fields

T = TypeVar("T")

IdField = tuple[str, IdOf, str, bool]
_id_fields_of: dict[type, tuple[IdField, ...]] = {}


def _id_fields(input_type: type) -> tuple[IdField, ...]:
    """(python name, IdOf, GraphQL name, nullable) of each field whose type names the object
    type its id must be of: `Annotated[strawberry.ID, IdOf(...)]`, alone or `| None`."""
    if (known := _id_fields_of.get(input_type)) is not None:
        return known
    hints = typing.get_type_hints(input_type, include_extras=True)
    found = []
    for field in get_object_definition(input_type, strict=True).fields:
        hint = hints[field.python_name]
        union = typing.get_origin(hint) in (typing.Union, types.UnionType)
        parts = typing.get_args(hint) if union else (hint,)
        for part in parts:
            if typing.get_origin(part) is Annotated:
                id_of = next((m for m in part.__metadata__ if isinstance(m, IdOf)), None)
                if id_of is not None:
                    name = field.graphql_name or to_camel_case(field.python_name)
                    found.append((field.python_name, id_of, name, type(None) in parts))
    known = _id_fields_of[input_type] = tuple(found)
    return known


def decoded(source: object, target: Callable[..., T], /, **given: object) -> T:
    """`same_fields(source, target, **given)` with each id field of the input `source` (typed by
    an `IdOf` alias such as `OrgNodeId`) decoded to its row's pk; a wrong id is `Invalid` for that
    input field, a null (or empty) one in a nullable field stays null."""
    pks: dict[str, object] = {}
    for name, id_of, field, nullable in _id_fields(type(source)):
        if name not in given:
            global_id = getattr(source, name)
            pks[name] = id_of.optional(global_id, field) if nullable else id_of(global_id, field)
    return same_fields(source, target, **pks, **given)
