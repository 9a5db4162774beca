"""previewGrant / previewRevoke (issue 15): the counts are what the user reads once the grant
is made (or revoked), for each role at its level; nothing is written; only what grantRole
would accept."""

from typing import Any

import pytest

import models
from app.seed import DEMO_PASSWORD
from models import OrgLevel, Role
from tests.helpers import Api, gid

SUMMARY = """
  nodes households residents phonesUnmasked idNumbersUnmasked casesTotal
  cases { kind status count }
"""
PREVIEW_GRANT = f"""
query PreviewGrant($user: ID!, $role: Role!, $node: ID) {{
  previewGrant(userId: $user, role: $role, nodeId: $node) {{
    role nodeId gainedActions lostActions before {{ {SUMMARY} }} after {{ {SUMMARY} }}
  }}
}}
"""
PREVIEW_REVOKE = f"""
query PreviewRevoke($grant: ID!) {{
  previewRevoke(grantId: $grant) {{
    role gainedActions lostActions before {{ {SUMMARY} }} after {{ {SUMMARY} }}
  }}
}}
"""
CREATE_USER = """
mutation CreateUser($username: String!, $password: String!) {
  createUser(input: { username: $username, displayName: "预览", password: $password }) {
    user { id } errors { code }
  }
}
"""
GRANT = """
mutation Grant($user: ID!, $role: Role!, $node: ID) {
  grantRole(input: { userId: $user, role: $role, nodeId: $node }) {
    grant { id } errors { code field }
  }
}
"""
REVOKE = """
mutation Revoke($id: ID!) { revokeRole(id: $id) { errors { code } } }
"""
SEEN = """
query Seen {
  orgNodes(first: 1) { totalCount }
  households(first: 1) { totalCount }
  residents(first: 1) { totalCount }
  cases(first: 1) { totalCount }
}
"""
KINDS = """
query Kind($kind: CaseKind) { cases(first: 1, filter: { kind: $kind }) { totalCount } }
"""

ROLES_AT = [
    (Role.STREET_ADMIN, OrgLevel.STREET),
    (Role.COMMUNITY_ADMIN, OrgLevel.COMMUNITY),
    (Role.GRID_LEADER, OrgLevel.GRID),
    (Role.BUILDING_LEADER, OrgLevel.BUILDING),
    (Role.CENTRAL_HOUSEHOLD, OrgLevel.CENTRAL_HOUSEHOLD),
    (Role.VOLUNTEER, OrgLevel.GRID),
    (Role.RESIDENT, OrgLevel.BUILDING),
    (Role.AUDITOR, OrgLevel.STREET),
]


async def _seen(api: Api, username: str) -> dict[str, int]:
    data = await api.gql(SEEN, as_=username)
    return {
        "nodes": data["orgNodes"]["totalCount"],
        "households": data["households"]["totalCount"],
        "residents": data["residents"]["totalCount"],
        "casesTotal": data["cases"]["totalCount"],
    }


def _counts(summary: dict[str, Any]) -> dict[str, int]:
    return {key: summary[key] for key in ("nodes", "households", "residents", "casesTotal")}


@pytest.mark.parametrize(("role", "level"), ROLES_AT, ids=[r.value for r, _ in ROLES_AT])
async def test_preview_counts_are_what_the_user_reads_after_the_grant(
    api: Api, demo, role: Role, level: OrgLevel
) -> None:
    # given: a new account without grants, and a node of the role's level in the second street
    created = await api.gql(
        CREATE_USER, {"username": "preview1", "password": DEMO_PASSWORD}, as_="admin"
    )
    user_id = created["createUser"]["user"]["id"]
    node = await models.OrgNode.filter(level=level).order_by("-id").first()
    assert node is not None
    variables = {"user": user_id, "role": role.value, "node": gid(node)}
    grants_before = await models.RoleGrant.all().count()
    # when
    preview = (await api.gql(PREVIEW_GRANT, variables, as_="admin"))["previewGrant"]
    # then: nothing was written
    assert await models.RoleGrant.all().count() == grants_before
    assert preview["before"]["nodes"] == 0
    # when the grant is made
    granted = await api.gql(GRANT, variables, as_="admin")
    assert granted["grantRole"]["errors"] == []
    # then: the user reads what the preview said
    assert await _seen(api, "preview1") == _counts(preview["after"])
    for kind in {c["kind"] for c in preview["after"]["cases"]}:
        got = (await api.gql(KINDS, {"kind": kind}, as_="preview1"))["cases"]["totalCount"]
        assert got == sum(c["count"] for c in preview["after"]["cases"] if c["kind"] == kind)
    assert preview["gainedActions"], preview


