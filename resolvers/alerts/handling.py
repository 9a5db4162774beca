"""Acknowledging (响应) and closing (办结) alerts: by whoever may handle the alert at its building
(policies/alerts.py), each a conditional UPDATE on the status as read, so that of two people
acting at once one succeeds and the other hears CONFLICT."""

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime

import models
from models.workflows import alerts as workflow
from policies.alerts import may_handle_alert
from resolvers.alerts.reading import alert_for
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import Conflict, Forbidden
from resolvers.errors import refusing as refusing_rules
from resolvers.text import clean_text

REFUSED = "alerts.may_not_handle"
CHANGED = "alerts.changed_meanwhile"


def refusing() -> AbstractContextManager[None]:
    return refusing_rules(workflow.AlertError)


async def _alert_to_handle(ctx: Context, pk: int) -> models.Alert:
    """An alert the viewer reads and may handle; out of read scope it is NOT_FOUND."""
    require_user(ctx)
    alert = await alert_for(ctx, pk)
    if not may_handle_alert(ctx.viewer, alert.node_path, alert.escalated_at is not None):
        raise Forbidden(REFUSED, field="id")
    audit.before(ctx, alert)
    return alert


async def acknowledge_alert(ctx: Context, pk: int) -> models.Alert:
    """RAISED or ESCALATED -> ACKNOWLEDGED, by the viewer, now."""
    me = require_user(ctx)
    alert = await _alert_to_handle(ctx, pk)
    with refusing():
        workflow.check_acknowledge(alert.status)
    moment = datetime.now(UTC)
    changed = await models.Alert.filter(id=alert.id, status=alert.status).update(
        status=models.AlertStatus.ACKNOWLEDGED,
        acknowledged_at=moment,
        acknowledged_by_id=me.id,
        updated_at=moment,
    )
    if not changed:
        raise Conflict(CHANGED, field="id")
    alert.status, alert.acknowledged_at, alert.acknowledged_by_id = (
        models.AlertStatus.ACKNOWLEDGED,
        moment,
        me.id,
    )
    return alert


@dataclass(frozen=True)
class Closing:
    follow_up: models.FollowUpKind | None
    note: str


async def close_alert(ctx: Context, pk: int, closing: Closing) -> models.Alert:
    """ACKNOWLEDGED -> CLOSED with a follow-up (visit, call, hospital, false alarm) and a note."""
    me = require_user(ctx)
    alert = await _alert_to_handle(ctx, pk)
    note = clean_text(
        closing.note, "note", limit=workflow.MAX_NOTE, what="A note", required=False,
        multiline=True,
    )  # fmt: skip
    with refusing():
        workflow.check_close(alert.status, closing.follow_up, note)
    assert closing.follow_up is not None  # check_close refuses none
    moment = datetime.now(UTC)
    changed = await models.Alert.filter(id=alert.id, status=alert.status).update(
        status=models.AlertStatus.CLOSED,
        closed_at=moment,
        closed_by_id=me.id,
        follow_up=closing.follow_up,
        note=note,
        updated_at=moment,
    )
    if not changed:
        raise Conflict(CHANGED, field="id")
    alert.status, alert.closed_at, alert.closed_by_id = models.AlertStatus.CLOSED, moment, me.id
    alert.follow_up, alert.note = closing.follow_up, note
    return alert
