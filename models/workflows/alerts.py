"""Elder care's rules (独居老人智能设备与告警), pure: what a device event may say, when a device
counts as online, an alert's statuses and deadlines, and when a quiet door raises an alert.

- An alert is RAISED by an alarm of an elder's device (fall, SOS, abnormal vital signs, smoke)
  or by the sweep when a door sensor has not seen its door open for `door_quiet` (default 24
  hours), once per quiet period.
- It must be ACKNOWLEDGED by its deadline: `urgent_ack` (15 minutes) for SOS, falls and smoke,
  `ack` (60 minutes) for the others. Past it, still unacknowledged, the sweep ESCALATES it to
  the community (one conditional UPDATE: whichever process runs it first escalates it once).
- An escalated alert is still acknowledged (by the building, the grid or now the community),
  and an acknowledged one is CLOSED with a follow-up (visit, call, hospital, false alarm) and a
  note. A closed alert never changes again.
- A device is ONLINE while its last accepted event is at most `offline_after` old.

Who may do each step is decided in policies/alerts.py; resolvers and the seed apply these rules.
"""

import json
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from models.alerts import AlarmKind, AlertStatus, DeviceKind, FollowUpKind
from models.workflows.refusals import RuleRefusal

MAX_NOTE = 1_000
MAX_LABEL = 100
URGENT = frozenset({AlarmKind.SOS, AlarmKind.FALL, AlarmKind.SMOKE})
# Alarms a device may send itself (a quiet door is the sweep's to see).
SENT_BY_DEVICE = frozenset(AlarmKind) - {AlarmKind.DOOR_NOT_OPENED}
# What each kind of device reports: its alarms, and whether it reports door openings.
DEVICE_ALARMS: dict[DeviceKind, frozenset[AlarmKind]] = {
    DeviceKind.HEALTH_WATCH: frozenset({AlarmKind.FALL, AlarmKind.SOS, AlarmKind.ABNORMAL_VITALS}),
    DeviceKind.VITAL_SIGN_MONITOR: frozenset({AlarmKind.ABNORMAL_VITALS, AlarmKind.SOS}),
    DeviceKind.DOOR_SENSOR: frozenset(),
    DeviceKind.SMOKE_DETECTOR: frozenset({AlarmKind.SMOKE}),
}
# Readings a device may send, with their bounds (whole numbers).
READING_BOUNDS: dict[str, tuple[int, int]] = {
    "battery": (0, 100),
    "heartRate": (0, 300),
    "bloodOxygen": (0, 100),
    "systolic": (0, 300),
    "diastolic": (0, 200),
    "breathingRate": (0, 100),
    "temperatureTenths": (250, 450),  # 36.5 °C is 365
}
# Signed events older or newer than this are refused (clock skew and replays both).
MAX_SKEW = timedelta(minutes=5)
OPEN = frozenset({AlertStatus.RAISED, AlertStatus.ACKNOWLEDGED, AlertStatus.ESCALATED})
ACKNOWLEDGEABLE = frozenset({AlertStatus.RAISED, AlertStatus.ESCALATED})
# A device's alarm while an alert of the same kind of the same device is in one of these is
# merged into it (no second alert): a faulty or hostile device cannot flood a console.
MERGES_INTO = OPEN


@dataclass(frozen=True)
class AlertRules:
    """Deadlines and periods (settings LOUDONG_ALERT_*, README)."""

    urgent_ack: timedelta = timedelta(minutes=15)
    ack: timedelta = timedelta(minutes=60)
    door_quiet: timedelta = timedelta(hours=24)
    offline_after: timedelta = timedelta(minutes=30)


class AlertError(RuleRefusal):
    """A step the alerts' rules refuse (see RuleRefusal)."""


