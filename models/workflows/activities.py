"""Volunteer activities' rules (志愿活动), pure: statuses and their moves, what a new or changed
activity must satisfy, when sign-up, check-in and check-out are open, and the time served.

Who may do each step is decided in policies/; resolvers and the seed apply these functions.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from models.activities import ActivityStatus, SignUpStatus
from models.workflows.refusals import RuleRefusal

MAX_CAPACITY = 10_000
MAX_TITLE = 100
MAX_PLACE = 200
MAX_DESCRIPTION = 2_000
MAX_DURATION = timedelta(days=7)
# Check-in opens half an hour before the start and closes at the end; check-out closes an hour
# after the end (people stay to finish, or forget to scan at once). Outside: INVALID.
CHECK_IN_OPENS = timedelta(minutes=30)
CHECK_OUT_GRACE = timedelta(hours=1)
# An activity worth points lasts at least this long: a two-minute "activity" would make a
# scan in and out a way to hand out points.
MIN_DURATION = timedelta(minutes=30)
# Points need half the activity's time, or this much of a longer one (see served_enough).
MIN_PRESENCE_FOR_POINTS = timedelta(hours=1)

# Residents read published activities only; staff in scope read every status.
PUBLISHED = frozenset({ActivityStatus.OPEN, ActivityStatus.CLOSED, ActivityStatus.CANCELLED})
# Check-in and check-out happen at activities that go ahead.
RUNNING = frozenset({ActivityStatus.OPEN, ActivityStatus.CLOSED})
# Details (time, place, capacity, rule) change only before anyone has checked in.
EDITABLE = frozenset({ActivityStatus.PLANNED, ActivityStatus.OPEN, ActivityStatus.CLOSED})
# A sign-up that holds a place.
HOLDS_A_PLACE = frozenset(
    {SignUpStatus.SIGNED_UP, SignUpStatus.CHECKED_IN, SignUpStatus.CHECKED_OUT}
)

# A sign-up's status -> why it may not check in (CONFLICT); only a SIGNED_UP one may.
CHECK_IN_REFUSED: dict[SignUpStatus, str] = {
    SignUpStatus.CANCELLED: "activities.sign_up_cancelled",
    SignUpStatus.CHECKED_IN: "activities.checked_in_twice",
    SignUpStatus.CHECKED_OUT: "activities.checked_in_twice",
}
# The same for check-out; only a CHECKED_IN one may.
CHECK_OUT_REFUSED: dict[SignUpStatus, str] = {
    SignUpStatus.SIGNED_UP: "activities.not_checked_in",
    SignUpStatus.CANCELLED: "activities.not_checked_in",
    SignUpStatus.CHECKED_OUT: "activities.checked_out_twice",
}

# status -> the statuses it may move to (openActivity, closeActivity, cancelActivity)
MOVES: dict[ActivityStatus, frozenset[ActivityStatus]] = {
    ActivityStatus.PLANNED: frozenset({ActivityStatus.OPEN, ActivityStatus.CANCELLED}),
    ActivityStatus.OPEN: frozenset({ActivityStatus.CLOSED, ActivityStatus.CANCELLED}),
    ActivityStatus.CLOSED: frozenset({ActivityStatus.OPEN, ActivityStatus.CANCELLED}),
    ActivityStatus.CANCELLED: frozenset(),
}


class ActivityError(RuleRefusal):
    """A step the activities' rules refuse (see RuleRefusal)."""


@dataclass(frozen=True)
class Plan:
    """What an activity promises: its window and places."""

    starts_at: datetime
    ends_at: datetime
    capacity: int


