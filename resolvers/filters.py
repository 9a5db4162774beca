"""A list's `filter` input: each field declares how it narrows the list (`narrows`, `searches`,
`within`), and `listed` applies them to the rows the viewer reads, in SQL."""

from collections.abc import Callable
from dataclasses import field, fields
from typing import TYPE_CHECKING, Any, TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.org import within_node

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

M = TypeVar("M", bound=Model)


def narrows(lookup: str, clean: Callable[[Any], Any] | None = None) -> Any:
    """A list filter's field (None when left out) that keeps the rows matching the ORM `lookup`
    (`status__in`, `starts_at__gte` ...) with its value, or with `clean(value)` where given."""
    return field(default=None, metadata={"lookup": lookup, "clean": clean})


def searches(column: str) -> Any:
    """A list filter's search field: `column` contains the text (white space around it dropped)."""
    return narrows(f"{column}__icontains", search_text)


def within(path_field: str) -> Any:
    """A list filter's `nodeId`: the rows in its subtree, whose path `path_field` reaches."""
    return field(default=None, metadata={"within": path_field})


def search_text(text: str | None) -> str | None:
    """A search field's text without the white space around it; None where nothing is left."""
    return (text.strip() or None) if text else None


async def listed(
    ctx: Context, readable: Callable[[Context], QuerySet[M]], where: "DataclassInstance"
) -> QuerySet[M]:
    """A list's rows before its page: what the signed-in viewer reads, within the subtree of the
    node `where` names (NOT_FOUND where the viewer may not read it), narrowed by each of its
    fields declared with `narrows` or `searches`; other fields are the caller's to apply."""
    require_user(ctx)
    query = readable(ctx)
    for declared in fields(where):
        value = getattr(where, declared.name)
        if "within" in declared.metadata:
            query = await within_node(ctx, query, value, declared.metadata["within"])
        elif "lookup" in declared.metadata:
            clean = declared.metadata["clean"]
            value = value if clean is None else clean(value)
            # None (a field left out) and an empty list narrow nothing.
            if value is not None and value != []:
                query = query.filter(**{declared.metadata["lookup"]: value})
    return query