async def test_preview_revoke_counts_are_what_the_user_reads_after_it(api: Api, demo) -> None:
    # given: grid1's grant
    grid1 = await models.User.get(username="grid1")
    grant = await models.RoleGrant.get(user_id=grid1.id, revoked_at__isnull=True)
    before = await _seen(api, "grid1")
    # when
    preview = (await api.gql(PREVIEW_REVOKE, {"grant": gid(grant)}, as_="community1"))[
        "previewRevoke"
    ]
    # then
    assert _counts(preview["before"]) == before
    assert "case.accept" in preview["lostActions"]
    revoked = await api.gql(REVOKE, {"id": gid(grant)}, as_="community1")
    assert revoked["revokeRole"]["errors"] == []
    assert await _seen(api, "grid1") == _counts(preview["after"])


async def test_an_existing_holder_gains_only_what_is_new(api: Api, demo) -> None:
    # given: building1 previewed as a grid leader of the grid above their building
    building1 = await models.User.get(username="building1")
    grant = await models.RoleGrant.get(user_id=building1.id).select_related("node")
    assert grant.node is not None
    grid = await models.OrgNode.get(id=grant.node.parent_id)
    variables = {"user": gid(building1), "role": "GRID_LEADER", "node": gid(grid)}
    # when
    preview = (await api.gql(PREVIEW_GRANT, variables, as_="street1"))["previewGrant"]
    # then: before is what building1 reads now; accepting cases at the grid is new
    assert _counts(preview["before"]) == await _seen(api, "building1")
    assert "case.accept" in preview["gainedActions"]
    assert preview["lostActions"] == []
    assert preview["after"]["residents"] > preview["before"]["residents"]


@pytest.mark.parametrize(
    ("caller", "role", "level", "index", "code"),
    [
        # grantRole's own checks: a role one may not grant, a node of the other street
        ("street1", "STREET_ADMIN", OrgLevel.STREET, 0, "FORBIDDEN"),
        ("street1", "COMMUNITY_ADMIN", OrgLevel.COMMUNITY, -1, "NOT_FOUND"),
        ("auditor1", "VOLUNTEER", OrgLevel.GRID, 0, "FORBIDDEN"),
        ("admin", "GRID_LEADER", OrgLevel.BUILDING, 0, "INVALID"),
    ],
)
async def test_preview_refuses_what_grant_role_would(
    api: Api, demo, caller: str, role: str, level: OrgLevel, index: int, code: str
) -> None:
    user = await models.User.get(username="volunteer1")
    nodes = await models.OrgNode.filter(level=level).order_by("id")
    variables = {"user": gid(user), "role": role, "node": gid(nodes[index])}
    body = await api.raw(PREVIEW_GRANT, variables, as_=caller)
    assert body["errors"][0]["extensions"]["code"] == code, body
    granted = await api.gql(GRANT, variables, as_=caller)
    assert granted["grantRole"]["errors"][0]["code"] == code


async def test_preview_revoke_of_the_other_street_is_not_found(api: Api, demo) -> None:
    grid2 = await models.User.get(username="grid2")
    grant = await models.RoleGrant.get(user_id=grid2.id, revoked_at__isnull=True)
    body = await api.raw(PREVIEW_REVOKE, {"grant": gid(grant)}, as_="street1")
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    bad = await api.raw(PREVIEW_REVOKE, {"grant": gid(grid2)}, as_="street1")
    assert bad["errors"][0]["extensions"]["code"] == "INVALID"
