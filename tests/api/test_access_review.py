"""accessReview (issue 15): grants at, above and below a node, who made them and when, grants
unused for 90 days, holders in two sibling subtrees; scope; paging; the download."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

import models
from models import OrgLevel, Role
from tests.api.test_exports import csv_rows, get
from tests.helpers import Api, gid

REVIEW = """
query Review($node: ID!, $filter: AccessReviewFilter, $first: Int, $after: String,
             $order: AccessReviewOrder) {
  accessReview(nodeId: $node, filter: $filter, first: $first, after: $after, orderBy: $order) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { username role position grantedAt grantedById lastUsedAt unused
                   siblingSubtrees grant { id } grantedBy { username } } }
  }
}
"""


async def _review(api: Api, node: models.OrgNode, as_: str, **variables: Any) -> dict[str, Any]:
    data = await api.gql(REVIEW, {"node": gid(node), **variables}, as_=as_)
    review: dict[str, Any] = data["accessReview"]
    return review


def _entries(review: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in review["edges"]]


async def test_at_above_and_below_the_node(api: Api, demo) -> None:
    # given: the first community of the first street
    community = await models.OrgNode.filter(level=OrgLevel.COMMUNITY).order_by("id").first()
    assert community is not None
    # when
    entries = _entries(await _review(api, community, "street1", first=100))
    # then
    where = {(e["username"], e["role"]): e["position"] for e in entries}
    assert where[("community1", "COMMUNITY_ADMIN")] == "AT"
    assert where[("street1", "STREET_ADMIN")] == "ABOVE"
    assert where[("grid1", "GRID_LEADER")] == "BELOW"
    assert where[("resident1", "RESIDENT")] == "BELOW"
    assert not any(name.endswith("2") for name, _ in where), where
    assert all(not e["unused"] for e in entries)


async def test_unused_and_sibling_subtrees(api: Api, demo) -> None:
    # given: grid1's grant made 100 days ago and never used; volunteer1 also volunteers at the
    # first street's second grid (a sibling of their first grid)
    street = await models.OrgNode.filter(level=OrgLevel.STREET).order_by("id").first()
    assert street is not None
    grid1 = await models.User.get(username="grid1")
    old = datetime.now(UTC) - timedelta(days=100)
    await models.RoleGrant.filter(user_id=grid1.id).update(created_at=old)
    volunteer1 = await models.User.get(username="volunteer1")
    first = await models.RoleGrant.get(user_id=volunteer1.id).select_related("node")
    assert first.node is not None
    sibling = (
        await models.OrgNode.filter(level=OrgLevel.GRID, path__startswith=street.path)
        .exclude(id=first.node_id)
        .order_by("id")
        .first()
    )
    assert sibling is not None
    await models.RoleGrant.create(user_id=volunteer1.id, role=Role.VOLUNTEER, node_id=sibling.id)
    # when
    unused = _entries(await _review(api, street, "auditor1", filter={"unused": True}))
    siblings = _entries(
        await _review(api, street, "street1", filter={"siblingSubtrees": True}, first=50)
    )
    # then
    assert [(e["username"], e["role"]) for e in unused] == [("grid1", "GRID_LEADER")]
    assert {e["username"] for e in siblings} == {"volunteer1"}
    assert len(siblings) == 2


async def test_last_used_is_the_audit_trails_authorising_grant(api: Api, demo) -> None:
    # given: community1 renames a grid (its grant authorises the change)
    community = await models.OrgNode.filter(level=OrgLevel.COMMUNITY).order_by("id").first()
    assert community is not None
    grid = await models.OrgNode.filter(level=OrgLevel.GRID, parent_id=community.id).first()
    assert grid is not None
    rename = (
        """mutation R($id: ID!) { renameOrgNode(id: $id, name: "改名网格") { errors { code } } }"""
    )
    assert (await api.gql(rename, {"id": gid(grid)}, as_="community1"))["renameOrgNode"][
        "errors"
    ] == []
    # when
    entries = _entries(await _review(api, community, "street1", filter={"positions": ["AT"]}))
    # then
    (entry,) = [e for e in entries if e["username"] == "community1"]
    assert entry["lastUsedAt"] is not None


async def test_pages_by_keyset_cursors(api: Api, demo) -> None:
    street = await models.OrgNode.filter(level=OrgLevel.STREET).order_by("id").first()
    assert street is not None
    whole = _entries(await _review(api, street, "street1", first=100, order="USERNAME"))
    seen: list[str] = []
    after = None
    while True:
        page = await _review(api, street, "street1", first=3, after=after, order="USERNAME")
        seen += [e["grant"]["id"] for e in _entries(page)]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [e["grant"]["id"] for e in whole]
    assert [e["username"] for e in whole] == sorted(e["username"] for e in whole)


@pytest.mark.parametrize(
    ("caller", "code"),
    [("street2", "NOT_FOUND"), ("auditor2", "NOT_FOUND"), ("community1", "FORBIDDEN")],
)
async def test_the_other_street_cannot_review(api: Api, demo, caller: str, code: str) -> None:
    community = await models.OrgNode.filter(level=OrgLevel.COMMUNITY).order_by("id").first()
    assert community is not None
    body = await api.raw(REVIEW, {"node": gid(community)}, as_=caller)
    assert body["errors"][0]["extensions"]["code"] == code
    response = await get(
        api.client, api, "/exports/access-review.csv", caller, nodeId=gid(community)
    )
    assert response.status_code == (404 if code == "NOT_FOUND" else 403)


async def test_the_download_neutralises_formulas(api: Api, demo, client: httpx.AsyncClient) -> None:
    # given: a holder whose display name looks like a formula
    grid1 = await models.User.get(username="grid1")
    await models.User.filter(id=grid1.id).update(display_name="=HYPERLINK(1)")
    street = await models.OrgNode.filter(level=OrgLevel.STREET).order_by("id").first()
    assert street is not None
    # when
    rows = csv_rows(
        await get(client, api, "/exports/access-review.csv", "auditor1", nodeId=gid(street))
    )
    # then
    assert rows[0][:3] == ["用户名", "姓名", "角色"]
    (grid_row,) = [row for row in rows if row[0] == "grid1"]
    assert grid_row[1] == "'=HYPERLINK(1)"
    assert grid_row[2] == "网格长"
    assert len(rows) - 1 == (await _review(api, street, "auditor1"))["totalCount"]
    xlsx = await get(client, api, "/exports/access-review.xlsx", "auditor1", nodeId=gid(street))
    assert xlsx.status_code == 200
