"""A topic climbing building -> grid -> community: escalated by the level holding it (上报), or
by itself once its supporters reach its community's threshold (自动上报).

Each climb is one conditional UPDATE (`WHERE node_id = <as read> AND status = OPEN`) plus its
`topic_step` row in the mutation's transaction: if the update touches no row, someone else moved
the topic first (CONFLICT).
"""

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime

import models
from models.workflows import topics as workflow
from policies.authorizer import Viewer
from policies.topics import may_escalate_topic
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import Conflict, Forbidden
from resolvers.errors import refusing as refusing_rules
from resolvers.text import clean_text
from resolvers.topics.reading import TOPICS, community_id_of, thresholds_of


def now() -> datetime:
    return datetime.now(UTC)


def refusing() -> AbstractContextManager[None]:
    """Runs the workflow's checks: a refusal raises the error the API answers."""
    return refusing_rules(workflow.TopicError)


def clean_note(note: str | None, field: str = "note", what: str = "A note") -> str:
    return clean_text(
        note or "", field, limit=workflow.MAX_NOTE, what=what, required=False, multiline=True
    )


async def locked(pk: int) -> models.Topic:
    """The topic's row, locked until the mutation ends (supports and steps wait for it)."""
    return await models.Topic.filter(id=pk).select_for_update().get()


async def topic_to_change(
    ctx: Context, pk: int, may: Callable[[Viewer, str], bool], refused: str
) -> models.Topic:
    """A topic the viewer reads (else NOT_FOUND), locked, where `may` lets them act at its node
    (else FORBIDDEN, message `refused`), as it stands before the change (for the audit)."""
    await TOPICS.require(ctx, pk)
    row = await locked(pk)
    if not may(ctx.viewer, row.node_path):
        raise Forbidden(refused, field="id")
    audit.before(ctx, row)
    return row


async def move(
    row: models.Topic,
    place: workflow.Place,
    kind: models.TopicStepKind,
    actor_id: int | None,
    note: str = "",
) -> models.Topic:
    """Moves the topic from where it was read to `place` and records the step."""
    at = now()
    moved = await models.Topic.filter(
        id=row.id, node_id=row.node_id, status=models.TopicStatus.OPEN
    ).update(node_id=place.node_id, node_path=place.node_path, level=place.level, updated_at=at)
    if not moved:
        raise Conflict("topics.moved_meanwhile", field="id")
    await models.TopicStep.create(
        topic_id=row.id, kind=kind, actor_id=actor_id, from_node_id=row.node_id,
        to_node_id=place.node_id, note=note,
    )  # fmt: skip
    return await models.Topic.get(id=row.id)


async def climb_if_supported(row: models.Topic) -> models.Topic:
    """One level up by itself when the open topic's supporters reach its community's
    threshold for the level holding it (自动上报); else the topic as it is."""
    thresholds = await thresholds_of(community_id_of(row.building_path))
    if not workflow.climbs_by_support(row.status, row.level, row.supporter_count, thresholds):
        return row
    with refusing():
        place = workflow.climb(row.status, row.level, row.building_path)
    needed = workflow.threshold_for(row.level, thresholds)
    note = f"附议人数达到 {needed} 人，自动上报"
    return await move(row, place, models.TopicStepKind.AUTO_ESCALATED, None, note)


async def escalate_topic(ctx: Context, pk: int, note: str | None = None) -> models.Topic:
    """Escalate (上报) an open topic one level up: the level holding it, or a higher role over
    it. Past the community, or once decided: INVALID_TRANSITION."""
    user = require_user(ctx)
    row = await topic_to_change(ctx, pk, may_escalate_topic, "topics.may_not_escalate")
    text = clean_note(note)
    with refusing():
        place = workflow.climb(row.status, row.level, row.building_path)
    return await move(row, place, models.TopicStepKind.ESCALATED, user.id, text)
