"""Meetings (议事会): a community council adds service items, a building council adopts a
convention revision; as the right and wrong users, scope between sibling subtrees, bad input."""

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tortoise.exceptions import OperationalError
from tortoise.transactions import in_transaction

import models
from resolvers.conventions.reading import MAX_PUBLIC_ITEMS, service_items_of
from resolvers.ids import decode_global_id
from tests.helpers import (
    Api,
    discard_open_drafts,
    error_codes,
    first_node_of,
    gid,
    node_named,
    ok,
    postgres_only,
)

ERR = "errors { field code message }"
SCHEDULE = """
mutation($input: ScheduleMeetingInput!) {
  scheduleMeeting(input: $input) {
    meeting { id status type invitedCount attendees { id kind name present } }
      errors { field code message }
  }
}
"""
HOLD = "mutation($id: ID!) { holdMeeting(id: $id) { meeting { status } " + ERR + " } }"
ATTEND = """
mutation($m: ID!, $p: [ID!]!, $a: [ID!]) {
  recordMeetingAttendance(meetingId: $m, presentIds: $p, absentIds: $a) {
    meeting { presentCount quorumNeeded hasQuorum } errors { field code message }
  }
}
"""
MINUTES = """
mutation($id: ID!, $m: String!) {
  writeMeetingMinutes(id: $id, minutes: $m) { meeting { minutes } errors { field code message } }
}
"""
CLOSE = "mutation($id: ID!) { closeMeeting(id: $id) { meeting { status } " + ERR + " } }"
PROPOSE = """
mutation($m: ID!, $input: ProposeResolutionInput!) {
  proposeResolution(meetingId: $m, input: $input) { resolution { id status kind }
    errors { field code message } }
}
"""
RECORD = """
mutation($r: ID!, $a: ID!, $c: VoteChoice!) {
  recordVote(resolutionId: $r, attendeeId: $a, choice: $c) {
    resolution { votesFor votesAgainst votesAbstain } errors { field code message }
  }
}
"""
CAST = """
mutation($r: ID!, $c: VoteChoice!) {
  castVote(resolutionId: $r, choice: $c) { resolution { votesFor } errors { field code message } }
}
"""
DECIDE = """
mutation($id: ID!) {
  decideResolution(id: $id) {
    resolution { status votesFor serviceItems { number title status } conventionVersion { status } }
    errors { field code message }
  }
}
"""
DRAFT = """
mutation($b: ID!, $input: ConventionDraftInput!) {
  draftConventionVersion(buildingId: $b, input: $input) { version { id number status }
    errors { field code message } }
}
"""
UPDATE_DRAFT = """
mutation($id: ID!, $input: ConventionDraftInput!) {
  updateConventionDraft(id: $id, input: $input) { version { id title }
    errors { field code message } }
}
"""
CURRENT = """
query($b: ID!) { currentConvention(buildingId: $b) { id number sections { section body } } }
"""
DIFF = """
query($f: ID!, $t: ID!) {
  conventionDiff(fromId: $f, toId: $t) { section change added removed unified }
}
"""
MEETINGS = "query { meetings(first: 100) { totalCount edges { node { id node { id } } } } }"
RESOLUTIONS = (
    "query { resolutions(first: 100) { totalCount edges { node { id votes { choice } } } } }"
)
ITEMS = "query { serviceItems(first: 100) { totalCount edges { node { id community { id } } } } }"
VERSIONS = """
query { conventionVersions(first: 100) { totalCount edges { node { id status building { id } } } } }
"""
SHOW = "query($id: ID!) { node(id: $id) { id } }"


def _pk(global_id: str) -> int:
    return decode_global_id(global_id)[1]


async def _residents(node: models.OrgNode, n: int, *, first: str | None = None) -> list[str]:
    """`n` residents of the node's subtree (resident1's first when `first` names it)."""
    rows = (
        await models.Resident.filter(household__building_path__startswith=node.path, active=True)
        .order_by("id")
        .limit(n + 1)
    )
    ids = [gid(r) for r in rows]
    if first:
        own = await models.Resident.get(user__username=first)
        ids = [gid(own)] + [i for i in ids if i != gid(own)]
    return ids[:n]


async def _held(
    api: Api, node: models.OrgNode, type: str, as_: str, n: int, *, present: int | None = None
) -> tuple[str, list[str]]:
    """A meeting at `node` with `n` residents invited (resident1 first), held, `present` of
    them recorded present (all by default): (meeting id, attendee ids)."""
    residents = await _residents(node, n, first="resident1")
    starts = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    payload = await ok(api, SCHEDULE, {"input": {
        "nodeId": gid(node), "type": type, "title": "议事会", "startsAt": starts,
        "place": "党群服务站", "agenda": ["审议"],
        "invitees": {"residentIds": residents,
                     "parties": [{"kind": "PROPERTY_COMPANY", "name": "王经理",
                                  "organisation": "恒信物业"}]},
    }}, as_)  # fmt: skip
    meeting = payload["meeting"]["id"]
    attendees = [a["id"] for a in payload["meeting"]["attendees"]]
    await ok(api, HOLD, {"id": meeting}, as_)
    count = len(attendees) if present is None else present
    await ok(api, ATTEND, {"m": meeting, "p": attendees[:count]}, as_)
    return meeting, attendees


