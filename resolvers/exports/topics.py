"""GET /exports/topics.csv|.xlsx?nodeId=&status=&category=: the topics (议题台账) the viewer
reads, from the same scoped query as `topics`. Who raised a topic is not in the file (it is
personal, shown only to some viewers on the topic itself)."""

import models
from resolvers.context import Context
from resolvers.exports.download import Download, KeysetSource, Sheet, download
from resolvers.exports.params import Params
from resolvers.exports.tabular import Column, Format, Row, local_minute
from resolvers.topics.reading import TopicFilter, filtered_topics

COLUMNS = (
    Column("标题", "title", width=30),
    Column("类别", "category", width=10),
    Column("状态", "status", width=8),
    Column("层级", "level", width=8),
    Column("提出楼栋", "building", width=20),
    Column("当前受理", "node", width=20),
    Column("附议人数", "supporters", width=8),
    Column("提出时间", "created_at", width=18),
    Column("决定时间", "decided_at", width=18),
    Column("决定说明", "decision_note", width=30),
)
STATUS_LABELS = {
    models.TopicStatus.OPEN: "议事中",
    models.TopicStatus.ADOPTED: "已采纳",
    models.TopicStatus.DECLINED: "未采纳",
    models.TopicStatus.MERGED: "已合并",
}
LEVEL_LABELS = {
    models.TopicLevel.BUILDING: "楼栋",
    models.TopicLevel.GRID: "网格",
    models.TopicLevel.COMMUNITY: "社区",
}


async def topics_export(ctx: Context, params: Params, fmt: Format) -> Download:
    node_id = params.global_id("nodeId", "OrgNode")
    status = params.choice("status", models.TopicStatus)
    category = params.choice("category", models.TopicCategory)
    lang = params.lang()
    params.done()
    where = TopicFilter(
        node_id=node_id,
        status=[status] if status else None,
        category=[category] if category else None,
    )
    query = await filtered_topics(ctx, where)  # a node out of scope: NOT_FOUND

    async def rows_of(page: list[models.Topic]) -> list[Row]:
        node_ids = sorted({row.building_id for row in page} | {row.node_id for row in page})
        nodes = await ctx.loaders.anchor_node_by_id.load_many(node_ids)
        names = {pk: node.name for pk, node in zip(node_ids, nodes, strict=True) if node}
        return [
            [
                row.title,
                lang.label(models.TOPIC_CATEGORY_LABELS, row.category),
                lang.label(STATUS_LABELS, row.status),
                lang.label(LEVEL_LABELS, row.level),
                names.get(row.building_id, ""),
                names.get(row.node_id, ""),
                str(row.supporter_count),
                local_minute(row.created_at),
                local_minute(row.decided_at),
                row.decision_note,
            ]
            for row in page
        ]

    sheet = Sheet(
        columns=COLUMNS,
        name="议题台账",
        fallback_name="topics",
        title=lang.pick("议题台账", "topics"),
    )
    source = KeysetSource(query, rows_of, cap=ctx.services.export_max_rows)
    return await download(ctx, sheet, source, fmt, lang)
