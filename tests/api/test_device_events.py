"""POST /devices/events (issue 14): every refusal (unsigned, wrongly signed, stale, replayed,
malformed, unknown or retired device, too large) answers 401/400/409/413, is logged, and records
nothing; a rotated secret replaces the old one at once."""

import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

import models
from resolvers.devices import signing
from resolvers.devices.events import MAX_EVENT_BYTES
from tests.api.alerts_helpers import (
    event_body,
    first_building,
    make_device,
    post_event,
    signed_headers,
)
from tests.helpers import Api, gid

ROTATE = """
mutation R($id: ID!) { rotateDeviceSecret(id: $id) { device { secretVersion } secret
  errors { code } } }
"""
RETIRE = "mutation T($id: ID!) { retireDevice(id: $id) { device { status } errors { code } } }"
ALARM = event_body("ALARM", alarm="SOS")


async def recorded() -> tuple[int, int, int]:
    """(alerts, remembered signatures, devices ever seen): what an accepted event changes."""
    return (
        await models.Alert.all().count(),
        await models.DeviceEventSeen.all().count(),
        await models.Device.filter(last_seen_at__isnull=False).count(),
    )


Send = Callable[[httpx.AsyncClient, models.Device, str], Awaitable[httpx.Response]]


def _with(headers: Callable[[models.Device, str], dict[str, str]], body: bytes = ALARM) -> Send:
    async def send(client: httpx.AsyncClient, device: models.Device, secret: str) -> Any:
        return await post_event(client, device.uid, secret, body, headers=headers(device, secret))

    return send


def _signed(body: bytes, skew: int = 0) -> Send:
    """Signed over `body`, stamped `skew` seconds away from the moment it is sent."""

    async def send(client: httpx.AsyncClient, device: models.Device, secret: str) -> Any:
        return await post_event(client, device.uid, secret, body, int(time.time()) + skew)

    return send


def _drop(name: str) -> Callable[[models.Device, str], dict[str, str]]:
    def headers(device: models.Device, secret: str) -> dict[str, str]:
        sent = signed_headers(device.uid, secret, ALARM)
        del sent[name]
        return sent

    return headers


def _changed(name: str, value: str) -> Callable[[models.Device, str], dict[str, str]]:
    def headers(device: models.Device, secret: str) -> dict[str, str]:
        return {**signed_headers(device.uid, secret, ALARM), name: value}

    return headers


def _other_body(device: models.Device, secret: str) -> dict[str, str]:
    """Signed over another body than the one sent."""
    return signed_headers(device.uid, secret, event_body("ALARM", alarm="FALL"))


def _other_secret(device: models.Device, secret: str) -> dict[str, str]:
    return signed_headers(device.uid, signing.new_salt() * 2, ALARM)


def _unknown_device(device: models.Device, secret: str) -> dict[str, str]:
    return signed_headers(signing.new_uid(), secret, ALARM)


REFUSALS: dict[str, tuple[Send, int]] = {
    "no signature": (_with(_drop("X-Signature")), 401),
    "no timestamp": (_with(_drop("X-Timestamp")), 401),
    "no device id": (_with(_drop("X-Device-Id")), 401),
    "signature not hex": (_with(_changed("X-Signature", "z" * 64)), 401),
    "timestamp not a number": (_with(_changed("X-Timestamp", "yesterday")), 401),
    "signed over another body": (_with(_other_body), 401),
    "another secret": (_with(_other_secret), 401),
    "unknown device": (_with(_unknown_device), 401),
    "six minutes old": (_signed(ALARM, -360), 401),
    "six minutes ahead": (_signed(ALARM, 360), 401),
    "not JSON": (_signed(b"{kind: ALARM"), 400),
    "not UTF-8": (_signed(b'{"kind": "\xff"}'), 400),
    "a list": (_signed(b"[]"), 400),
    "unknown kind": (_signed(event_body("EXPLODED")), 400),
    "unknown alarm": (_signed(event_body("ALARM", alarm="BORED")), 400),
    "an alarm a device never sends": (_signed(event_body("ALARM", alarm="DOOR_NOT_OPENED")), 400),
    "a door opening from a watch": (_signed(event_body("DOOR_OPENED")), 400),
    "smoke from a watch": (_signed(event_body("ALARM", alarm="SMOKE")), 400),
    "an unknown reading": (_signed(event_body("READING", readings={"mood": 3})), 400),
    "a reading out of range": (_signed(event_body("READING", readings={"battery": 101})), 400),
    "a reading not a number": (_signed(event_body("READING", readings={"battery": "9"})), 400),
    "an extra field": (_signed(event_body("HEARTBEAT", secret="x")), 400),
    "too large": (_signed(event_body("HEARTBEAT", pad=" " * MAX_EVENT_BYTES)), 413),
}


