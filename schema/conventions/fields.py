"""The service item and convention lists, the current convention, the diff between versions,
and the mutations that draft a convention and change service items."""

from enum import Enum

import strawberry

import models
import resolvers.conventions.lists
import resolvers.conventions.writing
from schema.conventions.types import (
    ConventionSectionDiff,
    ConventionVersion,
    ServiceItem,
    convention_version_pk,
    service_item_pk,
)
from schema.info import Info
from schema.inputs import decoded
from schema.mutations import Payload
from schema.org import OrgNodeId, org_node_pk
from schema.paging import list_field
from schema.relay import lookup_field


@strawberry.enum
class ServiceItemOrder(Enum):
    NUMBER = "NUMBER"
    TITLE = "TITLE"
    CREATED_DESC = "CREATED_DESC"
    CREATED_ASC = "CREATED_ASC"
    ID = "ID"


@strawberry.enum
class ConventionVersionOrder(Enum):
    NUMBER_DESC = "NUMBER_DESC"
    NUMBER_ASC = "NUMBER_ASC"
    ID = "ID"


@strawberry.input
class ServiceItemFilter:
    community_id: OrgNodeId | None = None
    category: models.ServiceCategory | None = None
    status: list[models.ServiceItemStatus] | None = None
    search: str | None = None

    def to_filter(self) -> resolvers.conventions.lists.ServiceItemFilter:
        return decoded(self, resolvers.conventions.lists.ServiceItemFilter)


@strawberry.input
class ConventionVersionFilter:
    building_id: OrgNodeId | None = None
    node_id: OrgNodeId | None = None
    status: list[models.ConventionStatus] | None = None

    def to_filter(self) -> resolvers.conventions.lists.VersionFilter:
        return decoded(self, resolvers.conventions.lists.VersionFilter)


@strawberry.input
class ConventionSectionInput:
    section: models.ConventionSection
    body: str


@strawberry.input
class ConventionDraftInput:
    title: str
    sections: list[ConventionSectionInput]

    def to_text(self) -> resolvers.conventions.writing.DraftText:
        return resolvers.conventions.writing.DraftText(
            title=self.title, sections=[(s.section, s.body) for s in self.sections]
        )


@strawberry.type
class ConventionVersionPayload(
    Payload[models.ConventionVersion], result=ConventionVersion.from_model
):
    version: ConventionVersion | None = None


@strawberry.type
class ServiceItemPayload(Payload[models.ServiceItem], result=ServiceItem.from_model):
    service_item: ServiceItem | None = None


@strawberry.type
class ConventionsQuery:
    service_items = list_field(
        resolvers.conventions.lists.service_items,
        ServiceItemFilter,
        ServiceItemOrder.NUMBER,
        ServiceItem,
    )

    convention_versions = list_field(
        resolvers.conventions.lists.convention_versions,
        ConventionVersionFilter,
        ConventionVersionOrder.NUMBER_DESC,
        ConventionVersion,
    )

    convention_version = lookup_field(
        resolvers.conventions.lists.convention_version, convention_version_pk, ConventionVersion
    )

    @strawberry.field
    async def current_convention(
        self, info: Info, building_id: strawberry.ID
    ) -> ConventionVersion | None:
        row = await resolvers.conventions.lists.current_convention(
            info.context, org_node_pk(building_id, "buildingId")
        )
        return ConventionVersion.from_model(row) if row is not None else None

    @strawberry.field
    async def convention_diff(
        self, info: Info, from_id: strawberry.ID, to_id: strawberry.ID
    ) -> list[ConventionSectionDiff]:
        diffs = await resolvers.conventions.lists.convention_diff(
            info.context,
            convention_version_pk(from_id, "fromId"),
            convention_version_pk(to_id, "toId"),
        )
        return [ConventionSectionDiff.of(d) for d in diffs]


@strawberry.type
class ConventionsMutation:
    @strawberry.mutation
    async def draft_convention_version(
        self, info: Info, building_id: strawberry.ID, input: ConventionDraftInput
    ) -> ConventionVersionPayload:
        return await ConventionVersionPayload.mutate(
            lambda: resolvers.conventions.writing.draft_convention_version(
                info.context, org_node_pk(building_id, "buildingId"), input.to_text()
            )
        )

    @strawberry.mutation
    async def update_convention_draft(
        self, info: Info, id: strawberry.ID, input: ConventionDraftInput
    ) -> ConventionVersionPayload:
        return await ConventionVersionPayload.mutate(
            lambda: resolvers.conventions.writing.update_convention_draft(
                info.context, convention_version_pk(id, "id"), input.to_text()
            )
        )

    @strawberry.mutation
    async def discard_convention_draft(
        self, info: Info, id: strawberry.ID
    ) -> ConventionVersionPayload:
        return await ConventionVersionPayload.mutate(
            lambda: resolvers.conventions.writing.discard_convention_draft(
                info.context, convention_version_pk(id, "id")
            )
        )

    @strawberry.mutation
    async def suspend_service_item(self, info: Info, id: strawberry.ID) -> ServiceItemPayload:
        return await ServiceItemPayload.mutate(
            lambda: resolvers.conventions.writing.suspend_service_item(
                info.context, service_item_pk(id, "id")
            )
        )

    @strawberry.mutation
    async def resume_service_item(self, info: Info, id: strawberry.ID) -> ServiceItemPayload:
        return await ServiceItemPayload.mutate(
            lambda: resolvers.conventions.writing.resume_service_item(
                info.context, service_item_pk(id, "id")
            )
        )

    @strawberry.mutation
    async def retire_service_item(self, info: Info, id: strawberry.ID) -> ServiceItemPayload:
        return await ServiceItemPayload.mutate(
            lambda: resolvers.conventions.writing.retire_service_item(
                info.context, service_item_pk(id, "id")
            )
        )
