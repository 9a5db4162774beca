"""Evaluations (评选): campaigns (评选活动) for model buildings (红色美丽楼栋), families (美丽家庭),
merchants (红星商户), party members (优秀党员) and cadres (最美干部); their criteria, candidates,
reviewers (民主评议), shortlist (公示), objections (异议) and awards (授予)."""

from schema.descriptions.shared import connection, node_id, payload

CAMPAIGN = "The campaign (an EvaluationCampaign id); one the viewer cannot read is NOT_FOUND."
RUN = "COMMUNITY_ADMIN and up at the campaign's node"
CURRENT_TITLES = (
    "Titles (称号) currently held: awards valid today whose campaign the viewer may read "
    "(staff in its scope, residents and staff of its area)."
)

DESCRIPTIONS: dict[str, str] = {
    # ------------------------------------------------------------------ reads
    "Query.evaluationCampaigns": (
        "Evaluation campaigns (评选活动) the viewer reads: all of those at nodes in their "
        "scope for staff (BUILDING_LEADER and up, auditors), published ones (公示 and awarded) "
        "whose area holds their node for residents and staff, and those they review."
    ),
    "Query.evaluationCampaign": "A campaign by id, or null when missing or not readable.",
    "Query.evaluationCandidates": (
        "Candidates (候选对象) with their weighted score and rank: every candidate of the "
        "campaigns a staff member reads in scope or reviews; residents of a published "
        "campaign's area see those on the shortlist and those awarded. The default order is "
        "the ranking (排名)."
    ),
    "Query.evaluationObjections": (
        "Objections (异议): those to campaigns in the viewer's staff scope, and their own."
    ),
    "Query.evaluationAwards": (
        "Awards (授予): titles of campaigns in the viewer's staff scope or published in their area."
    ),
    "User.awards": CURRENT_TITLES + " A cadre's titles (最美干部).",
    "OrgNode.awards": CURRENT_TITLES + " A building's (红色美丽楼栋) or a merchant's at the node.",
    "Resident.awards": CURRENT_TITLES + " A party member's (优秀党员).",
    "Household.awards": CURRENT_TITLES + " A family's (美丽家庭).",
    # ------------------------------------------------------------------ campaign
    "EvaluationCampaign": (
        "An evaluation campaign (评选活动) at a node, for one kind of title and a period; "
        "its area is the node's subtree."
    ),
    **node_id("EvaluationCampaign", "campaign"),
    "EvaluationCampaign.kind": "Which title it awards.",
    "EvaluationCampaign.title": "Its name, e.g. 2026年度红色美丽楼栋评选.",
    "EvaluationCampaign.periodStart": "The first day of the period evaluated (YYYY-MM-DD).",
    "EvaluationCampaign.periodEnd": "The last day of the period evaluated (YYYY-MM-DD).",
    "EvaluationCampaign.stage": "Where the campaign stands.",
    "EvaluationCampaign.shortlistSize": (
        "How many the published shortlist (公示名单) holds at least."
    ),
    "EvaluationCampaign.objectionEndsAt": (
        "When the objection period (公示期) ends; null before the shortlist is published."
    ),
    "EvaluationCampaign.createdAt": "When it was created.",
    "EvaluationCampaign.subject": "What its candidates are.",
    "EvaluationCampaign.node": "The node it is held at (a street or a community, usually).",
    "EvaluationCampaign.criteria": "The criteria and their weights (评分细则).",
    "EvaluationCampaign.reviewers": "The reviewers assigned to it (民主评议).",
    "EvaluationKind": "The titles a campaign awards.",
    "EvaluationKind.MODEL_BUILDING": (
        "Red model building (红色美丽楼栋): buildings, by the five goods and their residents' "
        "volunteer points per household."
    ),
    "EvaluationKind.MODEL_FAMILY": (
        "Model family (美丽家庭): households, by the five goods and their volunteer points."
    ),
    "EvaluationKind.RED_STAR_MERCHANT": (
        "Red star merchant (红星商户): merchants, by the five goods."
    ),
    "EvaluationKind.OUTSTANDING_PARTY_MEMBER": (
        "Outstanding party member (优秀党员): party members, by the five goods and duty points."
    ),
    "EvaluationKind.MODEL_CADRE": (
        "Model cadre (最美干部): staff accounts, by the five goods and duty points (履职积分)."
    ),
    "EvaluationStage": "The stages of a campaign.",
    "EvaluationStage.DRAFT": "Draft (草稿): criteria, candidates and reviewers are set up.",
    "EvaluationStage.NOMINATING": "Nominating (提名): candidates and reviewers are added.",
    "EvaluationStage.SCORING": "Scoring (评议打分): reviewers score the candidates.",
    "EvaluationStage.SHORTLIST": (
        "Shortlist published (公示): residents of the area see it and may object until the "
        "objection period ends."
    ),
    "EvaluationStage.AWARDED": "Awarded (已授予): the titles are given.",
    "EvaluationStage.CANCELLED": "Cancelled (已取消).",
    "EvaluationSubject": "What a campaign's candidates are.",
    "EvaluationSubject.BUILDING": "Buildings (楼栋) of the area: `nodeId`.",
    "EvaluationSubject.HOUSEHOLD": "Households (住户) of the area: `householdId`.",
    "EvaluationSubject.MERCHANT": "Merchants (商户): a `name` at a node (`nodeId`) of the area.",
    "EvaluationSubject.PARTY_MEMBER": "Party members (党员) living in the area: `residentId`.",
    "EvaluationSubject.CADRE": "Staff (干部) holding a role in the area: `userId`.",
    "EvaluationCriterion": "A criterion of a campaign and its weight.",
    "EvaluationCriterion.criterion": "Which criterion.",
    "EvaluationCriterion.weight": "Its weight, 0 to 100 (0: left out).",
    "EvaluationCriterionKind": (
        "The criteria: the five goods (五好), scored, and the points, computed."
    ),
    "EvaluationCriterionKind.ENVIRONMENT": "Clean and tidy surroundings (环境卫生好).",
    "EvaluationCriterionKind.NEIGHBOURLINESS": "Good relations with the neighbours (邻里关系好).",
    "EvaluationCriterionKind.LAW_ABIDING": "Abides by laws and rules (遵纪守法好).",
    "EvaluationCriterionKind.PUBLIC_MORALITY": "Public morality (社会公德好).",
    "EvaluationCriterionKind.HONESTY": "Honest and trustworthy (诚实守信好).",
    "EvaluationCriterionKind.VOLUNTEER_POINTS": (
        "Volunteer points (志愿积分) in the period, per household for a building; computed, "
        "0-100 relative to the best candidate."
    ),
    "EvaluationCriterionKind.DUTY_POINTS": (
        "Duty points (履职积分) in the period; computed, 0-100 relative to the best candidate."
    ),
    "EvaluationReviewer": "A reviewer of a campaign (评议人).",
    "EvaluationReviewer.type": "Whom they review for.",
    "EvaluationReviewer.displayName": (
        "The reviewer's display name (评议人); empty unless the viewer reads the campaign in"
        " their evaluation scope or is the reviewer (the public notice shows the panel by kind)."
    ),
    "EvaluationReviewerType": "Whom a reviewer reviews for (民主评议).",
    "EvaluationReviewerType.COMMUNITY": "The community (社区).",
    "EvaluationReviewerType.OWNERS_COMMITTEE": "The owners' committee (业委会).",
    "EvaluationReviewerType.RESIDENT_REPRESENTATIVE": "The resident representatives (居民代表).",
    **connection("EvaluationCampaign", "campaigns"),
    # ------------------------------------------------------------------ candidates
    "EvaluationCandidate": "A candidate (候选对象) of a campaign, with its score and rank.",
    **node_id("EvaluationCandidate", "candidate"),
    "EvaluationCandidate.name": "Its name: the building, household, person or merchant.",
    "EvaluationCandidate.status": "Where it stands.",
    "EvaluationCandidate.createdAt": "When it was nominated.",
    "EvaluationCandidate.score": (
        "The weighted average (0-100, two decimals) of its criteria: each scored criterion "
        "by the average of its reviewers' scores (none yet counts 0), the points criterion "
        "by its computed score."
    ),
    "EvaluationCandidate.points": (
        "The points figure of the computed criterion for the period (per household for a "
        "building); 0 for merchants."
    ),
    "EvaluationCandidate.pointsScore": "The computed criterion's score, 0-100.",
    "EvaluationCandidate.rank": "Its rank (排名) in the campaign: 1 for the best, ties share.",
    "EvaluationCandidate.campaign": "Its campaign; null when the viewer may not read it.",
    "EvaluationCandidate.node": (
        "A building candidate's building, a merchant's node, a family's building; null when "
        "none or not readable."
    ),
    "EvaluationCandidate.household": "A family's household; null when none or not readable.",
    "EvaluationCandidate.resident": "A party member's record; null when none or not readable.",
    "EvaluationCandidateStatus": "Where a candidate stands.",
    "EvaluationCandidateStatus.NOMINATED": "Nominated (已提名).",
    "EvaluationCandidateStatus.SHORTLISTED": "On the published shortlist (公示名单).",
    "EvaluationCandidateStatus.STRUCK": "Struck off the shortlist by an upheld objection.",
    "EvaluationCandidateStatus.AWARDED": "Awarded the title (已授予).",
    **connection("EvaluationCandidate", "candidates"),
    # ------------------------------------------------------------------ objections, awards
    "EvaluationObjection": "An objection (异议) to a shortlisted candidate, and its answer.",
    **node_id("EvaluationObjection", "objection"),
    "EvaluationObjection.reason": "Why the objector objects.",
    "EvaluationObjection.answer": "The organisers' answer; empty until answered.",
    "EvaluationObjection.upheld": "Whether it was upheld (the candidate struck); null while open.",
    "EvaluationObjection.answeredAt": "When it was answered; null while open.",
    "EvaluationObjection.createdAt": "When it was filed.",
    "EvaluationObjection.candidate": "The candidate objected to; null when not readable.",
    "EvaluationObjection.campaign": "Its campaign; null when not readable.",
    **connection("EvaluationObjection", "objections"),
    "EvaluationAward": "A title awarded (授予), valid from one day to another.",
    **node_id("EvaluationAward", "award"),
    "EvaluationAward.kind": "Which title.",
    "EvaluationAward.title": "The campaign's name.",
    "EvaluationAward.name": "Who or what holds it.",
    "EvaluationAward.validFrom": "The first day it is valid (YYYY-MM-DD).",
    "EvaluationAward.validUntil": "The last day it is valid (YYYY-MM-DD).",
    "EvaluationAward.createdAt": "When it was awarded.",
    "EvaluationAward.campaign": "Its campaign; null when not readable.",
    **connection("EvaluationAward", "awards"),
    # ------------------------------------------------------------------ mutations
    "Mutation.createEvaluationCampaign": (
        f"Creates a campaign in DRAFT ({RUN}), with default weights: the five goods alike "
        "and, where the kind has one, 20 for the points."
    ),
    "Mutation.createEvaluationCampaign(input)": "The campaign.",
    "CreateEvaluationCampaignInput": "A new campaign.",
    "CreateEvaluationCampaignInput.nodeId": "Where: its area is the node's subtree.",
    "CreateEvaluationCampaignInput.kind": "Which title it awards.",
    "CreateEvaluationCampaignInput.title": "1 to 100 characters.",
    "CreateEvaluationCampaignInput.periodStart": "The first day evaluated.",
    "CreateEvaluationCampaignInput.periodEnd": "The last day evaluated; at most two years on.",
    "Mutation.setEvaluationCriteria": (
        f"Sets the weights (DRAFT only, {RUN}); a criterion left out weighs 0. A weight "
        "outside 0-100, a criterion twice or not of the kind, or all zero: INVALID."
    ),
    "Mutation.setEvaluationCriteria(campaignId)": CAMPAIGN,
    "Mutation.setEvaluationCriteria(criteria)": "Each criterion once, with its weight.",
    "EvaluationWeightInput": "A criterion's weight.",
    "EvaluationWeightInput.criterion": "Which criterion.",
    "EvaluationWeightInput.weight": "0 to 100.",
    "Mutation.openEvaluationNominations": f"DRAFT to NOMINATING ({RUN}).",
    "Mutation.openEvaluationNominations(id)": CAMPAIGN,
    "Mutation.openEvaluationScoring": (
        f"NOMINATING to SCORING ({RUN}); needs a candidate and a reviewer. The points "
        "criterion is computed from the ledger."
    ),
    "Mutation.openEvaluationScoring(id)": CAMPAIGN,
    "Mutation.publishEvaluationShortlist": (
        f"SCORING to SHORTLIST ({RUN}): the points criterion is computed once more and "
        "frozen, and the best `size` candidates (with any tied with the last) are published "
        "(公示) for objections until `objectionEndsAt`."
    ),
    "Mutation.publishEvaluationShortlist(id)": CAMPAIGN,
    "Mutation.publishEvaluationShortlist(size)": "1 to 100.",
    "Mutation.publishEvaluationShortlist(objectionEndsAt)": (
        "When objections close: in the future, at most 30 days on."
    ),
    "Mutation.awardEvaluationCampaign": (
        f"SHORTLIST to AWARDED ({RUN}) once the objection period is over and every "
        "objection answered: each candidate still on the shortlist gets the title. Nobody "
        "awards a title to themselves, their household or their building (FORBIDDEN)."
    ),
    "Mutation.awardEvaluationCampaign(id)": CAMPAIGN,
    "Mutation.awardEvaluationCampaign(validUntil)": "The title's last valid day.",
    "Mutation.awardEvaluationCampaign(validFrom)": "Its first valid day; today by default.",
    "Mutation.cancelEvaluationCampaign": f"Cancels a campaign not yet awarded ({RUN}).",
    "Mutation.cancelEvaluationCampaign(id)": CAMPAIGN,
    "Mutation.addEvaluationReviewer": (
        f"Assigns a reviewer (DRAFT or NOMINATING, {RUN}): a user the viewer reads holding "
        "a role at or above the campaign's node or inside its area. Twice: CONFLICT."
    ),
    "Mutation.addEvaluationReviewer(campaignId)": CAMPAIGN,
    "Mutation.addEvaluationReviewer(userId)": "The reviewer's account.",
    "Mutation.addEvaluationReviewer(type)": "Whom they review for.",
    "Mutation.nominateEvaluationCandidate": (
        f"Nominates a candidate inside the campaign's area (DRAFT or NOMINATING, {RUN}); "
        "outside it: INVALID; nominated already: CONFLICT; oneself, one's household or "
        "building: FORBIDDEN."
    ),
    "Mutation.nominateEvaluationCandidate(campaignId)": CAMPAIGN,
    "Mutation.nominateEvaluationCandidate(input)": "The candidate, as the campaign's kind needs.",
    "NominateEvaluationCandidateInput": (
        "A candidate: give the field the campaign's subject names (EvaluationSubject)."
    ),
    "NominateEvaluationCandidateInput.nodeId": "A building, or a merchant's node.",
    "NominateEvaluationCandidateInput.householdId": "A household (美丽家庭).",
    "NominateEvaluationCandidateInput.residentId": "A party member's resident record (优秀党员).",
    "NominateEvaluationCandidateInput.userId": "A cadre's account (最美干部).",
    "NominateEvaluationCandidateInput.name": "A merchant's name, 1 to 100 characters.",
    "Mutation.scoreEvaluationCandidate": (
        "A reviewer scores a candidate (SCORING only), each criterion of the five goods once, "
        "0 to 100; all scores or none are written. Scored before: CONFLICT; out of range: "
        "INVALID; not a reviewer of the campaign, or oneself, one's household or building: "
        "FORBIDDEN."
    ),
    "Mutation.scoreEvaluationCandidate(candidateId)": "The candidate.",
    "Mutation.scoreEvaluationCandidate(scores)": "One or more criteria with a score each.",
    "EvaluationScoreInput": "A score of one criterion.",
    "EvaluationScoreInput.criterion": "One of the five goods.",
    "EvaluationScoreInput.score": "0 to 100.",
    "Mutation.fileEvaluationObjection": (
        "Objects (异议) to a shortlisted candidate while the objection period runs: residents "
        "and staff of the campaign's area. After it: INVALID_TRANSITION."
    ),
    "Mutation.fileEvaluationObjection(candidateId)": "The shortlisted candidate.",
    "Mutation.fileEvaluationObjection(reason)": "Why, 1 to 1,000 characters.",
    "Mutation.answerEvaluationObjection": (
        f"Answers an objection ({RUN}), while the shortlist stands; an upheld one strikes the "
        "candidate off. Answered already: CONFLICT."
    ),
    "Mutation.answerEvaluationObjection(id)": "The objection.",
    "Mutation.answerEvaluationObjection(answer)": "The answer, 1 to 1,000 characters.",
    "Mutation.answerEvaluationObjection(upheld)": "Whether the objection is upheld.",
    **payload(
        "EvaluationCampaignPayload",
        "campaign",
        "the campaign as it is now",
        "the campaign mutations",
    ),
    **payload(
        "EvaluationCandidatePayload",
        "candidate",
        "the candidate as it is now",
        "`nominateEvaluationCandidate` and `scoreEvaluationCandidate`",
    ),
    **payload(
        "EvaluationObjectionPayload",
        "objection",
        "the objection as it is now",
        "`fileEvaluationObjection` and `answerEvaluationObjection`",
    ),
}
