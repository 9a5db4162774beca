"""The topic lists, `topic(id:)`, a community's thresholds, and the mutations that raise,
support, follow, escalate and decide topics."""

from enum import Enum
from typing import Annotated

import strawberry

import models
import resolvers.topics.climbing
import resolvers.topics.deciding
import resolvers.topics.meetings
import resolvers.topics.raising
import resolvers.topics.reading
from models.workflows import topics as workflow
from schema.ids import IdOf
from schema.info import Info
from schema.inputs import decoded
from schema.meetings.types import meeting_pk
from schema.mutations import Payload
from schema.org import OrgNodeId, org_node_pk
from schema.paging import list_field
from schema.relay import lookup_field
from schema.topics.types import Topic, TopicSupport, TopicThresholds

topic_pk = IdOf("Topic")
topic_support_pk = IdOf("TopicSupport")
TopicId = Annotated[strawberry.ID, topic_pk]


@strawberry.enum
class TopicOrder(Enum):
    CREATED_DESC = "CREATED_DESC"
    CREATED_ASC = "CREATED_ASC"
    SUPPORTERS_DESC = "SUPPORTERS_DESC"
    UPDATED_DESC = "UPDATED_DESC"
    ID = "ID"


@strawberry.enum
class TopicSupportOrder(Enum):
    CREATED_ASC = "CREATED_ASC"
    CREATED_DESC = "CREATED_DESC"
    ID = "ID"


@strawberry.input
class TopicFilter:
    status: list[models.TopicStatus] | None = None
    level: list[models.TopicLevel] | None = None
    category: list[models.TopicCategory] | None = None
    node_id: OrgNodeId | None = None
    building_id: OrgNodeId | None = None
    followed: bool | None = None
    supported: bool | None = None
    search: str | None = None

    def to_filter(self) -> resolvers.topics.reading.TopicFilter:
        return decoded(self, resolvers.topics.reading.TopicFilter)


@strawberry.input
class TopicSupportFilter:
    topic_id: TopicId | None = None
    mine: bool | None = None

    def to_filter(self) -> resolvers.topics.reading.SupportFilter:
        return decoded(self, resolvers.topics.reading.SupportFilter)


@strawberry.input
class RaiseTopicInput:
    building_id: strawberry.ID
    title: str
    description: str
    category: models.TopicCategory

    def to_input(self) -> resolvers.topics.raising.RaiseInput:
        return decoded(self, resolvers.topics.raising.RaiseInput)


@strawberry.input
class DecideTopicInput:
    decision: workflow.Decision
    reason: str | None = None
    merge_into_id: TopicId | None = None

    def to_input(self) -> resolvers.topics.deciding.DecideInput:
        return decoded(self, resolvers.topics.deciding.DecideInput)


@strawberry.type
class TopicPayload(Payload[models.Topic], result=Topic.from_model):
    topic: Topic | None = None


@strawberry.type
class TopicThresholdsPayload(Payload[models.TopicThresholds], result=TopicThresholds.from_model):
    thresholds: TopicThresholds | None = None


@strawberry.type
class TopicsQuery:
    topics = list_field(
        resolvers.topics.reading.topics, TopicFilter, TopicOrder.CREATED_DESC, Topic
    )

    topic = lookup_field(resolvers.topics.reading.topic, topic_pk, Topic)

    topic_supports = list_field(
        resolvers.topics.reading.topic_supports,
        TopicSupportFilter,
        TopicSupportOrder.CREATED_ASC,
        TopicSupport,
    )

    @strawberry.field
    async def topic_thresholds(self, info: Info, community_id: strawberry.ID) -> TopicThresholds:
        row = await resolvers.topics.reading.topic_thresholds(
            info.context, org_node_pk(community_id, "communityId")
        )
        return TopicThresholds.from_model(row)


@strawberry.type
class TopicsMutation:
    @strawberry.mutation
    async def raise_topic(self, info: Info, input: RaiseTopicInput) -> TopicPayload:
        return await TopicPayload.mutate(
            lambda: resolvers.topics.raising.raise_topic(
                info.context, org_node_pk(input.building_id, "buildingId"), input.to_input()
            )
        )

    @strawberry.mutation
    async def support_topic(self, info: Info, id: strawberry.ID) -> TopicPayload:
        return await TopicPayload.mutate(
            lambda: resolvers.topics.raising.support_topic(info.context, topic_pk(id))
        )

    @strawberry.mutation
    async def follow_topic(self, info: Info, id: strawberry.ID) -> TopicPayload:
        return await TopicPayload.mutate(
            lambda: resolvers.topics.raising.follow_topic(info.context, topic_pk(id))
        )

    @strawberry.mutation
    async def unfollow_topic(self, info: Info, id: strawberry.ID) -> TopicPayload:
        return await TopicPayload.mutate(
            lambda: resolvers.topics.raising.unfollow_topic(info.context, topic_pk(id))
        )

    @strawberry.mutation
    async def escalate_topic(
        self, info: Info, id: strawberry.ID, note: str | None = None
    ) -> TopicPayload:
        return await TopicPayload.mutate(
            lambda: resolvers.topics.climbing.escalate_topic(info.context, topic_pk(id), note)
        )

    @strawberry.mutation
    async def decide_topic(
        self, info: Info, id: strawberry.ID, input: DecideTopicInput
    ) -> TopicPayload:
        return await TopicPayload.mutate(
            lambda: resolvers.topics.deciding.decide_topic(
                info.context, topic_pk(id), input.to_input()
            )
        )

    @strawberry.mutation
    async def name_topic_on_agenda(
        self, info: Info, meeting_id: strawberry.ID, position: int, topic_id: strawberry.ID
    ) -> TopicPayload:
        return await TopicPayload.mutate(
            lambda: resolvers.topics.meetings.name_topic_on_agenda(
                info.context,
                meeting_pk(meeting_id, "meetingId"),
                position,
                topic_pk(topic_id, "topicId"),
            )
        )

    @strawberry.mutation
    async def set_topic_thresholds(
        self, info: Info, community_id: strawberry.ID, to_grid: int, to_community: int
    ) -> TopicThresholdsPayload:
        return await TopicThresholdsPayload.mutate(
            lambda: resolvers.topics.deciding.set_topic_thresholds(
                info.context,
                org_node_pk(community_id, "communityId"),
                resolvers.topics.deciding.ThresholdsInput(to_grid, to_community),
            )
        )
