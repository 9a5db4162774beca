"""Service items and convention versions as read. Descriptions live in
schema/descriptions/meetings.py."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
import resolvers.conventions.lists
from models.workflows.conventions import Change, SectionDiff
from schema.ids import IdOf
from schema.info import Info
from schema.relay import Node
from schema.rows import FromModel, load_optional, same_fields

if TYPE_CHECKING:
    from schema.meetings.types import Resolution
    from schema.org import OrgNode

strawberry.enum(models.ServiceCategory, name="ServiceCategory")
strawberry.enum(models.ServiceItemStatus, name="ServiceItemStatus")
strawberry.enum(models.ConventionSection, name="ConventionSection")
strawberry.enum(models.ConventionStatus, name="ConventionStatus")
strawberry.enum(Change, name="ConventionChange")

LazyOrgNode = Annotated["OrgNode", strawberry.lazy("schema.org")]
LazyResolution = Annotated["Resolution", strawberry.lazy("schema.meetings.types")]


@strawberry.type
class ServiceItem(Node, FromModel[models.ServiceItem]):
    row: strawberry.Private[models.ServiceItem]
    id: strawberry.ID
    number: int
    category: models.ServiceCategory
    title: str
    description: str
    status: models.ServiceItemStatus
    created_at: datetime

    @strawberry.field
    async def community(self, info: Info) -> LazyOrgNode:
        from schema.org import anchor_node

        return await anchor_node(info, self.row.community_id)

    @strawberry.field
    async def resolution(self, info: Info) -> LazyResolution | None:
        from schema.meetings.types import Resolution

        loader = info.context.loaders.resolution_by_id
        return await load_optional(loader, self.row.resolution_id, Resolution.from_model)


@strawberry.type
class ConventionSectionText(FromModel[models.ConventionSectionText]):
    section: models.ConventionSection
    body: str


@strawberry.type
class ConventionVersion(Node, FromModel[models.ConventionVersion]):
    row: strawberry.Private[models.ConventionVersion]
    id: strawberry.ID
    number: int
    title: str
    status: models.ConventionStatus
    adopted_at: datetime | None
    created_at: datetime

    @strawberry.field
    async def building(self, info: Info) -> LazyOrgNode:
        from schema.org import anchor_node

        return await anchor_node(info, self.row.building_id)

    @strawberry.field
    async def sections(self, info: Info) -> list[ConventionSectionText]:
        rows = await resolvers.conventions.lists.sections(info.context, self.row)
        return [ConventionSectionText.from_model(row) for row in rows]


@strawberry.type
class ConventionSectionDiff:
    section: models.ConventionSection
    change: Change
    added: list[str]
    removed: list[str]
    unified: list[str]

    @classmethod
    def of(cls, diff: SectionDiff) -> "ConventionSectionDiff":
        return same_fields(diff, cls)


service_item_pk = IdOf("ServiceItem")
convention_version_pk = IdOf("ConventionVersion", "conventionVersionId")
