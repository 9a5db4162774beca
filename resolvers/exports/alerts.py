"""GET /exports/alerts.csv|.xlsx?nodeId=&status=&kind=&escalated=: the alerts (告警台账) the
viewer reads, from the same scoped query as `alerts`. The elder is named by building only: the
file travels further than the screen, where the elder's record is read (and masked) in scope."""

import models
from resolvers.alerts.reading import AlertFilter, filtered_alerts
from resolvers.context import Context
from resolvers.exports.download import Download, KeysetSource, Sheet, download
from resolvers.exports.params import Params
from resolvers.exports.tabular import Column, Format, Row, local_minute

COLUMNS = (
    Column("告警类型", "kind", width=12),
    Column("状态", "status", width=10),
    Column("楼栋", "building", width=20),
    Column("设备", "device", width=14),
    Column("告警时间", "raised_at", width=18),
    Column("响应期限", "deadline_at", width=18),
    Column("响应时间", "acknowledged_at", width=18),
    Column("上报社区时间", "escalated_at", width=18),
    Column("办结时间", "closed_at", width=18),
    Column("处置方式", "follow_up", width=10),
    Column("处置情况", "note", width=40),
)


async def alerts_export(ctx: Context, params: Params, fmt: Format) -> Download:
    node_id = params.global_id("nodeId", "OrgNode")
    status = params.choice("status", models.AlertStatus)
    kind = params.choice("kind", models.AlarmKind)
    escalated = params.boolean("escalated")
    lang = params.lang()
    params.done()
    where = AlertFilter(
        node_id=node_id,
        status=[status] if status else None,
        kind=[kind] if kind else None,
        escalated=escalated,
    )
    query = await filtered_alerts(ctx, where)  # a node out of scope: NOT_FOUND

    async def rows_of(page: list[models.Alert]) -> list[Row]:
        node_ids = sorted({row.node_id for row in page})
        nodes = await ctx.loaders.anchor_node_by_id.load_many(node_ids)
        names = {pk: node.name for pk, node in zip(node_ids, nodes, strict=True) if node}
        device_ids = sorted({row.device_id for row in page})
        devices = await ctx.loaders.device_by_id.load_many(device_ids)
        kinds = {pk: d.kind for pk, d in zip(device_ids, devices, strict=True) if d}
        return [
            [
                lang.label(models.ALARM_KIND_LABELS, row.kind),
                lang.label(models.ALERT_STATUS_LABELS, row.status),
                names.get(row.node_id, ""),
                lang.label(models.DEVICE_KIND_LABELS, kinds[row.device_id])
                if row.device_id in kinds
                else "",
                local_minute(row.raised_at),
                local_minute(row.deadline_at),
                local_minute(row.acknowledged_at),
                local_minute(row.escalated_at),
                local_minute(row.closed_at),
                lang.label(models.FOLLOW_UP_LABELS, row.follow_up) if row.follow_up else "",
                row.note,
            ]
            for row in page
        ]

    sheet = Sheet(
        columns=COLUMNS,
        name="告警台账",
        fallback_name="alerts",
        title=lang.pick("告警台账", "alerts"),
    )
    source = KeysetSource(query, rows_of, cap=ctx.services.export_max_rows)
    return await download(ctx, sheet, source, fmt, lang)
