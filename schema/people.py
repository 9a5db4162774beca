"""Residents and households; personal data masked by policy."""

from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
import resolvers.people
from resolvers.ids import decode_id_of, encode_global_id
from schema.errors import UserError
from schema.info import Info
from schema.mutations import mutate
from schema.org import OrgNode, org_node_pk
from schema.relay import Connection, Node, to_connection

if TYPE_CHECKING:
    from schema.party import PartyMember

strawberry.enum(models.Gender, name="Gender")
strawberry.enum(models.ResidentTag, name="ResidentTag")
strawberry.enum(models.PartyMemberKind, name="PartyMemberKind")


@strawberry.enum
class ResidentOrder(Enum):
    ID = "ID"
    NAME = "NAME"
    BUILDING = "BUILDING"


@strawberry.type(
    description=(
        "Masked as 138****5678 / 520302********1234 unless the viewer may see them unmasked."
    )
)
class Resident(Node):
    row: strawberry.Private[models.Resident]
    id: strawberry.ID
    name: str
    gender: models.Gender | None
    birth_date: date | None
    active: bool

    @classmethod
    def from_model(cls, row: models.Resident) -> "Resident":
        return cls(
            row=row,
            id=strawberry.ID(encode_global_id("Resident", row.id)),
            name=row.name,
            gender=row.gender,
            birth_date=row.birth_date,
            active=row.active,
        )

    @strawberry.field
    def phone(self, info: Info) -> str | None:
        return resolvers.people.visible_phone(info.context, self.row)

    @strawberry.field
    def id_number(self, info: Info) -> str | None:
        return resolvers.people.visible_id_number(info.context, self.row)

    @strawberry.field
    def age(self) -> int | None:
        return resolvers.people.age(self.row)

    @strawberry.field
    def household(self, info: Info) -> "Household | None":
        return Household.from_model(resolvers.people.household_of(info.context, self.row))

    @strawberry.field
    async def tags(self, info: Info) -> list[models.ResidentTag]:
        return await info.context.loaders.tags_by_resident_id.load(self.row.id)

    @strawberry.field
    async def party_member(
        self, info: Info
    ) -> Annotated["PartyMember", strawberry.lazy("schema.party")] | None:
        from schema.party import PartyMember

        row = await info.context.loaders.party_member_by_resident_id.load(self.row.id)
        return PartyMember.from_model(row) if row else None


@strawberry.type
class Household(Node):
    row: strawberry.Private[models.Household]
    id: strawberry.ID
    number: str = strawberry.field(description="Unit and room, e.g. 2-301.")
    active: bool

    @classmethod
    def from_model(cls, row: models.Household) -> "Household":
        return cls(
            row=row,
            id=strawberry.ID(encode_global_id("Household", row.id)),
            number=row.number,
            active=row.active,
        )

    @strawberry.field
    async def building(self, info: Info) -> OrgNode:
        # A household the viewer reads shows its building, even one linked to their central
        # household next door (outside their org scope).
        row = await info.context.loaders.anchor_node_by_id.load(self.row.building_id)
        assert row is not None, "a household's building cannot be missing (foreign key)"
        return OrgNode.from_model(row)

    @strawberry.field(description="The party-member central household that looks after it.")
    async def central_household(self, info: Info) -> OrgNode | None:
        if self.row.central_household_id is None:
            return None
        row = await info.context.loaders.org_node_by_id.load(self.row.central_household_id)
        return OrgNode.from_model(row) if row else None

    @strawberry.field
    async def members(self, info: Info) -> list[Resident]:
        rows = await resolvers.people.members(info.context, self.row)
        return [Resident.from_model(row) for row in rows]


def household_pk(global_id: strawberry.ID, field: str = "householdId") -> int:
    return decode_id_of(global_id, "Household", field=field)


def resident_pk(global_id: strawberry.ID, field: str = "id") -> int:
    return decode_id_of(global_id, "Resident", field=field)


