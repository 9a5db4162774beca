"""Reading notices: the list (scoped in SQL by policies/notices.py) and one by id.

Quarterly points notices (积分公示) appear here as notices of kind POINTS: publishing one writes
its notice in the same transaction (resolvers/points/notices.py), and migration 0018 wrote one
for each published before.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

import models
from models.workflows import notices as workflow
from policies.notices import current_notices, readable_notices_filter
from resolvers.context import Context
from resolvers.cursors import Key, by
from resolvers.filters import listed, within
from resolvers.pagination import Page, Window, paginate
from resolvers.scoping import readable_row, scoped

PUBLISHED = Key("published_at", datetime)
NOTICE_ORDER = {
    "ID": by("Notice.ID"),
    "PUBLISHED_DESC": by("Notice.PUBLISHED_DESC", PUBLISHED, descending=True),
    "PUBLISHED_ASC": by("Notice.PUBLISHED_ASC", PUBLISHED),
}
MAX_SEARCH = 100


def now() -> datetime:
    return datetime.now(UTC)


def readable_notices(ctx: Context) -> QuerySet[models.Notice]:
    return scoped(models.Notice, readable_notices_filter(ctx.viewer, now()))


async def get_notice(ctx: Context, pk: int) -> models.Notice | None:
    """A notice the viewer reads; any other looks exactly like missing."""
    return await readable_row(ctx, readable_notices, pk)


async def notice(ctx: Context, pk: int) -> models.Notice | None:
    """`notice(id:)`: one notice the viewer reads, else null."""
    return await get_notice(ctx, pk)


@dataclass(frozen=True)
class NoticeFilter:
    node_id: int | None = within("node_path")
    kind: list[models.NoticeKind] | None = None
    current: bool | None = None
    search: str | None = None


async def notices(
    ctx: Context, where: NoticeFilter, order: str, window: Window
) -> Page[models.Notice]:
    query = await listed(ctx, readable_notices, where)
    if where.kind is not None:
        query = query.filter(kind__in=list(where.kind))
    if where.current is not None:
        shown = current_notices(now())
        query = query.filter(shown) if where.current else query.filter(~shown)
    text = " ".join((where.search or "").split())[:MAX_SEARCH]
    if text:
        query = query.filter(Q(title__icontains=text) | Q(body__icontains=text))
    return await paginate(query, NOTICE_ORDER[order], window)


def is_current(notice: models.Notice) -> bool:
    return workflow.is_current(notice.published_at, notice.expires_at, notice.withdrawn_at, now())
