"""Redemption (兑换) of volunteer points for goods of a community's catalogue, its yearly
window ("一年一兑换"), and dividends from a cooperative's income shared by points
(按合作社收入进行分红)."""

from schema.descriptions.shared import DATE_TIME, IN_NODE, connection, node_id, payload

COMMUNITY_READ = (
    "A community whose catalogue the viewer reads (a grant in, at or above it); any other node "
    "is NOT_FOUND."
)
CONFIGURE = "COMMUNITY_ADMIN and up at the community"

DESCRIPTIONS: dict[str, str] = {
    # ------------------------------------------------------------------ catalogue
    "Query.redemptionGoods": (
        "Goods of the catalogues (兑换目录) the viewer reads: their own community's for residents "
        "and building staff, every community in the subtree for street staff."
    ),
    "RedemptionGood": (
        "Goods residents redeem their volunteer points for (兑换物品), in one community's "
        "catalogue."
    ),
    **node_id("RedemptionGood", "goods"),
    "RedemptionGood.name": "The name (物品名称), unique in the community's catalogue.",
    "RedemptionGood.description": "What it is; may be empty.",
    "RedemptionGood.price": "Points one piece costs (所需积分), 1 to 1,000.",
    "RedemptionGood.stock": "Pieces left (库存); never below zero.",
    "RedemptionGood.active": "Offered now; goods taken off (下架) cannot be redeemed.",
    "RedemptionGood.yearlyLimit": (
        "The most one resident may redeem in a calendar year (每人每年限兑); null: no limit."
    ),
    "RedemptionGood.createdAt": f"When it was added {DATE_TIME}.",
    "RedemptionGood.updatedAt": f"When it or its stock last changed {DATE_TIME}.",
    "RedemptionGood.community": "The community whose catalogue it is in.",
    "RedemptionGood.stockChanges": (
        "Stock changes made by hand (库存调整), newest first, at most 20; redemptions and "
        "cancellations are the redemptions list."
    ),
    **connection("RedemptionGood", "goods"),
    "StockChange": "A change of a good's stock by hand: stocked, restocked or written off.",
    "StockChange.delta": "Pieces added (positive) or written off (negative).",
    "StockChange.stockAfter": "The stock right after the change.",
    "StockChange.reason": "Why; empty for the stock the goods were created with.",
    "StockChange.at": f"When {DATE_TIME}.",
    "RedemptionGoodFilter": "Which goods a list holds; conditions AND.",
    "RedemptionGoodFilter.communityId": f"Only this community's catalogue. {COMMUNITY_READ}",
    "RedemptionGoodFilter.search": "Name contains.",
    "RedemptionGoodFilter.active": "Only goods offered now (true) or taken off (false).",
    "RedemptionGoodFilter.inStock": "Only goods in stock (true) or sold out (false).",
    "RedemptionGoodFilter.maxPrice": "Only goods costing at most this many points.",
    "RedemptionGoodOrder": "The order of `redemptionGoods`; every order pages by keyset.",
    "RedemptionGoodOrder.ID": "By id, in the order goods were added.",
    "RedemptionGoodOrder.NAME": "By name, then id.",
    "RedemptionGoodOrder.PRICE_ASC": "Cheapest first.",
    "RedemptionGoodOrder.PRICE_DESC": "Dearest first.",
    "RedemptionGoodOrder.CREATED_DESC": "Newest first.",
    "Mutation.createRedemptionGood": (
        f"Adds goods to a community's catalogue ({CONFIGURE}); its stock is recorded as the "
        "first stock change. A name the catalogue holds already: CONFLICT."
    ),
    "Mutation.createRedemptionGood(input)": "The goods.",
    "CreateRedemptionGoodInput": "New goods of a catalogue.",
    "CreateRedemptionGoodInput.communityId": "The community (a COMMUNITY node).",
    "CreateRedemptionGoodInput.name": "The name, at most 100 characters.",
    "CreateRedemptionGoodInput.price": "Points per piece, 1 to 1,000 (else INVALID).",
    "CreateRedemptionGoodInput.stock": "Pieces in stock, 0 to 100,000 (else INVALID).",
    "CreateRedemptionGoodInput.description": "What it is, at most 500 characters.",
    "CreateRedemptionGoodInput.yearlyLimit": "Most per resident per year, 1 to 1,000; null: none.",
    "Mutation.updateRedemptionGood": (
        f"Changes goods ({CONFIGURE}): name, description, price, offered or not, yearly limit. "
        "The stock changes only by `adjustRedemptionStock` and by redeeming."
    ),
    "Mutation.updateRedemptionGood(id)": "The goods.",
    "Mutation.updateRedemptionGood(input)": "What changes; a field left out stays.",
    "UpdateRedemptionGoodInput": "Changes to goods; a field left out (or null) stays as it is.",
    "UpdateRedemptionGoodInput.name": "The new name.",
    "UpdateRedemptionGoodInput.description": "The new description.",
    "UpdateRedemptionGoodInput.price": "Points per piece, 1 to 1,000.",
    "UpdateRedemptionGoodInput.active": "false takes the goods off (下架), true offers them again.",
    "UpdateRedemptionGoodInput.yearlyLimit": (
        "Most per resident per year; null removes the limit, left out keeps it."
    ),
    "Mutation.adjustRedemptionStock": (
        f"Restocks or writes off goods ({CONFIGURE}), recorded with the reason; the stock never "
        "goes below zero, also against redemptions at the same moment (INVALID)."
    ),
    "Mutation.adjustRedemptionStock(id)": "The goods.",
    "Mutation.adjustRedemptionStock(delta)": (
        "Pieces added (positive) or written off (negative), not 0."
    ),
    "Mutation.adjustRedemptionStock(reason)": "Why (at most 200 characters).",
    **payload(
        "RedemptionGoodPayload",
        "good",
        "the goods as they are now",
        "`createRedemptionGood`, `updateRedemptionGood` and `adjustRedemptionStock`",
    ),
    # ------------------------------------------------------------------ the yearly window
    "Query.redemptionWindow": (
        "When in the year the community's residents redeem (一年一兑换): all year unless the "
        "community set a window."
    ),
    "Query.redemptionWindow(communityId)": COMMUNITY_READ,
    "RedemptionWindow": (
        "A community's yearly redemption window (兑换期), China time; opens and closes are both "
        "null when it redeems all year."
    ),
    "RedemptionWindow.community": "The community.",
    "RedemptionWindow.opens": "First day, MM-DD; null: all year.",
    "RedemptionWindow.closes": (
        "Last day, MM-DD (before `opens`: over the new year); null: all year."
    ),
    "RedemptionWindow.openToday": "Whether residents may redeem today.",
    "Mutation.setRedemptionWindow": (
        f"Sets the community's yearly redemption window ({CONFIGURE}); both days null: all year. "
        "Cancellations are allowed whenever."
    ),
    "Mutation.setRedemptionWindow(communityId)": "The community (a COMMUNITY node).",
    "Mutation.setRedemptionWindow(opens)": "First day, MM-DD (e.g. 12-01), or null with `closes`.",
    "Mutation.setRedemptionWindow(closes)": "Last day, MM-DD (e.g. 01-31), or null with `opens`.",
    **payload(
        "RedemptionWindowPayload", "window", "the window as it is now", "`setRedemptionWindow`"
    ),
    # ------------------------------------------------------------------ redemptions
    "Query.redemptions": (
        "Redemptions (兑换记录) the viewer reads: by the resident's building in their scope "
        "(BUILDING_LEADER and up, AUDITOR), or their own (RESIDENT)."
    ),
    "Redemption": (
        "Goods redeemed by a resident for volunteer points (积分兑换): one REDEMPTION entry of the "
        "ledger, written together with it."
    ),
    **node_id("Redemption", "redemption"),
    "Redemption.goodName": "The goods' name when redeemed.",
    "Redemption.quantity": "Pieces redeemed.",
    "Redemption.unitPrice": "Points per piece when redeemed.",
    "Redemption.points": "Points spent (quantity x unit price).",
    "Redemption.status": "Whether it stands or was cancelled.",
    "Redemption.redeemedAt": f"When {DATE_TIME}.",
    "Redemption.cancelledAt": f"When it was cancelled {DATE_TIME}; null while it stands.",
    "Redemption.cancelReason": "Why it was cancelled; empty while it stands.",
    "Redemption.good": "The goods.",
    "Redemption.resident": "Who redeemed; null when the viewer may not read their record.",
    "Redemption.building": "The resident's building when they redeemed.",
    "RedemptionStatus": "Where a redemption stands.",
    "RedemptionStatus.REDEEMED": "Redeemed (已兑换): points spent, goods handed over.",
    "RedemptionStatus.CANCELLED": "Cancelled (已撤销): points and stock given back.",
    **connection("Redemption", "redemptions"),
    "RedemptionFilter": "Which redemptions a list holds; conditions AND.",
    "RedemptionFilter.nodeId": f"By the resident's building. {IN_NODE}",
    "RedemptionFilter.goodId": "Only of these goods.",
    "RedemptionFilter.residentId": "Only this resident's.",
    "RedemptionFilter.householdId": "Only this household's.",
    "RedemptionFilter.status": "Only those in this status.",
    "RedemptionFilter.redeemedAfter": f"Redeemed at or after {DATE_TIME}.",
    "RedemptionFilter.redeemedBefore": f"Redeemed before {DATE_TIME}.",
    "RedemptionOrder": "The order of `redemptions`; every order pages by keyset.",
    "RedemptionOrder.ID": "By id.",
    "RedemptionOrder.REDEEMED_DESC": "Newest first.",
    "RedemptionOrder.REDEEMED_ASC": "Oldest first.",
    "Mutation.redeemGoods": (
        "Redeems goods for a resident's volunteer points (兑换): the resident themself "
        "(RESIDENT), or staff at the counter (BUILDING_LEADER and up at the resident's "
        "building). Within the community's window; never more than the balance or the stock, "
        "also against requests at the same moment (INVALID), never over the yearly limit."
    ),
    "Mutation.redeemGoods(input)": "What and for whom.",
    "RedeemGoodsInput": "A redemption.",
    "RedeemGoodsInput.goodId": "Goods of the resident's own community's catalogue, offered now.",
    "RedeemGoodsInput.quantity": "Pieces, 1 to 100; at most 1,000 points at a time.",
    "RedeemGoodsInput.residentId": (
        "Who redeems; left out: the resident linked to the viewer's account."
    ),
    "Mutation.cancelRedemption": (
        "Cancels a redemption (撤销): a correction gives the points back and the stock returns "
        "(COMMUNITY_ADMIN and up in scope, never for their own). Once only "
        "(INVALID_TRANSITION)."
    ),
    "Mutation.cancelRedemption(id)": "The redemption.",
    "Mutation.cancelRedemption(reason)": "Why (at most 200 characters), kept with it.",
    **payload(
        "RedemptionPayload",
        "redemption",
        "the redemption as it is now",
        "`redeemGoods` and `cancelRedemption`",
    ),
    # ------------------------------------------------------------------ dividends
    "Query.dividendDistributions": (
        "Dividend distributions (分红) of the communities whose catalogue the viewer reads."
    ),
    "DividendDistribution": (
        "A cooperative's income for a period shared among the community's households by the "
        "volunteer points they earned in it (按合作社收入进行分红). Money, in fen; no points "
        "are spent."
    ),
    **node_id("DividendDistribution", "distribution"),
    "DividendDistribution.cooperative": "The cooperative (合作社) whose income it is.",
    "DividendDistribution.incomeFen": "The income shared out, in fen (分); the lines add up to it.",
    "DividendDistribution.periodStart": "First day of the period (China time).",
    "DividendDistribution.periodEnd": "Last day of the period (China time).",
    "DividendDistribution.totalPoints": "All points the sharing households earned in the period.",
    "DividendDistribution.note": "A note; may be empty.",
    "DividendDistribution.createdAt": f"When it was recorded {DATE_TIME}.",
    "DividendDistribution.community": "The community.",
    **connection("DividendDistribution", "distributions"),
    "DividendDistributionFilter": "Which distributions a list holds.",
    "DividendDistributionFilter.communityId": f"Only this community's. {COMMUNITY_READ}",
    "DividendDistributionOrder": "The order of `dividendDistributions`; pages by keyset.",
    "DividendDistributionOrder.ID": "By id.",
    "DividendDistributionOrder.CREATED_DESC": "Newest first.",
    "Query.dividendLines": (
        "Households' shares of distributions the viewer reads: by the household's building in "
        "their scope (BUILDING_LEADER and up, AUDITOR), or their own household's (RESIDENT)."
    ),
    "DividendLine": "One household's share of a distribution (分红明细).",
    **node_id("DividendLine", "line"),
    "DividendLine.points": "The household's points in the period.",
    "DividendLine.amountFen": (
        "Its share in fen: income x points / all points, rounded down, the fen left over going "
        "to the largest remainders."
    ),
    "DividendLine.distribution": "The distribution.",
    "DividendLine.household": "The household; null when the viewer may not read it.",
    **connection("DividendLine", "dividend lines"),
    "DividendLineFilter": "Which lines a list holds; conditions AND.",
    "DividendLineFilter.distributionId": "Only this distribution's.",
    "DividendLineFilter.householdId": "Only this household's.",
    "DividendLineFilter.nodeId": f"By the household's building. {IN_NODE}",
    "DividendLineOrder": "The order of `dividendLines`; every order pages by keyset.",
    "DividendLineOrder.ID": "By id.",
    "DividendLineOrder.AMOUNT_DESC": "Largest share first.",
    "DividendLineOrder.POINTS_DESC": "Most points first.",
    "Mutation.distributeDividend": (
        "Records a cooperative's income for a period and shares it among the community's "
        f"households by their volunteer points in it ({CONFIGURE}): deeds and their "
        "corrections count, redemptions do not. No household earned points: INVALID."
    ),
    "Mutation.distributeDividend(input)": "The income and the period.",
    "DistributeDividendInput": "A cooperative's income to share out.",
    "DistributeDividendInput.communityId": "The community (a COMMUNITY node).",
    "DistributeDividendInput.cooperative": "The cooperative's name, at most 100 characters.",
    "DistributeDividendInput.incomeFen": "The income in fen (分), 1 to 2,000,000,000.",
    "DistributeDividendInput.periodStart": "First day of the period.",
    "DistributeDividendInput.periodEnd": (
        "Last day, today at the latest; the period is at most 366 days."
    ),
    "DistributeDividendInput.note": "A note, at most 500 characters.",
    **payload(
        "DividendDistributionPayload",
        "distribution",
        "the distribution recorded",
        "`distributeDividend`",
    ),
}
