"""Outside review of issue 14 (figures): findings as strict xfail tests."""

from typing import Any

import pytest

import models
from tests.helpers import Api, gid, node_named

STATS = """
query($n: ID!, $from: Date!, $to: Date!, $g: StatsGranularity) {
  stats(nodeId: $n, from: $from, to: $to, granularity: $g) {
    total { casesSubmitted openAlerts }
    children { node { name } casesSubmitted openAlerts }
  } }
"""


async def ask(api: Api, node: models.OrgNode, start: str, end: str, g: str, as_: str) -> Any:
    return await api.raw(STATS, {"n": gid(node), "from": start, "to": end, "g": g}, as_=as_)


@pytest.mark.parametrize(
    ("start", "end"), [("9999-12-31", "9999-12-31"), ("0001-01-01", "0001-01-01")]
)
async def test_stats_at_the_edge_of_the_calendar_is_invalid_not_unexpected(
    api: Api, demo, start: str, end: str
) -> None:
    street = await node_named(models.OrgLevel.STREET, 0)
    body = await ask(api, street, start, end, "DAY", "street1")
    assert body.get("data") is None or body["data"].get("stats") is None
    codes = [error.get("extensions", {}).get("code") for error in body.get("errors", [])]
    assert codes == ["INVALID"], body


async def test_stats_export_at_the_edge_of_the_calendar_is_a_400(api: Api, client, demo) -> None:
    street = await node_named(models.OrgLevel.STREET, 0)
    token = await api.token("street1")
    response = await client.get(
        "/exports/stats.csv",
        params={"nodeId": gid(street), "from": "9999-12-31", "to": "9999-12-31",
                "granularity": "DAY"},
        headers={"Authorization": f"Bearer {token}"},
    )  # fmt: skip
    assert response.status_code == 400, (response.status_code, response.text[:200])
