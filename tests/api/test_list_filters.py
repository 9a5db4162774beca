"""`filter:` beside the loose arguments of orgNodes, households, users, mobilePartyMembers and
volunteerTeams; scope isolation through every filter and order; typed lookups; photos as Nodes."""

from collections.abc import Callable
from typing import Any

import pytest
from tortoise.models import Model

import models
from resolvers.ids import decode_global_id
from tests.helpers import Api, first_node_of, gid, node_named

# (field, loose arguments, the same as `filter`, order type, its orders)
LISTS = {
    "orgNodes": ("OrgNodeFilter", "OrgNodeOrder", ["ID", "NAME", "CREATED_ASC", "CREATED_DESC"]),
    "households": ("HouseholdFilter", "HouseholdOrder", ["ID", "NUMBER", "BUILDING",
                                                        "CREATED_ASC", "CREATED_DESC"]),
    "users": ("UserFilter", "UserOrder", ["ID", "USERNAME", "NAME", "CREATED_ASC",
                                          "CREATED_DESC"]),
    "mobilePartyMembers": ("MobilePartyMemberFilter", "MobilePartyMemberOrder",
                           ["ID", "NAME", "CREATED_ASC", "CREATED_DESC"]),
    "volunteerTeams": ("VolunteerTeamFilter", "VolunteerTeamOrder",
                       ["ID", "NAME", "CREATED_ASC", "CREATED_DESC"]),
}  # fmt: skip


def with_filter(field: str) -> str:
    filter_type, order_type, _ = LISTS[field]
    return f"""
query($filter: {filter_type}, $order: {order_type}!) {{
  {field}(filter: $filter, orderBy: $order, first: 100) {{ totalCount edges {{ node {{ id }} }} }}
}}"""


def ids(data: dict[str, Any], field: str) -> list[str]:
    return [edge["node"]["id"] for edge in data[field]["edges"]]


async def test_org_node_filter_equals_the_loose_arguments(api: Api, demo):
    street = await node_named(models.OrgLevel.STREET, 0)
    community = await first_node_of(models.OrgLevel.COMMUNITY, street)
    loose = """query($d: ID) {
      orgNodes(level: GRID, descendantsOf: $d, search: "网格", first: 100) {
      totalCount edges { node { id } } } }"""
    expected = await api.gql(loose, {"d": gid(community)}, as_="street1")
    filtered = await api.gql(
        with_filter("orgNodes"),
        {"filter": {"level": "GRID", "descendantsOf": gid(community), "search": "网格"},
         "order": "ID"},
        as_="street1",
    )  # fmt: skip
    assert ids(filtered, "orgNodes") == ids(expected, "orgNodes")
    assert expected["orgNodes"]["totalCount"] > 0


async def test_household_filter_equals_the_loose_arguments(api: Api, demo):
    grid = await node_named(models.OrgLevel.GRID, 0)
    loose = """query($n: ID) { households(nodeId: $n, search: "1", first: 100) {
      totalCount edges { node { id } } } }"""
    expected = await api.gql(loose, {"n": gid(grid)}, as_="community1")
    filtered = await api.gql(
        with_filter("households"),
        {"filter": {"nodeId": gid(grid), "search": "1"}, "order": "ID"},
        as_="community1",
    )
    assert ids(filtered, "households") == ids(expected, "households")
    assert expected["households"]["totalCount"] > 0


async def test_user_filter_equals_the_loose_argument(api: Api, demo):
    loose = 'query { users(search: "grid", first: 100) { totalCount edges { node { id } } } }'
    expected = await api.gql(loose, as_="admin")
    filtered = await api.gql(
        with_filter("users"), {"filter": {"search": "grid"}, "order": "ID"}, as_="admin"
    )
    assert ids(filtered, "users") == ids(expected, "users")
    assert expected["users"]["totalCount"] == 2


async def test_mobile_filter_keeps_the_30_day_default_and_null_lists_all(api: Api, demo):
    query = with_filter("mobilePartyMembers")
    loose = "query { mobilePartyMembers(first: 100) { totalCount edges { node { id } } } }"
    every = "query { mobilePartyMembers(notContactedWithinDays: null, first: 100) { totalCount } }"
    default = await api.gql(loose, as_="street1")
    assert ids(
        await api.gql(query, {"filter": {}, "order": "ID"}, as_="street1"), "mobilePartyMembers"
    ) == ids(default, "mobilePartyMembers")
    everyone = await api.gql(
        query, {"filter": {"notContactedWithinDays": None}, "order": "ID"}, as_="street1"
    )
    all_loose = await api.gql(every, as_="street1")
    assert (
        everyone["mobilePartyMembers"]["totalCount"]
        == all_loose["mobilePartyMembers"]["totalCount"]
    )
    assert (
        all_loose["mobilePartyMembers"]["totalCount"] > default["mobilePartyMembers"]["totalCount"]
    )


