"""The one way free text from a client is cleaned: names and titles on one line, notes and
descriptions kept as written, never empty when required, never longer than their limit."""

from resolvers.errors import Invalid


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
    `multiline`); INVALID naming `field` when empty but `required`, or longer than `limit`."""
    cleaned = value.strip() if multiline else " ".join(value.split())
    if required and not cleaned:
        raise Invalid(f"{what} cannot be empty.", field=field)
    if len(cleaned) > limit:
        raise Invalid(f"{what} has at most {limit:,} characters.", field=field)
    return cleaned
