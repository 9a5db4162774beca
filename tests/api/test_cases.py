"""Cases from submission to verification: the workflow, who may do what, and isolation."""

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import models
import resolvers.cases.steps
from resolvers.ids import decode_global_id
from tests.helpers import Api, first_node_of, gid, node_named

CASE_FIELDS = """
  id kind status title rating dueAt overdue category severity
  node { id } assignee { username }
  reporter { name phone }
  events { fromStatus toStatus note actor { username } }
"""
SUBMIT = f"""
mutation Submit($input: SubmitCaseInput!) {{
  submitCase(input: $input) {{ case {{ {CASE_FIELDS} }} errors {{ field code message }} }}
}}
"""
STEPS = {
    name: f"""
mutation Step($id: ID!{args}) {{
  {name}(id: $id{passed}) {{ case {{ {CASE_FIELDS} }} errors {{ field code message }} }}
}}
"""
    for name, args, passed in [
        ("acceptCase", "", ""),
        ("rejectCase", ", $reason: String!", ", reason: $reason"),
        ("assignCase", ", $assigneeId: ID!", ", assigneeId: $assigneeId"),
        ("claimCase", "", ""),
        ("resolveCase", ", $note: String!", ", note: $note"),
        ("rateCase", ", $rating: Int!, $comment: String", ", rating: $rating, comment: $comment"),
        ("verifyCase", "", ""),
    ]
}
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Case {{ {CASE_FIELDS} }} }} }}"
CASES = """
query Cases($filter: CaseFilter, $first: Int) {
  cases(filter: $filter, first: $first) { totalCount edges { node { id status kind } } }
}
"""


async def first_building() -> models.OrgNode:
    return await first_node_of(
        models.OrgLevel.BUILDING, await node_named(models.OrgLevel.STREET, 0)
    )


async def submit(api: Api, kind: str = "DEMAND", as_: str = "resident1", **extra) -> dict[str, Any]:
    building = await first_building()
    data = await api.gql(
        SUBMIT,
        {"input": {"kind": kind, "nodeId": gid(building), "title": "楼道灯不亮",
                   "description": "三楼楼道灯坏了", **extra}},
        as_=as_,
    )  # fmt: skip
    assert data["submitCase"]["errors"] == [], data
    case: dict[str, Any] = data["submitCase"]["case"]
    return case


async def step(api: Api, name: str, case_id: str, as_: str, **variables) -> dict[str, Any]:
    data = await api.gql(STEPS[name], {"id": case_id, **variables}, as_=as_)
    payload: dict[str, Any] = data[name]
    return payload


async def worked_and_rated(api: Api, handler: str, note: str = "好了") -> dict[str, Any]:
    """A resident1's new case, accepted by community1, claimed and resolved by `handler` and
    rated 5: ready to verify."""
    case = await submit(api)
    ok(await step(api, "acceptCase", case["id"], "community1"))
    ok(await step(api, "claimCase", case["id"], handler))
    ok(await step(api, "resolveCase", case["id"], handler, note=note))
    ok(await step(api, "rateCase", case["id"], "resident1", rating=5))
    return case


def ok(payload: dict[str, Any]) -> dict[str, Any]:
    assert payload["errors"] == [], payload["errors"]
    case: dict[str, Any] = payload["case"]
    return case


def error(payload: dict[str, Any]) -> str:
    assert payload["case"] is None
    code: str = payload["errors"][0]["code"]
    return code


def pk_of(global_id: str) -> int:
    return decode_global_id(global_id)[1]


async def user_id(username: str) -> str:
    return gid(await models.User.get(username=username))


