"""Topics on meetings (议事会): an agenda item names a topic of the meeting's scope, and a passed
ADOPT_TOPIC resolution adopts its topic through the topics' workflow (社区决事). The meetings'
resolvers call these functions; here they are called as those resolvers would, with the
viewer's context."""

from datetime import UTC, datetime
from typing import Any

import pytest

import models
from policies import POLICY_DIR
from policies.authorizer import Authorizer, GrantScope
from resolvers.context import Context
from resolvers.errors import Invalid as InvalidInput
from resolvers.errors import InvalidTransition, NotFound
from resolvers.ids import decode_global_id
from resolvers.topics import meetings
from tests.api.test_topics import ESCALATE, TOPIC, _ok, _places, raise_topic
from tests.helpers import Api


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
    await _ok(api, ESCALATE, {"id": topic}, "building1")
    await _ok(api, ESCALATE, {"id": topic}, "grid1")
    meeting = await _meeting(places["community"])
    item = await models.MeetingAgendaItem.create(meeting_id=meeting.id, position=1, text="议题")
    resolution = await _resolution(meeting, models.ResolutionKind.ADOPT_TOPIC)
    ctx = await _context("community1")
    pk = decode_global_id(topic)[1]
    # when
    await meetings.name_topic_on_agenda(ctx, item, meeting, pk)
    await meetings.name_topic_of_resolution(ctx, resolution, meeting, pk)
    user = await models.User.get(username="community1")
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
        await meetings.name_topic_on_agenda(ctx, item, sibling_meeting, pk)
    # a viewer of the sibling community does not read it: NOT_FOUND
    with pytest.raises(NotFound):
        await meetings.name_topic_on_agenda(await _context("community2"), item, sibling_meeting, pk)
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
