"""Topics (议题): "楼栋听事、小区议事、社区决事". A topic is raised at a building, held at a node
(building, then grid, then community) and decided by the community; every step is recorded.

The statuses, levels, the climb and its guards live in models/workflows/topics.py; who may do
what in policies/topics.py.
"""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.fields import CASCADE, RESTRICT
from tortoise.models import Model

from models.base import IdMixin, TimestampMixin, fk, nullable_fk
from models.org import OrgNode
from models.people import Resident
from models.users import User

if TYPE_CHECKING:
    from models.meetings import MeetingAgendaItem, Resolution


class TopicCategory(StrEnum):
    ENVIRONMENT = "ENVIRONMENT"  # 环境卫生
    SAFETY = "SAFETY"  # 安全隐患
    PARKING = "PARKING"  # 停车管理
    PROPERTY = "PROPERTY"  # 物业维修
    ELDER_CARE = "ELDER_CARE"  # 养老助老
    NEIGHBOURHOOD = "NEIGHBOURHOOD"  # 邻里关系
    OTHER = "OTHER"  # 其他


TOPIC_CATEGORY_LABELS: dict[TopicCategory, str] = {
    TopicCategory.ENVIRONMENT: "环境卫生",
    TopicCategory.SAFETY: "安全隐患",
    TopicCategory.PARKING: "停车管理",
    TopicCategory.PROPERTY: "物业维修",
    TopicCategory.ELDER_CARE: "养老助老",
    TopicCategory.NEIGHBOURHOOD: "邻里关系",
    TopicCategory.OTHER: "其他",
}


class TopicLevel(StrEnum):
    BUILDING = "BUILDING"  # 楼栋听事
    GRID = "GRID"  # 小区（网格）议事
    COMMUNITY = "COMMUNITY"  # 社区决事


class TopicStatus(StrEnum):
    OPEN = "OPEN"  # 议事中: held at its level, open to support and escalation
    ADOPTED = "ADOPTED"  # 已采纳
    DECLINED = "DECLINED"  # 未采纳 (with its reason)
    MERGED = "MERGED"  # 已合并 into another topic


class TopicStepKind(StrEnum):
    RAISED = "RAISED"  # 提出
    ESCALATED = "ESCALATED"  # 上报 by the level holding it
    AUTO_ESCALATED = "AUTO_ESCALATED"  # 自动上报: its supporters reached the threshold
    ADOPTED = "ADOPTED"  # 采纳
    DECLINED = "DECLINED"  # 不予采纳
    MERGED = "MERGED"  # 合并


class Topic(IdMixin, TimestampMixin, Model):
    # Where it was raised: a building, its path copied (models/paths.py): the scope filter.
    building: fields.ForeignKeyRelation[OrgNode] = fk("OrgNode", "topics_raised", RESTRICT)
    building_id: int
    building_path = fields.CharField(max_length=255, default="", db_default="")
    # The node holding it now (the building, its grid or its community), its path copied.
    node: fields.ForeignKeyRelation[OrgNode] = fk("OrgNode", "topics_held", RESTRICT)
    node_id: int
    node_path = fields.CharField(max_length=255, default="", db_default="")
    level = fields.CharEnumField(TopicLevel, max_length=16, default=TopicLevel.BUILDING)
    status = fields.CharEnumField(TopicStatus, max_length=16, default=TopicStatus.OPEN)
    title = fields.CharField(max_length=100)
    description = fields.TextField()
    category = fields.CharEnumField(TopicCategory, max_length=16)
    raised_by: fields.ForeignKeyNullableRelation[User] = nullable_fk("User", "topics_raised")
    raised_by_id: int | None
    # The resident who raised it (a resident's own account), null when staff raised it.
    raised_by_resident: fields.ForeignKeyNullableRelation[Resident] = nullable_fk(
        "Resident", "topics_raised"
    )
    raised_by_resident_id: int | None
    # Support rows (their own and those a merged topic brought): kept equal by conditional
    # UPDATEs in the same transaction as the rows.
    supporter_count = fields.IntField(default=0)
    decided_at = fields.DatetimeField(null=True)
    decided_by: fields.ForeignKeyNullableRelation[User] = nullable_fk("User", "topics_decided")
    decided_by_id: int | None
    decision_note = fields.CharField(max_length=1000, default="")
    merged_into: fields.ForeignKeyNullableRelation["Topic"] = nullable_fk(
        "Topic", "merged_topics", RESTRICT
    )
    merged_into_id: int | None

    class Meta:
        table = "topic"
        indexes = (("created_at", "id"), ("updated_at", "id"), ("supporter_count", "id"))


