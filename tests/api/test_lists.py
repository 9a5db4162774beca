"""Every list pages by keyset cursors: a row inserted before the cursor shifts no page, `last`/
`before` walk back over exactly the rows `first`/`after` walked, and a window is checked."""

import base64
import json
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import pytest

import models
from tests.helpers import Api, gid, node_named, walk

PAGE_INFO = "totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
WINDOW = "first: $first, after: $after, last: $last, before: $before"
ARGS = "$first: Int, $after: String, $last: Int, $before: String"


def list_query(field: str, order_type: str, node_fields: str = "id") -> str:
    return f"""
query({ARGS}, $order: {order_type}!) {{
  {field}({WINDOW}, orderBy: $order) {{
    {PAGE_INFO} edges {{ cursor node {{ {node_fields} }} }}
  }}
}}"""


CASES = list_query("cases", "CaseOrder", "id createdAt updatedAt dueAt")
RESIDENTS = list_query("residents", "ResidentOrder", "id name household { number building { id } }")
# (field, order type, orders, viewer): every list, walked in every order.
LISTS = [
    ("cases", "CaseOrder", ["CREATED_DESC", "CREATED_ASC", "DUE_ASC", "UPDATED_DESC", "ID"],
     "community1"),
    ("residents", "ResidentOrder", ["ID", "NAME", "BUILDING", "CREATED_ASC", "CREATED_DESC"],
     "grid1"),
    ("orgNodes", "OrgNodeOrder", ["ID", "NAME", "CREATED_ASC", "CREATED_DESC"], "street1"),
    ("households", "HouseholdOrder", ["ID", "NUMBER", "BUILDING", "CREATED_DESC"], "grid1"),
    ("users", "UserOrder", ["ID", "USERNAME", "NAME", "CREATED_DESC"], "admin"),
    ("volunteerTeams", "VolunteerTeamOrder", ["ID", "NAME", "CREATED_DESC"], "admin"),
    ("mobilePartyMembers", "MobilePartyMemberOrder", ["ID", "NAME", "CREATED_DESC"], "street1"),
]  # fmt: skip
WALKS = [(field, kind, order, viewer) for field, kind, orders, viewer in LISTS for order in orders]


def only_error(body: dict[str, Any]) -> dict[str, Any]:
    assert body.get("data") is None or all(v is None for v in body["data"].values()), body
    assert len(body["errors"]) == 1, body["errors"]
    error: dict[str, Any] = body["errors"][0]
    return error


@pytest.mark.parametrize(("field", "order_type", "order", "viewer"), WALKS)
async def test_forward_and_backward_walks_meet_every_row_once(
    api: Api, demo, field, order_type, order, viewer
):
    # given
    query = list_query(field, order_type)
    variables = {"order": order}
    if field == "mobilePartyMembers":
        query = query.replace("orderBy: $order", "orderBy: $order, notContactedWithinDays: null")
    # when
    size = 2 if field == "volunteerTeams" else 7  # the demo has a team per community

    async def page(**window: Any) -> dict[str, Any]:
        result: dict[str, Any] = (await api.gql(query, {**variables, **window}, as_=viewer))[field]
        return result

    forward = await walk(page, size=size)
    backward = await walk(page, size=size - 1, backward=True)
    # then
    assert len(forward) > size, "more than one page"
    assert len(set(forward)) == len(forward)
    assert backward == forward


def sort_key(order: str, node: dict[str, Any]) -> Any:
    if order == "DUE_ASC":  # a case without a deadline comes last
        return (node["dueAt"] is None, node["dueAt"] or "")
    return {"CREATED_DESC": node["createdAt"], "CREATED_ASC": node["createdAt"],
            "UPDATED_DESC": node["updatedAt"]}[order]  # fmt: skip


async def clone_case(case_id: str, **values: Any) -> None:
    """A copy of a case the viewer reads, written with the given sort keys."""
    from resolvers.ids import decode_global_id

    row = await models.Case.get(id=decode_global_id(case_id)[1])
    row.pk = None
    row.idempotency_key = None
    row.qr_building_id = None
    await row.save(force_create=True)
    await models.Case.filter(id=row.pk).update(**values)


