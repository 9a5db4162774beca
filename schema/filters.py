"""The rule for lists that keep loose filtering arguments beside their `filter:` input."""

from resolvers.errors import Invalid

LOOSE_RULE = (
    "Give either `filter` or the loose arguments (kept for compatibility): a loose argument "
    "other than its default beside `filter` is INVALID."
)


def one_spelling(filter: object | None, loose: dict[str, tuple[object, object]]) -> None:
    """With `filter` given, every loose argument (GraphQL name -> (value, default)) must keep
    its default; `filter` then decides alone."""
    if filter is None:
        return
    for name, (value, default) in loose.items():
        if value != default:
            raise Invalid("filter.loose_beside", field=name, name=name)
