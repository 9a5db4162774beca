"""Notices (公告, 公示), with the quarterly points notices (积分公示) among them (issue 13)."""

from schema.descriptions.shared import DATE_TIME, IN_NODE, connection, node_id, payload

DESCRIPTIONS: dict[str, str] = {
    "Notice": (
        "A notice (公告, 公示) posted at a node for the staff and residents of its subtree; a "
        "quarterly points notice (积分公示) appears as one of kind POINTS."
    ),
    **node_id("Notice", "notice"),
    "Notice.kind": "General announcement, public notice or points notice.",
    "Notice.kindLabel": "The kind in Chinese: 公告, 公示 or 积分公示.",
    "Notice.title": "The notice's title, at most 200 characters.",
    "Notice.body": "Plain text, at most 5,000 characters (empty for a points notice).",
    "Notice.publishedAt": f"When it is or was published {DATE_TIME}; ahead: scheduled.",
    "Notice.expiresAt": f"When it stops being shown {DATE_TIME}; null: never.",
    "Notice.withdrawnAt": f"When it was withdrawn (撤回) {DATE_TIME}; null: not withdrawn.",
    "Notice.createdAt": f"When it was posted {DATE_TIME}.",
    "Notice.current": "True while published, not expired and not withdrawn (what residents see).",
    "Notice.node": "The node it is posted at: its residents and staff below read it.",
    "Notice.pointsNotice": "For a points notice, the frozen ranking it stands for; else null.",
    "NoticeKind": "Kinds of notices.",
    "NoticeKind.GENERAL": "General announcement (公告).",
    "NoticeKind.PUBLIC_NOTICE": "Public notice (公示): shown for residents to check.",
    "NoticeKind.POINTS": (
        "Quarterly points notice (积分公示), written only by publishPointsNotice and never changed."
    ),
    **connection("Notice", "notices"),
    "Query.notices": (
        "Notices (公告, 公示): staff (BUILDING_LEADER and up, AUDITOR) read every notice at "
        "nodes of their subtree, scheduled, expired and withdrawn ones too, and the current "
        "ones above it; residents and volunteers read the current ones at their node and "
        "above (a resident: their building, grid, community and street). Points notices "
        "(积分公示) are among them."
    ),
    "Query.notice": "One notice by id; null when missing or not readable (the two look alike).",
    "NoticeFilter": "Which notices; every condition given applies (AND).",
    "NoticeFilter.nodeId": IN_NODE,
    "NoticeFilter.kind": "Only notices of these kinds.",
    "NoticeFilter.current": "True: only current ones; false: only scheduled, expired, withdrawn.",
    "NoticeFilter.search": "Only notices whose title or body holds this text.",
    "NoticeOrder": "The order of notices; every order pages by keyset.",
    "NoticeOrder.PUBLISHED_DESC": "Newest publish time first (the default).",
    "NoticeOrder.PUBLISHED_ASC": "Oldest publish time first.",
    "NoticeOrder.ID": "In the order they were posted.",
    **payload(
        "NoticePayload", "notice", "the notice", "createNotice, updateNotice, withdrawNotice"
    ),
    "Mutation.createNotice": (
        "Post a notice (公告, 公示) at a node (BUILDING_LEADER and up in their subtree). A "
        "publish time ahead schedules it; points notices come only from publishPointsNotice."
    ),
    "Mutation.createNotice(input)": "The notice.",
    "Mutation.updateNotice": (
        "Change a notice while it is scheduled; once published only its expiry moves (else "
        "CONFLICT: withdraw it and post another). Points notices never change."
    ),
    "Mutation.updateNotice(id)": "The notice.",
    "Mutation.updateNotice(input)": "What to change; fields left out stay as they are.",
    "Mutation.withdrawNotice": (
        "Withdraw (撤回) a notice at once; staff still read it, residents no longer do. A "
        "second withdrawal is CONFLICT."
    ),
    "Mutation.withdrawNotice(id)": "The notice.",
    "CreateNoticeInput": "A new notice.",
    "CreateNoticeInput.nodeId": "The node to post it at (any level in the poster's subtree).",
    "CreateNoticeInput.kind": "GENERAL or PUBLIC_NOTICE (POINTS is INVALID).",
    "CreateNoticeInput.title": "At most 200 characters of plain text.",
    "CreateNoticeInput.body": "Plain text, line breaks kept, at most 5,000 characters.",
    "CreateNoticeInput.publishedAt": "When to publish it (at most a year ahead); null: now.",
    "CreateNoticeInput.expiresAt": "When to stop showing it (after the publish time); null: never.",
    "UpdateNoticeInput": "Changes to a notice; null fields stay as they are.",
    "UpdateNoticeInput.kind": "A new kind (scheduled notices only).",
    "UpdateNoticeInput.title": "A new title (scheduled notices only).",
    "UpdateNoticeInput.body": "A new body (scheduled notices only).",
    "UpdateNoticeInput.publishedAt": "A new publish time (scheduled notices only).",
    "UpdateNoticeInput.expiresAt": "A new expiry, also for a published notice (not in the past).",
    "UpdateNoticeInput.clearExpiry": "True: the notice no longer expires.",
}