@pytest.mark.parametrize("kind", ["DEMAND", "HAZARD"])
async def test_happy_path(api: Api, demo, kind):
    # given
    extra = {"category": "water_electric_repair"} if kind == "DEMAND" else {"severity": "HIGH"}
    case = await submit(api, kind, **extra)
    assert case["status"] == "SUBMITTED"
    assert case["dueAt"] is not None
    # when: 社区接单 -> 党员干部接单 -> 办理 -> 群众评单 -> 组织验单
    ok(await step(api, "acceptCase", case["id"], "community1"))
    claimed = ok(await step(api, "claimCase", case["id"], "volunteer1"))
    resolved = ok(await step(api, "resolveCase", case["id"], "volunteer1", note="已更换灯泡"))
    rated = ok(await step(api, "rateCase", case["id"], "resident1", rating=5, comment="很及时"))
    verified = ok(await step(api, "verifyCase", case["id"], "community1"))
    # then
    assert claimed["assignee"] == {"username": "volunteer1"}
    assert resolved["dueAt"] is None
    assert rated["rating"] == 5
    assert verified["status"] == "VERIFIED"
    assert [(e["fromStatus"], e["toStatus"]) for e in verified["events"]] == [
        (None, "SUBMITTED"),
        ("SUBMITTED", "ACCEPTED"),
        ("ACCEPTED", "CLAIMED"),
        ("CLAIMED", "RESOLVED"),
        ("RESOLVED", "RATED"),
        ("RATED", "VERIFIED"),
    ]
    assert verified["events"][3] == {
        "fromStatus": "CLAIMED", "toStatus": "RESOLVED", "note": "已更换灯泡",
        "actor": {"username": "volunteer1"},
    }  # fmt: skip
    points = await models.PointEntry.get(case_id=pk_of(verified["id"]))
    assert points.user_id == (await models.User.get(username="volunteer1")).id
    assert points.amount == (10 if kind == "DEMAND" else 15)


async def test_dispute_goes_through_a_mediator(api: Api, demo):
    # given: a dispute; volunteers and building staff do not see disputes
    case = await submit(api, "DISPUTE", parties="301 与 401 住户")
    ok(await step(api, "acceptCase", case["id"], "community1"))
    assert error(await step(api, "claimCase", case["id"], "volunteer1")) == "NOT_FOUND"
    assert (await api.gql(NODE, {"id": case["id"]}, as_="grid1"))["node"] is None
    # when: the community dispatches it to a mediator
    assigned = ok(
        await step(api, "assignCase", case["id"], "community1", assigneeId=await user_id("grid1"))
    )
    # then: the mediator sees and handles it
    assert assigned["assignee"] == {"username": "grid1"}
    assert (await api.gql(NODE, {"id": case["id"]}, as_="grid1"))["node"]["id"] == case["id"]
    ok(await step(api, "resolveCase", case["id"], "grid1", note="双方达成协议"))
    ok(await step(api, "rateCase", case["id"], "resident1", rating=4))
    assert ok(await step(api, "verifyCase", case["id"], "community1"))["status"] == "VERIFIED"
    assert (await api.gql(NODE, {"id": case["id"]}, as_="building1"))["node"] is None


async def test_refused_transitions_and_wrong_users(api: Api, demo):
    case = await submit(api)
    cid = case["id"]
    # acceptance is for the community and grid, rejection for the community only
    assert error(await step(api, "acceptCase", cid, "resident1")) == "FORBIDDEN"
    assert error(await step(api, "rejectCase", cid, "grid1", reason="不受理")) == "FORBIDDEN"
    assert error(await step(api, "claimCase", cid, "volunteer1")) == "NOT_FOUND"  # not open yet
    assert (
        error(await step(api, "resolveCase", cid, "community1", note="x")) == "INVALID_TRANSITION"
    )
    ok(await step(api, "acceptCase", cid, "grid1"))
    assert error(await step(api, "acceptCase", cid, "community1")) == "INVALID_TRANSITION"
    assert error(await step(api, "rejectCase", cid, "community1", reason="x")) == (
        "INVALID_TRANSITION"
    )
    assert error(await step(api, "verifyCase", cid, "community1")) == "INVALID_TRANSITION"
    ok(await step(api, "claimCase", cid, "building1"))
    assert error(await step(api, "resolveCase", cid, "grid1", note="x")) == "FORBIDDEN"
    assert error(await step(api, "resolveCase", cid, "volunteer1", note="x")) == "NOT_FOUND"
    assert error(await step(api, "resolveCase", cid, "building1", note=" ")) == "INVALID"
    ok(await step(api, "resolveCase", cid, "building1", note="修好了"))
    assert error(await step(api, "rateCase", cid, "community1", rating=5)) == "FORBIDDEN"
    assert error(await step(api, "rateCase", cid, "resident1", rating=6)) == "INVALID"
    assert error(await step(api, "verifyCase", cid, "community1")) == "INVALID_TRANSITION"
    ok(await step(api, "rateCase", cid, "resident1", rating=3))
    assert error(await step(api, "rateCase", cid, "resident1", rating=5)) == "INVALID_TRANSITION"
    ok(await step(api, "verifyCase", cid, "community1"))
    assert error(await step(api, "verifyCase", cid, "community1")) == "INVALID_TRANSITION"


