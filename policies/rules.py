"""Pure rules that casbin's role table does not express."""

from models import OrgLevel, Role

# Where each role may be granted; None means any level. SYSTEM_ADMIN has no node at all.
GRANT_LEVEL: dict[Role, OrgLevel | None] = {
    Role.STREET_ADMIN: OrgLevel.STREET,
    Role.COMMUNITY_ADMIN: OrgLevel.COMMUNITY,
    Role.GRID_LEADER: OrgLevel.GRID,
    Role.BUILDING_LEADER: OrgLevel.BUILDING,
    Role.CENTRAL_HOUSEHOLD: OrgLevel.CENTRAL_HOUSEHOLD,
    Role.RESIDENT: OrgLevel.BUILDING,
    Role.VOLUNTEER: None,
    Role.AUDITOR: None,
}
# A user account tied to a resident holds this role at the resident's building: it reads its
# own household unmasked and submits and rates its own cases.
LINKED_ACCOUNT_ROLE = Role.RESIDENT


def grant_level_problem(role: Role, level: OrgLevel | None) -> str | None:
    """Why `role` cannot be granted at a node of `level` (None: no node), or None if it can."""
    if role is Role.SYSTEM_ADMIN:
        return None if level is None else "SYSTEM_ADMIN is granted without a node"
    if level is None:
        return f"{role} needs a node"
    wanted = GRANT_LEVEL[role]
    if wanted is not None and wanted is not level:
        return f"{role} is granted at a {wanted} node, not a {level}"
    return None


def may_resolve(assignee_id: int | None, user_id: int | None) -> bool:
    """Only the assignee resolves a claimed case."""
    return user_id is not None and assignee_id == user_id


def may_rate(reporter_user_id: int | None, user_id: int | None) -> bool:
    """Only the reporter rates the result."""
    return user_id is not None and reporter_user_id == user_id


def may_verify(resolved_by_id: int | None, user_id: int | None) -> bool:
    """Separation of duties: whoever resolved a case never verifies it."""
    return user_id is not None and resolved_by_id != user_id
