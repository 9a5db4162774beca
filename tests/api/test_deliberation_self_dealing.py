"""Nobody decides what they wrote or raised (second review of issue 13): a convention draft is
rewritten only by its drafter, a member of a topic's raising household does not adopt it, and
a pledge shown to anyone carries no phone number however it is written."""

import pytest

import models
from tests.api.test_meetings import DRAFT, SECTIONS, UPDATE_DRAFT
from tests.helpers import Api, discard_open_drafts, error_codes, first_node_of, gid, node_named, ok

LINK = """
mutation($id: ID!, $u: ID!) { linkResidentAccount(id: $id, userId: $u) {
  resident { id } errors { field code message } } }
"""
TOPIC_RAISE = """
mutation($input: RaiseTopicInput!) {
  raiseTopic(input: $input) { topic { id } errors { field code } }
}
"""
TOPIC_ESCALATE = """
mutation($id: ID!) { escalateTopic(id: $id, note: "上报") { topic { id } errors { field code } } }
"""
TOPIC_DECIDE = """
mutation($id: ID!, $input: DecideTopicInput!) {
  decideTopic(id: $id, input: $input) { topic { id status } errors { field code } }
}
"""
GRANT = """
mutation($input: GrantRoleInput!) { grantRole(input: $input) { errors { field code } } }
"""
PARTY = """
mutation($r: ID!, $input: PartyMemberInput!) {
  setPartyMember(residentId: $r, input: $input) { errors { field code } }
}
"""


async def test_only_its_drafter_rewrites_a_convention_draft(api: Api, demo):
    # given: building1 drafts a revision of its building's convention
    street = await node_named(models.OrgLevel.STREET, 0)
    building = await first_node_of(models.OrgLevel.BUILDING, street)
    await discard_open_drafts(building.id)
    draft = (await ok(api, DRAFT, {"b": gid(building), "input": {
        "title": "楼栋公约（修订）", "sections": SECTIONS}}, "building1"))["version"]  # fmt: skip
    # when: grid1 (who could then decide its adoption) rewrites it
    rewritten = {"title": "网格长的公约", "sections": [{"section": "DOG_KEEPING", "body": "改"}]}
    codes = await error_codes(api, UPDATE_DRAFT, {"id": draft["id"], "input": rewritten}, "grid1")
    # then: FORBIDDEN, nothing written; building1 rewrites its own draft
    assert codes == ["FORBIDDEN"]
    row = await models.ConventionVersion.filter(
        title="楼栋公约（修订）", building_id=building.id
    ).first()
    assert row is not None
    assert row.status == models.ConventionStatus.DRAFT
    assert await models.ConventionSectionText.filter(version_id=row.id).count() == len(SECTIONS)
    mine = {"title": "楼栋公约（再修订）", "sections": SECTIONS[:1]}
    await ok(api, UPDATE_DRAFT, {"id": draft["id"], "input": mine}, "building1")


async def test_a_member_of_the_raisers_household_does_not_adopt_the_topic(api: Api, demo):
    # given: a second member of resident1's household, whose account (tied by grid1) street1
    # then makes the community's admin: a community worker living there
    street = await node_named(models.OrgLevel.STREET, 0)
    community = await first_node_of(models.OrgLevel.COMMUNITY, street)
    own = await models.Resident.get(user__username="resident1").select_related("household")
    mate = await models.Resident.filter(household_id=own.household_id).exclude(id=own.id).first()
    assert mate is not None
    await models.Resident.filter(id=mate.id).update(user_id=None)
    password_hash = (await models.User.get(username="resident1")).password_hash
    account = await models.User.create(
        username="mate1", display_name="mate1", password_hash=password_hash
    )
    await ok(api, LINK, {"id": gid(mate), "u": gid(account)}, "grid1")
    await ok(api, GRANT, {"input": {"userId": gid(account), "role": "COMMUNITY_ADMIN",
                                     "nodeId": gid(community)}}, "street1")  # fmt: skip
    # and: resident1 raises a topic, escalated by the building and the grid to the community
    building = await models.OrgNode.get(id=own.household.building_id)
    raised = await ok(api, TOPIC_RAISE, {"input": {
        "buildingId": gid(building), "title": "加装电梯", "description": "d",
        "category": "ENVIRONMENT"}}, "resident1")  # fmt: skip
    topic = raised["topic"]["id"]
    for leader in ("building1", "grid1"):
        await ok(api, TOPIC_ESCALATE, {"id": topic}, leader)
    # when / then: the household member may not adopt it; community1 may
    adopt = {"id": topic, "input": {"decision": "ADOPT"}}
    assert await error_codes(api, TOPIC_DECIDE, adopt, "mate1") == ["FORBIDDEN"]
    assert (await ok(api, TOPIC_DECIDE, adopt, "community1"))["topic"]["status"] == "ADOPTED"


@pytest.mark.parametrize("pledge", ["联系电话138/1234/5678", "联系电话138，1234，5678"])
async def test_a_pledge_refuses_a_phone_number_in_common_written_forms(api: Api, demo, pledge):
    street = await node_named(models.OrgLevel.STREET, 0)
    building = await first_node_of(models.OrgLevel.BUILDING, street)
    resident = await models.Resident.filter(household__building_id=building.id).first()
    assert resident is not None
    before = await models.PartyMember.all().order_by("id").values_list("id", "pledge")
    variables = {"r": gid(resident), "input": {"kind": "IN_SERVICE", "pledge": pledge,
                                               "showPublicly": True}}  # fmt: skip
    assert await error_codes(api, PARTY, variables, "building1") == ["INVALID"]
    assert await models.PartyMember.all().order_by("id").values_list("id", "pledge") == before
