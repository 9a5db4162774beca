"""Topics on meetings (议事会): an agenda item may name a topic of the meeting's scope, and a
resolution of kind ADOPT_TOPIC names the topic it adopts when it passes (社区决事), through the
topics' own workflow (models/workflows/topics.py).

`nameTopicOnAgenda` names a topic on an agenda item (`link_topic_to_agenda_item`); the
meetings' resolvers call `name_topic_of_resolution` when a resolution is proposed with a
`topicId`, and `adopt_by_resolution` in the transaction that passes a resolution (whoever
passes it was authorised by the meetings' policy).
"""

import models
from models.workflows import meetings as meeting_rules
from models.workflows import topics as workflow
from resolvers.audit import trail as audit
from resolvers.context import Context
from resolvers.errors import Conflict, Forbidden, Invalid
from resolvers.meetings.reading import meeting_to_run
from resolvers.meetings.reading import refusing as meeting_refusing
from resolvers.topics.climbing import locked, now, refusing
from resolvers.topics.reading import TOPICS, decided_by_own_side


async def link_topic_to_agenda_item(
    ctx: Context, agenda_item: models.MeetingAgendaItem, meeting: models.Meeting, topic_id: int
) -> models.TopicAgendaLink:
    """The agenda item names the topic: one the viewer reads (else NOT_FOUND), raised in the
    meeting node's subtree (else INVALID). Naming another topic replaces the link."""
    topic = await TOPICS.require(ctx, topic_id, "topicId")
    with refusing():
        workflow.check_on_agenda(topic.building_path, meeting.node_path)
    await models.TopicAgendaLink.filter(agenda_item_id=agenda_item.id).delete()
    link = await models.TopicAgendaLink.create(agenda_item_id=agenda_item.id, topic_id=topic.id)
    audit.touched(ctx, link)
    return link


async def name_topic_of_resolution(
    ctx: Context, resolution: models.Resolution, meeting: models.Meeting, topic_id: int
) -> models.TopicResolutionLink:
    """An ADOPT_TOPIC resolution names the open topic it adopts: one the viewer reads (else
    NOT_FOUND), raised in the meeting node's subtree (INVALID), still open (INVALID_TRANSITION)."""
    if resolution.kind is not models.ResolutionKind.ADOPT_TOPIC:
        raise Invalid("topics.not_adopt_topic", field="topicId")
    topic = await TOPICS.require(ctx, topic_id, "topicId")
    with refusing():
        workflow.check_on_agenda(topic.building_path, meeting.node_path)
        workflow.check_open(topic.status, "topicId")
    await models.TopicResolutionLink.filter(resolution_id=resolution.id).delete()
    link = await models.TopicResolutionLink.create(resolution_id=resolution.id, topic_id=topic.id)
    audit.touched(ctx, link)
    return link


async def adopt_by_resolution(
    resolution: models.Resolution, meeting: models.Meeting, actor_id: int | None
) -> models.Topic | None:
    """The passed ADOPT_TOPIC resolution adopts its topic (the community's decision), in the
    caller's transaction; None when it names none. A topic not open, not held at a community,
    or held at another node than the meeting's: INVALID_TRANSITION (the caller rolls back)."""
    link = await models.TopicResolutionLink.get_or_none(resolution_id=resolution.id)
    if link is None:
        return None
    row = await locked(link.topic_id)
    if await decided_by_own_side(row, actor_id):
        raise Forbidden("topics.own_decision", field="id")
    with refusing():
        workflow.check_adoption_by_resolution(
            row.status, row.level, row.node_path, meeting.node_path
        )
    status, kind = workflow.DECIDED[workflow.Decision.ADOPT]
    note = f"议事会决议通过：{resolution.title}"[: workflow.MAX_NOTE]
    at = now()
    adopted = await models.Topic.filter(id=row.id, status=models.TopicStatus.OPEN).update(
        status=status, decided_at=at, decided_by_id=actor_id, decision_note=note, updated_at=at
    )
    if not adopted:
        raise Conflict("topics.moved_meanwhile", field="topicId")
    await models.TopicStep.create(
        topic_id=row.id, kind=kind, actor_id=actor_id, from_node_id=row.node_id, note=note
    )
    return await models.Topic.get(id=row.id)


async def name_topic_on_agenda(
    ctx: Context, meeting_id: int, position: int, topic_id: int
) -> models.Topic:
    """`nameTopicOnAgenda`: whoever runs the meeting (the meetings' policy) names a topic of
    its subtree on item `position` of its agenda, while the agenda may still change."""
    meeting = await meeting_to_run(ctx, meeting_id)
    with meeting_refusing():
        meeting_rules.require(meeting_rules.Activity.EDIT, meeting.status)
    item = await models.MeetingAgendaItem.get_or_none(meeting_id=meeting.id, position=position)
    if item is None:
        raise Invalid("topics.no_agenda_item", field="position", position=position)
    link = await link_topic_to_agenda_item(ctx, item, meeting, topic_id)
    return await models.Topic.get(id=link.topic_id)
