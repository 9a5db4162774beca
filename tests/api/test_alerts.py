"""Elder care (issue 14) through the API: a signed device alarm becomes an alert the building
acknowledges and closes; a quiet door's alert left unacknowledged is escalated by the sweep and
reaches the community, never a sibling building; who reads and handles what."""

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import models
import resolvers.alerts.handling as handling
from models.workflows.alerts import AlertRules
from resolvers.alerts.raising import raise_alert
from resolvers.alerts.sweep import sweep_alerts
from tests.api.alerts_helpers import (
    elder_at,
    event_body,
    first_building,
    make_device,
    post_event,
)
from tests.helpers import Api, gid, postgres_only, sibling_of

RULES = AlertRules()
REGISTER = """
mutation R($input: RegisterDeviceInput!) {
  registerDevice(input: $input) {
    device { id uid kind status battery resident { id } building { id } }
    secret errors { code field message }
  }
}
"""
ALERTS = """
query A($filter: AlertFilter, $first: Int) {
  alerts(filter: $filter, first: $first) {
    totalCount
    edges { node { id kind kindLabel status statusLabel urgent raisedAt deadlineAt
      escalatedAt followUp note vitalSigns { heartRate }
      resident { id } device { id } node { id } acknowledgedBy { username } } }
  }
}
"""
DEVICES = """
query D($filter: DeviceFilter) {
  devices(filter: $filter, first: 50) {
    totalCount
    edges { node { id status battery lastSeenAt lastDoorActivityAt lastVitalSigns { heartRate } } }
  }
}
"""
ACKNOWLEDGE = """
mutation K($id: ID!) {
  acknowledgeAlert(id: $id) { alert { id status acknowledgedBy { username } }
    errors { code field message } }
}
"""
CLOSE = """
mutation C($id: ID!, $input: CloseAlertInput!) {
  closeAlert(id: $id, input: $input) { alert { id status followUp note closedBy { username } }
    errors { code field message } }
}
"""
NODE = "query N($id: ID!) { node(id: $id) { id } }"


async def register(
    api: Api, elder: models.Resident, kind: str = "HEALTH_WATCH", as_: str = "building1"
) -> dict[str, Any]:
    data = await api.gql(REGISTER, {"input": {"residentId": gid(elder), "kind": kind}}, as_=as_)
    payload: dict[str, Any] = data["registerDevice"]
    return payload


async def alert_ids(api: Api, user: str, filter: dict[str, Any] | None = None) -> set[str]:
    data = await api.gql(ALERTS, {"filter": filter, "first": 100}, as_=user)
    return {edge["node"]["id"] for edge in data["alerts"]["edges"]}


async def sibling_building_leader(building: models.OrgNode) -> models.OrgNode:
    """`building1b`: BUILDING_LEADER of the next building in building1's grid."""
    sibling = await sibling_of(building)
    template = await models.User.get(username="building1")
    user = await models.User.create(
        username="building1b", display_name="邻楼楼栋长", password_hash=template.password_hash
    )
    await models.RoleGrant.create(user=user, role=models.Role.BUILDING_LEADER, node=sibling)
    return sibling