SECTIONS = [
    {"section": "RESPECT_ELDERS", "body": "尊敬老人，关爱儿童。"},
    {"section": "DOG_KEEPING", "body": "遛狗拴绳。\n及时清理粪便。"},
]


async def test_a_community_council_adds_service_items_with_recorded_votes(api: Api, demo):
    # given: community1's council, 8 residents (resident1 among them) and the property company
    community = await node_named(models.OrgLevel.COMMUNITY, 0)
    meeting, attendees = await _held(api, community, "COMMUNITY_COUNCIL", "community1", 8)
    before = await models.ServiceItem.filter(community_id=community.id).count()
    items = [
        {"category": "ELDERLY", "title": "助老理发", "description": "每月一次"},
        {"category": "SAFETY", "title": "电动车集中充电"},
    ]
    # when: a resolution adds two items; the recorder records votes, resolution1 votes itself
    resolution = (await ok(api, PROPOSE, {"m": meeting, "input": {
        "kind": "ADD_SERVICE_ITEMS", "title": "新增服务事项", "serviceItems": items}},
        "community1"))["resolution"]["id"]  # fmt: skip
    for attendee, choice in zip(
        attendees[1:6], ["FOR", "FOR", "FOR", "AGAINST", "ABSTAIN"], strict=True
    ):
        await ok(api, RECORD, {"r": resolution, "a": attendee, "c": choice}, "community1")
    await ok(api, CAST, {"r": resolution, "c": "FOR"}, "resident1")
    decided = (await ok(api, DECIDE, {"id": resolution}, "community1"))["resolution"]
    # then: passed (4 of 6 cast), the items numbered after the community's list
    assert decided["status"] == "PASSED"
    assert decided["votesFor"] == 4
    numbers = [i["number"] for i in decided["serviceItems"]]
    assert numbers == [before + 1, before + 2]
    # and resident1 reads them in its community's list, resident2 (the other street) does not
    mine = await api.gql(ITEMS, as_="resident1")
    ids = {e["node"]["id"] for e in mine["serviceItems"]["edges"]}
    created = {gid(i) for i in await models.ServiceItem.filter(resolution_id=_pk(resolution))}
    assert created <= ids
    theirs = await api.gql(ITEMS, as_="resident2")
    assert not created & {e["node"]["id"] for e in theirs["serviceItems"]["edges"]}
    # and resident1 reads the tallies but not who voted what; community1 reads the votes
    query = "query($id: ID!) { node(id: $id) { ... on Resolution { votesFor votes { choice } } } }"
    seen = (await api.gql(query, {"id": resolution}, as_="resident1"))["node"]
    assert seen == {"votesFor": 4, "votes": None}
    staff = (await api.gql(query, {"id": resolution}, as_="community1"))["node"]
    assert len(staff["votes"]) == 6
    # and the meeting closes once its minutes are written
    assert await error_codes(api, CLOSE, {"id": meeting}, "community1") == ["INVALID_TRANSITION"]
    await ok(api, MINUTES, {"id": meeting, "m": "审议通过新增服务事项两项。"}, "community1")
    assert (await ok(api, CLOSE, {"id": meeting}, "community1"))["meeting"]["status"] == "CLOSED"


async def test_a_building_council_adopts_a_convention_revision_which_never_changes(api: Api, demo):
    # given: building1's building, its current convention (seeded) and a new draft
    street = await node_named(models.OrgLevel.STREET, 0)
    building = await first_node_of(models.OrgLevel.BUILDING, street)
    await discard_open_drafts(building.id)
    old = (await api.gql(CURRENT, {"b": gid(building)}, as_="resident1"))["currentConvention"]
    draft = (await ok(api, DRAFT, {"b": gid(building), "input": {
        "title": "楼栋公约（修订）", "sections": SECTIONS}}, "building1"))["version"]  # fmt: skip
    assert draft["status"] == "DRAFT"
    # and residents do not read the draft
    assert (await api.gql(SHOW, {"id": draft["id"]}, as_="resident1"))["node"] is None
    # when: a building council of 6 present adopts it, 5 for and 1 against (5/6 >= 2/3)
    meeting, attendees = await _held(api, building, "BUILDING_COUNCIL", "building1", 6)
    resolution = (await ok(api, PROPOSE, {"m": meeting, "input": {
        "kind": "ADOPT_CONVENTION", "title": "通过楼栋公约修订",
        "conventionVersionId": draft["id"]}}, "building1"))["resolution"]["id"]  # fmt: skip
    for attendee, choice in zip(attendees[:6], ["FOR"] * 5 + ["AGAINST"], strict=True):
        await ok(api, RECORD, {"r": resolution, "a": attendee, "c": choice}, "building1")
    # and: building1 drafted it, so another who runs the meeting (grid1) decides it
    assert await error_codes(api, DECIDE, {"id": resolution}, "building1") == ["FORBIDDEN"]
    voting = await models.Resolution.get(id=_pk(resolution))
    assert voting.status is models.ResolutionStatus.VOTING
    decided = (await ok(api, DECIDE, {"id": resolution}, "grid1"))["resolution"]
    # then: adopted, and the building's current convention for resident1
    assert decided["status"] == "PASSED"
    assert decided["conventionVersion"]["status"] == "ADOPTED"
    current = (await api.gql(CURRENT, {"b": gid(building)}, as_="resident1"))["currentConvention"]
    assert current["id"] == draft["id"]
    # and the diff from the old version says what changed, section by section
    diff = await api.gql(DIFF, {"f": old["id"], "t": draft["id"]}, as_="resident1")
    by_section = {d["section"]: d for d in diff["conventionDiff"]}
    assert by_section["DOG_KEEPING"]["change"] == "CHANGED"
    assert "及时清理粪便。" in by_section["DOG_KEEPING"]["added"]
    assert by_section["HYGIENE"]["change"] == "REMOVED"
    # when: building1 edits the adopted version in place
    codes = await error_codes(api, UPDATE_DRAFT, {"id": draft["id"], "input": {
        "title": "改", "sections": SECTIONS[:1]}}, "building1")  # fmt: skip
    # then: refused, nothing written
    assert codes == ["INVALID_TRANSITION"]
    version = await models.ConventionVersion.get(id=_pk(draft["id"]))
    assert version.title == "楼栋公约（修订）"
    assert await models.ConventionSectionText.filter(version_id=version.id).count() == 2
    # and the other street's leaders and residents see nothing of it
    for user in ("grid2", "resident2", "community2"):
        assert (await api.gql(SHOW, {"id": draft["id"]}, as_=user))["node"] is None, user
        other = (await api.gql(CURRENT, {"b": gid(building)}, as_=user))["currentConvention"]
        assert other is None, user