class EventRefused(Exception):
    """A device event the rules refuse (400): `reason` is logged, never a value it held."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class EventKind(StrEnum):
    READING = "READING"
    HEARTBEAT = "HEARTBEAT"
    ALARM = "ALARM"
    DOOR_OPENED = "DOOR_OPENED"


@dataclass(frozen=True)
class DeviceEvent:
    kind: EventKind
    alarm: AlarmKind | None = None
    readings: dict[str, int] = field(default_factory=dict)


# ------------------------------------------------------------------ events


def _no_constant(name: str) -> Any:
    raise ValueError(name)  # NaN, Infinity, -Infinity are not JSON


def parse_event(body: bytes) -> DeviceEvent:
    """`{"kind": "ALARM", "alarm": "FALL", "readings": {"heartRate": 40}}` as an event; anything
    else (not JSON, unknown kinds or readings, values out of bounds) is EventRefused. Hostile
    bodies (nested past the recursion limit, NaN, numbers of thousands of digits) are not_json,
    never an unexpected error; nothing but a str is ever turned into a kind or an alarm."""
    try:
        data = json.loads(body.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise EventRefused("not_json") from None
    if not isinstance(data, dict) or set(data) - {"kind", "alarm", "readings"}:
        raise EventRefused("bad_shape")
    kind_name = data.get("kind")
    if not isinstance(kind_name, str) or kind_name not in EventKind.__members__:
        raise EventRefused("unknown_kind")
    kind = EventKind(kind_name)
    alarm = None
    if kind is EventKind.ALARM:
        alarm_name = data.get("alarm")
        if not isinstance(alarm_name, str) or alarm_name not in AlarmKind.__members__:
            raise EventRefused("unknown_alarm")
        alarm = AlarmKind(alarm_name)
        if alarm not in SENT_BY_DEVICE:
            raise EventRefused("unknown_alarm")
    elif "alarm" in data:
        raise EventRefused("bad_shape")
    return DeviceEvent(kind, alarm, _readings(data.get("readings", {})))


def _readings(data: Any) -> dict[str, int]:
    if not isinstance(data, dict):
        raise EventRefused("bad_readings")
    readings: dict[str, int] = {}
    for name, value in data.items():
        bounds = READING_BOUNDS.get(name)
        if bounds is None or isinstance(value, bool) or not isinstance(value, int | float):
            raise EventRefused("bad_readings")
        # Bounds first: an int of thousands of digits compares fine but overflows a float.
        if not bounds[0] <= value <= bounds[1] or not math.isfinite(value) or value != int(value):
            raise EventRefused("bad_readings")
        readings[name] = int(value)
    return readings


def check_event_for(device_kind: DeviceKind, event: DeviceEvent) -> None:
    """A device sends only what its kind reports (a watch no door openings, a door sensor no
    falls)."""
    if event.kind is EventKind.DOOR_OPENED and device_kind is not DeviceKind.DOOR_SENSOR:
        raise EventRefused("not_for_device")
    if event.alarm is not None and event.alarm not in DEVICE_ALARMS[device_kind]:
        raise EventRefused("not_for_device")


def is_fresh(sent_at: datetime, now: datetime) -> bool:
    """A signed event's timestamp within MAX_SKEW of now, either way."""
    return abs(now - sent_at) <= MAX_SKEW


def device_status(
    last_seen_at: datetime | None, retired: bool, now: datetime, rules: AlertRules
) -> str:
    """RETIRED, ONLINE (an event within `offline_after`) or OFFLINE."""
    if retired:
        return "RETIRED"
    if last_seen_at is not None and now - last_seen_at <= rules.offline_after:
        return "ONLINE"
    return "OFFLINE"


# ------------------------------------------------------------------ alerts


def deadline_for(kind: AlarmKind, raised_at: datetime, rules: AlertRules) -> datetime:
    """When an alert of `kind` raised at `raised_at` must be acknowledged by."""
    return raised_at + (rules.urgent_ack if kind in URGENT else rules.ack)


def is_overdue(status: AlertStatus, deadline_at: datetime, now: datetime) -> bool:
    """Escalated by the sweep now (its SQL twin is resolvers/alerts/sweep.py's UPDATE)."""
    return status is AlertStatus.RAISED and deadline_at <= now


def check_acknowledge(status: AlertStatus) -> None:
    if status not in ACKNOWLEDGEABLE:
        raise AlertError("alerts.not_acknowledgeable", "id", transition=True, status=status)


def check_close(status: AlertStatus, follow_up: FollowUpKind | None, note: str) -> None:
    """Only an acknowledged alert closes, with a follow-up and a note of what was done."""
    if status is not AlertStatus.ACKNOWLEDGED:
        raise AlertError("alerts.not_closable", "id", transition=True, status=status)
    if follow_up is None:
        raise AlertError("alerts.follow_up_needed", "followUp")
    if not note:
        raise AlertError("alerts.note_needed", "note")


def check_elder(is_elder_living_alone: bool) -> None:
    """Devices are registered to residents tagged 独居老人 (ELDER_LIVING_ALONE) only."""
    if not is_elder_living_alone:
        raise AlertError("devices.not_elder", "residentId")


def check_active(retired: bool) -> None:
    if retired:
        raise AlertError("devices.retired", "id", conflict=True)


# ------------------------------------------------------------------ quiet doors


def quiet_since(last_door_activity_at: datetime | None, registered_at: datetime) -> datetime:
    """Since when a door sensor's door has stayed shut (its registration, before any opening)."""
    return last_door_activity_at or registered_at


def is_quiet(since: datetime, now: datetime, rules: AlertRules) -> bool:
    return now - since >= rules.door_quiet


def door_quiet_key(device_id: int, since: datetime) -> str:
    """One DOOR_NOT_OPENED alert per quiet period of a device, however many sweeps see it."""
    return f"door-quiet:{device_id}:{int(since.timestamp())}"