async def test_a_signed_alarm_becomes_an_alert_the_building_acknowledges_and_closes(
    api: Api, client, demo
) -> None:
    # given: building1 registers a health watch to an elder living alone in their building
    building = await first_building()
    await sibling_building_leader(building)
    elder = await elder_at(building)
    registered = await register(api, elder)
    assert registered["errors"] == []
    device, secret = registered["device"], registered["secret"]
    assert len(secret) == 64
    assert device["status"] == "OFFLINE"
    assert device["resident"]["id"] == gid(elder)
    assert device["building"]["id"] == gid(building)
    # when: the watch posts a fall, signed with its secret
    body = event_body("ALARM", alarm="FALL", readings={"heartRate": 48, "battery": 77})
    response = await post_event(client, device["uid"], secret, body)
    # then: one alert at the elder's building, for the building and the grid to see
    assert response.status_code == 202, response.text
    data = await api.gql(ALERTS, {"filter": {"deviceId": device["id"]}}, as_="building1")
    [edge] = data["alerts"]["edges"]
    alert = edge["node"]
    assert (alert["kind"], alert["kindLabel"], alert["status"]) == ("FALL", "跌倒", "RAISED")
    assert alert["urgent"]
    assert alert["vitalSigns"] == {"heartRate": 48}
    assert alert["device"]["id"] == device["id"]
    assert alert["node"]["id"] == gid(building)
    raised = datetime.fromisoformat(alert["raisedAt"])
    assert datetime.fromisoformat(alert["deadlineAt"]) == raised + RULES.urgent_ack
    assert alert["id"] in await alert_ids(api, "grid1")
    assert alert["id"] in await alert_ids(api, "building1", {"residentId": gid(elder)})
    # not the community (it is not escalated), nor the next building, nor the other street
    for outsider in ("community1", "street1", "admin", "building1b", "building2", "grid2"):
        assert alert["id"] not in await alert_ids(api, outsider), outsider
    # and the watch's health is its last event's
    health = await api.gql(DEVICES, {"filter": {"residentId": gid(elder)}}, as_="building1")
    [watch] = [e["node"] for e in health["devices"]["edges"] if e["node"]["id"] == device["id"]]
    assert watch["status"] == "ONLINE"
    assert watch["battery"] == 77
    assert watch["lastSeenAt"]
    # when: building1 acknowledges it, then the grid closes it without a follow-up, then with one
    acked = (await api.gql(ACKNOWLEDGE, {"id": alert["id"]}, as_="building1"))["acknowledgeAlert"]
    no_follow_up = (
        await api.gql(CLOSE, {"id": alert["id"], "input": {"note": "已上门"}}, as_="grid1")
    )["closeAlert"]
    closing = {"followUp": "VISIT", "note": "已上门查看，老人无大碍"}
    closed = (await api.gql(CLOSE, {"id": alert["id"], "input": closing}, as_="grid1"))[
        "closeAlert"
    ]
    again = (await api.gql(ACKNOWLEDGE, {"id": alert["id"]}, as_="building1"))["acknowledgeAlert"]
    # then
    assert acked["errors"] == []
    assert acked["alert"]["status"] == "ACKNOWLEDGED"
    assert acked["alert"]["acknowledgedBy"]["username"] == "building1"
    assert [(e["code"], e["field"]) for e in no_follow_up["errors"]] == [("INVALID", "followUp")]
    assert closed["errors"] == []
    assert closed["alert"]["status"] == "CLOSED"
    assert closed["alert"]["followUp"] == "VISIT"
    assert closed["alert"]["closedBy"]["username"]
    assert [e["code"] for e in again["errors"]] == ["INVALID_TRANSITION"]
    operations = await models.AuditRecord.filter(
        operation__in=["registerDevice", "acknowledgeAlert", "closeAlert"]
    ).values_list("operation", "error_code")
    assert sorted(operations) == [
        ("acknowledgeAlert", None),
        ("closeAlert", None),
        ("registerDevice", None),
    ]


