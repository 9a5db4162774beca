"""Topics on meetings (议事会): an agenda item names a topic of the meeting's scope, and a passed
ADOPT_TOPIC resolution adopts its topic through the topics' workflow (社区决事). The meetings'
resolvers call these functions; here they are called as those resolvers would, with the
viewer's context."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import models
from policies import POLICY_DIR
from policies.authorizer import Authorizer, GrantScope
from resolvers.context import Context
from resolvers.errors import Forbidden, InvalidTransition, NotFound
from resolvers.errors import Invalid as InvalidInput
from resolvers.ids import decode_global_id
from resolvers.topics import meetings
from tests.api.test_meetings import ATTEND, HOLD, PROPOSE, RECORD, SCHEDULE, _residents
from tests.api.test_meetings import DECIDE as DECIDE_RESOLUTION
from tests.api.test_topics import ESCALATE, TOPIC, _places, raise_topic
from tests.helpers import Api, error_codes, gid, ok


async def _context(username: str) -> Context:
    user = await models.User.get(username=username)
    grants = await models.RoleGrant.filter(user_id=user.id, revoked_at__isnull=True).values_list(
        "role", "node__path"
    )
    viewer = Authorizer.from_files(POLICY_DIR).viewer(
        user.id, [GrantScope(models.Role(role), path) for role, path in grants]
    )
    no_services: Any = None
    return Context(request=None, services=no_services, viewer=viewer, user=user, loaders=None)  # type: ignore[arg-type]


async def _meeting(node: models.OrgNode) -> models.Meeting:
    return await models.Meeting.create(
        node_id=node.id, node_path=node.path, type=models.MeetingType.COMMUNITY_COUNCIL,
        title="社区议事会", starts_at=datetime.now(UTC), place="社区会议室",
        status=models.MeetingStatus.HELD,
    )  # fmt: skip


async def _resolution(meeting: models.Meeting, kind: models.ResolutionKind) -> models.Resolution:
    return await models.Resolution.create(
        meeting_id=meeting.id, node_path=meeting.node_path, kind=kind, title="采纳楼道灯议题"
    )


async def test_a_passed_resolution_adopts_its_topic_held_at_the_meetings_community(api: Api, demo):
    # given: a topic at the community, a community council with an ADOPT_TOPIC resolution
    places = await _places()
    topic = await raise_topic(api, places["building"])
    await ok(api, ESCALATE, {"id": topic}, "building1")
    await ok(api, ESCALATE, {"id": topic}, "grid1")
    meeting = await _meeting(places["community"])
    item = await models.MeetingAgendaItem.create(meeting_id=meeting.id, position=1, text="议题")
    resolution = await _resolution(meeting, models.ResolutionKind.ADOPT_TOPIC)
    ctx = await _context("community1")
    pk = decode_global_id(topic)[1]
    # when
    await meetings.link_topic_to_agenda_item(ctx, item, meeting, pk)
    await meetings.name_topic_of_resolution(ctx, resolution, meeting, pk)
    user = await models.User.get(username="community1")
    # the raiser (resident1) deciding the resolution would adopt their own topic: FORBIDDEN
    raiser = await models.User.get(username="resident1")
    with pytest.raises(Forbidden):
        await meetings.adopt_by_resolution(resolution, meeting, raiser.id)
    adopted = await meetings.adopt_by_resolution(resolution, meeting, user.id)
    # then: adopted through the workflow, the step says by which resolution
    assert adopted is not None
    assert adopted.status is models.TopicStatus.ADOPTED
    assert await models.TopicAgendaLink.filter(agenda_item_id=item.id, topic_id=pk).exists()
    steps = (await api.gql(TOPIC, {"id": topic}, as_="community1"))["topic"]["steps"]
    assert steps[-1]["kind"] == "ADOPTED"
    assert steps[-1]["note"] == "议事会决议通过：采纳楼道灯议题"
    # a second pass finds it closed: INVALID_TRANSITION
    with pytest.raises(InvalidTransition):
        await meetings.adopt_by_resolution(resolution, meeting, user.id)


async def test_topics_on_meetings_stay_in_scope_and_at_the_right_level(api: Api, demo):
    # given: a topic still at its building
    places = await _places()
    topic = await raise_topic(api, places["building"])
    pk = decode_global_id(topic)[1]
    community_meeting = await _meeting(places["community"])
    sibling_meeting = await _meeting(places["sibling_building"])
    item = await models.MeetingAgendaItem.create(
        meeting_id=sibling_meeting.id, position=1, text="议题"
    )
    ctx = await _context("community1")
    # then: a meeting of the sibling building names no topic of another building
    with pytest.raises(InvalidInput):
        await meetings.link_topic_to_agenda_item(ctx, item, sibling_meeting, pk)
    # a viewer of the sibling community does not read it: NOT_FOUND
    with pytest.raises(NotFound):
        await meetings.link_topic_to_agenda_item(
            await _context("community2"), item, sibling_meeting, pk
        )
    # a general resolution names no topic
    general = await _resolution(community_meeting, models.ResolutionKind.GENERAL)
    with pytest.raises(InvalidInput):
        await meetings.name_topic_of_resolution(ctx, general, community_meeting, pk)
    # the community's resolution cannot adopt a topic still at its building
    resolution = await _resolution(community_meeting, models.ResolutionKind.ADOPT_TOPIC)
    await meetings.name_topic_of_resolution(ctx, resolution, community_meeting, pk)
    with pytest.raises(InvalidTransition):
        await meetings.adopt_by_resolution(resolution, community_meeting, None)
    assert (await models.Topic.get(id=pk)).status is models.TopicStatus.OPEN
    # a resolution naming no topic adopts nothing
    other = await _resolution(community_meeting, models.ResolutionKind.ADOPT_TOPIC)
    assert await meetings.adopt_by_resolution(other, community_meeting, None) is None


NAME_ON_AGENDA = """
mutation($m: ID!, $p: Int!, $t: ID!) {
  nameTopicOnAgenda(meetingId: $m, position: $p, topicId: $t) {
    topic { id meetings { id } } errors { field code }
  }
}
"""


UPDATE_MEETING = """
mutation($id: ID!, $input: UpdateMeetingInput!) {
  updateMeeting(id: $id, input: $input) { errors { field code } }
}
"""
MEETING_AGENDA = "query($id: ID!) { node(id: $id) { ... on Meeting { agenda { text } } } }"


async def test_a_community_council_adopts_a_topic_by_a_passed_resolution(api: Api, demo):
    # given: a topic at the grid, community1's council with 8 residents invited
    places = await _places()
    topic = await raise_topic(api, places["building"])
    await ok(api, ESCALATE, {"id": topic}, "building1")
    residents = await _residents(places["community"], 8, first="resident1")
    starts = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    scheduled = await ok(api, SCHEDULE, {"input": {
        "nodeId": gid(places["community"]), "type": "COMMUNITY_COUNCIL", "title": "社区议事会",
        "startsAt": starts, "place": "社区会议室", "agenda": ["楼道灯议题"],
        "invitees": {"residentIds": residents}}}, "community1")  # fmt: skip
    meeting = scheduled["meeting"]["id"]
    attendees = [a["id"] for a in scheduled["meeting"]["attendees"]]
    # the council's agenda names it (item 1) while scheduled; an item it lacks is INVALID
    named = await ok(api, NAME_ON_AGENDA, {"m": meeting, "p": 1, "t": topic}, "community1")
    assert named["topic"]["meetings"] == [{"id": meeting}]
    # editing the agenda's texts keeps the topic on item 1; cutting item 1 would drop it
    edited = {"agenda": ["楼道灯议题（修订）", "其他"]}
    await ok(api, UPDATE_MEETING, {"id": meeting, "input": edited}, "community1")
    agenda = (await api.gql(MEETING_AGENDA, {"id": meeting}, as_="community1"))["node"]["agenda"]
    assert [item["text"] for item in agenda] == ["楼道灯议题（修订）", "其他"]
    on_meetings = "query($id: ID!) { topic(id: $id) { meetings { id } } }"
    shown = (await api.gql(on_meetings, {"id": topic}, as_="community1"))["topic"]
    assert shown["meetings"] == [{"id": meeting}]
    assert await error_codes(api, NAME_ON_AGENDA, {"m": meeting, "p": 9, "t": topic},
                        "community1") == ["INVALID"]  # fmt: skip
    # the grid does not read the community's meeting; the auditor reads it, never runs it
    assert await error_codes(api, NAME_ON_AGENDA, {"m": meeting, "p": 1, "t": topic},
                        "grid1") == ["NOT_FOUND"]  # fmt: skip
    assert await error_codes(api, NAME_ON_AGENDA, {"m": meeting, "p": 1, "t": topic},
                        "auditor1") == ["FORBIDDEN"]  # fmt: skip
    await ok(api, HOLD, {"id": meeting}, "community1")
    await ok(api, ATTEND, {"m": meeting, "p": attendees}, "community1")
    adopt = {"kind": "ADOPT_TOPIC", "title": "采纳楼道灯议题", "topicId": topic}
    # an ADOPT_TOPIC resolution needs its topic; another kind names none
    assert await error_codes(api, PROPOSE, {"m": meeting, "input": {**adopt, "topicId": None}},
                        "community1") == ["INVALID"]  # fmt: skip
    assert await error_codes(api, PROPOSE, {"m": meeting, "input": {**adopt, "kind": "GENERAL"}},
                        "community1") == ["INVALID"]  # fmt: skip
    # when: proposed while the grid still holds the topic, the majority votes for it
    resolution = (await ok(api, PROPOSE, {"m": meeting, "input": adopt}, "community1"))[
        "resolution"
    ]["id"]
    for attendee in attendees[:5]:
        await ok(api, RECORD, {"r": resolution, "a": attendee, "c": "FOR"}, "community1")
    # then: deciding it while the grid holds the topic fails whole (INVALID_TRANSITION)
    assert await error_codes(api, DECIDE_RESOLUTION, {"id": resolution}, "community1") == [
        "INVALID_TRANSITION"
    ]
    assert (await models.Resolution.get(id=decode_global_id(resolution)[1])).status is (
        models.ResolutionStatus.VOTING
    )
    # once the community holds it, the passed resolution adopts it
    await ok(api, ESCALATE, {"id": topic}, "grid1")
    decided = await ok(api, DECIDE_RESOLUTION, {"id": resolution}, "community1")
    assert decided["resolution"]["status"] == "PASSED"
    shown = (await api.gql(TOPIC, {"id": topic}, as_="community1"))["topic"]
    assert shown["status"] == "ADOPTED"
    assert shown["steps"][-1]["note"] == "议事会决议通过：采纳楼道灯议题"
    assert shown["steps"][-1]["actor"]["username"] == "community1"
