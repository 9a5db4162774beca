"""Any object by global id, and the node path its scope is decided on: a registry of getters
(schema/node.py's, passed in) and one generic walk to the path, so that a type added to
`node(id)` is explained without a line here."""

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import models

# type name -> the scoped getter `node(id)` uses (None: missing or out of scope).
Getter = Callable[[Any, int], Awaitable[Any]]
Getters = Mapping[str, Getter]

# Columns that hold a row's node path, in the order they are tried.
PATH_COLUMNS = ("path", "node_path", "building_path")
# Foreign keys followed to a row that has one, in the order they are tried.
PATH_PARENTS = ("household", "building", "node", "case", "campaign", "activity", "meeting")
PATH_PARENTS_LAST = ("topic", "resident", "candidate", "distribution", "good", "rule", "notice")


async def target_path(row: Any, depth: int = 0) -> str | None:
    """The node path whose prefixes decide `row`'s scope; None for an object at no node (an
    account)."""
    for column in PATH_COLUMNS:
        value = getattr(row, column, None)
        if isinstance(value, str) and value:
            return value
    if depth > 3 or not hasattr(row, "_meta"):
        return None
    fk_fields = row._meta.fk_fields
    for name in (*PATH_PARENTS, *PATH_PARENTS_LAST):
        if name in fk_fields:
            pk = getattr(row, f"{name}_id", None)
            if pk is None:
                continue
            related = row._meta.fields_map[name].related_model
            parent = await related.get_or_none(id=pk)
            if parent is not None:
                return await target_path(parent, depth + 1)
    return None


async def household_of(row: Any) -> models.Household | None:
    """The household of a person target (a Household, or a Resident's)."""
    if isinstance(row, models.Household):
        return row
    if isinstance(row, models.Resident):
        household: models.Household | None = await models.Household.get_or_none(id=row.household_id)
        return household
    return None
