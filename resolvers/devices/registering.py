"""Registering devices (智能设备) to elders living alone, rotating their secrets and retiring them:
by whoever may manage devices at the elder's building (policies/alerts.py). The secret is shown
once, in the mutation's answer, and never stored (resolvers/devices/signing.py)."""

from contextlib import AbstractContextManager
from dataclasses import dataclass

import models
from models.workflows import alerts as workflow
from policies.alerts import may_manage_devices_anywhere, may_manage_devices_at
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.devices import signing
from resolvers.devices.reading import DEVICES, now
from resolvers.errors import Conflict, Forbidden, NotFound
from resolvers.errors import refusing as refusing_rules
from resolvers.people.masking import building_path_of
from resolvers.people.residents import get_resident
from resolvers.text import clean_text

REFUSED = "devices.may_not_manage"


def refusing() -> AbstractContextManager[None]:
    return refusing_rules(workflow.AlertError)


@dataclass(frozen=True)
class NewDevice:
    resident_id: int
    kind: models.DeviceKind
    label: str = ""


async def register_device(ctx: Context, new: NewDevice) -> tuple[models.Device, str]:
    """A new device of an elder living alone at their building; returns it and its secret."""
    me = require_user(ctx)
    if not may_manage_devices_anywhere(ctx.viewer):  # before anything is looked up
        raise Forbidden(REFUSED, field="residentId")
    resident = await get_resident(ctx, new.resident_id)
    if resident is None or not resident.active:
        raise NotFound("people.no_resident", field="residentId")
    building_path = building_path_of(resident)
    if not may_manage_devices_at(ctx.viewer, building_path):
        raise Forbidden(REFUSED, field="residentId")
    label = clean_text(new.label, "label", limit=workflow.MAX_LABEL, what="A name", required=False)
    tagged = await models.ResidentTagLink.exists(
        resident_id=resident.id, tag=models.ResidentTag.ELDER_LIVING_ALONE
    )
    with refusing():
        workflow.check_elder(tagged)
    uid, salt = signing.new_uid(), signing.new_salt()
    device = await models.Device.create(
        uid=uid, kind=new.kind, label=label, resident_id=resident.id,
        building_id=resident.household.building_id, building_path=building_path,
        secret_salt=salt, registered_by_id=me.id,
    )  # fmt: skip
    return device, signing.device_secret(ctx.services.secret, uid, salt)


async def _device_to_change(ctx: Context, pk: int) -> models.Device:
    """A device the viewer reads and may manage, not retired; out of read scope NOT_FOUND."""
    device = await DEVICES.to_change(ctx, pk, may_manage_devices_at, REFUSED)
    with refusing():
        workflow.check_active(device.retired_at is not None)
    return device


async def rotate_device_secret(ctx: Context, pk: int) -> tuple[models.Device, str]:
    """A new secret (shown once); the old one signs nothing from now on."""
    device = await _device_to_change(ctx, pk)
    salt = signing.new_salt()
    # Conditional on the version read: of two rotations at once, one wins, the other CONFLICT.
    changed = await models.Device.filter(
        id=device.id, secret_version=device.secret_version, retired_at__isnull=True
    ).update(secret_salt=salt, secret_version=device.secret_version + 1, updated_at=now())
    if not changed:
        raise Conflict("devices.changed_meanwhile", field="id")
    device.secret_salt, device.secret_version = salt, device.secret_version + 1
    return device, signing.device_secret(ctx.services.secret, device.uid, salt)


async def retire_device(ctx: Context, pk: int) -> models.Device:
    """The device signs nothing any more (its events answer 401); its alerts stay."""
    device = await _device_to_change(ctx, pk)
    moment = now()
    changed = await models.Device.filter(id=device.id, retired_at__isnull=True).update(
        retired_at=moment, updated_at=moment
    )
    if not changed:
        raise Conflict("devices.retired", field="id")
    device.retired_at = moment
    return device
