"""QR submission, bad input, deadlines, photos, community rules and the list's SQL count."""

import asyncio
import json

import pytest

import models
import resolvers.cases.photos
from resolvers.ids import decode_global_id
from tests.api.test_cases import CASES, NODE, SUBMIT, first_building, ok, step, submit
from tests.helpers import (
    Api,
    QueryCounter,
    both_look_first,
    first_node_of,
    gid,
    image_bytes,
    node_named,
    postgres_only,
)

QR_TOKEN = """
mutation($b: ID!) { buildingQrToken(buildingId: $b) { token errors { code } } }
"""
ROTATE = """
mutation($b: ID!) { rotateBuildingQrToken(buildingId: $b) { token errors { code } } }
"""
QR_SUBMIT = """
mutation Qr($token: String!, $key: String!, $input: QrCaseInput!) {
  submitCaseByQr(token: $token, idempotencyKey: $key, input: $input) {
    receipt { reference status submittedAt }
    errors { field code message }
  }
}
"""
QR_INPUT = {"kind": "DEMAND", "title": "微心愿：助餐服务", "description": "想在社区食堂吃午饭",
            "name": "李阿姨", "phone": "13812345678"}  # fmt: skip
ATTACH = """
mutation($case: ID!, $file: Upload!) {
  addCaseAttachment(caseId: $case, file: $file) {
    attachment { id contentType size url } errors { field code message }
  }
}
"""
PNG = image_bytes()


async def qr_token(api: Api) -> str:
    building = await first_building()
    data = await api.gql(QR_TOKEN, {"b": gid(building)}, as_="building1")
    token: str = data["buildingQrToken"]["token"]
    return token


async def test_qr_submission_is_idempotent(api: Api, demo):
    # given
    token = await qr_token(api)
    variables = {"token": token, "key": "key-0001-abcdef", "input": QR_INPUT}
    # when: the same submission twice, then a new one
    first = (await api.gql(QR_SUBMIT, variables))["submitCaseByQr"]
    again = (await api.gql(QR_SUBMIT, variables))["submitCaseByQr"]
    other = (await api.gql(QR_SUBMIT, {**variables, "key": "key-0002-abcdef"}))["submitCaseByQr"]
    # then
    assert first["errors"] == []
    assert first["receipt"]["status"] == "SUBMITTED"
    assert again == first
    assert other["receipt"]["reference"] != first["receipt"]["reference"]
    assert await models.Case.filter(reporter_name="李阿姨").count() == 2
    # and staff of the building read the case by its reference, with the submitter's phone
    seen = await api.gql(NODE, {"id": first["receipt"]["reference"]}, as_="building1")
    assert seen["node"]["node"]["id"] == gid(await first_building())
    assert seen["node"]["reporter"] == {"name": "李阿姨", "phone": "13812345678"}


@postgres_only
async def test_the_same_qr_submission_twice_at_once_makes_one_case(api: Api, demo, monkeypatch):
    # given: both tabs look for the idempotency key before either inserts
    token = await qr_token(api)
    variables = {"token": token, "key": "key-0001-abcdef", "input": QR_INPUT}
    both_look_first(monkeypatch, models.Case)
    # when
    first, second = await asyncio.gather(
        api.gql(QR_SUBMIT, variables), api.gql(QR_SUBMIT, variables)
    )
    # then: the loser's insert fails, and it still reads the winner's case (a savepoint keeps
    # its transaction usable on PostgreSQL)
    assert first["submitCaseByQr"]["errors"] == second["submitCaseByQr"]["errors"] == []
    assert first["submitCaseByQr"]["receipt"] == second["submitCaseByQr"]["receipt"]
    assert await models.Case.filter(reporter_name="李阿姨").count() == 1


