"""Resolutions (决议) of a held meeting and their votes: propose one (with quorum), record a
present attendee's vote (the meeting's recorder) or cast one's own (an attendee with an
account), decide it by the pass rule and apply its effects (service items, a convention
version) in the same transaction, or withdraw it."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from tortoise.expressions import F, Q
from tortoise.functions import Count

import models
from models.workflows import conventions as convention_rules
from models.workflows import meetings as workflow
from policies.meetings import may_cast_own_vote, may_decide_adoption
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.conventions.lists import get_convention_version
from resolvers.errors import Conflict, Forbidden, Invalid, create_once, unique_or
from resolvers.meetings.reading import RESOLUTIONS, meeting_to_run, now, refusing
from resolvers.scoping import found
from resolvers.text import clean_text
from resolvers.topics.meetings import adopt_by_resolution, name_topic_of_resolution

MAX_TITLE = 100
MAX_TEXT = 2000
MAX_ITEM_TITLE = 100
MAX_ITEM_DESCRIPTION = 1000

COUNTER = {
    models.VoteChoice.FOR: "votes_for",
    models.VoteChoice.AGAINST: "votes_against",
    models.VoteChoice.ABSTAIN: "votes_abstain",
}


@dataclass(frozen=True)
class ProposedItem:
    category: models.ServiceCategory
    title: str
    description: str = ""


@dataclass(frozen=True)
class NewResolution:
    kind: models.ResolutionKind
    title: str
    text: str = ""
    service_items: list[ProposedItem] = field(default_factory=list)
    convention_version_id: int | None = None
    # Topics (议题, issue 13): the topic an ADOPT_TOPIC resolution adopts.
    topic_id: int | None = None


async def _require_quorum(meeting: models.Meeting) -> None:
    """Counting resident and staff seats only (outside parties attend without counting)."""
    seats = models.MeetingAttendee.filter(meeting_id=meeting.id, kind__in=sorted(workflow.COUNTED))
    invited = await seats.count()
    present = await seats.filter(present=True).count()
    with refusing():
        workflow.require_quorum(meeting.type, invited, present)


async def propose_resolution(
    ctx: Context, meeting_id: int, data: NewResolution
) -> models.Resolution:
    meeting = await meeting_to_run(ctx, meeting_id)
    with refusing():
        workflow.require(workflow.Activity.PROPOSE, meeting.status)
        workflow.check_kind(data.kind, meeting.type)
    await _require_quorum(meeting)
    title = clean_text(data.title, "title", limit=MAX_TITLE, what="A title")
    text = clean_text(
        data.text, "text", limit=MAX_TEXT, what="A text", required=False, multiline=True
    )
    items: list[dict[str, str]] = []
    version_id: int | None = None
    if data.kind is models.ResolutionKind.ADD_SERVICE_ITEMS:
        items = [
            {
                "category": item.category.value,
                "title": clean_text(
                    item.title, "serviceItems", limit=MAX_ITEM_TITLE, what="A title"
                ),
                "description": clean_text(
                    item.description,
                    "serviceItems",
                    limit=MAX_ITEM_DESCRIPTION,
                    what="A text",
                    required=False,
                ),
            }
            for item in data.service_items
        ]
        with refusing():
            workflow.check_items(items)
    elif data.service_items:
        raise Invalid("meetings.items_not_of_kind", field="serviceItems")
    if data.kind is models.ResolutionKind.ADOPT_CONVENTION:
        if data.convention_version_id is None:
            raise Invalid("meetings.version_needed", field="conventionVersionId")
        version = found(
            await get_convention_version(ctx, data.convention_version_id),
            "conventions.no_version",
            "conventionVersionId",
        )
        if not workflow.convention_in_reach(meeting.node_path, version.node_path):
            raise Invalid("meetings.convention_outside", field="conventionVersionId")
        # Locked: a draft rewritten meanwhile would be adopted with a text nobody voted on.
        version = await models.ConventionVersion.select_for_update().get(id=version.id)
        with refusing():
            convention_rules.require_draft(version.status)
        if await models.Resolution.exists(
            convention_version_id=version.id, status=models.ResolutionStatus.VOTING
        ):
            raise Conflict("meetings.version_on_vote", field="conventionVersionId")
        version_id = version.id
    elif data.convention_version_id is not None:
        raise Invalid("meetings.version_not_of_kind", field="conventionVersionId")
    # Topics (议题, issue 13): an ADOPT_TOPIC resolution names the open topic it adopts.
    adopts_topic = data.kind is models.ResolutionKind.ADOPT_TOPIC
    if adopts_topic and data.topic_id is None:
        raise Invalid("topics.topic_required", field="topicId")
    if not adopts_topic and data.topic_id is not None:
        raise Invalid("topics.not_adopt_topic", field="topicId")
    row = await models.Resolution.create(
        meeting_id=meeting.id,
        node_path=meeting.node_path,
        kind=data.kind,
        title=title,
        text=text,
        proposed_items=items,
        convention_version_id=version_id,
        proposed_by_id=ctx.viewer.user_id,
    )
    if data.topic_id is not None:
        await name_topic_of_resolution(ctx, row, meeting, data.topic_id)
    return row


async def _write_vote(
    ctx: Context,
    resolution: models.Resolution,
    attendee: models.MeetingAttendee,
    choice: models.VoteChoice,
    *,
    by_recorder: bool,
) -> models.Resolution:
    with refusing():
        workflow.require_voter(attendee.kind)
    if not attendee.present:
        raise Invalid("meetings.not_present", field="attendeeId")
    vote = await create_once(
        models.ResolutionVote,
        Conflict("meetings.voted_already", field="attendeeId"),
        {"resolution_id": resolution.id, "attendee_id": attendee.id},
        choice=choice,
        by_recorder=by_recorder,
        recorded_by_id=ctx.viewer.user_id,
    )
    column = COUNTER[choice]
    counted = await models.Resolution.filter(
        id=resolution.id, status=models.ResolutionStatus.VOTING
    ).update(**{column: F(column) + 1})
    if not counted:
        raise Conflict("meetings.changed_meanwhile", field="resolutionId")
    audit.touched(ctx, vote)
    return await models.Resolution.get(id=resolution.id)


async def record_vote(
    ctx: Context, resolution_id: int, attendee_id: int, choice: models.VoteChoice
) -> models.Resolution:
    """The meeting's recorder writes a present attendee's vote as they give it."""
    resolution = await RESOLUTIONS.require(ctx, resolution_id)
    meeting = await meeting_to_run(ctx, resolution.meeting_id, "resolutionId")
    audit.before(ctx, resolution)
    with refusing():
        workflow.require(workflow.Activity.VOTE, meeting.status)
        workflow.require_voting(resolution.status)
    attendee = found(
        await models.MeetingAttendee.get_or_none(id=attendee_id, meeting_id=meeting.id),
        "meetings.no_attendee",
        "attendeeId",
    )
    return await _write_vote(ctx, resolution, attendee, choice, by_recorder=True)


async def cast_vote(
    ctx: Context, resolution_id: int, choice: models.VoteChoice
) -> models.Resolution:
    """A present attendee with an account votes themselves (their own attendance only)."""
    user = require_user(ctx)
    resolution = await RESOLUTIONS.require(ctx, resolution_id)
    seats = await models.MeetingAttendee.filter(
        Q(user_id=user.id, resident__user_id=user.id, join_type=Q.OR),
        meeting_id=resolution.meeting_id,
    ).limit(2)
    attendee = seats[0] if seats else None
    if not may_cast_own_vote(ctx.viewer, attendee is not None) or attendee is None:
        raise Forbidden("meetings.not_attendee", field="resolutionId")
    if len(seats) > 1:  # seated twice before one seat per person was enforced
        raise Conflict("meetings.seat_ambiguous", field="resolutionId")
    meeting = await models.Meeting.select_for_update().get(id=resolution.meeting_id)
    audit.at(ctx, meeting.node_path)
    audit.before(ctx, resolution)
    with refusing():
        workflow.require(workflow.Activity.VOTE, meeting.status)
        workflow.require_voting(resolution.status)
    return await _write_vote(ctx, resolution, attendee, choice, by_recorder=False)


# What a passed resolution does, by kind (topics add ADOPT_TOPIC's).
Effect = Callable[[Context, models.Meeting, models.Resolution], Awaitable[None]]


async def _add_service_items(
    ctx: Context, meeting: models.Meeting, resolution: models.Resolution
) -> None:
    """The proposed items become the community's service items, numbered after the last."""
    last = await models.ServiceItem.filter(community_id=meeting.node_id).order_by("-number").first()
    number = last.number if last is not None else 0
    made = []
    for item in resolution.proposed_items:
        number += 1
        made.append(
            models.ServiceItem(
                community_id=meeting.node_id,
                node_path=meeting.node_path,
                resolution_id=resolution.id,
                number=number,
                category=models.ServiceCategory(item["category"]),
                title=item["title"],
                description=item.get("description", ""),
            )
        )
    # Numbers are unique per community.
    async with unique_or(Conflict("meetings.changed_meanwhile", field="id")):
        await models.ServiceItem.bulk_create(made)
    audit.note(ctx, "service_items", len(made))


