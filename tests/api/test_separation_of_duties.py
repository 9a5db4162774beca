"""Separation of duties (issue 8, item 12): nobody handles their own report, and duty points
are not paid for a case worked by its reporter or by an account its verifier just made."""

from typing import Any

import pytest

import models
from tests.api.test_cases import (
    SUBMIT,
    first_building,
    ok,
    pk_of,
    step,
    user_id,
    worked_and_rated,
)
from tests.api.test_users import GRANT, _new_user
from tests.helpers import Api, gid


async def building1_reports(api: Api) -> dict[str, Any]:
    data = await api.gql(
        SUBMIT,
        {"input": {"kind": "DEMAND", "nodeId": gid(await first_building()),
                   "title": "楼道灯不亮", "description": "三楼"}},
        as_="building1",
    )  # fmt: skip
    assert data["submitCase"]["errors"] == [], data
    case: dict[str, Any] = data["submitCase"]["case"]
    ok(await step(api, "acceptCase", case["id"], "community1"))
    return case


async def test_a_reporter_never_claims_their_own_case(api: Api, demo):
    case = await building1_reports(api)
    claimed = await step(api, "claimCase", case["id"], "building1")
    assert claimed["errors"][0]["code"] == "FORBIDDEN"
    assert (await models.Case.get(id=pk_of(case["id"]))).assignee_id is None


async def test_a_reporter_is_never_dispatched_their_own_case(api: Api, demo):
    case = await building1_reports(api)
    assigned = await step(
        api, "assignCase", case["id"], "community1", assigneeId=await user_id("building1")
    )
    assert assigned["errors"][0]["field"] == "assigneeId"
    assert (await models.Case.get(id=pk_of(case["id"]))).assignee_id is None


async def test_an_account_the_verifier_just_made_earns_no_points(api: Api, demo):
    # given: community1 makes a volunteer account and gives it its grid
    grid = await models.OrgNode.get(id=(await first_building()).parent_id)
    helper_id = await _new_user(api, "community1", "helper")
    granted = await api.gql(
        GRANT, {"input": {"userId": helper_id, "role": "VOLUNTEER", "nodeId": gid(grid)}},
        as_="community1",
    )  # fmt: skip
    assert granted["grantRole"]["errors"] == []
    await models.User.filter(username="helper").update(
        password_hash=(await models.User.get(username="volunteer1")).password_hash
    )
    # ... which works a resident's case, rated 5 and verified by community1
    case = await worked_and_rated(api, "helper")
    # when
    verified = ok(await step(api, "verifyCase", case["id"], "community1"))
    # then: verified, but no points, and the record says why
    assert verified["status"] == "VERIFIED"
    assert not await models.PointEntry.filter(case_id=pk_of(case["id"])).exists()
    assert "separation of duties" in verified["events"][-1]["note"]


async def test_a_seasoned_volunteer_still_earns_points(api: Api, demo):
    case = await worked_and_rated(api, "volunteer1")
    ok(await step(api, "verifyCase", case["id"], "community1"))
    assert await models.PointEntry.filter(case_id=pk_of(case["id"])).count() == 1


@pytest.mark.parametrize("reporter_is_resolver", [True, False])
def test_the_rule_on_duty_points(reporter_is_resolver: bool):
    from datetime import UTC, datetime, timedelta

    from policies.rules import earns_duty_points

    now = datetime(2026, 11, 22, tzinfo=UTC)
    week = timedelta(days=7)

    def paid(created_by: int | None, age: timedelta, verifier: int = 9) -> bool:
        return earns_duty_points(
            reporter_user_id=5 if reporter_is_resolver else 4, resolver_id=5,
            resolver_created_by_id=created_by, resolver_created_at=now - age,
            verifier_id=verifier, verified_at=now, rating_window=week,
        )  # fmt: skip

    expected = not reporter_is_resolver
    assert paid(None, timedelta(days=1)) is expected  # made by the seed or the CLI
    assert paid(3, timedelta(days=1)) is expected  # made by someone else
    assert paid(9, timedelta(days=30)) is expected  # made by the verifier long ago
    assert paid(9, timedelta(days=1)) is False  # made by the verifier just now
