"""Convening and running a meeting (议事会): schedule it at a node, edit it, invite attendees,
hold it, record attendance, write the minutes, close or cancel it."""

from dataclasses import dataclass, field
from datetime import datetime

from tortoise.expressions import Q, Subquery

import models
from models.workflows import meetings as workflow
from policies.meetings import may_convene
from resolvers.audit import trail as audit
from resolvers.context import Context
from resolvers.errors import Conflict, Invalid, NotFound, unique_or
from resolvers.meetings.reading import meeting_to_run, now, refusing
from resolvers.org import node_to_act_on
from resolvers.people.residents import readable_residents
from resolvers.scoping import found
from resolvers.text import clean_text
from resolvers.users.accounts import readable_users

MAX_TITLE = 100
MAX_PLACE = 100
MAX_AGENDA_ITEM = 500
MAX_MINUTES = 20000
MAX_REASON = 500
MAX_NAME = 100


@dataclass(frozen=True)
class Party:
    """A named outside party (物业公司, 业委会, ...) invited to a meeting."""

    kind: models.AttendeeKind
    name: str
    organisation: str = ""


@dataclass(frozen=True)
class Invitees:
    resident_ids: list[int] = field(default_factory=list)
    user_ids: list[int] = field(default_factory=list)
    parties: list[Party] = field(default_factory=list)


@dataclass(frozen=True)
class NewMeeting:
    node_id: int
    type: models.MeetingType
    title: str
    starts_at: datetime
    place: str
    agenda: list[str]
    invitees: Invitees = Invitees()


def _agenda(items: list[str]) -> list[str]:
    if len(items) > workflow.MAX_AGENDA:
        raise Invalid("meetings.agenda_long", field="agenda", limit=workflow.MAX_AGENDA)
    return [
        clean_text(item, "agenda", limit=MAX_AGENDA_ITEM, what="An agenda item") for item in items
    ]


async def _write_agenda(meeting_id: int, items: list[str]) -> None:
    """The agenda becomes `items`, item by position. Items that stay keep their rows, so a
    topic named on item 2 (topics' agenda links) stays named when the texts are edited; only
    items past the new end go, with their links."""
    existing = {
        item.position: item for item in await models.MeetingAgendaItem.filter(meeting_id=meeting_id)
    }
    await models.MeetingAgendaItem.filter(meeting_id=meeting_id, position__gt=len(items)).delete()
    for position, text in enumerate(items, start=1):
        item = existing.get(position)
        if item is not None and item.text != text:
            item.text = text
            await item.save(update_fields=["text"])
    await models.MeetingAgendaItem.bulk_create(
        [
            models.MeetingAgendaItem(meeting_id=meeting_id, position=position, text=text)
            for position, text in enumerate(items, start=1)
            if position not in existing
        ]
    )


async def schedule_meeting(ctx: Context, data: NewMeeting) -> models.Meeting:
    node = await node_to_act_on(
        ctx, data.node_id, "nodeId", may=may_convene, refused="meetings.may_not_convene"
    )
    with refusing():
        workflow.check_level(data.type, node.level)
        workflow.check_starts_at(data.starts_at, now())
    title = clean_text(data.title, "title", limit=MAX_TITLE, what="A title")
    place = clean_text(data.place, "place", limit=MAX_PLACE, what="A place")
    agenda = _agenda(data.agenda)
    row = await models.Meeting.create(
        node_id=node.id,
        node_path=node.path,
        type=data.type,
        title=title,
        starts_at=data.starts_at,
        place=place,
        convened_by_id=ctx.viewer.user_id,
    )
    await _write_agenda(row.id, agenda)
    await _invite(ctx, row, data.invitees)
    return row


@dataclass(frozen=True)
class MeetingChanges:
    title: str | None = None
    starts_at: datetime | None = None
    place: str | None = None
    agenda: list[str] | None = None


async def update_meeting(ctx: Context, pk: int, data: MeetingChanges) -> models.Meeting:
    row = await meeting_to_run(ctx, pk, "id")
    with refusing():
        workflow.require(workflow.Activity.EDIT, row.status)
        if data.starts_at is not None:
            workflow.check_starts_at(data.starts_at, now())
    if data.title is not None:
        row.title = clean_text(data.title, "title", limit=MAX_TITLE, what="A title")
    if data.place is not None:
        row.place = clean_text(data.place, "place", limit=MAX_PLACE, what="A place")
    if data.starts_at is not None:
        row.starts_at = data.starts_at
    await row.save(update_fields=["title", "place", "starts_at", "updated_at"])
    if data.agenda is not None:
        await _write_agenda(row.id, _agenda(data.agenda))
        audit.note(ctx, "agenda", len(data.agenda))
    return row