async def test_a_rotated_or_unknown_qr_code_is_refused(api: Api, demo):
    token = await qr_token(api)
    rotated = await api.gql(ROTATE, {"b": gid(await first_building())}, as_="building1")
    new_token = rotated["rotateBuildingQrToken"]["token"]
    assert new_token != token
    for bad in (token, "not-a-token"):
        data = await api.gql(QR_SUBMIT, {"token": bad, "key": "key-0003-abcdef", "input": QR_INPUT})
        assert data["submitCaseByQr"]["errors"][0]["field"] == "token"
    fresh = await api.gql(
        QR_SUBMIT, {"token": new_token, "key": "key-0004-abcdef", "input": QR_INPUT}
    )
    assert fresh["submitCaseByQr"]["errors"] == []
    refused = await api.gql(ROTATE, {"b": gid(await first_building())}, as_="resident1")
    assert refused["rotateBuildingQrToken"]["errors"][0]["code"] == "FORBIDDEN"


async def test_qr_submissions_are_rate_limited(api: Api, demo):
    token = await qr_token(api)
    codes = []
    for n in range(12):
        data = await api.gql(
            QR_SUBMIT, {"token": token, "key": f"rate-limit-{n:04d}", "input": QR_INPUT}
        )
        errors = data["submitCaseByQr"]["errors"]
        codes.append(errors[0]["code"] if errors else "OK")
    assert codes == ["OK"] * 10 + ["RATE_LIMITED"] * 2


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"title": ""}, "title", "INVALID"),
        ({"title": "长" * 201}, "title", "INVALID"),
        ({"description": "长" * 5001}, "description", "INVALID"),
        ({"category": "NO_SUCH_CATEGORY"}, "category", "INVALID"),
        ({"severity": "HIGH"}, "severity", "INVALID"),  # a demand has no severity
        ({"nodeId": "community"}, "nodeId", "INVALID"),  # wrong level
        ({"nodeId": "other_street"}, "nodeId", "NOT_FOUND"),
        ({"nodeId": "VXNlcjox"}, "nodeId", "INVALID"),  # a User id
    ],
)
async def test_bad_submissions_write_nothing(api: Api, demo, changes, field, code):
    street1 = await node_named(models.OrgLevel.STREET, 0)
    places = {
        "community": gid(await first_node_of(models.OrgLevel.COMMUNITY, street1)),
        "other_street": gid(
            await first_node_of(
                models.OrgLevel.BUILDING, await node_named(models.OrgLevel.STREET, 1)
            )
        ),
    }
    node_id = changes.get("nodeId")
    given = {**changes, "nodeId": places.get(node_id, node_id)} if node_id else changes
    before = await models.Case.all().count()
    data = await api.gql(
        SUBMIT,
        {"input": {"kind": "DEMAND", "nodeId": gid(await first_building()), "title": "t",
                   "description": "d", **given}},
        as_="community1",
    )  # fmt: skip
    assert data["submitCase"]["errors"][0]["field"] == field
    assert data["submitCase"]["errors"][0]["code"] == code
    assert await models.Case.all().count() == before


async def test_auditors_cannot_submit(api: Api, demo):
    data = await api.gql(
        SUBMIT,
        {"input": {"kind": "DEMAND", "nodeId": gid(await first_building()), "title": "t",
                   "description": "d"}},
        as_="auditor1",
    )  # fmt: skip
    assert data["submitCase"]["errors"][0]["code"] == "FORBIDDEN"


