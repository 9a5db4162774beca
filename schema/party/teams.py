"""Volunteer teams (志愿服务队)."""

import strawberry

import models
import resolvers.party.teams
from schema.ids import IdOf
from schema.info import Info
from schema.mutations import Payload
from schema.org import OrgNode, org_node_pk
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


team_pk = IdOf("VolunteerTeam", "teamId")


@strawberry.type
class TeamsQuery:
    @strawberry.field
    async def volunteer_teams(
        self,
        info: Info,
        node_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[VolunteerTeam]:
        page = await resolvers.party.teams.volunteer_teams(
            info.context, org_node_pk.optional(node_id, "nodeId"), first, after
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
