"""Residents and households: scope, masking per role, and changes with their bad input."""

import pytest

import models
from tests.helpers import Api, first_node_of, gid, node_named

RESIDENT = """
query Resident($id: ID!) {
  node(id: $id) {
    ... on Resident {
      id name phone idNumber age tags
      household { id number building { id name } members { id } }
      partyMember { kind }
    }
  }
}
"""

RESIDENTS = """
query Residents($filter: ResidentFilter, $first: Int, $after: String, $order: ResidentOrder) {
  residents(filter: $filter, first: $first, after: $after, orderBy: $order) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name phone idNumber household { id building { id } } } }
  }
}
"""

HOUSEHOLD = """
query Household($id: ID!) {
  node(id: $id) { ... on Household { id number members { id name phone } } }
}
"""

CREATE_RESIDENT = """
mutation Create($input: CreateResidentInput!) {
  createResident(input: $input) {
    resident { id name phone idNumber birthDate birthYear tags }
    errors { field code message }
  }
}
"""

UPDATE_RESIDENT = """
mutation Update($id: ID!, $input: ResidentInput!) {
  updateResident(id: $id, input: $input) {
    resident { id name phone tags }
    errors { field code message }
  }
}
"""

CREATE_HOUSEHOLD = """
mutation Create($input: CreateHouseholdInput!) {
  createHousehold(input: $input) {
    household { id number centralHousehold { id } }
    errors { field code message }
  }
}
"""

PHONE = "13885551234"
ID_NUMBER = "520302199001011230"  # check digit 0


async def first_building() -> models.OrgNode:
    return await first_node_of(
        models.OrgLevel.BUILDING, await node_named(models.OrgLevel.STREET, 0)
    )


async def target_resident() -> models.Resident:
    """A member of the first household of building1's building: resident1's own household,
    looked after by household1's central household."""
    building = await first_building()
    household = await models.Household.filter(building_id=building.id).order_by("id").first()
    assert household is not None
    resident = await models.Resident.filter(household_id=household.id).order_by("id").first()
    assert resident is not None
    resident.phone, resident.id_number = PHONE, ID_NUMBER
    await resident.save()
    return resident


# (user, sees the resident, phone unmasked, ID number unmasked)
MASKING = [
    ("admin", True, True, True),
    ("street1", True, True, True),
    ("community1", True, True, True),
    ("grid1", True, True, False),
    ("building1", True, True, False),
    ("household1", True, False, False),  # linked household: masked
    ("volunteer1", False, None, None),
    ("resident1", True, True, True),  # own household
    ("auditor1", True, False, False),
    ("street2", False, None, None),
    ("community2", False, None, None),
    ("grid2", False, None, None),
    ("building2", False, None, None),
    ("household2", False, None, None),
    ("resident2", False, None, None),
    ("auditor2", False, None, None),
]


@pytest.mark.parametrize(("user", "sees", "phone_clear", "id_clear"), MASKING)
async def test_masking_by_role(api: Api, demo, user, sees, phone_clear, id_clear):
    # given
    resident = await target_resident()
    # when
    data = await api.gql(RESIDENT, {"id": gid(resident)}, as_=user)
    # then
    node = data["node"]
    if not sees:
        assert node is None
        return
    assert node["phone"] == (PHONE if phone_clear else "138****1234")
    assert node["idNumber"] == (ID_NUMBER if id_clear else "5203**************")


@pytest.mark.parametrize(("user", "sees", "phone_clear", "id_clear"), MASKING)
async def test_list_masks_the_same_way(api: Api, demo, user, sees, phone_clear, id_clear):
    resident = await target_resident()
    data = await api.gql(RESIDENTS, {"filter": {"search": resident.name}, "first": 100}, as_=user)
    rows = [e["node"] for e in data["residents"]["edges"] if e["node"]["id"] == gid(resident)]
    assert bool(rows) is sees
    if rows:
        assert (rows[0]["phone"] == PHONE) is phone_clear
        assert (rows[0]["idNumber"] == ID_NUMBER) is id_clear


