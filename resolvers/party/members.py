"""Party members (党员): a resident's party profile."""

from dataclasses import dataclass

from tortoise.queryset import QuerySet

import models
from policies.authorizer import readable_households_filter
from policies.public import holds_contact_number
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import Invalid, NotFound
from resolvers.org import get_org_node
from resolvers.people.residents import resident_to_change
from resolvers.text import clean_text


def readable_party_members(ctx: Context) -> QuerySet[models.PartyMember]:
    scope = readable_households_filter(ctx.viewer, "resident__household__")
    query = models.PartyMember.all() if scope is None else models.PartyMember.filter(scope)
    return query.filter(resident__active=True)


@dataclass(frozen=True)
class PartyMemberInput:
    kind: models.PartyMemberKind
    reports_to_id: int | None = None
    pledge: str = ""
    show_publicly: bool = False
    work_city: str = ""
    employer: str = ""


async def set_party_member(
    ctx: Context, resident_id: int, data: PartyMemberInput
) -> models.PartyMember:
    """Create or replace a resident's party-member profile."""
    resident = await resident_to_change(ctx, resident_id, "residentId")
    reports_to = await get_org_node(ctx, data.reports_to_id) if data.reports_to_id else None
    if data.reports_to_id and reports_to is None:
        raise NotFound("org.no_node", field="reportsToId")
    pledge = clean_text(
        data.pledge, "pledge", limit=500, what="A pledge", required=False, multiline=True
    )
    if holds_contact_number(pledge):
        raise Invalid("public.pledge_number", field="pledge")
    work_city = clean_text(data.work_city, "workCity", limit=50, what="A city", required=False)
    employer = clean_text(data.employer, "employer", limit=100, what="An employer", required=False)
    mobile = data.kind is models.PartyMemberKind.MOBILE
    if not mobile and (work_city or employer):
        raise Invalid("members.mobile_only", field="kind")
    values = {
        "kind": data.kind,
        "reports_to_id": reports_to.id if reports_to else None,
        "pledge": pledge,
        "show_publicly": data.show_publicly,
        "work_city": work_city,
        "employer": employer,
    }
    existing = await models.PartyMember.get_or_none(resident_id=resident.id)
    if existing is not None:
        audit.before(ctx, existing)
    member, _ = await models.PartyMember.update_or_create(values, resident_id=resident.id)
    ctx.services.public_pages.forget(resident.household.building_id)  # 三亮 page, issue 13
    return member


async def remove_party_member(ctx: Context, resident_id: int) -> models.Resident:
    resident = await resident_to_change(ctx, resident_id, "residentId")
    await models.PartyMember.filter(resident_id=resident.id).delete()
    ctx.services.public_pages.forget(resident.household.building_id)  # 三亮 page, issue 13
    return resident


async def member_resident(ctx: Context, member: models.PartyMember) -> models.Resident | None:
    return await ctx.loaders.resident_by_id.load(member.resident_id)


async def get_party_member(ctx: Context, pk: int) -> models.PartyMember | None:
    require_user(ctx)
    row: models.PartyMember | None = await readable_party_members(ctx).get_or_none(id=pk)
    return row
