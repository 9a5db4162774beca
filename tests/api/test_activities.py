"""Volunteer activities (志愿活动): planning, sign-up under capacity, check-in and check-out by
staff or QR code within the window, points through the ledger, scope between siblings."""

import asyncio
import os
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import models
from resolvers.ids import decode_global_id
from tests.api.test_exports import get
from tests.helpers import Api, first_node_of, gid, node_named

CREATE = """
mutation($input: CreateActivityInput!) {
  createActivity(input: $input) { activity { id status qrToken } errors { field code message } }
}
"""
MOVE = """
mutation($id: ID!) {
  openActivity(id: $id) { activity { status } errors { field code } }
}
"""
SIGN_UP = """
mutation($a: ID!, $r: ID) {
  signUpForActivity(activityId: $a, residentId: $r) {
    signUp { id status } errors { field code message }
  }
}
"""
STEP = """
mutation($id: ID!) {
  checkInToActivity(id: $id) { signUp { status checkedInAt } errors { field code message } }
}
"""
CHECK_OUT = """
mutation($id: ID!) {
  checkOutOfActivity(id: $id) {
    signUp { status minutes points hours checkOutMethod } errors { field code message }
  }
}
"""
QR_IN = """
mutation($t: String!) { checkInByActivityQr(token: $t) { signUp { status checkInMethod }
  errors { field code message } } }
"""
QR_OUT = """
mutation($t: String!) { checkOutByActivityQr(token: $t) { signUp { status points }
  errors { field code message } } }
"""
ACTIVITY = "query($id: ID!) { activity(id: $id) { id title status mySignUp { status } } }"
ACTIVITIES = "query { activities(first: 100) { totalCount edges { node { id } } } }"
SIGN_UPS = """
query($a: ID) { activitySignUps(filter: {activityId: $a}, first: 100) {
  totalCount edges { node { id status resident { name } activity { id } } } } }
"""


async def _rule(community_id: int, **values: Any) -> models.PointRule:
    defaults: dict[str, Any] = {"points": 5, "category": models.RuleCategory.VOLUNTEERING}
    return await models.PointRule.create(
        node_id=community_id, code=f"T{secrets.token_hex(3)}", description="测试条款",
        **(defaults | values),
    )  # fmt: skip


async def _activity(
    node: models.OrgNode,
    *,
    status: models.ActivityStatus = models.ActivityStatus.OPEN,
    start: timedelta = timedelta(minutes=-70),
    capacity: int = 10,
    rule: models.PointRule | None = None,
) -> models.Activity:
    rule = rule or await _rule(models.path_ids(node.path)[1])
    starts = datetime.now(UTC) + start
    return await models.Activity.create(
        node_id=node.id, node_path=node.path, title="楼道清洁", description="", place="一单元",
        starts_at=starts, ends_at=starts + timedelta(hours=2), capacity=capacity, status=status,
        rule_id=rule.id, qr_token=secrets.token_urlsafe(24),
    )  # fmt: skip


async def _present_since_the_start(activity_id: int | str) -> None:
    """Let everyone checked in to the activity have been there since it started: points need
    half of an activity's time (an hour of a longer one)."""
    pk = activity_id if isinstance(activity_id, int) else decode_global_id(activity_id)[1]
    activity = await models.Activity.get(id=pk)
    await models.ActivitySignUp.filter(activity_id=pk, checked_in_at__not_isnull=True).update(
        checked_in_at=activity.starts_at
    )


async def _places() -> dict[str, models.OrgNode]:
    street = await node_named(models.OrgLevel.STREET, 0)
    other_street = await node_named(models.OrgLevel.STREET, 1)
    community = await first_node_of(models.OrgLevel.COMMUNITY, street)
    grid = await first_node_of(models.OrgLevel.GRID, street)
    building = await first_node_of(models.OrgLevel.BUILDING, street)
    sibling = (
        await models.OrgNode.filter(level=models.OrgLevel.BUILDING, parent_id=grid.id)
        .exclude(id=building.id)
        .order_by("id")
        .first()
    )
    assert sibling is not None
    return {
        "street": street, "community": community, "grid": grid, "building": building,
        "sibling": sibling, "other_street": other_street,
        "other_building": await first_node_of(models.OrgLevel.BUILDING, other_street),
    }  # fmt: skip


