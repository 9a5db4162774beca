"""Fixes of the issue-14 review: a moved elder's devices and open alerts follow them; devices of
residents who are no longer elders living alone are retired; identical alarms are merged."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

import models
from models.workflows import alerts as workflow
from resolvers.alerts.raising import DeviceRetired, raise_alert
from resolvers.alerts.sweep import escalate_overdue
from resolvers.live.bus import Bus
from resolvers.live.events import Topic, collecting
from tests.api.alerts_helpers import event_body, first_building, make_device, post_event
from tests.helpers import Api, gid

MOVE = """
mutation M($id: ID!, $household: ID!) {
  moveResident(id: $id, householdId: $household) { resident { id } errors { code field message } }
}
"""


async def _alert(device: models.Device, status: models.AlertStatus) -> models.Alert:
    now = datetime.now(UTC)
    return await models.Alert.create(
        kind=models.AlarmKind.SOS, status=status, device_id=device.id,
        resident_id=device.resident_id, node_id=device.building_id,
        node_path=device.building_path, raised_at=now, deadline_at=now + timedelta(minutes=5),
        closed_at=now if status is models.AlertStatus.CLOSED else None,
    )  # fmt: skip


async def test_open_alerts_and_devices_follow_a_moved_elder_closed_ones_stay(
    api: Api, demo
) -> None:
    old = await first_building(0)
    new = await first_building(1)
    device, _ = await make_device(old)
    still_open = await _alert(device, models.AlertStatus.ACKNOWLEDGED)
    closed = await _alert(device, models.AlertStatus.CLOSED)
    target = await models.Household.filter(building_id=new.id, active=True).first()
    assert target is not None
    elder = await models.Resident.get(id=device.resident_id)
    moved = await api.gql(MOVE, {"id": gid(elder), "household": gid(target)}, as_="admin")
    assert moved["moveResident"]["errors"] == []
    device = await models.Device.get(id=device.id)
    assert (device.building_id, device.building_path) == (new.id, new.path)
    still_open = await models.Alert.get(id=still_open.id)
    assert (still_open.node_id, still_open.node_path) == (new.id, new.path)
    closed = await models.Alert.get(id=closed.id)
    assert (closed.node_id, closed.node_path) == (old.id, old.path)  # history stays where it was


DEACTIVATE_RESIDENT = """
mutation D($id: ID!) { deactivateResident(id: $id) { errors { code } } }
"""
DEACTIVATE_HOUSEHOLD = """
mutation D($id: ID!) { deactivateHousehold(id: $id) { errors { code } } }
"""
UNTAG = """
mutation U($id: ID!) { updateResident(id: $id, input: {tags: []}) { errors { code } } }
"""


@pytest.mark.parametrize("change", ["resident", "household", "tag"])
async def test_an_elder_no_longer_watched_has_their_devices_retired(
    api: Api, client, demo, change: str
) -> None:
    device, secret = await make_device(await first_building(0))
    elder = await models.Resident.get(id=device.resident_id).select_related("household")
    if change == "resident":
        body = await api.gql(DEACTIVATE_RESIDENT, {"id": gid(elder)}, as_="admin")
        assert body["deactivateResident"]["errors"] == []
    elif change == "household":
        body = await api.gql(DEACTIVATE_HOUSEHOLD, {"id": gid(elder.household)}, as_="admin")
        assert body["deactivateHousehold"]["errors"] == []
    else:
        body = await api.gql(UNTAG, {"id": gid(elder)}, as_="admin")
        assert body["updateResident"]["errors"] == []
    assert (await models.Device.get(id=device.id)).retired_at is not None
    response = await post_event(client, device.uid, secret, event_body("ALARM", alarm="SOS"))
    assert response.status_code == 401
    assert not await models.Alert.exists(device_id=device.id)


async def test_a_tag_change_keeping_the_elder_tag_keeps_the_devices(api: Api, demo) -> None:
    device, _ = await make_device(await first_building(0))
    elder = await models.Resident.get(id=device.resident_id)
    keep = """
    mutation U($id: ID!) {
      updateResident(id: $id, input: {tags: [ELDER_LIVING_ALONE]}) { errors { code } } }
    """
    body = await api.gql(keep, {"id": gid(elder)}, as_="admin")
    assert body["updateResident"]["errors"] == []
    assert (await models.Device.get(id=device.id)).retired_at is None


async def test_raise_alert_refuses_a_retired_device(demo) -> None:
    device, _ = await make_device(await first_building(0))
    await models.Device.filter(id=device.id).update(retired_at=datetime.now(UTC))
    with pytest.raises(DeviceRetired):
        await raise_alert(device, models.AlarmKind.SOS, datetime.now(UTC), workflow.AlertRules())
    assert not await models.Alert.exists(device_id=device.id)


async def test_identical_alarms_of_one_device_merge_while_the_alert_is_open(client, demo) -> None:
    device, secret = await make_device(await first_building(0))
    bodies = [event_body("ALARM", alarm="SOS", readings={"heartRate": 60 + n}) for n in range(5)]
    answers = [await post_event(client, device.uid, secret, body) for body in bodies]
    assert [a.status_code for a in answers] == [202] * 5
    assert [a.json().get("alert") for a in answers] == ["raised"] + ["merged"] * 4
    assert await models.Alert.filter(device_id=device.id).count() == 1
    # Another kind is another alert; once the first is closed, a new SOS raises again.
    fall = await post_event(client, device.uid, secret, event_body("ALARM", alarm="FALL"))
    assert fall.json()["alert"] == "raised"
    await models.Alert.filter(device_id=device.id, kind=models.AlarmKind.SOS).update(
        status=models.AlertStatus.CLOSED, closed_at=datetime.now(UTC)
    )
    again = await post_event(client, device.uid, secret, event_body("ALARM", alarm="SOS"))
    assert again.json()["alert"] == "raised"
    assert await models.Alert.filter(device_id=device.id).count() == 3


async def test_identical_alarms_at_once_raise_one_alert(client, demo) -> None:
    device, secret = await make_device(await first_building(0))
    bodies = [event_body("ALARM", alarm="SOS", readings={"heartRate": 60 + n}) for n in range(4)]
    answers = await asyncio.gather(*(post_event(client, device.uid, secret, b) for b in bodies))
    assert sorted(a.json().get("alert") for a in answers) == ["merged"] * 3 + ["raised"]
    assert await models.Alert.filter(device_id=device.id).count() == 1


async def test_the_sweep_announces_exactly_the_alerts_it_escalated(demo) -> None:
    device, _ = await make_device(await first_building(0))
    now = datetime.now(UTC)
    overdue = await _alert(device, models.AlertStatus.RAISED)
    await models.Alert.filter(id=overdue.id).update(deadline_at=now - timedelta(minutes=1))
    # Escalated by another process's sweep stamping the very same moment: not ours to announce.
    theirs = await _alert(device, models.AlertStatus.ESCALATED)
    await models.Alert.filter(id=theirs.id).update(escalated_at=now)
    rows: list[int] = await models.Alert.filter(  # type: ignore[assignment]
        status=models.AlertStatus.RAISED, deadline_at__lte=now
    ).values_list("id", flat=True)
    due: set[int] = set(rows)  # ours, and the demo's overdue ones
    with collecting(Bus()) as batch:
        assert await escalate_overdue(now) == len(due)
    assert {e.object_id for e in batch.events} == due
    assert overdue.id in due
    assert theirs.id not in due
    assert {e.topic for e in batch.events} == {Topic.ALERT}
    assert (await models.Alert.get(id=overdue.id)).status is models.AlertStatus.ESCALATED
    with collecting(Bus()) as batch:
        assert await escalate_overdue(now) == 0
    assert batch.events == []


async def test_a_linked_residents_role_moves_with_them(api: Api, demo) -> None:
    linked = await models.Resident.get(user__username="resident1").select_related("household")
    old = linked.household.building_id
    target = (
        await models.Household.filter(active=True).exclude(building_id=old).order_by("id").first()
    )
    assert target is not None
    moved = await api.gql(MOVE, {"id": gid(linked), "household": gid(target)}, as_="admin")
    assert moved["moveResident"]["errors"] == []
    rows: list[int] = await models.RoleGrant.filter(  # type: ignore[assignment]
        user_id=linked.user_id, revoked_at__isnull=True
    ).values_list("node_id", flat=True)
    held: set[int] = set(rows)
    assert old not in held
    assert target.building_id in held
