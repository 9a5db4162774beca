"""Contact persons of mobile party members (issue 8, item 11): only users the caller may read,
permission before lookup, one answer for unknown and out-of-scope users, and removal."""

from typing import Any

import models
from tests.api.test_party import grid1_node, mobile_in
from tests.helpers import Api, gid, node_named

ADD = """
mutation($member: ID!, $user: ID!) {
  addContactPerson(partyMemberId: $member, userId: $user) {
    partyMember { id contactPersons { username displayName } }
    errors { field code message }
  }
}
"""
REMOVE = ADD.replace("addContactPerson", "removeContactPerson")
UNKNOWN_USER = "VXNlcjo5OTk5OQ=="  # User:99999


async def _member() -> models.PartyMember:
    return (await mobile_in(await grid1_node()))[0]


async def _user(username: str) -> str:
    return gid(await models.User.get(username=username))


async def _call(api: Api, op: str, member: str, user: str, as_: str) -> dict[str, Any]:
    data = await api.gql(op, {"member": member, "user": user}, as_=as_)
    (payload,) = data.values()
    result: dict[str, Any] = payload
    return result


async def test_a_contact_person_is_added_and_removed(api: Api, demo):
    # given
    member = gid(await _member())
    # when
    added = await _call(api, ADD, member, await _user("volunteer1"), "grid1")
    removed = await _call(api, REMOVE, member, await _user("volunteer1"), "grid1")
    again = await _call(api, REMOVE, member, await _user("volunteer1"), "grid1")
    # then
    assert added["errors"] == []
    names = {p["username"] for p in added["partyMember"]["contactPersons"]}
    assert names == {"grid1", "volunteer1"}
    assert removed["errors"] == []
    assert [p["username"] for p in removed["partyMember"]["contactPersons"]] == ["grid1"]
    assert again["errors"][0]["code"] == "NOT_FOUND"


async def test_users_outside_scope_are_not_found_like_unknown_ones(api: Api, demo):
    # given: community2 and street2 exist, in the other street
    member = gid(await _member())
    answers = [
        await _call(api, ADD, member, user, "grid1")
        for user in (await _user("community2"), await _user("street2"), UNKNOWN_USER)
    ]
    # then: one answer, no name
    assert all(a["partyMember"] is None for a in answers)
    assert [a["errors"] for a in answers] == [
        [{"field": "userId", "code": "NOT_FOUND", "message": "No such user."}]
    ] * 3
    assert not await models.MobileContactPerson.filter(user__username="community2").exists()


async def test_permission_is_checked_before_the_user(api: Api, demo):
    # given: a mobile member in the other street, and users who exist or not
    street2 = await node_named(models.OrgLevel.STREET, 1)
    other = gid((await mobile_in(street2))[0])
    mine = gid(await _member())
    # when
    answers = [
        (await _call(api, op, member, user, "grid1"))["errors"]
        for op in (ADD, REMOVE)
        for member in (other,)
        for user in (await _user("community2"), await _user("grid1"), UNKNOWN_USER)
    ]
    # then: the member is not found, whoever the user
    assert all(a == answers[0] for a in answers)
    assert answers[0][0]["field"] == "partyMemberId"
    # and whoever reads the member but may not change people picks no contact persons
    refused = await _call(api, REMOVE, mine, await _user("grid1"), "auditor1")
    assert refused["errors"][0]["code"] == "FORBIDDEN"
    assert await models.MobileContactPerson.filter(user__username="grid1").exists()
