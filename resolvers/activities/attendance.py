"""Signing up for an activity (报名), and attendance: check-in (签到) and check-out (签退).

A place is taken by one conditional UPDATE (`signed_up < capacity`), so concurrent sign-ups
never overbook; the unique (activity, resident) index makes a sign-up once per person. Check-in
and check-out are conditional UPDATEs of the sign-up's status, so neither happens twice. The
check-out, its hours and its points (`resolvers.points.ledger.append`, under the rule's caps)
are one transaction (the mutation's).

Who: the resident by the activity's QR code (their own sign-up only), volunteers and staff in
scope check in, the organiser and staff in scope (BUILDING_LEADER and up) check out; nobody
records their own attendance or their household's by the staff path
(`policies.rules.records_own_attendance`), and whoever runs the activity (holds its code) never
scans it for themselves (`policies.authorizer.may_scan_own_attendance`).
"""

import re
from collections.abc import Callable
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

import models
from models.workflows import activities as workflow
from policies.authorizer import (
    may_check_in,
    may_manage_activity,
    may_scan_own_attendance,
    may_sign_up,
)
from policies.rules import records_own_attendance
from resolvers.activities.planning import refusing
from resolvers.activities.reading import ACTIVITIES, get_activity, get_sign_up, now
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import Conflict, Forbidden, Invalid, NotFound
from resolvers.people.residents import get_resident, households_of
from resolvers.points import ledger
from resolvers.scoping import found

TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


async def _own_resident(user: models.User, field: str) -> models.Resident:
    resident = (
        await models.Resident.filter(user_id=user.id, active=True)
        .select_related("household__building")
        .first()
    )
    if resident is None:
        raise Invalid("activities.no_own_resident", field=field)
    return resident


async def _resident_of(sign_up: models.ActivitySignUp) -> models.Resident:
    return await models.Resident.get(id=sign_up.resident_id).select_related("household__building")


async def sign_up_for_activity(
    ctx: Context, activity_id: int, resident_id: int | None
) -> models.ActivitySignUp:
    """The caller's own resident when `resident_id` is null; staff may sign up a resident of
    their scope. The resident must live under the activity's node."""
    user = require_user(ctx)
    activity = await ACTIVITIES.require(ctx, activity_id, "activityId")
    if resident_id is None:
        resident = await _own_resident(user, "residentId")
    else:
        found = await get_resident(ctx, resident_id)
        if found is None or not found.active:
            raise NotFound("people.no_resident", field="residentId")
        resident = found
    building_path = resident.household.building.path
    if not may_sign_up(ctx.viewer, resident.user_id == user.id, building_path):
        raise Forbidden("activities.may_not_sign_up", field="residentId")
    if not building_path.startswith(activity.node_path):
        raise Invalid("activities.outside_audience", field="residentId")
    with refusing():
        workflow.check_sign_up(activity.status, activity.ends_at, now())
    existing = await models.ActivitySignUp.get_or_none(
        activity_id=activity.id, resident_id=resident.id
    )
    if existing is not None and existing.status in workflow.HOLDS_A_PLACE:
        raise Conflict("activities.signed_up_twice", field="residentId")
    # The place: one conditional UPDATE, whatever else runs at once (it waits for the row).
    taken = await models.Activity.filter(
        id=activity.id, status=models.ActivityStatus.OPEN, signed_up__lt=F("capacity")
    ).update(signed_up=F("signed_up") + 1)
    if not taken:
        raise Conflict("activities.full", field="activityId")
    if existing is not None:  # signed up again after cancelling: the same row
        audit.before(ctx, existing)
        again = await models.ActivitySignUp.filter(
            id=existing.id, status=models.SignUpStatus.CANCELLED
        ).update(status=models.SignUpStatus.SIGNED_UP, signed_up_by_id=user.id)
        if not again:  # a concurrent sign-up of the same person won
            raise Conflict("activities.signed_up_twice", field="residentId")
        return await models.ActivitySignUp.get(id=existing.id)
    try:
        return await models.ActivitySignUp.create(
            activity_id=activity.id,
            node_path=activity.node_path,
            resident_id=resident.id,
            signed_up_by_id=user.id,
        )
    except IntegrityError as error:  # the same person, at once: the mutation rolls back
        raise Conflict("activities.signed_up_twice", field="residentId") from error