NOW = datetime.now(UTC)
EARLY = datetime(2001, 1, 1, tzinfo=UTC)
BEFORE_THE_CURSOR = {
    "CREATED_DESC": {"created_at": NOW + timedelta(hours=1)},
    "CREATED_ASC": {"created_at": EARLY},
    "DUE_ASC": {"due_at": EARLY},
    "UPDATED_DESC": {"updated_at": NOW + timedelta(hours=1)},
}


@pytest.mark.parametrize("order", list(BEFORE_THE_CURSOR))
async def test_a_case_inserted_before_the_cursor_skips_or_repeats_no_row(api: Api, demo, order):
    # given: page 1, and the first ten rows as they were
    as_ = "community1"
    expected = (await api.gql(CASES, {"order": order, "first": 10}, as_=as_))["cases"]["edges"]
    page1 = (await api.gql(CASES, {"order": order, "first": 5}, as_=as_))["cases"]
    # when: a case that sorts before the cursor arrives, then page 2 is fetched
    await clone_case(page1["edges"][-1]["node"]["id"], **BEFORE_THE_CURSOR[order])
    now_first = (await api.gql(CASES, {"order": order, "first": 1}, as_=as_))["cases"]["edges"]
    assert now_first[0]["node"]["id"] not in {edge["node"]["id"] for edge in expected}
    after = page1["pageInfo"]["endCursor"]
    page2 = (await api.gql(CASES, {"order": order, "first": 5, "after": after}, as_=as_))["cases"]
    # then
    walked = [edge["node"]["id"] for edge in page1["edges"] + page2["edges"]]
    assert walked == [edge["node"]["id"] for edge in expected]


@pytest.mark.parametrize("order", ["CREATED_DESC", "CREATED_ASC", "DUE_ASC", "UPDATED_DESC"])
async def test_every_case_order_sorts_as_it_says_nulls_last(api: Api, demo, order):
    nodes = []
    after = None
    for _ in range(20):
        page = await api.gql(
            CASES, {"order": order, "first": 100, "after": after}, as_="community1"
        )
        nodes += [edge["node"] for edge in page["cases"]["edges"]]
        after = page["cases"]["pageInfo"]["endCursor"]
        if not page["cases"]["pageInfo"]["hasNextPage"]:
            break
    keys = [sort_key(order, node) for node in nodes]
    assert keys == sorted(keys, reverse=order.endswith("_DESC"))
    if order == "DUE_ASC":
        assert any(node["dueAt"] is None for node in nodes), "the demo has cases without deadline"


async def resident_before(order: str, page1: list[dict[str, Any]]) -> None:
    """A resident that sorts inside page 1 (so before its end cursor): the same name as its first
    row (a larger id), or a member of its first row's household."""
    from resolvers.ids import decode_global_id

    first = await models.Resident.get(id=decode_global_id(page1[0]["node"]["id"])[1])
    last = page1[-1]["node"]
    if order == "NAME":
        assert first.name < last["name"], "page 1 holds more than one name"
    else:
        assert page1[0]["node"]["household"] != last["household"], "more than one household"
    await models.Resident.create(household_id=first.household_id, name=first.name)


@pytest.mark.parametrize("order", ["NAME", "BUILDING"])
async def test_a_resident_inserted_before_the_cursor_skips_or_repeats_no_row(api: Api, demo, order):
    # given
    as_ = "community1"
    expected = (await api.gql(RESIDENTS, {"order": order, "first": 12}, as_=as_))["residents"]
    page1 = (await api.gql(RESIDENTS, {"order": order, "first": 6}, as_=as_))["residents"]
    # when
    await resident_before(order, page1["edges"])
    after = page1["pageInfo"]["endCursor"]
    page2 = await api.gql(RESIDENTS, {"order": order, "first": 6, "after": after}, as_=as_)
    again = (await api.gql(RESIDENTS, {"order": order, "first": 12}, as_=as_))["residents"]
    # then
    walked = [edge["node"]["id"] for edge in page1["edges"] + page2["residents"]["edges"]]
    assert walked == [edge["node"]["id"] for edge in expected["edges"]]
    assert again["totalCount"] == expected["totalCount"] + 1, "the new resident is in the list"