async def _resident(building: models.OrgNode, *, linked: bool = False) -> models.Resident:
    query = models.Resident.filter(household__building_id=building.id, active=True)
    query = query.filter(user_id__isnull=False) if linked else query.filter(user_id=None)
    row = await query.order_by("id").first()
    assert row is not None
    return row


def _input(node: models.OrgNode, rule: models.PointRule, **changes: Any) -> dict[str, Any]:
    start = datetime.now(UTC) + timedelta(days=1)
    return {
        "nodeId": gid(node), "title": "消防安全检查", "place": "小区消防通道",
        "startsAt": start.isoformat(), "endsAt": (start + timedelta(hours=2)).isoformat(),
        "capacity": 10, "ruleId": gid(rule),
    } | changes  # fmt: skip


async def test_an_activity_from_creation_to_points_in_the_ledger(api: Api, demo) -> None:
    # given: community1 plans an activity at resident1's building, going on now
    places = await _places()
    rule = await _rule(places["community"].id, points=8)
    start = datetime.now(UTC) - timedelta(minutes=40)
    window = {"startsAt": start.isoformat(), "endsAt": (start + timedelta(hours=1)).isoformat()}
    data = await api.gql(
        CREATE, {"input": _input(places["building"], rule, **window)}, as_="community1"
    )
    created = data["createActivity"]
    assert created["errors"] == []
    assert created["activity"]["status"] == "PLANNED"
    activity_id = created["activity"]["id"]
    assert created["activity"]["qrToken"]
    # residents do not see a planned activity
    assert (await api.gql(ACTIVITY, {"id": activity_id}, as_="resident1"))["activity"] is None
    opened = await api.gql(MOVE, {"id": activity_id}, as_="community1")
    assert opened["openActivity"] == {"activity": {"status": "OPEN"}, "errors": []}
    # when: resident1 signs up, volunteer1 checks them in, community1 checks them out
    signed = (await api.gql(SIGN_UP, {"a": activity_id}, as_="resident1"))["signUpForActivity"]
    assert signed["errors"] == []
    assert signed["signUp"]["status"] == "SIGNED_UP"
    sign_up = signed["signUp"]["id"]
    checked_in = await api.gql(STEP, {"id": sign_up}, as_="volunteer1")
    assert checked_in["checkInToActivity"]["errors"] == []
    await _present_since_the_start(activity_id)
    out = (await api.gql(CHECK_OUT, {"id": sign_up}, as_="community1"))["checkOutOfActivity"]
    # then: checked out, minutes recorded, the rule's points in the ledger
    assert out["errors"] == [], out
    assert out["signUp"]["status"] == "CHECKED_OUT"
    assert out["signUp"]["points"] == 8
    assert out["signUp"]["checkOutMethod"] == "STAFF"
    resident = await _resident(places["building"], linked=True)
    [entry] = await models.PointEntry.filter(resident_id=resident.id, rule_id=rule.id)
    assert (entry.amount, entry.source, entry.household_id) == (
        8,
        models.PointSource.ACTIVITY,
        resident.household_id,
    )
    row = await models.ActivitySignUp.get(resident_id=resident.id, point_entry_id=entry.id)
    assert row.minutes is not None
    assert 0 <= row.minutes <= 60
    # and resident1 sees their own sign-up, community1 the whole list
    mine = await api.gql(ACTIVITY, {"id": activity_id}, as_="resident1")
    assert mine["activity"]["mySignUp"] == {"status": "CHECKED_OUT"}
    listed = await api.gql(SIGN_UPS, {"a": activity_id}, as_="community1")
    assert listed["activitySignUps"]["totalCount"] == 1
    # and twice is refused, nothing more credited
    again = (await api.gql(CHECK_OUT, {"id": sign_up}, as_="community1"))["checkOutOfActivity"]
    assert again["errors"][0]["code"] == "CONFLICT"
    assert await models.PointEntry.filter(resident_id=resident.id, rule_id=rule.id).count() == 1


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"capacity": 0}, "INVALID", "capacity"),
        ({"endsAt": (datetime.now(UTC) + timedelta(hours=1)).isoformat()}, "INVALID", "endsAt"),
        ({"rule": "other_community"}, "INVALID", "ruleId"),
        ({"nodeId": "other_building"}, "NOT_FOUND", "nodeId"),
        ({"title": "   "}, "INVALID", "title"),
        ({"lasting": timedelta(minutes=29)}, "INVALID", "endsAt"),
    ],
)
async def test_bad_activities_are_refused_and_nothing_is_written(
    api: Api, demo, changes: dict[str, Any], code: str, field: str
) -> None:
    # given
    places = await _places()
    rule = await _rule(places["community"].id)
    if changes.get("rule") == "other_community":
        other = await node_named(models.OrgLevel.COMMUNITY, 1)
        changes = {"ruleId": gid(await _rule(other.id))}
    if changes.get("nodeId") == "other_building":
        changes = {"nodeId": gid(places["other_building"])}
    if "lasting" in changes:  # shorter than an activity may be
        start = datetime.now(UTC) + timedelta(days=1)
        ends = start + changes["lasting"]
        changes = {"startsAt": start.isoformat(), "endsAt": ends.isoformat()}
    before = await models.Activity.all().count()
    # when
    data = await api.gql(CREATE, {"input": _input(places["building"], rule, **changes)},
                         as_="community1")  # fmt: skip
    # then
    [error] = data["createActivity"]["errors"]
    assert (error["code"], error["field"]) == (code, field), error
    assert await models.Activity.all().count() == before