async def _sign_up_for(ctx: Context, pk: int) -> models.ActivitySignUp:
    row = found(await get_sign_up(ctx, pk), "activities.no_sign_up", "id")
    audit.before(ctx, row)
    return row


async def cancel_activity_sign_up(ctx: Context, pk: int) -> models.ActivitySignUp:
    """Give the place back, before checking in: the resident themselves or staff in scope."""
    user = require_user(ctx)
    row = await _sign_up_for(ctx, pk)
    resident = await _resident_of(row)
    if not may_sign_up(ctx.viewer, resident.user_id == user.id, resident.household.building.path):
        raise Forbidden("activities.may_not_sign_up", field="id")
    await _step(
        row,
        models.SignUpStatus.SIGNED_UP,
        models.SignUpStatus.CANCELLED,
        workflow.check_cancel_sign_up,
    )
    await models.Activity.filter(id=row.activity_id).update(signed_up=F("signed_up") - 1)
    return await models.ActivitySignUp.get(id=row.id)


async def _staff_step(ctx: Context, pk: int) -> tuple[models.User, models.ActivitySignUp]:
    user = require_user(ctx)
    row = await _sign_up_for(ctx, pk)
    return user, row


async def _not_own(user: models.User, row: models.ActivitySignUp) -> models.Resident:
    """The sign-up's resident, unless the staff member would record their own attendance or
    their own household's (FORBIDDEN)."""
    resident = await _resident_of(row)
    own = await households_of(user.id)
    if records_own_attendance(user.id, resident.user_id, own, resident.household_id):
        raise Forbidden("activities.own_attendance", field="id")
    return resident


async def check_in_to_activity(ctx: Context, pk: int) -> models.ActivitySignUp:
    user, row = await _staff_step(ctx, pk)
    activity = await models.Activity.get(id=row.activity_id)
    if not may_check_in(ctx.viewer, activity.node_path):
        raise Forbidden("activities.may_not_check_in", field="id")
    await _not_own(user, row)
    return await _check_in(activity, row, models.AttendanceMethod.STAFF, user.id)


async def check_out_of_activity(ctx: Context, pk: int) -> models.ActivitySignUp:
    user, row = await _staff_step(ctx, pk)
    activity = await models.Activity.get(id=row.activity_id)
    if not may_manage_activity(ctx.viewer, activity.node_path):
        raise Forbidden("activities.may_not_check_out", field="id")
    resident = await _not_own(user, row)
    return await _check_out(activity, row, resident, models.AttendanceMethod.STAFF, user.id)


async def _by_qr(
    ctx: Context, token: str
) -> tuple[models.User, models.Activity, models.ActivitySignUp, models.Resident]:
    """The caller's own sign-up for the activity whose QR code holds `token`. A code that is
    unknown, retired, or of an activity the caller cannot read answers alike."""
    user = require_user(ctx)
    if not TOKEN_SHAPE.fullmatch(token):
        raise Invalid("activities.qr_unknown", field="token")
    found = await models.Activity.get_or_none(qr_token=token)
    activity = await get_activity(ctx, found.id) if found is not None else None
    if activity is None:
        raise Invalid("activities.qr_unknown", field="token")
    resident = await _own_resident(user, "token")
    if not may_sign_up(ctx.viewer, True, resident.household.building.path):
        raise Forbidden("activities.may_not_sign_up", field="token")
    if not may_scan_own_attendance(ctx.viewer, activity.node_path, activity.organiser_id):
        raise Forbidden("activities.own_attendance_qr", field="token")
    row = await models.ActivitySignUp.get_or_none(activity_id=activity.id, resident_id=resident.id)
    if row is None or row.status is models.SignUpStatus.CANCELLED:
        raise Conflict("activities.not_signed_up", field="token")
    audit.before(ctx, row)
    return user, activity, row, resident


