"""Mobile party members (流动党员): who keeps in touch with them, and the contact log."""

from dataclasses import dataclass
from datetime import date, timedelta

from tortoise.expressions import Q, Subquery

import models
from policies.actions import Action
from policies.authorizer import may_log_contact
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.cursors import Key, orders
from resolvers.errors import Forbidden, Invalid, NotFound
from resolvers.org import within_node
from resolvers.pagination import Page, Window, paginate
from resolvers.party.members import get_party_member, readable_party_members
from resolvers.scoping import found
from resolvers.text import clean_text
from resolvers.users.accounts import readable_users
from resolvers.validation import today

DEFAULT_CONTACT_DAYS = 30

MOBILE_ORDER = orders("MobilePartyMember", NAME=Key("resident__name", str))


async def mobile_party_members(
    ctx: Context,
    node_id: int | None,
    not_contacted_within_days: int | None,
    order: str,
    window: Window,
) -> Page[models.PartyMember]:
    """Mobile party members in scope; with a day count, only those not contacted since."""
    require_user(ctx)
    query = readable_party_members(ctx).filter(kind=models.PartyMemberKind.MOBILE)
    query = await within_node(ctx, query, node_id, "resident__household__building_path")
    if not_contacted_within_days is not None:
        if not 0 < not_contacted_within_days <= 3660:
            raise Invalid("mobile.days", field="notContactedWithinDays")
        since = today() - timedelta(days=not_contacted_within_days)
        recent = models.ContactLog.filter(contacted_on__gte=since).values("member_id")
        query = query.filter(~Q(id__in=Subquery(recent)))
    if order == "NAME":  # the cursor carries the resident's name
        query = query.select_related("resident")
    return await paginate(query, MOBILE_ORDER[order], window)


async def _member_to_contact(ctx: Context, pk: int) -> models.PartyMember:
    """A mobile member the viewer keeps in touch with, or may change in scope."""
    member = await get_party_member(ctx, pk)
    if member is None or member.kind is not models.PartyMemberKind.MOBILE:
        raise NotFound("mobile.no_member", field="partyMemberId")
    is_contact = await models.MobileContactPerson.filter(
        member_id=member.id, user_id=ctx.viewer.user_id or 0
    ).exists()
    resident = await models.Resident.get(id=member.resident_id).select_related(
        "household__building"
    )
    if not may_log_contact(ctx.viewer, is_contact, resident.household.building.path):
        raise Forbidden("mobile.may_not_log", field="partyMemberId")
    return member


async def _member_to_manage(ctx: Context, pk: int) -> models.PartyMember:
    """A mobile member whose contact persons the viewer chooses: who may change people at
    the member's building (a contact person records contacts, but does not pick colleagues)."""
    require_user(ctx)
    member = await get_party_member(ctx, pk)
    if member is None or member.kind is not models.PartyMemberKind.MOBILE:
        raise NotFound("mobile.no_member", field="partyMemberId")
    resident = await models.Resident.get(id=member.resident_id).select_related(
        "household__building"
    )
    if not ctx.viewer.can(Action.PERSON_WRITE, resident.household.building.path):
        raise Forbidden("mobile.may_not_choose", field="partyMemberId")
    return member


async def add_contact_person(ctx: Context, member_id: int, user_id: int) -> models.PartyMember:
    """The contact person is a user the viewer may read; permission is checked first, and a
    user out of scope is NOT_FOUND as an unknown one is."""
    member = await _member_to_manage(ctx, member_id)
    user = found(
        await readable_users(ctx).get_or_none(id=user_id, is_active=True), "users.no_user", "userId"
    )
    await models.MobileContactPerson.get_or_create(member_id=member.id, user_id=user.id)
    audit.note(ctx, "contact_person_added", user.id)
    return member


async def remove_contact_person(ctx: Context, member_id: int, user_id: int) -> models.PartyMember:
    member = await _member_to_manage(ctx, member_id)
    removed = await models.MobileContactPerson.filter(member_id=member.id, user_id=user_id).delete()
    if not removed:
        raise NotFound("mobile.not_contact", field="userId")
    audit.note(ctx, "contact_person_removed", user_id)
    return member


@dataclass(frozen=True)
class ContactInput:
    contacted_on: date
    channel: models.ContactChannel
    note: str = ""
    material_sent: str = ""


async def log_contact(ctx: Context, member_id: int, data: ContactInput) -> models.ContactLog:
    member = await _member_to_contact(ctx, member_id)
    if data.contacted_on > today():
        raise Invalid("mobile.future_contact", field="contactedOn")
    note = clean_text(data.note, "note", limit=1000, what="A note", required=False, multiline=True)
    material = clean_text(
        data.material_sent, "materialSent", limit=200, what="The material", required=False
    )
    return await models.ContactLog.create(
        member_id=member.id,
        contacted_on=data.contacted_on,
        channel=data.channel,
        note=note,
        material_sent=material,
        recorded_by_id=ctx.viewer.user_id,
    )
