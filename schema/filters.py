"""The rule for lists that keep loose filtering arguments beside their `filter:` input."""

import dataclasses
from typing import TypeVar

import strawberry
from strawberry.types.arguments import StrawberryArgumentAnnotation
from strawberry.utils.str_converters import to_camel_case

from resolvers.errors import Invalid

LOOSE_RULE = (
    "Give either `filter` or the loose arguments (kept for compatibility): a loose argument "
    "other than its default beside `filter` is INVALID."
)


def loose(name: str) -> StrawberryArgumentAnnotation:
    """A loose argument's declaration: the same as the filter input's field `name`."""
    return strawberry.argument(description=f"As `filter.{name}`.")


def one_spelling(filter: object | None, loose: dict[str, tuple[object, object]]) -> None:
    """With `filter` given, every loose argument (GraphQL name -> (value, default)) must keep
    its default; `filter` then decides alone."""
    if filter is None:
        return
    for name, (value, default) in loose.items():
        if value != default:
            raise Invalid("filter.loose_beside", field=name, name=name)


F = TypeVar("F")


def either(filter: F | None, build: type[F], **loose: object) -> F:
    """The list's filter: `filter` when given (each loose argument, named as the input's field of
    the same name, at that field's default), else one built from the loose arguments."""
    defaults = {f.name: f.default for f in dataclasses.fields(build)}  # type: ignore[arg-type]
    one_spelling(
        filter, {to_camel_case(name): (value, defaults[name]) for name, value in loose.items()}
    )
    return filter if filter is not None else build(**loose)