async def test_an_unacknowledged_door_alert_is_escalated_to_the_community_only(
    api: Api, client, demo
) -> None:
    # given: a door sensor whose door opened, then stayed shut past the quiet period
    building = await first_building()
    await sibling_building_leader(building)
    registered = await register(api, await elder_at(building), "DOOR_SENSOR")
    device, secret = registered["device"], registered["secret"]
    response = await post_event(client, device["uid"], secret, event_body("DOOR_OPENED"))
    assert response.status_code == 202, response.text
    row = await models.Device.get(uid=device["uid"])
    assert row.last_door_activity_at is not None
    quiet_from = row.last_door_activity_at
    # when: the sweep runs once the door has been quiet for a day
    await sweep_alerts(RULES, quiet_from + RULES.door_quiet)
    # then: one DOOR_NOT_OPENED alert, the building's and the grid's, not yet the community's
    [alert] = await models.Alert.filter(device__uid=device["uid"])
    alert_id = gid(alert)
    assert alert.kind is models.AlarmKind.DOOR_NOT_OPENED
    assert alert_id in await alert_ids(api, "building1")
    assert alert_id not in await alert_ids(api, "community1")
    # when: nobody acknowledges it by its deadline and the sweep runs again (twice)
    late = alert.deadline_at + timedelta(seconds=1)
    await sweep_alerts(RULES, late)
    assert (await sweep_alerts(RULES, late + timedelta(minutes=1))).escalated == 0
    escalated_row = await models.Alert.get(id=alert.id)
    assert escalated_row.status is models.AlertStatus.ESCALATED
    assert escalated_row.escalated_at == late
    # then: the community and the street see it, the building and grid still do; a sibling
    # building's leader and the other street never do, not even by id
    for insider in ("building1", "grid1", "community1", "street1", "admin", "auditor1"):
        assert alert_id in await alert_ids(api, insider), insider
    for outsider in ("building1b", "building2", "grid2", "community2", "street2", "resident1"):
        assert alert_id not in await alert_ids(api, outsider), outsider
        assert (await api.gql(NODE, {"id": alert_id}, as_=outsider))["node"] is None
    escalated = await api.gql(ALERTS, {"filter": {"escalated": True}}, as_="community1")
    assert alert_id in {e["node"]["id"] for e in escalated["alerts"]["edges"]}
    # and the community may now acknowledge it
    acked = (await api.gql(ACKNOWLEDGE, {"id": alert_id}, as_="community1"))["acknowledgeAlert"]
    assert acked["errors"] == []
    assert acked["alert"]["status"] == "ACKNOWLEDGED"


async def test_the_community_neither_reads_nor_handles_an_alert_before_escalation(
    api: Api, demo
) -> None:
    # given
    device, _ = await make_device(await first_building())
    alert = await raise_alert(device, models.AlarmKind.SOS, datetime.now(UTC), RULES)
    # when
    by_community = (await api.gql(ACKNOWLEDGE, {"id": gid(alert)}, as_="community1"))[
        "acknowledgeAlert"
    ]
    by_auditor = (await api.gql(ACKNOWLEDGE, {"id": gid(alert)}, as_="auditor1"))[
        "acknowledgeAlert"
    ]
    # then: the community looks at nothing; the auditor reads it but changes nothing
    assert [e["code"] for e in by_community["errors"]] == ["NOT_FOUND"]
    assert [e["code"] for e in by_auditor["errors"]] == ["FORBIDDEN"]
    assert (await models.Alert.get(id=alert.id)).status is models.AlertStatus.RAISED


async def test_an_alert_handled_meanwhile_is_conflict(api: Api, demo, monkeypatch) -> None:
    # given: the alert as building1 read it (RAISED), then grid1 acknowledged it first
    device, _ = await make_device(await first_building())
    alert = await raise_alert(device, models.AlarmKind.SOS, datetime.now(UTC), RULES)
    stale = await models.Alert.get(id=alert.id)
    ok = (await api.gql(ACKNOWLEDGE, {"id": gid(alert)}, as_="grid1"))["acknowledgeAlert"]
    assert ok["errors"] == []

    async def as_read(ctx: Any, pk: int, field: str = "id") -> models.Alert:
        return stale

    monkeypatch.setattr(handling, "alert_for", as_read)
    # when
    late = (await api.gql(ACKNOWLEDGE, {"id": gid(alert)}, as_="building1"))["acknowledgeAlert"]
    # then
    assert [e["code"] for e in late["errors"]] == ["CONFLICT"]
    row = await models.Alert.get(id=alert.id)
    assert row.acknowledged_by_id == (await models.User.get(username="grid1")).id


