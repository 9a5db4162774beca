"""Access review (issue 15, 权限解释与审查): explainAccess, previewGrant, previewRevoke,
accessReview. (Their types describe their fields inline.)"""

from schema.descriptions.shared import connection

DESCRIPTIONS: dict[str, str] = {
    **connection("AccessReviewEntry", "grants of an access review (权限审查)"),
    "Query.accessReview(nodeId)": (
        "The node reviewed (an OrgNode at which you hold access.review); outside your scope "
        "NOT_FOUND."
    ),
    "AccessReviewPosition.AT": "The grant is held at the node reviewed (本级).",
    "AccessReviewPosition.ABOVE": "At a node above it, or SYSTEM_ADMIN (上级).",
    "AccessReviewPosition.BELOW": "At a node in its subtree below it (下级).",
    "Query.explainAccess(userId)": "The user explained (a User in your scope).",
    "Query.explainAccess(targetId)": (
        "Any object `node(id)` reads (an OrgNode, Resident, Household, Case ...) in your scope."
    ),
    "Query.explainAccess(action)": (
        "A policy action as policy.csv writes it, `resource.verb` (case.read, person.see_phone, "
        "case.verify ...); an unknown one is INVALID."
    ),
    "Query.previewGrant(userId)": "The account that would hold the grant.",
    "Query.previewGrant(role)": "The role that would be granted.",
    "Query.previewGrant(nodeId)": "Where; omitted only for SYSTEM_ADMIN.",
    "Query.previewRevoke(grantId)": "The active RoleGrant that would be revoked.",
}
