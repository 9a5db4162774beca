"""Devices (智能设备) of elders living alone: the list with their health, and one by id, scoped
in SQL by policies/alerts.py (the elder's building)."""

from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.expressions import Q

import models
from models.workflows import alerts as workflow
from policies.alerts import readable_devices_filter
from resolvers.context import Context
from resolvers.cursors import orders
from resolvers.filters import listed, narrows, within
from resolvers.pagination import Page, Window, paginate
from resolvers.scoping import Readable

DEVICE_ORDER = orders("Device")


def now() -> datetime:
    return datetime.now(UTC)


DEVICES = Readable(
    models.Device, readable_devices_filter, "devices.no_device", path="building_path"
)
# The name `node(id:)` (schema/node.py) calls.
get_device = DEVICES.get


async def device(ctx: Context, pk: int) -> models.Device | None:
    """`device(id:)`: as `node(id:)` reads a device."""
    return await get_device(ctx, pk)


def status_of(ctx: Context, row: models.Device) -> str:
    """ONLINE, OFFLINE or RETIRED (models/workflows/alerts.py `device_status`)."""
    return workflow.device_status(
        row.last_seen_at, row.retired_at is not None, now(), ctx.services.alert_rules
    )


def _status_condition(ctx: Context, status: str) -> Q:
    """`device_status` in SQL."""
    if status == "RETIRED":
        return Q(retired_at__isnull=False)
    seen_since = now() - ctx.services.alert_rules.offline_after
    if status == "ONLINE":
        return Q(retired_at__isnull=True, last_seen_at__gte=seen_since)
    return Q(
        Q(retired_at__isnull=True),
        Q(Q(last_seen_at__isnull=True), Q(last_seen_at__lt=seen_since), join_type=Q.OR),
    )


@dataclass(frozen=True)
class DeviceFilter:
    node_id: int | None = within("building_path")
    resident_id: int | None = narrows("resident_id")
    kind: list[models.DeviceKind] | None = None
    status: list[str] | None = None
    low_battery: bool | None = None


LOW_BATTERY = 20  # percent


async def devices(
    ctx: Context, where: DeviceFilter, order: str, window: Window
) -> Page[models.Device]:
    query = await listed(ctx, DEVICES.rows, where)
    # An empty list of kinds or statuses names none: no device.
    if where.kind is not None:
        query = query.filter(kind__in=list(where.kind))
    if where.status is not None:
        statuses = [_status_condition(ctx, status) for status in sorted(set(where.status))]
        query = query.filter(Q(*statuses, join_type=Q.OR)) if statuses else query.filter(id=0)
    if where.low_battery is not None:
        low = Q(battery__lte=LOW_BATTERY)
        query = query.filter(low) if where.low_battery else query.filter(~low)
    return await paginate(query, DEVICE_ORDER[order], window)