async def test_votes_only_from_present_attendees_once_and_with_a_quorum(api: Api, demo):
    # given: a building council of 6 invited, 5 present (the quorum), the 6th absent
    street = await node_named(models.OrgLevel.STREET, 0)
    building = await first_node_of(models.OrgLevel.BUILDING, street)
    meeting, attendees = await _held(api, building, "BUILDING_COUNCIL", "building1", 6, present=5)
    resolution = (await ok(api, PROPOSE, {"m": meeting, "input": {
        "kind": "GENERAL", "title": "加装电梯"}}, "building1"))["resolution"]["id"]  # fmt: skip
    await ok(api, RECORD, {"r": resolution, "a": attendees[1], "c": "FOR"}, "building1")
    votes = await models.ResolutionVote.filter(resolution_id=_pk(resolution)).count()
    # when / then: an absent attendee's vote is INVALID, a second vote CONFLICT, nothing written
    absent = attendees[5] if attendees[5] != attendees[-1] else attendees[-1]
    assert await error_codes(api, RECORD, {"r": resolution, "a": absent, "c": "FOR"},
                        "building1") == ["INVALID"]  # fmt: skip
    assert await error_codes(api, RECORD, {"r": resolution, "a": attendees[1], "c": "AGAINST"},
                        "building1") == ["CONFLICT"]  # fmt: skip
    # and an attendee of another meeting is NOT_FOUND
    community = await node_named(models.OrgLevel.COMMUNITY, 0)
    _, others = await _held(api, community, "COMMUNITY_COUNCIL", "community1", 8)
    assert await error_codes(api, RECORD, {"r": resolution, "a": others[0], "c": "FOR"},
                        "building1") == ["NOT_FOUND"]  # fmt: skip
    assert await models.ResolutionVote.filter(resolution_id=_pk(resolution)).count() == votes
    row = await models.Resolution.get(id=_pk(resolution))
    assert (row.votes_for, row.votes_against) == (1, 0)
    # and resident1 casts once; volunteer1 (not invited) may not cast
    await ok(api, CAST, {"r": resolution, "c": "ABSTAIN"}, "resident1")
    assert await error_codes(api, CAST, {"r": resolution, "c": "FOR"}, "resident1") == ["CONFLICT"]
    # when: two present leave, the quorum (5) is lost
    await ok(api, ATTEND, {"m": meeting, "p": [], "a": attendees[3:5]}, "building1")
    # then: proposing and deciding are refused, nothing written
    count = await models.Resolution.all().count()
    general = {"kind": "GENERAL", "title": "x"}
    codes = await error_codes(api, PROPOSE, {"m": meeting, "input": general}, "building1")
    assert codes == ["INVALID_TRANSITION"]
    assert await models.Resolution.all().count() == count
    assert await error_codes(api, DECIDE, {"id": resolution}, "building1") == ["INVALID_TRANSITION"]
    assert (await models.Resolution.get(id=_pk(resolution))).status == "VOTING"
    # and an attendee who voted cannot be marked absent
    codes = await error_codes(
        api, ATTEND, {"m": meeting, "p": [], "a": [attendees[1]]}, "building1"
    )
    assert codes == ["INVALID_TRANSITION"]