@postgres_only
async def test_two_acknowledgements_at_once_one_wins(api: Api, demo) -> None:
    # given
    device, _ = await make_device(await first_building())
    alert = await raise_alert(device, models.AlarmKind.FALL, datetime.now(UTC), RULES)
    await api.token("building1")
    await api.token("grid1")
    # when
    answers = await asyncio.gather(
        api.gql(ACKNOWLEDGE, {"id": gid(alert)}, as_="building1"),
        api.gql(ACKNOWLEDGE, {"id": gid(alert)}, as_="grid1"),
    )
    # then: one acknowledged it; the other heard CONFLICT (or, reading after, the new status)
    errors = [answer["acknowledgeAlert"]["errors"] for answer in answers]
    assert sorted(len(e) for e in errors) == [0, 1]
    assert [e[0]["code"] for e in errors if e] in (["CONFLICT"], ["INVALID_TRANSITION"])
    assert await models.AuditRecord.filter(operation="acknowledgeAlert").count() == 1


@pytest.mark.parametrize(
    ("closing", "field"),
    [
        ({"followUp": "CALL", "note": "   "}, "note"),
        ({"followUp": "CALL", "note": "x" * 1001}, "note"),
        ({"followUp": "CALL", "note": "bad\x00note"}, "note"),
        ({"note": "打过电话"}, "followUp"),
    ],
)
async def test_closing_without_a_follow_up_or_note_is_invalid_and_changes_nothing(
    api: Api, demo, closing: dict[str, str], field: str
) -> None:
    # given: an acknowledged alert
    device, _ = await make_device(await first_building())
    alert = await raise_alert(device, models.AlarmKind.SOS, datetime.now(UTC), RULES)
    await api.gql(ACKNOWLEDGE, {"id": gid(alert)}, as_="building1")
    # when
    answer = (await api.gql(CLOSE, {"id": gid(alert), "input": closing}, as_="building1"))[
        "closeAlert"
    ]
    # then
    assert [(e["code"], e["field"]) for e in answer["errors"]] == [("INVALID", field)]
    assert (await models.Alert.get(id=alert.id)).status is models.AlertStatus.ACKNOWLEDGED
    assert await models.AuditRecord.filter(operation="closeAlert").count() == 0


async def test_a_raised_alert_is_acknowledged_before_it_is_closed(api: Api, demo) -> None:
    device, _ = await make_device(await first_building())
    alert = await raise_alert(device, models.AlarmKind.SOS, datetime.now(UTC), RULES)
    closing = {"followUp": "FALSE_ALARM", "note": "误触"}
    answer = (await api.gql(CLOSE, {"id": gid(alert), "input": closing}, as_="building1"))[
        "closeAlert"
    ]
    assert [(e["code"], e["field"]) for e in answer["errors"]] == [("INVALID_TRANSITION", "id")]


async def test_a_moved_building_carries_its_devices_and_alerts(api: Api, demo) -> None:
    # given: a device and an alert at building1's building, which moves to the next grid
    from tests.api.test_org import MOVE

    building = await first_building()
    grids = await models.OrgNode.filter(
        parent_id=(await models.OrgNode.get(id=building.parent_id)).parent_id
    ).order_by("id")
    device, _ = await make_device(building)
    alert = await raise_alert(device, models.AlarmKind.SOS, datetime.now(UTC), RULES)
    # when
    moved = await api.gql(MOVE, {"id": gid(building), "to": gid(grids[1])}, as_="community1")
    # then: the copies follow; the new grid's leader reads the alert, the old one's no longer
    assert moved["moveOrgNode"]["errors"] == []
    new_path = f"{grids[1].path}{building.id}/"
    assert (await models.Device.get(id=device.id)).building_path == new_path
    assert (await models.Alert.get(id=alert.id)).node_path == new_path
    assert gid(alert) not in await alert_ids(api, "grid1")
    assert gid(alert) in await alert_ids(api, "building1")