async def _invite(ctx: Context, meeting: models.Meeting, invitees: Invitees) -> None:
    """Residents of the meeting node's subtree (read in the viewer's scope), staff users the
    viewer reads, and named outside parties; someone invited already is a CONFLICT, and so is
    a resident and the account tied to them (one person, one seat) in any combination of this
    batch and those invited before."""
    made: list[models.MeetingAttendee] = []
    if invitees.resident_ids:
        residents = {
            r.id: r
            for r in await readable_residents(ctx).filter(id__in=sorted(set(invitees.resident_ids)))
        }
        for pk in invitees.resident_ids:
            resident = found(residents.get(pk), "meetings.no_resident", "residentIds")
            if not resident.household.building_path.startswith(meeting.node_path):
                raise Invalid("meetings.resident_outside", field="residentIds")
            made.append(
                models.MeetingAttendee(
                    meeting_id=meeting.id,
                    kind=models.AttendeeKind.RESIDENT,
                    subject_key=f"resident:{resident.id}",
                    name=resident.name,
                    resident_id=resident.id,
                )
            )
    if invitees.user_ids:
        users = {
            u.id: u for u in await readable_users(ctx).filter(id__in=sorted(set(invitees.user_ids)))
        }
        for pk in invitees.user_ids:
            user = found(users.get(pk), "users.no_user", "userIds")
            made.append(
                models.MeetingAttendee(
                    meeting_id=meeting.id,
                    kind=models.AttendeeKind.STAFF,
                    subject_key=f"user:{user.id}",
                    name=user.display_name,
                    user_id=user.id,
                )
            )
    for party in invitees.parties:
        if party.kind in (models.AttendeeKind.RESIDENT, models.AttendeeKind.STAFF):
            raise Invalid("meetings.party_kind", field="parties")
        name = clean_text(party.name, "parties", limit=MAX_NAME, what="A name")
        organisation = clean_text(
            party.organisation, "parties", limit=MAX_NAME, what="A name", required=False
        )
        made.append(
            models.MeetingAttendee(
                meeting_id=meeting.id,
                kind=party.kind,
                subject_key=f"party:{party.kind.value}:{organisation}:{name}"[:140],
                name=name,
                organisation=organisation,
            )
        )
    if not made:
        return
    keys = [a.subject_key for a in made]
    if len(set(keys)) != len(keys):
        raise Conflict("meetings.invited_already", field="invitees")
    await _one_seat_each(meeting, made)
    count = await models.MeetingAttendee.filter(meeting_id=meeting.id).count()
    if count + len(made) > workflow.MAX_ATTENDEES:
        raise Invalid("meetings.too_many_attendees", field="invitees", limit=workflow.MAX_ATTENDEES)
    async with unique_or(Conflict("meetings.invited_already", field="invitees")):
        await models.MeetingAttendee.bulk_create(made)
    audit.note(ctx, "invited", len(made))


async def _one_seat_each(meeting: models.Meeting, made: list[models.MeetingAttendee]) -> None:
    """A resident's record and the account tied to it are one person: refuse (CONFLICT) a
    staff seat for an account whose resident holds a seat here or in this batch, and the
    reverse. One statement: the accounts behind the meeting's seats and the new ones."""
    new_staff = {a.user_id for a in made if a.user_id is not None}
    new_residents = {a.resident_id for a in made if a.resident_id is not None}
    if not new_staff and not new_residents:
        return
    seated = models.MeetingAttendee.filter(meeting_id=meeting.id)
    behind = await models.Resident.filter(
        Q(id__in=sorted(new_residents))
        | Q(id__in=Subquery(seated.filter(resident_id__isnull=False).values("resident_id"))),
        user_id__isnull=False,
    ).values_list("id", "user_id")
    old_staff = set(await seated.filter(user_id__isnull=False).values_list("user_id", flat=True))
    new_accounts = {user for resident, user in behind if resident in new_residents}
    old_accounts = {user for resident, user in behind if resident not in new_residents}
    if new_accounts & (new_staff | old_staff) or old_accounts & new_staff:
        raise Conflict("meetings.same_person", field="invitees")