async def test_building_leader_sees_only_its_building(api: Api, demo):
    # given
    building = await first_building()
    expected = await models.Resident.filter(household__building_id=building.id).count()
    # when
    data = await api.gql(RESIDENTS, {"first": 100}, as_="building1")
    # then
    assert data["residents"]["totalCount"] == expected
    assert {e["node"]["household"]["building"]["id"] for e in data["residents"]["edges"]} == {
        gid(building)
    }


async def test_no_resident_of_another_building_through_any_path(api: Api, demo):
    # given: a household of the next building in the same grid
    building = await first_building()
    other = (
        await models.OrgNode.filter(parent_id=building.parent_id).exclude(id=building.id).first()
    )
    assert other is not None
    household = await models.Household.filter(building_id=other.id).first()
    assert household is not None
    resident = await models.Resident.filter(household_id=household.id).first()
    assert resident is not None
    # then: not by id, not through the household, not by search, not by node filter
    assert (await api.gql(RESIDENT, {"id": gid(resident)}, as_="building1"))["node"] is None
    assert (await api.gql(HOUSEHOLD, {"id": gid(household)}, as_="building1"))["node"] is None
    found = await api.gql(RESIDENTS, {"filter": {"search": resident.name}}, as_="building1")
    assert gid(resident) not in {e["node"]["id"] for e in found["residents"]["edges"]}
    body = await api.raw(RESIDENTS, {"filter": {"nodeId": gid(other)}}, as_="building1")
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_household_members_are_its_residents(api: Api, demo):
    resident = await target_resident()
    data = await api.gql(RESIDENT, {"id": gid(resident)}, as_="building1")
    members = {m["id"] for m in data["node"]["household"]["members"]}
    expected = await models.Resident.filter(household_id=resident.household_id)
    assert members == {gid(r) for r in expected}


async def test_phone_search_finds_only_phones_the_viewer_may_see(api: Api, demo):
    resident = await target_resident()
    staff = await api.gql(RESIDENTS, {"filter": {"search": "85551234"}}, as_="building1")
    assert [e["node"]["id"] for e in staff["residents"]["edges"]] == [gid(resident)]
    auditor = await api.gql(RESIDENTS, {"filter": {"search": "85551234"}}, as_="auditor1")
    assert auditor["residents"]["totalCount"] == 0


async def test_filters_tag_party_kind_age_and_sorting(api: Api, demo):
    building = await first_building()
    in_street = models.Resident.filter(
        household__building__path__startswith=(await node_named(models.OrgLevel.STREET, 0)).path
    )
    elders = await in_street.filter(tags__tag=models.ResidentTag.ELDER_LIVING_ALONE).count()
    data = await api.gql(RESIDENTS, {"filter": {"tag": "ELDER_LIVING_ALONE"}}, as_="street1")
    assert data["residents"]["totalCount"] == elders > 0
    party = await api.gql(RESIDENTS, {"filter": {"partyMemberKind": "MOBILE"}}, as_="street1")
    assert (
        party["residents"]["totalCount"]
        == await in_street.filter(party_member__kind=models.PartyMemberKind.MOBILE).count()
    )
    ages = """query($min: Int, $max: Int) { residents(filter: {minAge: $min, maxAge: $max},
                first: 100) { totalCount edges { node { age } } } }"""
    old = (await api.gql(ages, {"min": 80}, as_="street1"))["residents"]
    assert old["totalCount"] > 0
    assert all(edge["node"]["age"] >= 80 for edge in old["edges"])
    band = (await api.gql(ages, {"min": 30, "max": 31}, as_="street1"))["residents"]
    assert band["totalCount"] > 0
    assert {edge["node"]["age"] for edge in band["edges"]} <= {30, 31}
    everyone = (await api.gql(ages, {}, as_="street1"))["residents"]["totalCount"]
    younger = (await api.gql(ages, {"max": 79}, as_="street1"))["residents"]["totalCount"]
    assert younger + old["totalCount"] == everyone
    by_name = await api.gql(
        RESIDENTS, {"filter": {"nodeId": gid(building)}, "order": "NAME", "first": 100}, as_="admin"
    )
    names = [e["node"]["name"] for e in by_name["residents"]["edges"]]
    assert names == sorted(names)


