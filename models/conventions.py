"""A community's agreed service items (服务事项, "共同商议制定服务事项95项") and each building's
convention (楼栋公约, "一楼一特色") in versions.

A service item is created by a passed ADD_SERVICE_ITEMS resolution; a convention version is
drafted, then adopted by a passed ADOPT_CONVENTION resolution, and an adopted version never
changes (its writes are conditional on DRAFT, and on PostgreSQL a trigger refuses it too).
The rules live in models/workflows/conventions.py.
"""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.fields.base import CASCADE, RESTRICT
from tortoise.models import Model

from models.base import IdMixin, TimestampMixin, fk, nullable_fk

if TYPE_CHECKING:
    from models.meetings import Resolution
    from models.org import OrgNode
    from models.users import User


class ServiceCategory(StrEnum):
    ELDERLY = "ELDERLY"  # 为老服务
    CHILDREN = "CHILDREN"  # 儿童关爱
    HEALTH = "HEALTH"  # 健康医疗
    EMPLOYMENT = "EMPLOYMENT"  # 就业创业
    CONVENIENCE = "CONVENIENCE"  # 便民服务
    ENVIRONMENT = "ENVIRONMENT"  # 环境卫生
    SAFETY = "SAFETY"  # 平安建设
    CULTURE = "CULTURE"  # 文化活动
    LEGAL = "LEGAL"  # 法律援助


SERVICE_CATEGORY_LABELS: dict[ServiceCategory, str] = {
    ServiceCategory.ELDERLY: "为老服务",
    ServiceCategory.CHILDREN: "儿童关爱",
    ServiceCategory.HEALTH: "健康医疗",
    ServiceCategory.EMPLOYMENT: "就业创业",
    ServiceCategory.CONVENIENCE: "便民服务",
    ServiceCategory.ENVIRONMENT: "环境卫生",
    ServiceCategory.SAFETY: "平安建设",
    ServiceCategory.CULTURE: "文化活动",
    ServiceCategory.LEGAL: "法律援助",
}


class ServiceItemStatus(StrEnum):
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"  # 暂停
    RETIRED = "RETIRED"  # 停止, for good


class ConventionSection(StrEnum):
    RESPECT_ELDERS = "RESPECT_ELDERS"  # 尊老爱幼
    NEIGHBOURLY_HELP = "NEIGHBOURLY_HELP"  # 邻里互助
    PUBLIC_MORALITY = "PUBLIC_MORALITY"  # 社会公德
    HYGIENE = "HYGIENE"  # 环境卫生
    DOG_KEEPING = "DOG_KEEPING"  # 文明养犬
    FIRE_SAFETY = "FIRE_SAFETY"  # 消防安全
    PARKING = "PARKING"  # 停车秩序
    OTHER = "OTHER"  # 其他


CONVENTION_SECTION_LABELS: dict[ConventionSection, str] = {
    ConventionSection.RESPECT_ELDERS: "尊老爱幼",
    ConventionSection.NEIGHBOURLY_HELP: "邻里互助",
    ConventionSection.PUBLIC_MORALITY: "社会公德",
    ConventionSection.HYGIENE: "环境卫生",
    ConventionSection.DOG_KEEPING: "文明养犬",
    ConventionSection.FIRE_SAFETY: "消防安全",
    ConventionSection.PARKING: "停车秩序",
    ConventionSection.OTHER: "其他",
}


class ConventionStatus(StrEnum):
    DRAFT = "DRAFT"  # 草案: may be edited
    ADOPTED = "ADOPTED"  # 已通过: frozen; the adopted version of highest number is current
    DISCARDED = "DISCARDED"  # 已废弃: a draft not taken up (rejected or replaced)


class ServiceItem(IdMixin, TimestampMixin, Model):
    """One agreed service (服务事项) of a community, created by a passed resolution."""

    community: fields.ForeignKeyRelation["OrgNode"] = fk("OrgNode", "service_items", RESTRICT)
    community_id: int
    node_path = fields.CharField(max_length=255, db_index=True)
    resolution: fields.ForeignKeyNullableRelation["Resolution"] = nullable_fk(
        "Resolution", "service_items", RESTRICT, db_index=True
    )
    resolution_id: int | None
    # The item's number in the community's list (1, 2, ...), in the order they were agreed.
    number = fields.IntField()
    category = fields.CharEnumField(ServiceCategory, max_length=16)
    title = fields.CharField(max_length=100)
    description = fields.CharField(max_length=1000, default="")
    status = fields.CharEnumField(
        ServiceItemStatus, max_length=16, default=ServiceItemStatus.ACTIVE
    )
    status_changed_by: fields.ForeignKeyNullableRelation["User"] = nullable_fk(
        "User", "service_items_changed"
    )
    status_changed_by_id: int | None

    class Meta:
        table = "service_item"
        unique_together = (("community", "number"),)
        indexes = (("title", "id"), ("created_at", "id"))


class ConventionVersion(IdMixin, TimestampMixin, Model):
    """One version (第 n 版) of a building's convention (楼栋公约). A draft may change, an adopted
    one never does (the resolvers write it only `WHERE status = 'DRAFT'`, and on PostgreSQL a
    trigger refuses any change of an adopted version or its sections but of the copied node
    path)."""

    building: fields.ForeignKeyRelation["OrgNode"] = fk("OrgNode", "convention_versions", RESTRICT)
    building_id: int
    node_path = fields.CharField(max_length=255, db_index=True)
    number = fields.IntField()
    title = fields.CharField(max_length=100)
    status = fields.CharEnumField(ConventionStatus, max_length=16, default=ConventionStatus.DRAFT)
    drafted_by: fields.ForeignKeyNullableRelation["User"] = nullable_fk(
        "User", "convention_versions_drafted"
    )
    drafted_by_id: int | None
    # The passed ADOPT_CONVENTION resolution that adopted it names it (convention_version).
    adopted_at = fields.DatetimeField(null=True)

    class Meta:
        table = "convention_version"
        unique_together = (("building", "number"),)


class ConventionSectionText(IdMixin, Model):
    """The text of one section of a convention version, in order."""

    version: fields.ForeignKeyRelation[ConventionVersion] = fk(
        "ConventionVersion", "sections", CASCADE
    )
    version_id: int
    section = fields.CharEnumField(ConventionSection, max_length=24)
    position = fields.IntField()
    body = fields.CharField(max_length=4000)

    class Meta:
        table = "convention_section"
        unique_together = (("version", "section"),)
