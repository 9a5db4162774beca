"""Texts no database column can hold, in any argument of a read or in a cursor: INVALID,
never "Unexpected error." (an outside review found each answered as an internal failure).
Mutations refuse them in their payload, naming the field (tests/api/test_free_text.py).

- an unpaired UTF-16 surrogate (JSON allows `"\\ud800"`; no UTF-8 encoder writes it, so SQLite
  and asyncpg both fail on it),
- U+0000 (PostgreSQL text cannot hold it),
- a value longer than the column it is compared with for equality (tortoise validates the length
  of an exact filter value and raises).
"""

import base64
import json
from typing import Any

import pytest

from tests.helpers import Api

SURROGATE = "a\ud800b"
NUL = "a\u0000b"

LISTS = [
    "cases(filter: {search: $s}, first: 1) { totalCount }",
    "cases(filter: {category: $s}, first: 1) { totalCount }",
    "residents(filter: {search: $s}, first: 1) { totalCount }",
    "households(filter: {search: $s}, first: 1) { totalCount }",
    "orgNodes(filter: {search: $s}, first: 1) { totalCount }",
    "users(filter: {search: $s}, first: 1) { totalCount }",
    "volunteerTeams(filter: {search: $s}, first: 1) { totalCount }",
    "auditLog(filter: {operation: $s}, first: 1) { totalCount }",
    "auditLogCsv(filter: {operation: $s})",
]


async def post_raw(api: Api, body: str, as_: str) -> dict[str, Any]:
    """A request body written by hand: json.dumps would not write a lone surrogate as such."""
    token = await api.token(as_)
    response = await api.client.post(
        "/graphql",
        content=body.encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def codes(body: dict[str, Any]) -> list[str | None]:
    return [error.get("extensions", {}).get("code") for error in body.get("errors", [])]


@pytest.mark.parametrize("field", LISTS)
@pytest.mark.parametrize("text", [SURROGATE, NUL], ids=["surrogate", "nul"])
async def test_a_text_no_column_holds_is_invalid_in_every_filter(
    api: Api, demo, field: str, text: str
) -> None:
    # given: a filter text with an unpaired surrogate or U+0000 (escaped by hand in the JSON)
    escaped = text.replace("\ud800", "\\ud800").replace("\u0000", "\\u0000")
    body = json.dumps({"query": f"query($s: String) {{ {field} }}"})[:-1]
    body += f', "variables": {{"s": "{escaped}"}}}}'
    # when
    answer = await post_raw(api, body, "admin")
    # then
    assert codes(answer) == ["INVALID"], answer


async def test_such_a_text_written_in_the_document_is_invalid_too(api: Api, demo) -> None:
    # given: the same texts as literals of the document
    for literal in ["a\\u0000b", "a\\ud800b"]:
        query = f'{{ users(filter: {{search: "{literal}"}}, first: 1) {{ totalCount }} }}'
        # when
        answer = await api.raw(query, as_="admin")
        # then: refused (graphql-core may refuse the surrogate escape itself), never masked
        assert answer.get("errors"), answer
        assert all(e["message"] != "Unexpected error." for e in answer["errors"]), answer


@pytest.mark.parametrize(
    ("field", "tag"),
    [
        ("users(orderBy: USERNAME, after: $c, first: 1) { totalCount }", "User.USERNAME"),
        ("orgNodes(orderBy: NAME, after: $c, first: 1) { totalCount }", "OrgNode.NAME"),
        ("residents(orderBy: NAME, after: $c, first: 1) { totalCount }", "Resident.NAME"),
    ],
)
@pytest.mark.parametrize("text", ["a\\u0000b", "a\\ud800b"], ids=["nul", "surrogate"])
async def test_a_cursor_with_such_a_text_key_is_not_a_cursor(
    api: Api, demo, field: str, tag: str, text: str
) -> None:
    # given: a forged keyset cursor whose text key holds U+0000 or a lone surrogate
    cursor = base64.b64encode(f'["{tag}","{text}",1]'.encode()).decode()
    # when
    answer = await api.raw(f"query($c: String) {{ {field} }}", {"c": cursor}, as_="admin")
    # then
    assert codes(answer) == ["INVALID"], answer
    assert answer["errors"][0]["extensions"]["field"] == "after"


async def test_an_exact_filter_longer_than_its_column_matches_nothing(api: Api, demo) -> None:
    # given: a category longer than cases.category (40) and an operation longer than
    # audit_record.operation (64)
    long = "x" * 500
    # when
    data = await api.gql(
        """query($s: String) {
          cases(filter: {category: $s}, orderBy: CREATED_DESC, first: 1) { totalCount }
          auditLog(filter: {operation: $s}, first: 1) { totalCount edges { node { id } } }
          auditLogCsv(filter: {operation: $s})
        }""",
        {"s": long},
        as_="admin",
    )
    # then: nothing has such a value
    assert data["cases"]["totalCount"] == 0
    assert data["auditLog"]["totalCount"] == 0
    assert data["auditLogCsv"].count("\n") == 1  # the header alone
