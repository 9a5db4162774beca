"""Subscriptions for the live consoles (实时推送, issue 14)."""

DESCRIPTIONS: dict[str, str] = {
    "Subscription": (
        "Live consoles (实时推送) over graphql-transport-ws on /graphql: sign the connection in "
        'with the login token in connection_init\'s payload ({"authorization": "Bearer ..."}); '
        "without a good one it is closed with 4403. Each event is read again with the "
        "subscriber's own scope, and grants are checked again, so a revoked grant stops delivery."
    ),
    "Subscription.caseChanged": (
        "Cases (群众诉求/微心愿, 隐患, 矛盾纠纷) under the node, as the subscriber reads "
        "them, each time one is submitted or takes a step "
        "(受理, 派单, 接单, 办结, 评单, 验单, 退回): "
        "disputes only for those who read them, volunteers only cases waiting to be claimed. "
        "A node out of scope is NOT_FOUND, as a missing one."
    ),
    "Subscription.caseChanged(nodeId)": "The node (社区, 网格, 楼栋 ...) whose subtree to hear.",
    "Subscription.caseChanged(kinds)": "Only cases of these kinds; null or empty: every kind.",
    "Subscription.noticePublished": (
        "Notices (公告, 公示) the subscriber reads, posted at the node, below it or above it, as "
        "each is published: at once when posted for now, when its time comes when scheduled "
        "(looked for every 15 seconds). A node out of scope is NOT_FOUND, as a missing one."
    ),
    "Subscription.alertRaised": (
        "Alerts (告警) of elders' devices under the node, as each is raised (跌倒, SOS, 体征异常, "
        "门长时间未开, 烟雾) and again when it is escalated (升级): the building's stewards and "
        "the grid hear it at once, the community once it has been escalated. A node out of "
        "scope is NOT_FOUND, as a missing one."
    ),
    "Subscription.alertRaised(nodeId)": "The node whose elders' alerts to hear.",
    "Subscription.noticePublished(nodeId)": "The node whose notices (and those above it) to hear.",
}