async def test_deadlines_follow_community_rules_and_overdue_is_filtered(api: Api, demo):
    # given: community1 gives hazards 4 hours to be accepted
    building = await first_building()
    community = await models.OrgNode.get(id=building.ancestor_ids[1])
    rule = """mutation($c: ID!) { setCaseDeadline(communityId: $c, kind: HAZARD, acceptHours: 4,
              resolveHours: 48) { ok errors { code } } }"""
    assert (await api.gql(rule, {"c": gid(community)}, as_="community1"))["setCaseDeadline"]["ok"]
    refused = await api.gql(rule, {"c": gid(community)}, as_="grid1")
    assert refused["setCaseDeadline"]["errors"][0]["code"] == "FORBIDDEN"
    # when
    hazard = await submit(api, "HAZARD", severity="LOW")
    dispute = await submit(api, "DISPUTE", as_="community1")
    # then
    row = await models.Case.get(id=decode_global_id(hazard["id"])[1])
    assert row.due_at is not None
    assert abs((row.due_at - row.created_at).total_seconds() - 4 * 3600) < 5
    assert hazard["overdue"] is False
    await models.Case.filter(id=row.id).update(due_at=row.created_at.replace(year=2020))
    late = await api.gql(CASES, {"filter": {"overdue": True}, "first": 100}, as_="community1")
    late_ids = {e["node"]["id"] for e in late["cases"]["edges"]}
    assert hazard["id"] in late_ids
    assert dispute["id"] not in late_ids
    on_time = await api.gql(CASES, {"filter": {"overdue": False}, "first": 100}, as_="community1")
    assert hazard["id"] not in {e["node"]["id"] for e in on_time["cases"]["edges"]}


async def test_communities_extend_their_categories(api: Api, demo):
    building = await first_building()
    community = gid(await models.OrgNode.get(id=building.ancestor_ids[1]))
    add = """mutation($c: ID!) { addCaseCategory(communityId: $c, code: "parking", name: "停车")
             { ok categories { code } errors { code } } }"""
    added = await api.gql(add, {"c": community}, as_="community1")
    assert "PARKING" in {c["code"] for c in added["addCaseCategory"]["categories"]}
    case = await submit(api, category="parking")
    assert case["category"] == "PARKING"
    twice = await api.gql(add, {"c": community}, as_="community1")
    assert twice["addCaseCategory"]["errors"][0]["code"] == "CONFLICT"


async def test_photos_are_sniffed_stored_and_served_only_in_scope(
    api: Api, demo, client, monkeypatch
):
    # given
    case = await submit(api)
    # when
    added = await api.upload(ATTACH, {"case": case["id"]}, PNG, as_="resident1", name="a.png")
    disguised = await api.upload(
        ATTACH, {"case": case["id"]}, b"<?php echo 1; ?>", as_="resident1", name="x.png"
    )
    # then
    attachment = added["addCaseAttachment"]["attachment"]
    assert (attachment["contentType"], attachment["size"]) == ("image/png", len(PNG))
    assert disguised["addCaseAttachment"]["errors"][0]["field"] == "file"
    own = await client.get(
        attachment["url"], headers={"Authorization": f"Bearer {await api.token('resident1')}"}
    )
    assert own.status_code == 200
    assert own.content == PNG
    # with the header, the plain path (the signed URL is resident1's own: test_photo_urls.py)
    plain = attachment["url"].split("?")[0]
    for outsider in ("community2", "volunteer1"):
        other = await client.get(
            plain, headers={"Authorization": f"Bearer {await api.token(outsider)}"}
        )
        assert other.status_code == 404, outsider
    assert (await client.get(plain)).status_code == 404
    monkeypatch.setattr(resolvers.cases.photos, "MAX_PHOTO_BYTES", 32)
    big = await api.upload(ATTACH, {"case": case["id"]}, PNG, as_="resident1", name="b.png")
    assert "10 MB" in big["addCaseAttachment"]["errors"][0]["message"]


async def test_my_duty_points_add_up(api: Api, demo):
    case = await submit(api)
    ok(await step(api, "acceptCase", case["id"], "community1"))
    ok(await step(api, "claimCase", case["id"], "volunteer1"))
    before = await api.gql("query { myDutyPoints { total } }", as_="volunteer1")
    ok(await step(api, "resolveCase", case["id"], "volunteer1", note="好了"))
    ok(await step(api, "rateCase", case["id"], "resident1", rating=5))
    ok(await step(api, "verifyCase", case["id"], "community1"))
    after = await api.gql("query { myDutyPoints { total entries { amount } } }", as_="volunteer1")
    assert after["myDutyPoints"]["total"] == before["myDutyPoints"]["total"] + 10
    assert after["myDutyPoints"]["entries"][0]["amount"] == 10


