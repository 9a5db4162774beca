"""Volunteer teams (志愿服务队)."""

from enum import Enum
from typing import Annotated

import strawberry

import models
import resolvers.party.teams
from schema.filters import LOOSE_RULE, either, loose
from schema.ids import IdOf
from schema.info import Info
from schema.mutations import Payload
from schema.org import OrgNode, org_node_pk
from schema.paging import LOOSE, Paging, paged
from schema.people.types import Resident, resident_pk
from schema.relay import Connection, Node, to_connection
from schema.rows import FromModel


@strawberry.type
class VolunteerTeam(Node, FromModel[models.VolunteerTeam]):
    row: strawberry.Private[models.VolunteerTeam]
    id: strawberry.ID
    name: str

    @strawberry.field
    async def node(self, info: Info) -> OrgNode:
        row = await info.context.loaders.org_node_by_id.load(self.row.node_id)
        assert row is not None, "a readable team's node is in the viewer's org scope"
        return OrgNode.from_model(row)

    @strawberry.field(description="Null when the viewer may not see the leader's record.")
    async def leader(self, info: Info) -> Resident | None:
        members = await resolvers.party.teams.team_members(info.context, self.row)
        return next((Resident.from_model(r) for r in members if r.id == self.row.leader_id), None)

    @strawberry.field(description="Members whose records the viewer may see.")
    async def members(self, info: Info) -> list[Resident]:
        return [
            Resident.from_model(r)
            for r in await resolvers.party.teams.team_members(info.context, self.row)
        ]


@strawberry.type
class VolunteerTeamPayload(Payload[models.VolunteerTeam], result=VolunteerTeam.from_model):
    team: VolunteerTeam | None = None


@strawberry.enum(description="The order of `volunteerTeams`; every order pages by keyset.")
class VolunteerTeamOrder(Enum):
    ID = strawberry.enum_value("ID", description="By id, in the order teams were created.")
    NAME = strawberry.enum_value("NAME", description="By team name (队名), then id.")
    CREATED_ASC = strawberry.enum_value("CREATED_ASC", description="Oldest team first.")
    CREATED_DESC = strawberry.enum_value("CREATED_DESC", description="Newest team first.")


@strawberry.input(description="Which volunteer teams (志愿服务队) a list holds; conditions AND.")
class VolunteerTeamFilter:
    node_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Only teams at nodes in this node's subtree (intersected with the viewer's).",
    )
    search: str | None = strawberry.field(default=None, description="Name contains.")


team_pk = IdOf("VolunteerTeam", "teamId")
VolunteerTeamId = Annotated[strawberry.ID, team_pk]


@strawberry.type
class TeamsQuery:
    @strawberry.field(
        description="Volunteer teams (志愿服务队) of the nodes the viewer reads. " + LOOSE_RULE
    )
    @paged(VolunteerTeamOrder.ID, LOOSE)
    async def volunteer_teams(
        self,
        info: Info,
        paging: Paging[VolunteerTeamFilter, VolunteerTeamOrder],
        node_id: Annotated[strawberry.ID | None, loose("nodeId")] = None,
    ) -> Connection[VolunteerTeam]:
        where = either(paging.filter, VolunteerTeamFilter, node_id=node_id)
        page = await resolvers.party.teams.volunteer_teams(
            info.context,
            org_node_pk.optional(where.node_id, "nodeId"),
            where.search,
            paging.order,
            paging.window,
        )
        return to_connection(page, VolunteerTeam.from_model)


@strawberry.type
class TeamsMutation:
    @strawberry.mutation
    async def create_volunteer_team(
        self,
        info: Info,
        node_id: strawberry.ID,
        name: str,
        leader_id: strawberry.ID | None = None,
    ) -> VolunteerTeamPayload:
        return await VolunteerTeamPayload.mutate(
            lambda: resolvers.party.teams.create_volunteer_team(
                info.context,
                org_node_pk(node_id, "nodeId"),
                name,
                resident_pk.optional(leader_id, "leaderId"),
            ),
        )

    @strawberry.mutation
    async def add_team_member(
        self, info: Info, team_id: strawberry.ID, resident_id: strawberry.ID
    ) -> VolunteerTeamPayload:
        return await VolunteerTeamPayload.mutate(
            lambda: resolvers.party.teams.add_team_member(
                info.context, team_pk(team_id), resident_pk(resident_id, "residentId")
            ),
        )

    @strawberry.mutation
    async def remove_team_member(
        self, info: Info, team_id: strawberry.ID, resident_id: strawberry.ID
    ) -> VolunteerTeamPayload:
        return await VolunteerTeamPayload.mutate(
            lambda: resolvers.party.teams.remove_team_member(
                info.context, team_pk(team_id), resident_pk(resident_id, "residentId")
            ),
        )