class TopicStep(IdMixin, Model):
    """One step of a topic (raised, escalated, decided ...): who, when, from and to which node."""

    topic: fields.ForeignKeyRelation[Topic] = fk("Topic", "steps", CASCADE, db_index=True)
    topic_id: int
    kind = fields.CharEnumField(TopicStepKind, max_length=16)
    # Null for an automatic step (the threshold).
    actor: fields.ForeignKeyNullableRelation[User] = nullable_fk("User", "topic_steps")
    actor_id: int | None
    from_node: fields.ForeignKeyNullableRelation[OrgNode] = nullable_fk(
        "OrgNode", "topic_steps_from", RESTRICT
    )
    from_node_id: int | None
    to_node: fields.ForeignKeyNullableRelation[OrgNode] = nullable_fk(
        "OrgNode", "topic_steps_to", RESTRICT
    )
    to_node_id: int | None
    note = fields.CharField(max_length=1000, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "topic_step"


class TopicSupport(IdMixin, Model):
    """One resident's support (附议) of a topic: once per resident and topic (unique index)."""

    topic: fields.ForeignKeyRelation[Topic] = fk("Topic", "supports", CASCADE)
    topic_id: int
    resident: fields.ForeignKeyRelation[Resident] = fk(
        "Resident", "topic_supports", RESTRICT, db_index=True
    )
    resident_id: int
    supported_by: fields.ForeignKeyNullableRelation[User] = nullable_fk("User", "topic_supports")
    supported_by_id: int | None
    # The topic merged into this one that the support was given to, else null.
    via_topic: fields.ForeignKeyNullableRelation[Topic] = nullable_fk(
        "Topic", "supports_passed_on", CASCADE
    )
    via_topic_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "topic_support"
        unique_together = (("topic", "resident"),)
        indexes = (("created_at", "id"),)


class TopicFollow(IdMixin, Model):
    """An account following (关注) a topic."""

    topic: fields.ForeignKeyRelation[Topic] = fk("Topic", "follows", CASCADE)
    topic_id: int
    user: fields.ForeignKeyRelation[User] = fk("User", "topic_follows", CASCADE, db_index=True)
    user_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "topic_follow"
        unique_together = (("topic", "user"),)


class TopicThresholds(IdMixin, Model):
    """A community's supporter thresholds for the automatic climb (defaults when it has none)."""

    community: fields.OneToOneRelation[OrgNode] = fields.OneToOneField(
        "models.OrgNode", related_name="topic_thresholds", on_delete=CASCADE
    )
    community_id: int
    to_grid = fields.IntField()
    to_community = fields.IntField()
    updated_by: fields.ForeignKeyNullableRelation[User] = nullable_fk(
        "User", "topic_thresholds_set"
    )
    updated_by_id: int | None
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "topic_thresholds"


class TopicAgendaLink(IdMixin, Model):
    """A meeting's agenda item that names a topic (议程中的议题): a topic raised in the
    meeting node's subtree. One topic per item, and a topic on any number of agendas."""

    agenda_item: fields.OneToOneRelation["MeetingAgendaItem"] = fields.OneToOneField(
        "models.MeetingAgendaItem", related_name="topic_link", on_delete=CASCADE
    )
    agenda_item_id: int
    topic: fields.ForeignKeyRelation[Topic] = fk("Topic", "agenda_links", CASCADE, db_index=True)
    topic_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "topic_agenda_link"


class TopicResolutionLink(IdMixin, Model):
    """The topic an ADOPT_TOPIC resolution (议题采纳决议) adopts when it passes."""

    resolution: fields.OneToOneRelation["Resolution"] = fields.OneToOneField(
        "models.Resolution", related_name="topic_link", on_delete=CASCADE
    )
    resolution_id: int
    topic: fields.ForeignKeyRelation[Topic] = fk(
        "Topic", "resolution_links", CASCADE, db_index=True
    )
    topic_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "topic_resolution_link"
