"""Figures (统计): exact numbers on a hand-built street (tests/api/stats_data.py), rolled up
from below, scoped like everything else, periods in Asia/Shanghai, and a constant number of
statements whatever the number of children."""

from typing import Any

import pytest

import models
from resolvers.ids import encode_global_id
from tests.api import stats_data
from tests.api.stats_data import Street
from tests.helpers import Api, QueryCounter, gid, node_named

STATS = """
query($n: ID!, $from: Date!, $to: Date!, $g: StatsGranularity) {
  stats(nodeId: $n, from: $from, to: $to, granularity: $g) {
    from to granularity node { name }
    total { ...F node { name } casesByKindAndStatus { kind status count }
            residents households partyMembers eldersLivingAlone openAlerts }
    children { ...F node { name } casesByKindAndStatus { kind status count }
               residents households partyMembers eldersLivingAlone openAlerts }
    series { start end ...P }
  } }
fragment F on StatsRow { casesSubmitted casesResolved resolvedWithinDeadline averageRating
  hazardsFound hazardsFixed disputesMediated activeVolunteers volunteerHours pointsIssued
  pointsRedeemed }
fragment P on StatsPeriod { casesSubmitted casesResolved resolvedWithinDeadline averageRating
  hazardsFound hazardsFixed disputesMediated activeVolunteers volunteerHours pointsIssued
  pointsRedeemed }
"""
MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


@pytest.fixture
async def street(demo) -> Street:
    return await stats_data.build_street()


async def figures(
    api: Api, street: Street, key: str, user: str, g: str = "WEEK", **range_: str
) -> dict[str, Any]:
    variables = {"n": gid(street.nodes[key]), "g": g, **MARCH, **range_}
    data = await api.gql(STATS, variables, as_=user)
    result: dict[str, Any] = data["stats"]
    return result


def pick(row: dict[str, Any], *names: str) -> tuple[Any, ...]:
    return tuple(row[name] for name in names)


CASE_FIGURES = (
    "casesSubmitted",
    "casesResolved",
    "resolvedWithinDeadline",
    "averageRating",
    "hazardsFound",
    "hazardsFixed",
    "disputesMediated",
)
OTHER_FIGURES = ("activeVolunteers", "volunteerHours", "pointsIssued", "pointsRedeemed")
PEOPLE = ("residents", "households", "partyMembers", "eldersLivingAlone")


async def test_a_street_admin_reads_exact_figures_of_the_street_and_its_communities(api, street):
    # when
    stats = await figures(api, street, "S", "stats_street")
    # then
    total, (c1, c2) = stats["total"], stats["children"]
    assert [c1["node"]["name"], c2["node"]["name"]] == ["一社区", "二社区"]
    assert pick(total, *CASE_FIGURES) == (10, 6, 5, 4.2, 2, 1, 1)
    assert pick(c1, *CASE_FIGURES) == (8, 5, 5, 4.0, 2, 1, 1)
    assert pick(c2, *CASE_FIGURES) == (2, 1, 0, 5.0, 0, 0, 0)
    assert pick(total, *OTHER_FIGURES) == (2, 4.0, 25, 6)
    assert pick(c1, *OTHER_FIGURES) == (1, 3.0, 25, 0)
    assert pick(c2, *OTHER_FIGURES) == (1, 1.0, 0, 6)
    assert pick(total, *PEOPLE) == (5, 3, 2, 2)
    assert pick(c1, *PEOPLE) == (3, 2, 2, 2)
    assert pick(c2, *PEOPLE) == (2, 1, 0, 0)
    # the street reads escalated alerts only (the building's stewards and the grid read all)
    assert (total["openAlerts"], c1["openAlerts"], c2["openAlerts"]) == (2, 2, 0)
    counts = {(c["kind"], c["status"]): c["count"] for c in total["casesByKindAndStatus"]}
    assert counts == {
        ("DEMAND", "SUBMITTED"): 3,
        ("DEMAND", "CLAIMED"): 1,
        ("DEMAND", "RATED"): 1,
        ("DEMAND", "VERIFIED"): 2,
        ("HAZARD", "CLAIMED"): 1,
        ("HAZARD", "RESOLVED"): 1,
        ("DISPUTE", "VERIFIED"): 1,
    }