async def test_team_filter_by_node_and_name(api: Api, demo):
    community = await node_named(models.OrgLevel.COMMUNITY, 0)
    loose = "query($n: ID) { volunteerTeams(nodeId: $n) { totalCount edges { node { id } } } }"
    expected = await api.gql(loose, {"n": gid(community)}, as_="admin")
    filtered = await api.gql(
        with_filter("volunteerTeams"), {"filter": {"nodeId": gid(community)}, "order": "NAME"},
        as_="admin",
    )  # fmt: skip
    assert ids(filtered, "volunteerTeams") == ids(expected, "volunteerTeams")
    assert expected["volunteerTeams"]["totalCount"] == 1
    team = await models.VolunteerTeam.filter(node_id=community.id).first()
    assert team is not None
    named = await api.gql(
        with_filter("volunteerTeams"), {"filter": {"search": team.name[-3:]}, "order": "ID"},
        as_="admin",
    )  # fmt: skip
    assert gid(team) in ids(named, "volunteerTeams")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ('{ orgNodes(level: GRID, filter: {search: "x"}) { totalCount } }', "level"),
        ("{ orgNodes(includeArchived: true, filter: {}) { totalCount } }", "includeArchived"),
        ('{ households(search: "1", filter: {search: "1"}) { totalCount } }', "search"),
        ('{ users(search: "a", filter: {}) { totalCount } }', "search"),
        ("{ mobilePartyMembers(notContactedWithinDays: null, filter: {}) { totalCount } }",
         "notContactedWithinDays"),
        ('{ volunteerTeams(nodeId: "T3JnTm9kZTox", filter: {}) { totalCount } }', "nodeId"),
    ],
)  # fmt: skip
async def test_a_loose_argument_beside_filter_is_invalid(api: Api, demo, query, field):
    body = await api.raw(query, as_="admin")
    assert body["errors"][0]["extensions"] == {"code": "INVALID", "field": field}
    assert body["errors"][0]["message"] == f"Give `{field}` inside `filter`, not beside it."


SIBLING_FILTERS: dict[str, Callable[[str, str], list[dict[str, Any]]]] = {
    "orgNodes": lambda sibling, building: [
        {"descendantsOf": sibling}, {"parentId": sibling}, {"search": "社区"},
        {"includeArchived": True},
    ],
    "households": lambda sibling, building: [{"centralHouseholdId": building}, {"search": "0"}],
    "users": lambda sibling, building: [{"search": "community2"}, {"search": "grid"}, {}],
    "mobilePartyMembers": lambda sibling, building: [{"notContactedWithinDays": None}],
    "volunteerTeams": lambda sibling, building: [{"search": "队"}, {}],
}  # fmt: skip


async def in_scope(field: str, viewer: str) -> set[str]:
    """Every id the viewer may read in a list, from the database."""
    community = await node_named(models.OrgLevel.COMMUNITY, 0)
    prefix = community.path
    if field == "orgNodes":
        nodes = await models.OrgNode.all()
        return {
            gid(row) for row in nodes if row.path.startswith(prefix) or prefix.startswith(row.path)
        }
    if field == "households":
        return {gid(row) for row in await models.Household.filter(building_path__startswith=prefix)}
    if field == "mobilePartyMembers":
        rows = await models.PartyMember.filter(
            resident__household__building_path__startswith=prefix
        )
        return {gid(row) for row in rows}
    if field == "volunteerTeams":
        return {
            gid(row) for row in await models.VolunteerTeam.filter(node__path__startswith=prefix)
        }
    users = await models.User.filter(grants__node__path__startswith=prefix)
    return {gid(row) for row in users} | {gid(await models.User.get(username=viewer))}


@pytest.mark.parametrize("field", list(LISTS))
async def test_no_filter_or_order_shows_a_community_viewer_a_siblings_rows(api: Api, demo, field):
    # given: community1, and ids of its sibling community (the same street's second)
    sibling = await node_named(models.OrgLevel.COMMUNITY, 1)
    central = await first_node_of(models.OrgLevel.CENTRAL_HOUSEHOLD, sibling)
    readable = await in_scope(field, "community1")
    for where in SIBLING_FILTERS[field](gid(sibling), gid(central)):
        for order in LISTS[field][2]:
            # when
            body = await api.raw(with_filter(field), {"filter": where, "order": order},
                                 as_="community1")  # fmt: skip
            # then: nothing outside the scope, whatever the filter
            if body.get("errors"):
                assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND", body
                continue
            seen = set(ids(body["data"], field))
            assert seen <= readable, (where, order, seen - readable)


