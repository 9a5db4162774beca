"""The points system (积分制): rules (积分条款), the ledger (积分台账), balances, period totals
and rankings (一周一统计、一月一评比), quarterly notices (积分公示)."""

from schema.descriptions.shared import DATE_TIME, IN_NODE, connection, node_id, payload

RULE = "points rule (积分条款)"
ONE_OF = "Give exactly one of residentId, householdId and userId (else INVALID)."

DESCRIPTIONS: dict[str, str] = {
    # ------------------------------------------------------------------ rules
    "PointRule": (
        "One version of a points rule (积分条款) of a community, or a default a street "
        "publishes for its communities to copy. Editing adds a version and retires the last."
    ),
    **node_id("PointRule", RULE),
    "PointRule.code": "The rule's code within its community (编号), upper-case, e.g. V01.",
    "PointRule.version": "1 for the first version; each edit adds one.",
    "PointRule.kind": "Volunteer points for residents, or duty points for cadres.",
    "PointRule.category": "What the rule rewards (类别).",
    "PointRule.description": "What earns the points (条款内容), at most 200 characters.",
    "PointRule.points": "Points one entry gives (分值); for a variable rule, the most.",
    "PointRule.variable": "True: the recorder gives 1 to `points`; false: exactly `points`.",
    "PointRule.capPerWeek": "The most one person earns by it in a week (每周上限); null: none.",
    "PointRule.capPerMonth": "The most one person earns by it in a month (每月上限); null: none.",
    "PointRule.current": "False once a newer version replaced it or it was retired (停用).",
    "PointRule.createdAt": f"When this version was made {DATE_TIME}.",
    "PointRule.node": "The community (or, for a default, the street) the rule belongs to.",
    "PointRule.copiedFrom": "The street default this rule was copied from; null when none.",
    "PointKind": "Kinds of points.",
    "PointKind.VOLUNTEER": "Volunteer points (志愿积分) of residents, and through them households.",
    "PointKind.DUTY": "Duty points (履职积分) of cadres, by user account.",
    "RuleCategory": "What a rule rewards.",
    "RuleCategory.VOLUNTEERING": "Volunteer service (志愿服务).",
    "RuleCategory.NEIGHBOURLINESS": "Helping neighbours (邻里互助).",
    "RuleCategory.ENVIRONMENT": "Environment and hygiene (环境卫生).",
    "RuleCategory.SAFETY": "Safety and order (平安建设).",
    "RuleCategory.CIVILITY": "Civility and good customs (文明新风).",
    "RuleCategory.DUTY": "Cadres' duties (干部履职): the category of every DUTY rule.",
    **connection("PointRule", "points rules"),
    "Query.pointRules": (
        "Points rules (积分条款) of the nodes the viewer reads and of those above them (a "
        "street's defaults): residents read their community's list. Current versions only "
        "unless `filter.includeRetired`."
    ),
    "PointRuleFilter": "Which rules; every condition given applies (AND).",
    "PointRuleFilter.nodeId": IN_NODE,
    "PointRuleFilter.kind": "Only rules of this kind of points.",
    "PointRuleFilter.category": "Only rules of this category.",
    "PointRuleFilter.code": "Only versions of this code.",
    "PointRuleFilter.includeRetired": "Retired and replaced versions too.",
    "PointRuleFilter.search": "Description contains.",
    "PointRuleOrder": "The order of `pointRules`; every order pages by keyset.",
    "PointRuleOrder.ID": "By id, in the order versions were made.",
    "PointRuleOrder.CODE": "By code, then id (the default).",
    "PointRuleOrder.POINTS_DESC": "Most points first.",
    "PointRuleOrder.CREATED_DESC": "Newest version first.",
    "PointRuleInput": "A rule's content; an edit replaces all of it (a new version).",
    "PointRuleInput.description": "What earns the points, 1 to 200 characters.",
    "PointRuleInput.points": "1 to 1,000 points.",
    "PointRuleInput.category": "DUTY for (and only for) duty rules.",
    "PointRuleInput.capPerWeek": "Null for no cap; else from `points` to 10,000.",
    "PointRuleInput.capPerMonth": "Null for no cap; else `points` to 10,000, at least the week's.",
    "PointRuleInput.variable": "The recorder gives 1 to `points` per entry.",
    **payload("PointRulePayload", "rule", "the rule's version", "the rule mutations"),
    **payload("CopyPointRulesPayload", "rules", "the community's new copies", "copyPointRules"),
    "Mutation.createPointRule": (
        "Add a rule (积分条款) to a community (COMMUNITY_ADMIN and up), or a default to a "
        "street (STREET_ADMIN and up). A current rule with the code there is CONFLICT."
    ),
    "Mutation.createPointRule(nodeId)": "The community, or the street for a default.",
    "Mutation.createPointRule(code)": "1 to 32 letters, digits, - or _; stored upper-case.",
    "Mutation.createPointRule(input)": "The rule's content.",
    "Mutation.createPointRule(kind)": "VOLUNTEER (the default) or DUTY.",
    "Mutation.updatePointRule": (
        "Edit a rule: the current version is retired and the next one made, under one "
        "current version whatever runs at once (an edit of a retired version is CONFLICT)."
    ),
    "Mutation.updatePointRule(id)": "The rule's current version.",
    "Mutation.updatePointRule(input)": "The whole new content (its kind stays).",
    "Mutation.retirePointRule": "Retire a rule (停用): no entry is recorded by it any more.",
    "Mutation.retirePointRule(id)": "The rule's current version.",
    "Mutation.copyPointRules": (
        "Copy the street's current default rules into a community (COMMUNITY_ADMIN and up); "
        "codes the community already has are left as they are. Answers the copies made."
    ),
    "Mutation.copyPointRules(communityId)": "The community.",
    "Mutation.copyPointRules(ruleIds)": "Only these defaults (of the street above); all if null.",
    # ------------------------------------------------------------------ the ledger
    "PointEntry": (
        "One entry of the points ledger (积分台账, 一事一记录). Entries never change: a "
        "correction is a new entry reversing one earlier entry."
    ),
    **node_id("PointEntry", "ledger entry"),
    "PointEntry.kind": "Volunteer or duty points.",
    "PointEntry.amount": "Points: positive when earned; negative for a correction or a spend.",
    "PointEntry.reason": "Why, as the recorder wrote it (事由).",
    "PointEntry.source": "What the entry came from.",
    "PointEntry.at": (
        f"When it counts {DATE_TIME}; a correction has the time of the entry it reverses."
    ),
    "PointEntry.householdId": "The resident's household when earned (volunteer points).",
    "PointEntry.userId": "The cadre's account (duty points); null for volunteer points.",
    "PointEntry.reversesId": "For a correction, the entry it reverses; else null.",
    "PointEntry.resident": "The resident (volunteer points); null when not readable.",
    "PointEntry.node": "Where it was earned: the resident's building, or a case's node.",
    "PointEntry.rule": "The rule version used; null when none.",
    "PointSource": "What an entry came from.",
    "PointSource.ACTIVITY": "A volunteer activity's check-out (志愿活动).",
    "PointSource.CASE": "A case the cadre handled was verified (诉求办理).",
    "PointSource.MANUAL": "Recorded by a leader by a rule (手工记录).",
    "PointSource.CORRECTION": "Reverses one earlier entry (更正).",
    "PointSource.REDEMPTION": "Spent on goods (兑换).",
    "PointSource.DIVIDEND": "A cooperative's income shared by points (分红).",
    **connection("PointEntry", "ledger entries"),
    "Query.pointEntries": (
        "Ledger entries (积分台账) at nodes where the viewer reads points (BUILDING_LEADER "
        "and up, AUDITOR); newest first unless `orderBy` says otherwise."
    ),
    "PointEntryFilter": "Which entries; every condition given applies (AND).",
    "PointEntryFilter.nodeId": IN_NODE,
    "PointEntryFilter.residentId": "Only this resident's entries.",
    "PointEntryFilter.householdId": "Only entries of this household's members.",
    "PointEntryFilter.userId": "Only this cadre's duty entries.",
    "PointEntryFilter.kind": "Only this kind of points.",
    "PointEntryFilter.source": "Only entries from this source.",
    "PointEntryFilter.ruleId": "Only entries by this rule version.",
    "PointEntryFilter.period": "Only entries in the period holding `day` (with `day`).",
    "PointEntryFilter.day": "A day (Asia/Shanghai) in `period`.",
    "PointsPeriod": "Periods of the points system, in Asia/Shanghai time.",
    "PointsPeriod.WEEK": "Monday to Sunday (一周一统计).",
    "PointsPeriod.MONTH": "A calendar month (一月一评比).",
    "PointsPeriod.QUARTER": "January-March, April-June, ... (一季一公示).",
    "PointsPeriod.YEAR": "A calendar year (一年一兑换).",
    "PointEntryOrder": "The order of ledger entries; every order pages by keyset.",
    "PointEntryOrder.ID": "In the order entries were written.",
    "PointEntryOrder.AT_DESC": "Newest first (the default).",
    "PointEntryOrder.AT_ASC": "Oldest first.",
    "PointBalance": "A balance (积分余额) and what was earned this week and this month.",
    "PointBalance.total": "Every entry summed: earned, corrected and spent.",
    "PointBalance.thisWeek": "Earned this week (corrections netted), Asia/Shanghai.",
    "PointBalance.thisMonth": "Earned this calendar month (corrections netted).",
    "Query.pointBalance": (
        "A resident's or household's volunteer points (points read at their building, else "
        "NOT_FOUND), or a cadre's duty points: one's own in full, another's as far as the "
        "entries lie in the viewer's scope. " + ONE_OF
    ),
    "Query.pointBalance(residentId)": "A resident.",
    "Query.pointBalance(householdId)": "A household (its members' volunteer points).",
    "Query.pointBalance(userId)": "A cadre's account (duty points).",
    "MyPointsResult": (
        "The signed-in user's own points (我的积分): nothing of anyone else's but their "
        "household's total."
    ),
    "MyPointsResult.balance": "Their volunteer points (0 when the account is tied to no resident).",
    "MyPointsResult.householdTotal": "Their household's volunteer points, all members summed.",
    "MyPointsResult.duty": "Their duty points (履职积分), for a cadre's account.",
    "MyPointsResult.residentId": "The resident the account is tied to; null when none.",
    "MyPointsResult.entries": "Their own entries, volunteer and duty.",
    "Query.myPoints": "The signed-in user's own points (我的积分).",
    **payload("PointEntryPayload", "entry", "the entry written", "the recording mutations"),
    "RecordPointsInput": "A deed to record (一事一记录).",
    "RecordPointsInput.residentId": "The resident; outside the recorder's buildings NOT_FOUND.",
    "RecordPointsInput.ruleId": "A current VOLUNTEER rule of the resident's own community.",
    "RecordPointsInput.reason": "What they did, 1 to 200 characters.",
    "RecordPointsInput.amount": (
        "Null: the rule's points. A fixed rule takes only its points; a variable one 1 to "
        "its points. Zero or negative is INVALID."
    ),
    "RecordDutyPointsInput": "Duty done by a cadre (履职).",
    "RecordDutyPointsInput.userId": "A cadre holding a staff role in the recorder's scope.",
    "RecordDutyPointsInput.nodeId": "Where the duty was done (in the recorder's scope).",
    "RecordDutyPointsInput.ruleId": "A current DUTY rule of that node's community.",
    "RecordDutyPointsInput.reason": "What they did, 1 to 200 characters.",
    "RecordDutyPointsInput.amount": "As for recordPoints.",
    "Mutation.recordPoints": (
        "Record volunteer points (志愿积分) for a resident of the recorder's subtree "
        "(BUILDING_LEADER and up) by a rule of their community, within its caps. Nobody "
        "records points for themselves or their own household (FORBIDDEN)."
    ),
    "Mutation.recordPoints(input)": "The deed.",
    "Mutation.recordDutyPoints": (
        "Record duty points (履职积分) for a cadre (COMMUNITY_ADMIN and up in scope), by a "
        "duty rule; never for oneself."
    ),
    "Mutation.recordDutyPoints(input)": "The duty.",
    "Mutation.correctPointEntry": (
        "Reverse an earned entry (更正, COMMUNITY_ADMIN and up at its node): a new entry of "
        "the opposite amount, counted in the same period. Once per entry (else CONFLICT); "
        "points already spent cannot be corrected away (INVALID)."
    ),
    "Mutation.correctPointEntry(entryId)": "The entry to reverse.",
    "Mutation.correctPointEntry(reason)": "Why, 1 to 200 characters.",
    # ------------------------------------------------------------------ rankings
    "PointsRankingRow": "One place of a ranking (排名).",
    "PointsRankingRow.rank": "1 for the most; equal scores share a rank (1, 2, 2, 4).",
    "PointsRankingRow.points": "Points earned in the period (corrections netted).",
    "PointsRankingRow.pointsPerHousehold": (
        "Buildings: points per active household (户均积分), which ranks them; else null."
    ),
    "PointsRankingRow.name": (
        "The resident's name, a household as its first member's name and 家, or the "
        "building's name."
    ),
    "PointsRankingRow.subjectId": "The Resident, Household or OrgNode (building) ranked.",
    **connection("PointsRankingRow", "ranking places"),
    "RankingSubject": "What a ranking ranks.",
    "RankingSubject.RESIDENTS": "Residents by their volunteer points (个人).",
    "RankingSubject.HOUSEHOLDS": "Households by their members' points (家庭).",
    "RankingSubject.BUILDINGS": "Buildings by their residents' points per household (楼栋).",
    "Query.pointsRanking": (
        "A period's totals and ranking (一周一统计、一月一评比) of a building, grid, "
        "community or street where the viewer reads points (else NOT_FOUND), computed from "
        "the ledger. Pages forward only (first, after)."
    ),
    "Query.pointsRanking(nodeId)": "The building, grid, community or street.",
    "Query.pointsRanking(day)": "A day in the period (Asia/Shanghai).",
    "Query.pointsRanking(subject)": "Residents, households, or (above a building) buildings.",
    "Query.pointsRanking(period)": "MONTH by default; WEEK gives the weekly totals.",
    # ------------------------------------------------------------------ notices
    "PointsNotice": (
        "A quarterly public notice of points (积分公示, 一季一公示): a ranking frozen when "
        "published; later corrections never change it."
    ),
    **node_id("PointsNotice", "notice"),
    "PointsNotice.title": "The notice's title, e.g. 某社区2026年第2季度个人积分公示.",
    "PointsNotice.year": "The year of the quarter.",
    "PointsNotice.quarter": "1 to 4.",
    "PointsNotice.subject": "What it ranks.",
    "PointsNotice.publishedAt": f"When it was published {DATE_TIME}.",
    "PointsNotice.node": "The building, grid, community or street it ranks.",
    "PointsNotice.rows": "Its places in rank order (the first 100 of the ranking at most).",
    "PointsNoticeRow": "One place of a published notice, as it was published.",
    "PointsNoticeRow.rank": "1 for the most; equal points share a rank.",
    "PointsNoticeRow.name": "Masked for public display (张*明, 张*明家); a building's name.",
    "PointsNoticeRow.points": "Points earned in the quarter.",
    "PointsNoticeRow.pointsPerHousehold": "Buildings: points per household; else null.",
    **connection("PointsNoticeRow", "notice places"),
    **connection("PointsNotice", "notices"),
    "Query.pointsNotices": (
        "Published points notices (积分公示) at the nodes the viewer reads and at those above "
        "them: a resident reads those of their building, grid, community and street."
    ),
    "PointsNoticeFilter": "Which notices; every condition given applies (AND).",
    "PointsNoticeFilter.nodeId": IN_NODE,
    "PointsNoticeFilter.year": "Only notices of this year.",
    "PointsNoticeFilter.quarter": "Only notices of this quarter (1-4).",
    "PointsNoticeFilter.subject": "Only notices ranking this.",
    "PointsNoticeOrder": "The order of notices; every order pages by keyset.",
    "PointsNoticeOrder.PUBLISHED_DESC": "Newest first (the default).",
    "PointsNoticeOrder.ID": "In the order they were published.",
    **payload("PointsNoticePayload", "notice", "the published notice", "publishPointsNotice"),
    "Mutation.publishPointsNotice": (
        "Publish a quarter's notice (积分公示) at a node (COMMUNITY_ADMIN and up): its "
        "ranking is copied, names masked, and never changes; publishing it again is "
        "CONFLICT. Only an ended quarter (else INVALID)."
    ),
    "Mutation.publishPointsNotice(nodeId)": "The building, grid, community or street.",
    "Mutation.publishPointsNotice(quarter)": "The quarter, written as 2026Q2.",
    "Mutation.publishPointsNotice(subject)": "What it ranks.",
}
