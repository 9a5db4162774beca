"""Quarterly public notices (积分公示, "一季一公示"): a ranking frozen when published.

Publishing copies the quarter's ranking (at most NOTICE_ROWS rows, names masked for public
display) into `points_notice_row` in the mutation's transaction. Nothing changes a notice
afterwards: no mutation does, publishing the same notice again is CONFLICT, the models refuse
to save or delete a stored one, and on PostgreSQL a trigger refuses UPDATE and DELETE
(migration 0014). Later corrections change live rankings only.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError

import models
from models.workflows import notices as notice_rules
from models.workflows import points as ledger_rules
from policies.actions import Action
from policies.points import readable_notices_filter
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.cursors import Key, by
from resolvers.errors import Conflict
from resolvers.filters import listed, narrows, within
from resolvers.live.events import Topic, announce
from resolvers.org import node_to_act_on
from resolvers.pagination import Page, Window, paginate
from resolvers.points.rankings import check_level, name_rows, ranked_rows
from resolvers.points.rules import refusing
from resolvers.scoping import Readable

NOTICE_ROWS = 100
PUBLISHED = Key("published_at", datetime)
NOTICE_ROW_ORDER = by("PointsNoticeRow.RANK", Key("rank", int))
NOTICE_ORDER = {
    "ID": by("PointsNotice.ID"),
    "PUBLISHED_DESC": by("PointsNotice.PUBLISHED_DESC", PUBLISHED, descending=True),
}


@dataclass(frozen=True)
class NoticeFilter:
    node_id: int | None = within("node_path")
    year: int | None = narrows("year")
    quarter: int | None = narrows("quarter")
    subject: models.RankingSubject | None = narrows("subject")


POINTS_NOTICES = Readable(models.PointsNotice, readable_notices_filter)
# The name `node(id:)` (schema/node.py) calls.
get_points_notice = POINTS_NOTICES.get


async def points_notices(
    ctx: Context, where: NoticeFilter, order: str, window: Window
) -> Page[models.PointsNotice]:
    query = await listed(ctx, POINTS_NOTICES.rows, where)
    return await paginate(query, NOTICE_ORDER[order], window)


async def publish_points_notice(
    ctx: Context, node_id: int, quarter: str, subject: models.RankingSubject
) -> models.PointsNotice:
    me = require_user(ctx)
    node = await node_to_act_on(
        ctx, node_id, "nodeId", may=Action.POINTS_PUBLISH, refused="points.may_not_publish"
    )
    check_level(node, subject)
    now = datetime.now(UTC)
    with refusing():
        year, number = ledger_rules.parse_quarter(quarter)
        ledger_rules.check_quarter_over(year, number, now)
    key: dict[str, Any] = {"node_id": node.id, "year": year, "quarter": number, "subject": subject}
    if await models.PointsNotice.exists(**key):
        raise Conflict("points.notice_frozen", field="quarter")
    start, end = ledger_rules.quarter_bounds(year, number)
    rows = await ranked_rows(node.path, start, end, subject, limit=NOTICE_ROWS)
    await name_rows(rows, masked=True)
    label = models.RANKING_SUBJECT_LABELS[subject]
    try:
        notice = await models.PointsNotice.create(
            **key,
            node_path=node.path,
            title=ledger_rules.notice_title(node.name, year, number, label),
            published_by_id=me.id,
            published_at=now,
        )
    except IntegrityError as error:  # published meanwhile by someone else
        raise Conflict("points.notice_frozen", field="quarter") from error
    # Its notice on the notice board (公告, issue 13), in the same transaction.
    board = await models.Notice.create(
        **notice_rules.points_notice_values(
            node.id, node.path, notice.title, notice.published_at, notice.id, me.id
        )
    )
    announce(Topic.NOTICE, board.id, board.node_path)
    await models.PointsNoticeRow.bulk_create(
        [
            models.PointsNoticeRow(
                notice_id=notice.id,
                rank=row.rank,
                name=row.name,
                points=row.points,
                points_per_household=row.score
                if subject is models.RankingSubject.BUILDINGS
                else None,
            )
            for row in rows
        ]
    )
    return notice
