"""What one mutation changed: rows as they were before (`before`), rows it made or touched
(`touched`) and summaries (`note`); `resolvers.audit.trail.flush` turns it into a record."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from tortoise.models import Model

from policies.authorizer import Viewer
from policies.masking import audit_fields

# Written on every change, so they say nothing about what changed.
NOISE = frozenset({"id", "created_at", "updated_at"})

RowKey = tuple[str, int]


def json_value(value: Any) -> Any:
    """A field's value as JSON can hold it, and as it reads the same after a round trip."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Enum):
        return json_value(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float | Decimal):
        return str(value)
    return None  # bytes and the like are never recorded


def values_of(row: Model) -> dict[str, Any]:
    """The row's stored fields an audit record may keep (`policies.masking.audit_fields`):
    no secrets, no dispute's content."""
    values = {
        name: json_value(getattr(row, name, None))
        for name in row._meta.fields_db_projection
        if name not in NOISE
    }
    return audit_fields(type(row).__name__, values)


def key_of(row: Model) -> RowKey:
    return type(row).__name__, int(row.pk)


@dataclass
class Recorder:
    """One mutation's audit: made when the mutation's field starts, flushed in its transaction."""

    operation: str
    viewer: Viewer
    client_address: str
    request_id: str
    # Where the viewer's decision log stood when the mutation started.
    first_decision: int = 0
    # Whose action it is: the viewer, or the account a sign-in was for.
    user_id: int | None = None
    # Where it happened, when no decision on a node says so.
    node_path: str | None = None
    # Error codes recorded although the mutation fails with them (a wrong password).
    keep_failures: frozenset[str] = frozenset()
    flushed: bool = False
    rows: dict[RowKey, Model] = field(default_factory=dict)
    before_values: dict[RowKey, dict[str, Any]] = field(default_factory=dict)
    notes: list[tuple[str, Any]] = field(default_factory=list)

    def before(self, row: Model) -> None:
        """Remember `row` as it is now (as read, before the mutation changes it)."""
        key = key_of(row)
        self.rows.setdefault(key, row)
        self.before_values.setdefault(key, values_of(row))

    def touched(self, row: Model) -> None:
        """A row the mutation made (or changed without reading first): recorded as it is."""
        self.rows.setdefault(key_of(row), row)

    def discard(self) -> None:
        """Nothing was changed after all (a mutation that answers errors in its payload)."""
        self.flushed = True

    def note(self, name: str, value: Any) -> None:
        """A summary of a change too large to list row by row (an import's counts)."""
        self.notes.append((name, json_value(value)))