async def test_reject_needs_a_reason_and_ends_the_case(api: Api, demo):
    case = await submit(api)
    assert error(await step(api, "rejectCase", case["id"], "community1", reason="")) == "INVALID"
    rejected = ok(await step(api, "rejectCase", case["id"], "community1", reason="不属于受理范围"))
    assert rejected["status"] == "REJECTED"
    assert rejected["events"][-1]["note"] == "不属于受理范围"
    assert error(await step(api, "acceptCase", case["id"], "community1")) == "INVALID_TRANSITION"


async def test_low_rating_reopens_to_the_handler(api: Api, demo):
    case = await submit(api)
    ok(await step(api, "acceptCase", case["id"], "community1"))
    ok(await step(api, "claimCase", case["id"], "volunteer1"))
    ok(await step(api, "resolveCase", case["id"], "volunteer1", note="处理完毕"))
    reopened = ok(
        await step(api, "rateCase", case["id"], "resident1", rating=2, comment="灯还是不亮")
    )
    assert reopened["status"] == "CLAIMED"
    assert reopened["assignee"] == {"username": "volunteer1"}
    assert reopened["events"][-1]["note"] == "rating 2: 灯还是不亮"
    assert reopened["dueAt"] is not None
    ok(await step(api, "resolveCase", case["id"], "volunteer1", note="换了开关"))
    assert ok(await step(api, "rateCase", case["id"], "resident1", rating=5))["status"] == "RATED"


async def test_the_resolver_never_verifies(api: Api, demo):
    case = await worked_and_rated(api, "community1", note="亲自处理")
    assert error(await step(api, "verifyCase", case["id"], "community1")) == "FORBIDDEN"
    assert ok(await step(api, "verifyCase", case["id"], "street1"))["status"] == "VERIFIED"


async def test_unrated_cases_are_verified_after_the_rating_window(api: Api, demo):
    case = await submit(api)
    ok(await step(api, "acceptCase", case["id"], "community1"))
    ok(await step(api, "claimCase", case["id"], "volunteer1"))
    ok(await step(api, "resolveCase", case["id"], "volunteer1", note="处理完毕"))
    assert error(await step(api, "verifyCase", case["id"], "community1")) == "INVALID_TRANSITION"
    eight_days_ago = datetime.now(UTC) - timedelta(days=8)
    await models.Case.filter(id=pk_of(case["id"])).update(resolved_at=eight_days_ago)
    assert ok(await step(api, "verifyCase", case["id"], "community1"))["status"] == "VERIFIED"


async def test_sibling_communities_see_nothing_of_each_other(api: Api, demo):
    case = await submit(api)
    assert (await api.gql(NODE, {"id": case["id"]}, as_="community2"))["node"] is None
    assert error(await step(api, "acceptCase", case["id"], "community2")) == "NOT_FOUND"
    listed = await api.gql(CASES, {"first": 100}, as_="community2")
    community2 = await models.OrgNode.get(
        id=(await models.RoleGrant.get(user__username="community2")).node_id
    )
    ids = [pk_of(e["node"]["id"]) for e in listed["cases"]["edges"]]
    assert ids, "the demo has cases in community2"
    inside = await models.Case.filter(id__in=ids, node__path__startswith=community2.path).count()
    assert inside == len(ids)
    assert (
        listed["cases"]["totalCount"]
        == await models.Case.filter(node__path__startswith=community2.path).count()
    )


