"""Keyset cursors: a list's sort order, the cursor of a row in it, and the SQL conditions for
"after" and "before" a cursor.

A cursor is base64 of a JSON array `[tag, key values..., id]`: the tag names the list and the
order (`Case.DUE_ASC`), so a cursor of another list or order is INVALID, and the values are the
row's sort keys with its id as the last tie-break. A cursor names a position, not a row: rows
inserted or deleted meanwhile shift nothing, and a forged one only moves the start within the
rows the viewer may read anyway (the scope filter always applies). Orders sort only on values
the viewer sees in the rows themselves, so a cursor cannot probe a masked value.

NULL sorts after every value in ascending order (and so first in descending order), as
PostgreSQL does by default; other databases get an explicit `IS NULL` sort key.
"""

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.expressions import Case, Q, When
from tortoise.models import Model
from tortoise.queryset import QuerySet

from policies.conditions import q
from resolvers.errors import Invalid
from resolvers.ids import MAX_PK
from resolvers.text import storable

# Longer than any cursor this API hands out; a longer text is refused before it is decoded.
MAX_CURSOR = 1024
MAX_TEXT_KEY = 200
NOT_A_CURSOR = "page.bad_cursor"  # a key of resolvers/messages.py

Scalar = int | str | datetime | None


@dataclass(frozen=True)
class Key:
    """A sort key: an ORM path (`household__building_id`) and the Python type of its value."""

    field: str
    type: type[int] | type[str] | type[datetime]
    nullable: bool = False


ID = Key("id", int)


@dataclass(frozen=True)
class Order:
    """A list's order: `keys` then the id, all in one direction, so one index on (keys, id)
    serves both directions of paging."""

    tag: str
    keys: tuple[Key, ...] = ()
    descending: bool = False

    @property
    def all_keys(self) -> tuple[Key, ...]:
        return (*self.keys, ID)


def by(tag: str, *keys: Key, descending: bool = False) -> Order:
    return Order(tag, keys, descending)


CREATED = Key("created_at", datetime)


def orders(type_name: str, **named: Key | tuple[Key, ...]) -> dict[str, Order]:
    """A list's sort table with the orders most lists share: `ID`, each `named` order by its
    keys (then the id), and `CREATED_ASC`/`CREATED_DESC`; tags `<type_name>.<ORDER>`."""
    table = {"ID": by(f"{type_name}.ID")}
    for name, keys in named.items():
        table[name] = by(f"{type_name}.{name}", *(keys if isinstance(keys, tuple) else (keys,)))
    table["CREATED_ASC"] = by(f"{type_name}.CREATED_ASC", CREATED)
    table["CREATED_DESC"] = by(f"{type_name}.CREATED_DESC", CREATED, descending=True)
    return table


def value_of(row: Model, key: Key) -> Any:
    value: Any = row
    for part in key.field.split("__"):
        value = getattr(value, part)
    return value


def position(order: Order, row: Model) -> tuple[Scalar, ...]:
    return tuple(value_of(row, key) for key in order.all_keys)


def _dump(value: Scalar) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def encode(order: Order, values: Sequence[Scalar]) -> str:
    text = json.dumps([order.tag, *map(_dump, values)], ensure_ascii=False, separators=(",", ":"))
    return base64.b64encode(text.encode()).decode()


def _load(key: Key, value: Any) -> Scalar:
    if value is None and key.nullable:
        return None
    if key.type is int:
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_PK:
            return value
    elif key.type is str:
        # No row holds U+0000 or a lone surrogate, and the database cannot even compare them.
        if isinstance(value, str) and len(value) <= MAX_TEXT_KEY and storable(value):
            return value
    elif isinstance(value, str) and len(value) <= 40:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is not None:
            return moment.astimezone(UTC)  # OverflowError near year 1 or 9999
    raise ValueError(key.field)


def decode(order: Order, cursor: str, field: str) -> tuple[Scalar, ...]:
    """The position a cursor names in `order`; INVALID unless it was made for this order.
    A cursor of the earlier `cursor:<id>` form is still read in id order."""
    try:
        if len(cursor) > MAX_CURSOR:
            raise ValueError("too long")
        text = base64.b64decode(cursor.encode(), validate=True).decode()
        if not order.keys and text.startswith("cursor:"):
            return (_load(ID, int(text.removeprefix("cursor:"))),)
        data = json.loads(text)
        keys = order.all_keys
        if not isinstance(data, list) or len(data) != len(keys) + 1 or data[0] != order.tag:
            raise ValueError("another order")
        return tuple(_load(key, value) for key, value in zip(keys, data[1:], strict=True))
    except (binascii.Error, UnicodeError, ValueError, OverflowError, RecursionError) as error:
        raise Invalid(NOT_A_CURSOR, field=field) from error


def _beyond(key: Key, value: Scalar, up: bool) -> Q | None:
    """`key` lies strictly further than `value` walking up (ascending) or down; None: nothing
    does. NULL lies above every value."""
    if up:
        if value is None:
            return None
        above = q(f"{key.field}__gt", value)
        return above | q(f"{key.field}__isnull", True) if key.nullable else above
    if value is None:
        return q(f"{key.field}__isnull", False)
    return q(f"{key.field}__lt", value)


def _equal(key: Key, value: Scalar) -> Q:
    if value is None:
        return q(f"{key.field}__isnull", True)
    return q(key.field, value)


def _bound(key: Key, value: Scalar, up: bool) -> Q | None:
    """`key` is at `value` or beyond it, as one index condition; None when that would take an
    OR (the other conditions then decide alone)."""
    if up and value is not None and not key.nullable:
        return q(f"{key.field}__gte", value)
    if not up and value is not None:
        return q(f"{key.field}__lte", value)
    return None


def beyond(order: Order, at: Sequence[Scalar], *, forward: bool, inclusive: bool = False) -> Q:
    """Rows after the position `at` in `order` (`forward`) or before it; `inclusive` takes the
    row at `at` itself too. Written as OR of ANDs, led by a bound the first key's index can
    serve: k1 > c1 OR (k1 = c1 AND (k2 > c2 OR (k2 = c2 AND id > c_id)))."""
    up = forward != order.descending
    keys = order.all_keys
    branches: list[Q] = []
    equal: list[Q] = []
    for key, value in zip(keys, at, strict=True):
        further = _beyond(key, value, up)
        if further is not None:
            branches.append(Q(*equal, further) if equal else further)
        equal.append(_equal(key, value))
    if inclusive:
        branches.append(Q(*equal))
    condition = Q(*branches, join_type=Q.OR) if len(branches) > 1 else branches[0]
    bound = _bound(keys[0], at[0], up)
    return Q(bound, condition) if bound is not None else condition


def ordered(query: QuerySet[Any], order: Order, *, forward: bool) -> QuerySet[Any]:
    """`query` in `order` (or reversed), NULLs above every value whatever the database."""
    up = forward != order.descending
    sign = "" if up else "-"
    terms: list[str] = []
    postgres = query.model._meta.db.capabilities.dialect == "postgres"
    for index, key in enumerate(order.all_keys):
        if key.nullable and not postgres:
            flag = f"_null_{index}"
            missing = Case(When(q(f"{key.field}__isnull", True), then="1"), default="0")
            query = query.annotate(**{flag: missing})
            terms.append(f"{sign}{flag}")
        terms.append(f"{sign}{key.field}")
    return query.order_by(*terms)