async def test_a_building_leader_creates_only_in_their_building(api: Api, demo) -> None:
    places = await _places()
    rule = await _rule(places["community"].id)
    mine = await api.gql(CREATE, {"input": _input(places["building"], rule)}, as_="building1")
    assert mine["createActivity"]["errors"] == []
    # the grid above is a breadcrumb they read by name: FORBIDDEN, not NOT_FOUND
    grid = await api.gql(CREATE, {"input": _input(places["grid"], rule)}, as_="building1")
    assert grid["createActivity"]["errors"][0]["code"] == "FORBIDDEN"
    sibling = await api.gql(CREATE, {"input": _input(places["sibling"], rule)}, as_="building1")
    assert sibling["createActivity"]["errors"][0]["code"] == "NOT_FOUND"
    volunteer = await api.gql(CREATE, {"input": _input(places["grid"], rule)}, as_="volunteer1")
    assert volunteer["createActivity"]["errors"][0]["code"] == "FORBIDDEN"


async def test_who_sees_an_activity(api: Api, demo) -> None:
    # given: activities at resident1's building, its grid, its community, the sibling building
    # and the other street
    places = await _places()
    ids = {name: gid(await _activity(places[name])) for name in
           ("building", "grid", "community", "sibling", "other_building")}  # fmt: skip
    planned = gid(await _activity(places["community"], status=models.ActivityStatus.PLANNED))

    async def sees(user: str, name: str) -> bool:
        activity_id = planned if name == "planned" else ids[name]
        return (await api.gql(ACTIVITY, {"id": activity_id}, as_=user))["activity"] is not None

    # then: a resident sees their building and the nodes above, published only
    assert [await sees("resident1", n) for n in ("building", "grid", "community")] == [True] * 3
    assert not await sees("resident1", "sibling")
    assert not await sees("resident1", "other_building")
    assert not await sees("resident1", "planned")
    # staff and volunteers their subtree, every status; nothing of a sibling or another street
    assert await sees("community1", "planned")
    assert await sees("community1", "sibling")
    assert await sees("volunteer1", "sibling")
    assert not await sees("volunteer1", "community")
    assert await sees("building1", "building")
    assert not await sees("building1", "sibling")
    assert not await sees("building1", "grid")
    for user in ("resident2", "community2", "building2", "volunteer2"):
        assert not any([await sees(user, n) for n in ids if n != "other_building"]), user
    listed = await api.gql(ACTIVITIES, as_="resident2")
    assert ids["building"] not in {e["node"]["id"] for e in listed["activities"]["edges"]}


