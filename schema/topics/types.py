"""A topic, its steps, a support and a community's thresholds as the API shows them."""

from datetime import datetime

import strawberry

import models
import resolvers.topics.reading as reading
from models.workflows import topics as workflow
from schema.info import Info
from schema.meetings.types import Meeting
from schema.org import OrgNode, anchor_node
from schema.people.types import Resident, resident_of
from schema.relay import Node
from schema.rows import FromModel, load_optional
from schema.users import User

strawberry.enum(models.TopicCategory, name="TopicCategory")
strawberry.enum(models.TopicLevel, name="TopicLevel")
strawberry.enum(models.TopicStatus, name="TopicStatus")
strawberry.enum(models.TopicStepKind, name="TopicStepKind")
strawberry.enum(workflow.Decision, name="TopicDecision")


async def _node_or_none(info: Info, pk: int | None) -> OrgNode | None:
    return None if pk is None else await anchor_node(info, pk)


def _with_target(row: models.Topic) -> list[int]:
    """The topic's id, and its merge target's."""
    return [row.id] if row.merged_into_id is None else [row.id, row.merged_into_id]


@strawberry.type
class TopicStep(FromModel[models.TopicStep]):
    row: strawberry.Private[models.TopicStep]
    kind: models.TopicStepKind
    note: str
    created_at: datetime

    @strawberry.field
    async def from_node(self, info: Info) -> OrgNode | None:
        return await _node_or_none(info, self.row.from_node_id)

    @strawberry.field
    async def to_node(self, info: Info) -> OrgNode | None:
        return await _node_or_none(info, self.row.to_node_id)

    @strawberry.field
    async def actor(self, info: Info) -> User | None:
        if self.row.kind is models.TopicStepKind.RAISED:
            topic = await info.context.loaders.topic_by_id.load(self.row.topic_id)
            if topic is None or not reading.shows_raiser(info.context, topic):
                return None
        loader = info.context.loaders.user_by_id
        return await load_optional(loader, self.row.actor_id, User.from_model)


@strawberry.type
class Topic(Node, FromModel[models.Topic]):
    row: strawberry.Private[models.Topic]
    id: strawberry.ID
    title: str
    description: str
    category: models.TopicCategory
    level: models.TopicLevel
    status: models.TopicStatus
    supporter_count: int
    decision_note: str
    decided_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @strawberry.field
    def category_label(self) -> str:
        return models.TOPIC_CATEGORY_LABELS[self.row.category]

    @strawberry.field
    async def building(self, info: Info) -> OrgNode:
        return await anchor_node(info, self.row.building_id)

    @strawberry.field
    async def node(self, info: Info) -> OrgNode:
        return await anchor_node(info, self.row.node_id)

    @strawberry.field
    def raised_by_me(self, info: Info) -> bool:
        return (
            self.row.raised_by_id is not None
            and self.row.raised_by_id == info.context.viewer.user_id
        )

    @strawberry.field
    async def raised_by(self, info: Info) -> User | None:
        if not reading.shows_raiser(info.context, self.row):
            return None
        loader = info.context.loaders.user_by_id
        return await load_optional(loader, self.row.raised_by_id, User.from_model)

    @strawberry.field
    async def raised_by_resident(self, info: Info) -> Resident | None:
        return await resident_of(info, self.row.raised_by_resident_id)

    @strawberry.field
    async def decided_by(self, info: Info) -> User | None:
        loader = info.context.loaders.user_by_id
        return await load_optional(loader, self.row.decided_by_id, User.from_model)

    @strawberry.field
    async def merged_into(self, info: Info) -> "Topic | None":
        loader = info.context.loaders.topic_by_id
        return await load_optional(loader, self.row.merged_into_id, Topic.from_model)

    @strawberry.field
    async def steps(self, info: Info) -> list[TopicStep]:
        rows = await info.context.loaders.steps_by_topic_id.load(self.row.id)
        return [TopicStep.from_model(row) for row in rows]

    @strawberry.field
    async def meetings(self, info: Info) -> list[Meeting]:
        rows = await info.context.loaders.meetings_by_topic_id.load(self.row.id)
        return [Meeting.from_model(row) for row in rows]

    # Each asks for the merge target's too, in the same batch: a `mergedInto { ... }` then
    # costs no second round of statements.
    @strawberry.field
    async def follower_count(self, info: Info) -> int:
        loader = info.context.loaders.follower_count_by_topic_id
        return (await loader.load_many(_with_target(self.row)))[0]

    @strawberry.field
    async def followed_by_me(self, info: Info) -> bool:
        loader = info.context.loaders.my_follow_by_topic_id
        return (await loader.load_many(_with_target(self.row)))[0] is not None

    @strawberry.field
    async def supported_by_me(self, info: Info) -> bool:
        loader = info.context.loaders.my_support_by_topic_id
        return (await loader.load_many(_with_target(self.row)))[0] is not None

    @strawberry.field
    async def supporters_to_climb(self, info: Info) -> int | None:
        community = reading.community_id_of(self.row.building_path)
        row = await info.context.loaders.topic_thresholds_by_community_id.load(community)
        return reading.supporters_to_climb(self.row, row)


@strawberry.type
class TopicSupport(Node, FromModel[models.TopicSupport]):
    row: strawberry.Private[models.TopicSupport]
    id: strawberry.ID
    created_at: datetime

    @strawberry.field
    async def topic(self, info: Info) -> Topic | None:
        loader = info.context.loaders.topic_by_id
        return await load_optional(loader, self.row.topic_id, Topic.from_model)

    @strawberry.field
    async def resident(self, info: Info) -> Resident | None:
        return await resident_of(info, self.row.resident_id)

    @strawberry.field
    async def via_topic(self, info: Info) -> Topic | None:
        loader = info.context.loaders.topic_by_id
        return await load_optional(loader, self.row.via_topic_id, Topic.from_model)


@strawberry.type
class TopicThresholds(FromModel[models.TopicThresholds]):
    row: strawberry.Private[models.TopicThresholds]
    to_grid: int
    to_community: int

    @strawberry.field
    def is_default(self) -> bool:
        return self.row.id is None

    @strawberry.field
    async def community(self, info: Info) -> OrgNode:
        return await anchor_node(info, self.row.community_id)
