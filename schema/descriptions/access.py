"""Access review (issue 15, 权限解释与审查): explainAccess, previewGrant, previewRevoke,
accessReview. (Their types describe their fields inline.)"""

DESCRIPTIONS: dict[str, str] = {
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