async def test_pages_by_name_walk_everyone_once(api: Api, demo):
    building = await first_building()
    seen: list[str] = []
    after = None
    while True:
        variables = {
            "filter": {"nodeId": gid(building)},
            "first": 7,
            "after": after,
            "order": "NAME",
        }
        page = (await api.gql(RESIDENTS, variables, as_="building1"))["residents"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == page["totalCount"]


async def test_create_and_update_a_resident(api: Api, demo):
    # given
    resident = await target_resident()
    # when
    created = await api.gql(
        CREATE_RESIDENT,
        {
            "input": {
                "householdId": gid(await models.Household.get(id=resident.household_id)),
                "name": "  王 小明 ",
                "phone": "139 0000 1111",
                "idNumber": "11010519491231002x",
                "tags": ["ELDER_LIVING_ALONE", "VETERAN"],
            }
        },
        as_="building1",
    )
    # then
    payload = created["createResident"]
    assert payload["errors"] == []
    assert payload["resident"]["phone"] == "13900001111"
    assert payload["resident"]["idNumber"] == "1101**************"  # building staff: masked
    assert payload["resident"]["birthDate"] is None  # inside the ID number: masked with it
    assert payload["resident"]["birthYear"] == 1949
    assert sorted(payload["resident"]["tags"]) == ["ELDER_LIVING_ALONE", "VETERAN"]
    updated = await api.gql(
        UPDATE_RESIDENT,
        {"id": payload["resident"]["id"], "input": {"tags": ["DISABLED"], "phone": ""}},
        as_="building1",
    )
    assert updated["updateResident"]["resident"]["tags"] == ["DISABLED"]
    assert updated["updateResident"]["resident"]["phone"] is None


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"name": ""}, "name", "INVALID"),
        ({"phone": "12345"}, "phone", "INVALID"),
        ({"idNumber": "520302199001011234"}, "idNumber", "INVALID"),  # wrong check digit
        ({"idNumber": ID_NUMBER}, "idNumber", "INVALID"),  # already someone's (neutral answer)
        ({"idNumber": "11010519491231002X", "birthDate": "1950-01-01"}, "birthDate", "INVALID"),
        ({"birthDate": "2999-01-01"}, "birthDate", "INVALID"),
    ],
)
async def test_bad_resident_input_writes_nothing(api: Api, demo, changes, field, code):
    resident = await target_resident()
    household = await models.Household.get(id=resident.household_id)
    before = await models.Resident.all().count()
    data = await api.gql(
        CREATE_RESIDENT,
        {"input": {"householdId": gid(household), "name": "新居民", **changes}},
        as_="building1",
    )
    assert data["createResident"]["errors"][0]["field"] == field
    assert data["createResident"]["errors"][0]["code"] == code
    assert await models.Resident.all().count() == before


async def test_unknown_tag_is_a_graphql_validation_error(api: Api, demo):
    body = await api.raw(RESIDENTS, {"filter": {"tag": "NOT_A_TAG"}}, as_="building1")
    assert "NOT_A_TAG" in body["errors"][0]["message"]


