"""The meeting and resolution lists, `meeting(id:)`, and the mutations that convene and run a
meeting, put resolutions to the vote and decide them."""

from datetime import datetime
from enum import Enum

import strawberry

import models
import resolvers.meetings.reading
import resolvers.meetings.resolutions
import resolvers.meetings.running
from schema.conventions.types import convention_version_pk
from schema.info import Info
from schema.inputs import decoded
from schema.meetings.types import (
    Meeting,
    MeetingId,
    Resolution,
    attendee_pk,
    meeting_pk,
    resolution_pk,
)
from schema.mutations import Payload
from schema.org import OrgNodeId, org_node_pk
from schema.paging import list_field
from schema.people.types import resident_pk
from schema.relay import lookup_field
from schema.rows import same_fields
from schema.topics.fields import topic_pk
from schema.users import user_pk


@strawberry.enum
class MeetingOrder(Enum):
    STARTS_DESC = "STARTS_DESC"
    STARTS_ASC = "STARTS_ASC"
    TITLE = "TITLE"
    CREATED_DESC = "CREATED_DESC"
    ID = "ID"


@strawberry.enum
class ResolutionOrder(Enum):
    CREATED_DESC = "CREATED_DESC"
    CREATED_ASC = "CREATED_ASC"
    ID = "ID"


@strawberry.input
class MeetingFilter:
    node_id: OrgNodeId | None = None
    type: models.MeetingType | None = None
    status: list[models.MeetingStatus] | None = None
    search: str | None = None
    starts_from: datetime | None = None
    starts_to: datetime | None = None

    def to_filter(self) -> resolvers.meetings.reading.MeetingFilter:
        return decoded(self, resolvers.meetings.reading.MeetingFilter)


@strawberry.input
class ResolutionFilter:
    meeting_id: MeetingId | None = None
    node_id: OrgNodeId | None = None
    kind: models.ResolutionKind | None = None
    status: list[models.ResolutionStatus] | None = None

    def to_filter(self) -> resolvers.meetings.reading.ResolutionFilter:
        return decoded(self, resolvers.meetings.reading.ResolutionFilter)


@strawberry.input
class MeetingPartyInput:
    kind: models.AttendeeKind
    name: str
    organisation: str = ""


@strawberry.input
class MeetingInviteesInput:
    resident_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    user_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    parties: list[MeetingPartyInput] = strawberry.field(default_factory=list)

    def to_invitees(self) -> resolvers.meetings.running.Invitees:
        return resolvers.meetings.running.Invitees(
            resident_ids=[resident_pk(pk, "residentIds") for pk in self.resident_ids],
            user_ids=[user_pk(pk, "userIds") for pk in self.user_ids],
            parties=[
                resolvers.meetings.running.Party(p.kind, p.name, p.organisation)
                for p in self.parties
            ],
        )


@strawberry.input
class ScheduleMeetingInput:
    node_id: strawberry.ID
    type: models.MeetingType
    title: str
    starts_at: datetime
    place: str
    agenda: list[str] = strawberry.field(default_factory=list)
    invitees: MeetingInviteesInput | None = None


@strawberry.input
class UpdateMeetingInput:
    title: str | None = None
    starts_at: datetime | None = None
    place: str | None = None
    agenda: list[str] | None = None


@strawberry.input
class ProposedServiceItemInput:
    category: models.ServiceCategory
    title: str
    description: str = ""


@strawberry.input
class ProposeResolutionInput:
    kind: models.ResolutionKind
    title: str
    text: str = ""
    service_items: list[ProposedServiceItemInput] = strawberry.field(default_factory=list)
    convention_version_id: strawberry.ID | None = None
    # Topics (议题, issue 13)
    topic_id: strawberry.ID | None = None


@strawberry.type
class MeetingPayload(Payload[models.Meeting], result=Meeting.from_model):
    meeting: Meeting | None = None


@strawberry.type
class ResolutionPayload(Payload[models.Resolution], result=Resolution.from_model):
    resolution: Resolution | None = None


@strawberry.type
class MeetingsQuery:
    meetings = list_field(
        resolvers.meetings.reading.meetings, MeetingFilter, MeetingOrder.STARTS_DESC, Meeting
    )

    meeting = lookup_field(resolvers.meetings.reading.meeting, meeting_pk, Meeting)

    resolutions = list_field(
        resolvers.meetings.reading.resolutions,
        ResolutionFilter,
        ResolutionOrder.CREATED_DESC,
        Resolution,
    )


