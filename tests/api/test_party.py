"""Party members, titles, volunteer teams and mobile party members."""

from datetime import timedelta

import pytest

import models
from resolvers.errors import Conflict
from resolvers.validation import today
from tests.helpers import Api, first_node_of, gid, node_named

MOBILE = """
query Mobile($days: Int, $nodeId: ID) {
  mobilePartyMembers(notContactedWithinDays: $days, nodeId: $nodeId, first: 100) {
    totalCount
    edges { node { id kind workCity lastContactedOn contactPersons { username }
                   resident { name phone } contactLogs { contactedOn channel } } }
  }
}
"""

LOG_CONTACT = """
mutation Log($id: ID!, $input: ContactInput!) {
  logContact(partyMemberId: $id, input: $input) { contactLog { contactedOn } errors { field code } }
}
"""

SET_PARTY = """
mutation Set($id: ID!, $input: PartyMemberInput!) {
  setPartyMember(residentId: $id, input: $input) {
    partyMember { id kind workCity pledge resident { id } }
    errors { field code message }
  }
}
"""

ASSIGN_TITLE = """
mutation Assign($node: ID!, $resident: ID!, $kind: TitleKind!) {
  assignTitle(nodeId: $node, residentId: $resident, kind: $kind) {
    title { id kind node { id } resident { id } }
    errors { field code message }
  }
}
"""

TITLES = "query($node: ID!) { titles(nodeId: $node) { kind resident { name } } }"

CREATE_TEAM = """
mutation Team($node: ID!, $name: String!, $leader: ID) {
  createVolunteerTeam(nodeId: $node, name: $name, leaderId: $leader) {
    team { id name leader { id } members { id } }
    errors { field code message }
  }
}
"""

ADD_MEMBER = """
mutation Add($team: ID!, $resident: ID!) {
  addTeamMember(teamId: $team, residentId: $resident) {
    team { members { id } } errors { field code message }
  }
}
"""

TEAMS = "query { volunteerTeams(first: 100) { totalCount edges { node { id name } } } }"


async def grid1_node() -> models.OrgNode:
    return await first_node_of(models.OrgLevel.GRID, await node_named(models.OrgLevel.STREET, 0))


async def mobile_in(node: models.OrgNode) -> list[models.PartyMember]:
    return await models.PartyMember.filter(
        kind=models.PartyMemberKind.MOBILE,
        resident__household__building__path__startswith=node.path,
    ).order_by("id")


async def test_mobile_members_not_contacted_within_30_days(api: Api, demo):
    # given
    grid = await grid1_node()
    members = await mobile_in(grid)
    assert members, "the demo seed has mobile party members in grid1"
    since = today() - timedelta(days=30)
    stale = [
        m
        for m in members
        if not await models.ContactLog.filter(member_id=m.id, contacted_on__gte=since).exists()
    ]
    # when
    data = await api.gql(MOBILE, {"days": 30}, as_="grid1")
    # then
    assert {e["node"]["id"] for e in data["mobilePartyMembers"]["edges"]} == {gid(m) for m in stale}
    everyone = await api.gql(MOBILE, {"days": None}, as_="grid1")
    assert everyone["mobilePartyMembers"]["totalCount"] == len(members)
    assert all(
        e["node"]["contactPersons"] == [{"username": "grid1"}]
        for e in everyone["mobilePartyMembers"]["edges"]
    )


async def test_logging_a_contact_takes_the_member_off_the_list(api: Api, demo):
    grid = await grid1_node()
    before = await api.gql(MOBILE, {"days": 30}, as_="grid1")
    edges = before["mobilePartyMembers"]["edges"]
    if not edges:  # make one stale so the test always has work to do
        await models.ContactLog.filter(member_id=(await mobile_in(grid))[0].id).delete()
        edges = (await api.gql(MOBILE, {"days": 30}, as_="grid1"))["mobilePartyMembers"]["edges"]
    member_id = edges[0]["node"]["id"]
    data = await api.gql(
        LOG_CONTACT,
        {"id": member_id, "input": {"contactedOn": str(today()), "channel": "WECHAT"}},
        as_="grid1",
    )
    assert data["logContact"]["errors"] == []
    after = await api.gql(MOBILE, {"days": 30}, as_="grid1")
    assert member_id not in {e["node"]["id"] for e in after["mobilePartyMembers"]["edges"]}


async def test_contacts_cannot_lie_in_the_future_or_out_of_scope(api: Api, demo):
    grid = await grid1_node()
    member = (await mobile_in(grid))[0]
    future = await api.gql(
        LOG_CONTACT,
        {
            "id": gid(member),
            "input": {"contactedOn": str(today() + timedelta(days=2)), "channel": "PHONE"},
        },
        as_="grid1",
    )
    assert future["logContact"]["errors"][0]["field"] == "contactedOn"
    foreign = await api.gql(
        LOG_CONTACT,
        {"id": gid(member), "input": {"contactedOn": str(today()), "channel": "PHONE"}},
        as_="grid2",
    )
    assert foreign["logContact"]["errors"][0]["code"] == "NOT_FOUND"
    other_street = await api.gql(MOBILE, {"days": None}, as_="street2")
    assert gid(member) not in {e["node"]["id"] for e in other_street["mobilePartyMembers"]["edges"]}


async def _resident_in(building: models.OrgNode, party: bool | None = None) -> models.Resident:
    query = models.Resident.filter(household__building_id=building.id)
    if party is True:
        query = query.filter(party_member__id__isnull=False)
    if party is False:
        query = query.filter(party_member__id__isnull=True)
    row = await query.order_by("id").first()
    assert row is not None
    return row


