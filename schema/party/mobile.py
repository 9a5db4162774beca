"""Mobile party members (流动党员): the list, contact persons and the contact log."""

from datetime import date
from typing import Annotated

import strawberry

import models
import resolvers.party.mobile
from schema.info import Info
from schema.mutations import Payload
from schema.org import org_node_pk
from schema.party.members import PartyMemberPayload
from schema.people.types import ContactLog, PartyMember, party_member_pk
from schema.relay import Connection, to_connection
from schema.rows import same_fields
from schema.users import user_pk


@strawberry.input
class ContactInput:
    contacted_on: date
    channel: models.ContactChannel
    note: str = ""
    material_sent: str = ""

    def to_input(self) -> resolvers.party.mobile.ContactInput:
        return same_fields(self, resolvers.party.mobile.ContactInput)


@strawberry.type
class ContactLogPayload(Payload[models.ContactLog], result=ContactLog.from_model):
    contact_log: ContactLog | None = None


@strawberry.type
class MobileQuery:
    @strawberry.field(description="Mobile party members (流动党员) in scope.")
    async def mobile_party_members(
        self,
        info: Info,
        node_id: strawberry.ID | None = None,
        not_contacted_within_days: Annotated[
            int | None,
            strawberry.argument(
                description="Only those with no contact this many days; null: all."
            ),
        ] = resolvers.party.mobile.DEFAULT_CONTACT_DAYS,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[PartyMember]:
        page = await resolvers.party.mobile.mobile_party_members(
            info.context,
            org_node_pk.optional(node_id, "nodeId"),
            not_contacted_within_days,
            first,
            after,
        )
        return to_connection(page, PartyMember.from_model)


@strawberry.type
class MobileMutation:
    @strawberry.mutation(description="Adds a cadre who keeps in touch with a mobile member.")
    async def add_contact_person(
        self, info: Info, party_member_id: strawberry.ID, user_id: strawberry.ID
    ) -> PartyMemberPayload:
        return await PartyMemberPayload.mutate(
            lambda: resolvers.party.mobile.add_contact_person(
                info.context, party_member_pk(party_member_id), user_pk(user_id, "userId")
            ),
        )

    @strawberry.mutation(description="Removes a cadre from keeping in touch with a mobile member.")
    async def remove_contact_person(
        self, info: Info, party_member_id: strawberry.ID, user_id: strawberry.ID
    ) -> PartyMemberPayload:
        return await PartyMemberPayload.mutate(
            lambda: resolvers.party.mobile.remove_contact_person(
                info.context, party_member_pk(party_member_id), user_pk(user_id, "userId")
            ),
        )

    @strawberry.mutation(description="Records a contact with a mobile party member.")
    async def log_contact(
        self, info: Info, party_member_id: strawberry.ID, input: ContactInput
    ) -> ContactLogPayload:
        return await ContactLogPayload.mutate(
            lambda: resolvers.party.mobile.log_contact(
                info.context, party_member_pk(party_member_id), input.to_input()
            ),
        )
