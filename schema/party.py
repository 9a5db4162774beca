"""Party members, titles, volunteer teams and mobile party members."""

from datetime import date
from typing import Annotated

import strawberry

import models
import resolvers.party
from resolvers.ids import decode_id_of, encode_global_id
from schema.errors import UserError
from schema.info import Info
from schema.mutations import mutate
from schema.org import OrgNode, org_node_pk
from schema.people import Resident, resident_pk
from schema.relay import Connection, Node, to_connection
from schema.users import User, user_pk

strawberry.enum(models.TitleKind, name="TitleKind")
strawberry.enum(models.ContactChannel, name="ContactChannel")


@strawberry.type
class ContactLog:
    contacted_on: date
    channel: models.ContactChannel
    note: str
    material_sent: str = strawberry.field(description="Study material sent.")

    @classmethod
    def from_model(cls, row: models.ContactLog) -> "ContactLog":
        return cls(
            contacted_on=row.contacted_on,
            channel=row.channel,
            note=row.note,
            material_sent=row.material_sent,
        )


@strawberry.type
class PartyMember(Node):
    row: strawberry.Private[models.PartyMember]
    id: strawberry.ID
    kind: models.PartyMemberKind
    pledge: str = strawberry.field(description="Public service pledge (服务承诺).")
    show_publicly: bool = strawberry.field(
        description="Consents to be shown on the building's public page."
    )
    work_city: str = strawberry.field(description="Mobile members: where they work now.")
    employer: str

    @classmethod
    def from_model(cls, row: models.PartyMember) -> "PartyMember":
        return cls(
            row=row,
            id=strawberry.ID(encode_global_id("PartyMember", row.id)),
            kind=row.kind,
            pledge=row.pledge,
            show_publicly=row.show_publicly,
            work_city=row.work_city,
            employer=row.employer,
        )

    @strawberry.field
    async def reports_to(self, info: Info) -> OrgNode | None:
        if self.row.reports_to_id is None:
            return None
        row = await info.context.loaders.org_node_by_id.load(self.row.reports_to_id)
        return OrgNode.from_model(row) if row else None

    @strawberry.field
    async def resident(self, info: Info) -> Resident | None:
        row = await resolvers.party.member_resident(info.context, self.row)
        return Resident.from_model(row) if row else None

    @strawberry.field(description="Who keeps in touch with a mobile member (1+1, 1+N).")
    async def contact_persons(self, info: Info) -> list[User]:
        rows = await info.context.loaders.contact_persons_by_member_id.load(self.row.id)
        return [User.from_model(row) for row in rows]

    @strawberry.field(description="Newest first.")
    async def contact_logs(self, info: Info) -> list[ContactLog]:
        rows = await info.context.loaders.contact_logs_by_member_id.load(self.row.id)
        return [ContactLog.from_model(row) for row in rows]

    @strawberry.field
    async def last_contacted_on(self, info: Info) -> date | None:
        rows = await info.context.loaders.contact_logs_by_member_id.load(self.row.id)
        return rows[0].contacted_on if rows else None


@strawberry.type
class Title(Node):
    row: strawberry.Private[models.Title]
    id: strawberry.ID
    kind: models.TitleKind

    @classmethod
    def from_model(cls, row: models.Title) -> "Title":
        return cls(row=row, id=strawberry.ID(encode_global_id("Title", row.id)), kind=row.kind)

    @strawberry.field
    async def node(self, info: Info) -> OrgNode:
        # A title is read through its holder; where it is held is part of it.
        row = await info.context.loaders.anchor_node_by_id.load(self.row.node_id)
        assert row is not None, "a title's node cannot be missing (foreign key)"
        return OrgNode.from_model(row)

    @strawberry.field
    async def resident(self, info: Info) -> Resident | None:
        row = await resolvers.party.title_resident(info.context, self.row)
        return Resident.from_model(row) if row else None


@strawberry.type
class VolunteerTeam(Node):
    row: strawberry.Private[models.VolunteerTeam]
    id: strawberry.ID
    name: str

    @classmethod
    def from_model(cls, row: models.VolunteerTeam) -> "VolunteerTeam":
        return cls(
            row=row, id=strawberry.ID(encode_global_id("VolunteerTeam", row.id)), name=row.name
        )

    @strawberry.field
    async def node(self, info: Info) -> OrgNode:
        row = await info.context.loaders.org_node_by_id.load(self.row.node_id)
        assert row is not None, "a readable team's node is in the viewer's org scope"
        return OrgNode.from_model(row)

    @strawberry.field(description="Null when the viewer may not see the leader's record.")
    async def leader(self, info: Info) -> Resident | None:
        members = await resolvers.party.team_members(info.context, self.row)
        return next((Resident.from_model(r) for r in members if r.id == self.row.leader_id), None)

    @strawberry.field(description="Members whose records the viewer may see.")
    async def members(self, info: Info) -> list[Resident]:
        return [
            Resident.from_model(r)
            for r in await resolvers.party.team_members(info.context, self.row)
        ]


@strawberry.input
class PartyMemberInput:
    kind: models.PartyMemberKind
    reports_to_id: strawberry.ID | None = None
    pledge: str = ""
    show_publicly: bool = False
    work_city: str = ""
    employer: str = ""

    def to_input(self) -> resolvers.party.PartyMemberInput:
        return resolvers.party.PartyMemberInput(
            kind=self.kind,
            reports_to_id=org_node_pk(self.reports_to_id, "reportsToId")
            if self.reports_to_id
            else None,
            pledge=self.pledge,
            show_publicly=self.show_publicly,
            work_city=self.work_city,
            employer=self.employer,
        )


