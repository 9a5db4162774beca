"""Each root field has one resolver function of the same name: `submitCase` <->
`resolvers.cases.submitting.submit_case`, so the code behind a field is found by its name."""

import ast
from pathlib import Path

import pytest

SCHEMA = Path(__file__).resolve().parents[2] / "schema"
# Fields answered without a resolver function of their own (and why).
NO_RESOLVER = {
    "node": "decodes the id and asks the getter of that type (schema/node.py)",
    "me": "the signed-in user is already on the context",
}


def root_fields() -> list[tuple[str, str, list[str]]]:
    """(module, field, the resolvers.* functions its body calls or hands on) for every root
    field (a step of the case workflow is handed to the helper that calls it; a field declared
    as `name = list_field(resolvers..., ...)` hands its resolver to the factory)."""
    found = []
    for path in sorted(SCHEMA.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in tree.body:
            if not isinstance(cls, ast.ClassDef) or not cls.name.endswith(("Query", "Mutation")):
                continue
            for item in cls.body:
                if isinstance(item, ast.AsyncFunctionDef | ast.FunctionDef):
                    name = item.name
                elif (
                    isinstance(item, ast.Assign)
                    and len(item.targets) == 1
                    and isinstance(item.targets[0], ast.Name)
                    and isinstance(item.value, ast.Call)
                ):
                    name = item.targets[0].id
                else:
                    continue
                calls = [
                    ast.unparse(node)
                    for node in ast.walk(item)
                    if isinstance(node, ast.Attribute)
                    and ast.unparse(node).startswith("resolvers.")
                ]
                found.append((str(path.relative_to(SCHEMA.parent)), name, calls))
    return found


ALL_FIELDS = root_fields()
FIELDS = [entry for entry in ALL_FIELDS if entry[1] not in NO_RESOLVER]


def test_the_walk_finds_the_root_fields():
    names = {field for _, field, _ in ALL_FIELDS}
    assert {"submit_case", "cases", "residents", "archive_org_node", "login"} <= names
    assert set(NO_RESOLVER) <= names
    assert len(names) == len(ALL_FIELDS), "a root field is defined twice"


@pytest.mark.parametrize(("module", "field", "calls"), FIELDS, ids=[f[1] for f in FIELDS])
def test_a_root_field_calls_the_resolver_of_its_name(module, field, calls):
    assert any(call.rsplit(".", 1)[1] == field for call in calls), (
        f"{module}: {field} calls {calls}; name its resolver `{field}`"
    )
