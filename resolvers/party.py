"""Party members, titles at nodes, volunteer teams and mobile party members."""

from dataclasses import dataclass
from datetime import date, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

import models
from policies.actions import Action
from policies.authorizer import may_log_contact, readable_households_filter, readable_teams_filter
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import Conflict, Forbidden, Invalid, NotFound
from resolvers.org import get_org_node
from resolvers.pagination import Page, paginate
from resolvers.people import clean_text, get_resident, resident_to_change, writable_node
from resolvers.validation import today

TITLE_LEVEL = {
    models.TitleKind.BUILDING_HEAD: models.OrgLevel.BUILDING,
    models.TitleKind.RED_STEWARD: models.OrgLevel.BUILDING,
    models.TitleKind.GRID_WORKER: models.OrgLevel.GRID,
    models.TitleKind.PART_TIME_COMMITTEE_MEMBER: models.OrgLevel.COMMUNITY,
}
DEFAULT_CONTACT_DAYS = 30


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
        raise NotFound("No such node.", field="reportsToId")
    if len(data.pledge) > 500:
        raise Invalid("A pledge has at most 500 characters.", field="pledge")
    mobile = data.kind is models.PartyMemberKind.MOBILE
    if not mobile and (data.work_city.strip() or data.employer.strip()):
        raise Invalid("Only mobile party members have a work city and employer.", field="kind")
    values = {
        "kind": data.kind,
        "reports_to_id": reports_to.id if reports_to else None,
        "pledge": data.pledge.strip(),
        "show_publicly": data.show_publicly,
        "work_city": data.work_city.strip()[:50],
        "employer": data.employer.strip()[:100],
    }
    member, _ = await models.PartyMember.update_or_create(values, resident_id=resident.id)
    return member


async def remove_party_member(ctx: Context, resident_id: int) -> models.Resident:
    resident = await resident_to_change(ctx, resident_id, "residentId")
    await models.PartyMember.filter(resident_id=resident.id).delete()
    return resident


async def member_resident(ctx: Context, member: models.PartyMember) -> models.Resident | None:
    return await ctx.loaders.resident_by_id.load(member.resident_id)


async def title_resident(ctx: Context, title: models.Title) -> models.Resident | None:
    return await ctx.loaders.resident_by_id.load(title.resident_id)


async def get_party_member(ctx: Context, pk: int) -> models.PartyMember | None:
    require_user(ctx)
    row: models.PartyMember | None = await readable_party_members(ctx).get_or_none(id=pk)
    return row


async def mobile_members(
    ctx: Context,
    node_id: int | None,
    not_contacted_within_days: int | None,
    first: int | None,
    after: str | None,
) -> Page[models.PartyMember]:
    """Mobile party members in scope; with a day count, only those not contacted since."""
    require_user(ctx)
    query = readable_party_members(ctx).filter(kind=models.PartyMemberKind.MOBILE)
    if node_id is not None:
        node = await get_org_node(ctx, node_id)
        if node is None:
            raise NotFound("No such node.", field="nodeId")
        query = query.filter(models.in_subtree(node.path, "resident__household__building__path"))
    if not_contacted_within_days is not None:
        if not 0 < not_contacted_within_days <= 3660:
            raise Invalid("Give a number of days from 1 to 3660.", field="notContactedWithinDays")
        since = today() - timedelta(days=not_contacted_within_days)
        recent = models.ContactLog.filter(contacted_on__gte=since).values("member_id")
        query = query.filter(~Q(id__in=Subquery(recent)))
    return await paginate(query, first, after)


async def _member_to_contact(ctx: Context, pk: int) -> models.PartyMember:
    """A mobile member the viewer keeps in touch with, or may change in scope."""
    member = await get_party_member(ctx, pk)
    if member is None or member.kind is not models.PartyMemberKind.MOBILE:
        raise NotFound("No such mobile party member.", field="partyMemberId")
    is_contact = await models.MobileContactPerson.filter(
        member_id=member.id, user_id=ctx.viewer.user_id or 0
    ).exists()
    resident = await models.Resident.get(id=member.resident_id).select_related(
        "household__building"
    )
    if not may_log_contact(ctx.viewer, is_contact, resident.household.building.path):
        raise Forbidden("You may not record contacts of this member.", field="partyMemberId")
    return member


async def add_contact_person(ctx: Context, member_id: int, user_id: int) -> models.PartyMember:
    member = await _member_to_contact(ctx, member_id)
    user = await models.User.get_or_none(id=user_id, is_active=True)
    if user is None:
        raise NotFound("No such user.", field="userId")
    await models.MobileContactPerson.get_or_create(member_id=member.id, user_id=user.id)
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
        raise Invalid("A contact cannot lie in the future.", field="contactedOn")
    if len(data.note) > 1000:
        raise Invalid("A note has at most 1,000 characters.", field="note")
    if len(data.material_sent) > 200:
        raise Invalid("At most 200 characters.", field="materialSent")
    return await models.ContactLog.create(
        member_id=member.id,
        contacted_on=data.contacted_on,
        channel=data.channel,
        note=data.note.strip(),
        material_sent=data.material_sent.strip(),
        recorded_by_id=ctx.viewer.user_id,
    )


# ------------------------------------------------------------------ titles


