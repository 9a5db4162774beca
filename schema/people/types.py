"""A resident, their household and their party profile, as read (masked by policy).

The three refer to one another, so they live together; the lists and changes of each are in
the modules beside this one."""

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
import resolvers.party.members
import resolvers.people.households
import resolvers.people.masking
from schema.ids import IdOf
from schema.info import Info
from schema.org import OrgNode, anchor_node
from schema.relay import Node
from schema.rows import FromModel, load_optional
from schema.users import User

if TYPE_CHECKING:
    from schema.evaluations.types import EvaluationAward

strawberry.enum(models.Gender, name="Gender")


strawberry.enum(models.ResidentTag, name="ResidentTag")


strawberry.enum(models.PartyMemberKind, name="PartyMemberKind")


strawberry.enum(models.ContactChannel, name="ContactChannel")


@strawberry.type(
    description=(
        "Personal data is masked unless the viewer may see it: a phone as 138****5678, an "
        "ID-card number as 5203************** (province and prefecture only), and then the "
        "birth date is null and only the birth year and the age reached this year are shown."
    )
)
class Resident(Node, FromModel[models.Resident]):
    row: strawberry.Private[models.Resident]
    id: strawberry.ID
    name: str
    gender: models.Gender | None
    active: bool

    @strawberry.field(description="Null when masked (see birthYear).")
    def birth_date(self, info: Info) -> date | None:
        return resolvers.people.masking.visible(info.context, self.row).birth_date

    @strawberry.field(description="The year of birth, shown also when the birth date is masked.")
    def birth_year(self, info: Info) -> int | None:
        return resolvers.people.masking.visible(info.context, self.row).birth_year

    @strawberry.field
    def phone(self, info: Info) -> str | None:
        return resolvers.people.masking.visible(info.context, self.row).phone

    @strawberry.field
    def id_number(self, info: Info) -> str | None:
        return resolvers.people.masking.visible(info.context, self.row).id_number

    @strawberry.field(
        description=(
            "Whole years; when the birth date is masked, the age reached this calendar year."
        )
    )
    def age(self, info: Info) -> int | None:
        return resolvers.people.masking.visible(info.context, self.row).age

    @strawberry.field
    def household(self, info: Info) -> "Household | None":
        return Household.from_model(
            resolvers.people.households.household_of(info.context, self.row)
        )

    @strawberry.field
    async def tags(self, info: Info) -> list[models.ResidentTag]:
        return await info.context.loaders.tags_by_resident_id.load(self.row.id)

    @strawberry.field
    async def party_member(self, info: Info) -> "PartyMember | None":
        row = await info.context.loaders.party_member_by_resident_id.load(self.row.id)
        return PartyMember.from_model(row) if row else None

    @strawberry.field
    async def awards(
        self, info: Info
    ) -> list[Annotated["EvaluationAward", strawberry.lazy("schema.evaluations.types")]]:
        from schema.evaluations.types import awards_of

        return awards_of(await info.context.loaders.awards_by_resident_id.load(self.row.id))


async def resident_of(info: Info, pk: int | None) -> Resident | None:
    """The resident a row names, as the viewer may read them; null without one or out of scope."""
    return await load_optional(info.context.loaders.resident_by_id, pk, Resident.from_model)


@strawberry.type
class Household(Node, FromModel[models.Household]):
    row: strawberry.Private[models.Household]
    id: strawberry.ID
    number: str = strawberry.field(description="Unit and room, e.g. 2-301.")
    active: bool

    @strawberry.field
    async def building(self, info: Info) -> OrgNode:
        # A household the viewer reads shows its building, even one linked to their central
        # household next door (outside their org scope).
        return await anchor_node(info, self.row.building_id)

    @strawberry.field(description="The party-member central household that looks after it.")
    async def central_household(self, info: Info) -> OrgNode | None:
        loader = info.context.loaders.org_node_by_id
        return await load_optional(loader, self.row.central_household_id, OrgNode.from_model)

    @strawberry.field
    async def members(self, info: Info) -> list[Resident]:
        rows = await resolvers.people.households.members(info.context, self.row)
        return [Resident.from_model(row) for row in rows]

    @strawberry.field
    async def awards(
        self, info: Info
    ) -> list[Annotated["EvaluationAward", strawberry.lazy("schema.evaluations.types")]]:
        from schema.evaluations.types import awards_of

        return awards_of(await info.context.loaders.awards_by_household_id.load(self.row.id))


@strawberry.type
class ContactLog(FromModel[models.ContactLog]):
    contacted_on: date
    channel: models.ContactChannel
    note: str
    material_sent: str = strawberry.field(description="Study material sent.")


@strawberry.type
class PartyMember(Node, FromModel[models.PartyMember]):
    row: strawberry.Private[models.PartyMember]
    id: strawberry.ID
    kind: models.PartyMemberKind
    pledge: str = strawberry.field(description="Public service pledge (服务承诺).")
    show_publicly: bool = strawberry.field(
        description="Consents to be shown on the building's public page."
    )
    work_city: str = strawberry.field(description="Mobile members: where they work now.")
    employer: str

    @strawberry.field
    async def reports_to(self, info: Info) -> OrgNode | None:
        loader = info.context.loaders.org_node_by_id
        return await load_optional(loader, self.row.reports_to_id, OrgNode.from_model)

    @strawberry.field
    async def resident(self, info: Info) -> Resident | None:
        row = await resolvers.party.members.member_resident(info.context, self.row)
        return Resident.from_model(row) if row else None

    @strawberry.field(description="Who keeps in touch with a mobile member (1+1, 1+N).")
    async def contact_persons(self, info: Info) -> list[User]:
        rows = await info.context.loaders.contact_persons_by_member_id.load(self.row.id)
        return [User.from_model(row) for row in rows]

    @strawberry.field(description="Newest first.")
    async def contact_logs(self, info: Info) -> list[ContactLog]:
        rows = await info.context.loaders.contact_logs_by_member_id.load(self.row.id)
        return [ContactLog.from_model(row) for row in rows]

    @strawberry.field
    async def last_contacted_on(self, info: Info) -> date | None:
        rows = await info.context.loaders.contact_logs_by_member_id.load(self.row.id)
        return rows[0].contacted_on if rows else None


household_pk = IdOf("Household", "householdId")
resident_pk = IdOf("Resident")
party_member_pk = IdOf("PartyMember", "partyMemberId")
HouseholdId = Annotated[strawberry.ID, household_pk]
ResidentId = Annotated[strawberry.ID, resident_pk]
