"""Raising a topic at a building (提出议题), supporting it once (附议) and following it (关注).

A support is one row under a unique (topic, resident) index and one conditional UPDATE of the
topic's count, in one transaction (the mutation's): supporting twice, even at once, is CONFLICT
with nothing written. The support that reaches the community's threshold makes the topic climb
(resolvers/topics/climbing.py).
"""

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

import models
from models.workflows import topics as workflow
from policies.topics import (
    may_follow_topic,
    may_raise_anywhere,
    may_raise_topic,
    may_support_topic,
    supports_own_topic,
)
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import Conflict, Forbidden, Invalid
from resolvers.org import node_to_act_on
from resolvers.ratelimit import Budget, spend_or_refuse
from resolvers.text import clean_text
from resolvers.topics.climbing import climb_if_supported, locked, now, refusing
from resolvers.topics.reading import TOPICS, raiser_household

# Topics an account raises in a day: a building's paper meeting typed in at once fits, a
# script filling the community's list does not. Spent only by a well-formed, permitted topic.
TOPICS_PER_ACCOUNT = Budget("topic-raise", limit=30, seconds=86_400.0)


@dataclass(frozen=True)
class RaiseInput:
    title: str
    description: str
    category: models.TopicCategory


async def own_resident(user: models.User) -> models.Resident | None:
    """The active resident tied to the account, with their household's building."""
    return (
        await models.Resident.filter(user_id=user.id, active=True)
        .select_related("household__building")
        .order_by("id")
        .first()
    )


async def raise_topic(ctx: Context, building_id: int, data: RaiseInput) -> models.Topic:
    """A topic at a building: a resident of it in their own name, or staff in scope."""
    user = require_user(ctx)
    if not may_raise_anywhere(ctx.viewer):
        raise Forbidden("topics.may_not_raise", field="buildingId")
    resident = await own_resident(user)

    def may(viewer: object, path: str) -> bool:
        lives_there = resident is not None and resident.household.building.path == path
        return may_raise_topic(ctx.viewer, path, lives_there)

    building = await node_to_act_on(
        ctx, building_id, "buildingId", may=may, refused="topics.may_not_raise",
        level=models.OrgLevel.BUILDING, wrong_level="topics.only_at_building",
    )  # fmt: skip
    title = clean_text(data.title, "title", limit=workflow.MAX_TITLE, what="A title")
    description = clean_text(
        data.description, "description", limit=workflow.MAX_DESCRIPTION, what="A description",
        multiline=True,
    )  # fmt: skip
    if ctx.request is not None:
        await spend_or_refuse(
            ctx.services.rate_limits, TOPICS_PER_ACCOUNT, str(user.id),
            message_key="topics.too_many",
        )  # fmt: skip
    lives_there = resident is not None and resident.household.building_id == building.id
    row = await models.Topic.create(
        building_id=building.id, building_path=building.path, node_id=building.id,
        node_path=building.path, level=models.TopicLevel.BUILDING, title=title,
        description=description, category=data.category, raised_by_id=user.id,
        raised_by_resident_id=resident.id if resident is not None and lives_there else None,
    )  # fmt: skip
    await models.TopicStep.create(
        topic_id=row.id, kind=models.TopicStepKind.RAISED, actor_id=user.id,
        to_node_id=building.id,
    )  # fmt: skip
    return row


async def support_topic(ctx: Context, pk: int) -> models.Topic:
    """Support (附议) an open topic of one's own building, once, in one's own name; never one's
    own topic (nor one raised by one's household)."""
    user = require_user(ctx)
    topic = await TOPICS.require(ctx, pk)
    resident = await own_resident(user)
    if resident is None:
        raise Invalid("topics.no_own_resident", field="id")
    if not may_support_topic(ctx.viewer, topic.building_path, resident.household.building.path):
        raise Forbidden("topics.may_not_support", field="id")
    own = frozenset({resident.household_id}) | ctx.viewer.own_household_ids
    if supports_own_topic(topic.raised_by_id, await raiser_household(topic), user.id, own):
        raise Forbidden("topics.own_topic", field="id")
    row = await locked(pk)
    audit.before(ctx, row)
    with refusing():
        workflow.check_open(row.status)
    if await models.TopicSupport.exists(topic_id=row.id, resident_id=resident.id):
        raise Conflict("topics.supported_twice", field="id")
    try:
        support = await models.TopicSupport.create(
            topic_id=row.id, resident_id=resident.id, supported_by_id=user.id
        )
    except IntegrityError as error:  # the same person, at once: the mutation rolls back
        raise Conflict("topics.supported_twice", field="id") from error
    audit.touched(ctx, support)
    await models.Topic.filter(id=row.id).update(
        supporter_count=F("supporter_count") + 1, updated_at=now()
    )
    return await climb_if_supported(await models.Topic.get(id=row.id))


async def follow_topic(ctx: Context, pk: int) -> models.Topic:
    """Follow (关注) a topic the viewer reads; following it again changes nothing."""
    user = require_user(ctx)
    topic = await TOPICS.require(ctx, pk)
    if not may_follow_topic(ctx.viewer, topic.building_path):
        raise Forbidden("topics.may_not_follow", field="id")
    if not await models.TopicFollow.exists(topic_id=topic.id, user_id=user.id):
        try:
            follow = await models.TopicFollow.create(topic_id=topic.id, user_id=user.id)
        except IntegrityError as error:  # followed at once from two places
            raise Conflict("topics.followed_meanwhile", field="id") from error
        audit.touched(ctx, follow)
    return topic


async def unfollow_topic(ctx: Context, pk: int) -> models.Topic:
    """Stop following a topic; not following it changes nothing."""
    user = require_user(ctx)
    topic = await TOPICS.require(ctx, pk)
    if not may_follow_topic(ctx.viewer, topic.building_path):
        raise Forbidden("topics.may_not_follow", field="id")
    await models.TopicFollow.filter(topic_id=topic.id, user_id=user.id).delete()
    audit.note(ctx, "unfollowed", True)
    return topic
