"""GET /exports/stats.csv|.xlsx?nodeId=&from=&to=&granularity=&table=rows|series: a figure
table of the `stats` query (the same function: scope, range checks and hidden figures alike).

`table=rows` (the default): the node's own row, then one per child; `table=series`: one per
period. A figure hidden from the viewer is a blank cell, never 0. Chinese headers unless
`lang=en`.
"""

from collections.abc import Callable
from datetime import date
from enum import StrEnum

from models.workflows.stats import Granularity
from resolvers.context import Context
from resolvers.errors import Invalid
from resolvers.exports.download import Download, ListSource, Sheet, download
from resolvers.exports.params import Params
from resolvers.exports.tabular import Column, Format, Row
from resolvers.stats.figures import Figures, stats


class Table(StrEnum):
    ROWS = "rows"
    SERIES = "series"


def _cell(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.2f}" if isinstance(value, float) else str(value)


Field = Callable[[Figures], float | None]
FLOW: tuple[tuple[Column, Field], ...] = (
    (Column("收集诉求", "cases_submitted"), lambda f: f.cases_submitted),
    (Column("办结", "cases_resolved"), lambda f: f.cases_resolved),
    (Column("按时办结", "resolved_within_deadline"), lambda f: f.resolved_within_deadline),
    (Column("平均评分", "average_rating"), lambda f: f.average_rating),
    (Column("排查隐患", "hazards_found"), lambda f: f.hazards_found),
    (Column("整改隐患", "hazards_fixed"), lambda f: f.hazards_fixed),
    (Column("化解纠纷", "disputes_mediated"), lambda f: f.disputes_mediated),
    (Column("活跃志愿者", "active_volunteers"), lambda f: f.active_volunteers),
    (Column("志愿服务时长", "volunteer_hours"), lambda f: f.volunteer_hours),
    (Column("发放积分", "points_issued"), lambda f: f.points_issued),
    (Column("兑换积分", "points_redeemed"), lambda f: f.points_redeemed),
)
NOW: tuple[tuple[Column, Field], ...] = (
    (Column("居民", "residents"), lambda f: f.residents),
    (Column("户数", "households"), lambda f: f.households),
    (Column("党员", "party_members"), lambda f: f.party_members),
    (Column("独居老人", "elders_living_alone"), lambda f: f.elders_living_alone),
    (Column("未处理告警", "open_alerts"), lambda f: f.open_alerts),
)
ROW_COLUMNS = (Column("节点", "node", width=24), *(c for c, _ in FLOW + NOW))
SERIES_COLUMNS = (
    Column("开始", "start", width=12),
    Column("结束", "end", width=12),
    *(c for c, _ in FLOW),
)


def _day(params: Params, name: str) -> date:
    text = params.text(name, limit=10)
    try:
        if text is None:
            raise ValueError(name)
        return date.fromisoformat(text)
    except ValueError:
        raise Invalid("stats.bad_day", field=name, name=name) from None


async def stats_export(ctx: Context, params: Params, fmt: Format) -> Download:
    node_id = params.global_id("nodeId", "OrgNode")
    start, end = _day(params, "from"), _day(params, "to")
    granularity = params.choice("granularity", Granularity) or Granularity.MONTH
    series = params.choice("table", Table) is Table.SERIES
    lang = params.lang()
    params.done()
    if node_id is None:
        raise Invalid("export.one_of", field="nodeId", name="nodeId", allowed="OrgNode")
    result = await stats(ctx, node_id, start, end, granularity)  # NOT_FOUND outside scope
    rows: list[Row]
    if series:
        rows = [
            [p.bucket.first.isoformat(), p.bucket.last.isoformat()]
            + [_cell(get(p.figures)) for _, get in FLOW]
            for p in result.series
        ]
    else:
        rows = [
            [row.node.name] + [_cell(get(row.figures)) for _, get in FLOW + NOW]
            for row in [result.total, *result.children]
        ]
    stamp = f"{start:%Y%m%d}-{end:%Y%m%d}"
    what = ("趋势", "series") if series else ("汇总", "figures")
    sheet = Sheet(
        columns=SERIES_COLUMNS if series else ROW_COLUMNS,
        name=f"统计{what[0]}-{result.node.name}-{stamp}",
        fallback_name=f"stats-{what[1]}-{stamp}",
        title=lang.pick(f"统计{what[0]}", what[1]),
    )
    return await download(ctx, sheet, ListSource(rows, ctx.services.export_max_rows), fmt, lang)