async def test_a_sibling_node_as_node_id_is_not_found(api: Api, demo):
    sibling = await node_named(models.OrgLevel.COMMUNITY, 1)
    for field in ["households", "mobilePartyMembers", "volunteerTeams"]:
        body = await api.raw(
            with_filter(field), {"filter": {"nodeId": gid(sibling)}, "order": "ID"},
            as_="community1",
        )  # fmt: skip
        assert body["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "nodeId"}


LOOKUPS = {
    "case": "query($id: ID!) { case(id: $id) { id title } }",
    "orgNode": "query($id: ID!) { orgNode(id: $id) { id name } }",
    "resident": "query($id: ID!) { resident(id: $id) { id name } }",
    "user": "query($id: ID!) { user(id: $id) { id username } }",
}


async def lookup_rows(community: models.OrgNode, username: str) -> dict[str, Model]:
    case = await models.Case.filter(node_path__startswith=community.path).order_by("id").first()
    resident = await models.Resident.filter(
        household__building_path__startswith=community.path
    ).first()
    assert case is not None
    assert resident is not None
    user = await models.User.get(username=username)
    building = await first_node_of(models.OrgLevel.BUILDING, community)
    return {"case": case, "orgNode": building, "resident": resident, "user": user}


async def test_typed_lookups_in_scope_and_out_of_scope_as_missing(api: Api, demo):
    own = await lookup_rows(await node_named(models.OrgLevel.COMMUNITY, 0), "grid1")
    # community2 holds a grant in the other street: outside community1's scope too
    sibling = await lookup_rows(await node_named(models.OrgLevel.COMMUNITY, 1), "community2")
    for field, query in LOOKUPS.items():
        # in scope: the same object node(id:) gives
        found = await api.gql(query, {"id": gid(own[field])}, as_="community1")
        assert found[field]["id"] == gid(own[field])
        # out of scope, and missing: null, alike
        away = await api.gql(query, {"id": gid(sibling[field])}, as_="community1")
        assert away == {field: None}
        type_name = decode_global_id(gid(own[field]))[0]
        from resolvers.ids import encode_global_id

        missing = await api.gql(query, {"id": encode_global_id(type_name, 2**31 - 1)},
                                as_="community1")  # fmt: skip
        assert missing == {field: None}
        node = await api.gql(
            "query($id: ID!) { node(id: $id) { id } }", {"id": gid(sibling[field])},
            as_="community1",
        )  # fmt: skip
        assert node == {"node": None}


async def test_a_lookup_with_another_types_id_is_invalid(api: Api, demo):
    community = await node_named(models.OrgLevel.COMMUNITY, 0)
    body = await api.raw(LOOKUPS["case"], {"id": gid(community)}, as_="admin")
    assert body["errors"][0]["extensions"] == {"code": "INVALID", "field": "id"}


async def test_lookups_need_a_login(api: Api, demo):
    community = await node_named(models.OrgLevel.COMMUNITY, 0)
    body = await api.raw(LOOKUPS["orgNode"], {"id": gid(community)})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


ATTACHMENT = """query($id: ID!) { node(id: $id) {
  id ... on CaseAttachment { contentType size url } } }"""


async def test_a_case_photo_is_a_node_for_its_cases_readers_only(api: Api, demo):
    # given: a photo of a case in community1's scope
    community = await node_named(models.OrgLevel.COMMUNITY, 0)
    case = await models.Case.filter(node_path__startswith=community.path).order_by("id").first()
    assert case is not None
    photo = await models.CaseAttachment.create(
        case_id=case.id, sha256="0" * 64, content_type="image/png", size=10
    )
    # when / then
    seen = await api.gql(ATTACHMENT, {"id": gid(photo)}, as_="community1")
    url = seen["node"].pop("url")
    assert seen["node"] == {"id": gid(photo), "contentType": "image/png", "size": 10}
    # A signed link for this viewer (see resolvers/cases/photo_urls.py).
    assert url.startswith(f"/attachments/{photo.id}?")
    assert "&sig=" in url
    listed = await api.gql(
        "query($id: ID!) { case(id: $id) { attachments { id } } }", {"id": gid(case)},
        as_="community1",
    )  # fmt: skip
    assert listed["case"]["attachments"] == [{"id": gid(photo)}]
    assert (await api.gql(ATTACHMENT, {"id": gid(photo)}, as_="community2")) == {"node": None}
    assert (await api.gql(ATTACHMENT, {"id": gid(photo)}, as_="street2")) == {"node": None}


async def test_a_bad_cursor_is_invalid_even_when_the_filter_names_nothing(api: Api, demo):
    sibling = await node_named(models.OrgLevel.COMMUNITY, 1)
    query = """query($f: OrgNodeFilter, $after: String) {
      orgNodes(filter: $f, after: $after) { totalCount } }"""
    body = await api.raw(
        query, {"f": {"descendantsOf": gid(sibling)}, "after": "bm90IGEgY3Vyc29y"}, as_="community1"
    )
    assert body["errors"][0]["extensions"] == {"code": "INVALID", "field": "after"}
    fine = await api.gql(query, {"f": {"descendantsOf": gid(sibling)}}, as_="community1")
    assert fine == {"orgNodes": {"totalCount": 0}}