async def test_the_node_is_the_sum_of_its_children_where_figures_add_up(api, street):
    # given: nothing lies at the street or the community itself
    for key in ("S", "C1"):
        # when
        stats = await figures(api, street, key, "stats_street")
        # then
        total, children = stats["total"], stats["children"]
        additive = [*CASE_FIGURES[:3], *CASE_FIGURES[4:], "volunteerHours", "pointsIssued"]
        for name in [*additive, "pointsRedeemed", *PEOPLE]:
            assert total[name] == sum(child[name] for child in children), (key, name)
        # a person who served in two grids is one active volunteer of the community
        assert total["activeVolunteers"] <= sum(c["activeVolunteers"] for c in children)
    c1 = await figures(api, street, "C1", "stats_street")
    assert [c["activeVolunteers"] for c in c1["children"]] == [1, 1]
    assert c1["total"]["activeVolunteers"] == 1


async def test_a_grid_leader_reads_no_disputes_and_what_lies_at_the_grid_itself(api, street):
    # when
    stats = await figures(api, street, "G1", "stats_g1")
    # then: the dispute in B1 is left out of every figure; the case raised at G1 is in the total
    total, (b1,) = stats["total"], stats["children"]
    assert pick(total, *CASE_FIGURES) == (4, 3, 3, 4.0, 1, 0, None)
    assert pick(b1, *CASE_FIGURES) == (3, 3, 3, 4.0, 1, 0, None)
    assert {c["kind"] for c in total["casesByKindAndStatus"]} == {"DEMAND", "HAZARD"}
    assert pick(total, *OTHER_FIGURES) == (1, 2.0, 10, 0)
    assert pick(total, *PEOPLE) == (2, 1, 1, 1)
    assert total["openAlerts"] == 2  # the raised one and the escalated one
    assert all(period["disputesMediated"] is None for period in stats["series"])


async def test_a_building_has_no_child_rows(api, street):
    stats = await figures(api, street, "B1", "stats_b1")
    assert stats["children"] == []
    assert stats["total"]["node"]["name"] == "1栋"
    assert stats["total"]["disputesMediated"] is None
    assert stats["total"]["casesSubmitted"] == 3


@pytest.mark.parametrize(
    ("user", "key"),
    [
        ("stats_g1", "G2"),  # a sibling grid
        ("stats_g1", "C1"),  # the community above (a breadcrumb, not a scope)
        ("stats_b1", "G1"),
        ("stats_c1", "C2"),
        ("stats_vol", "G1"),  # volunteers read no figures
        ("community1", "S"),  # a demo community admin, another street
    ],
)
async def test_a_node_out_of_scope_is_not_found_like_a_missing_one(api, street, user, key):
    # when
    body = await api.raw(STATS, {"n": gid(street.nodes[key]), **MARCH}, as_=user)
    gone = await api.raw(STATS, {"n": encode_global_id("OrgNode", 10**9), **MARCH}, as_=user)
    # then
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert gone["errors"][0]["extensions"] == body["errors"][0]["extensions"]
    assert gone["errors"][0]["message"] == body["errors"][0]["message"]


async def test_children_never_reach_outside_the_scope(api, street):
    stats = await figures(api, street, "C1", "stats_c1")
    names = [child["node"]["name"] for child in stats["children"]]
    assert names == ["一网格", "二网格"]
    auditor = await figures(api, street, "S", "stats_auditor")
    assert auditor["total"]["disputesMediated"] is None  # auditors read no disputes
    assert auditor["total"]["casesSubmitted"] == 9
    assert auditor["total"]["openAlerts"] == 3  # auditors read every alert
    community = await figures(api, street, "C1", "stats_c1")
    assert [c["openAlerts"] for c in community["children"]] == [1, 1]  # escalated ones only


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"from": "2026-03-02", "to": "2026-03-01", "g": "DAY"}, "from"),
        ({"from": "2024-01-01", "to": "2026-01-01", "g": "DAY"}, "to"),  # 732 days
        ({"from": "2010-01-01", "to": "2026-01-01", "g": "MONTH"}, "to"),
    ],
)
async def test_a_bad_range_is_invalid(api, street, variables, field):
    body = await api.raw(STATS, {"n": gid(street.nodes["S"]), **variables}, as_="stats_street")
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "INVALID"
    assert body["errors"][0]["extensions"]["field"] == field


async def test_two_years_of_days_is_the_most(api, street):
    stats = await figures(api, street, "S", "stats_street", "DAY", **{"from": "2024-03-31"})
    assert len(stats["series"]) == 731
    assert sum(p["casesSubmitted"] for p in stats["series"]) == stats["total"]["casesSubmitted"]


