"""Cases (群众诉求/微心愿, 隐患, 矛盾纠纷) and their workflow ("社区接单、党员干部接单、群众评单、
组织验单"), QR submission (码上扫心愿), photos, community rules and duty points (履职积分)."""

from resolvers.cases.rules import DEFAULT_CATEGORIES
from schema.descriptions.shared import (
    DATE_TIME,
    ERRORS,
    connection,
    node_id,
    payload,
)

CASE = "The case."
CATEGORY_CODE = (
    "A category code of the community (see `caseCategories`); an unknown one is INVALID."
)
COMMUNITY = "The community (an OrgNode of level COMMUNITY; COMMUNITY_ADMIN and up set its rules)."
HOURS = "1 to 2,160 (90 days)."
BUILT_IN = ", ".join(DEFAULT_CATEGORIES.values())

DESCRIPTIONS: dict[str, str] = {
    # ------------------------------------------------------------------ the case
    "Case": (
        "A case (群众诉求/微心愿, 隐患, 矛盾纠纷) from submission to verification. Disputes are "
        "read only by COMMUNITY_ADMIN and up in scope and by their mediator (the assignee)."
    ),
    **node_id("Case", "case"),
    "Case.kind": "Demand or wish, hazard, or dispute.",
    "Case.status": "Where it stands in the workflow.",
    "Case.title": "A short summary, 1 to 200 characters.",
    "Case.description": "What the reporter wrote (at most 5,000 characters, line breaks kept).",
    "Case.category": (
        "The category code (RENTING, EMPLOYMENT ...; see `caseCategories`); null when none."
    ),
    "Case.severity": "Hazards: how serious (MEDIUM when not given); null for other kinds.",
    "Case.hazardType": "Hazards: what kind; null when not given and for other kinds.",
    "Case.parties": "Disputes: who is involved; empty for other kinds.",
    "Case.ratingComment": "The reporter's comment with the rating; empty when none.",
    "Case.dueAt": (
        f"Deadline of the current stage {DATE_TIME}: to be accepted, then to be resolved, by "
        "the community's rules; null once resolved or rejected."
    ),
    "Case.createdAt": f"When it was submitted {DATE_TIME}.",
    "Case.updatedAt": f"When it last changed {DATE_TIME}.",
    "Case.acceptedAt": "When it was accepted (社区接单), or reopened by a low rating.",
    "Case.resolvedAt": "When its handler resolved it; cleared when a low rating reopens it.",
    "Case.verifiedAt": "When it was verified (组织验单).",
    "Case.assignee": "Its handler, who claimed it or was dispatched it; null until then.",
    "Case.reporter": "Who submitted it.",
    "Case.attachments": "Its photos, oldest first.",
    "CaseKind.DEMAND": (
        "A demand or micro-wish (群众诉求/微心愿): renting, repairs, jobs, medical care, school ..."
    ),
    "CaseKind.HAZARD": "A safety hazard (隐患): fire safety, leaks, wiring, stairwell clutter ...",
    "CaseKind.DISPUTE": (
        "A dispute between neighbours (矛盾纠纷): confidential, mediated; not by QR code."
    ),
    "CaseStatus.SUBMITTED": "Submitted: waiting for the community or grid to accept it (社区接单).",
    "CaseStatus.ACCEPTED": (
        "Accepted: waiting for a cadre or volunteer to claim it (党员干部接单) or be dispatched it."
    ),
    "CaseStatus.CLAIMED": "Being handled by its assignee; also after a rating of 1 or 2.",
    "CaseStatus.RESOLVED": "Resolved by its handler: waiting for the reporter's rating (群众评单).",
    "CaseStatus.RATED": "Rated 3 to 5 by the reporter: waiting for verification (组织验单).",
    "CaseStatus.VERIFIED": (
        "Verified and closed (组织验单); the handler earned duty points (履职积分) unless "
        "separation of duties withheld them."
    ),
    "CaseStatus.REJECTED": "Rejected by the community, with a reason; closed.",
    "HazardSeverity": "How serious a hazard is.",
    "HazardSeverity.LOW": "Minor.",
    "HazardSeverity.MEDIUM": "Moderate; the default.",
    "HazardSeverity.HIGH": "Serious: handle soon.",
    "HazardSeverity.CRITICAL": (
        "Danger to life or property; without a community rule, 2 hours to accept and 24 to resolve."
    ),
    "HazardType": "What kind of hazard (隐患).",
    "HazardType.FIRE_SAFETY": "Fire safety (消防安全): blocked exits, missing extinguishers ...",
    "HazardType.WATER_LEAK": "Water leak (漏水).",
    "HazardType.ELECTRICAL": "Electrical (用电安全): exposed wiring, overloaded sockets ...",
    "HazardType.STRUCTURAL": "Structural (房屋结构): cracks, loose or falling parts ...",
    "HazardType.CLUTTER": "Clutter in stairwells and corridors (楼道堆物).",
    "CaseReporter": (
        "Who submitted a case: a signed-in user (their resident record if linked), or the name "
        "and phone a QR submission gave."
    ),
    "CaseReporter.name": "The reporter's name.",
    "CaseEvent": "One step of a case's history: who moved it from which status to which, and why.",
    "CaseEvent.fromStatus": "The status before; null for the submission.",
    "CaseEvent.toStatus": "The status after.",
    "CaseEvent.note": "The reason, resolution note, rating or dispatch; may be empty.",
    "CaseEvent.createdAt": f"When {DATE_TIME}.",
    "CaseEvent.actor": "Who took the step; null for a QR submission.",
    "CaseAttachment.id": "Global id of the photo (opaque).",
    "CaseAttachment.contentType": "image/jpeg, image/png or image/webp.",
    "CaseAttachment.size": "Size in bytes.",
    "CaseAttachment.createdAt": f"When it was added {DATE_TIME}.",
    **payload(
        "CasePayload", "case", "the case as it is now", "`submitCase` and the workflow steps"
    ),
    # ------------------------------------------------------------------ the console list
    **connection("Case", "cases"),
    "CaseFilter": "Conditions on cases; all given ones must hold.",
    "CaseFilter.kind": "Only cases of this kind.",
    "CaseFilter.status": "Only cases in one of these statuses.",
    "CaseFilter.assignedToMe": "True: only cases assigned to the viewer.",
    "CaseFilter.category": "Only this category code (upper or lower case).",
    "CaseFilter.severity": "Only hazards of this severity.",
    "CaseFilter.assigneeId": "Only cases assigned to this user.",
    "CaseFilter.reporterId": "Only cases this user submitted signed in.",
    "CaseFilter.createdAfter": "Submitted at or after this time (ISO 8601 with offset).",
    "CaseFilter.createdBefore": "Submitted before this time.",
    "CaseFilter.dueAfter": "Due at or after this time.",
    "CaseFilter.dueBefore": "Due before this time.",
    "CaseFilter.overdue": (
        "True: only cases past their current stage's deadline; false: the others."
    ),
    # ------------------------------------------------------------------ submitting and steps
    "Mutation.submitCase": (
        "Submits a case (SUBMITTED) where the viewer may: RESIDENT, CENTRAL_HOUSEHOLD and staff "
        "from BUILDING_LEADER up. Its deadline to be accepted starts."
    ),
    "Mutation.submitCase(input)": "The case.",
    "SubmitCaseInput": "A new case.",
    "SubmitCaseInput.kind": "Demand or wish, hazard, or dispute.",
    "SubmitCaseInput.nodeId": "What it is about: a grid, a building or a central household.",
    "SubmitCaseInput.title": "A short summary, 1 to 200 characters on one line.",
    "SubmitCaseInput.description": "The details: at most 5,000 characters, line breaks kept.",
    "SubmitCaseInput.category": CATEGORY_CODE,
    "SubmitCaseInput.severity": "Hazards only (MEDIUM when not given).",
    "SubmitCaseInput.hazardType": "Hazards only.",
    "Mutation.acceptCase(id)": CASE,
    "Mutation.rejectCase": (
        "Rejects a SUBMITTED case (COMMUNITY_ADMIN and up): it is closed, the reason recorded."
    ),
    "Mutation.rejectCase(id)": CASE,
    "Mutation.rejectCase(reason)": "Why: 1 to 1,000 characters.",
    "Mutation.assignCase(id)": (
        "The case, ACCEPTED or CLAIMED (GRID_LEADER and up; re-dispatch too)."
    ),
    "Mutation.assignCase(assigneeId)": (
        "The handler: a user who could claim it (else NOT_FOUND), never its reporter (INVALID)."
    ),
    "Mutation.claimCase(id)": "The case, ACCEPTED; never one the viewer reported.",
    "Mutation.resolveCase": (
        "Its assignee reports the case handled (RESOLVED); its reporter may rate it (群众评单)."
    ),
    "Mutation.resolveCase(id)": CASE,
    "Mutation.resolveCase(note)": "What was done: 1 to 1,000 characters.",
    "Mutation.rateCase(id)": "The case, RESOLVED; only its reporter rates, never their own work.",
    "Mutation.rateCase(rating)": "1 to 5.",
    "Mutation.rateCase(comment)": "At most 1,000 characters.",
    "Mutation.verifyCase(id)": (
        "The case, RATED, or RESOLVED once the reporter's time to rate has passed; never by "
        "whoever resolved it (COMMUNITY_ADMIN and up)."
    ),
    # ------------------------------------------------------------------ QR codes
    "Mutation.submitCaseByQr(token)": "The token in the building's QR code (`buildingQrToken`).",
    "Mutation.submitCaseByQr(input)": "The case and who submits it.",
    "QrCaseInput": "What someone who scans a building's QR code submits (not a dispute).",
    "QrCaseInput.kind": "DEMAND or HAZARD; a DISPUTE is INVALID (raised with the community).",
    "QrCaseInput.title": "A short summary, 1 to 200 characters on one line.",
    "QrCaseInput.description": "The details: at most 5,000 characters, line breaks kept.",
    "QrCaseInput.name": "The submitter's name, 1 to 50 characters.",
    "QrCaseInput.phone": "The submitter's mainland mobile number (11 digits; +86 allowed).",
    "QrCaseInput.category": "A category code of the building's community (see `caseCategories`).",
    "QrCaseInput.severity": "Hazards only (MEDIUM when not given).",
    "QrCaseInput.hazardType": "Hazards only.",
    "QrReceipt.status": "The case's status now.",
    "QrReceipt.submittedAt": f"When the case was submitted {DATE_TIME}.",
    **payload("QrSubmissionPayload", "receipt", "the receipt", "`submitCaseByQr`"),
    "Mutation.buildingQrToken(buildingId)": "The building (BUILDING_LEADER and up there).",
    "Mutation.rotateBuildingQrToken(buildingId)": "The building (BUILDING_LEADER and up there).",
    "QrTokenPayload": "What the QR token mutations answer: the token, or the errors.",
    "QrTokenPayload.errors": ERRORS,
    # ------------------------------------------------------------------ photos
    "Mutation.addCaseAttachment(caseId)": (
        "The case; its reporter, its assignee and staff handling cases at its node add photos."
    ),
    "Mutation.addCaseAttachment(file)": "The photo, as a multipart upload.",
    **payload("CaseAttachmentPayload", "attachment", "the photo added", "`addCaseAttachment`"),
    # ------------------------------------------------------------------ rules and points
    "CaseCategory": f"A category of demand: built in ({BUILT_IN}) or added by the community.",
    "CaseCategory.code": "Its stable code, upper-case (RENTING, WATER_ELECTRIC_REPAIR ...).",
    "CaseCategory.name": "Its name as staff say it (租房).",
    "Query.caseCategories(communityId)": (
        "The community; one the viewer cannot read, or not a community, is NOT_FOUND."
    ),
    "Mutation.addCaseCategory": (
        "Adds a category of demand to a community's list; answers the whole list. A code it "
        "has already, or a built-in one, is CONFLICT."
    ),
    "Mutation.addCaseCategory(communityId)": COMMUNITY,
    "Mutation.addCaseCategory(code)": "1 to 40 letters, digits or '_'; kept upper-case.",
    "Mutation.addCaseCategory(name)": "Its name as staff say it: 1 to 50 characters.",
    "Mutation.setCaseDeadline(communityId)": COMMUNITY,
    "Mutation.setCaseDeadline(kind)": "The kind of case it applies to.",
    "Mutation.setCaseDeadline(acceptHours)": f"Hours from submission to acceptance: {HOURS}",
    "Mutation.setCaseDeadline(resolveHours)": f"Hours from acceptance to resolution: {HOURS}",
    "Mutation.setCaseDeadline(category)": (
        "Only cases of this category code; null: the whole kind (a category's own rule wins)."
    ),
    "Mutation.setDutyPointRule(communityId)": COMMUNITY,
    "Mutation.setDutyPointRule(kind)": "The kind of case it applies to.",
    "Mutation.setDutyPointRule(points)": "0 to 1,000 (defaults: demand 10, hazard 15, dispute 20).",
    "CaseRulesPayload": "What the case-rule mutations answer.",
    "CaseRulesPayload.ok": "True when the change was made.",
    "CaseRulesPayload.categories": (
        "After `addCaseCategory`: the community's categories, built-in first; else empty."
    ),
    "CaseRulesPayload.errors": ERRORS,
    "DutyPoints": (
        "Duty points (履职积分): earned when a case one resolved is verified (组织验单)."
    ),
    "DutyPoints.total": "The sum of every entry.",
    "DutyPointEntry": "One entry of the ledger; entries are never edited.",
    "DutyPointEntry.amount": "Points credited.",
    "DutyPointEntry.reason": "Why, e.g. `Verified case: <title>`.",
}