async def test_residents_see_their_own_cases_and_volunteers_the_open_ones(api: Api, demo):
    mine = await models.Case.filter(reporter_user__username="resident1").count()
    data = await api.gql(CASES, {"first": 100}, as_="resident1")
    assert data["cases"]["totalCount"] == mine
    # and a volunteer sees exactly the non-dispute cases waiting in their grid, plus their own:
    # given one waiting in their grid and one waiting in the next grid
    grant = await models.RoleGrant.get(user__username="volunteer1").select_related("node")
    grid = grant.node
    assert grid is not None
    ok(await step(api, "acceptCase", (await submit(api))["id"], "community1"))
    next_grid = await models.OrgNode.filter(
        parent_id=grid.parent_id, level=models.OrgLevel.GRID, id__gt=grid.id
    ).first()
    assert next_grid is not None
    outside = await models.Case.filter(
        node__path__startswith=next_grid.path, kind__not="DISPUTE"
    ).first()
    assert outside is not None
    await models.Case.filter(id=outside.id).update(status="ACCEPTED")
    waiting = models.Case.filter(
        node__path__startswith=grid.path, status="ACCEPTED", kind__not="DISPUTE"
    )
    own = models.Case.filter(assignee__username="volunteer1")
    expected = {gid(row) for row in await waiting} | {gid(row) for row in await own}
    assert await waiting.exists(), "the demo has cases waiting in volunteer1's grid"
    assert await own.exists(), "the demo assigns cases to volunteer1"
    volunteer = await api.gql(CASES, {"first": 100}, as_="volunteer1")
    assert {e["node"]["id"] for e in volunteer["cases"]["edges"]} == expected
    assert volunteer["cases"]["totalCount"] == len(expected)
    assert gid(outside) not in expected


async def test_two_volunteers_claim_at_once_and_exactly_one_wins(api: Api, demo):
    # given: a second volunteer in grid1
    grid = await first_node_of(models.OrgLevel.GRID, await node_named(models.OrgLevel.STREET, 0))
    other = await models.User.create(
        username="volunteer1b", display_name="志愿者乙",
        password_hash=(await models.User.get(username="volunteer1")).password_hash,
    )  # fmt: skip
    await models.RoleGrant.create(user=other, role=models.Role.VOLUNTEER, node=grid)
    case = await submit(api)
    ok(await step(api, "acceptCase", case["id"], "community1"))
    await api.token("volunteer1")
    await api.token("volunteer1b")
    # when
    first, second = await asyncio.gather(
        step(api, "claimCase", case["id"], "volunteer1"),
        step(api, "claimCase", case["id"], "volunteer1b"),
    )
    # then
    outcomes = sorted([p["errors"][0]["code"] if p["errors"] else "OK" for p in (first, second)])
    assert outcomes == ["CONFLICT", "OK"]
    assert (
        await models.CaseEvent.filter(case_id=pk_of(case["id"]), to_status="CLAIMED").count() == 1
    )
    # and whoever comes later hears the same, though the case has left their open list
    loser = "volunteer1b" if first["errors"] == [] else "volunteer1"
    late = await step(api, "claimCase", case["id"], loser)
    assert error(late) == "CONFLICT"


async def test_a_step_decided_before_a_re_dispatch_does_not_land(api: Api, demo, monkeypatch):
    # given: volunteer1 holds the case and reads it to resolve it ...
    case = await submit(api)
    ok(await step(api, "acceptCase", case["id"], "community1"))
    ok(await step(api, "claimCase", case["id"], "volunteer1"))
    as_read = await models.Case.get(id=pk_of(case["id"]))
    # ... meanwhile grid1 dispatches it to itself (CLAIMED stays CLAIMED)
    ok(await step(api, "assignCase", case["id"], "grid1", assigneeId=await user_id("grid1")))

    async def stale(ctx: object, pk: int) -> models.Case:
        return as_read

    monkeypatch.setattr(resolvers.cases.steps, "case_for", stale)
    # when: the resolve decided on the row as read is written
    late = await step(api, "resolveCase", case["id"], "volunteer1", note="修好了")
    # then
    assert error(late) == "CONFLICT"
    row = await models.Case.get(id=pk_of(case["id"]))
    assert (row.status, row.resolved_by_id) == (models.CaseStatus.CLAIMED, None)


async def test_seeded_disputes_are_mediated_by_community_staff(demo):
    mediators = await models.Case.filter(
        kind=models.CaseKind.DISPUTE, assignee_id__not_isnull=True
    ).values_list("assignee__username", flat=True)
    assert mediators, "the demo has disputes under way"
    assert {str(name).rstrip("0123456789") for name in mediators} <= {
        "community",
        "street",
        "admin",
    }
