"""Notices' rules (公告, 公示), pure: what a notice must satisfy, when it is current, what may
change when, and the notice that stands for a quarterly points notice (积分公示).

- A notice is *current* from its publish time until its expiry (none: for good), unless
  withdrawn. Its publish time may lie ahead: it is *scheduled* until then.
- Title, body, kind, publish time and expiry change only while it is scheduled (once residents
  may have read it, a change would rewrite what they read: withdraw it and post a new one). The
  expiry of a published notice may still be moved (`check_expiry_change`), never before now.
- Withdrawing takes a notice off at once, scheduled or published, once.
- A notice of kind POINTS is written only with its points notice (publishPointsNotice) and is
  as frozen as it: the notice mutations neither make, change nor withdraw one.

Who may do each step is decided in policies/; resolvers and the seed apply these functions.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from models.notices import NoticeKind
from models.workflows.refusals import RuleRefusal

MAX_TITLE = 200
MAX_BODY = 5_000
# A scheduled notice is posted at most this far ahead, and expires at most this long after.
MAX_AHEAD = timedelta(days=366)
MAX_LIFETIME = timedelta(days=3 * 366)
# A publish time may not lie further back than this (a notice is not backdated).
BACKDATE_TOLERANCE = timedelta(minutes=5)
# Kinds a notice mutation may write (POINTS only comes with publishPointsNotice).
WRITABLE_KINDS = frozenset({NoticeKind.GENERAL, NoticeKind.PUBLIC_NOTICE})


class NoticeError(RuleRefusal):
    """A step the notices' rules refuse (see RuleRefusal)."""


@dataclass(frozen=True)
class Timing:
    published_at: datetime
    expires_at: datetime | None


def is_current(
    published_at: datetime,
    expires_at: datetime | None,
    withdrawn_at: datetime | None,
    now: datetime,
) -> bool:
    """Shown to residents now (the SQL condition in policies/notices.py says the same)."""
    return withdrawn_at is None and published_at <= now and (expires_at is None or expires_at > now)


def check_kind(kind: NoticeKind) -> None:
    if kind not in WRITABLE_KINDS:
        raise NoticeError("notices.points_kind", "kind")


def check_timing(timing: Timing, now: datetime) -> None:
    """A new or rescheduled notice's times: not in the past, not too far ahead, an expiry
    after the publish time and after now, within the longest lifetime."""
    if timing.published_at < now - BACKDATE_TOLERANCE:
        raise NoticeError("notices.backdated", "publishedAt")
    if timing.published_at > now + MAX_AHEAD:
        raise NoticeError("notices.too_far_ahead", "publishedAt", days=MAX_AHEAD.days)
    if timing.expires_at is not None:
        if timing.expires_at <= max(timing.published_at, now):
            raise NoticeError("notices.expires_before", "expiresAt")
        if timing.expires_at - timing.published_at > MAX_LIFETIME:
            raise NoticeError("notices.too_long", "expiresAt", days=MAX_LIFETIME.days)


def check_changeable(
    kind: NoticeKind, published_at: datetime, withdrawn_at: datetime | None, now: datetime
) -> None:
    """Content and times change only while the notice is scheduled and not withdrawn."""
    if kind not in WRITABLE_KINDS:
        raise NoticeError("notices.points_frozen", "id", conflict=True)
    if withdrawn_at is not None:
        raise NoticeError("notices.withdrawn", "id", conflict=True)
    if published_at <= now:
        raise NoticeError("notices.published", "id", conflict=True)


def check_expiry_change(
    kind: NoticeKind,
    published_at: datetime,
    withdrawn_at: datetime | None,
    expires_at: datetime | None,
    now: datetime,
) -> None:
    """A published notice's expiry may move (not into the past, not past the longest life)."""
    if kind not in WRITABLE_KINDS:
        raise NoticeError("notices.points_frozen", "id", conflict=True)
    if withdrawn_at is not None:
        raise NoticeError("notices.withdrawn", "id", conflict=True)
    if expires_at is not None and expires_at <= now:
        raise NoticeError("notices.expires_before", "expiresAt")
    if expires_at is not None and expires_at - published_at > MAX_LIFETIME:
        raise NoticeError("notices.too_long", "expiresAt", days=MAX_LIFETIME.days)


def check_withdrawable(kind: NoticeKind, withdrawn_at: datetime | None) -> None:
    if kind not in WRITABLE_KINDS:
        raise NoticeError("notices.points_frozen", "id", conflict=True)
    if withdrawn_at is not None:
        raise NoticeError("notices.withdrawn", "id", conflict=True)


def points_notice_values(
    node_id: int,
    node_path: str,
    title: str,
    published_at: datetime,
    points_notice_id: int,
    published_by_id: int | None,
) -> dict[str, Any]:
    """The notice (kind POINTS) that lists a quarterly points notice on the notice board; the
    ranking itself stays on the points notice. Migration 0018 writes the same for old ones."""
    return {
        "node_id": node_id,
        "node_path": node_path,
        "kind": NoticeKind.POINTS,
        "title": title,
        "body": "",
        "published_at": published_at,
        "expires_at": None,
        "points_notice_id": points_notice_id,
        "created_by_id": published_by_id,
    }
