"""Outside review of issue 15 (explainAccess, previewGrant, accessReview): each test shows a
confirmed problem and is expected to fail until it is fixed."""

import pytest

import models
from models import OrgLevel, Role
from tests.helpers import Api, explain_access, gid

PREVIEW_GRANT = """
query PreviewGrant($user: ID!, $role: Role!, $node: ID) {
  previewGrant(userId: $user, role: $role, nodeId: $node) {
    gainedActions lostActions
    before { nodes households residents phonesUnmasked idNumbersUnmasked casesTotal
             cases { kind status count } }
    after { nodes households residents phonesUnmasked idNumbersUnmasked casesTotal
            cases { kind status count } }
  }
}
"""
EXPLAIN = """
query Explain($user: ID!, $target: ID!, $action: String!) {
  explainAccess(userId: $user, targetId: $target, action: $action) {
    allowed readable grants
    checks { action allowed listing below grants { grantId role nodeId roleAllows
      containsTarget matchingPrefix } }
    rules { rule holds required }
    fields { field unmasked }
  }
}
"""
REVIEW = """
query Review($node: ID!) {
  accessReview(nodeId: $node, first: 100) {
    edges { node { username role position lastUsedAt unused grant { id } } }
  }
}
"""
RENAME = """
mutation R($id: ID!) { renameOrgNode(id: $id, name: "改名网格15") { errors { code } } }
"""


async def _two_street_user() -> tuple[models.User, models.OrgNode, models.OrgNode]:
    """A new account volunteering at the first street's first grid (so street1 reads it), and
    the first street's first building and the second street's last community."""
    user = await models.User.create(username="dual15", display_name="双街", password_hash="x")
    grid = await models.OrgNode.filter(level=OrgLevel.GRID).order_by("id").first()
    building = await models.OrgNode.filter(level=OrgLevel.BUILDING).order_by("id").first()
    other = await models.OrgNode.filter(level=OrgLevel.COMMUNITY).order_by("-id").first()
    assert grid is not None
    assert building is not None
    assert other is not None
    await models.RoleGrant.create(user_id=user.id, role=Role.VOLUNTEER, node_id=grid.id)
    return user, building, other


async def test_preview_grant_does_not_depend_on_the_users_grants_in_the_other_street(
    api: Api, demo
) -> None:
    # given: an account street1 reads (a volunteer in its first grid)
    user, building, other = await _two_street_user()
    variables = {"user": gid(user), "role": "BUILDING_LEADER", "node": gid(building)}
    alone = (await api.gql(PREVIEW_GRANT, variables, as_="street1"))["previewGrant"]
    # when: the account also holds a grant in the second street (street1's business: none)
    await models.RoleGrant.create(user_id=user.id, role=Role.COMMUNITY_ADMIN, node_id=other.id)
    both = (await api.gql(PREVIEW_GRANT, variables, as_="street1"))["previewGrant"]
    # then: street1's answer is the same
    assert both == alone


async def test_explain_does_not_depend_on_the_users_grants_in_the_other_street(
    api: Api, demo
) -> None:
    # given: an account street1 reads, and a case of the first street
    user, _, other = await _two_street_user()
    case = await models.Case.exclude(kind=models.CaseKind.DISPUTE).order_by("id").first()
    assert case is not None
    variables = {"user": gid(user), "target": gid(case), "action": "case.read"}
    alone = (await api.gql(EXPLAIN, variables, as_="street1"))["explainAccess"]
    # when: the account is also a community admin of the second street
    await models.RoleGrant.create(user_id=user.id, role=Role.COMMUNITY_ADMIN, node_id=other.id)
    both = (await api.gql(EXPLAIN, variables, as_="street1"))["explainAccess"]
    # then: street1's answer is the same
    changed = [(a, b) for a, b in zip(alone["checks"], both["checks"], strict=False) if a != b]
    assert both == alone, changed


@pytest.mark.parametrize("action", ["stats.read", "audit.read", "access.review"])
async def test_explained_read_of_another_resource_is_what_the_user_gets(
    api: Api, demo, action: str
) -> None:
    # given: volunteer1 and the grid it volunteers at (it reads the node)
    volunteer = await models.User.get(username="volunteer1")
    grant = await models.RoleGrant.get(user_id=volunteer.id).select_related("node")
    assert grant.node is not None
    # when
    explained = await explain_access(api, EXPLAIN, volunteer, gid(grant.node), action)
    # then: volunteers hold none of these actions (policy.csv), so the answer is no
    assert explained["readable"] is True
    assert explained["allowed"] is False, explained