async def test_sign_ups_are_seen_by_staff_in_scope_and_by_the_resident_only(api: Api, demo):
    # given: resident1 signed up at their building's activity
    places = await _places()
    activity = await _activity(places["building"])
    signed = await api.gql(SIGN_UP, {"a": gid(activity)}, as_="resident1")
    sign_up = signed["signUpForActivity"]["signUp"]["id"]
    node = "query($id: ID!) { node(id: $id) { id } }"
    # then
    for user, visible in [("resident1", True), ("building1", True), ("community1", True),
                          ("volunteer1", True), ("resident2", False), ("community2", False),
                          ("building2", False)]:  # fmt: skip
        seen = (await api.gql(node, {"id": sign_up}, as_=user))["node"] is not None
        assert seen is visible, user
    listed = await api.gql(SIGN_UPS, {"a": None}, as_="community2")
    assert sign_up not in {e["node"]["id"] for e in listed["activitySignUps"]["edges"]}
    hidden = await api.raw(SIGN_UPS, {"a": gid(activity)}, as_="community2")
    assert hidden["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_sign_up_once_within_capacity_and_only_below_the_node(api: Api, demo) -> None:
    # given: one place at resident1's building
    places = await _places()
    activity = await _activity(places["building"], capacity=1)
    # when
    first = await api.gql(SIGN_UP, {"a": gid(activity)}, as_="resident1")
    twice = await api.gql(SIGN_UP, {"a": gid(activity)}, as_="resident1")
    other = await _resident(places["building"])
    full = await api.gql(SIGN_UP, {"a": gid(activity), "r": gid(other)}, as_="community1")
    # then
    assert first["signUpForActivity"]["errors"] == []
    assert twice["signUpForActivity"]["errors"][0]["code"] == "CONFLICT"
    assert full["signUpForActivity"]["errors"][0]["code"] == "CONFLICT"
    assert (await models.Activity.get(id=activity.id)).signed_up == 1
    assert await models.ActivitySignUp.filter(activity_id=activity.id).count() == 1
    # a resident of the sibling building is not in a building activity's audience
    outsider = await _resident(places["sibling"])
    roomy = await _activity(places["building"])
    refused = await api.gql(SIGN_UP, {"a": gid(roomy), "r": gid(outsider)}, as_="community1")
    assert refused["signUpForActivity"]["errors"][0]["code"] == "INVALID"
    # staff of another street cannot sign anyone up here
    stranger = await api.gql(SIGN_UP, {"a": gid(roomy), "r": gid(other)}, as_="community2")
    assert stranger["signUpForActivity"]["errors"][0]["code"] == "NOT_FOUND"
    assert await models.ActivitySignUp.filter(activity_id=roomy.id).count() == 0


async def test_cancelling_a_sign_up_frees_the_place(api: Api, demo) -> None:
    places = await _places()
    activity = await _activity(places["building"], capacity=1)
    signed = await api.gql(SIGN_UP, {"a": gid(activity)}, as_="resident1")
    sign_up = signed["signUpForActivity"]["signUp"]["id"]
    cancel = (
        "mutation($id: ID!) { cancelActivitySignUp(id: $id) { signUp { status } errors { code } } }"
    )
    done = await api.gql(cancel, {"id": sign_up}, as_="resident1")
    assert done["cancelActivitySignUp"] == {"signUp": {"status": "CANCELLED"}, "errors": []}
    assert (await models.Activity.get(id=activity.id)).signed_up == 0
    again = await api.gql(SIGN_UP, {"a": gid(activity)}, as_="resident1")
    assert again["signUpForActivity"]["errors"] == []
    assert (await models.Activity.get(id=activity.id)).signed_up == 1


async def test_check_in_only_within_the_window_and_once(api: Api, demo) -> None:
    # given: an activity tomorrow, and one going on now
    places = await _places()
    later = await _activity(places["building"], start=timedelta(days=1))
    now = await _activity(places["building"])
    resident = await _resident(places["building"], linked=True)
    ids = []
    for activity in (later, now):
        row = await models.ActivitySignUp.create(
            activity_id=activity.id, node_path=activity.node_path, resident_id=resident.id
        )
        ids.append(gid(row))
    # when / then: too early
    early = await api.gql(STEP, {"id": ids[0]}, as_="building1")
    assert early["checkInToActivity"]["errors"][0]["code"] == "INVALID"
    assert (await models.ActivitySignUp.get(activity_id=later.id)).checked_in_at is None
    # now, once
    ok = await api.gql(STEP, {"id": ids[1]}, as_="building1")
    assert ok["checkInToActivity"]["errors"] == []
    twice = await api.gql(STEP, {"id": ids[1]}, as_="building1")
    assert twice["checkInToActivity"]["errors"][0]["code"] == "CONFLICT"
    # a check-out long after the window is refused
    await models.Activity.filter(id=now.id).update(
        starts_at=datetime.now(UTC) - timedelta(hours=5),
        ends_at=datetime.now(UTC) - timedelta(hours=3),
    )
    late = await api.gql(CHECK_OUT, {"id": ids[1]}, as_="building1")
    assert late["checkOutOfActivity"]["errors"][0]["code"] == "INVALID"
    assert not await models.PointEntry.filter(source_id=now.id, resident_id=resident.id).exists()


async def test_nobody_checks_out_for_points_but_staff_or_the_qr_code(api: Api, demo) -> None:
    # given: resident1 checked in at their building's activity
    places = await _places()
    activity = await _activity(places["building"])
    signed = await api.gql(SIGN_UP, {"a": gid(activity)}, as_="resident1")
    sign_up = signed["signUpForActivity"]["signUp"]["id"]
    # then: the resident cannot use the staff mutations on themselves, nor can a volunteer
    # check anyone out
    for user in ("resident1", "volunteer1"):
        data = await api.gql(CHECK_OUT, {"id": sign_up}, as_=user)
        assert data["checkOutOfActivity"]["errors"][0]["code"] == "FORBIDDEN", user
    own = await api.gql(STEP, {"id": sign_up}, as_="resident1")
    assert own["checkInToActivity"]["errors"][0]["code"] == "FORBIDDEN"
    # a wrong or retired code is INVALID
    wrong = await api.gql(QR_IN, {"t": secrets.token_urlsafe(24)}, as_="resident1")
    assert wrong["checkInByActivityQr"]["errors"][0]["code"] == "INVALID"
    # the code of an activity the resident cannot read answers alike
    elsewhere = await _activity(places["sibling"])
    hidden = await api.gql(QR_IN, {"t": elsewhere.qr_token}, as_="resident1")
    assert hidden["checkInByActivityQr"]["errors"][0]["code"] == "INVALID"
    # the QR code works, once each way
    qr_in = await api.gql(QR_IN, {"t": activity.qr_token}, as_="resident1")
    assert qr_in["checkInByActivityQr"]["signUp"] == {"status": "CHECKED_IN", "checkInMethod": "QR"}
    await _present_since_the_start(activity.id)
    qr_out = await api.gql(QR_OUT, {"t": activity.qr_token}, as_="resident1")
    assert qr_out["checkOutByActivityQr"]["signUp"] == {"status": "CHECKED_OUT", "points": 5}
    twice = await api.gql(QR_OUT, {"t": activity.qr_token}, as_="resident1")
    assert twice["checkOutByActivityQr"]["errors"][0]["code"] == "CONFLICT"
    # someone who did not sign up gets nothing from the code
    other = await api.gql(QR_IN, {"t": activity.qr_token}, as_="volunteer1")
    assert other["checkInByActivityQr"]["errors"][0]["code"] == "INVALID"


async def test_scanning_in_and_straight_out_again_records_the_minutes_and_earns_nothing(
    api: Api, demo
) -> None:
    # given: resident1 signed up for a two-hour activity under way
    places = await _places()
    activity = await _activity(places["building"])
    await api.gql(SIGN_UP, {"a": gid(activity)}, as_="resident1")
    # when: they scan the code in, and out again a moment later
    await api.gql(QR_IN, {"t": activity.qr_token}, as_="resident1")
    qr_out = await api.gql(QR_OUT, {"t": activity.qr_token}, as_="resident1")
    # then: checked out with the minutes they were there, no points, no ledger entry
    assert qr_out["checkOutByActivityQr"]["signUp"] == {"status": "CHECKED_OUT", "points": 0}
    assert not await models.PointEntry.filter(source_id=activity.id, source="ACTIVITY").exists()


async def test_a_rule_over_its_cap_credits_what_is_left(api: Api, demo) -> None:
    # given: a rule of 5 points capped at 7 a month, and 5 already earned by it this month
    places = await _places()
    rule = await _rule(places["community"].id, points=5, cap_per_month=7)
    resident = await _resident(places["building"], linked=True)
    credited = []
    for _ in range(3):
        activity = await _activity(places["building"], rule=rule)
        row = await models.ActivitySignUp.create(
            activity_id=activity.id, node_path=activity.node_path, resident_id=resident.id
        )
        await api.gql(STEP, {"id": gid(row)}, as_="building1")
        await _present_since_the_start(activity.id)
        out = await api.gql(CHECK_OUT, {"id": gid(row)}, as_="building1")
        assert out["checkOutOfActivity"]["errors"] == [], out
        credited.append(out["checkOutOfActivity"]["signUp"]["points"])
    # then: 5, then the 2 left, then 0 (checked out all the same, no entry)
    assert credited == [5, 2, 0]
    assert await models.PointEntry.filter(rule_id=rule.id).count() == 2


async def test_the_attendance_export_is_scoped(api: Api, demo, client) -> None:
    places = await _places()
    activity = await _activity(places["building"])
    await api.gql(SIGN_UP, {"a": gid(activity)}, as_="resident1")
    path = "/exports/activity-attendance.csv"
    response = await get(client, api, path, "community1", activityId=gid(activity))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("姓名,状态")
    assert "已报名" in text
    outside = await get(client, api, path, "community2", activityId=gid(activity))
    assert outside.status_code == 404


async def test_the_seed_credited_what_its_attendance_says(demo) -> None:
    signed_up = await models.ActivitySignUp.filter(point_entry_id__isnull=False)
    entries = await models.PointEntry.filter(source=models.PointSource.ACTIVITY)
    assert signed_up
    assert len(signed_up) == len(entries)
    by_id = {entry.id: entry for entry in entries}
    for row in signed_up:
        entry = by_id[row.point_entry_id or 0]
        assert (entry.amount, entry.resident_id) == (row.points, row.resident_id)
    for activity in await models.Activity.all():
        held = await models.ActivitySignUp.filter(
            activity_id=activity.id, status__not=models.SignUpStatus.CANCELLED
        ).count()
        assert activity.signed_up == held <= activity.capacity


postgres_only = pytest.mark.skipif(
    os.environ.get("LOUDONG_TEST_BACKEND", "sqlite") != "postgres",
    reason="concurrent writers need PostgreSQL (SQLite has one writer)",
)


@postgres_only
async def test_concurrent_sign_ups_never_overbook(api: Api, demo) -> None:
    # given: 5 places at the community, 20 residents signed up by community1 at once
    places = await _places()
    activity = await _activity(places["community"], capacity=5)
    residents = (
        await models.Resident.filter(
            household__building_path__startswith=places["community"].path, active=True
        )
        .order_by("id")
        .limit(20)
    )
    await api.token("community1")

    async def sign_up(resident: models.Resident) -> dict[str, Any]:
        data = await api.gql(SIGN_UP, {"a": gid(activity), "r": gid(resident)}, as_="community1")
        payload: dict[str, Any] = data["signUpForActivity"]
        return payload

    # when
    results = await asyncio.gather(*(sign_up(r) for r in residents))
    # then
    assert sum(1 for r in results if r["errors"] == []) == 5
    assert {r["errors"][0]["code"] for r in results if r["errors"]} == {"CONFLICT"}
    assert (await models.Activity.get(id=activity.id)).signed_up == 5
    assert await models.ActivitySignUp.filter(activity_id=activity.id).count() == 5


@postgres_only
async def test_one_person_signing_up_at_once_gets_one_place(api: Api, demo) -> None:
    places = await _places()
    activity = await _activity(places["building"], capacity=50)
    await api.token("resident1")
    results = await asyncio.gather(
        *(api.gql(SIGN_UP, {"a": gid(activity)}, as_="resident1") for _ in range(10))
    )
    assert sum(1 for r in results if r["signUpForActivity"]["errors"] == []) == 1
    assert (await models.Activity.get(id=activity.id)).signed_up == 1


@postgres_only
async def test_concurrent_check_outs_credit_once(api: Api, demo) -> None:
    places = await _places()
    activity = await _activity(places["building"])
    resident = await _resident(places["building"], linked=True)
    row = await models.ActivitySignUp.create(
        activity_id=activity.id, node_path=activity.node_path, resident_id=resident.id,
        status=models.SignUpStatus.CHECKED_IN, checked_in_at=activity.starts_at,
    )  # fmt: skip
    await api.token("building1")
    await api.token("resident1")
    results = await asyncio.gather(
        *(api.gql(CHECK_OUT, {"id": gid(row)}, as_="building1") for _ in range(8)),
        *(api.gql(QR_OUT, {"t": activity.qr_token}, as_="resident1") for _ in range(8)),
    )
    ok = [r for r in results if not next(iter(r.values()))["errors"]]
    assert len(ok) == 1
    assert (
        await models.PointEntry.filter(source_id=activity.id, resident_id=resident.id).count() == 1
    )


async def _building_head(places: dict[str, models.OrgNode]) -> tuple[models.User, models.Resident]:
    """resident1's account, also made the leader of their building (楼栋长: a resident)."""
    account = await models.User.get(username="resident1")
    await models.RoleGrant.create(
        user_id=account.id, role=models.Role.BUILDING_LEADER, node_id=places["building"].id
    )
    return account, await models.Resident.get(user_id=account.id)


async def test_whoever_runs_an_activity_never_scans_their_own_attendance(api: Api, demo) -> None:
    # given: resident1 leads their building, so they run (and hold the QR code of) its
    # activities, and they signed up for one going on now
    places = await _places()
    await _building_head(places)
    activity = await _activity(places["building"])
    signed = await api.gql(SIGN_UP, {"a": gid(activity)}, as_="resident1")
    sign_up = signed["signUpForActivity"]["signUp"]["id"]
    # when: they scan the code they hold as its organiser
    qr_in = await api.gql(QR_IN, {"t": activity.qr_token}, as_="resident1")
    # then: FORBIDDEN, nothing recorded
    assert [(e["code"], e["field"]) for e in qr_in["checkInByActivityQr"]["errors"]] == [
        ("FORBIDDEN", "token")
    ]
    row = await models.ActivitySignUp.get(id=decode_global_id(sign_up)[1])
    assert row.status is models.SignUpStatus.SIGNED_UP
    # and the check-out by the code is refused alike, once they are checked in by staff
    await api.gql(STEP, {"id": sign_up}, as_="building1")
    await _present_since_the_start(activity.id)
    qr_out = await api.gql(QR_OUT, {"t": activity.qr_token}, as_="resident1")
    assert [e["code"] for e in qr_out["checkOutByActivityQr"]["errors"]] == ["FORBIDDEN"]
    assert not await models.PointEntry.filter(source_id=activity.id, source="ACTIVITY").exists()
    # another member of staff checks them out: their points
    out = await api.gql(CHECK_OUT, {"id": sign_up}, as_="building1")
    assert out["checkOutOfActivity"]["signUp"]["points"] == 5


async def test_staff_never_record_the_attendance_of_their_own_household(api: Api, demo) -> None:
    # given: resident1 leads their building, and a member of their household signed up
    places = await _places()
    _, me = await _building_head(places)
    member = (
        await models.Resident.filter(household_id=me.household_id, active=True)
        .exclude(id=me.id)
        .order_by("id")
        .first()
    )
    assert member is not None
    activity = await _activity(places["building"])
    signed = await api.gql(SIGN_UP, {"a": gid(activity), "r": gid(member)}, as_="resident1")
    sign_up = signed["signUpForActivity"]["signUp"]["id"]
    # when: resident1 checks them in (the household's points pay its dividend)
    data = await api.gql(STEP, {"id": sign_up}, as_="resident1")
    # then: FORBIDDEN; another member of staff checks them in, but resident1 not out
    assert [e["code"] for e in data["checkInToActivity"]["errors"]] == ["FORBIDDEN"]
    assert (await api.gql(STEP, {"id": sign_up}, as_="building1"))["checkInToActivity"][
        "errors"
    ] == []
    await _present_since_the_start(activity.id)
    out = await api.gql(CHECK_OUT, {"id": sign_up}, as_="resident1")
    assert [e["code"] for e in out["checkOutOfActivity"]["errors"]] == ["FORBIDDEN"]
    assert not await models.PointEntry.filter(source_id=activity.id, source="ACTIVITY").exists()