@strawberry.input
class ResidentFilter:
    node_id: strawberry.ID | None = strawberry.field(
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

    def to_filter(self) -> resolvers.people.ResidentFilter:
        return resolvers.people.ResidentFilter(
            node_id=org_node_pk(self.node_id, "nodeId") if self.node_id else None,
            search=self.search,
            tag=self.tag,
            party_member_kind=self.party_member_kind,
            min_age=self.min_age,
            max_age=self.max_age,
            include_inactive=self.include_inactive,
        )


@strawberry.input
class CreateHouseholdInput:
    building_id: strawberry.ID
    number: str
    central_household_id: strawberry.ID | None = None


@strawberry.input
class UpdateHouseholdInput:
    number: str | None = None
    central_household_id: strawberry.ID | None = None
    unlink_central_household: bool = False


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

    def to_input(self) -> resolvers.people.ResidentInput:
        return resolvers.people.ResidentInput(
            name=self.name,
            gender=self.gender,
            birth_date=self.birth_date,
            phone=self.phone,
            id_number=self.id_number,
            tags=self.tags,
        )


@strawberry.input
class CreateResidentInput(ResidentInput):
    household_id: strawberry.ID


@strawberry.type
class HouseholdPayload:
    household: Household | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def from_result(cls, row: models.Household) -> "HouseholdPayload":
        return cls(household=Household.from_model(row))


@strawberry.type
class ResidentPayload:
    resident: Resident | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def from_result(cls, row: models.Resident) -> "ResidentPayload":
        return cls(resident=Resident.from_model(row))


@strawberry.type
class PeopleQuery:
    @strawberry.field
    async def residents(
        self,
        info: Info,
        filter: ResidentFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        order_by: ResidentOrder = ResidentOrder.ID,
    ) -> Connection[Resident]:
        where = (filter or ResidentFilter()).to_filter()
        page = await resolvers.people.residents(info.context, where, order_by.value, first, after)
        return to_connection(page, Resident.from_model)

    @strawberry.field
    async def households(
        self,
        info: Info,
        node_id: strawberry.ID | None = None,
        central_household_id: strawberry.ID | None = None,
        search: Annotated[str | None, strawberry.argument(description="Number contains.")] = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Household]:
        page = await resolvers.people.households(
            info.context,
            org_node_pk(node_id, "nodeId") if node_id else None,
            org_node_pk(central_household_id, "centralHouseholdId")
            if central_household_id
            else None,
            search,
            first,
            after,
        )
        return to_connection(page, Household.from_model)


@strawberry.type
class PeopleMutation:
    @strawberry.mutation
    async def create_household(self, info: Info, input: CreateHouseholdInput) -> HouseholdPayload:
        return await mutate(
            HouseholdPayload,
            lambda: resolvers.people.create_household(
                info.context,
                org_node_pk(input.building_id, "buildingId"),
                input.number,
                org_node_pk(input.central_household_id, "centralHouseholdId")
                if input.central_household_id
                else None,
            ),
        )

    @strawberry.mutation
    async def update_household(
        self, info: Info, id: strawberry.ID, input: UpdateHouseholdInput
    ) -> HouseholdPayload:
        return await mutate(
            HouseholdPayload,
            lambda: resolvers.people.update_household(
                info.context,
                household_pk(id, "id"),
                input.number,
                org_node_pk(input.central_household_id, "centralHouseholdId")
                if input.central_household_id
                else None,
                input.unlink_central_household,
            ),
        )

    @strawberry.mutation(description="Hides the household and its members; nothing is deleted.")
    async def deactivate_household(self, info: Info, id: strawberry.ID) -> HouseholdPayload:
        return await mutate(
            HouseholdPayload,
            lambda: resolvers.people.set_household_active(
                info.context, household_pk(id, "id"), active=False
            ),
        )

    @strawberry.mutation
    async def create_resident(self, info: Info, input: CreateResidentInput) -> ResidentPayload:
        return await mutate(
            ResidentPayload,
            lambda: resolvers.people.create_resident(
                info.context, household_pk(input.household_id), input.to_input()
            ),
        )

    @strawberry.mutation
    async def update_resident(
        self, info: Info, id: strawberry.ID, input: ResidentInput
    ) -> ResidentPayload:
        return await mutate(
            ResidentPayload,
            lambda: resolvers.people.update_resident(
                info.context, resident_pk(id), input.to_input()
            ),
        )

    @strawberry.mutation
    async def move_resident(
        self, info: Info, id: strawberry.ID, household_id: strawberry.ID
    ) -> ResidentPayload:
        return await mutate(
            ResidentPayload,
            lambda: resolvers.people.move_resident(
                info.context, resident_pk(id), household_pk(household_id)
            ),
        )

    @strawberry.mutation(
        description="Ties a user account to the resident and grants RESIDENT at their building."
    )
    async def link_resident_account(
        self, info: Info, id: strawberry.ID, user_id: strawberry.ID
    ) -> ResidentPayload:
        return await mutate(
            ResidentPayload,
            lambda: resolvers.people.link_account(
                info.context, resident_pk(id), decode_id_of(user_id, "User", field="userId")
            ),
        )

    @strawberry.mutation(description="Hides the resident; nothing is deleted.")
    async def deactivate_resident(self, info: Info, id: strawberry.ID) -> ResidentPayload:
        return await mutate(
            ResidentPayload,
            lambda: resolvers.people.set_resident_active(
                info.context, resident_pk(id), active=False
            ),
        )
