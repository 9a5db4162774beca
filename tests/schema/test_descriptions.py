"""Every type, field, argument, input field and enum value of the served schema says what it
is (schema/descriptions/), and the SDL and introspection both show it."""

import re

import pytest
import strawberry
from graphql import get_introspection_query, graphql_sync

from models import GENDER_LABELS, RESIDENT_TAG_LABELS
from schema import schema
from schema.descriptions import CatalogueError, document, schema_items

ITEMS = schema_items(schema._schema)


def test_every_item_of_the_schema_is_described():
    missing = [key for key, item in ITEMS.items() if not (item.description or "").strip()]
    assert not missing, (
        f"{len(missing)} item(s) have no description; add them to schema/descriptions/: "
        + ", ".join(missing)
    )


def test_the_walk_covers_every_kind_of_item():
    keys = set(ITEMS)
    assert {
        "Case",
        "Case.title",
        "Query.cases",
        "Query.cases(first)",
        "CaseKind.DEMAND",
        "CreateOrgNodeInput.parentId",
        "Mutation.claimCase",
    } <= keys
    assert not any(key.startswith("__") or key in {"String", "ID", "Int"} for key in keys)


def test_descriptions_are_english_with_the_chinese_term_beside():
    # At least a few words of English in each: a Chinese term alone is not enough.
    not_english = [
        key for key, item in ITEMS.items() if not re.search(r"[A-Za-z]{2,}", item.description or "")
    ]
    assert not not_english, ", ".join(not_english)
    assert "独居老人" in (ITEMS["ResidentTag.ELDER_LIVING_ALONE"].description or "")
    assert "党员干部接单" in (ITEMS["Mutation.claimCase"].description or "")


def test_tag_and_gender_values_say_the_labels_models_hold():
    for tag, label in RESIDENT_TAG_LABELS.items():
        assert label in (ITEMS[f"ResidentTag.{tag.name}"].description or ""), tag
    for gender, label in GENDER_LABELS.items():
        assert label in (ITEMS[f"Gender.{gender.name}"].description or ""), gender


def test_the_sdl_and_introspection_show_the_catalogue():
    sdl = schema.as_str()
    assert (ITEMS["Query.cases"].description or "?") in sdl
    assert (ITEMS["ResidentTag.ELDER_LIVING_ALONE"].description or "?") in sdl

    result = graphql_sync(schema._schema, get_introspection_query(input_value_deprecation=True))
    assert result.errors is None
    assert result.data is not None
    types = {t["name"]: t for t in result.data["__schema"]["types"]}
    query_fields = {f["name"]: f for f in types["Query"]["fields"]}
    assert query_fields["cases"]["description"] == ITEMS["Query.cases"].description
    first = {a["name"]: a for a in query_fields["cases"]["args"]}["first"]
    assert "at most 100" in first["description"]
    assert "more is INVALID" in first["description"]
    tags = {v["name"]: v for v in types["ResidentTag"]["enumValues"]}
    assert "独居老人" in tags["ELDER_LIVING_ALONE"]["description"]
    inputs = {f["name"]: f for f in types["SubmitCaseInput"]["inputFields"]}
    assert inputs["nodeId"]["description"]


@strawberry.type
class Sample:
    described: int = strawberry.field(description="Said inline.")
    bare: int

    @strawberry.field
    def echo(self, word: str) -> str:
        return word


def sample_schema() -> strawberry.Schema:
    return strawberry.Schema(query=Sample)


def test_document_fills_only_what_the_catalogue_names():
    built = sample_schema()
    document(built, {"Sample.bare": "A number.", "Sample.echo(word)": "Said back."})
    items = schema_items(built._schema)
    assert items["Sample.bare"].description == "A number."
    assert items["Sample.echo(word)"].description == "Said back."
    assert items["Sample.described"].description == "Said inline."
    assert items["Sample.echo"].description is None


@pytest.mark.parametrize(
    ("catalogue", "problem"),
    [
        ({"Sample.gone": "Was here once."}, r"stale .*Sample\.gone"),
        ({"Sample.echo(nothing)": "No such argument."}, r"stale .*Sample\.echo\(nothing\)"),
        ({"Sample.described": "Said twice."}, r"duplicate .*Sample\.described"),
        ({"Sample.bare": "  "}, r"blank: Sample\.bare"),
    ],
)
def test_a_stale_duplicate_or_blank_key_stops_the_import(catalogue, problem):
    built = sample_schema()
    with pytest.raises(CatalogueError, match=problem):
        document(built, {**catalogue, "Sample.echo": "Fine on its own."})
    # Checked before anything is written: nothing changed.
    assert schema_items(built._schema)["Sample.echo"].description is None
