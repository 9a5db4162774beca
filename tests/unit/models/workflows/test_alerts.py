"""Elder care's pure rules (models/workflows/alerts.py): events, deadlines, steps, quiet doors."""

from datetime import UTC, datetime, timedelta

import pytest

from models import AlarmKind, AlertStatus, DeviceKind, FollowUpKind
from models.workflows import alerts as workflow

NOW = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
RULES = workflow.AlertRules()


@pytest.mark.parametrize(
    ("body", "kind", "alarm", "readings"),
    [
        (b'{"kind": "HEARTBEAT"}', workflow.EventKind.HEARTBEAT, None, {}),
        (b'{"kind": "ALARM", "alarm": "FALL"}', workflow.EventKind.ALARM, AlarmKind.FALL, {}),
        (
            b'{"kind": "READING", "readings": {"battery": 55, "heartRate": 71.0}}',
            workflow.EventKind.READING,
            None,
            {"battery": 55, "heartRate": 71},
        ),
        (b'{"kind": "DOOR_OPENED"}', workflow.EventKind.DOOR_OPENED, None, {}),
    ],
)
def test_well_formed_events(
    body: bytes, kind: workflow.EventKind, alarm: AlarmKind | None, readings: dict[str, int]
) -> None:
    assert workflow.parse_event(body) == workflow.DeviceEvent(kind, alarm, readings)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "not_json"),
        (b"\xff\xfe", "not_json"),
        (b"null", "bad_shape"),
        (b'{"kind": "HEARTBEAT", "x": 1}', "bad_shape"),
        (b'{"kind": "HEARTBEAT", "alarm": "SOS"}', "bad_shape"),
        (b'{"kind": 3}', "unknown_kind"),
        (b'{"kind": "ALARM"}', "unknown_alarm"),
        (b'{"kind": "ALARM", "alarm": "DOOR_NOT_OPENED"}', "unknown_alarm"),
        (b'{"kind": "READING", "readings": []}', "bad_readings"),
        (b'{"kind": "READING", "readings": {"battery": true}}', "bad_readings"),
        (b'{"kind": "READING", "readings": {"battery": 50.5}}', "bad_readings"),
        (b'{"kind": "READING", "readings": {"battery": -1}}', "bad_readings"),
        (b'{"kind": "READING", "readings": {"heartRate": 1e400}}', "bad_readings"),
        # hostile bodies (review 14): refused with a reason, never an unexpected error
        (b"[" * 5000 + b"]" * 5000, "not_json"),
        (b'{"kind": ' + b"[" * 900 + b"]" * 900 + b"}", "unknown_kind"),
        (b'{"kind": "ALARM", "alarm": ' + b"[" * 900 + b"]" * 900 + b"}", "unknown_alarm"),
        (b'{"kind": {"kind": "ALARM"}}', "unknown_kind"),
        (b'{"kind": "heartbeat"}', "unknown_kind"),
        (b'{"kind": "READING", "readings": {"heartRate": NaN}}', "not_json"),
        (b'{"kind": "READING", "readings": {"heartRate": -Infinity}}', "not_json"),
        (b'{"kind": "READING", "readings": {"heartRate": ' + b"9" * 4000 + b"}}", "bad_readings"),
        (b'{"kind": "READING", "readings": {"heartRate": ' + b"9" * 5000 + b"}}", "not_json"),
        (b'{"kind": "READING", "readings": {"heartRate": 1e308}}', "bad_readings"),
        (b'{"kind": "READING", "readings": {"heartRate": [71]}}', "bad_readings"),
        (b'{"kind": "READING", "readings": {"heartRate": {"a": 1}}}', "bad_readings"),
        (b'{"kind": "READING", "readings": "71"}', "bad_readings"),
        (b'{"kind": "READING", "readings": null}', "bad_readings"),
        (b'"HEARTBEAT"', "bad_shape"),
        (b"1e999999", "bad_shape"),
    ],
)
def test_malformed_events_are_refused_with_a_reason(body: bytes, reason: str) -> None:
    with pytest.raises(workflow.EventRefused) as refused:
        workflow.parse_event(body)
    assert refused.value.reason == reason


