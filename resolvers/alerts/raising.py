"""The one place an alert (告警) is made: a device's alarm (resolvers/devices/events.py) and a
quiet door seen by the sweep (resolvers/alerts/sweep.py) both come here, so whatever must follow
every new alert (a console's subscription) hooks in here, once."""

from datetime import datetime

import models
from models.workflows import alerts as workflow
from resolvers.live.events import Topic, announce


class DeviceRetired(Exception):
    """The device was retired (by hand, or with its elder: resolvers/devices/following.py):
    it raises nothing. Raised inside the caller's transaction, which rolls back."""


async def raise_alert(
    device: models.Device,
    kind: models.AlarmKind,
    at: datetime,
    rules: workflow.AlertRules,
    *,
    details: dict[str, int] | None = None,
    dedupe_key: str | None = None,
) -> models.Alert:
    """A new RAISED alert of `device`'s elder at the device's building, due for acknowledgement
    by its kind's deadline. Runs inside the caller's transaction; a `dedupe_key` seen before
    raises IntegrityError (the cause was raised already, by this process or another)."""
    # The device's building as of this transaction (its elder may have moved since it was read:
    # resolvers/devices/following.py); a retired device raises nothing.
    where = (
        await models.Device.filter(id=device.id, retired_at__isnull=True)
        .first()
        .values("building_id", "building_path")
    )
    if where is None:
        raise DeviceRetired
    alert = await models.Alert.create(
        kind=kind,
        status=models.AlertStatus.RAISED,
        device_id=device.id,
        resident_id=device.resident_id,
        node_id=where["building_id"],
        node_path=where["building_path"],
        raised_at=at,
        deadline_at=workflow.deadline_for(kind, at, rules),
        details=details or None,
        dedupe_key=dedupe_key,
    )
    # The live consoles (alertRaised) hear it once the caller's transaction commits.
    announce(Topic.ALERT, alert.id, alert.node_path)
    return alert


async def raise_or_merge(
    device: models.Device,
    kind: models.AlarmKind,
    at: datetime,
    rules: workflow.AlertRules,
    *,
    details: dict[str, int] | None = None,
) -> tuple[models.Alert, bool]:
    """A device's alarm: merged into the device's open alert of that kind if there is one
    (`workflow.MERGES_INTO`; returns it and True), else raised (and False). The caller has
    already updated the device's row in this transaction, which on PostgreSQL holds its lock
    until commit: two identical alarms of one device at once are serialised, the second merges.
    """
    merged = (
        await models.Alert.filter(
            device_id=device.id, kind=kind, status__in=list(workflow.MERGES_INTO)
        )
        .order_by("-id")
        .first()
    )
    if merged is not None:
        return merged, True
    return await raise_alert(device, kind, at, rules, details=details), False
