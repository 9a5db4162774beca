"""Meetings and resolutions as lists and single rows, in scope."""

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime

import models
from models.workflows import meetings as workflow
from policies.masking import mask_name
from policies.meetings import (
    may_convene,
    readable_meetings_filter,
    readable_resolutions_filter,
    sees_meeting_details,
)
from resolvers.context import Context
from resolvers.cursors import CREATED, Key, by, orders
from resolvers.errors import refusing as refusing_rules
from resolvers.filters import listed, narrows, searches, within
from resolvers.pagination import Page, Window, paginate
from resolvers.scoping import Readable

STARTS = Key("starts_at", datetime)
MEETING_ORDER = {
    "ID": by("Meeting.ID"),
    "STARTS_DESC": by("Meeting.STARTS_DESC", STARTS, descending=True),
    "STARTS_ASC": by("Meeting.STARTS_ASC", STARTS),
    "TITLE": by("Meeting.TITLE", Key("title", str)),
    "CREATED_DESC": by("Meeting.CREATED_DESC", CREATED, descending=True),
}
RESOLUTION_ORDER = orders("Resolution")


def now() -> datetime:
    return datetime.now(UTC)


def refusing() -> AbstractContextManager[None]:
    """Runs the workflow's checks: a refusal raises the error the API answers."""
    return refusing_rules(workflow.WorkflowError)


MEETINGS = Readable(models.Meeting, readable_meetings_filter, "meetings.no_meeting", "meetingId")
RESOLUTIONS = Readable(
    models.Resolution, readable_resolutions_filter, "meetings.no_resolution", "resolutionId"
)
# The name `node(id:)` (schema/node.py) calls.
get_meeting = MEETINGS.get
get_resolution = RESOLUTIONS.get


async def meeting(ctx: Context, pk: int) -> models.Meeting | None:
    """`meeting(id:)`: as `node(id:)` reads a meeting."""
    return await get_meeting(ctx, pk)


async def meeting_to_run(
    ctx: Context, pk: int, field: str = "meetingId", *, lock: bool = True
) -> models.Meeting:
    """A meeting the viewer runs: NOT_FOUND out of read scope, FORBIDDEN where they read it but
    may not run it; locked unless `lock` is off, so a status change and a write that depends on
    the status do not interleave."""
    return await MEETINGS.to_change(ctx, pk, may_convene, "meetings.may_not_run", field, lock=lock)


@dataclass(frozen=True)
class MeetingFilter:
    node_id: int | None = within("node_path")
    type: models.MeetingType | None = narrows("type")
    status: list[models.MeetingStatus] | None = narrows("status__in")
    search: str | None = searches("title")
    starts_from: datetime | None = narrows("starts_at__gte")
    starts_to: datetime | None = narrows("starts_at__lt")


async def meetings(
    ctx: Context, where: MeetingFilter, order: str, window: Window
) -> Page[models.Meeting]:
    query = await listed(ctx, MEETINGS.rows, where)
    return await paginate(query, MEETING_ORDER[order], window)


@dataclass(frozen=True)
class ResolutionFilter:
    meeting_id: int | None = narrows("meeting_id")
    node_id: int | None = within("node_path")
    kind: models.ResolutionKind | None = narrows("kind")
    status: list[models.ResolutionStatus] | None = narrows("status__in")


async def resolutions(
    ctx: Context, where: ResolutionFilter, order: str, window: Window
) -> Page[models.Resolution]:
    if where.meeting_id is not None:
        await MEETINGS.require(ctx, where.meeting_id)
    query = await listed(ctx, RESOLUTIONS.rows, where)
    return await paginate(query, RESOLUTION_ORDER[order], window)


# ------------------------------------------------------------------ relations (DataLoaders)


async def agenda(ctx: Context, row: models.Meeting) -> list[models.MeetingAgendaItem]:
    return await ctx.loaders.agenda_by_meeting_id.load(row.id)


async def attendees(ctx: Context, row: models.Meeting) -> list[models.MeetingAttendee]:
    return await ctx.loaders.attendees_by_meeting_id.load(row.id)


def attendee_name(ctx: Context, meeting_path: str, attendee: models.MeetingAttendee) -> str:
    """A resident's name in full for staff in scope, masked for anyone else (a neighbour)."""
    if attendee.kind is not models.AttendeeKind.RESIDENT:
        return attendee.name
    if sees_meeting_details(ctx.viewer, meeting_path):
        return attendee.name
    return mask_name(attendee.name)


async def meeting_resolutions(ctx: Context, row: models.Meeting) -> list[models.Resolution]:
    return await ctx.loaders.resolutions_by_meeting_id.load(row.id)


async def votes(ctx: Context, row: models.Resolution) -> list[models.ResolutionVote] | None:
    """Who voted what: staff in scope; None (not shown) for anyone else, who reads the tallies."""
    if not sees_meeting_details(ctx.viewer, row.node_path):
        return None
    return await ctx.loaders.votes_by_resolution_id.load(row.id)


async def quorum(ctx: Context, row: models.Meeting) -> tuple[int, int, int]:
    """(invited, present, needed) of a meeting, counting resident and staff seats only."""
    rows = [a for a in await attendees(ctx, row) if workflow.counts(a.kind)]
    invited = len(rows)
    present = sum(1 for a in rows if a.present)
    return invited, present, workflow.QUORUM[row.type].needed(invited)
