"""Volunteer teams (志愿服务队) at a node and their members."""

from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet

import models
from policies.actions import Action
from policies.authorizer import readable_teams_filter
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.cursors import Key, orders
from resolvers.errors import Conflict, Forbidden, Invalid
from resolvers.org import node_to_act_on, within_node
from resolvers.pagination import Page, Window, paginate
from resolvers.people.residents import get_resident
from resolvers.scoping import found
from resolvers.text import clean_text

TEAM_ORDER = orders("VolunteerTeam", NAME=Key("name", str))


def readable_teams(ctx: Context) -> QuerySet[models.VolunteerTeam]:
    scope = readable_teams_filter(ctx.viewer)
    query = models.VolunteerTeam.filter(active=True)
    return query if scope is None else query.filter(scope)


async def volunteer_teams(
    ctx: Context, node_id: int | None, search: str | None, order: str, window: Window
) -> Page[models.VolunteerTeam]:
    require_user(ctx)
    query = readable_teams(ctx)
    query = await within_node(ctx, query, node_id, "node__path")
    if search and search.strip():
        query = query.filter(name__icontains=search.strip())
    return await paginate(query, TEAM_ORDER[order], window)


async def get_team(ctx: Context, pk: int) -> models.VolunteerTeam | None:
    require_user(ctx)
    row: models.VolunteerTeam | None = await readable_teams(ctx).get_or_none(id=pk)
    return row


async def team_members(ctx: Context, team: models.VolunteerTeam) -> list[models.Resident]:
    return await ctx.loaders.members_by_team_id.load(team.id)


async def _team_to_change(ctx: Context, pk: int) -> tuple[models.VolunteerTeam, models.OrgNode]:
    team = found(await get_team(ctx, pk), "teams.no_team", "teamId")
    node = await models.OrgNode.get(id=team.node_id)
    if not ctx.viewer.can(Action.TEAM_WRITE, node.path):
        raise Forbidden("teams.may_not_change", field="teamId")
    return team, node


async def _member_for(ctx: Context, node: models.OrgNode, resident_id: int) -> models.Resident:
    resident = found(await get_resident(ctx, resident_id), "people.no_resident", "residentId")
    if not resident.household.building.path.startswith(node.path):
        raise Invalid("teams.outside_area", field="residentId")
    return resident


async def create_volunteer_team(
    ctx: Context, node_id: int, name: str, leader_id: int | None
) -> models.VolunteerTeam:
    node = await node_to_act_on(
        ctx, node_id, "nodeId", may=Action.TEAM_WRITE, refused="teams.may_not_create"
    )
    name = clean_text(name, "name", limit=100, what="A team name")
    leader = await _member_for(ctx, node, leader_id) if leader_id else None
    # The unique index decides (a check first would race a concurrent create).
    try:
        team = await models.VolunteerTeam.create(
            node_id=node.id, name=name, leader_id=leader.id if leader else None
        )
    except IntegrityError as error:  # the mutation's transaction rolls back
        raise Conflict("teams.name_taken", field="name") from error
    if leader is not None:
        await models.VolunteerTeamMember.create(team_id=team.id, resident_id=leader.id)
    return team


async def add_team_member(ctx: Context, team_id: int, resident_id: int) -> models.VolunteerTeam:
    team, node = await _team_to_change(ctx, team_id)
    resident = await _member_for(ctx, node, resident_id)
    await models.VolunteerTeamMember.get_or_create(team_id=team.id, resident_id=resident.id)
    audit.touched(ctx, resident)
    audit.note(ctx, "member_added", resident.id)
    return team


async def remove_team_member(ctx: Context, team_id: int, resident_id: int) -> models.VolunteerTeam:
    team, node = await _team_to_change(ctx, team_id)
    resident = await _member_for(ctx, node, resident_id)
    if team.leader_id == resident.id:
        raise Invalid("teams.leader", field="residentId")
    await models.VolunteerTeamMember.filter(team_id=team.id, resident_id=resident.id).delete()
    audit.note(ctx, "member_removed", resident.id)
    return team