async def test_households_only_in_buildings_and_central_households_of_the_same_grid(api: Api, demo):
    building = await first_building()
    grid = await models.OrgNode.get(id=building.parent_id)
    own_central = await first_node_of(models.OrgLevel.CENTRAL_HOUSEHOLD, building)
    sibling_grid = await models.OrgNode.filter(parent_id=grid.parent_id).exclude(id=grid.id).first()
    assert sibling_grid is not None
    far_central = await first_node_of(models.OrgLevel.CENTRAL_HOUSEHOLD, sibling_grid)
    ok = await api.gql(
        CREATE_HOUSEHOLD,
        {
            "input": {
                "buildingId": gid(building),
                "number": "9-901",
                "centralHouseholdId": gid(own_central),
            }
        },
        as_="grid1",
    )
    assert ok["createHousehold"]["errors"] == []
    not_a_building = await api.gql(
        CREATE_HOUSEHOLD, {"input": {"buildingId": gid(grid), "number": "9-902"}}, as_="grid1"
    )
    assert not_a_building["createHousehold"]["errors"][0]["code"] == "INVALID"
    far = await api.gql(
        CREATE_HOUSEHOLD,
        {
            "input": {
                "buildingId": gid(building),
                "number": "9-903",
                "centralHouseholdId": gid(far_central),
            }
        },
        as_="community1",
    )
    assert far["createHousehold"]["errors"][0]["field"] == "centralHouseholdId"
    twice = await api.gql(
        CREATE_HOUSEHOLD, {"input": {"buildingId": gid(building), "number": "9-901"}}, as_="grid1"
    )
    assert twice["createHousehold"]["errors"][0]["code"] == "CONFLICT"
    refused = await api.gql(
        CREATE_HOUSEHOLD,
        {"input": {"buildingId": gid(building), "number": "9-904"}},
        as_="auditor1",
    )
    assert refused["createHousehold"]["errors"][0]["code"] == "FORBIDDEN"
    assert not await models.Household.filter(number__in=["9-902", "9-903", "9-904"]).exists()


LINK = """
mutation Link($id: ID!, $user: ID!) {
  linkResidentAccount(id: $id, userId: $user) { resident { id } errors { field code message } }
}
"""


async def test_a_linked_account_reads_its_own_household_unmasked(api: Api, demo, client):
    # given: a new account and a resident of grid1's second building
    grid = await first_node_of(models.OrgLevel.GRID, await node_named(models.OrgLevel.STREET, 0))
    building = await models.OrgNode.filter(parent_id=grid.id).order_by("id").offset(1).first()
    assert building is not None
    households = await models.Household.filter(building_id=building.id).order_by("id").limit(2)
    mine = await models.Resident.filter(household_id=households[0].id).first()
    neighbour = await models.Resident.filter(household_id=households[1].id).first()
    assert mine is not None
    assert neighbour is not None
    mine.phone, mine.id_number = PHONE, ID_NUMBER
    await mine.save()
    # (made by community1: grid1, a colleague and not its creator, ties it to the resident)
    user = await models.User.create(
        username="newresident", display_name="新住户", password_hash=(
            await models.User.get(username="resident1")).password_hash,
        created_by=await models.User.get(username="community1"))  # fmt: skip
    # when
    refused = await api.gql(LINK, {"id": gid(mine), "user": gid(user)}, as_="building1")
    linked = await api.gql(LINK, {"id": gid(mine), "user": gid(user)}, as_="grid1")
    # then
    assert refused["linkResidentAccount"]["errors"][0]["code"] == "NOT_FOUND"  # other building
    assert linked["linkResidentAccount"]["errors"] == []
    own = await api.gql(RESIDENT, {"id": gid(mine)}, as_="newresident")
    assert (own["node"]["phone"], own["node"]["idNumber"]) == (PHONE, ID_NUMBER)
    assert (await api.gql(RESIDENT, {"id": gid(neighbour)}, as_="newresident"))["node"] is None
    grant = await models.RoleGrant.get(user_id=user.id)
    assert (grant.role, grant.node_id) == (models.Role.RESIDENT, building.id)


UPDATE_HOUSEHOLD = """
mutation($id: ID!, $input: UpdateHouseholdInput!) {
  updateHousehold(id: $id, input: $input) { household { id } errors { field code } }
}
"""


async def test_a_household_number_taken_in_the_building_is_a_conflict(api: Api, demo):
    # given: two households of building1's building
    first, second = (
        await models.Household.filter(building_id=(await first_building()).id)
        .order_by("id")
        .limit(2)
    )
    # when
    data = await api.gql(
        UPDATE_HOUSEHOLD, {"id": gid(second), "input": {"number": first.number}}, as_="building1"
    )
    # then: the unique index says so, as a payload error, and nothing changed
    assert data["updateHousehold"]["errors"] == [{"field": "number", "code": "CONFLICT"}]
    assert (await models.Household.get(id=second.id)).number == second.number
