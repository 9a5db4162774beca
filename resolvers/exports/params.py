"""Query parameters of a download, read strictly: a parameter given twice, one nobody reads
(`nodeid` for `nodeId` would otherwise export the whole scope) or a malformed value is INVALID
with the parameter as its field, before anything is read from the database."""

import re
import unicodedata
from collections.abc import Iterable
from enum import Enum
from typing import TypeVar

from resolvers.errors import Invalid
from resolvers.exports.tabular import Lang
from resolvers.ids import decode_id_of

E = TypeVar("E", bound=Enum)

MAX_TEXT = 200
# ASCII digits only (int() also takes "٣", " 3", "3_0"), short enough never to overflow.
INTEGER = re.compile(r"-?[0-9]{1,9}")
BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def _shown(name: str) -> str:
    return name[:40]


class Params:
    def __init__(self, items: Iterable[tuple[str, str]]) -> None:
        self._values: dict[str, str] = {}
        for key, value in items:
            if key in self._values:
                raise Invalid("export.param_twice", field=_shown(key), name=_shown(key))
            self._values[key] = value
        self._read: set[str] = set()

    def _get(self, name: str) -> str | None:
        self._read.add(name)
        value = self._values.get(name)
        return value if value else None  # `?tag=` means no tag, as an absent parameter

    def text(self, name: str, limit: int = MAX_TEXT) -> str | None:
        value = self._get(name)
        if value is None:
            return None
        if len(value) > limit:
            raise Invalid("export.too_long", field=name, name=name, limit=limit)
        # NUL is refused by PostgreSQL (a 500 otherwise); no other control character is text.
        if any(unicodedata.category(c) in ("Cc", "Cs") for c in value):
            raise Invalid("export.control_character", field=name, name=name)
        return value

    def integer(self, name: str) -> int | None:
        value = self._get(name)
        if value is None:
            return None
        if not INTEGER.fullmatch(value):
            raise Invalid("export.whole_number", field=name, name=name)
        return int(value)

    def boolean(self, name: str) -> bool | None:
        value = self._get(name)
        if value is None:
            return None
        if value.lower() not in BOOLEANS:
            raise Invalid("export.boolean", field=name, name=name)
        return BOOLEANS[value.lower()]

    def choice(self, name: str, enum: type[E]) -> E | None:
        value = self._get(name)
        if value is None:
            return None
        for member in enum:
            if member.value == value:
                return member
        allowed = ", ".join(str(member.value) for member in enum)
        raise Invalid("export.one_of", field=name, name=name, allowed=allowed)

    def lang(self) -> Lang:
        """`lang`: Chinese unless `en`."""
        return self.choice("lang", Lang) or Lang.ZH

    def global_id(self, name: str, type_name: str) -> int | None:
        value = self.text(name)
        return None if value is None else decode_id_of(value, type_name, field=name)

    def done(self) -> None:
        """Refuse parameters nobody read."""
        unknown = sorted(set(self._values) - self._read)
        if unknown:
            raise Invalid(
                "export.unknown_parameter", field=_shown(unknown[0]), name=_shown(unknown[0])
            )