async def test_only_those_who_may_convene_run_meetings(api: Api, demo):
    # given
    street = await node_named(models.OrgLevel.STREET, 0)
    building = await first_node_of(models.OrgLevel.BUILDING, street)
    grid = await first_node_of(models.OrgLevel.GRID, street)
    starts = (datetime.now(UTC) + timedelta(days=1)).isoformat()

    def schedule(node: models.OrgNode, type: str) -> dict[str, Any]:
        return {"input": {"nodeId": gid(node), "type": type, "title": "会", "startsAt": starts,
                          "place": "站"}}  # fmt: skip

    # then: the auditor and a resident are FORBIDDEN, a building leader at the grid too
    assert await error_codes(api, SCHEDULE, schedule(building, "BUILDING_COUNCIL"), "auditor1") == [
        "FORBIDDEN"
    ]
    assert await error_codes(
        api, SCHEDULE, schedule(building, "BUILDING_COUNCIL"), "resident1"
    ) == ["FORBIDDEN"]
    assert await error_codes(api, SCHEDULE, schedule(grid, "GRID_COUNCIL"), "building1") == [
        "FORBIDDEN"
    ]
    # and the other street's community admin does not find the building
    assert await error_codes(
        api, SCHEDULE, schedule(building, "BUILDING_COUNCIL"), "community2"
    ) == ["NOT_FOUND"]
    # and a type not of the node's level is INVALID
    assert await error_codes(api, SCHEDULE, schedule(grid, "BUILDING_COUNCIL"), "grid1") == [
        "INVALID"
    ]
    # and a meeting of street1 looks missing to community2, and cannot be held by it
    meeting = (await ok(api, SCHEDULE, schedule(grid, "GRID_COUNCIL"), "grid1"))["meeting"]
    assert (await api.gql(SHOW, {"id": meeting["id"]}, as_="community2"))["node"] is None
    assert await error_codes(api, HOLD, {"id": meeting["id"]}, "community2") == ["NOT_FOUND"]
    assert await error_codes(api, HOLD, {"id": meeting["id"]}, "auditor1") == ["FORBIDDEN"]
    # and a service-items resolution is refused outside a community council, nothing written
    held, _ = await _held(api, building, "BUILDING_COUNCIL", "building1", 6)
    items = [{"category": "HEALTH", "title": "义诊"}]
    adding = {"kind": "ADD_SERVICE_ITEMS", "title": "新增", "serviceItems": items}
    codes = await error_codes(api, PROPOSE, {"m": held, "input": adding}, "building1")
    assert codes == ["INVALID_TRANSITION"]
    assert not await models.Resolution.exists(meeting_id=_pk(held))


async def test_sibling_subtrees_see_nothing_of_each_other(api: Api, demo):
    # given: each street's staff and residents
    streets = [await node_named(models.OrgLevel.STREET, i) for i in (0, 1)]
    lists = [
        (MEETINGS, "meetings", "node"),
        (ITEMS, "serviceItems", "community"),
        (VERSIONS, "conventionVersions", "building"),
    ]
    for number, street in ((1, streets[0]), (2, streets[1])):
        for stem in ("community", "building", "resident", "auditor"):
            user = f"{stem}{number}"
            for query, field, at in lists:
                data = (await api.gql(query, as_=user))[field]
                for edge in data["edges"]:
                    node = await models.OrgNode.get(id=_pk(edge["node"][at]["id"]))
                    # service items live at the community, which holds the viewer's node
                    assert node.path.startswith(street.path), (user, field)
            resolutions = (await api.gql(RESOLUTIONS, as_=user))["resolutions"]["edges"]
            for edge in resolutions:
                row = await models.Resolution.get(id=_pk(edge["node"]["id"]))
                assert row.node_path.startswith(street.path), (user, "resolutions")
    # and staff see their subtree's meetings; residents only their building's
    mine = (await api.gql(MEETINGS, as_="resident1"))["meetings"]["edges"]
    resident = await models.Resident.get(user__username="resident1").prefetch_related("household")
    for edge in mine:
        meeting = await models.Meeting.get(
            id=_pk(edge["id"] if "id" in edge else edge["node"]["id"])
        )
        attends = await models.MeetingAttendee.exists(
            meeting_id=meeting.id, resident_id=resident.id
        )
        assert meeting.node_id == resident.household.building_id or attends
    assert (await api.gql(MEETINGS, as_="community1"))["meetings"]["totalCount"] >= 9


async def test_unknown_and_foreign_ids_look_missing(api: Api, demo):
    # given: a resolution and service item of street2
    other = await models.Resolution.filter(node_path__startswith=(
        await node_named(models.OrgLevel.STREET, 1)).path).first()  # fmt: skip
    item = await models.ServiceItem.filter(node_path__startswith=(
        await node_named(models.OrgLevel.STREET, 1)).path).first()  # fmt: skip
    assert other is not None
    assert item is not None
    # then: community1 gets NOT_FOUND, as for an id that names nothing
    for resolution_id in (gid(other), "UmVzb2x1dGlvbjo5OTk5OTk="):
        assert await error_codes(api, DECIDE, {"id": resolution_id}, "community1") == ["NOT_FOUND"]
    retire = "mutation($id: ID!) { retireServiceItem(id: $id) { serviceItem { id } " + ERR + " } }"
    assert await error_codes(api, retire, {"id": gid(item)}, "community1") == ["NOT_FOUND"]
    # and community2 retires it; resident2 may read but not retire
    assert await error_codes(api, retire, {"id": gid(item)}, "resident2") == ["FORBIDDEN"]
    await ok(api, retire, {"id": gid(item)}, "community2")
    assert await error_codes(api, retire, {"id": gid(item)}, "community2") == ["INVALID_TRANSITION"]


