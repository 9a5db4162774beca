"""GET /exports/service-items.csv|.xlsx[?communityId=...]: the service items (服务事项) the viewer
reads, from the same scoped query as `serviceItems`; a community whose items the viewer cannot
read answers 404, as a missing one."""

import models
from resolvers.context import Context
from resolvers.conventions.lists import SERVICE_ITEMS
from resolvers.errors import NotFound
from resolvers.exports.download import Download, KeysetSource, Sheet, download
from resolvers.exports.params import Params
from resolvers.exports.tabular import Column, Format, Row, local_minute

COLUMNS = (
    Column("社区", "community", width=16),
    Column("序号", "number", width=6),
    Column("类别", "category", width=10),
    Column("服务事项", "title", width=24),
    Column("内容", "description", width=40),
    Column("状态", "status", width=8),
    Column("议定时间", "created_at", width=18),
)
STATUS_LABELS = {
    models.ServiceItemStatus.ACTIVE: "服务中",
    models.ServiceItemStatus.SUSPENDED: "暂停",
    models.ServiceItemStatus.RETIRED: "已停止",
}


async def service_items_export(ctx: Context, params: Params, fmt: Format) -> Download:
    community_id = params.global_id("communityId", "OrgNode")
    lang = params.lang()
    params.done()
    query = SERVICE_ITEMS.rows(ctx)
    if community_id is not None:
        query = query.filter(community_id=community_id)
        if not await query.exists():
            raise NotFound("conventions.no_item", field="communityId")

    async def rows_of(page: list[models.ServiceItem]) -> list[Row]:
        ids = sorted({row.community_id for row in page})
        nodes = await ctx.loaders.anchor_node_by_id.load_many(ids)
        names = {
            pk: node.name if node is not None else "" for pk, node in zip(ids, nodes, strict=True)
        }
        return [
            [
                names[row.community_id],
                str(row.number),
                lang.label(models.SERVICE_CATEGORY_LABELS, row.category),
                row.title,
                row.description,
                lang.label(STATUS_LABELS, row.status),
                local_minute(row.created_at),
            ]
            for row in page
        ]

    sheet = Sheet(
        columns=COLUMNS,
        name="服务事项",
        fallback_name="service-items",
        title=lang.pick("服务事项", "service items"),
    )
    source = KeysetSource(query, rows_of, cap=ctx.services.export_max_rows)
    return await download(ctx, sheet, source, fmt, lang)
