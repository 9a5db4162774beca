"""Who reads and handles elder care's devices and alerts (告警), as SQL conditions and per-row
decisions on top of the authorizer's scopes (policies/authorizer.py).

Both are scoped by the elder's building (`device.building_path`, `alert.node_path`), so nothing
of a sibling subtree is ever read. An alert is routed to the building's stewards and the grid
(alert.read, alert.handle: BUILDING_LEADER and GRID_LEADER); the community and the levels above
hold neither (policy.csv denies them), and read and handle an alert only once it has been
escalated (alert.read_escalated, alert.handle_escalated): it stays theirs to read after it is
acknowledged or closed. Auditors read both, change neither.
"""

from tortoise.expressions import Q

from policies.actions import Action
from policies.authorizer import Viewer


def readable_devices_filter(viewer: Viewer, prefix: str = "") -> Q | None:
    """Devices at buildings in a device-read scope (None: no limit)."""
    return viewer.scope_filter(Action.DEVICE_READ, f"{prefix}building_path")


def readable_alerts_filter(viewer: Viewer) -> Q | None:
    """Alerts the viewer reads: every alert in an alert-read scope, and the escalated ones (ever
    escalated, whatever their status now) in an escalated-read scope (None: no limit)."""
    routed = viewer.scope_filter(Action.ALERT_READ, "node_path")
    if routed is None:
        return None
    escalated = viewer.scope_filter(Action.ALERT_READ_ESCALATED, "node_path")
    parts: list[Q] = []
    if viewer.has_any(Action.ALERT_READ):
        parts.append(routed)
    if escalated is None:
        parts.append(Q(escalated_at__isnull=False))
    elif viewer.has_any(Action.ALERT_READ_ESCALATED):
        parts.append(Q(escalated, Q(escalated_at__isnull=False)))
    if not parts:
        return Q(id=0)  # no id is 0: matches nothing
    return parts[0] if len(parts) == 1 else Q(*parts, join_type=Q.OR)


def may_handle_alert(viewer: Viewer, path: str, escalated: bool) -> bool:
    """Acknowledge or close the alert at `path`: the building's stewards and the grid, and once
    it has been escalated, the community above them too."""
    if viewer.can(Action.ALERT_HANDLE, path):
        return True
    return escalated and viewer.can(Action.ALERT_HANDLE_ESCALATED, path)


def may_manage_devices_anywhere(viewer: Viewer) -> bool:
    """Checked before anything is looked up: may the viewer register devices anywhere?"""
    return viewer.has_any(Action.DEVICE_MANAGE)


def may_manage_devices_at(viewer: Viewer, building_path: str) -> bool:
    """Register, rotate the secret of, or retire a device of an elder at this building."""
    return viewer.can(Action.DEVICE_MANAGE, building_path)