def b64(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    ("variables", "field", "message"),
    [
        ({"first": 101}, "first", "`first` is at most 100 rows per page."),
        ({"last": 101}, "last", "`last` is at most 100 rows per page."),
        ({"last": 2_000_000_000}, "last", "`last` is at most 100 rows per page."),
        ({"first": -1}, "first", "`first` cannot be negative."),
        ({"last": -1}, "last", "`last` cannot be negative."),
        ({"first": 5, "last": 5}, "last", "Give `first` or `last`, not both."),
        ({"after": b64(["Case.CREATED_ASC", "2026-01-01T00:00:00+00:00", 5])}, "after",
         "Not a valid cursor."),  # another order's
        ({"before": b64(["Resident.ID", 5])}, "before", "Not a valid cursor."),  # another list's
        ({"after": b64("offset:20")}, "after", "Not a valid cursor."),  # the earlier offsets
        ({"after": b64(["Case.CREATED_DESC", "0001-01-01T00:00:00+08:00", 1])}, "after",
         "Not a valid cursor."),
        ({"after": b64(["Case.CREATED_DESC", "2026-01-01T00:00:00+00:00", 2**31])}, "after",
         "Not a valid cursor."),
        ({"after": "x" * 5000}, "after", "Not a valid cursor."),
    ],
)  # fmt: skip
async def test_a_bad_window_is_invalid(api: Api, demo, variables, field, message):
    body = await api.raw(CASES, {"order": "CREATED_DESC", **variables}, as_="community1")
    error = only_error(body)
    assert error["extensions"] == {"code": "INVALID", "field": field}
    assert error["message"] == message


async def test_the_cap_is_stated_in_the_argument(api: Api, demo):
    from schema import schema

    query_type = schema._schema.query_type
    assert query_type is not None
    argument = query_type.fields["cases"].args["first"]
    assert "at most 100" in argument.description
    assert "INVALID" in argument.description


async def test_after_and_before_together_give_the_rows_between(api: Api, demo):
    everything = await api.gql(CASES, {"order": "DUE_ASC", "first": 10}, as_="community1")
    edges = everything["cases"]["edges"]
    between = await api.gql(
        CASES,
        {"order": "DUE_ASC", "first": 100, "after": edges[2]["cursor"],
         "before": edges[7]["cursor"]},
        as_="community1",
    )  # fmt: skip
    assert [e["node"]["id"] for e in between["cases"]["edges"]] == [
        e["node"]["id"] for e in edges[3:7]
    ]
    assert between["cases"]["pageInfo"]["hasNextPage"] is False
    assert between["cases"]["pageInfo"]["hasPreviousPage"] is True


async def test_a_forged_cursor_moves_only_within_the_viewers_rows(api: Api, demo):
    # given: community1's residents, and a cursor forged with keys from before any row
    sibling = await node_named(models.OrgLevel.COMMUNITY, 1)
    outside = await models.Resident.filter(household__building_path__startswith=sibling.path)
    outside_ids = {row.id for row in outside}
    assert outside_ids
    forged = [
        b64(["Resident.NAME", "", 0]),
        b64(["Resident.BUILDING", 0, "", 0]),
        b64(["Resident.ID", 0]),
        b64("cursor:0"),  # the earlier form, still read in id order
    ]
    from resolvers.ids import decode_global_id

    for cursor, order in zip(forged, ["NAME", "BUILDING", "ID", "ID"], strict=True):
        # when
        page = await api.gql(
            RESIDENTS, {"order": order, "first": 100, "after": cursor}, as_="community1"
        )
        # then
        seen = {decode_global_id(edge["node"]["id"])[1] for edge in page["residents"]["edges"]}
        assert seen
        assert not seen & outside_ids


async def test_children_page_both_ways_in_every_order(api: Api, demo):
    query = """
    query($id: ID!, $order: OrgNodeOrder!, $first: Int, $after: String, $last: Int,
          $before: String) {
      orgNode(id: $id) { children(orderBy: $order, first: $first, after: $after, last: $last,
                                  before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { node { id name createdAt } } } } }"""
    grid = await node_named(models.OrgLevel.GRID, 0)

    async def page(**variables: Any) -> dict[str, Any]:
        data = await api.gql(query, {"id": gid(grid), **variables}, as_="admin")
        result: dict[str, Any] = data["orgNode"]["children"]
        return result

    for order in ["ID", "NAME", "CREATED_ASC", "CREATED_DESC"]:
        ids = await walk(partial(page, order=order), size=2)
        assert len(ids) > 2
        assert await walk(partial(page, order=order), size=2, backward=True) == ids
