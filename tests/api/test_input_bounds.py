"""Out-of-range numbers, ids, cursors and oversized texts are INVALID (or 413 for a body too
large to read), never "Unexpected error.", and never reach SQL or the log whole (issue 8,
item 16: each example of the audit)."""

import base64
import logging
from typing import Any

import httpx
import pytest

from resolvers.people.residents import MAX_AGE
from resolvers.text import MAX_USERNAME
from schema.limits import MAX_TEXT
from tests.helpers import LOGIN, Api

RESIDENTS = """
query($filter: ResidentFilter, $after: String, $order: ResidentOrder! = ID) {
  residents(filter: $filter, after: $after, orderBy: $order, first: 5) { totalCount }
}
"""
EXPORT = "query($filter: ResidentFilter) { residentsCsv(filter: $filter) }"


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def only_error(body: dict[str, Any]) -> dict[str, Any]:
    """The one error of a response whose data (if any) is all null."""
    data = body.get("data")
    assert data is None or all(value is None for value in data.values()), body
    errors = body["errors"]
    assert len(errors) == 1, errors
    error: dict[str, Any] = errors[0]
    return error


@pytest.mark.parametrize(
    ("ages", "field"),
    [
        ({"minAge": -835, "maxAge": -2901706}, "minAge"),  # the audit's request
        ({"maxAge": -2901706}, "maxAge"),
        ({"minAge": 2_000_000_000}, "minAge"),
        ({"minAge": 30, "maxAge": MAX_AGE + 1}, "maxAge"),
    ],
)
@pytest.mark.parametrize("query", [RESIDENTS, EXPORT])
async def test_ages_outside_a_life_are_invalid(api: Api, demo, ages, field, query):
    error = only_error(await api.raw(query, {"filter": ages}, as_="community1"))
    assert error["extensions"] == {"code": "INVALID", "field": field}
    assert error["message"] == f"An age is a whole number from 0 to {MAX_AGE}."


async def test_ages_inside_the_range_still_filter(api: Api, demo):
    everyone = await api.gql(RESIDENTS, {"filter": {"minAge": 0, "maxAge": MAX_AGE}}, as_="admin")
    assert everyone["residents"]["totalCount"] > 0


@pytest.mark.parametrize(
    ("after", "order"),
    [(b64("offset:-5"), "NAME"), (b64(f"offset:{10**30}"), "NAME"), (b64("cursor:-1"), "ID")],
)
async def test_cursors_out_of_range_are_invalid(api: Api, demo, after, order):
    body = await api.raw(RESIDENTS, {"after": after, "order": order}, as_="community1")
    assert only_error(body)["extensions"] == {"code": "INVALID", "field": "after"}


async def test_a_huge_node_id_is_invalid(api: Api, demo):
    body = await api.raw(
        "query($id: ID!) { node(id: $id) { id } }", {"id": b64(f"OrgNode:{10**25}")}, as_="admin"
    )
    assert only_error(body)["extensions"] == {"code": "INVALID", "field": "id"}


async def test_a_long_search_is_invalid_and_a_3_mb_one_is_not_read(
    api: Api, demo, client: httpx.AsyncClient
):
    query = "query($s: String) { orgNodes(search: $s) { totalCount } }"
    long = await api.raw(query, {"s": "楼" * (MAX_TEXT + 1)}, as_="admin")
    assert only_error(long)["extensions"] == {"code": "INVALID"}
    token = await api.token("admin")
    huge = await client.post(
        "/graphql",
        json={"query": query, "variables": {"s": "楼" * 3_000_000}},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert huge.status_code == 413
    assert huge.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


@pytest.mark.parametrize("length", [MAX_USERNAME + 1, MAX_TEXT, MAX_TEXT + 1, 2_000_000])
async def test_an_oversized_username_is_refused_and_never_logged_whole(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture, length: int
):
    # given: everything logged, SQL with its parameters included
    caplog.set_level(logging.DEBUG)
    username = "a" * length
    # when
    response = await client.post(
        "/graphql",
        json={"query": LOGIN, "variables": {"username": username, "password": "whatever-it-is"}},
    )
    # then: refused as too long (by the login, the text limit, or the body limit) ...
    if length > 1_000_000:
        assert response.status_code == 413
    elif length > MAX_TEXT:
        assert only_error(response.json())["extensions"] == {"code": "INVALID"}
    else:
        login = response.json()["data"]["login"]
        assert login["token"] is None
        assert login["errors"] == [
            {
                "code": "INVALID",
                "field": "username",
                "message": f"A username has at most {MAX_USERNAME} characters.",
            }
        ]
    # ... and no log line holds more of it than a real username could
    assert not any("a" * (MAX_USERNAME + 1) in r.getMessage() for r in caplog.records)
    # (while a username of a real length does reach SQL, and the log at DEBUG level: the
    # capture above would have seen an oversized one)
    await client.post(
        "/graphql",
        json={"query": LOGIN, "variables": {"username": "b" * MAX_USERNAME, "password": "x" * 8}},
    )
    assert any("b" * MAX_USERNAME in r.getMessage() for r in caplog.records)
