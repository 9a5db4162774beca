"""The README's example operations are valid against the served schema, and graphql-codegen
(`typescript` + `typescript-operations`, codegen/) types them with no `unknown` scalar once the
scalar map in codegen/codegen.yml is given."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from graphql import GraphQLScalarType, parse, specified_scalar_types, validate

from schema import schema

ROOT = Path(__file__).resolve().parents[2]
CODEGEN = ROOT / "codegen"
# As codegen/extract-operations.mjs reads them.
BLOCK = re.compile(r"^```graphql\n(.*?)^```", re.S | re.M)
CUSTOM_SCALARS = sorted(
    name
    for name, type_ in schema._schema.type_map.items()
    if isinstance(type_, GraphQLScalarType) and name not in specified_scalar_types
)


def readme_blocks() -> list[str]:
    return BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))


def operation_names() -> list[str]:
    names = []
    for block in readme_blocks():
        for definition in parse(block).definitions:
            name = getattr(definition, "name", None)
            assert name is not None, (
                f"name every README operation (codegen types it by name):\n{block}"
            )
            names.append(f"{name.value}{definition.operation.value.title()}")  # type: ignore[attr-defined]
    return names


def test_the_readme_operations_are_valid_against_the_served_schema():
    blocks = readme_blocks()
    assert len(blocks) >= 5
    for block in blocks:
        errors = validate(schema._schema, parse(block))
        assert not errors, f"{[e.message for e in errors]} in:\n{block}"
    names = operation_names()
    assert len(names) == len(set(names)), "README operation names must be unique"


def test_the_scalar_map_covers_every_custom_scalar_and_the_readme_says_it():
    config = (CODEGEN / "codegen.yml").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert CUSTOM_SCALARS == ["Date", "DateTime", "Upload"]
    for name in CUSTOM_SCALARS:
        assert re.search(rf"^\s+{name}: \S+", config, re.M), f"codegen.yml maps no {name}"
        assert re.search(rf"^\| `{name}` \| `\S+` \|", readme, re.M), f"README maps no {name}"


def _install() -> None:
    """`npm ci` into codegen/node_modules, unless it already holds what the lock file says."""
    installed = CODEGEN / "node_modules" / ".package-lock.json"
    lock = CODEGEN / "package-lock.json"
    if installed.exists() and installed.stat().st_mtime >= lock.stat().st_mtime:
        return
    _npm("ci", "--no-audit", "--no-fund", timeout=600)


def _npm(*args: str, timeout: float) -> None:
    """npm in codegen/, which must succeed (its output is the failure's message)."""
    result = subprocess.run(
        ["npm", *args],
        cwd=CODEGEN,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed")
def test_graphql_codegen_types_the_readme_operations_without_unknown():
    # given
    _install()
    # when
    _npm("run", "--silent", "codegen", timeout=300)
    # then
    generated = (CODEGEN / "generated" / "operations.ts").read_text(encoding="utf-8")
    for name in CUSTOM_SCALARS:
        assert re.search(rf"^  {name}: \{{ input: \w+; output: \w+; \}}", generated, re.M), name
    # Descriptions become comments, and the plugin's own `Exact` helper constrains with
    # `unknown`: neither is a type the client gets.
    code = re.sub(r"/\*\*.*?\*/", "", generated, flags=re.S)
    code = code.replace("type Exact<T extends { [key: string]: unknown }>", "type Exact<T>")
    assert not re.findall(r".*\bunknown\b.*", code)
    for name in operation_names():
        assert f"export type {name} = " in generated, name
        assert f"export type {name}Variables = " in generated, name