@pytest.mark.parametrize("case", list(REFUSALS))
async def test_a_refused_event_records_nothing(
    client: httpx.AsyncClient, demo, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    # given: a health watch of an elder at building1
    device, secret = await make_device(await first_building())
    send, status = REFUSALS[case]
    before = await recorded()
    # when
    with caplog.at_level(logging.INFO, logger="loudong.devices"):
        response = await send(client, device, secret)
    # then
    assert response.status_code == status, response.text
    assert await recorded() == before
    assert any("device event refused" in r.getMessage() for r in caplog.records)
    assert secret not in caplog.text


async def test_an_unknown_device_answers_exactly_as_a_bad_signature(client, demo) -> None:
    device, secret = await make_device(await first_building())
    unknown = await _with(_unknown_device)(client, device, secret)
    forged = await _with(_other_secret)(client, device, secret)
    assert (unknown.status_code, unknown.json()) == (forged.status_code, forged.json())
    assert unknown.json() == {"error": "unauthorized"}


async def test_a_replayed_event_is_refused_and_records_nothing_more(client, demo) -> None:
    # given: an alarm accepted once
    device, secret = await make_device(await first_building())
    headers = signed_headers(device.uid, secret, ALARM)
    first = await post_event(client, device.uid, secret, ALARM, headers=headers)
    assert first.status_code == 202, first.text
    after_first = await recorded()
    # when: the same signed request comes again
    again = await post_event(client, device.uid, secret, ALARM, headers=headers)
    # then
    assert again.status_code == 409
    assert await recorded() == after_first
    assert await models.Alert.filter(device_id=device.id).count() == 1


async def test_readings_and_heartbeats_update_health_and_raise_nothing(client, demo) -> None:
    device, secret = await make_device(await first_building())
    reading = event_body("READING", readings={"battery": 15, "heartRate": 72, "bloodOxygen": 97})
    for body in (reading, event_body("HEARTBEAT")):
        response = await post_event(client, device.uid, secret, body)
        assert response.status_code == 202, response.text
    row = await models.Device.get(id=device.id)
    assert row.battery == 15
    assert row.last_reading == {"heartRate": 72, "bloodOxygen": 97}
    assert row.last_seen_at is not None
    assert await models.Alert.filter(device_id=device.id).count() == 0


async def test_a_rotated_secret_replaces_the_old_one_and_a_retired_device_is_refused(
    api: Api, client, demo
) -> None:
    # given
    device, old = await make_device(await first_building())
    # when
    rotated = (await api.gql(ROTATE, {"id": gid(device)}, as_="building1"))["rotateDeviceSecret"]
    new = rotated["secret"]
    # then
    assert rotated["errors"] == []
    assert rotated["device"]["secretVersion"] == 2
    assert new != old
    heartbeat = event_body("HEARTBEAT")
    assert (await post_event(client, device.uid, old, heartbeat)).status_code == 401
    assert (await post_event(client, device.uid, new, heartbeat)).status_code == 202
    # when: retired, its events are refused as a stranger's, and it cannot be rotated
    retired = (await api.gql(RETIRE, {"id": gid(device)}, as_="grid1"))["retireDevice"]
    assert retired["errors"] == []
    assert retired["device"]["status"] == "RETIRED"
    assert (await post_event(client, device.uid, new, heartbeat)).status_code == 401
    again = (await api.gql(ROTATE, {"id": gid(device)}, as_="building1"))["rotateDeviceSecret"]
    assert [e["code"] for e in again["errors"]] == ["CONFLICT"]
    twice = (await api.gql(RETIRE, {"id": gid(device)}, as_="grid1"))["retireDevice"]
    assert [e["code"] for e in twice["errors"]] == ["CONFLICT"]


async def test_the_secret_is_never_stored(api: Api, demo) -> None:
    # given
    device, secret = await make_device(await first_building())
    # when
    rotated = (await api.gql(ROTATE, {"id": gid(device)}, as_="building1"))["rotateDeviceSecret"]
    # then: neither the device's row nor the audit record holds it
    row = await models.Device.get(id=device.id)
    values = json.dumps(await models.Device.filter(id=device.id).values(), default=str)
    assert rotated["secret"] not in values
    assert secret not in values
    assert row.secret_salt not in rotated["secret"]
    [record] = await models.AuditRecord.filter(operation="rotateDeviceSecret")
    assert rotated["secret"] not in record.changes
    assert row.secret_salt not in record.changes
