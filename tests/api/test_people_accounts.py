"""Linking accounts to residents (issue 8, item 2): staff never unmask a household by linking
their own (or any staff) account, and a linked resident is never silently re-linked."""

import pytest

import models
from tests.helpers import Api, first_node_of, gid, node_named

LINK = """
mutation Link($id: ID!, $user: ID!) {
  linkResidentAccount(id: $id, userId: $user) { resident { id } errors { field code message } }
}
"""

UNLINK = """
mutation Unlink($id: ID!) {
  unlinkResidentAccount(id: $id) { resident { id } errors { field code message } }
}
"""

RESIDENT = "query($id: ID!) { node(id: $id) { ... on Resident { id idNumber } } }"

ID_NUMBER = "520302199001011230"


async def grid1_residents() -> list[models.Resident]:
    """Residents of three households of grid1's second building (no demo account lives there)."""
    grid = await first_node_of(models.OrgLevel.GRID, await node_named(models.OrgLevel.STREET, 0))
    building = await models.OrgNode.filter(parent_id=grid.id).order_by("id").offset(1).first()
    assert building is not None
    households = await models.Household.filter(building_id=building.id).order_by("id").limit(3)
    found = []
    for household in households:
        resident = await models.Resident.filter(household_id=household.id).order_by("id").first()
        assert resident is not None
        found.append(resident)
    found[0].id_number = ID_NUMBER
    await found[0].save(update_fields=["id_number"])
    return found


async def new_account(username: str) -> models.User:
    password_hash = (await models.User.get(username="resident1")).password_hash
    return await models.User.create(
        username=username, display_name=username, password_hash=password_hash
    )


async def link(
    api: Api, resident: models.Resident, user: models.User, as_: str
) -> list[dict[str, str]]:
    data = await api.gql(LINK, {"id": gid(resident), "user": gid(user)}, as_=as_)
    errors: list[dict[str, str]] = data["linkResidentAccount"]["errors"]
    return errors


async def test_a_grid_leader_cannot_link_their_own_account(api: Api, demo):
    # given: the audit's attack: grid1 links itself to a resident to read the household
    resident = (await grid1_residents())[0]
    me = await models.User.get(username="grid1")
    # when
    errors = await link(api, resident, me, "grid1")
    # then
    assert errors[0]["code"] == "FORBIDDEN"
    assert (await models.Resident.get(id=resident.id)).user_id is None
    assert not await models.RoleGrant.exists(user_id=me.id, role=models.Role.RESIDENT)
    seen = await api.gql(RESIDENT, {"id": gid(resident)}, as_="grid1")
    assert seen["node"]["idNumber"] != ID_NUMBER


@pytest.mark.parametrize("staff", ["building1", "volunteer1", "household1", "auditor1"])
async def test_a_staff_account_is_never_linked(api: Api, demo, staff):
    # given: grid1 tries to turn an account holding a staff role into a resident
    resident = (await grid1_residents())[0]
    account = await models.User.get(username=staff)
    # when
    errors = await link(api, resident, account, "grid1")
    # then: refused, with the answer an unknown account gets (nothing told about the account)
    unknown = models.User(id=10**6, username="x", display_name="x", password_hash="x")
    assert errors == await link(api, resident, unknown, "grid1")
    assert errors[0]["code"] == "INVALID"
    assert (await models.Resident.get(id=resident.id)).user_id is None
    assert not await models.RoleGrant.exists(user_id=account.id, role=models.Role.RESIDENT)


