"""The one way free text from a client is cleaned: names and titles on one line, notes and
descriptions kept as written, never empty when required, never longer than their limit, never
holding control, format or bidi-override characters; and the one way usernames are spelled."""

import re
import unicodedata

from tortoise.models import Model

from resolvers.errors import Invalid
from resolvers.messages import Noun

# Control (Cc), format (Cf: bidi overrides U+202A-U+202E and isolates U+2066-U+2069, zero
# widths, soft hyphens) and surrogate (Cs) characters hide or reorder what a reader sees, ring
# terminals (BEL) or break storage (NUL, lone surrogates). Multi-line text keeps its line
# breaks and tabs, and the zero-width joiner that emoji sequences are made of.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
KEPT_IN_MULTILINE = frozenset({"\n", "\t", "\u200d"})

# What no database column holds: U+0000 (PostgreSQL text) and unpaired surrogates (no UTF-8).
UNSTORABLE = re.compile("[\u0000\ud800-\udfff]")

MIN_USERNAME = 2
MAX_USERNAME = 64
USERNAME = re.compile(rf"[a-z0-9][a-z0-9_.-]{{{MIN_USERNAME - 1},{MAX_USERNAME - 1}}}")


def storable(value: str) -> bool:
    """Can `value` be sent to the database at all (compared, searched for, stored)?"""
    return UNSTORABLE.search(value) is None


def column_holds(model: type[Model], field: str, value: str) -> bool:
    """Is `value` no longer than the column `field` of `model`? A longer one names no row, and
    tortoise refuses to compare it (a filter on it would fail, not match nothing)."""
    limit = getattr(model._meta.fields_map[field], "max_length", None)
    return limit is None or len(value) <= int(limit)


def clean_text(
    value: str,
    field: str,
    *,
    limit: int,
    what: str = "A text",
    required: bool = True,
    multiline: bool = False,
) -> str:
    """`value` with outer white space removed (and inner runs folded to one space unless
    `multiline`); INVALID naming `field` when empty but `required`, longer than `limit`, or
    holding a control or format character (line breaks and tabs only in `multiline` text)."""
    if multiline:
        cleaned = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    else:
        cleaned = " ".join(value.split())
    allowed = KEPT_IN_MULTILINE if multiline else frozenset()
    if any(
        unicodedata.category(char) in REFUSED_CATEGORIES and char not in allowed for char in cleaned
    ):
        raise Invalid("text.control_character", field=field, what=Noun(what))
    if required and not cleaned:
        raise Invalid("text.empty", field=field, what=Noun(what))
    if len(cleaned) > limit:
        raise Invalid("text.too_long", field=field, what=Noun(what), limit=limit)
    return cleaned


def normal_username(value: str) -> str | None:
    """The one spelling of a username (NFKC, case-folded, outer space removed): `Admin` and a
    full-width `ADMIN` are `admin`; None when it is not made of a-z, 0-9, `_`, `.` and `-`
    (so a Cyrillic a never passes for a Latin one)."""
    if len(value) > 4 * MAX_USERNAME:  # NFKC may lengthen; anything this long is wrong anyway
        return None
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())
    folded = folded.strip()
    return folded if USERNAME.fullmatch(folded) else None


def clean_username(value: str, field: str = "username") -> str:
    """`normal_username`, or INVALID naming `field`."""
    username = normal_username(value)
    if username is None:
        raise Invalid("text.username_shape", field=field, min=MIN_USERNAME, max=MAX_USERNAME)
    return username
