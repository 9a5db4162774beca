"""The community decides a topic it holds (社区决事): adopt (采纳), decline with a reason (不予
采纳), or merge it into another open topic of the community (合并), whose count then takes the
merged topic's supporters without counting anyone twice. And the community's thresholds of the
automatic climb.
"""

from dataclasses import dataclass

from tortoise.expressions import Subquery

import models
from models.workflows import topics as workflow
from policies.topics import may_configure_topics, may_decide_topic
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import Conflict, Forbidden, NotFound
from resolvers.topics.climbing import (
    clean_note,
    climb_if_supported,
    locked,
    now,
    refusing,
    topic_to_change,
)
from resolvers.topics.reading import community_for, decided_by_own_side, get_topic

Decision = workflow.Decision


@dataclass(frozen=True)
class DecideInput:
    decision: workflow.Decision
    reason: str | None = None
    merge_into_id: int | None = None


async def decide_topic(ctx: Context, pk: int, data: DecideInput) -> models.Topic:
    """Adopt, decline or merge an open topic held at a community, as its community admin."""
    user = require_user(ctx)
    row = await topic_to_change(ctx, pk, may_decide_topic, "topics.may_not_decide")
    reason = clean_note(data.reason, "reason", "A reason")
    with refusing():
        workflow.check_decision(row.status, row.level)
        workflow.check_reason(data.decision, reason)
    target = await _merge_target(ctx, row, data) if data.decision is Decision.MERGE else None
    gaining = target if target is not None else row if data.decision is Decision.ADOPT else None
    if gaining is not None and await decided_by_own_side(gaining, user.id):
        raise Forbidden("topics.own_decision", field="id")
    status, kind = workflow.DECIDED[data.decision]
    at = now()
    decided = await models.Topic.filter(id=row.id, status=models.TopicStatus.OPEN).update(
        status=status, decided_at=at, decided_by_id=user.id, decision_note=reason,
        merged_into_id=target.id if target else None, updated_at=at,
    )  # fmt: skip
    if not decided:
        raise Conflict("topics.moved_meanwhile", field="id")
    await models.TopicStep.create(
        topic_id=row.id, kind=kind, actor_id=user.id, from_node_id=row.node_id,
        to_node_id=target.node_id if target else None, note=reason,
    )  # fmt: skip
    if target is not None:
        await _pass_supports_on(row, target)
    return await models.Topic.get(id=row.id)


async def _merge_target(ctx: Context, row: models.Topic, data: DecideInput) -> models.Topic:
    """The open topic of the same community to merge into, locked; one the viewer cannot read
    looks missing (NOT_FOUND)."""
    found = None
    if data.merge_into_id is not None:
        found = await get_topic(ctx, data.merge_into_id)
        if found is None:
            raise NotFound("topics.no_topic", field="mergeIntoId")
        if found.id != row.id:
            found = await locked(found.id)
    with refusing():
        workflow.check_merge(
            row.id,
            row.building_path,
            found.id if found else None,
            found.status if found else None,
            found.building_path if found else None,
        )
    assert found is not None, "check_merge refuses a missing target"
    audit.before(ctx, found)
    return found


async def _pass_supports_on(source: models.Topic, target: models.Topic) -> None:
    """The merged topic's supporters support the target too, each resident once: those who
    supported both count once. The target's count is its rows, recounted under its lock."""
    already = models.TopicSupport.filter(topic_id=target.id).values("resident_id")
    passing = models.TopicSupport.filter(topic_id=source.id).exclude(
        resident_id__in=Subquery(already)
    )
    # Raising is not support (supports_own_topic): the target's raiser and their household
    # do not come along.
    if target.raised_by_id is not None:
        passing = passing.exclude(resident__user_id=target.raised_by_id)
    if target.raised_by_resident_id is not None:
        household = models.Resident.filter(id=target.raised_by_resident_id).values("household_id")
        passing = passing.exclude(resident__household_id__in=Subquery(household))
    await models.TopicSupport.bulk_create(
        [
            models.TopicSupport(
                topic_id=target.id,
                resident_id=support.resident_id,
                supported_by_id=support.supported_by_id,
                via_topic_id=source.id,
            )
            for support in await passing
        ]
    )
    count = await models.TopicSupport.filter(topic_id=target.id).count()
    await models.Topic.filter(id=target.id).update(supporter_count=count, updated_at=now())
    await climb_if_supported(await models.Topic.get(id=target.id))


@dataclass(frozen=True)
class ThresholdsInput:
    to_grid: int
    to_community: int


async def set_topic_thresholds(
    ctx: Context, community_id: int, data: ThresholdsInput
) -> models.TopicThresholds:
    """The community's supporter thresholds of the automatic climb (building -> grid, grid ->
    community). Topics already past one climb at their next support."""
    user = require_user(ctx)
    community = await community_for(ctx, community_id)
    if not may_configure_topics(ctx.viewer, community.path):
        raise Forbidden("topics.may_not_configure", field="communityId")
    thresholds = workflow.Thresholds(to_grid=data.to_grid, to_community=data.to_community)
    with refusing():
        workflow.check_thresholds(thresholds)
    row = await models.TopicThresholds.get_or_none(community_id=community.id)
    if row is None:
        return await models.TopicThresholds.create(
            community_id=community.id, to_grid=data.to_grid, to_community=data.to_community,
            updated_by_id=user.id,
        )  # fmt: skip
    audit.before(ctx, row)
    row.update_from_dict(
        {"to_grid": data.to_grid, "to_community": data.to_community, "updated_by_id": user.id}
    )
    await row.save()
    return row
