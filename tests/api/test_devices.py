"""Devices of elders living alone (issue 14): who registers, reads and changes them (a sibling
subtree's look missing), bad input as UserErrors with nothing written, the health filters."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import models
from tests.api.alerts_helpers import elder_at, first_building, make_device
from tests.api.test_alerts import REGISTER, sibling_building_leader
from tests.helpers import Api, gid

DEVICE = "query D($id: ID!) { device(id: $id) { id uid } node(id: $id) { id } }"
DEVICES = """
query L($filter: DeviceFilter, $order: DeviceOrder) {
  devices(filter: $filter, first: 100, orderBy: $order) {
    totalCount edges { node { id status battery } }
  }
}
"""
ROTATE = "mutation R($id: ID!) { rotateDeviceSecret(id: $id) { secret errors { code field } } }"
RETIRE = "mutation T($id: ID!) { retireDevice(id: $id) { device { id } errors { code field } } }"


async def listed(api: Api, user: str, filter: dict[str, Any] | None = None) -> set[str]:
    data = await api.gql(DEVICES, {"filter": filter}, as_=user)
    return {edge["node"]["id"] for edge in data["devices"]["edges"]}


async def test_a_sibling_subtrees_devices_look_missing(api: Api, demo) -> None:
    # given: a device at building1's building, and a leader of the next building
    building = await first_building()
    await sibling_building_leader(building)
    devices = await models.Device.all().count()
    device, _ = await make_device(building)
    device_id = gid(device)
    elder = await elder_at(building)
    # then: those in scope read it
    for insider in ("building1", "grid1", "community1", "street1", "admin", "auditor1"):
        assert device_id in await listed(api, insider), insider
        assert (await api.gql(DEVICE, {"id": device_id}, as_=insider))["device"] is not None
    # and nobody else reads, rotates, retires it or registers to its elder: all NOT_FOUND
    for outsider in ("building1b", "building2", "grid2", "community2", "street2"):
        assert device_id not in await listed(api, outsider), outsider
        seen = await api.gql(DEVICE, {"id": device_id}, as_=outsider)
        assert seen == {"device": None, "node": None}, outsider
        for mutation, name in ((ROTATE, "rotateDeviceSecret"), (RETIRE, "retireDevice")):
            answer = (await api.gql(mutation, {"id": device_id}, as_=outsider))[name]
            assert [e["code"] for e in answer["errors"]] == ["NOT_FOUND"], (outsider, name)
        new = {"residentId": gid(elder), "kind": "SMOKE_DETECTOR"}
        registered = (await api.gql(REGISTER, {"input": new}, as_=outsider))["registerDevice"]
        assert [e["code"] for e in registered["errors"]] == ["NOT_FOUND"], outsider
    assert await models.Device.all().count() == devices + 1
    assert (await models.Device.get(id=device.id)).secret_version == 1


async def test_who_may_not_manage_devices_is_forbidden_before_anything_is_read(
    api: Api, demo
) -> None:
    elder = await elder_at(await first_building())
    new = {"residentId": gid(elder), "kind": "HEALTH_WATCH"}
    devices = await models.Device.all().count()
    for user in ("auditor1", "volunteer1", "household1", "resident1"):
        answer = (await api.gql(REGISTER, {"input": new}, as_=user))["registerDevice"]
        assert [e["code"] for e in answer["errors"]] == ["FORBIDDEN"], user
    assert await models.Device.all().count() == devices


async def _not_elder(building: models.OrgNode) -> dict[str, Any]:
    other = (
        await models.Resident.filter(household__building_id=building.id, active=True)
        .exclude(tags__tag=models.ResidentTag.ELDER_LIVING_ALONE)
        .order_by("id")
        .first()
    )
    assert other is not None
    return {"residentId": gid(other), "kind": "HEALTH_WATCH"}


async def _elder(building: models.OrgNode, **extra: Any) -> dict[str, Any]:
    return {"residentId": gid(await elder_at(building)), "kind": "HEALTH_WATCH", **extra}


@pytest.mark.parametrize(
    ("case", "field", "code"),
    [
        ("not an elder living alone", "residentId", "INVALID"),
        ("a label too long", "label", "INVALID"),
        ("a label with a control character", "label", "INVALID"),
        ("not a resident's id", "residentId", "INVALID"),
    ],
)
async def test_bad_registrations_are_user_errors_and_write_nothing(
    api: Api, demo, case: str, field: str, code: str
) -> None:
    # given
    building = await first_building()
    inputs = {
        "not an elder living alone": lambda: _not_elder(building),
        "a label too long": lambda: _elder(building, label="门" * 101),
        "a label with a control character": lambda: _elder(building, label="卧室\x07门磁"),
        "not a resident's id": lambda: _elder(building, residentId=gid(building)),
    }
    new = await inputs[case]()
    await api.token("building1")  # signing in is audited too
    audits, devices = await models.AuditRecord.all().count(), await models.Device.all().count()
    # when
    answer = (await api.gql(REGISTER, {"input": new}, as_="building1"))["registerDevice"]
    # then
    assert [(e["code"], e["field"]) for e in answer["errors"]] == [(code, field)], answer
    assert (answer["device"], answer["secret"]) == (None, None)
    assert await models.Device.all().count() == devices
    assert await models.AuditRecord.all().count() == audits


async def test_the_health_filters(api: Api, demo) -> None:
    # given: one watch seen a minute ago on a low battery, one door sensor never seen, one retired
    building = await first_building()
    online, _ = await make_device(building)
    silent, _ = await make_device(building, models.DeviceKind.DOOR_SENSOR)
    retired, _ = await make_device(building, models.DeviceKind.SMOKE_DETECTOR)
    now = datetime.now(UTC)
    await models.Device.filter(id=online.id).update(
        last_seen_at=now - timedelta(minutes=1), battery=10
    )
    await models.Device.filter(id=retired.id).update(retired_at=now)
    mine = {gid(online), gid(silent), gid(retired)}
    # then (among the demo's devices there)
    by_status = {
        status: await listed(api, "building1", {"status": [status]}) & mine
        for status in ("ONLINE", "OFFLINE", "RETIRED")
    }
    assert by_status == {
        "ONLINE": {gid(online)},
        "OFFLINE": {gid(silent)},
        "RETIRED": {gid(retired)},
    }
    assert await listed(api, "building1", {"lowBattery": True}) & mine == {gid(online)}
    assert await listed(api, "building1", {"kind": ["DOOR_SENSOR"]}) & mine == {gid(silent)}
    assert await listed(api, "building1", {"nodeId": gid(building)}) >= mine
    data = await api.gql(DEVICES, {"order": "ID"}, as_="building1")
    assert [e["node"]["status"] for e in data["devices"]["edges"] if e["node"]["id"] in mine] == [
        "ONLINE",
        "OFFLINE",
        "RETIRED",
    ]