async def test_weeks_start_on_monday_in_shanghai_and_are_cut_to_the_range(api, street):
    # when
    stats = await figures(api, street, "S", "stats_street", "WEEK")
    # then: 1 March 2026 is a Sunday
    series = stats["series"]
    assert [(p["start"], p["end"]) for p in series] == [
        ("2026-03-01", "2026-03-01"),
        ("2026-03-02", "2026-03-08"),
        ("2026-03-09", "2026-03-15"),
        ("2026-03-16", "2026-03-22"),
        ("2026-03-23", "2026-03-29"),
        ("2026-03-30", "2026-03-31"),
    ]
    # case 5 came at 00:00 on Monday 9 March local (Sunday in UTC): the third week
    assert [p["casesSubmitted"] for p in series] == [0, 5, 4, 0, 0, 1]
    # case 7 was resolved at 07:30 on 1 March local (28 February in UTC): in the range
    assert [p["casesResolved"] for p in series] == [1, 2, 3, 0, 0, 0]
    assert [p["pointsIssued"] for p in series] == [0, 10, 15, 0, 0, 0]
    assert [p["pointsRedeemed"] for p in series] == [0, 0, 6, 0, 0, 0]
    assert [p["activeVolunteers"] for p in series] == [0, 2, 0, 1, 0, 0]
    assert [p["volunteerHours"] for p in series] == [0, 3.0, 0, 1.0, 0, 0]


async def test_days_and_months_in_shanghai(api, street):
    days = (await figures(api, street, "S", "stats_street", "DAY"))["series"]
    assert len(days) == 31
    by_day = {p["start"]: p for p in days}
    assert (by_day["2026-03-01"]["casesResolved"], by_day["2026-03-01"]["casesSubmitted"]) == (1, 0)
    assert by_day["2026-03-31"]["casesSubmitted"] == 1  # at 23:59 local
    assert by_day["2026-03-09"]["casesSubmitted"] == 1
    assert by_day["2026-03-09"]["casesResolved"] == 2
    months = await figures(
        api, street, "S", "stats_street", "MONTH", **{"from": "2026-02-15", "to": "2026-04-10"}
    )
    assert [(p["start"], p["end"]) for p in months["series"]] == [
        ("2026-02-15", "2026-02-28"),
        ("2026-03-01", "2026-03-31"),
        ("2026-04-01", "2026-04-10"),
    ]
    assert [p["casesSubmitted"] for p in months["series"]] == [1, 10, 1]
    assert [p["pointsIssued"] for p in months["series"]] == [0, 25, 100]


async def test_the_statement_count_does_not_grow_with_children(api, street, queries: QueryCounter):
    # given
    await api.token("stats_street")
    await figures(api, street, "C1", "stats_street")  # warm: the viewer's grants are cached
    queries.reset()
    await figures(api, street, "C1", "stats_street")
    few = queries.count
    # when: eight more grids, each with a building and cases
    for n in range(8):
        grid = await stats_data.node(street, f"X{n}", models.OrgLevel.GRID, "C1", f"加{n}网格")
        await stats_data.node(street, f"XB{n}", models.OrgLevel.BUILDING, f"X{n}", f"加{n}栋")
        await stats_data.case(
            street, f"XB{n}", models.CaseKind.DEMAND, models.CaseStatus.SUBMITTED,
            "2026-03-20 10:00",
        )  # fmt: skip
        assert grid.id
    queries.reset()
    stats = await figures(api, street, "C1", "stats_street")
    # then
    assert len(stats["children"]) == 10
    assert stats["total"]["casesSubmitted"] == 8 + 8
    assert queries.count == few, queries.statements


async def test_a_central_household_has_no_figures_of_its_own(api, demo):
    node = await node_named(models.OrgLevel.CENTRAL_HOUSEHOLD)
    body = await api.raw(STATS, {"n": gid(node), **MARCH}, as_="admin")
    assert body["errors"][0]["extensions"]["code"] == "INVALID"
    assert body["errors"][0]["extensions"]["field"] == "nodeId"


async def test_the_demo_street_answers_with_every_figure_consistent(api, demo):
    # given: the seeded demo street, its communities and a year of data
    street = await node_named(models.OrgLevel.STREET)
    variables = {"n": gid(street), "from": "2025-12-01", "to": "2026-11-30", "g": "MONTH"}
    # when
    stats = (await api.gql(STATS, variables, as_="street1"))["stats"]
    # then
    total, children = stats["total"], stats["children"]
    assert total["residents"] == sum(c["residents"] for c in children) > 0
    assert total["casesSubmitted"] == sum(p["casesSubmitted"] for p in stats["series"])
    assert len(stats["series"]) == 12
