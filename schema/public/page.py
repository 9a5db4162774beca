"""`publicBuilding(qrToken)` and `publicBuildingById(id)`: the public building page (三亮),
and `setMyPublicConsent`, a party member's own consent and pledge."""

from datetime import date, datetime

import strawberry

import models
import resolvers.public.consent
import resolvers.public.page
from resolvers.ids import encode_global_id
from schema.info import Info
from schema.mutations import Payload
from schema.people.types import PartyMember
from schema.rows import same_fields


@strawberry.type
class PublicPerson:
    name: str
    title: models.TitleKind
    title_label: str


@strawberry.type
class PublicPartyMember:
    name: str
    kind: models.PartyMemberKind
    kind_label: str
    pledge: str


@strawberry.type
class PublicAward:
    kind: models.CampaignKind
    title: str
    valid_from: date
    valid_until: date


@strawberry.type
class PublicNotice:
    kind: models.NoticeKind
    kind_label: str
    title: str
    body: str
    level: models.OrgLevel
    posted_at: str
    published_at: datetime
    expires_at: datetime | None


@strawberry.type
class PublicCaseSubmission:
    mutation: str
    kinds: list[models.CaseKind]
    instructions: str


@strawberry.type
class PublicConventionSection:
    section: str
    label: str
    body: str


@strawberry.type
class PublicConvention:
    title: str
    number: int
    adopted_at: datetime | None
    sections: list[PublicConventionSection]


@strawberry.type
class PublicServiceItem:
    number: int
    category: str
    category_label: str
    title: str
    description: str


@strawberry.type
class PublicPartyGroup:
    name: str
    leaders: list[PublicPerson]


@strawberry.type
class PublicBuilding:
    row: strawberry.Private[resolvers.public.page.PublicPage]
    name: str
    street: str
    community: str
    grid: str
    building_heads: list[PublicPerson]
    red_stewards: list[PublicPerson]
    party_members: list[PublicPartyMember]
    awards: list[PublicAward]
    notices: list[PublicNotice]
    submit_case: PublicCaseSubmission
    convention: PublicConvention | None
    service_items: list[PublicServiceItem]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode_global_id("OrgNode", self.row.building_id))

    @strawberry.field
    def party_group(self) -> PublicPartyGroup:
        leaders = [same_fields(p, PublicPerson) for p in self.row.party_group_leaders]
        return PublicPartyGroup(name=self.row.party_group, leaders=leaders)

    @classmethod
    def of(cls, row: resolvers.public.page.PublicPage) -> "PublicBuilding":
        return same_fields(
            row,
            cls,
            row=row,
            building_heads=[same_fields(p, PublicPerson) for p in row.building_heads],
            red_stewards=[same_fields(p, PublicPerson) for p in row.red_stewards],
            party_members=[same_fields(m, PublicPartyMember) for m in row.party_members],
            awards=[same_fields(a, PublicAward) for a in row.awards],
            notices=[same_fields(n, PublicNotice) for n in row.notices],
            submit_case=same_fields(
                row.submit_case, PublicCaseSubmission, kinds=list(row.submit_case.kinds)
            ),
            convention=None
            if row.convention is None
            else same_fields(
                row.convention,
                PublicConvention,
                sections=[same_fields(x, PublicConventionSection) for x in row.convention.sections],
            ),
            service_items=[same_fields(i, PublicServiceItem) for i in row.service_items],
        )


@strawberry.type
class PublicQuery:
    @strawberry.field
    async def public_building(self, info: Info, qr_token: str) -> PublicBuilding | None:
        row = await resolvers.public.page.public_building(info.context, qr_token)
        return PublicBuilding.of(row) if row is not None else None

    @strawberry.field
    async def public_building_by_id(self, info: Info, id: strawberry.ID) -> PublicBuilding | None:
        row = await resolvers.public.page.public_building_by_id(info.context, id)
        return PublicBuilding.of(row) if row is not None else None


@strawberry.type
class PartyMemberConsentPayload(Payload[models.PartyMember], result=PartyMember.from_model):
    party_member: PartyMember | None = None


@strawberry.type
class PublicMutation:
    @strawberry.mutation
    async def set_my_public_consent(
        self, info: Info, show_publicly: bool, pledge: str | None = None
    ) -> PartyMemberConsentPayload:
        return await PartyMemberConsentPayload.mutate(
            lambda: resolvers.public.consent.set_my_public_consent(
                info.context, show_publicly, pledge
            )
        )