async def seats_one_person_twice(user_id: int, resident_id: int) -> bool:
    """Would tying the account `user_id` to the resident `resident_id` make one person hold two
    seats: both seated in one meeting whose seats still count (scheduled or held)? One query:
    the resident's seats in meetings where the account holds a seat too."""
    return await models.MeetingAttendee.filter(
        resident_id=resident_id,
        meeting__status__in=sorted(workflow.SEATS_COUNT_IN),
        meeting_id__in=Subquery(
            models.MeetingAttendee.filter(user_id=user_id).values("meeting_id")
        ),
    ).exists()


async def invite_meeting_attendees(ctx: Context, pk: int, invitees: Invitees) -> models.Meeting:
    row = await meeting_to_run(ctx, pk)
    with refusing():
        workflow.require(workflow.Activity.INVITE, row.status)
    await _invite(ctx, row, invitees)
    return row


async def _step(ctx: Context, pk: int, step: workflow.Step) -> models.Meeting:
    row = await meeting_to_run(ctx, pk, "id")
    with refusing():
        row.status = workflow.next_status(step, row.status)
    return row


async def hold_meeting(ctx: Context, pk: int) -> models.Meeting:
    """The meeting takes place: attendance, minutes and resolutions are recorded from now."""
    row = await _step(ctx, pk, workflow.Step.HOLD)
    row.held_at = now()
    await row.save(update_fields=["status", "held_at", "updated_at"])
    return row


async def record_meeting_attendance(
    ctx: Context, pk: int, present_ids: list[int], absent_ids: list[int]
) -> models.Meeting:
    """Mark invited attendees present or absent; an attendee who has voted stays present."""
    row = await meeting_to_run(ctx, pk)
    with refusing():
        workflow.require(workflow.Activity.ATTENDANCE, row.status)
    if set(present_ids) & set(absent_ids):
        raise Invalid("meetings.present_and_absent", field="absentIds")
    wanted = set(present_ids) | set(absent_ids)
    found = await models.MeetingAttendee.filter(meeting_id=row.id, id__in=sorted(wanted)).count()
    if found != len(wanted):
        raise NotFound("meetings.no_attendee", field="presentIds")
    if absent_ids:
        voted = await models.ResolutionVote.filter(attendee_id__in=sorted(set(absent_ids))).count()
        with refusing():
            workflow.check_absent(voted)
        await models.MeetingAttendee.filter(meeting_id=row.id, id__in=absent_ids).update(
            present=False
        )
    if present_ids:
        await models.MeetingAttendee.filter(meeting_id=row.id, id__in=present_ids).update(
            present=True
        )
    audit.note(ctx, "present", len(set(present_ids)))
    audit.note(ctx, "absent", len(set(absent_ids)))
    return row


async def write_meeting_minutes(ctx: Context, pk: int, minutes: str) -> models.Meeting:
    row = await meeting_to_run(ctx, pk, "id")
    with refusing():
        workflow.require(workflow.Activity.MINUTES, row.status)
    row.minutes = clean_text(minutes, "minutes", limit=MAX_MINUTES, what="Minutes", multiline=True)
    row.minutes_by_id = ctx.viewer.user_id
    row.minutes_at = now()
    await row.save(update_fields=["minutes", "minutes_by_id", "minutes_at", "updated_at"])
    return row


async def close_meeting(ctx: Context, pk: int) -> models.Meeting:
    row = await _step(ctx, pk, workflow.Step.CLOSE)
    voting = await models.Resolution.filter(
        meeting_id=row.id, status=models.ResolutionStatus.VOTING
    ).count()
    with refusing():
        workflow.check_close(row.minutes, voting)
    row.closed_at = now()
    await row.save(update_fields=["status", "closed_at", "updated_at"])
    return row


async def cancel_meeting(ctx: Context, pk: int, reason: str) -> models.Meeting:
    row = await _step(ctx, pk, workflow.Step.CANCEL)
    row.cancel_reason = clean_text(reason, "reason", limit=MAX_REASON, what="A reason")
    row.closed_at = now()
    await row.save(update_fields=["status", "cancel_reason", "closed_at", "updated_at"])
    return row
