"""Elder care's core (issue 14): an alarm raises one alert at the elder's building with its
kind's deadline, the sweep escalates it once past the deadline, and a quiet door raises one
alert per quiet period, however often (and by however many processes) it is swept."""

import asyncio
from datetime import UTC, datetime, timedelta

import models
from models.workflows.alerts import AlertRules
from resolvers.alerts.raising import raise_alert
from resolvers.alerts.sweep import sweep_alerts
from tests.api.alerts_helpers import first_building, make_device
from tests.helpers import postgres_only

RULES = AlertRules()


async def test_an_alarm_raises_an_alert_at_the_elders_building(demo: dict[str, int]) -> None:
    # given
    building = await first_building()
    device, _ = await make_device(building)
    now = datetime.now(UTC)
    # when
    alert = await raise_alert(device, models.AlarmKind.SOS, now, RULES)
    # then
    row = await models.Alert.get(id=alert.id)
    assert row.status is models.AlertStatus.RAISED
    assert (row.node_id, row.node_path) == (building.id, building.path)
    assert row.resident_id == device.resident_id
    assert row.deadline_at == now + RULES.urgent_ack


async def test_the_sweep_escalates_an_unacknowledged_alert_once(demo: dict[str, int]) -> None:
    # given
    device, _ = await make_device(await first_building())
    raised = datetime.now(UTC)
    alert = await raise_alert(device, models.AlarmKind.ABNORMAL_VITALS, raised, RULES)
    # when: a sweep before the deadline leaves it, one at the deadline escalates it (and the
    # demo's overdue alerts), a later one escalates nothing more
    await sweep_alerts(RULES, raised + RULES.ack - timedelta(seconds=1))
    before = await models.Alert.get(id=alert.id)
    await sweep_alerts(RULES, raised + RULES.ack)
    again = await sweep_alerts(RULES, raised + RULES.ack + timedelta(minutes=5))
    # then
    assert before.status is models.AlertStatus.RAISED
    row = await models.Alert.get(id=alert.id)
    assert row.status is models.AlertStatus.ESCALATED
    assert row.escalated_at == raised + RULES.ack
    assert again.escalated == 0


async def test_a_quiet_door_raises_one_alert_per_quiet_period(demo: dict[str, int]) -> None:
    # given: a door sensor whose door opened 25 hours ago
    device, _ = await make_device(await first_building(), models.DeviceKind.DOOR_SENSOR)
    now = datetime.now(UTC)
    await models.Device.filter(id=device.id).update(last_door_activity_at=now - timedelta(hours=25))
    # when
    await sweep_alerts(RULES, now)
    await sweep_alerts(RULES, now + timedelta(hours=1))
    # then: one alert, and nothing more from the second sweep
    alerts = await models.Alert.filter(device_id=device.id)
    assert [a.kind for a in alerts] == [models.AlarmKind.DOOR_NOT_OPENED]
    # when the door opens and stays shut for another quiet period: one more
    await models.Device.filter(id=device.id).update(last_door_activity_at=now)
    await sweep_alerts(RULES, now + timedelta(hours=2))
    assert await models.Alert.filter(device_id=device.id).count() == 1
    await sweep_alerts(RULES, now + timedelta(hours=24))
    assert await models.Alert.filter(device_id=device.id).count() == 2


@postgres_only
async def test_sweeps_at_once_escalate_and_raise_once(demo: dict[str, int]) -> None:
    # given
    building = await first_building()
    device, _ = await make_device(building)
    door, _ = await make_device(building, models.DeviceKind.DOOR_SENSOR)
    now = datetime.now(UTC)
    await models.Device.filter(id=door.id).update(last_door_activity_at=now - timedelta(days=2))
    await raise_alert(device, models.AlarmKind.FALL, now - timedelta(hours=1), RULES)
    overdue = await models.Alert.filter(
        status=models.AlertStatus.RAISED, deadline_at__lte=now
    ).count()
    # when: four sweeps at once, as four server processes would
    swept = await asyncio.gather(*(sweep_alerts(RULES, now) for _ in range(4)))
    # then: each overdue alert escalated once, each quiet door raised once
    assert sum(s.escalated for s in swept) == overdue
    raised = await models.Alert.filter(kind=models.AlarmKind.DOOR_NOT_OPENED, raised_at=now)
    assert sum(s.doors_raised for s in swept) == len(raised)
    assert await models.Alert.filter(device_id=door.id).count() == 1
