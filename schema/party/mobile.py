"""Mobile party members (流动党员): the list, contact persons and the contact log."""

from datetime import date
from enum import Enum
from typing import Annotated

import strawberry

import models
import resolvers.party.mobile
from schema.filters import LOOSE_RULE, either, loose
from schema.info import Info
from schema.inputs import decoded
from schema.mutations import Payload
from schema.org import org_node_pk
from schema.paging import LOOSE, Paging, paged
from schema.party.members import PartyMemberPayload
from schema.people.types import ContactLog, PartyMember, party_member_pk
from schema.relay import Connection, to_connection
from schema.users import user_pk

DAYS = resolvers.party.mobile.DEFAULT_CONTACT_DAYS


@strawberry.enum(description="The order of `mobilePartyMembers`; every order pages by keyset.")
class MobilePartyMemberOrder(Enum):
    ID = strawberry.enum_value("ID", description="By id, in the order members were recorded.")
    NAME = strawberry.enum_value("NAME", description="By the resident's name (姓名), then id.")
    CREATED_ASC = strawberry.enum_value("CREATED_ASC", description="Oldest record first.")
    CREATED_DESC = strawberry.enum_value("CREATED_DESC", description="Newest record first.")


@strawberry.input(description="Which mobile party members (流动党员) a list holds; conditions AND.")
class MobilePartyMemberFilter:
    node_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Only members living in this node's subtree (intersected with the viewer's).",
    )
    not_contacted_within_days: int | None = strawberry.field(
        default=DAYS,
        description="Only those with no contact (联系) this many days, 1 to 3660; null: all.",
    )


@strawberry.input
class ContactInput:
    contacted_on: date
    channel: models.ContactChannel
    note: str = ""
    material_sent: str = ""

    def to_input(self) -> resolvers.party.mobile.ContactInput:
        return decoded(self, resolvers.party.mobile.ContactInput)


@strawberry.type
class ContactLogPayload(Payload[models.ContactLog], result=ContactLog.from_model):
    contact_log: ContactLog | None = None


@strawberry.type
class MobileQuery:
    @strawberry.field(description="Mobile party members (流动党员) in scope. " + LOOSE_RULE)
    @paged(MobilePartyMemberOrder.ID, LOOSE)
    async def mobile_party_members(
        self,
        info: Info,
        paging: Paging[MobilePartyMemberFilter, MobilePartyMemberOrder],
        node_id: Annotated[strawberry.ID | None, loose("nodeId")] = None,
        not_contacted_within_days: Annotated[
            int | None,
            strawberry.argument(
                description="Only those with no contact this many days; null: all."
            ),
        ] = DAYS,
    ) -> Connection[PartyMember]:
        where = either(
            paging.filter,
            MobilePartyMemberFilter,
            node_id=node_id,
            not_contacted_within_days=not_contacted_within_days,
        )
        page = await resolvers.party.mobile.mobile_party_members(
            info.context,
            org_node_pk.optional(where.node_id, "nodeId"),
            where.not_contacted_within_days,
            paging.order,
            paging.window,
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
