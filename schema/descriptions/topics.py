"""Topics (议题): "楼栋听事、小区议事、社区决事" — heard at the building, discussed at the grid
(小区), decided at the community; supports (附议), follows (关注), steps and thresholds."""

from schema.descriptions.shared import DATE_TIME, IN_NODE, connection, node_id, payload

TOPIC_ID = "The topic; one the viewer cannot read (raised outside their scope) is NOT_FOUND."
CLIMB = "building (楼栋听事) -> grid (小区议事) -> community (社区决事)"

DESCRIPTIONS: dict[str, str] = {
    "Query.topics": (
        "Topics (议题) the viewer reads: staff (BUILDING_LEADER and up, auditors) those raised at "
        "buildings in their subtree, wherever they are held now; residents those raised at "
        "their own building (also once they climbed to the grid or community). Default order: "
        "newest first."
    ),
    "Query.topic": "A topic by id, or null when it is missing or outside what the viewer reads.",
    "Query.topicSupports": (
        "Supports (附议) the viewer reads: staff those of readable topics by residents whose "
        "records they read; everyone their own."
    ),
    "Query.topicThresholds": (
        "A community's supporter thresholds of the automatic climb (自动上报人数), or the "
        "defaults when it set none."
    ),
    "Query.topicThresholds(communityId)": (
        "A community the viewer reads (its own, or the one above their grant); any other node is "
        "INVALID, one they cannot read NOT_FOUND."
    ),
    **connection("Topic", "topics"),
    **connection("TopicSupport", "supports"),
    "Topic": (
        f"A topic (议题) raised at a building, held at a node that climbs {CLIMB}: escalated by "
        "the level holding it, or by itself once its supporters reach the community's "
        "threshold; the community adopts, declines or merges it. Every step is recorded."
    ),
    **node_id("Topic", "topic"),
    "Topic.title": "What it is about, at most 100 characters.",
    "Topic.description": "The concern in the raiser's words.",
    "Topic.category": "Its category (议题类别).",
    "Topic.categoryLabel": "The category in Chinese (环境卫生, 停车管理 ...).",
    "Topic.level": "The level holding it now: building, grid or community.",
    "Topic.status": "Open (议事中) or how the community decided it.",
    "Topic.supporterCount": (
        "Residents supporting it (附议人数), those of topics merged into it included, each "
        "counted once."
    ),
    "Topic.decisionNote": "The decision's reason or note; empty while open.",
    "Topic.decidedAt": f"When the community decided it {DATE_TIME}; null while open.",
    "Topic.createdAt": f"When it was raised {DATE_TIME}.",
    "Topic.updatedAt": f"Its last step or support {DATE_TIME}.",
    "Topic.building": "The building it was raised at (楼栋).",
    "Topic.node": "The node holding it now (the building, its grid or its community).",
    "Topic.raisedByMe": "Whether the viewer raised it.",
    "Topic.raisedBy": (
        "The account that raised it: shown to the raiser and to staff who read the building's "
        "people; null for the neighbours."
    ),
    "Topic.raisedByResident": (
        "The resident who raised it in their own name; null when staff raised it or the viewer "
        "may not read the resident's record."
    ),
    "Topic.decidedBy": "The community admin who decided it; null while open.",
    "Topic.mergedInto": (
        "The topic it was merged into (合并至); null unless merged, or when the viewer cannot "
        "read that topic."
    ),
    "Topic.steps": "Every step (raised, escalated, decided ...), oldest first.",
    "Topic.meetings": (
        "The meetings (议事会) whose agenda names it and that the viewer reads, soonest first."
    ),
    "Topic.followerCount": "Accounts following it (关注人数).",
    "Topic.followedByMe": "Whether the viewer follows it.",
    "Topic.supportedByMe": "Whether the viewer (the resident tied to their account) supports it.",
    "Topic.supportersToClimb": (
        "Supporters still missing before it climbs by itself (0: the next support does); null "
        "when it cannot (held at the community, or decided)."
    ),
    "TopicStep": "One step of a topic (议题流转记录): who, when, from which node to which.",
    "TopicStep.kind": "What happened.",
    "TopicStep.note": "The note, reason or decision given; may be empty.",
    "TopicStep.createdAt": f"When {DATE_TIME}.",
    "TopicStep.fromNode": "The node holding the topic before; null when it was raised.",
    "TopicStep.toNode": "The node holding it after (or the topic merged into's); null for others.",
    "TopicStep.actor": (
        "Who took the step; null for an automatic climb, and for the raising step when the "
        "viewer does not see the raiser."
    ),
    "TopicSupport": "One resident's support (附议) of a topic, given once.",
    **node_id("TopicSupport", "support"),
    "TopicSupport.createdAt": f"When it was given {DATE_TIME}.",
    "TopicSupport.topic": "The topic supported; null when the viewer cannot read it.",
    "TopicSupport.resident": "The resident; null when the viewer may not read their record.",
    "TopicSupport.viaTopic": (
        "The topic merged into this one that the support was given to; null for a direct "
        "support or when the viewer cannot read it."
    ),
    "TopicThresholds": (
        "A community's supporter thresholds (自动上报人数): a topic climbs one level by itself "
        "when its supporters reach the threshold of the level holding it."
    ),
    "TopicThresholds.toGrid": "Supporters that take a topic from its building to the grid.",
    "TopicThresholds.toCommunity": "Supporters that take a topic from the grid to the community.",
    "TopicThresholds.isDefault": "true: the community set none and the defaults apply.",
    "TopicThresholds.community": "The community.",
    "TopicCategory": "What a topic is about (议题类别).",
    "TopicCategory.ENVIRONMENT": "Environment and hygiene (环境卫生).",
    "TopicCategory.SAFETY": "Safety hazards (安全隐患).",
    "TopicCategory.PARKING": "Parking (停车管理).",
    "TopicCategory.PROPERTY": "Property management and repairs (物业维修).",
    "TopicCategory.ELDER_CARE": "Elder care (养老助老).",
    "TopicCategory.NEIGHBOURHOOD": "Neighbourly relations (邻里关系).",
    "TopicCategory.OTHER": "Anything else (其他).",
    "TopicLevel": f"The level holding a topic: {CLIMB}.",
    "TopicLevel.BUILDING": "Heard at the building (楼栋听事).",
    "TopicLevel.GRID": "Discussed at the grid or compound (小区议事).",
    "TopicLevel.COMMUNITY": "Decided at the community (社区决事).",
    "TopicStatus": "Where a topic stands.",
    "TopicStatus.OPEN": "Open (议事中): supported, followed, escalated; the community decides it.",
    "TopicStatus.ADOPTED": "Adopted by the community (已采纳).",
    "TopicStatus.DECLINED": "Declined by the community, with its reason (未采纳).",
    "TopicStatus.MERGED": "Merged into another topic (已合并); its supporters count there.",
    "TopicStepKind": "What a step of a topic did.",
    "TopicStepKind.RAISED": "Raised at its building (提出).",
    "TopicStepKind.ESCALATED": "Escalated one level by the level holding it (上报).",
    "TopicStepKind.AUTO_ESCALATED": (
        "Climbed one level by itself: its supporters reached the threshold (自动上报)."
    ),
    "TopicStepKind.ADOPTED": "Adopted (采纳).",
    "TopicStepKind.DECLINED": "Declined (不予采纳).",
    "TopicStepKind.MERGED": "Merged into another topic (合并).",
    "TopicDecision": "How the community decides a topic (社区决事).",
    "TopicDecision.ADOPT": "Adopt it (采纳).",
    "TopicDecision.DECLINE": "Decline it (不予采纳); `reason` is required.",
    "TopicDecision.MERGE": (
        "Merge it into another open topic of the same community (`mergeIntoId`), whose count "
        "takes its supporters, each resident once."
    ),
    "TopicFilter": "Which topics a list holds; conditions AND.",
    "TopicFilter.status": "Only these statuses.",
    "TopicFilter.level": "Only those held at these levels.",
    "TopicFilter.category": "Only these categories.",
    "TopicFilter.nodeId": f"Held at a node in this node's subtree. {IN_NODE}",
    "TopicFilter.buildingId": (
        "Only those raised at this building; a node the viewer cannot read is NOT_FOUND."
    ),
    "TopicFilter.followed": "true: only those the viewer follows (我关注的); false: the others.",
    "TopicFilter.supported": "true: only those the viewer supports; false: the others.",
    "TopicFilter.search": "Title or description contains.",
    "TopicOrder": "The order of `topics`; every order pages by keyset cursors.",
    "TopicOrder.CREATED_DESC": "The newest first.",
    "TopicOrder.CREATED_ASC": "The oldest first.",
    "TopicOrder.SUPPORTERS_DESC": "The most supported first (附议最多).",
    "TopicOrder.UPDATED_DESC": "The latest step or support first.",
    "TopicOrder.ID": "By id, in the order they were raised.",
    "TopicSupportFilter": "Which supports a list holds; conditions AND.",
    "TopicSupportFilter.topicId": "Only this topic's; one the viewer cannot read is NOT_FOUND.",
    "TopicSupportFilter.mine": "true: only the viewer's own.",
    "TopicSupportOrder": "The order of `topicSupports`; every order pages by keyset cursors.",
    "TopicSupportOrder.CREATED_ASC": "In the order they were given.",
    "TopicSupportOrder.CREATED_DESC": "The latest first.",
    "TopicSupportOrder.ID": "By id.",
    "RaiseTopicInput": "A new topic.",
    "RaiseTopicInput.buildingId": (
        "The building: a resident's own, or one in a leader's scope (BUILDING_LEADER and up); "
        "another level is INVALID, a building the viewer cannot read NOT_FOUND."
    ),
    "RaiseTopicInput.title": "What it is about, at most 100 characters.",
    "RaiseTopicInput.description": "The concern, at most 2,000 characters.",
    "RaiseTopicInput.category": "Its category.",
    "DecideTopicInput": "The community's decision.",
    "DecideTopicInput.decision": "Adopt, decline or merge.",
    "DecideTopicInput.reason": (
        "Why (required to decline, at most 1,000 characters); a note otherwise."
    ),
    "DecideTopicInput.mergeIntoId": (
        "MERGE: the open topic of the same community to merge into; not itself (INVALID), not a "
        "closed one (CONFLICT), not one of another community (INVALID, or NOT_FOUND when the "
        "viewer cannot read it)."
    ),
    "Mutation.raiseTopic": (
        "Raise a topic (提出议题) at a building: a resident at their own building (in their own "
        "name), or BUILDING_LEADER and up at a building in their subtree. It starts OPEN, held "
        "at the building."
    ),
    "Mutation.raiseTopic(input)": "The topic.",
    "Mutation.supportTopic": (
        "Support (附议) an open topic of one's own building, once (CONFLICT the second time), "
        "as the resident tied to one's account; never one's own or one's household's topic "
        "(FORBIDDEN: raising is not support). The support that reaches the community's "
        "threshold makes the topic climb one level (自动上报)."
    ),
    "Mutation.supportTopic(id)": TOPIC_ID,
    "Mutation.followTopic": "Follow (关注) a topic one reads; following it again changes nothing.",
    "Mutation.followTopic(id)": TOPIC_ID,
    "Mutation.unfollowTopic": "Stop following a topic; not following it changes nothing.",
    "Mutation.unfollowTopic(id)": TOPIC_ID,
    "Mutation.escalateTopic": (
        "Escalate (上报) an open topic one level up: the level holding it (BUILDING_LEADER at "
        "the building, GRID_LEADER at the grid) or a higher role over it (else FORBIDDEN). "
        "Past the community, or once decided: INVALID_TRANSITION."
    ),
    "Mutation.escalateTopic(id)": TOPIC_ID,
    "Mutation.escalateTopic(note)": "Why, for the step; at most 1,000 characters.",
    "Mutation.decideTopic": (
        "Decide (决事) an open topic held at a community: its COMMUNITY_ADMIN (or above) adopts, "
        "declines (with a reason) or merges it. A topic still at a building or grid, or decided "
        "already: INVALID_TRANSITION. A decided topic takes no more support or escalation."
    ),
    "Mutation.decideTopic(id)": TOPIC_ID,
    "Mutation.decideTopic(input)": "The decision.",
    "Mutation.nameTopicOnAgenda": (
        "Name a topic on an item of a meeting's agenda (议程): whoever runs the meeting, while "
        "its agenda may change; the topic is one raised in the meeting node's subtree (else "
        "INVALID). Rewriting the agenda (updateMeeting) drops the names."
    ),
    "Mutation.nameTopicOnAgenda(meetingId)": (
        "The meeting; one the viewer cannot read is NOT_FOUND, one they do not run FORBIDDEN."
    ),
    "Mutation.nameTopicOnAgenda(position)": "The agenda item's number, from 1.",
    "Mutation.nameTopicOnAgenda(topicId)": TOPIC_ID,
    "ProposeResolutionInput.topicId": (
        "ADOPT_TOPIC: the open topic the resolution adopts when it passes (required for that "
        "kind, INVALID for any other): one raised in the meeting's subtree; only a community "
        "council adopts, and only a topic its community holds (INVALID_TRANSITION when the "
        "resolution is decided otherwise)."
    ),
    "Mutation.setTopicThresholds": (
        "Set a community's supporter thresholds of the automatic climb: COMMUNITY_ADMIN over "
        "it. Each is 1 to 100,000, the community's at least the grid's (INVALID). Topics "
        "already past a threshold climb at their next support."
    ),
    "Mutation.setTopicThresholds(communityId)": "The community.",
    "Mutation.setTopicThresholds(toGrid)": "Supporters taking a topic from building to grid.",
    "Mutation.setTopicThresholds(toCommunity)": (
        "Supporters taking a topic from grid to community."
    ),
    **payload(
        "TopicPayload",
        "topic",
        "the topic as it is now",
        "the mutations that raise, support, follow, escalate and decide topics",
    ),
    **payload(
        "TopicThresholdsPayload",
        "thresholds",
        "the community's thresholds as they are now",
        "setTopicThresholds",
    ),
}
