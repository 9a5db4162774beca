"""The alerts' download (告警台账, issue 14) and the demo seed's elder care."""

from datetime import UTC, datetime

import models
from models.workflows.alerts import AlertRules
from resolvers.alerts.raising import raise_alert
from tests.api.alerts_helpers import first_building, make_device
from tests.api.test_exports import csv_rows, get
from tests.helpers import Api, gid


async def test_the_alerts_export_is_scoped_and_neutralises_formulas(api: Api, demo, client):
    # given: a closed alert whose note starts like a formula, at building1's building
    building = await first_building()
    device, _ = await make_device(building)
    alert = await raise_alert(device, models.AlarmKind.SOS, datetime.now(UTC), AlertRules())
    await models.Alert.filter(id=alert.id).update(
        status=models.AlertStatus.CLOSED, follow_up=models.FollowUpKind.CALL, note="=HYPERLINK(1)"
    )
    # when
    response = await get(client, api, "/exports/alerts.csv", "building1", status="CLOSED")
    rows = csv_rows(response)
    # then: the header, only closed alerts, the formula neutralised
    assert response.status_code == 200
    assert rows[0][:3] == ["告警类型", "状态", "楼栋"]
    assert all(row[1] == "已办结" for row in rows[1:])
    assert "'=HYPERLINK(1)" in {row[-1] for row in rows}
    # a node out of scope is NOT_FOUND; the community reads only escalated alerts
    outside = await get(client, api, "/exports/alerts.csv", "building2", nodeId=gid(building))
    assert outside.status_code == 404
    community = csv_rows(await get(client, api, "/exports/alerts.csv", "community1"))
    assert "'=HYPERLINK(1)" not in {row[-1] for row in community}
    wrong = await get(client, api, "/exports/alerts.csv", "building1", status="LOST")
    assert wrong.status_code == 400
    xlsx = await get(client, api, "/exports/alerts.xlsx", "grid1")
    assert xlsx.status_code == 200


async def test_the_seed_holds_devices_and_alerts_in_every_status(demo):
    kinds = {row["kind"] for row in await models.Device.all().values("kind")}
    assert kinds == set(models.DeviceKind)
    statuses = {row["status"] for row in await models.Alert.all().values("status")}
    assert statuses == set(models.AlertStatus)
    # every device is an elder's living alone, at their building
    for device in await models.Device.all().prefetch_related("resident__household"):
        assert device.building_id == device.resident.household.building_id
        assert await models.ResidentTagLink.exists(
            resident_id=device.resident_id, tag=models.ResidentTag.ELDER_LIVING_ALONE
        )
    # the community of community1 reads some escalated alerts
    assert await models.Alert.filter(escalated_at__isnull=False).count() >= 8
