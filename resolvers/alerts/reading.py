"""Alerts (告警): the list (an elder's alert history with `residentId`) and one by id, scoped in
SQL by policies/alerts.py: the building's stewards and the grid read every alert in scope, the
community the escalated ones."""

from dataclasses import dataclass
from datetime import datetime

from tortoise.queryset import QuerySet

import models
from models.workflows import alerts as workflow
from policies.alerts import readable_alerts_filter
from resolvers.context import Context
from resolvers.cursors import Key, by
from resolvers.filters import listed, narrows, within
from resolvers.pagination import Page, Window, paginate
from resolvers.scoping import Readable

RAISED = Key("raised_at", datetime)
DEADLINE = Key("deadline_at", datetime)
# Indexes (migration 0020) serve each order both ways: (raised_at, id), (deadline_at, id).
ALERT_ORDER = {
    "ID": by("Alert.ID"),
    "RAISED_DESC": by("Alert.RAISED_DESC", RAISED, descending=True),
    "RAISED_ASC": by("Alert.RAISED_ASC", RAISED),
    "DEADLINE_ASC": by("Alert.DEADLINE_ASC", DEADLINE),
}


ALERTS = Readable(models.Alert, readable_alerts_filter, "alerts.no_alert")
# The names `node(id:)` (schema/node.py) and the tests call.
get_alert = ALERTS.get
alert_for = ALERTS.require


async def alert(ctx: Context, pk: int) -> models.Alert | None:
    """`alert(id:)`: as `node(id:)` reads an alert."""
    return await get_alert(ctx, pk)


@dataclass(frozen=True)
class AlertFilter:
    node_id: int | None = within("node_path")
    resident_id: int | None = narrows("resident_id")
    device_id: int | None = narrows("device_id")
    status: list[models.AlertStatus] | None = None
    kind: list[models.AlarmKind] | None = None
    open: bool | None = None
    escalated: bool | None = None


async def filtered_alerts(ctx: Context, where: AlertFilter) -> QuerySet[models.Alert]:
    """The alerts the viewer reads that `where` names (the list and its download)."""
    query = await listed(ctx, ALERTS.rows, where)
    # An empty list of statuses or kinds names none: no alert.
    if where.status is not None:
        query = query.filter(status__in=list(where.status))
    if where.kind is not None:
        query = query.filter(kind__in=list(where.kind))
    if where.open is not None:
        still_open = sorted(workflow.OPEN)
        query = (
            query.filter(status__in=still_open)
            if where.open
            else query.exclude(status__in=still_open)
        )
    if where.escalated is not None:
        query = query.filter(escalated_at__isnull=not where.escalated)
    return query


async def alerts(
    ctx: Context, where: AlertFilter, order: str, window: Window
) -> Page[models.Alert]:
    return await paginate(await filtered_alerts(ctx, where), ALERT_ORDER[order], window)
