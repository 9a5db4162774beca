"""GET /exports/points-ranking.csv|.xlsx and /exports/points-notice.csv|.xlsx.

The ranking is the `pointsRanking` query's (scope, node, period, subject: the same function),
the notice its frozen rows as published (masked names); Chinese headers unless `lang=en`.
"""

from datetime import date

import models
from models.workflows.points import Period, bounds
from resolvers.context import Context
from resolvers.errors import Invalid
from resolvers.exports.download import Download, KeysetSource, ListSource, Sheet, download
from resolvers.exports.params import Params
from resolvers.exports.tabular import Column, Format, Row
from resolvers.points.notices import get_points_notice
from resolvers.points.rankings import RankingRow, name_rows, ranked_rows, ranking_node
from resolvers.scoping import found
from resolvers.validation import today

RANKING_COLUMNS = (
    Column("名次", "rank", width=6),
    Column("名称", "name", width=24),
    Column("积分", "points", width=8),
    Column("户均积分", "points_per_household", width=10),
)
NOTICE_COLUMNS = RANKING_COLUMNS


def _per_household(scaled: int | None) -> str:
    return "" if scaled is None else f"{scaled / 100:.2f}"


def ranking_row(row: RankingRow) -> Row:
    scaled = row.score if row.subject is models.RankingSubject.BUILDINGS else None
    return [str(row.rank), row.name, str(row.points), _per_household(scaled)]


async def points_ranking_export(ctx: Context, params: Params, fmt: Format) -> Download:
    node_id = params.global_id("nodeId", "OrgNode")
    day_text = params.text("day", limit=10)
    subject = params.choice("subject", models.RankingSubject) or models.RankingSubject.RESIDENTS
    period = params.choice("period", Period) or Period.MONTH
    lang = params.lang()
    params.done()
    if node_id is None:
        raise Invalid("export.one_of", field="nodeId", name="nodeId", allowed="OrgNode")
    try:
        day = date.fromisoformat(day_text) if day_text else today()
    except ValueError:
        raise Invalid("points.bad_day", field="day") from None
    node = await ranking_node(ctx, node_id, subject)  # NOT_FOUND outside scope, first
    start, end = bounds(period, day)
    cap = ctx.services.export_max_rows
    rows = await ranked_rows(node.path, start, end, subject, limit=cap + 1)
    await name_rows(rows, masked=False)
    stamp = day.strftime("%Y%m%d")
    sheet = Sheet(
        columns=RANKING_COLUMNS,
        name=f"积分排名-{node.name}-{stamp}",
        fallback_name=f"points-ranking-{stamp}",
        title=lang.pick("积分排名", "ranking"),
    )
    return await download(ctx, sheet, ListSource([ranking_row(r) for r in rows], cap), fmt, lang)


async def points_notice_export(ctx: Context, params: Params, fmt: Format) -> Download:
    notice_id = params.global_id("noticeId", "PointsNotice")
    lang = params.lang()
    params.done()
    notice = found(await get_points_notice(ctx, notice_id or 0), "points.no_notice", "noticeId")

    async def rows_of(page: list[models.PointsNoticeRow]) -> list[Row]:
        return [
            [str(r.rank), r.name, str(r.points), _per_household(r.points_per_household)]
            for r in page
        ]

    sheet = Sheet(
        columns=NOTICE_COLUMNS,
        name=notice.title,
        fallback_name=f"points-notice-{notice.year}q{notice.quarter}",
        title=lang.pick("积分公示", "notice"),
    )
    # Rows were written in rank order, so id order is rank order.
    query = models.PointsNoticeRow.filter(notice_id=notice.id)
    source = KeysetSource(query, rows_of, cap=ctx.services.export_max_rows)
    return await download(ctx, sheet, source, fmt, lang)
