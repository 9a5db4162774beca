"""The alerts' sweep, run every LOUDONG_ALERT_SWEEP_SECONDS by each server process (app/main.py)
and by `loudong sweep-alerts`: it escalates alerts left unacknowledged past their deadline,
raises DOOR_NOT_OPENED for door sensors quiet too long, and forgets the signatures of events
older than the replay window. The rules are models/workflows/alerts.py.

Several processes may sweep at once: the escalation is one conditional UPDATE (an alert still
RAISED and due), so each alert is escalated once, by whichever statement reaches it first; a
quiet door's alert carries a unique key per quiet period, so it is raised once as well.
"""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

import models
from models.workflows import alerts as workflow
from resolvers.alerts.raising import DeviceRetired, raise_alert
from resolvers.live.bus import Bus
from resolvers.live.events import Topic, announce, publishing

log = logging.getLogger("loudong.alerts")


@dataclass(frozen=True)
class Swept:
    escalated: int
    doors_raised: int
    signatures_forgotten: int


async def escalate_overdue(now: datetime) -> int:
    """Escalate every alert still RAISED at its deadline (`workflow.is_overdue` in SQL), and
    announce exactly those this sweep escalated: each is escalated by its own conditional UPDATE
    (status still RAISED) in one transaction, so an alert acknowledged meanwhile, or escalated
    by another process's sweep, is neither escalated again nor announced twice."""
    candidates: list[int] = await models.Alert.filter(  # type: ignore[assignment]
        status=models.AlertStatus.RAISED, deadline_at__lte=now
    ).values_list("id", flat=True)
    if not candidates:
        return 0
    escalated = 0
    async with in_transaction():
        for pk in candidates:
            changed = await models.Alert.filter(
                id=pk, status=models.AlertStatus.RAISED, deadline_at__lte=now
            ).update(status=models.AlertStatus.ESCALATED, escalated_at=now, updated_at=now)
            if changed:
                escalated += 1
                # The community's consoles (alertRaised) hear it once this commits.
                path = await models.Alert.get(id=pk).values_list("node_path", flat=True)
                announce(Topic.ALERT, pk, str(path))
    return escalated


async def raise_quiet_doors(rules: workflow.AlertRules, now: datetime) -> int:
    """DOOR_NOT_OPENED for each active door sensor whose door has stayed shut for the quiet
    period (`workflow.is_quiet`), once per period."""
    cutoff = now - rules.door_quiet
    quiet = Q(
        Q(last_door_activity_at__lte=cutoff),
        Q(last_door_activity_at__isnull=True, created_at__lte=cutoff),
        join_type=Q.OR,
    )
    devices = await models.Device.filter(
        quiet, kind=models.DeviceKind.DOOR_SENSOR, retired_at__isnull=True
    ).order_by("id")
    keyed = {
        workflow.door_quiet_key(
            device.id, workflow.quiet_since(device.last_door_activity_at, device.created_at)
        ): device
        for device in devices
    }
    if not keyed:
        return 0
    rows = await models.Alert.filter(dedupe_key__in=list(keyed)).values("dedupe_key")
    seen = {row["dedupe_key"] for row in rows}
    raised = 0
    for key, device in keyed.items():
        if key in seen:
            continue
        try:
            async with in_transaction():
                await raise_alert(
                    device, models.AlarmKind.DOOR_NOT_OPENED, now, rules, dedupe_key=key
                )
            raised += 1
        except IntegrityError:  # another process raised it between our read and this insert
            continue
        except DeviceRetired:  # retired between our read and this insert
            continue
    return raised


async def forget_old_signatures(now: datetime) -> int:
    """Signatures older than twice the skew: their timestamps are refused as stale anyway."""
    return await models.DeviceEventSeen.filter(seen_at__lt=now - 2 * workflow.MAX_SKEW).delete()


async def sweep_alerts(rules: workflow.AlertRules, now: datetime) -> Swept:
    """One sweep as of `now` (tests pass their own)."""
    swept = Swept(
        escalated=await escalate_overdue(now),
        doors_raised=await raise_quiet_doors(rules, now),
        signatures_forgotten=await forget_old_signatures(now),
    )
    if swept.escalated or swept.doors_raised:
        log.info(
            "alert sweep: %d escalated, %d quiet doors raised",
            swept.escalated,
            swept.doors_raised,
        )
    return swept


async def sweep_forever(
    rules: workflow.AlertRules,
    interval: float,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    bus: Bus | None = None,
) -> None:
    """Sweep every `interval` seconds until cancelled; a failed sweep (the database away) is
    logged and tried again at the next turn."""
    while True:
        await asyncio.sleep(interval)
        try:
            async with publishing(bus or Bus()):  # what it raised and escalated, once written
                await sweep_alerts(rules, clock())
        except Exception:  # not CancelledError (a BaseException): shutdown ends the loop
            log.exception("alert sweep failed")
