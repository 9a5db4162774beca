"""Volunteer activities and their sign-ups as lists and single rows, in scope."""

from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.queryset import QuerySet

import models
from models.workflows import activities as workflow
from policies.authorizer import (
    may_manage_activity,
    readable_activities_filter,
    readable_sign_ups_filter,
)
from resolvers.context import Context
from resolvers.cursors import CREATED, Key, by, orders
from resolvers.filters import listed, narrows, searches, within
from resolvers.pagination import Page, Window, paginate
from resolvers.scoping import Readable

STARTS = Key("starts_at", datetime)
# Indexes (migration 0013) serve each order both ways: (starts_at, id), (created_at, id).
ACTIVITY_ORDER = {
    "ID": by("Activity.ID"),
    "STARTS_ASC": by("Activity.STARTS_ASC", STARTS),
    "STARTS_DESC": by("Activity.STARTS_DESC", STARTS, descending=True),
    "CREATED_DESC": by("Activity.CREATED_DESC", CREATED, descending=True),
}
SIGN_UP_ORDER = orders("ActivitySignUp")


def now() -> datetime:
    return datetime.now(UTC)


ACTIVITIES = Readable(models.Activity, readable_activities_filter, "activities.no_activity")
SIGN_UPS = Readable(models.ActivitySignUp, readable_sign_ups_filter)
# The name `node(id:)` (schema/node.py) calls.
get_activity = ACTIVITIES.get
get_sign_up = SIGN_UPS.get


async def activity(ctx: Context, pk: int) -> models.Activity | None:
    """`activity(id:)`: as `node(id:)` reads an activity."""
    return await get_activity(ctx, pk)


@dataclass(frozen=True)
class ActivityFilter:
    node_id: int | None = within("node_path")
    status: list[models.ActivityStatus] | None = narrows("status__in")
    team_id: int | None = narrows("team_id")
    starts_after: datetime | None = narrows("starts_at__gte")
    starts_before: datetime | None = narrows("starts_at__lt")
    upcoming: bool | None = None
    search: str | None = searches("title")


async def activities(
    ctx: Context, where: ActivityFilter, order: str, window: Window
) -> Page[models.Activity]:
    query = await listed(ctx, ACTIVITIES.rows, where)
    if where.upcoming is not None:
        query = (
            query.filter(ends_at__gt=now()) if where.upcoming else query.filter(ends_at__lte=now())
        )
    return await paginate(query, ACTIVITY_ORDER[order], window)


@dataclass(frozen=True)
class SignUpFilter:
    activity_id: int | None = narrows("activity_id")
    resident_id: int | None = narrows("resident_id")
    node_id: int | None = within("node_path")
    status: list[models.SignUpStatus] | None = narrows("status__in")
    mine: bool | None = None


async def filtered_sign_ups(ctx: Context, where: SignUpFilter) -> QuerySet[models.ActivitySignUp]:
    """The `activitySignUps` list's query (and the attendance export's): scope first, then an
    activity the viewer cannot read is NOT_FOUND, as if missing."""
    if where.activity_id is not None:
        await ACTIVITIES.require(ctx, where.activity_id, "activityId")
    query = await listed(ctx, SIGN_UPS.rows, where)
    if where.mine:
        query = query.filter(resident__user_id=ctx.viewer.user_id or 0)
    return query


async def activity_sign_ups(
    ctx: Context, where: SignUpFilter, order: str, window: Window
) -> Page[models.ActivitySignUp]:
    return await paginate(await filtered_sign_ups(ctx, where), SIGN_UP_ORDER[order], window)


def qr_token(ctx: Context, row: models.Activity) -> str | None:
    """The token to print in the activity's QR code: for whoever runs it, else null."""
    return row.qr_token if may_manage_activity(ctx.viewer, row.node_path) else None


def places_left(row: models.Activity) -> int:
    return max(row.capacity - row.signed_up, 0)


def check_in_opens(row: models.Activity) -> datetime:
    return row.starts_at - workflow.CHECK_IN_OPENS


def check_out_closes(row: models.Activity) -> datetime:
    return row.ends_at + workflow.CHECK_OUT_GRACE
