"""Setting a resident's party profile (党员)."""

import strawberry

import models
import resolvers.party.members
from schema.info import Info
from schema.inputs import decoded
from schema.mutations import Payload
from schema.org import OrgNodeId
from schema.people.types import PartyMember, resident_pk


@strawberry.input
class PartyMemberInput:
    kind: models.PartyMemberKind
    reports_to_id: OrgNodeId | None = None
    pledge: str = ""
    show_publicly: bool = False
    work_city: str = ""
    employer: str = ""

    def to_input(self) -> resolvers.party.members.PartyMemberInput:
        return decoded(self, resolvers.party.members.PartyMemberInput)


@strawberry.type
class PartyMemberPayload(Payload[models.PartyMember], result=PartyMember.from_model):
    party_member: PartyMember | None = None


@strawberry.type
class PartyMembersMutation:
    @strawberry.mutation(description="Creates or replaces a resident's party-member profile.")
    async def set_party_member(
        self, info: Info, resident_id: strawberry.ID, input: PartyMemberInput
    ) -> PartyMemberPayload:
        return await PartyMemberPayload.mutate(
            lambda: resolvers.party.members.set_party_member(
                info.context, resident_pk(resident_id, "residentId"), input.to_input()
            ),
        )