async def check_in_by_activity_qr(ctx: Context, token: str) -> models.ActivitySignUp:
    user, activity, row, _ = await _by_qr(ctx, token)
    return await _check_in(activity, row, models.AttendanceMethod.QR, user.id)


async def check_out_by_activity_qr(ctx: Context, token: str) -> models.ActivitySignUp:
    user, activity, row, resident = await _by_qr(ctx, token)
    return await _check_out(activity, row, resident, models.AttendanceMethod.QR, user.id)


async def _step(
    row: models.ActivitySignUp,
    before: models.SignUpStatus,
    after: models.SignUpStatus,
    check: Callable[[models.SignUpStatus], None],
    **values: object,
) -> None:
    """Moves the sign-up from `before` to `after` (with `values`) by one conditional UPDATE, so
    it happens once; when it does not, `check` of the status it has now says why."""
    done = await models.ActivitySignUp.filter(id=row.id, status=before).update(
        status=after, **values
    )
    if not done:
        current = await models.ActivitySignUp.get(id=row.id)
        with refusing():
            check(current.status)


async def _check_in(
    activity: models.Activity,
    row: models.ActivitySignUp,
    method: models.AttendanceMethod,
    by: int,
) -> models.ActivitySignUp:
    at = now()
    with refusing():
        workflow.check_in_window(activity.status, activity.starts_at, activity.ends_at, at)
    await _step(
        row,
        models.SignUpStatus.SIGNED_UP,
        models.SignUpStatus.CHECKED_IN,
        workflow.check_check_in,
        checked_in_at=at,
        checked_in_by_id=by,
        check_in_method=method,
    )
    return await models.ActivitySignUp.get(id=row.id)


async def _check_out(
    activity: models.Activity,
    row: models.ActivitySignUp,
    resident: models.Resident,
    method: models.AttendanceMethod,
    by: int,
) -> models.ActivitySignUp:
    at = now()
    with refusing():
        workflow.check_out_window(activity.status, activity.ends_at, at)
    await _step(
        row,
        models.SignUpStatus.CHECKED_IN,
        models.SignUpStatus.CHECKED_OUT,
        workflow.check_check_out,
        checked_out_at=at,
        checked_out_by_id=by,
        check_out_method=method,
    )
    row = await models.ActivitySignUp.get(id=row.id)
    assert row.checked_in_at is not None, "a checked-in sign-up has its time"
    minutes = workflow.minutes_served(activity.starts_at, activity.ends_at, row.checked_in_at, at)
    served = workflow.served_enough(minutes, activity.starts_at, activity.ends_at)
    entry = await _credit(activity, resident, at, by) if served else None
    await models.ActivitySignUp.filter(id=row.id).update(
        minutes=minutes,
        points=entry.amount if entry else 0,
        point_entry_id=entry.id if entry else None,
    )
    return await models.ActivitySignUp.get(id=row.id)


async def _credit(
    activity: models.Activity, resident: models.Resident, at: datetime, by: int
) -> models.PointEntry | None:
    """The activity's rule's points for the resident, cut to what its caps still allow (None
    when nothing is left)."""
    rule = await models.PointRule.get(id=activity.rule_id)
    return await ledger.append_up_to_caps(
        ledger.Owner.resident(resident.id),
        amount=rule.points,
        source=models.PointSource.ACTIVITY,
        source_id=activity.id,
        reason=f"志愿活动：{activity.title}",
        node=resident.household.building,
        at=at,
        recorded_by_id=by,
        rule=rule,
        household_id=resident.household_id,
    )