async def _adopt_convention(
    ctx: Context, meeting: models.Meeting, resolution: models.Resolution
) -> None:
    adopted = await models.ConventionVersion.filter(
        id=resolution.convention_version_id, status=models.ConventionStatus.DRAFT
    ).update(status=models.ConventionStatus.ADOPTED, adopted_at=now())
    if not adopted:
        raise Conflict("meetings.changed_meanwhile", field="id")
    audit.note(ctx, "adopted_convention_version", resolution.convention_version_id)


async def _adopt_topic(
    ctx: Context, meeting: models.Meeting, resolution: models.Resolution
) -> None:
    """Topics (议题, issue 13): the passed resolution adopts its topic (社区决事)."""
    topic = await adopt_by_resolution(resolution, meeting, ctx.viewer.user_id)
    if topic is not None:
        audit.note(ctx, "adopted_topic", topic.id)


EFFECTS: dict[models.ResolutionKind, Effect] = {
    models.ResolutionKind.ADD_SERVICE_ITEMS: _add_service_items,
    models.ResolutionKind.ADOPT_CONVENTION: _adopt_convention,
    # Topics (议题, issue 13)
    models.ResolutionKind.ADOPT_TOPIC: _adopt_topic,
}


async def _resolution_to_decide(ctx: Context, pk: int) -> tuple[models.Resolution, models.Meeting]:
    """A resolution still in its vote, of a meeting the viewer runs that may decide now."""
    resolution = await RESOLUTIONS.require(ctx, pk, "id")
    meeting = await meeting_to_run(ctx, resolution.meeting_id, "id")
    audit.before(ctx, resolution)
    with refusing():
        workflow.require(workflow.Activity.DECIDE, meeting.status)
        workflow.require_voting(resolution.status)
    return resolution, meeting