@postgres_only
async def test_concurrent_votes_are_each_counted_once(api: Api, demo):
    # given: a building council with a resolution on the vote
    street = await node_named(models.OrgLevel.STREET, 0)
    building = await first_node_of(models.OrgLevel.BUILDING, street)
    meeting, attendees = await _held(api, building, "BUILDING_COUNCIL", "building1", 6)
    resolution = (await ok(api, PROPOSE, {"m": meeting, "input": {
        "kind": "GENERAL", "title": "加装电梯"}}, "building1"))["resolution"]["id"]  # fmt: skip
    await api.token("resident1")
    # when: the recorder records one attendee twice at once, others, and resident1 casts
    results = await asyncio.gather(
        api.gql(RECORD, {"r": resolution, "a": attendees[1], "c": "FOR"}, as_="building1"),
        api.gql(RECORD, {"r": resolution, "a": attendees[1], "c": "AGAINST"}, as_="building1"),
        api.gql(RECORD, {"r": resolution, "a": attendees[2], "c": "FOR"}, as_="building1"),
        api.gql(RECORD, {"r": resolution, "a": attendees[3], "c": "AGAINST"}, as_="building1"),
        api.gql(CAST, {"r": resolution, "c": "FOR"}, as_="resident1"),
        api.gql(CAST, {"r": resolution, "c": "FOR"}, as_="resident1"),
    )
    # then: one of each pair is CONFLICT, and the tallies count each vote once
    codes = [[e["code"] for e in next(iter(r.values()))["errors"]] for r in results]
    assert sorted(map(tuple, codes[:2])) == [(), ("CONFLICT",)]
    assert sorted(map(tuple, codes[4:])) == [(), ("CONFLICT",)]
    assert codes[2:4] == [[], []]
    votes = await models.ResolutionVote.filter(resolution_id=_pk(resolution))
    row = await models.Resolution.get(id=_pk(resolution))
    assert len(votes) == 4
    assert row.votes_for + row.votes_against + row.votes_abstain == 4
    assert row.votes_for == sum(1 for v in votes if v.choice is models.VoteChoice.FOR)


@postgres_only
async def test_the_database_refuses_to_change_an_adopted_version(demo):
    from asyncpg.exceptions import RaiseError

    # given: a seeded adopted version
    version = await models.ConventionVersion.filter(status=models.ConventionStatus.ADOPTED).first()
    assert version is not None
    db = models.ConventionVersion._meta.db
    # when / then: updating or deleting it or its sections is refused by the trigger
    for statement in (
        "UPDATE convention_version SET title = 'x' WHERE id = $1",
        "DELETE FROM convention_version WHERE id = $1",
        "UPDATE convention_section SET body = 'x' WHERE version_id = $1",
        "DELETE FROM convention_section WHERE version_id = $1",
    ):
        with pytest.raises((OperationalError, RaiseError), match="never changes"):
            async with in_transaction():
                await db.execute_query(statement, [version.id])
    assert (await models.ConventionVersion.get(id=version.id)).title == version.title


async def test_a_move_carries_the_paths_of_meetings_resolutions_and_conventions(api: Api, demo):
    # given: a building with seeded councils, resolutions and adopted convention versions
    street = await node_named(models.OrgLevel.STREET, 0)
    community = await first_node_of(models.OrgLevel.COMMUNITY, street)
    grids = await models.OrgNode.filter(parent_id=community.id).order_by("id")
    building = await first_node_of(models.OrgLevel.BUILDING, grids[0])
    assert await models.Resolution.filter(meeting__node_id=building.id).exists()
    assert await models.ConventionVersion.filter(
        building_id=building.id, status=models.ConventionStatus.ADOPTED
    ).exists()
    move = "mutation($id: ID!, $to: ID!) { moveOrgNode(id: $id, newParentId: $to) { " + ERR + " } }"
    # when
    data = await api.gql(move, {"id": gid(building), "to": gid(grids[1])}, as_="community1")
    # then: every copy equals its node's path again (the adopted versions' too)
    assert data["moveOrgNode"]["errors"] == []
    new_path = f"{grids[1].path}{building.id}/"
    for model, key in ((models.Meeting, "node"), (models.ConventionVersion, "building")):
        copied = await model.all().values_list("node_path", f"{key}__path")
        assert all(mine == source for mine, source in copied)
    for meeting_path, path in await models.Resolution.all().values_list(
        "node_path", "meeting__node_path"
    ):
        assert meeting_path == path
    assert await models.Meeting.filter(node_id=building.id, node_path=new_path).exists()


async def test_the_service_items_export_is_scoped(api: Api, demo, client) -> None:
    from tests.api.test_exports import get

    community = await node_named(models.OrgLevel.COMMUNITY, 0)
    path = "/exports/service-items.csv"
    response = await get(client, api, path, "resident1", communityId=gid(community))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("社区,序号,类别")
    items = await models.ServiceItem.filter(community_id=community.id)
    assert all(item.title in text for item in items)
    outside = await get(client, api, path, "resident2", communityId=gid(community))
    assert outside.status_code == 404
    theirs = (await get(client, api, path, "community2")).content.decode("utf-8-sig")
    assert community.name not in theirs


