"""Residents (居民): the list with its filters, and changes."""

from datetime import date
from enum import Enum

import strawberry

import models
import resolvers.people.accounts
import resolvers.people.residents
from resolvers.ids import decode_id_of
from schema.info import Info
from schema.inputs import decoded
from schema.mutations import Payload
from schema.org import OrgNodeId
from schema.paging import list_field
from schema.people.types import Resident, household_pk, resident_pk
from schema.relay import lookup_field


@strawberry.enum(description="The order of `residents`; every order pages by keyset cursors.")
class ResidentOrder(Enum):
    ID = strawberry.enum_value("ID", description="By id, in the order residents were registered.")
    NAME = strawberry.enum_value("NAME", description="By name (姓名), then id.")
    BUILDING = strawberry.enum_value(
        "BUILDING", description="By building (楼栋), then household number (户号), then id."
    )
    CREATED_ASC = strawberry.enum_value("CREATED_ASC", description="Oldest record first.")
    CREATED_DESC = strawberry.enum_value("CREATED_DESC", description="Newest record first.")


@strawberry.input
class ResidentFilter:
    node_id: OrgNodeId | None = strawberry.field(
        default=None,
        description=(
            "Only residents in this node's subtree (intersected with what the viewer may see)."
        ),
    )
    search: str | None = strawberry.field(default=None, description="Name or phone contains.")
    tag: models.ResidentTag | None = None
    party_member_kind: models.PartyMemberKind | None = None
    min_age: int | None = None
    max_age: int | None = None
    include_inactive: bool = False

    def to_filter(self) -> resolvers.people.residents.ResidentFilter:
        return decoded(self, resolvers.people.residents.ResidentFilter)


@strawberry.input
class ResidentInput:
    name: str | None = None
    gender: models.Gender | None = None
    birth_date: date | None = None
    phone: str | None = strawberry.field(default=None, description="Empty string clears it.")
    id_number: str | None = None
    tags: list[models.ResidentTag] | None = strawberry.field(
        default=None, description="Replaces the resident's tags when given."
    )

    def to_input(self) -> resolvers.people.residents.ResidentInput:
        return decoded(self, resolvers.people.residents.ResidentInput)


@strawberry.input
class CreateResidentInput(ResidentInput):
    household_id: strawberry.ID


@strawberry.type
class ResidentPayload(Payload[models.Resident], result=Resident.from_model):
    resident: Resident | None = None


@strawberry.type
class ResidentsQuery:
    residents = list_field(
        resolvers.people.residents.residents,
        ResidentFilter,
        ResidentOrder.ID,
        Resident,
        description=(
            "Residents (居民) of the households the viewer reads (their scope, the households "
            "linked to their central household, or their own); active only by default; masked "
            "as `Resident`."
        ),
    )

    resident = lookup_field(
        resolvers.people.residents.resident,
        resident_pk,
        Resident,
        description="A resident by id, or null when missing or outside the viewer's scope.",
    )


@strawberry.type
class ResidentsMutation:
    @strawberry.mutation
    async def create_resident(self, info: Info, input: CreateResidentInput) -> ResidentPayload:
        return await ResidentPayload.mutate(
            lambda: resolvers.people.residents.create_resident(
                info.context, household_pk(input.household_id), input.to_input()
            ),
        )

    @strawberry.mutation
    async def update_resident(
        self, info: Info, id: strawberry.ID, input: ResidentInput
    ) -> ResidentPayload:
        return await ResidentPayload.mutate(
            lambda: resolvers.people.residents.update_resident(
                info.context, resident_pk(id), input.to_input()
            ),
        )

    @strawberry.mutation
    async def move_resident(
        self, info: Info, id: strawberry.ID, household_id: strawberry.ID
    ) -> ResidentPayload:
        return await ResidentPayload.mutate(
            lambda: resolvers.people.residents.move_resident(
                info.context, resident_pk(id), household_pk(household_id)
            ),
        )

    @strawberry.mutation(
        description=(
            "Ties a user account to the resident and grants RESIDENT at their building. Never "
            "the caller's own account, an account holding any other role, or an account or a "
            "resident already linked (unlinkResidentAccount first)."
        )
    )
    async def link_resident_account(
        self, info: Info, id: strawberry.ID, user_id: strawberry.ID
    ) -> ResidentPayload:
        return await ResidentPayload.mutate(
            lambda: resolvers.people.accounts.link_resident_account(
                info.context, resident_pk(id), decode_id_of(user_id, "User", field="userId")
            ),
        )

    @strawberry.mutation(
        description=(
            "Unties the resident's account: it no longer reads the household and loses RESIDENT "
            "at the building. A resident is re-linked only after this."
        )
    )
    async def unlink_resident_account(self, info: Info, id: strawberry.ID) -> ResidentPayload:
        return await ResidentPayload.mutate(
            lambda: resolvers.people.accounts.unlink_resident_account(
                info.context, resident_pk(id)
            ),
        )

    @strawberry.mutation(description="Hides the resident; nothing is deleted.")
    async def deactivate_resident(self, info: Info, id: strawberry.ID) -> ResidentPayload:
        return await ResidentPayload.mutate(
            lambda: resolvers.people.residents.deactivate_resident(info.context, resident_pk(id)),
        )