async def decide_resolution(ctx: Context, pk: int) -> models.Resolution:
    """Count the votes, pass or reject by the kind's rule, and apply a passed one's effects:
    one transaction, so a failing effect leaves the resolution undecided."""
    resolution, meeting = await _resolution_to_decide(ctx, pk)
    if resolution.convention_version_id is not None:
        version = await models.ConventionVersion.get_or_none(
            id=resolution.convention_version_id
        ).only("id", "drafted_by_id")
        if not may_decide_adoption(ctx.viewer, version.drafted_by_id if version else None):
            raise Forbidden("meetings.own_draft", field="id")
    await _require_quorum(meeting)
    counts = {
        models.VoteChoice(choice): n
        for choice, n in await models.ResolutionVote.filter(resolution_id=resolution.id)
        .annotate(n=Count("id"))
        .group_by("choice")
        .values_list("choice", "n")
    }
    status = workflow.outcome(resolution.kind, counts)
    decided = await models.Resolution.filter(
        id=resolution.id, status=models.ResolutionStatus.VOTING
    ).update(
        status=status,
        votes_for=counts.get(models.VoteChoice.FOR, 0),
        votes_against=counts.get(models.VoteChoice.AGAINST, 0),
        votes_abstain=counts.get(models.VoteChoice.ABSTAIN, 0),
        decided_by_id=ctx.viewer.user_id,
        decided_at=now(),
    )
    if not decided:
        raise Conflict("meetings.changed_meanwhile", field="id")
    resolution = await models.Resolution.get(id=resolution.id)
    effect = EFFECTS.get(resolution.kind)
    if status is models.ResolutionStatus.PASSED and effect is not None:
        await effect(ctx, meeting, resolution)
    return resolution


async def withdraw_resolution(ctx: Context, pk: int) -> models.Resolution:
    resolution, _ = await _resolution_to_decide(ctx, pk)
    withdrawn = await models.Resolution.filter(
        id=resolution.id, status=models.ResolutionStatus.VOTING
    ).update(
        status=models.ResolutionStatus.WITHDRAWN, decided_by_id=ctx.viewer.user_id, decided_at=now()
    )
    if not withdrawn:
        raise Conflict("meetings.changed_meanwhile", field="id")
    return await models.Resolution.get(id=resolution.id)