def check_plan(plan: Plan, *, signed_up: int = 0) -> None:
    if plan.ends_at <= plan.starts_at:
        raise ActivityError("activities.ends_before_start", "endsAt")
    if plan.ends_at - plan.starts_at < MIN_DURATION:
        raise ActivityError("activities.too_short", "endsAt", minutes=MIN_DURATION.seconds // 60)
    if plan.ends_at - plan.starts_at > MAX_DURATION:
        raise ActivityError("activities.too_long", "endsAt", days=MAX_DURATION.days)
    if not 1 <= plan.capacity <= MAX_CAPACITY:
        raise ActivityError("activities.capacity", "capacity", max=MAX_CAPACITY)
    if plan.capacity < signed_up:
        raise ActivityError("activities.capacity_below_sign_ups", "capacity", count=signed_up)


def check_move(
    source: ActivityStatus, target: ActivityStatus, ends_at: datetime, now: datetime
) -> None:
    if target not in MOVES[source]:
        raise ActivityError(
            "activities.bad_move", "id", transition=True, source=source, target=target
        )
    if target is ActivityStatus.OPEN and now >= ends_at:
        raise ActivityError("activities.over", "id", conflict=True)


def check_editable(status: ActivityStatus, attended: bool) -> None:
    if status not in EDITABLE:
        raise ActivityError("activities.not_editable", "id", conflict=True, status=status)
    if attended:
        raise ActivityError("activities.attended", "id", conflict=True)


def check_cancellable(attended: bool) -> None:
    """An activity someone attended (and may have earned points at) is not cancelled."""
    if attended:
        raise ActivityError("activities.attended", "id", conflict=True)


def check_sign_up(status: ActivityStatus, ends_at: datetime, now: datetime) -> None:
    if status is not ActivityStatus.OPEN:
        raise ActivityError("activities.not_open", "activityId", conflict=True)
    if now >= ends_at:
        raise ActivityError("activities.over", "activityId", conflict=True)


def check_cancel_sign_up(status: SignUpStatus) -> None:
    if status is not SignUpStatus.SIGNED_UP:
        raise ActivityError("activities.sign_up_not_cancellable", "id", conflict=True)


def check_in_window(
    status: ActivityStatus, starts_at: datetime, ends_at: datetime, now: datetime
) -> None:
    if status not in RUNNING:
        raise ActivityError("activities.not_running", "id", conflict=True)
    if not starts_at - CHECK_IN_OPENS <= now <= ends_at:
        raise ActivityError(
            "activities.check_in_window", "id", minutes=CHECK_IN_OPENS.seconds // 60
        )


def check_check_in(sign_up: SignUpStatus) -> None:
    _check_attendance_step(sign_up, SignUpStatus.SIGNED_UP, CHECK_IN_REFUSED)


def check_out_window(status: ActivityStatus, ends_at: datetime, now: datetime) -> None:
    if status not in RUNNING:
        raise ActivityError("activities.not_running", "id", conflict=True)
    if now > ends_at + CHECK_OUT_GRACE:
        raise ActivityError(
            "activities.check_out_window", "id", minutes=CHECK_OUT_GRACE.seconds // 60
        )


def check_check_out(sign_up: SignUpStatus) -> None:
    _check_attendance_step(sign_up, SignUpStatus.CHECKED_IN, CHECK_OUT_REFUSED)


def _check_attendance_step(
    sign_up: SignUpStatus, allowed: SignUpStatus, refused: Mapping[SignUpStatus, str]
) -> None:
    # Closed by default: a status the table does not name (a new one) is refused too.
    if sign_up is not allowed:
        raise ActivityError(refused.get(sign_up, "activities.not_checked_in"), "id", conflict=True)


def minutes_served(
    starts_at: datetime, ends_at: datetime, checked_in_at: datetime, checked_out_at: datetime
) -> int:
    """Whole minutes between check-in and check-out that lie inside the activity's window."""
    start, end = max(starts_at, checked_in_at), min(ends_at, checked_out_at)
    return max(int((end - start).total_seconds() // 60), 0)


def served_enough(minutes: int, starts_at: datetime, ends_at: datetime) -> bool:
    """Present long enough to earn the activity's points: half of it, or an hour of a longer
    one. A check-in and check-out scanned a minute apart records the minutes, earns nothing."""
    duration = int((ends_at - starts_at).total_seconds() // 60)
    return minutes >= min(duration / 2, MIN_PRESENCE_FOR_POINTS.total_seconds() / 60)


def points_to_credit(rule_points: int, room_under_caps: int | None, served: bool = True) -> int:
    """The rule's points, cut to what its caps still allow (None: no cap), and none unless the
    attendee `served` long enough. The check-out stands either way (the hours were served); the
    attendance says how many points it earned."""
    if not served:
        return 0
    if room_under_caps is None:
        return rule_points
    return max(min(rule_points, room_under_caps), 0)