async def test_party_profiles(api: Api, demo):
    building = await first_node_of(models.OrgLevel.BUILDING, await grid1_node())
    resident = await _resident_in(building, party=False)
    data = await api.gql(
        SET_PARTY,
        {
            "id": gid(resident),
            "input": {
                "kind": "MOBILE",
                "workCity": "深圳",
                "employer": "电子厂",
                "pledge": "按时交纳党费",
            },
        },
        as_="building1",
    )
    assert data["setPartyMember"]["errors"] == []
    assert data["setPartyMember"]["partyMember"]["workCity"] == "深圳"
    wrong = await api.gql(
        SET_PARTY,
        {"id": gid(resident), "input": {"kind": "RETIRED_CADRE", "workCity": "深圳"}},
        as_="building1",
    )
    assert wrong["setPartyMember"]["errors"][0]["code"] == "INVALID"
    assert (await models.PartyMember.get(resident_id=resident.id)).kind == "MOBILE"
    audited = await api.gql(
        SET_PARTY, {"id": gid(resident), "input": {"kind": "VETERAN"}}, as_="auditor1"
    )
    assert audited["setPartyMember"]["errors"][0]["code"] == "FORBIDDEN"


async def test_titles_follow_their_level_and_area(api: Api, demo):
    grid = await grid1_node()
    building = await first_node_of(models.OrgLevel.BUILDING, grid)
    member = await _resident_in(building, party=True)
    not_member = await _resident_in(building, party=False)
    other = await models.OrgNode.filter(parent_id=grid.id).exclude(id=building.id).first()
    assert other is not None
    elsewhere = await _resident_in(other)
    await models.Title.filter(node_id__in=[building.id, grid.id]).delete()  # start bare
    cases = [
        (building, member, "RED_STEWARD", None),
        (building, not_member, "RED_STEWARD", "INVALID"),  # stewards are party members
        (building, not_member, "GRID_WORKER", "INVALID"),  # grid workers sit at grids
        (grid, not_member, "GRID_WORKER", None),
        (building, elsewhere, "BUILDING_HEAD", "INVALID"),  # lives in another building
        (building, member, "RED_STEWARD", "CONFLICT"),
    ]
    for node, resident, kind, code in cases:
        data = await api.gql(
            ASSIGN_TITLE, {"node": gid(node), "resident": gid(resident), "kind": kind}, as_="grid1"
        )
        errors = data["assignTitle"]["errors"]
        assert (errors[0]["code"] if errors else None) == code, (kind, resident.name, errors)
    titles = await api.gql(TITLES, {"node": gid(grid)}, as_="grid1")
    assert {"kind": "GRID_WORKER", "resident": {"name": not_member.name}} in titles["titles"]
    assert (await api.gql(TITLES, {"node": gid(grid)}, as_="grid2"))["titles"] == []


async def test_volunteer_teams(api: Api, demo):
    community = await first_node_of(
        models.OrgLevel.COMMUNITY, await node_named(models.OrgLevel.STREET, 0)
    )
    building = await first_node_of(models.OrgLevel.BUILDING, community)
    leader = await _resident_in(building)
    created = await api.gql(
        CREATE_TEAM,
        {"node": gid(community), "name": "楼道清洁队", "leader": gid(leader)},
        as_="community1",
    )
    team = created["createVolunteerTeam"]["team"]
    assert team["leader"] == {"id": gid(leader)}
    assert team["members"] == [{"id": gid(leader)}]
    again = await api.gql(
        CREATE_TEAM, {"node": gid(community), "name": "楼道清洁队"}, as_="community1"
    )
    assert again["createVolunteerTeam"]["errors"][0]["code"] == "CONFLICT"
    refused = await api.gql(CREATE_TEAM, {"node": gid(building), "name": "x"}, as_="building1")
    assert refused["createVolunteerTeam"]["errors"][0]["code"] == "FORBIDDEN"
    street2 = await node_named(models.OrgLevel.STREET, 1)
    foreign = await models.Resident.filter(
        household__building__path__startswith=street2.path
    ).first()
    assert foreign is not None
    added = await api.gql(
        ADD_MEMBER, {"team": team["id"], "resident": gid(foreign)}, as_="community1"
    )
    assert added["addTeamMember"]["errors"][0]["code"] == "NOT_FOUND"
    teams2 = await api.gql(TEAMS, as_="community2")
    assert team["id"] not in {e["node"]["id"] for e in teams2["volunteerTeams"]["edges"]}
    assert (await api.gql("query($id: ID!) { node(id: $id) { id } }", {"id": team["id"]},
                          as_="street2"))["node"] is None  # fmt: skip


async def test_a_team_whose_leader_cannot_join_is_not_created(api: Api, demo, monkeypatch):
    # given: the team row is written, then adding its leader as a member fails
    community = await first_node_of(
        models.OrgLevel.COMMUNITY, await node_named(models.OrgLevel.STREET, 0)
    )
    leader = await _resident_in(await first_node_of(models.OrgLevel.BUILDING, community))

    async def refuse(**values: object) -> None:
        raise Conflict("The leader cannot join.", field="leaderId")

    monkeypatch.setattr(models.VolunteerTeamMember, "create", refuse)
    # when
    data = await api.gql(
        CREATE_TEAM,
        {"node": gid(community), "name": "楼道清洁队", "leader": gid(leader)},
        as_="community1",
    )
    # then: the error is reported and the team row is gone with it
    assert data["createVolunteerTeam"]["team"] is None
    assert data["createVolunteerTeam"]["errors"][0]["code"] == "CONFLICT"
    assert not await models.VolunteerTeam.exists(name="楼道清洁队")


@pytest.mark.parametrize("days", [0, -1, 99999])
async def test_bad_day_counts(api: Api, demo, days):
    body = await api.raw(MOBILE, {"days": days}, as_="grid1")
    assert body["errors"][0]["extensions"]["code"] == "INVALID"