CASES_FOR_CONSOLE = """
query Console($first: Int) {
  cases(first: $first) {
    totalCount
    edges { node { id title status overdue
                   node { id name ancestors { id name } }
                   assignee { id displayName }
                   events { toStatus actor { username } } } }
  }
}
"""


@pytest.mark.parametrize(("user", "first"), [("admin", 50), ("community1", 50), ("grid1", 5)])
async def test_case_list_takes_a_fixed_number_of_queries(
    api: Api, demo, queries: QueryCounter, user: str, first: int
):
    await api.token(user)
    queries.reset()
    data = await api.gql(CASES_FOR_CONSOLE, {"first": first}, as_=user)
    assert len(data["cases"]["edges"]) == first
    # user + grants, page + count, nodes, assignees, events, ancestors, event actors
    assert queries.count == 9, json.dumps(queries.statements, ensure_ascii=False)[:2000]


LIST = """
query($filter: CaseFilter, $order: CaseOrder, $first: Int, $after: String) {
  cases(filter: $filter, orderBy: $order, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id kind status category severity createdAt updatedAt dueAt title } }
  }
}
"""


async def test_console_filters_and_sorting(api: Api, demo):
    street = await node_named(models.OrgLevel.STREET, 0)
    in_scope = models.Case.filter(node__path__startswith=street.path)
    newest = await api.gql(LIST, {"order": "CREATED_DESC", "first": 100}, as_="street1")
    created = [e["node"]["createdAt"] for e in newest["cases"]["edges"]]
    assert created == sorted(created, reverse=True)
    due = await api.gql(
        LIST, {"order": "DUE_ASC", "filter": {"status": ["SUBMITTED"]}, "first": 100}, as_="street1"
    )
    dues = [e["node"]["dueAt"] for e in due["cases"]["edges"]]
    assert dues == sorted(dues)
    hazards = await api.gql(
        LIST, {"filter": {"kind": "HAZARD", "severity": "CRITICAL"}, "first": 100}, as_="street1"
    )
    assert (
        hazards["cases"]["totalCount"]
        == await in_scope.filter(kind="HAZARD", severity="CRITICAL").count()
    )
    repairs = await api.gql(
        LIST, {"filter": {"category": "water_electric_repair"}, "first": 100}, as_="street1"
    )
    assert {e["node"]["category"] for e in repairs["cases"]["edges"]} == {"WATER_ELECTRIC_REPAIR"}
    searched = await api.gql(LIST, {"filter": {"search": "楼道"}, "first": 100}, as_="street1")
    titles = [e["node"]["title"] for e in searched["cases"]["edges"]]
    assert titles, "the demo has cases about stairwells (楼道)"
    assert all("楼道" in title for title in titles)
    assert searched["cases"]["totalCount"] == await in_scope.filter(title__contains="楼道").count()
    since = "2026-10-01T00:00:00+00:00"
    recent = await api.gql(LIST, {"filter": {"createdAfter": since}, "first": 100}, as_="street1")
    assert all(e["node"]["createdAt"] >= since[:10] for e in recent["cases"]["edges"])
    seen: list[str] = []
    after = None
    while True:
        page = (await api.gql(LIST, {"first": 40, "after": after}, as_="street1"))["cases"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == page["totalCount"] == await in_scope.count()


async def test_an_auditor_adds_no_photos(api: Api, demo):
    # given: a case auditor1 reads (its street)
    case = await submit(api)
    assert (await api.gql(NODE, {"id": case["id"]}, as_="auditor1"))["node"] is not None
    # when
    data = await api.upload(ATTACH, {"case": case["id"]}, PNG, as_="auditor1", name="a.png")
    # then
    assert data["addCaseAttachment"]["errors"][0]["code"] == "FORBIDDEN"
    assert await models.CaseAttachment.filter(case_id=decode_global_id(case["id"])[1]).count() == 0
