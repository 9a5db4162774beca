"""Meetings, attendees, resolutions and votes as read. Descriptions live in
schema/descriptions/meetings.py."""

import dataclasses
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
import resolvers.meetings.reading
from schema.conventions.types import ConventionVersion, ServiceItem
from schema.ids import IdOf
from schema.info import Info
from schema.relay import Node
from schema.rows import FromModel, load_optional

if TYPE_CHECKING:
    from schema.org import OrgNode

strawberry.enum(models.MeetingType, name="MeetingType")
strawberry.enum(models.MeetingStatus, name="MeetingStatus")
strawberry.enum(models.AttendeeKind, name="MeetingAttendeeKind")
strawberry.enum(models.ResolutionKind, name="ResolutionKind")
strawberry.enum(models.ResolutionStatus, name="ResolutionStatus")
strawberry.enum(models.VoteChoice, name="VoteChoice")

LazyOrgNode = Annotated["OrgNode", strawberry.lazy("schema.org")]


@strawberry.type
class MeetingAgendaItem(FromModel[models.MeetingAgendaItem]):
    position: int
    text: str


@strawberry.type
class MeetingAttendee(FromModel[models.MeetingAttendee]):
    row: strawberry.Private[models.MeetingAttendee]
    id: strawberry.ID
    kind: models.AttendeeKind
    name: str
    organisation: str
    present: bool


def attendees_of(
    info: Info, meeting_path: str, rows: list[models.MeetingAttendee]
) -> list[MeetingAttendee]:
    """The attendees, their names as the viewer may read them (policies/meetings.py)."""
    return [
        dataclasses.replace(
            MeetingAttendee.from_model(row),
            name=resolvers.meetings.reading.attendee_name(info.context, meeting_path, row),
        )
        for row in rows
    ]


@strawberry.type
class ProposedServiceItem:
    category: models.ServiceCategory
    title: str
    description: str


@strawberry.type
class ResolutionVote(FromModel[models.ResolutionVote]):
    row: strawberry.Private[models.ResolutionVote]
    choice: models.VoteChoice
    by_recorder: bool
    created_at: datetime

    @strawberry.field
    async def attendee(self, info: Info) -> MeetingAttendee | None:
        # Votes are read only where the attendees' names are (policies/meetings.py).
        row = await info.context.loaders.attendee_by_id.load(self.row.attendee_id)
        return MeetingAttendee.from_model(row) if row is not None else None


@strawberry.type
class Resolution(Node, FromModel[models.Resolution]):
    row: strawberry.Private[models.Resolution]
    id: strawberry.ID
    kind: models.ResolutionKind
    title: str
    text: str
    status: models.ResolutionStatus
    votes_for: int
    votes_against: int
    votes_abstain: int
    decided_at: datetime | None
    created_at: datetime

    @strawberry.field
    async def meeting(self, info: Info) -> "Meeting | None":
        loader = info.context.loaders.meeting_by_id
        return await load_optional(loader, self.row.meeting_id, Meeting.from_model)

    @strawberry.field
    def proposed_service_items(self) -> list[ProposedServiceItem]:
        return [
            ProposedServiceItem(
                category=models.ServiceCategory(item["category"]),
                title=item["title"],
                description=item.get("description", ""),
            )
            for item in self.row.proposed_items
        ]

    @strawberry.field
    async def service_items(self, info: Info) -> list[ServiceItem]:
        rows = await info.context.loaders.service_items_by_resolution_id.load(self.row.id)
        return [ServiceItem.from_model(row) for row in rows]

    @strawberry.field
    async def convention_version(self, info: Info) -> ConventionVersion | None:
        loader = info.context.loaders.convention_version_by_id
        key = self.row.convention_version_id
        return await load_optional(loader, key, ConventionVersion.from_model)

    @strawberry.field
    async def votes(self, info: Info) -> list[ResolutionVote] | None:
        rows = await resolvers.meetings.reading.votes(info.context, self.row)
        return None if rows is None else [ResolutionVote.from_model(row) for row in rows]


@strawberry.type
class Meeting(Node, FromModel[models.Meeting]):
    row: strawberry.Private[models.Meeting]
    id: strawberry.ID
    type: models.MeetingType
    title: str
    starts_at: datetime
    place: str
    status: models.MeetingStatus
    minutes: str
    minutes_at: datetime | None
    cancel_reason: str
    held_at: datetime | None
    closed_at: datetime | None
    created_at: datetime

    @strawberry.field
    async def node(self, info: Info) -> LazyOrgNode:
        from schema.org import anchor_node

        return await anchor_node(info, self.row.node_id)

    @strawberry.field
    async def agenda(self, info: Info) -> list[MeetingAgendaItem]:
        rows = await resolvers.meetings.reading.agenda(info.context, self.row)
        return [MeetingAgendaItem.from_model(row) for row in rows]

    @strawberry.field
    async def attendees(self, info: Info) -> list[MeetingAttendee]:
        rows = await resolvers.meetings.reading.attendees(info.context, self.row)
        return attendees_of(info, self.row.node_path, rows)

    @strawberry.field
    async def invited_count(self, info: Info) -> int:
        return (await resolvers.meetings.reading.quorum(info.context, self.row))[0]

    @strawberry.field
    async def present_count(self, info: Info) -> int:
        return (await resolvers.meetings.reading.quorum(info.context, self.row))[1]

    @strawberry.field
    async def quorum_needed(self, info: Info) -> int:
        return (await resolvers.meetings.reading.quorum(info.context, self.row))[2]

    @strawberry.field
    async def has_quorum(self, info: Info) -> bool:
        _, present, needed = await resolvers.meetings.reading.quorum(info.context, self.row)
        return present >= needed

    @strawberry.field
    async def resolutions(self, info: Info) -> list[Resolution]:
        rows = await resolvers.meetings.reading.meeting_resolutions(info.context, self.row)
        return [Resolution.from_model(row) for row in rows]


meeting_pk = IdOf("Meeting", "meetingId")
resolution_pk = IdOf("Resolution", "resolutionId")
attendee_pk = IdOf("MeetingAttendee", "attendeeId")
MeetingId = Annotated[strawberry.ID, meeting_pk]
