"""GET /exports/redemptions.csv|.xlsx and /exports/dividend.csv|.xlsx: the redemptions list and
one dividend distribution's lines as files, with the same scope and filters as the lists."""

from collections.abc import Sequence

import models
from policies.authorizer import readable_households_filter
from resolvers.context import Context
from resolvers.errors import Invalid
from resolvers.exports.download import Download, KeysetSource, Sheet, download
from resolvers.exports.params import Params
from resolvers.exports.tabular import Column, Format, Row, local_minute
from resolvers.redemption.dividends import DISTRIBUTIONS, LineFilter, filtered_lines
from resolvers.redemption.redeeming import RedemptionFilter, filtered_redemptions
from resolvers.validation import today

REDEMPTION_COLUMNS = (
    Column("兑换时间", "redeemed_at", width=18),
    Column("居民", "resident", width=12),
    Column("户号", "household", width=10, as_text=True),
    Column("楼栋", "building", width=20),
    Column("物品", "goods", width=20),
    Column("数量", "quantity", width=6),
    Column("单价积分", "unit_price", width=8),
    Column("积分", "points", width=8),
    Column("状态", "status", width=8),
    Column("撤销时间", "cancelled_at", width=18),
    Column("撤销原因", "cancel_reason", width=24),
)
LINE_COLUMNS = (
    Column("户号", "household", width=10, as_text=True),
    Column("楼栋", "building", width=20),
    Column("积分", "points", width=8),
    Column("分红金额（元）", "amount_yuan", width=14, as_text=True),
)
STATUS_LABELS = {
    models.RedemptionStatus.REDEEMED: "已兑换",
    models.RedemptionStatus.CANCELLED: "已撤销",
}


def yuan(fen: int) -> str:
    """12345 fen -> "123.45"."""
    return f"{fen // 100}.{fen % 100:02d}"


async def _readable_households(ctx: Context, ids: Sequence[int]) -> dict[int, models.Household]:
    """The households among `ids` the viewer reads (with their building); others stay blank."""
    scope = readable_households_filter(ctx.viewer)
    query = models.Household.filter(id__in=sorted(set(ids))).select_related("building")
    rows = await (query if scope is None else query.filter(scope))
    return {row.id: row for row in rows}


async def _building_names(ids: Sequence[int]) -> dict[int, str]:
    """The buildings' names (a building's name is no personal data)."""
    rows = await models.OrgNode.filter(id__in=sorted(set(ids))).values_list("id", "name")
    return dict(rows)


def redemption_filter(params: Params) -> RedemptionFilter:
    return RedemptionFilter(
        node_id=params.global_id("nodeId", "OrgNode"),
        good_id=params.global_id("goodId", "RedemptionGood"),
        resident_id=params.global_id("residentId", "Resident"),
        household_id=params.global_id("householdId", "Household"),
        status=params.choice("status", models.RedemptionStatus),
    )


async def redemptions_export(ctx: Context, params: Params, fmt: Format) -> Download:
    where = redemption_filter(params)
    lang = params.lang()
    params.done()
    query = await filtered_redemptions(ctx, where)  # UNAUTHENTICATED, NOT_FOUND first

    async def rows_of(page: list[models.Redemption]) -> list[Row]:
        households = await _readable_households(ctx, [r.household_id for r in page])
        scope = readable_households_filter(ctx.viewer, "household__")
        residents = models.Resident.filter(id__in=sorted({r.resident_id for r in page}))
        names = dict(
            await (residents if scope is None else residents.filter(scope)).values_list(
                "id", "name"
            )
        )
        buildings = await _building_names([r.building_id for r in page])
        rows: list[Row] = []
        for r in page:
            household = households.get(r.household_id)
            status = lang.label(STATUS_LABELS, r.status)
            rows.append(
                [
                    local_minute(r.redeemed_at),
                    str(names.get(r.resident_id, "")),
                    household.number if household else "",
                    buildings.get(r.building_id, ""),
                    r.good_name,
                    str(r.quantity),
                    str(r.unit_price),
                    str(r.points),
                    status,
                    local_minute(r.cancelled_at),
                    r.cancel_reason,
                ]
            )
        return rows

    day = today().strftime("%Y%m%d")
    sheet = Sheet(
        columns=REDEMPTION_COLUMNS,
        name=f"兑换记录-{day}",
        fallback_name=f"redemptions-{day}",
        title=lang.pick("兑换记录", "redemptions"),
    )
    source = KeysetSource(query, rows_of, cap=ctx.services.export_max_rows)
    return await download(ctx, sheet, source, fmt, lang)


async def dividend_export(ctx: Context, params: Params, fmt: Format) -> Download:
    distribution_id = params.global_id("distributionId", "DividendDistribution")
    node_id = params.global_id("nodeId", "OrgNode")
    lang = params.lang()
    params.done()
    if distribution_id is None:
        raise Invalid("export.needs_distribution", field="distributionId")
    distribution = await DISTRIBUTIONS.require(ctx, distribution_id)
    query = await filtered_lines(ctx, LineFilter(distribution_id=distribution.id, node_id=node_id))

    async def rows_of(page: list[models.DividendLine]) -> list[Row]:
        households = await _readable_households(ctx, [line.household_id for line in page])
        buildings = await _building_names([line.building_id for line in page])
        rows: list[Row] = []
        for line in page:
            household = households.get(line.household_id)
            rows.append(
                [
                    household.number if household else "",
                    buildings.get(line.building_id, ""),
                    str(line.points),
                    yuan(line.amount_fen),
                ]
            )
        return rows

    period = f"{distribution.period_start:%Y%m%d}-{distribution.period_end:%Y%m%d}"
    sheet = Sheet(
        columns=LINE_COLUMNS,
        name=f"分红明细-{distribution.cooperative}-{period}",
        fallback_name=f"dividend-{distribution.id}-{period}",
        title=lang.pick("分红明细", "dividend"),
    )
    source = KeysetSource(query, rows_of, cap=ctx.services.export_max_rows)
    return await download(ctx, sheet, source, fmt, lang)
