"""What every type, field, argument and enum value of the served schema means, in English with
the domain's Chinese term: one catalogue, kept apart from the types so that it is written in
one place while the types change, and filled in by `document(schema)` once strawberry has built
the schema (schema/__init__.py).

Keys: `Case` (a type), `Case.title` (a field or input field; `Query.cases` a root field),
`Query.cases(first)` (an argument), `CaseKind.DEMAND` (an enum value). One source per item: a
key naming nothing is stale, a key for an item described inline is a duplicate, and either
stops the import (CatalogueError). tests/schema/test_descriptions.py names what is still
undescribed.
"""

from collections.abc import Mapping

import strawberry
from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLEnumValue,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    specified_scalar_types,
)

from schema.descriptions import (
    access,
    activities,
    alerts,
    audit,
    cases,
    evaluations,
    live,
    meetings,
    notices,
    org,
    party,
    people,
    points,
    public,
    redemption,
    shared,
    stats,
    topics,
)

Describable = (
    GraphQLNamedType | GraphQLField | GraphQLArgument | GraphQLInputField | GraphQLEnumValue
)


def _merged(*parts: Mapping[str, str]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for part in parts:
        twice = merged.keys() & part.keys()
        if twice:
            raise CatalogueError(f"described twice in the catalogue: {', '.join(sorted(twice))}")
        merged |= part
    return merged


class CatalogueError(Exception):
    """The catalogue disagrees with the schema: stale keys, or items described twice."""


def schema_items(graphql_schema: GraphQLSchema) -> dict[str, Describable]:
    """Every describable item of the schema by its catalogue key, in schema order (built-in
    scalars and introspection types left out)."""
    items: dict[str, Describable] = {}
    for name, type_ in graphql_schema.type_map.items():
        if name.startswith("__") or name in specified_scalar_types:
            continue
        items[name] = type_
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in type_.fields.items():
                items[f"{name}.{field_name}"] = field
                for arg_name, arg in field.args.items():
                    items[f"{name}.{field_name}({arg_name})"] = arg
        elif isinstance(type_, GraphQLInputObjectType):
            for field_name, input_field in type_.fields.items():
                items[f"{name}.{field_name}"] = input_field
        elif isinstance(type_, GraphQLEnumType):
            for value_name, value in type_.values.items():
                items[f"{name}.{value_name}"] = value
    return items


def document(schema: strawberry.Schema, catalogue: Mapping[str, str] | None = None) -> None:
    """Give each item of `schema` its catalogue description (the printer, `export-schema` and
    introspection all read these graphql-core objects). Checks the whole catalogue before
    changing anything."""
    catalogue = DESCRIPTIONS if catalogue is None else catalogue
    items = schema_items(schema._schema)
    stale = sorted(key for key in catalogue if key not in items)
    duplicate = sorted(key for key in catalogue if key in items and items[key].description)
    blank = sorted(key for key, text in catalogue.items() if not text.strip())
    problems = [
        f"{what}: {', '.join(keys)}"
        for what, keys in (
            ("stale (no such item in the schema)", stale),
            ("duplicate (already described inline; keep one)", duplicate),
            ("blank", blank),
        )
        if keys
    ]
    if problems:
        raise CatalogueError("schema/descriptions: " + "; ".join(problems))
    for key, text in catalogue.items():
        items[key].description = text


DESCRIPTIONS: dict[str, str] = _merged(
    shared.DESCRIPTIONS,
    org.DESCRIPTIONS,
    people.DESCRIPTIONS,
    party.DESCRIPTIONS,
    cases.DESCRIPTIONS,
    audit.DESCRIPTIONS,
    activities.DESCRIPTIONS,
    evaluations.DESCRIPTIONS,
    redemption.DESCRIPTIONS,
    points.DESCRIPTIONS,
    # Topics (议题, issue 13)
    topics.DESCRIPTIONS,
    # notices and the public building page (issue 13)
    notices.DESCRIPTIONS,
    public.DESCRIPTIONS,
    meetings.DESCRIPTIONS,
    # elder care: devices and alerts (issue 14)
    alerts.DESCRIPTIONS,
    # live consoles (issue 14)
    live.DESCRIPTIONS,
    # figures (issue 14)
    stats.DESCRIPTIONS,
    # access review (issue 15)
    access.DESCRIPTIONS,
)