async def test_a_linked_resident_is_re_linked_only_after_an_unlink(api: Api, demo):
    # given: a resident linked to their own account
    resident = (await grid1_residents())[0]
    owner, intruder = await new_account("owner"), await new_account("intruder")
    assert await link(api, resident, owner, "grid1") == []
    # when: another account is linked to them
    errors = await link(api, resident, intruder, "grid1")
    # then: refused, and the owner keeps their access
    assert errors[0]["code"] == "CONFLICT"
    assert (await models.Resident.get(id=resident.id)).user_id == owner.id
    assert (await api.gql(RESIDENT, {"id": gid(resident)}, as_="owner"))["node"]["idNumber"] == (
        ID_NUMBER
    )
    assert (await api.gql(RESIDENT, {"id": gid(resident)}, as_="intruder"))["node"] is None
    # when: grid1 unlinks on purpose, then links the other account
    unlinked = await api.gql(UNLINK, {"id": gid(resident)}, as_="grid1")
    assert unlinked["unlinkResidentAccount"]["errors"] == []
    assert await link(api, resident, intruder, "grid1") == []
    # then: the first account reads nothing of the household any more, the second does
    assert (await api.gql(RESIDENT, {"id": gid(resident)}, as_="owner"))["node"] is None
    assert not await models.RoleGrant.exists(
        user_id=owner.id, role=models.Role.RESIDENT, revoked_at__isnull=True
    )
    assert (await api.gql(RESIDENT, {"id": gid(resident)}, as_="intruder"))["node"] is not None


async def test_an_account_belongs_to_one_resident(api: Api, demo):
    # given
    first, second, _ = await grid1_residents()
    account = await new_account("someone")
    assert await link(api, first, account, "grid1") == []
    # when
    errors = await link(api, second, account, "grid1")
    # then
    assert errors[0]["code"] == "INVALID"
    assert (await models.Resident.get(id=second.id)).user_id is None
    # and linking the same account to the same resident again changes nothing
    assert await link(api, first, account, "grid1") == []
    assert await models.RoleGrant.filter(user_id=account.id, revoked_at__isnull=True).count() == 1


@pytest.mark.parametrize(
    ("user", "code"),
    [("building2", "NOT_FOUND"), ("auditor1", "FORBIDDEN"), ("building1", "NOT_FOUND")],
)
async def test_unlinking_needs_the_right_to_link(api: Api, demo, user, code):
    # given
    resident = (await grid1_residents())[0]
    account = await new_account("linked")
    assert await link(api, resident, account, "grid1") == []
    # when
    data = await api.gql(UNLINK, {"id": gid(resident)}, as_=user)
    # then
    assert data["unlinkResidentAccount"]["errors"][0]["code"] == code
    assert (await models.Resident.get(id=resident.id)).user_id == account.id


CREATE_USER = """
mutation($input: CreateUserInput!) { createUser(input: $input) { user { id }
  errors { field code } } }
"""
RESIDENT_IDS = """
query($id: ID!) { resident(id: $id) { household { members { idNumber } } } }
"""


async def test_a_leader_does_not_unmask_a_household_through_an_account_they_created(api: Api, demo):
    # given: a resident of grid1's grid, whose household's ID numbers grid1 reads masked
    street = await node_named(models.OrgLevel.STREET, 0)
    grid = await first_node_of(models.OrgLevel.GRID, street)
    resident = (
        await models.Resident.filter(
            household__building_path__startswith=grid.path, user_id=None, active=True
        )
        .exclude(id_number="")
        .order_by("id")
        .first()
    )
    assert resident is not None
    seen = await api.gql(RESIDENT_IDS, {"id": gid(resident)}, as_="grid1")
    assert all(
        "*" in m["idNumber"] for m in seen["resident"]["household"]["members"] if m["idNumber"]
    )
    # when: grid1 creates an account with a password of their choosing and ties it to them
    made = await api.gql(CREATE_USER, {"input": {
        "username": "puppet1", "displayName": "p", "password": "Sup3r-secret-pw!x"}},
        as_="grid1")  # fmt: skip
    account = made["createUser"]["user"]["id"]
    linked = await api.gql(LINK, {"id": gid(resident), "user": account}, as_="grid1")
    # then: refused (the caller's own creation is as good as their own account), nothing written
    errors = linked["linkResidentAccount"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [("FORBIDDEN", "userId")]
    assert (await models.Resident.get(id=resident.id)).user_id is None
    puppet = await models.User.get(username="puppet1")
    assert not await models.RoleGrant.exists(user_id=puppet.id)
    # and: a colleague (community1), not the creator, may tie it
    assert await link(api, resident, puppet, "community1") == []