@strawberry.input
class ContactInput:
    contacted_on: date
    channel: models.ContactChannel
    note: str = ""
    material_sent: str = ""

    def to_input(self) -> resolvers.party.ContactInput:
        return resolvers.party.ContactInput(
            contacted_on=self.contacted_on,
            channel=self.channel,
            note=self.note,
            material_sent=self.material_sent,
        )


@strawberry.type
class PartyMemberPayload:
    party_member: PartyMember | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def from_result(cls, row: models.PartyMember) -> "PartyMemberPayload":
        return cls(party_member=PartyMember.from_model(row))


@strawberry.type
class TitlePayload:
    title: Title | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def from_result(cls, row: models.Title) -> "TitlePayload":
        return cls(title=Title.from_model(row))


@strawberry.type
class VolunteerTeamPayload:
    team: VolunteerTeam | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def from_result(cls, row: models.VolunteerTeam) -> "VolunteerTeamPayload":
        return cls(team=VolunteerTeam.from_model(row))


@strawberry.type
class ContactLogPayload:
    contact_log: ContactLog | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def from_result(cls, row: models.ContactLog) -> "ContactLogPayload":
        return cls(contact_log=ContactLog.from_model(row))


def party_member_pk(global_id: strawberry.ID) -> int:
    return decode_id_of(global_id, "PartyMember", field="partyMemberId")


def team_pk(global_id: strawberry.ID) -> int:
    return decode_id_of(global_id, "VolunteerTeam", field="teamId")


@strawberry.type
class PartyQuery:
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
        ] = resolvers.party.DEFAULT_CONTACT_DAYS,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[PartyMember]:
        page = await resolvers.party.mobile_members(
            info.context,
            org_node_pk(node_id, "nodeId") if node_id else None,
            not_contacted_within_days,
            first,
            after,
        )
        return to_connection(page, PartyMember.from_model)

    @strawberry.field(description="Titles held at a node (楼栋长, 红管家, 网格员, 兼职委员).")
    async def titles(self, info: Info, node_id: strawberry.ID) -> list[Title]:
        rows = await resolvers.party.titles_at(info.context, org_node_pk(node_id, "nodeId"))
        return [Title.from_model(row) for row in rows]

    @strawberry.field
    async def volunteer_teams(
        self,
        info: Info,
        node_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[VolunteerTeam]:
        page = await resolvers.party.volunteer_teams(
            info.context, org_node_pk(node_id, "nodeId") if node_id else None, first, after
        )
        return to_connection(page, VolunteerTeam.from_model)


@strawberry.type
class PartyMutation:
    @strawberry.mutation(description="Creates or replaces a resident's party-member profile.")
    async def set_party_member(
        self, info: Info, resident_id: strawberry.ID, input: PartyMemberInput
    ) -> PartyMemberPayload:
        return await mutate(
            PartyMemberPayload,
            lambda: resolvers.party.set_party_member(
                info.context, resident_pk(resident_id, "residentId"), input.to_input()
            ),
        )

    @strawberry.mutation
    async def assign_title(
        self, info: Info, node_id: strawberry.ID, resident_id: strawberry.ID, kind: models.TitleKind
    ) -> TitlePayload:
        return await mutate(
            TitlePayload,
            lambda: resolvers.party.assign_title(
                info.context,
                org_node_pk(node_id, "nodeId"),
                resident_pk(resident_id, "residentId"),
                kind,
            ),
        )

    @strawberry.mutation
    async def remove_title(self, info: Info, id: strawberry.ID) -> TitlePayload:
        return await mutate(
            TitlePayload,
            lambda: resolvers.party.remove_title(info.context, decode_id_of(id, "Title")),
        )

    @strawberry.mutation
    async def create_volunteer_team(
        self,
        info: Info,
        node_id: strawberry.ID,
        name: str,
        leader_id: strawberry.ID | None = None,
    ) -> VolunteerTeamPayload:
        return await mutate(
            VolunteerTeamPayload,
            lambda: resolvers.party.create_team(
                info.context,
                org_node_pk(node_id, "nodeId"),
                name,
                resident_pk(leader_id, "leaderId") if leader_id else None,
            ),
        )

    @strawberry.mutation
    async def add_team_member(
        self, info: Info, team_id: strawberry.ID, resident_id: strawberry.ID
    ) -> VolunteerTeamPayload:
        return await mutate(
            VolunteerTeamPayload,
            lambda: resolvers.party.set_team_member(
                info.context, team_pk(team_id), resident_pk(resident_id, "residentId"), True
            ),
        )

    @strawberry.mutation
    async def remove_team_member(
        self, info: Info, team_id: strawberry.ID, resident_id: strawberry.ID
    ) -> VolunteerTeamPayload:
        return await mutate(
            VolunteerTeamPayload,
            lambda: resolvers.party.set_team_member(
                info.context, team_pk(team_id), resident_pk(resident_id, "residentId"), False
            ),
        )

    @strawberry.mutation(description="Adds a cadre who keeps in touch with a mobile member.")
    async def add_contact_person(
        self, info: Info, party_member_id: strawberry.ID, user_id: strawberry.ID
    ) -> PartyMemberPayload:
        return await mutate(
            PartyMemberPayload,
            lambda: resolvers.party.add_contact_person(
                info.context, party_member_pk(party_member_id), user_pk(user_id, "userId")
            ),
        )

    @strawberry.mutation(description="Records a contact with a mobile party member.")
    async def log_contact(
        self, info: Info, party_member_id: strawberry.ID, input: ContactInput
    ) -> ContactLogPayload:
        return await mutate(
            ContactLogPayload,
            lambda: resolvers.party.log_contact(
                info.context, party_member_pk(party_member_id), input.to_input()
            ),
        )
