"""Fixes of the issue-14 review (figures): archived children are left out of the split."""

import models
from tests.helpers import Api, gid, node_named

STATS = """
query($n: ID!) {
  stats(nodeId: $n, from: "2026-01-01", to: "2026-01-31", granularity: MONTH) {
    children { node { id } }
  } }
"""


async def test_archived_children_are_left_out_of_the_split(api: Api, demo) -> None:
    street = await node_named(models.OrgLevel.STREET, 0)
    live = await models.OrgNode.filter(parent_id=street.id).order_by("id")
    assert len(live) >= 2
    await models.OrgNode.filter(models.in_subtree(live[0].path)).update(archived=True)
    body = await api.gql(STATS, {"n": gid(street)}, as_="street1")
    shown = [row["node"]["id"] for row in body["stats"]["children"]]
    assert gid(live[0]) not in shown
    assert gid(live[1]) in shown