INVITE = """
mutation($m: ID!, $i: MeetingInviteesInput!) {
  inviteMeetingAttendees(meetingId: $m, invitees: $i) { meeting { invitedCount }
    errors { field code message } }
}
"""


async def test_invites_and_drafts_refuse_bad_input_and_write_nothing(api: Api, demo):
    # given: a building council of building1's building, scheduled
    street = await node_named(models.OrgLevel.STREET, 0)
    grid = await first_node_of(models.OrgLevel.GRID, street)
    building = await first_node_of(models.OrgLevel.BUILDING, street)
    starts = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    meeting = (await ok(api, SCHEDULE, {"input": {
        "nodeId": gid(building), "type": "BUILDING_COUNCIL", "title": "会", "startsAt": starts,
        "place": "站", "invitees": {"residentIds": await _residents(building, 2)}}},
        "community1"))["meeting"]["id"]  # fmt: skip
    neighbour = (
        await models.Resident.filter(household__building_path__startswith=grid.path, active=True)
        .exclude(household__building_id=building.id)
        .first()
    )
    foreign = await models.Resident.filter(
        household__building_path__startswith=(await node_named(models.OrgLevel.STREET, 1)).path
    ).first()
    assert neighbour is not None
    assert foreign is not None
    before = await models.MeetingAttendee.filter(meeting_id=_pk(meeting)).count()
    cases = [
        ({"residentIds": [gid(neighbour)]}, "INVALID"),  # lives outside the meeting's building
        ({"residentIds": [gid(foreign)]}, "NOT_FOUND"),  # outside community1's scope
        ({"residentIds": (await _residents(building, 1))}, "CONFLICT"),  # invited already
        ({"parties": [{"kind": "RESIDENT", "name": "张三"}]}, "INVALID"),  # residents by id
    ]
    for invitees, code in cases:
        # when / then
        assert await error_codes(api, INVITE, {"m": meeting, "i": invitees}, "community1") == [code]
    assert await models.MeetingAttendee.filter(meeting_id=_pk(meeting)).count() == before
    # and a second open draft of one building is a CONFLICT; a grid is no building
    await discard_open_drafts(building.id)
    text = {"title": "公约", "sections": SECTIONS}
    await ok(api, DRAFT, {"b": gid(building), "input": text}, "building1")
    assert await error_codes(api, DRAFT, {"b": gid(building), "input": text}, "building1") == [
        "CONFLICT"
    ]
    assert await error_codes(api, DRAFT, {"b": gid(grid), "input": text}, "grid1") == ["INVALID"]
    twice = {"title": "公约", "sections": [SECTIONS[0], SECTIONS[0]]}
    assert await error_codes(api, UPDATE_DRAFT, {"id": gid(
        await models.ConventionVersion.get(building_id=building.id, status="DRAFT")),
        "input": twice}, "building1") == ["INVALID"]  # fmt: skip
    # and the other street's building leader and the auditor may not draft here
    assert await error_codes(api, DRAFT, {"b": gid(building), "input": text}, "building2") == [
        "NOT_FOUND"
    ]
    assert await error_codes(api, DRAFT, {"b": gid(building), "input": text}, "auditor1") == [
        "FORBIDDEN"
    ]


UPDATE = """
mutation($id: ID!, $input: UpdateMeetingInput!) {
  updateMeeting(id: $id, input: $input) { meeting { id } errors { field code message } }
}
"""


def _starts() -> str:
    return (datetime.now(UTC) + timedelta(days=1)).isoformat()


async def _council_of(api: Api, invitees: dict[str, Any]) -> dict[str, Any]:
    community = await node_named(models.OrgLevel.COMMUNITY, 0)
    data = await api.gql(SCHEDULE, {"input": {
        "nodeId": gid(community), "type": "COMMUNITY_COUNCIL", "title": "议事会",
        "startsAt": _starts(), "place": "站", "agenda": ["审议"], "invitees": invitees,
    }}, as_="community1")  # fmt: skip
    payload: dict[str, Any] = data["scheduleMeeting"]
    return payload


async def test_one_person_holds_one_seat_resident_or_account(api: Api, demo):
    # given: resident1's resident record and resident1's account (review 13, finding 1)
    community = await node_named(models.OrgLevel.COMMUNITY, 0)
    own = await models.Resident.get(user__username="resident1")
    user = await models.User.get(username="resident1")
    others = (await _residents(community, 9, first="resident1"))[1:]
    meetings = await models.Meeting.all().count()
    # when: both are invited in one request, then: CONFLICT and nothing written
    payload = await _council_of(api, {"residentIds": [gid(own), *others], "userIds": [gid(user)]})
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("invitees", "CONFLICT")]
    assert await models.Meeting.all().count() == meetings
    # and: one, then the other in a later invitation, either way round: CONFLICT
    for first, then in (({"residentIds": [gid(own)]}, {"userIds": [gid(user)]}),
                        ({"userIds": [gid(user)]}, {"residentIds": [gid(own)]})):  # fmt: skip
        payload = await _council_of(api, {**first, "parties": []})
        assert payload["errors"] == [], payload
        meeting = payload["meeting"]["id"]
        assert await error_codes(api, INVITE, {"m": meeting, "i": then}, "community1") == [
            "CONFLICT"
        ]
        assert await models.MeetingAttendee.filter(meeting_id=_pk(meeting)).count() == 1
    # while another resident's account beside resident1's record is fine
    staff = await models.User.get(username="community1")
    payload = await _council_of(api, {"residentIds": [gid(own)], "userIds": [gid(staff)]})
    assert payload["errors"] == [], payload


