"""Client mistakes: numbers past what the database holds answer INVALID (never "Unexpected
error."), and expected errors are logged in one line, unexpected ones with a traceback (issue 10).
"""

import base64
import logging

import pytest

import models
import resolvers.org
from resolvers.ids import MAX_PK
from tests.helpers import Api, first_node_of, gid, node_named


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


TOO_BIG = MAX_PK + 1
HUGE = 10**30


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("{ residents(filter: {minAge: 2147483647}) { totalCount } }", "minAge"),
        ("{ residents(filter: {maxAge: -2147483648}) { totalCount } }", "maxAge"),
        (f'{{ node(id: "{b64(f"OrgNode:{TOO_BIG}")}") {{ id }} }}', "id"),
        (f'{{ node(id: "{b64(f"Resident:{HUGE}")}") {{ id }} }}', "id"),
        (f'{{ node(id: "{b64("Case:-1")}") {{ id }} }}', "id"),
        (f'{{ orgNodes(parentId: "{b64(f"OrgNode:{TOO_BIG}")}") {{ totalCount }} }}', None),
        (f'{{ orgNodes(first: 5, after: "{b64(f"cursor:{HUGE}")}") {{ totalCount }} }}', "after"),
        (f'{{ cases(first: 5, after: "{b64(f"offset:{HUGE}")}") {{ totalCount }} }}', "after"),
        ("{ orgNodes(first: -1) { totalCount } }", "first"),
        ("{ mobilePartyMembers(notContactedWithinDays: 2147483647) { totalCount } }", None),
        ("{ mobilePartyMembers(notContactedWithinDays: -5) { totalCount } }", None),
    ],
)
async def test_numbers_past_the_database_answer_invalid(
    api: Api, demo, query: str, field: str | None
):
    # when
    body = await api.raw(query, as_="admin")
    # then
    [error] = body["errors"]
    assert error["extensions"]["code"] == "INVALID", body
    assert error["message"] != "Unexpected error."
    if field:
        assert error["extensions"]["field"] == field


@pytest.mark.parametrize(
    ("mutation", "payload"),
    [
        (f'mutation {{ renameOrgNode(id: "{b64(f"OrgNode:{TOO_BIG}")}", name: "x") '
         "{ errors { code } } }", "renameOrgNode"),
        (f'mutation {{ rateCase(id: "{b64("Case:1")}", rating: 2147483647) '
         "{ errors { code } } }", "rateCase"),
        (f'mutation {{ setDutyPointRule(communityId: "{b64("OrgNode:2")}", kind: DEMAND, '
         "points: 2147483647) { errors { code } } }", "setDutyPointRule"),
        (f'mutation {{ setCaseDeadline(communityId: "{b64("OrgNode:2")}", kind: DEMAND, '
         "acceptHours: 2147483647, resolveHours: -2147483648) { errors { code } } }",
         "setCaseDeadline"),
    ],
)  # fmt: skip
async def test_mutation_numbers_past_the_database_answer_invalid(
    api: Api, demo, mutation: str, payload: str
):
    body = await api.raw(mutation, as_="admin")
    assert "errors" not in body, body
    codes = [e["code"] for e in body["data"][payload]["errors"]]
    assert codes, body
    assert set(codes) <= {"INVALID", "NOT_FOUND", "FORBIDDEN"}, body


async def test_an_int_past_32_bits_is_refused_by_graphql_itself(api: Api, demo):
    body = await api.raw("{ residents(filter: {minAge: 2147483648}) { totalCount } }", as_="admin")
    assert "Int cannot represent" in body["errors"][0]["message"]


def graphql_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "strawberry.execution"]


@pytest.mark.parametrize(
    ("query", "as_", "code"),
    [
        ("{ orgNodes(first: 1) { totalCount } }", None, "UNAUTHENTICATED"),
        ('{ orgNodes(first: 1, after: "bm9wZQ==") { totalCount } }', "admin", "INVALID"),
        ("{ orgNodes(first: -1) { totalCount } }", "admin", "INVALID"),
        ("{ orgNodes(first: 1) { nope } }", "admin", "GRAPHQL_VALIDATION_FAILED"),
        ("{ " + " ".join(f"a{n}: __typename" for n in range(150)) + " }", None, "QUERY_TOO_COSTLY"),
    ],
)
async def test_expected_errors_are_logged_in_one_info_line(
    api: Api, demo, caplog: pytest.LogCaptureFixture, query: str, as_: str | None, code: str
):
    # given
    await api.token(as_) if as_ else None
    caplog.set_level(logging.INFO, logger="strawberry.execution")
    caplog.clear()
    # when
    body = await api.raw(query, as_=as_)
    # then
    assert body["errors"]
    [record] = graphql_records(caplog)
    assert record.levelno == logging.INFO
    assert record.exc_info is None
    text = record.getMessage()
    assert "\n" not in text
    assert text.startswith(code), text


async def test_an_unexpected_error_is_logged_with_its_traceback_and_masked(
    api: Api, demo, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
):
    # given: the tree's resolver breaks
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(resolvers.org, "org_nodes", broken)
    await api.token("admin")
    caplog.set_level(logging.INFO, logger="strawberry.execution")
    caplog.clear()
    # when
    body = await api.raw("{ orgNodes(first: 1) { totalCount } }", as_="admin")
    # then: masked for the client, logged whole for the operator
    assert body["errors"][0]["message"] == "Unexpected error."
    [record] = graphql_records(caplog)
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None
    assert "the disk is on fire" in caplog.text


async def test_a_grid_cannot_move_under_a_street_in_one_log_line(
    api: Api, demo, caplog: pytest.LogCaptureFixture
):
    # payload errors are answers, not failures: nothing is logged for them
    street = await node_named(models.OrgLevel.STREET, 0)
    grid = await first_node_of(models.OrgLevel.GRID, street)
    caplog.set_level(logging.INFO, logger="strawberry.execution")
    move = """mutation($id: ID!, $to: ID!) { moveOrgNode(id: $id, newParentId: $to)
      { errors { code } } }"""
    data = await api.gql(move, {"id": gid(grid), "to": gid(street)}, as_="street1")
    assert data["moveOrgNode"]["errors"] == [{"code": "INVALID"}]
    assert graphql_records(caplog) == []
