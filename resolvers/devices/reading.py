"""Devices (智能设备) of elders living alone: the list with their health, and one by id, scoped
in SQL by policies/alerts.py (the elder's building)."""

from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

import models
from models.workflows import alerts as workflow
from policies.alerts import readable_devices_filter
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.cursors import orders
from resolvers.org import within_node
from resolvers.pagination import Page, Window, paginate
from resolvers.scoping import readable_row, scoped

DEVICE_ORDER = orders("Device")


def now() -> datetime:
    return datetime.now(UTC)


def readable_devices(ctx: Context) -> QuerySet[models.Device]:
    return scoped(models.Device, readable_devices_filter(ctx.viewer))


async def get_device(ctx: Context, pk: int) -> models.Device | None:
    """A device the viewer reads; any other looks exactly like missing."""
    return await readable_row(ctx, readable_devices, pk)


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
    node_id: int | None = None
    resident_id: int | None = None
    kind: list[models.DeviceKind] | None = None
    status: list[str] | None = None
    low_battery: bool | None = None


LOW_BATTERY = 20  # percent


async def devices(
    ctx: Context, where: DeviceFilter, order: str, window: Window
) -> Page[models.Device]:
    require_user(ctx)
    query = await within_node(ctx, readable_devices(ctx), where.node_id, "building_path")
    if where.resident_id is not None:
        query = query.filter(resident_id=where.resident_id)
    if where.kind is not None:
        query = query.filter(kind__in=list(where.kind))
    if where.status is not None:
        statuses = [_status_condition(ctx, status) for status in sorted(set(where.status))]
        query = query.filter(Q(*statuses, join_type=Q.OR)) if statuses else query.filter(id=0)
    if where.low_battery is not None:
        low = Q(battery__lte=LOW_BATTERY)
        query = query.filter(low) if where.low_battery else query.filter(~low)
    return await paginate(query, DEVICE_ORDER[order], window)