async def titles_at(ctx: Context, node_id: int) -> list[models.Title]:
    """Titles held at a node the viewer reads, by residents the viewer reads."""
    node = await get_org_node(ctx, node_id)
    if node is None:
        return []
    scope = readable_households_filter(ctx.viewer, "resident__household__")
    query = models.Title.filter(node_id=node.id)
    return await (query if scope is None else query.filter(scope)).order_by("id")


async def get_title(ctx: Context, pk: int) -> models.Title | None:
    """A title whose holder's record the viewer may read."""
    require_user(ctx)
    scope = readable_households_filter(ctx.viewer, "resident__household__")
    query = models.Title.filter(id=pk)
    row: models.Title | None = await (query if scope is None else query.filter(scope)).first()
    return row


async def assign_title(
    ctx: Context, node_id: int, resident_id: int, kind: models.TitleKind
) -> models.Title:
    node = await writable_node(ctx, node_id, "nodeId", TITLE_LEVEL[kind])
    resident = await resident_to_change(ctx, resident_id, "residentId")
    if not resident.household.building.path.startswith(node.path):
        raise Invalid(f"A {kind} lives in the node's area.", field="residentId")
    if kind is models.TitleKind.RED_STEWARD and not await models.PartyMember.exists(
        resident_id=resident.id
    ):
        raise Invalid("A red steward (红管家) is a party member.", field="residentId")
    try:
        return await models.Title.create(node_id=node.id, resident_id=resident.id, kind=kind)
    except IntegrityError as error:
        raise Conflict("The resident already holds this title here.", field="kind") from error


async def remove_title(ctx: Context, title_id: int) -> models.Title:
    title = await models.Title.get_or_none(id=title_id)
    node = await get_org_node(ctx, title.node_id) if title else None
    if title is None or node is None:
        raise NotFound("No such title.", field="id")
    if not ctx.viewer.can(Action.PERSON_WRITE, node.path):
        raise Forbidden("You may not change titles here.", field="id")
    await title.delete()
    return title


# ------------------------------------------------------------------ volunteer teams


def readable_teams(ctx: Context) -> QuerySet[models.VolunteerTeam]:
    scope = readable_teams_filter(ctx.viewer)
    query = models.VolunteerTeam.filter(active=True)
    return query if scope is None else query.filter(scope)


async def volunteer_teams(
    ctx: Context, node_id: int | None, first: int | None, after: str | None
) -> Page[models.VolunteerTeam]:
    require_user(ctx)
    query = readable_teams(ctx)
    if node_id is not None:
        node = await get_org_node(ctx, node_id)
        if node is None:
            raise NotFound("No such node.", field="nodeId")
        query = query.filter(models.in_subtree(node.path, "node__path"))
    return await paginate(query, first, after)


async def get_team(ctx: Context, pk: int) -> models.VolunteerTeam | None:
    require_user(ctx)
    row: models.VolunteerTeam | None = await readable_teams(ctx).get_or_none(id=pk)
    return row


async def team_members(ctx: Context, team: models.VolunteerTeam) -> list[models.Resident]:
    return await ctx.loaders.members_by_team_id.load(team.id)


async def _team_to_change(ctx: Context, pk: int) -> tuple[models.VolunteerTeam, models.OrgNode]:
    team = await get_team(ctx, pk)
    if team is None:
        raise NotFound("No such team.", field="teamId")
    node = await models.OrgNode.get(id=team.node_id)
    if not ctx.viewer.can(Action.TEAM_WRITE, node.path):
        raise Forbidden("You may not change this team.", field="teamId")
    return team, node


async def _member_for(ctx: Context, node: models.OrgNode, resident_id: int) -> models.Resident:
    resident = await get_resident(ctx, resident_id)
    if resident is None:
        raise NotFound("No such resident.", field="residentId")
    if not resident.household.building.path.startswith(node.path):
        raise Invalid("Team members live in the team's area.", field="residentId")
    return resident


async def create_team(
    ctx: Context, node_id: int, name: str, leader_id: int | None
) -> models.VolunteerTeam:
    require_user(ctx)
    node = await get_org_node(ctx, node_id)
    if node is None:
        raise NotFound("No such node.", field="nodeId")
    if not ctx.viewer.can(Action.TEAM_WRITE, node.path):
        raise Forbidden("You may not create teams here.", field="nodeId")
    name = clean_text(name, "name", 100, "A team name")
    leader = await _member_for(ctx, node, leader_id) if leader_id else None
    if await models.VolunteerTeam.filter(node_id=node.id, name=name).exists():
        raise Conflict("The node already has a team with this name.", field="name")
    team = await models.VolunteerTeam.create(
        node_id=node.id, name=name, leader_id=leader.id if leader else None
    )
    if leader is not None:
        await models.VolunteerTeamMember.create(team_id=team.id, resident_id=leader.id)
    return team


async def set_team_member(
    ctx: Context, team_id: int, resident_id: int, member: bool
) -> models.VolunteerTeam:
    team, node = await _team_to_change(ctx, team_id)
    resident = await _member_for(ctx, node, resident_id)
    if member:
        await models.VolunteerTeamMember.get_or_create(team_id=team.id, resident_id=resident.id)
    else:
        if team.leader_id == resident.id:
            raise Invalid("Choose another leader before removing this one.", field="residentId")
        await models.VolunteerTeamMember.filter(team_id=team.id, resident_id=resident.id).delete()
    return team
