"""Figures (统计, 数据汇总): a node's counts rolled up from below, per child and per period."""

HIDDEN = "null when the viewer may not read what it counts"

FLOW: dict[str, str] = {
    "casesSubmitted": (
        "Cases submitted in the range (收集群众诉求); disputes only for viewers who read them; "
        f"{HIDDEN}."
    ),
    "casesResolved": (
        "Cases resolved in the range and not sent back since (解决群众实际困难): resolved, "
        f"rated or verified; {HIDDEN}."
    ),
    "resolvedWithinDeadline": (
        "Of casesResolved, those resolved within their resolution deadline (按时办结), by the "
        f"community's current deadline rules; {HIDDEN}."
    ),
    "averageRating": (
        "The average rating (群众评单, 1 to 5) of the rated cases among casesResolved; null when "
        "none was rated or the viewer may not read cases."
    ),
    "hazardsFound": f"Hazards reported in the range (排查隐患); {HIDDEN}.",
    "hazardsFixed": f"Hazards resolved in the range (整改隐患); {HIDDEN}.",
    "disputesMediated": (
        "Disputes resolved in the range (化解矛盾纠纷): only for viewers who read disputes "
        "(community level and up), else null."
    ),
    "activeVolunteers": (
        "Residents who served at a volunteer activity (志愿者), checked out in the range; each "
        f"counted once, so a parent's count may be less than its children's sum; {HIDDEN}."
    ),
    "volunteerHours": (
        f"Hours served at volunteer activities in the range (志愿服务时长); {HIDDEN}."
    ),
    "pointsIssued": (
        "Points earned in the range (积分发放) by activities, cases and by hand, less their "
        f"corrections; {HIDDEN}."
    ),
    "pointsRedeemed": (
        f"Points spent on goods in the range (积分兑换), less cancelled redemptions; {HIDDEN}."
    ),
}

DESCRIPTIONS: dict[str, str] = {
    "Query.stats": (
        "Figures (统计, 数据汇总) of a node's subtree and of each of its children, rolled up "
        "from below (a child's figures cover its whole subtree), with the node's series per "
        "period in Asia/Shanghai. A node outside the viewer's stats scope is NOT_FOUND, as a "
        "missing one; `from` after `to`, or a range longer than two years by DAY (ten years "
        "by WEEK or MONTH), is INVALID. Building leaders and up, and auditors; each figure only "
        "where the viewer reads what it counts."
    ),
    "Query.stats(nodeId)": (
        "A street, community, grid or building (not a central household: INVALID)."
    ),
    "Query.stats(from)": "The first local day of the range (Asia/Shanghai), included.",
    "Query.stats(to)": "The last local day of the range (Asia/Shanghai), included.",
    "Query.stats(granularity)": "The periods of the series: days, weeks or months.",
    "StatsGranularity": "The periods a series is cut into (统计周期), local to Asia/Shanghai.",
    "StatsGranularity.DAY": "Local days (按日); at most two years.",
    "StatsGranularity.WEEK": "Weeks from Monday (按周); at most ten years.",
    "StatsGranularity.MONTH": "Calendar months (按月); at most ten years.",
    "Stats": "Figures of a node (数据汇总): its subtree, each child, and its series by period.",
    "Stats.node": "The node asked for.",
    "Stats.from": "The range's first local day.",
    "Stats.to": "The range's last local day.",
    "Stats.granularity": "How `series` is cut.",
    "Stats.total": (
        "The node's whole subtree: for additive figures the sum of `children` plus what lies at "
        "the node itself."
    ),
    "Stats.children": (
        "One row per child node (下级), each rolling up its own subtree; none for a building "
        "(central households link households rather than hold them)."
    ),
    "Stats.series": (
        "The node's flow figures per period (趋势), every period of the range in order, empty "
        "ones included; the first and last are cut to the range."
    ),
    "StatsRow": "The figures of one node's subtree (统计行); null where hidden from the viewer.",
    "StatsRow.node": "The node this row rolls up.",
    "StatsRow.casesByKindAndStatus": (
        "Cases submitted in the range by kind and their status now (按类型和状态); kinds the "
        "viewer may not read are left out; null when the viewer reads no cases."
    ),
    "StatsRow.residents": f"Active residents now (居民人数; not in the range); {HIDDEN}.",
    "StatsRow.households": f"Active households now (户数); {HIDDEN}.",
    "StatsRow.partyMembers": f"Party members among the residents now (党员人数); {HIDDEN}.",
    "StatsRow.eldersLivingAlone": (
        f"Residents tagged as elders living alone now (独居老人); {HIDDEN}."
    ),
    "StatsRow.openAlerts": (
        "Elder-care alerts not yet closed now (未处理告警): all of them for the building's "
        "stewards, the grid and auditors; for the community and above, who read alerts only "
        "once escalated (上报), the escalated ones; null when the viewer reads no alerts."
    ),
    "StatsPeriod": "The flow figures of one period (统计周期) of the node's subtree.",
    "StatsPeriod.start": "The period's first local day (cut to the range).",
    "StatsPeriod.end": "The period's last local day, included (cut to the range).",
    "CaseCount": "How many cases of one kind are in one status (案件计数).",
    "CaseCount.kind": "The cases' kind.",
    "CaseCount.status": "Their status now.",
    "CaseCount.count": "How many.",
    **{f"StatsRow.{name}": text for name, text in FLOW.items()},
    **{
        f"StatsPeriod.{name}": text.replace(" in the range", " in the period")
        for name, text in FLOW.items()
    },
}
