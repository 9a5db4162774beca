"""Building blocks of the SQL conditions the policies return (no casbin here)."""

from collections.abc import Sequence
from typing import Any

from tortoise.expressions import Q

from models import PATH_SEPARATOR


def q(lookup: str, value: Any) -> Q:
    """`Q(<lookup>=value)` for a lookup spelt at run time (`f"{prefix}node_path__in"`)."""
    condition: dict[str, Any] = {lookup: value}
    return Q(**condition)


def any_of(parts: Sequence[Q]) -> Q:
    """Rows that any of `parts` matches; none at all when there are no parts."""
    if not parts:
        return Q(id=0)  # no id is 0: matches nothing
    return parts[0] if len(parts) == 1 else Q(*parts, join_type=Q.OR)


def prefixes_of(path: str) -> list[str]:
    """'/1/5/17/' -> ['/1/', '/1/5/', '/1/5/17/'], each ending at a separator (/1/3/ != /1/30/)."""
    return [path[: i + 1] for i, char in enumerate(path) if char == PATH_SEPARATOR and i > 0]
