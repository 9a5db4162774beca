"""Who reads and writes notices (公告, 公示), as SQL conditions and per-node decisions.

Staff holding notice.read read every notice at the nodes of their subtree (scheduled, expired
and withdrawn ones too) and the current ones at the nodes above it (a community's notice for a
building leader). Holders of notice.read_above (residents, volunteers) read the current ones at
their grant node and the nodes above it: a resident reads their building's, grid's,
community's and street's, nothing of a neighbouring building and nothing scheduled, expired or
withdrawn. notice.write posts, changes and withdraws notices at nodes in scope.
"""

from datetime import datetime
from typing import Any

from tortoise.expressions import Q

from models import PATH_SEPARATOR, in_subtree
from policies.actions import Action
from policies.authorizer import Viewer
from policies.conditions import any_of


def current_notices(now: datetime, prefix: str = "") -> Q:
    """Notices shown now: published, not expired, not withdrawn
    (models/workflows/notices.py `is_current` says the same in Python)."""
    shown: dict[str, Any] = {
        f"{prefix}withdrawn_at__isnull": True,
        f"{prefix}published_at__lte": now,
    }
    never: dict[str, Any] = {f"{prefix}expires_at__isnull": True}
    later: dict[str, Any] = {f"{prefix}expires_at__gt": now}
    return Q(Q(**shown), Q(Q(**never), Q(**later), join_type=Q.OR))


def _ids_on(path: str) -> set[int]:
    return {int(part) for part in path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR) if part}


def readable_notices_filter(viewer: Viewer, now: datetime) -> Q | None:
    """Notices the viewer may read (None: no limit)."""
    unrestricted, full = viewer.scope_of(Action.NOTICE_READ)
    if unrestricted:
        return None
    _, above = viewer.scope_of(Action.NOTICE_READ_ABOVE)
    parts = [in_subtree(prefix, "node_path") for prefix in sorted(full)]
    node_ids = sorted({node_id for path in full | above for node_id in _ids_on(path)})
    if node_ids:
        parts.append(Q(Q(node_id__in=node_ids), current_notices(now)))
    return any_of(parts)


def may_write_notices_at(viewer: Viewer, path: str) -> bool:
    return viewer.can(Action.NOTICE_WRITE, path)