async def test_review_last_used_does_not_tell_of_changes_in_the_other_street(
    api: Api, demo
) -> None:
    # given: street1's review of its street
    street = await models.OrgNode.filter(level=OrgLevel.STREET).order_by("id").first()
    assert street is not None
    before = (await api.gql(REVIEW, {"node": gid(street)}, as_="street1"))["accessReview"]
    # when: the system admin changes something in the second street
    other = await models.OrgNode.filter(level=OrgLevel.STREET).order_by("-id").first()
    assert other is not None
    grid = await models.OrgNode.filter(level=OrgLevel.GRID, path__startswith=other.path).first()
    assert grid is not None
    renamed = await api.gql(RENAME, {"id": gid(grid)}, as_="admin")
    assert renamed["renameOrgNode"]["errors"] == []
    after = (await api.gql(REVIEW, {"node": gid(street)}, as_="street1"))["accessReview"]
    # then: street1's review is the same
    assert after == before


async def test_explained_reporter_phone_is_what_the_reporter_reads(api: Api, demo) -> None:
    # given: a case resident1 reported, with a reporter phone
    resident1 = await models.User.get(username="resident1")
    case = (
        await models.Case.filter(reporter_user_id=resident1.id, reporter_phone__isnull=False)
        .order_by("id")
        .first()
    )
    if case is None:
        case = await models.Case.exclude(kind=models.CaseKind.DISPUTE).order_by("id").first()
        assert case is not None
        case.reporter_user_id = resident1.id
        case.reporter_phone = "13812345678"
        await case.save(update_fields=["reporter_user_id", "reporter_phone"])
    read = (
        await api.gql(
            "query C($id: ID!) { node(id: $id) { ... on Case { reporter { phone } } } }",
            {"id": gid(case)},
            as_="resident1",
        )
    )["node"]
    assert read is not None
    assert "*" not in read["reporter"]["phone"]
    # when
    explained = await explain_access(api, EXPLAIN, resident1, gid(case), "person.see_phone")
    # then: the reporter reads it unmasked, and the explanation says so
    assert explained["allowed"] is True, explained


async def test_preview_tells_a_grid_leader_no_disputes(api: Api, demo) -> None:
    # given: a volunteer of grid1's grid who mediates a dispute there
    grid1 = await models.User.get(username="grid1")
    grant = await models.RoleGrant.get(user_id=grid1.id).select_related("node")
    assert grant.node is not None
    user = await models.User.create(username="mediator15", display_name="调解", password_hash="x")
    await models.RoleGrant.create(user_id=user.id, role=Role.VOLUNTEER, node_id=grant.node.id)
    dispute = await models.Case.filter(
        kind=models.CaseKind.DISPUTE, node_path__startswith=grant.node.path
    ).first()
    if dispute is None:
        dispute = await models.Case.filter(kind=models.CaseKind.DISPUTE).order_by("id").first()
        assert dispute is not None
        dispute.node_path = grant.node.path
        dispute.node_id = grant.node.id
    dispute.assignee_id = user.id
    await dispute.save()
    building = await models.OrgNode.filter(
        level=OrgLevel.BUILDING, path__startswith=grant.node.path
    ).first()
    assert building is not None
    # when: grid1 previews making them a building leader
    preview = (
        await api.gql(
            PREVIEW_GRANT,
            {"user": gid(user), "role": "BUILDING_LEADER", "node": gid(building)},
            as_="grid1",
        )
    )["previewGrant"]
    # then: no dispute is counted to a grid leader, who reads none
    kinds = {c["kind"] for part in ("before", "after") for c in preview[part]["cases"]}
    assert "DISPUTE" not in kinds, preview


async def test_review_granted_by_is_only_an_account_the_caller_reads(api: Api, demo) -> None:
    # given: the demo's grants were made by the system admin, whom street1 does not read
    admin = await models.User.get(username="admin")
    unread = await api.gql(
        "query U($id: ID!) { node(id: $id) { id } }", {"id": gid(admin)}, as_="street1"
    )
    assert unread["node"] is None
    street = await models.OrgNode.filter(level=OrgLevel.STREET).order_by("id").first()
    assert street is not None
    # when
    review = await api.gql(
        """query R($node: ID!) { accessReview(nodeId: $node, first: 100) {
             edges { node { username grantedBy { id username } } } } }""",
        {"node": gid(street)},
        as_="street1",
    )
    # then: the granter is null where street1 may not read it
    granters = {
        e["node"]["grantedBy"]["username"]
        for e in review["accessReview"]["edges"]
        if e["node"]["grantedBy"]
    }
    assert "admin" not in granters, granters
