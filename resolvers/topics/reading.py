"""Topics, their supports and a community's thresholds as lists and single rows, in scope."""

from dataclasses import dataclass
from datetime import datetime

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

import models
from models.workflows import topics as workflow
from policies.topics import (
    decides_own_topic,
    readable_topic_supports_filter,
    readable_topics_filter,
    sees_topic_raiser,
)
from resolvers.context import Context
from resolvers.cursors import CREATED, Key, by, orders
from resolvers.errors import Invalid
from resolvers.filters import listed, narrows, search_text, within
from resolvers.org import get_org_node
from resolvers.pagination import Page, Window, paginate
from resolvers.scoping import Readable, found

SUPPORTERS = Key("supporter_count", int)
UPDATED = Key("updated_at", datetime)
# Indexes (migration 0016) serve each order both ways: (created_at, id), (supporter_count, id),
# (updated_at, id).
TOPIC_ORDER = {
    "ID": by("Topic.ID"),
    "CREATED_ASC": by("Topic.CREATED_ASC", CREATED),
    "CREATED_DESC": by("Topic.CREATED_DESC", CREATED, descending=True),
    "SUPPORTERS_DESC": by("Topic.SUPPORTERS_DESC", SUPPORTERS, descending=True),
    "UPDATED_DESC": by("Topic.UPDATED_DESC", UPDATED, descending=True),
}
SUPPORT_ORDER = orders("TopicSupport")


TOPICS = Readable(models.Topic, readable_topics_filter, "topics.no_topic")
SUPPORTS = Readable(models.TopicSupport, readable_topic_supports_filter)
# The name `node(id:)` (schema/node.py) calls.
get_topic = TOPICS.get
get_support = SUPPORTS.get


async def topic(ctx: Context, pk: int) -> models.Topic | None:
    """`topic(id:)`: as `node(id:)` reads a topic."""
    return await get_topic(ctx, pk)


@dataclass(frozen=True)
class TopicFilter:
    status: list[models.TopicStatus] | None = narrows("status__in")
    level: list[models.TopicLevel] | None = narrows("level__in")
    category: list[models.TopicCategory] | None = narrows("category__in")
    node_id: int | None = within("node_path")
    building_id: int | None = None
    followed: bool | None = None
    supported: bool | None = None
    search: str | None = None


def _followed(ctx: Context) -> Q:
    mine = models.TopicFollow.filter(user_id=ctx.viewer.user_id or 0).values("topic_id")
    return Q(id__in=Subquery(mine))


def _supported(ctx: Context) -> Q:
    mine = models.TopicSupport.filter(resident__user_id=ctx.viewer.user_id or 0)
    return Q(id__in=Subquery(mine.values("topic_id")))


async def filtered_topics(ctx: Context, where: TopicFilter) -> QuerySet[models.Topic]:
    """The `topics` list's query (and the topics export's): scope first, then the filter; a
    node the viewer cannot read is NOT_FOUND, as if missing."""
    query = await listed(ctx, TOPICS.rows, where)
    if where.building_id is not None:
        building = found(await get_org_node(ctx, where.building_id), "org.no_node", "buildingId")
        query = query.filter(building_id=building.id)
    if where.followed is not None:
        query = query.filter(_followed(ctx) if where.followed else ~_followed(ctx))
    if where.supported is not None:
        query = query.filter(_supported(ctx) if where.supported else ~_supported(ctx))
    text = search_text(where.search)
    if text:
        query = query.filter(Q(title__icontains=text) | Q(description__icontains=text))
    return query


async def topics(
    ctx: Context, where: TopicFilter, order: str, window: Window
) -> Page[models.Topic]:
    return await paginate(await filtered_topics(ctx, where), TOPIC_ORDER[order], window)


@dataclass(frozen=True)
class SupportFilter:
    topic_id: int | None = narrows("topic_id")
    mine: bool | None = None


async def topic_supports(
    ctx: Context, where: SupportFilter, order: str, window: Window
) -> Page[models.TopicSupport]:
    """Supports (附议) in scope: a topic the viewer cannot read is NOT_FOUND, as if missing."""
    if where.topic_id is not None:
        await TOPICS.require(ctx, where.topic_id, "topicId")
    query = await listed(ctx, SUPPORTS.rows, where)
    if where.mine:
        query = query.filter(resident__user_id=ctx.viewer.user_id or 0)
    return await paginate(query, SUPPORT_ORDER[order], window)


async def thresholds_of(community_id: int) -> workflow.Thresholds:
    """The community's thresholds of the automatic climb, or the defaults."""
    row = await models.TopicThresholds.get_or_none(community_id=community_id)
    if row is None:
        return workflow.Thresholds()
    return workflow.Thresholds(to_grid=row.to_grid, to_community=row.to_community)


def community_id_of(building_path: str) -> int:
    return models.path_ids(workflow.community_path(building_path))[-1]


async def community_for(ctx: Context, pk: int, field: str = "communityId") -> models.OrgNode:
    """A community the viewer reads (in its subtree, or above their grant as a breadcrumb); any
    other node is INVALID, one the viewer cannot read NOT_FOUND."""
    node = found(await get_org_node(ctx, pk), "org.no_node", field)
    if node.level is not models.OrgLevel.COMMUNITY:
        raise Invalid(
            "org.wrong_level", field=field, level=models.OrgLevel.COMMUNITY, actual=node.level
        )
    return node


async def topic_thresholds(ctx: Context, community_id: int) -> models.TopicThresholds:
    """`topicThresholds(communityId:)`: the community's own, or (unsaved) the defaults."""
    community = await community_for(ctx, community_id)
    row = await models.TopicThresholds.get_or_none(community_id=community.id)
    if row is not None:
        return row
    defaults = workflow.Thresholds()
    return models.TopicThresholds(
        community_id=community.id, to_grid=defaults.to_grid, to_community=defaults.to_community
    )


def shows_raiser(ctx: Context, row: models.Topic) -> bool:
    """Whether the viewer sees who raised the topic (policies.topics.sees_topic_raiser)."""
    return sees_topic_raiser(ctx.viewer, row.raised_by_id, row.building_path)


def supporters_to_climb(row: models.Topic, thresholds: models.TopicThresholds | None) -> int | None:
    """Supporters still missing before the topic climbs by itself (its community's thresholds,
    or the defaults); None when it cannot climb by itself."""
    rule = (
        workflow.Thresholds(thresholds.to_grid, thresholds.to_community)
        if thresholds is not None
        else workflow.Thresholds()
    )
    return workflow.supporters_to_climb(row.status, row.level, row.supporter_count, rule)


async def decided_by_own_side(topic: models.Topic, user_id: int | None) -> bool:
    """Would `user_id` decide a topic they or their household raised (policies/topics
    decides_own_topic)? The households are those of the residents tied to the account."""
    if user_id is None:
        return False
    own = {row.household_id for row in await models.Resident.filter(user_id=user_id)}
    return decides_own_topic(topic.raised_by_id, await raiser_household(topic), user_id, own)


async def raiser_household(topic: models.Topic) -> int | None:
    """The household of the resident who raised the topic in their own name, if one did."""
    if topic.raised_by_resident_id is None:
        return None
    raiser = await models.Resident.get_or_none(id=topic.raised_by_resident_id)
    return raiser.household_id if raiser is not None else None
