"""The organisation tree (五级组织架构), accounts, role grants and signing in."""

from schema.descriptions.shared import (
    DATE_TIME,
    ERRORS,
    connection,
    node_id,
    payload,
)

DESCRIPTIONS: dict[str, str] = {
    # ------------------------------------------------------------------ the tree
    "OrgLevel": "The five levels of the organisation tree (五级组织架构), top down.",
    "OrgLevel.STREET": (
        "Street (街道 / 街道党工委): the sub-district office and its party working committee; "
        "the top level."
    ),
    "OrgLevel.COMMUNITY": "Community (社区 / 社区党组织) and its party organisation.",
    "OrgLevel.GRID": "Grid (网格 / 网格党支部): a few hundred households and its party branch.",
    "OrgLevel.BUILDING": (
        "Building (楼栋 / 楼栋党小组): one residential building and its party group."
    ),
    "OrgLevel.CENTRAL_HOUSEHOLD": (
        "Party-member central household (党员中心户): looks after 5-15 neighbouring households; "
        "the bottom level."
    ),
    "OrgNode": (
        "A node of the five-level tree: street 街道, community 社区, grid 网格, building 楼栋 or "
        "central household 党员中心户. Roles are granted at nodes and reach their subtree."
    ),
    **node_id("OrgNode", "node"),
    "OrgNode.name": "Its name, unique among its siblings (1 to 100 characters).",
    "OrgNode.level": "Its level; its children are of the next level.",
    "OrgNode.archived": (
        "Archived with its subtree: left out of lists unless asked for; nothing is deleted."
    ),
    "OrgNode.createdAt": f"When it was created {DATE_TIME}.",
    "OrgNode.parent": "The node above it; null for a street.",
    **connection("OrgNode", "nodes"),
    "Mutation.createOrgNode": (
        "Creates a node under a parent in the viewer's scope (GRID_LEADER and up), one level "
        "below it; a sibling of the same name is CONFLICT."
    ),
    "Mutation.createOrgNode(input)": "The new node.",
    "CreateOrgNodeInput": "A new node of the tree.",
    "CreateOrgNodeInput.name": "Unique among its siblings; 1 to 100 characters on one line.",
    "CreateOrgNodeInput.level": "The level below the parent's (STREET at the top).",
    "Mutation.renameOrgNode": (
        "Renames a node strictly below one of the viewer's grant nodes; a sibling of the same "
        "name is CONFLICT."
    ),
    "Mutation.renameOrgNode(id)": "The node.",
    "Mutation.renameOrgNode(name)": "The new name: 1 to 100 characters.",
    "Mutation.moveOrgNode(id)": "The node, strictly below one of the viewer's grant nodes.",
    "Mutation.moveOrgNode(newParentId)": (
        "The new parent: one level above the node, in the viewer's scope, not archived and not "
        "inside the node's own subtree."
    ),
    "Mutation.archiveOrgNode(id)": "The node, strictly below one of the viewer's grant nodes.",
    "Mutation.restoreOrgNode": (
        "Restores an archived node with its subtree; INVALID while its parent is archived."
    ),
    "Mutation.restoreOrgNode(id)": "The node, strictly below one of the viewer's grant nodes.",
    **payload("OrgNodePayload", "orgNode", "the node as it is now", "the tree mutations"),
    # ------------------------------------------------------------------ accounts and grants
    "User": (
        "An account that signs in: staff, volunteer or resident. What it may see and do comes "
        "from its role grants."
    ),
    **node_id("User", "account"),
    "User.username": ("Sign-in name: 2 to 64 of a-z, 0-9, '_', '.', '-', kept case-folded (NFKC)."),
    "User.displayName": "The name others see (1 to 100 characters).",
    "User.createdAt": f"When the account was created {DATE_TIME}.",
    **connection("User", "users"),
    "Role": (
        "What a grant lets its holder do in the node's subtree. Each staff role holds the "
        "rights of those below it down to VOLUNTEER; RESIDENT and AUDITOR stand apart."
    ),
    "Role.SYSTEM_ADMIN": (
        "System administrator: everything, at no node; made only by `loudong create-admin`."
    ),
    "Role.STREET_ADMIN": (
        "Street (街道) administrator, at a street; grants COMMUNITY_ADMIN and below."
    ),
    "Role.COMMUNITY_ADMIN": (
        "Community (社区) administrator, at a community: sees ID-card numbers, rejects and "
        "verifies cases (组织验单), reads disputes, sets case rules; grants GRID_LEADER, AUDITOR."
    ),
    "Role.GRID_LEADER": (
        "Grid (网格) leader, at a grid: changes the tree below, accepts and dispatches cases "
        "(社区接单, 派单), runs volunteer teams, creates accounts; grants BUILDING_LEADER and "
        "below."
    ),
    "Role.BUILDING_LEADER": (
        "Building (楼栋) leader, at a building: reads and changes households and residents, "
        "sees phones, reads and claims cases, manages the building's QR code."
    ),
    "Role.CENTRAL_HOUSEHOLD": (
        "Party-member central household (党员中心户), at one: reads the households linked to it, "
        "submits cases for them and claims cases."
    ),
    "Role.VOLUNTEER": (
        "Volunteer (志愿者), at any node: reads the cases waiting to be claimed there "
        "(disputes excepted), claims them (党员干部接单) and resolves those assigned to them."
    ),
    "Role.RESIDENT": (
        "Resident (居民), at their building (`linkResidentAccount` grants it): reads their own "
        "household unmasked, submits cases and rates their own (群众评单)."
    ),
    "Role.AUDITOR": (
        "Auditor, at any node: reads the subtree (personal data masked), changes nothing."
    ),
    "RoleGrant": "A role held at a node: it applies to the node's whole subtree, nothing outside.",
    **node_id("RoleGrant", "grant"),
    "RoleGrant.role": "The role granted.",
    "RoleGrant.user": "The account that holds it.",
    "Mutation.login": (
        "Signs in and answers a token. A wrong username or password is UNAUTHENTICATED; after "
        "five in a row for an account from one address, each try waits longer (RATE_LIMITED)."
    ),
    "Mutation.login(username)": "Case-insensitive: `Admin` signs in as `admin`.",
    "Mutation.login(password)": "The account's password.",
    "Mutation.changePassword(oldPassword)": (
        "The current password; a wrong one is INVALID and counts as a failed sign-in."
    ),
    "Mutation.changePassword(newPassword)": "8 to 128 characters.",
    "LoginPayload": "What `login` and `changePassword` answer: a token and the account, or errors.",
    "LoginPayload.user": "The signed-in account; null when `errors` is not empty.",
    "LoginPayload.errors": ERRORS,
    "Mutation.createUser": (
        "Creates an account with no role (GRID_LEADER and up); give it one with `grantRole`. "
        "A username taken is CONFLICT."
    ),
    "Mutation.createUser(input)": "The new account.",
    "CreateUserInput": "A new account.",
    "CreateUserInput.username": (
        "2 to 64 of a-z, 0-9, '_', '.', '-', starting with a letter or digit; kept case-folded."
    ),
    "CreateUserInput.displayName": "The name others see: 1 to 100 characters.",
    "CreateUserInput.password": "8 to 128 characters.",
    **payload("UserPayload", "user", "the account", "`createUser` and `logout`"),
    "Mutation.grantRole": (
        "Grants a role at a node: only a role below the granter's own, in their subtree, never "
        "to their own account, at the role's level (VOLUNTEER and AUDITOR at any). Held already: "
        "CONFLICT."
    ),
    "Mutation.grantRole(input)": "Who gets which role where.",
    "GrantRoleInput": "A role to grant.",
    "GrantRoleInput.userId": "The account; one the granter cannot read is NOT_FOUND.",
    "GrantRoleInput.role": "The role.",
    "Mutation.revokeRole": (
        "Revokes a grant the viewer could have given; it stops counting from the next request."
    ),
    "Mutation.revokeRole(id)": "The grant (a RoleGrant id).",
    **payload("RoleGrantPayload", "grant", "the grant", "`grantRole` and `revokeRole`"),
}