@pytest.mark.parametrize(
    ("device", "event", "allowed"),
    [
        (DeviceKind.DOOR_SENSOR, workflow.DeviceEvent(workflow.EventKind.DOOR_OPENED), True),
        (DeviceKind.HEALTH_WATCH, workflow.DeviceEvent(workflow.EventKind.DOOR_OPENED), False),
        (
            DeviceKind.SMOKE_DETECTOR,
            workflow.DeviceEvent(workflow.EventKind.ALARM, AlarmKind.SMOKE),
            True,
        ),
        (
            DeviceKind.SMOKE_DETECTOR,
            workflow.DeviceEvent(workflow.EventKind.ALARM, AlarmKind.FALL),
            False,
        ),
        (
            DeviceKind.HEALTH_WATCH,
            workflow.DeviceEvent(workflow.EventKind.ALARM, AlarmKind.SOS),
            True,
        ),
        (
            DeviceKind.DOOR_SENSOR,
            workflow.DeviceEvent(workflow.EventKind.ALARM, AlarmKind.SOS),
            False,
        ),
    ],
)
def test_a_device_sends_only_what_its_kind_reports(
    device: DeviceKind, event: workflow.DeviceEvent, allowed: bool
) -> None:
    if allowed:
        workflow.check_event_for(device, event)
    else:
        with pytest.raises(workflow.EventRefused):
            workflow.check_event_for(device, event)


def test_freshness_is_five_minutes_either_way() -> None:
    assert workflow.is_fresh(NOW - timedelta(minutes=5), NOW)
    assert workflow.is_fresh(NOW + timedelta(minutes=5), NOW)
    assert not workflow.is_fresh(NOW - timedelta(minutes=5, seconds=1), NOW)
    assert not workflow.is_fresh(NOW + timedelta(minutes=5, seconds=1), NOW)


def test_deadlines_urgent_and_not() -> None:
    for kind in (AlarmKind.SOS, AlarmKind.FALL, AlarmKind.SMOKE):
        assert workflow.deadline_for(kind, NOW, RULES) == NOW + timedelta(minutes=15)
    for kind in (AlarmKind.ABNORMAL_VITALS, AlarmKind.DOOR_NOT_OPENED):
        assert workflow.deadline_for(kind, NOW, RULES) == NOW + timedelta(minutes=60)
    assert workflow.is_overdue(AlertStatus.RAISED, NOW, NOW)
    assert not workflow.is_overdue(AlertStatus.RAISED, NOW + timedelta(seconds=1), NOW)
    assert not workflow.is_overdue(AlertStatus.ACKNOWLEDGED, NOW - timedelta(hours=1), NOW)


def test_the_steps() -> None:
    for status in (AlertStatus.RAISED, AlertStatus.ESCALATED):
        workflow.check_acknowledge(status)
    for status in (AlertStatus.ACKNOWLEDGED, AlertStatus.CLOSED):
        with pytest.raises(workflow.AlertError) as refused:
            workflow.check_acknowledge(status)
        assert refused.value.transition
    workflow.check_close(AlertStatus.ACKNOWLEDGED, FollowUpKind.CALL, "打过电话")
    with pytest.raises(workflow.AlertError) as no_follow_up:
        workflow.check_close(AlertStatus.ACKNOWLEDGED, None, "打过电话")
    assert no_follow_up.value.field == "followUp"
    with pytest.raises(workflow.AlertError) as no_note:
        workflow.check_close(AlertStatus.ACKNOWLEDGED, FollowUpKind.CALL, "")
    assert no_note.value.field == "note"
    with pytest.raises(workflow.AlertError) as raised:
        workflow.check_close(AlertStatus.RAISED, FollowUpKind.CALL, "打过电话")
    assert raised.value.transition


def test_device_status_and_quiet_doors() -> None:
    assert workflow.device_status(NOW - timedelta(minutes=30), False, NOW, RULES) == "ONLINE"
    assert workflow.device_status(NOW - timedelta(minutes=31), False, NOW, RULES) == "OFFLINE"
    assert workflow.device_status(None, False, NOW, RULES) == "OFFLINE"
    assert workflow.device_status(NOW, True, NOW, RULES) == "RETIRED"
    since = workflow.quiet_since(None, NOW - timedelta(days=2))
    assert since == NOW - timedelta(days=2)
    assert workflow.is_quiet(since, NOW, RULES)
    assert not workflow.is_quiet(NOW - timedelta(hours=23), NOW, RULES)
    assert workflow.door_quiet_key(7, since) == workflow.door_quiet_key(7, since)
    assert workflow.door_quiet_key(7, since) != workflow.door_quiet_key(7, NOW)