async def test_cast_vote_of_a_person_seated_twice_is_a_conflict_not_a_500(api: Api, demo):
    # given: resident1 seated twice (as written before one seat per person was enforced)
    community = await node_named(models.OrgLevel.COMMUNITY, 0)
    meeting, _ = await _held(api, community, "COMMUNITY_COUNCIL", "community1", 8)
    user = await models.User.get(username="resident1")
    await models.MeetingAttendee.create(
        meeting_id=_pk(meeting), kind=models.AttendeeKind.STAFF, subject_key=f"user:{user.id}",
        name=user.display_name, user_id=user.id, present=True,
    )  # fmt: skip
    resolution = (await ok(api, PROPOSE, {"m": meeting, "input": {
        "kind": "GENERAL", "title": "x"}}, "community1"))["resolution"]["id"]  # fmt: skip
    # when: resident1 casts their own vote, then: CONFLICT (the recorder records it), no vote
    body = await api.raw(CAST, {"r": resolution, "c": "FOR"}, as_="resident1")
    assert "errors" not in body, body["errors"]
    assert [e["code"] for e in body["data"]["castVote"]["errors"]] == ["CONFLICT"]
    assert not await models.ResolutionVote.exists(resolution_id=_pk(resolution))


async def test_outside_parties_attend_but_neither_count_nor_vote(api: Api, demo):
    # given: community1 raises a topic and escalates it to their own community (finding 3a)
    street = await node_named(models.OrgLevel.STREET, 0)
    community = await first_node_of(models.OrgLevel.COMMUNITY, street)
    building = await first_node_of(models.OrgLevel.BUILDING, street)
    data = await api.gql("""mutation($input: RaiseTopicInput!) {
      raiseTopic(input: $input) { topic { id } errors { code } } }""", {"input": {
        "buildingId": gid(building), "title": "加装充电桩", "description": "d",
        "category": "ENVIRONMENT"}}, as_="community1")  # fmt: skip
    topic = data["raiseTopic"]["topic"]["id"]
    for _ in range(2):
        data = await api.gql(
            'mutation($id: ID!) { escalateTopic(id: $id, note: "上报") { errors { code } } }',
            {"id": topic}, as_="community1",
        )  # fmt: skip
        assert data["escalateTopic"]["errors"] == [], data
    # and: a council of seven outside parties typed in by community1, all present
    parties = [{"kind": "OTHER_PARTY", "name": f"代表{i}", "organisation": "x"} for i in range(7)]
    payload = await ok(api, SCHEDULE, {"input": {
        "nodeId": gid(community), "type": "COMMUNITY_COUNCIL", "title": "议事会",
        "startsAt": _starts(), "place": "站", "agenda": ["审议"],
        "invitees": {"parties": parties}}}, "community1")  # fmt: skip
    assert payload["meeting"]["invitedCount"] == 0
    meeting = payload["meeting"]["id"]
    seats = [a["id"] for a in payload["meeting"]["attendees"]]
    await ok(api, HOLD, {"id": meeting}, "community1")
    attended = await ok(api, ATTEND, {"m": meeting, "p": seats}, "community1")
    # then: no quorum (parties do not count), and the topic cannot be put to their vote
    assert attended["meeting"] == {"presentCount": 0, "quorumNeeded": 7, "hasQuorum": False}
    adopt = {"kind": "ADOPT_TOPIC", "title": "采纳", "topicId": topic}
    assert await error_codes(api, PROPOSE, {"m": meeting, "input": adopt}, "community1") == [
        "INVALID_TRANSITION"
    ]
    assert (await models.Topic.get(id=_pk(topic))).status is models.TopicStatus.OPEN
    # and in a council with its quorum of residents, a party's vote is refused (INVALID)
    meeting, _ = await _held(api, community, "COMMUNITY_COUNCIL", "community1", 8)
    party = await models.MeetingAttendee.get(
        meeting_id=_pk(meeting), kind=models.AttendeeKind.PROPERTY_COMPANY
    )
    resolution = (await ok(api, PROPOSE, {"m": meeting, "input": {
        "kind": "GENERAL", "title": "x"}}, "community1"))["resolution"]["id"]  # fmt: skip
    assert await error_codes(
        api, RECORD, {"r": resolution, "a": gid(party), "c": "FOR"}, "community1"
    ) == ["INVALID"]
    assert not await models.ResolutionVote.exists(resolution_id=_pk(resolution))


