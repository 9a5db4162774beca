"""Elder care's test helpers (issue 14): an elder living alone at a demo building, a device
registered to them straight in the database, and a signed POST /devices/events."""

import json
import time
from typing import Any

import httpx

import models
from resolvers.devices import signing
from tests.helpers import first_node_of, node_named

SECRET = "test-secret-that-is-long-enough-for-hs256-keys"  # tests/conftest.py `settings`


async def elder_at(building: models.OrgNode) -> models.Resident:
    """An active resident of `building` tagged ELDER_LIVING_ALONE (tagged here if none is)."""
    elder = (
        await models.Resident.filter(
            household__building_id=building.id,
            active=True,
            tags__tag=models.ResidentTag.ELDER_LIVING_ALONE,
        )
        .order_by("id")
        .first()
    )
    if elder is None:
        elder = (
            await models.Resident.filter(household__building_id=building.id, active=True)
            .order_by("id")
            .first()
        )
        assert elder is not None, building
        await models.ResidentTagLink.create(
            resident_id=elder.id, tag=models.ResidentTag.ELDER_LIVING_ALONE
        )
    return elder


async def first_building(street_index: int = 0) -> models.OrgNode:
    """The first building of the demo's street (building1's for street 0)."""
    street = await node_named(models.OrgLevel.STREET, street_index)
    return await first_node_of(models.OrgLevel.BUILDING, street)


async def make_device(
    building: models.OrgNode, kind: models.DeviceKind = models.DeviceKind.HEALTH_WATCH
) -> tuple[models.Device, str]:
    """A device of an elder at `building`, and its secret."""
    elder = await elder_at(building)
    uid, salt = signing.new_uid(), signing.new_salt()
    device = await models.Device.create(
        uid=uid, kind=kind, resident_id=elder.id, building_id=building.id,
        building_path=building.path, secret_salt=salt,
    )  # fmt: skip
    return device, signing.device_secret(SECRET, uid, salt)


def signed_headers(
    uid: str, secret: str, body: bytes, timestamp: int | None = None
) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "X-Device-Id": uid,
        "X-Timestamp": stamp,
        "X-Signature": signing.signature(secret, stamp, body),
        "Content-Type": "application/json",
    }


def event_body(kind: str, **fields: Any) -> bytes:
    return json.dumps({"kind": kind, **fields}).encode()


async def post_event(
    client: httpx.AsyncClient,
    uid: str,
    secret: str,
    body: bytes,
    timestamp: int | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    sent = headers if headers is not None else signed_headers(uid, secret, body, timestamp)
    return await client.post("/devices/events", content=body, headers=sent)
