"""Fixes of the issue-14 review: a moved elder's devices and open alerts follow them; devices of
residents who are no longer elders living alone are retired; identical alarms are merged."""

from datetime import UTC, datetime, timedelta

import models
from tests.api.alerts_helpers import first_building, make_device
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