@strawberry.type
class MeetingsMutation:
    @strawberry.mutation
    async def schedule_meeting(self, info: Info, input: ScheduleMeetingInput) -> MeetingPayload:
        return await MeetingPayload.mutate(
            lambda: resolvers.meetings.running.schedule_meeting(
                info.context,
                resolvers.meetings.running.NewMeeting(
                    node_id=org_node_pk(input.node_id, "nodeId"),
                    type=input.type,
                    title=input.title,
                    starts_at=input.starts_at,
                    place=input.place,
                    agenda=input.agenda,
                    invitees=(input.invitees or MeetingInviteesInput()).to_invitees(),
                ),
            )
        )

    @strawberry.mutation
    async def update_meeting(
        self, info: Info, id: strawberry.ID, input: UpdateMeetingInput
    ) -> MeetingPayload:
        return await MeetingPayload.mutate(
            lambda: resolvers.meetings.running.update_meeting(
                info.context,
                meeting_pk(id, "id"),
                same_fields(input, resolvers.meetings.running.MeetingChanges),
            )
        )

    @strawberry.mutation
    async def invite_meeting_attendees(
        self, info: Info, meeting_id: strawberry.ID, invitees: MeetingInviteesInput
    ) -> MeetingPayload:
        return await MeetingPayload.mutate(
            lambda: resolvers.meetings.running.invite_meeting_attendees(
                info.context, meeting_pk(meeting_id), invitees.to_invitees()
            )
        )

    @strawberry.mutation
    async def hold_meeting(self, info: Info, id: strawberry.ID) -> MeetingPayload:
        return await MeetingPayload.mutate(
            lambda: resolvers.meetings.running.hold_meeting(info.context, meeting_pk(id, "id"))
        )

    @strawberry.mutation
    async def record_meeting_attendance(
        self,
        info: Info,
        meeting_id: strawberry.ID,
        present_ids: list[strawberry.ID],
        absent_ids: list[strawberry.ID] | None = None,
    ) -> MeetingPayload:
        return await MeetingPayload.mutate(
            lambda: resolvers.meetings.running.record_meeting_attendance(
                info.context,
                meeting_pk(meeting_id),
                [attendee_pk(pk, "presentIds") for pk in present_ids],
                [attendee_pk(pk, "absentIds") for pk in absent_ids or []],
            )
        )

    @strawberry.mutation
    async def write_meeting_minutes(
        self, info: Info, id: strawberry.ID, minutes: str
    ) -> MeetingPayload:
        return await MeetingPayload.mutate(
            lambda: resolvers.meetings.running.write_meeting_minutes(
                info.context, meeting_pk(id, "id"), minutes
            )
        )

    @strawberry.mutation
    async def close_meeting(self, info: Info, id: strawberry.ID) -> MeetingPayload:
        return await MeetingPayload.mutate(
            lambda: resolvers.meetings.running.close_meeting(info.context, meeting_pk(id, "id"))
        )

    @strawberry.mutation
    async def cancel_meeting(self, info: Info, id: strawberry.ID, reason: str) -> MeetingPayload:
        return await MeetingPayload.mutate(
            lambda: resolvers.meetings.running.cancel_meeting(
                info.context, meeting_pk(id, "id"), reason
            )
        )

    @strawberry.mutation
    async def propose_resolution(
        self, info: Info, meeting_id: strawberry.ID, input: ProposeResolutionInput
    ) -> ResolutionPayload:
        return await ResolutionPayload.mutate(
            lambda: resolvers.meetings.resolutions.propose_resolution(
                info.context,
                meeting_pk(meeting_id),
                resolvers.meetings.resolutions.NewResolution(
                    kind=input.kind,
                    title=input.title,
                    text=input.text,
                    service_items=[
                        resolvers.meetings.resolutions.ProposedItem(
                            i.category, i.title, i.description
                        )
                        for i in input.service_items
                    ],
                    convention_version_id=convention_version_pk.optional(
                        input.convention_version_id
                    ),
                    # Topics (议题, issue 13)
                    topic_id=topic_pk.optional(input.topic_id, "topicId"),
                ),
            )
        )

    @strawberry.mutation
    async def record_vote(
        self,
        info: Info,
        resolution_id: strawberry.ID,
        attendee_id: strawberry.ID,
        choice: models.VoteChoice,
    ) -> ResolutionPayload:
        return await ResolutionPayload.mutate(
            lambda: resolvers.meetings.resolutions.record_vote(
                info.context, resolution_pk(resolution_id), attendee_pk(attendee_id), choice
            )
        )

    @strawberry.mutation
    async def cast_vote(
        self, info: Info, resolution_id: strawberry.ID, choice: models.VoteChoice
    ) -> ResolutionPayload:
        return await ResolutionPayload.mutate(
            lambda: resolvers.meetings.resolutions.cast_vote(
                info.context, resolution_pk(resolution_id), choice
            )
        )

    @strawberry.mutation
    async def decide_resolution(self, info: Info, id: strawberry.ID) -> ResolutionPayload:
        return await ResolutionPayload.mutate(
            lambda: resolvers.meetings.resolutions.decide_resolution(
                info.context, resolution_pk(id, "id")
            )
        )

    @strawberry.mutation
    async def withdraw_resolution(self, info: Info, id: strawberry.ID) -> ResolutionPayload:
        return await ResolutionPayload.mutate(
            lambda: resolvers.meetings.resolutions.withdraw_resolution(
                info.context, resolution_pk(id, "id")
            )
        )
