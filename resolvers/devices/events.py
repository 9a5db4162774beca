"""POST /devices/events: a device gateway's signed event (app/devices.py reads the request).

Headers: `X-Device-Id` (the device's uid), `X-Timestamp` (Unix seconds) and `X-Signature`
(hex HMAC-SHA256 of "<timestamp>.<raw body>" under the device's secret). The checks run cheapest
first, and only a request passing all of them writes anything:

1. headers present and well formed, timestamp within five minutes of now: else 401;
2. the body a well-formed event (models/workflows/alerts.py `parse_event`): else 400;
3. one read of the device by uid, and its signature compared in constant time: an unknown or
   retired device answers exactly as a wrong signature (401), after the same HMAC work;
4. the event one its kind of device sends: else 400;
5. its signature recorded under a unique index, in the transaction of its effects: the same
   signed request again, to this process or another, is 409 and changes nothing;
6. an alarm while the device's alert of that kind is still open is merged into it (202,
   `"alert": "merged"`, the device's last seen updated, no second alert).

Every refusal is logged (reason and status, never a header's or the body's value).
"""

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

import models
from models.workflows import alerts as workflow
from resolvers.alerts.raising import DeviceRetired, raise_or_merge
from resolvers.context import Services
from resolvers.devices import signing
from resolvers.live.events import publishing

log = logging.getLogger("loudong.devices")

DEVICE_HEADER = "x-device-id"
TIMESTAMP_HEADER = "x-timestamp"
SIGNATURE_HEADER = "x-signature"
# An event is a few hundred bytes; anything longer is refused before it is read whole.
MAX_EVENT_BYTES = 4_096
_UID = re.compile(r"[A-Za-z0-9-]{1,40}")
_SIGNATURE = re.compile(r"[0-9a-f]{64}")
_TIMESTAMP = re.compile(r"[0-9]{1,11}")
# Checked against when the uid names no device, so an unknown id costs the same HMAC work.
_NO_SALT = "0" * 32


class DeviceRefused(Exception):
    """Raised inside the event's transaction to undo it: the device was retired meanwhile."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any] = field(default_factory=dict)


MESSAGES = {
    400: "malformed event",
    401: "unauthorized",
    409: "replayed",
    413: "event too large",
}


def refused(status: int, reason: str, device_id: int | None = None) -> Answer:
    """A refusal: logged with its reason (and the device's row id once authenticated)."""
    log.warning(
        "device event refused: %s (%d)",
        reason,
        status,
        extra={"code": reason, "device_id": device_id},
    )
    return Answer(status, {"error": MESSAGES[status]})


def _sent_at(headers: Mapping[str, str]) -> tuple[str, str, str, datetime] | None:
    uid = headers.get(DEVICE_HEADER, "")
    stamp = headers.get(TIMESTAMP_HEADER, "")
    given = headers.get(SIGNATURE_HEADER, "")
    if not (_UID.fullmatch(uid) and _TIMESTAMP.fullmatch(stamp) and _SIGNATURE.fullmatch(given)):
        return None
    return uid, stamp, given, datetime.fromtimestamp(int(stamp), UTC)


async def receive(
    services: Services, headers: Mapping[str, str], body: bytes, now: datetime
) -> Answer:
    """Check one signed event and record it; the answer's status says how it went."""
    parsed = _sent_at(headers)
    if parsed is None:
        return refused(401, "unsigned")
    uid, stamp, given, sent_at = parsed
    if not workflow.is_fresh(sent_at, now):
        return refused(401, "stale")
    if len(body) > MAX_EVENT_BYTES:
        return refused(413, "too_large")
    try:
        event = workflow.parse_event(body)
    except workflow.EventRefused as error:
        return refused(400, error.reason)
    device = await models.Device.get_or_none(uid=uid)
    salt = device.secret_salt if device is not None else _NO_SALT
    expected = signing.signature(signing.device_secret(services.secret, uid, salt), stamp, body)
    if not signing.matches(expected, given) or device is None or device.retired_at is not None:
        return refused(401, "bad_signature")
    try:
        workflow.check_event_for(device.kind, event)
    except workflow.EventRefused as error:
        return refused(400, error.reason, device.id)
    try:
        # The alert reaches the live consoles once the transaction has committed.
        async with publishing(services.live), in_transaction():
            await models.DeviceEventSeen.create(signature=given, device_id=device.id, seen_at=now)
            alert = await _record(device, event, min(sent_at, now), now, services.alert_rules)
    except IntegrityError:
        return refused(409, "replayed", device.id)
    except (DeviceRefused, DeviceRetired):
        return refused(401, "bad_signature", device.id)
    answer: dict[str, Any] = {"status": "accepted"}
    if alert is not None:
        # "merged": an alert of this kind of this device was open already; none was added.
        answer["alert"] = "merged" if alert[1] else "raised"
    return Answer(202, answer)


async def _record(
    device: models.Device,
    event: workflow.DeviceEvent,
    happened_at: datetime,
    now: datetime,
    rules: workflow.AlertRules,
) -> tuple[models.Alert, bool] | None:
    """The event's effects: the device's health, its door's last opening, and an alarm's alert."""
    changes: dict[str, Any] = {"last_seen_at": now}
    readings = dict(event.readings)
    battery = readings.pop("battery", None)
    if battery is not None:
        changes["battery"] = battery
    if readings:
        changes["last_reading"] = readings
    if event.kind is workflow.EventKind.DOOR_OPENED:
        changes["last_door_activity_at"] = happened_at
    # Conditional: a device retired since it was read records nothing.
    updated = await models.Device.filter(id=device.id, retired_at__isnull=True).update(**changes)
    if not updated:
        raise DeviceRefused
    if event.alarm is None:
        return None
    return await raise_or_merge(device, event.alarm, now, rules, details=readings or None)