@pytest.mark.parametrize(
    "when", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+00:00", "FAR", "LONG_AGO"]
)
async def test_a_meeting_starts_within_bounds(api: Api, demo, when: str):
    # given: a start at the calendar's edges, or just past the bounds (finding 5)
    if when == "FAR":
        when = (datetime.now(UTC) + timedelta(days=2 * 366 + 1)).isoformat()
    elif when == "LONG_AGO":
        when = (datetime.now(UTC) - timedelta(days=367)).isoformat()
    street = await node_named(models.OrgLevel.STREET, 0)
    building = await first_node_of(models.OrgLevel.BUILDING, street)
    before = await models.Meeting.all().count()
    # when: a meeting is scheduled, then: INVALID on startsAt (never a 500), nothing written
    body = await api.raw(SCHEDULE, {"input": {
        "nodeId": gid(building), "type": "BUILDING_COUNCIL", "title": "t",
        "startsAt": when, "place": "p", "agenda": []}}, as_="building1")  # fmt: skip
    assert "errors" not in body, body["errors"]
    errors = body["data"]["scheduleMeeting"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("startsAt", "INVALID")]
    assert await models.Meeting.all().count() == before
    # and: moved there by updateMeeting likewise, the start unchanged
    scheduled = await ok(api, SCHEDULE, {"input": {
        "nodeId": gid(building), "type": "BUILDING_COUNCIL", "title": "t",
        "startsAt": _starts(), "place": "p", "agenda": []}}, "building1")  # fmt: skip
    meeting = scheduled["meeting"]["id"]
    starts = (await models.Meeting.get(id=_pk(meeting))).starts_at
    body = await api.raw(UPDATE, {"id": meeting, "input": {"startsAt": when}}, as_="building1")
    assert "errors" not in body, body["errors"]
    errors = body["data"]["updateMeeting"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("startsAt", "INVALID")]
    assert (await models.Meeting.get(id=_pk(meeting))).starts_at == starts


async def test_the_public_page_shows_the_first_service_items_only(demo):
    # given: a community with more active service items than the public page shows (finding 6)
    community = await node_named(models.OrgLevel.COMMUNITY, 0)
    last = await models.ServiceItem.filter(community_id=community.id).order_by("-number").first()
    start = last.number if last is not None else 0
    await models.ServiceItem.bulk_create(
        [
            models.ServiceItem(
                community_id=community.id,
                node_path=community.path,
                number=start + i,
                category=models.ServiceCategory.SAFETY,
                title=f"事项{i}",
            )
            for i in range(1, MAX_PUBLIC_ITEMS + 2)
        ]
    )
    # then: the first MAX_PUBLIC_ITEMS by number
    items = await service_items_of(community.id)
    assert len(items) == MAX_PUBLIC_ITEMS
    assert [i.number for i in items] == sorted(i.number for i in items)


async def test_the_seed_decides_no_convention_by_its_drafter(demo):
    # the seed follows the rule decideResolution applies (policies/meetings.py)
    decided = await models.Resolution.filter(
        kind=models.ResolutionKind.ADOPT_CONVENTION
    ).values_list("decided_by_id", "convention_version__drafted_by_id")
    assert decided
    assert all(decider is None or decider != drafter for decider, drafter in decided)


LINK = """
mutation($id: ID!, $u: ID!) { linkResidentAccount(id: $id, userId: $u) {
  resident { id } errors { field code message } } }
"""
UNLINK = """
mutation($id: ID!) { unlinkResidentAccount(id: $id) { resident { id }
  errors { field code message } } }
"""


async def test_linking_an_account_after_the_invitation_does_not_seat_one_person_twice(
    api: Api, demo
):
    # given: a community council inviting resident1's ACCOUNT (a staff seat) and another
    # resident's record, not tied to any account (review 13b)
    community = await node_named(models.OrgLevel.COMMUNITY, 0)
    own = await models.Resident.get(user__username="resident1")
    user = await models.User.get(username="resident1")
    free = (
        await models.Resident.filter(
            household__building_path__startswith=community.path, user_id=None, active=True
        )
        .exclude(id=own.id)
        .order_by("id")
        .limit(9)
    )
    other = free[0]
    payload = await _council_of(
        api, {"residentIds": [gid(r) for r in free], "userIds": [gid(user)], "parties": []}
    )
    assert payload["errors"] == [], payload
    meeting = payload["meeting"]["id"]
    assert len(payload["meeting"]["attendees"]) == 10
    # when: resident1's account is untied from their record and tied to the invited resident
    await ok(api, UNLINK, {"id": gid(own)}, "community1")
    linked = await api.gql(LINK, {"id": gid(other), "u": gid(user)}, as_="community1")
    # then: CONFLICT (one person, two counted seats), and nothing written
    errors = linked["linkResidentAccount"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("userId", "CONFLICT")]
    assert (await models.Resident.get(id=other.id)).user_id is None
    building_id = (await other.household).building_id
    assert not await models.RoleGrant.exists(
        user_id=user.id, node_id=building_id, role=models.Role.RESIDENT, revoked_at=None
    )
    # and: once the meeting is cancelled its seats no longer count, and the link goes through
    await models.Meeting.filter(id=_pk(meeting)).update(status=models.MeetingStatus.CANCELLED)
    await ok(api, LINK, {"id": gid(other), "u": gid(user)}, "community1")
