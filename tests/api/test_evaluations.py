"""Evaluations (评选): a campaign from draft to awards, scope between siblings, bad input."""

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

import models
from tests.helpers import Api, error_codes, first_node_of, gid, node_named, ok, postgres_only

CREATE = """
mutation($input: CreateEvaluationCampaignInput!) {
  createEvaluationCampaign(input: $input) {
    campaign { id stage kind subject criteria { criterion weight } } errors { field code message }
  }
}
"""
STEP = """
mutation($id: ID!) { %s(id: $id) { campaign { id stage } errors { field code message } } }
"""
NOMINATE = """
mutation($c: ID!, $input: NominateEvaluationCandidateInput!) {
  nominateEvaluationCandidate(campaignId: $c, input: $input) {
    candidate { id name status } errors { field code message }
  }
}
"""
REVIEWER = """
mutation($c: ID!, $u: ID!, $t: EvaluationReviewerType!) {
  addEvaluationReviewer(campaignId: $c, userId: $u, type: $t) {
    campaign { reviewers { type displayName } } errors { field code message }
  }
}
"""
SCORE = """
mutation($id: ID!, $scores: [EvaluationScoreInput!]!) {
  scoreEvaluationCandidate(candidateId: $id, scores: $scores) {
    candidate { id score rank } errors { field code message }
  }
}
"""
PUBLISH = """
mutation($id: ID!, $size: Int!, $ends: DateTime!) {
  publishEvaluationShortlist(id: $id, size: $size, objectionEndsAt: $ends) {
    campaign { stage shortlistSize } errors { field code message }
  }
}
"""
OBJECT = """
mutation($id: ID!, $reason: String!) {
  fileEvaluationObjection(candidateId: $id, reason: $reason) {
    objection { id reason } errors { field code message }
  }
}
"""
ANSWER = """
mutation($id: ID!, $upheld: Boolean!) {
  answerEvaluationObjection(id: $id, answer: "已核实", upheld: $upheld) {
    objection { upheld answeredAt } errors { field code message }
  }
}
"""
AWARD = """
mutation($id: ID!, $until: Date!) {
  awardEvaluationCampaign(id: $id, validUntil: $until) {
    campaign { stage } errors { field code message }
  }
}
"""
CAMPAIGNS = "query { evaluationCampaigns(first: 100) { totalCount edges { node { id } } } }"
CANDIDATES = """
query($f: EvaluationCandidateFilter) {
  evaluationCandidates(filter: $f, first: 100) {
    totalCount edges { node { id name status score rank } }
  }
}
"""
SHOW = "query($id: ID!) { node(id: $id) { id } }"
FIVE = ["ENVIRONMENT", "NEIGHBOURLINESS", "LAW_ABIDING", "PUBLIC_MORALITY", "HONESTY"]


# The period lies long before the seed's year of points, so that the points criterion counts
# only what a test credits itself.
async def _campaign(api: Api, node: models.OrgNode, as_: str, kind: str = "MODEL_BUILDING") -> str:
    payload = await ok(api, CREATE, {"input": {
        "nodeId": gid(node), "kind": kind, "title": "红色美丽楼栋评选",
        "periodStart": "2001-01-01", "periodEnd": "2001-12-31"}}, as_)  # fmt: skip
    return str(payload["campaign"]["id"])


async def _users() -> dict[str, str]:
    return {u.username: gid(u) for u in await models.User.all()}


async def _nominating_campaign(
    api: Api, reviewers: dict[str, str]
) -> tuple[str, list[str], dict[str, str]]:
    """community1's building campaign in NOMINATING: three buildings nominated, `reviewers`
    (username: reviewer type) assigned. Returns its id, the candidates' and every user's ids."""
    community = await node_named(models.OrgLevel.COMMUNITY, 0)
    campaign = await _campaign(api, community, "community1")
    await ok(api, STEP % "openEvaluationNominations", {"id": campaign}, "community1")
    buildings = (
        await models.OrgNode.filter(level=models.OrgLevel.BUILDING, path__startswith=community.path)
        .order_by("id")
        .limit(3)
    )
    candidates = []
    for building in buildings:
        payload = await ok(api, NOMINATE, {"c": campaign, "input": {"nodeId": gid(building)}},
                            "community1")  # fmt: skip
        candidates.append(payload["candidate"]["id"])
    users = await _users()
    for user, kind in reviewers.items():
        await ok(api, REVIEWER, {"c": campaign, "u": users[user], "t": kind}, "community1")
    return campaign, candidates, users


async def _scoring_campaign(api: Api) -> tuple[str, list[str], dict[str, str]]:
    """community1's building campaign in SCORING: three buildings, grid1 and resident1 review."""
    reviewers = {"grid1": "COMMUNITY", "resident1": "RESIDENT_REPRESENTATIVE"}
    campaign, candidates, users = await _nominating_campaign(api, reviewers)
    await ok(api, STEP % "openEvaluationScoring", {"id": campaign}, "community1")
    return campaign, candidates, users


def _scores(value: int) -> list[dict[str, Any]]:
    return [{"criterion": c, "score": value} for c in FIVE]


async def test_a_campaign_runs_from_draft_to_titles_on_the_building(api: Api, demo):
    # given: a campaign in SCORING
    campaign, candidates, _ = await _scoring_campaign(api)
    # when: grid1 scores all three, resident1 the two that are not its own building
    for candidate, value in zip(candidates, (90, 70, 50), strict=True):
        await ok(api, SCORE, {"id": candidate, "scores": _scores(value)}, "grid1")
    for candidate in candidates[1:]:
        await ok(api, SCORE, {"id": candidate, "scores": _scores(100)}, "resident1")
    # then: resident1 may not score its own building
    own = await error_codes(api, SCORE, {"id": candidates[0], "scores": _scores(100)}, "resident1")
    assert own == ["FORBIDDEN"]
    # and the ranking is the weighted average (five goods 16 each, points 20 counting 0)
    ranking = await api.gql(CANDIDATES, {"f": {"campaignId": campaign}}, as_="community1")
    rows = [e["node"] for e in ranking["evaluationCandidates"]["edges"]]
    assert [(r["score"], r["rank"]) for r in rows] == [(72.0, 1), (68.0, 2), (60.0, 3)]
    # when: the shortlist of two is published
    ends = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    await ok(api, PUBLISH, {"id": campaign, "size": 2, "ends": ends}, "community1")
    # then: volunteer1 (of the community, no reviewer) sees the shortlist, and objects to one
    seen = await api.gql(CANDIDATES, {"f": {"campaignId": campaign}}, as_="volunteer1")
    shortlisted = [e["node"]["id"] for e in seen["evaluationCandidates"]["edges"]]
    assert shortlisted == candidates[:2]
    objection = await ok(api, OBJECT, {"id": candidates[1], "reason": "楼道杂物未清"}, "volunteer1")
    # and objecting again before the answer is refused, nothing written
    again = await error_codes(api, OBJECT, {"id": candidates[1], "reason": "再次"}, "volunteer1")
    assert again == ["CONFLICT"]
    assert await models.EvaluationObjection.filter(campaign_id=campaign_pk(campaign)).count() == 1
    # and awarding waits for the period and the answer
    early = await error_codes(api, AWARD, {"id": campaign, "until": "2027-12-31"}, "community1")
    assert early == ["INVALID_TRANSITION"]
    await ok(api, ANSWER, {"id": objection["objection"]["id"], "upheld": True}, "community1")
    await models.EvaluationCampaign.filter(id=int(campaign_pk(campaign))).update(
        objection_ends_at=datetime.now(UTC) - timedelta(minutes=1)
    )
    late = await error_codes(api, OBJECT, {"id": candidates[0], "reason": "x"}, "volunteer1")
    assert late == ["INVALID_TRANSITION"]
    await ok(api, AWARD, {"id": campaign, "until": "2027-12-31"}, "community1")
    # then: the one left on the shortlist holds the title, on its building
    award = await models.EvaluationAward.get(campaign_id=campaign_pk(campaign))
    assert gid(await models.EvaluationCandidate.get(id=award.candidate_id)) == candidates[0]
    query = "query($id: ID!) { orgNode(id: $id) { awards { kind title validUntil } } }"
    node = await api.gql(query, {"id": gid(await models.OrgNode.get(id=award.node_id))},
                         as_="resident1")  # fmt: skip
    mine = {
        "kind": "MODEL_BUILDING",
        "title": "红色美丽楼栋评选",
        "validUntil": "2027-12-31",
    }
    assert mine in node["orgNode"]["awards"]


def campaign_pk(global_id: str) -> int:
    from resolvers.ids import decode_id_of

    return decode_id_of(global_id, "EvaluationCampaign")


async def test_scoring_twice_out_of_range_or_not_as_reviewer_writes_nothing(api: Api, demo):
    # given
    _, candidates, _ = await _scoring_campaign(api)
    await ok(api, SCORE, {"id": candidates[1], "scores": _scores(80)[:2]}, "grid1")
    before = await models.EvaluationScore.all().count()
    cases = [
        ("grid1", _scores(80)[1:3], "CONFLICT"),  # NEIGHBOURLINESS again, beside a new one
        ("grid1", [{"criterion": "HONESTY", "score": 101}], "INVALID"),
        ("grid1", [{"criterion": "HONESTY", "score": -1}], "INVALID"),
        ("grid1", [{"criterion": "VOLUNTEER_POINTS", "score": 50}], "INVALID"),
        ("community1", _scores(80), "FORBIDDEN"),  # runs it, but does not review it
    ]
    for user, scores, code in cases:
        errors = await error_codes(api, SCORE, {"id": candidates[1], "scores": scores}, user)
        assert errors == [code], (user, scores)
    # then: nothing more was written
    assert await models.EvaluationScore.all().count() == before


async def test_wrong_stage_and_outside_the_area_are_refused(api: Api, demo):
    # given: a draft campaign of community1
    community = await node_named(models.OrgLevel.COMMUNITY, 0)
    campaign = await _campaign(api, community, "community1")
    sibling = await node_named(models.OrgLevel.COMMUNITY, 1)
    outside = await first_node_of(models.OrgLevel.BUILDING, sibling)
    # when / then: a building of the sibling community is not even readable
    errors = await error_codes(api, NOMINATE, {"c": campaign, "input": {"nodeId": gid(outside)}},
                           "community1")  # fmt: skip
    assert errors == ["NOT_FOUND"]
    # and street1 reads it, but it lies outside the campaign's area
    errors = await error_codes(api, NOMINATE, {"c": campaign, "input": {"nodeId": gid(outside)}},
                           "street1")  # fmt: skip
    assert errors == ["INVALID"]
    # and a campaign in DRAFT cannot publish or award
    for query, variables in (
        (PUBLISH, {"id": campaign, "size": 1, "ends": "2099-01-01T00:00:00+00:00"}),
        (AWARD, {"id": campaign, "until": "2099-01-01"}),
    ):
        errors = await error_codes(api, query, variables, "community1")
        assert errors == ["INVALID_TRANSITION"]
    # and weights out of range are refused
    query = """mutation($c: ID!, $w: [EvaluationWeightInput!]!) { setEvaluationCriteria(
        campaignId: $c, criteria: $w) { campaign { id } errors { code } } }"""
    for weights in ([{"criterion": "HONESTY", "weight": 101}],
                    [{"criterion": c, "weight": 0} for c in [*FIVE, "VOLUNTEER_POINTS"]],
                    [{"criterion": "DUTY_POINTS", "weight": 10}]):  # fmt: skip
        errors = await error_codes(api, query, {"c": campaign, "w": weights}, "community1")
        assert errors == ["INVALID"], weights
    pk = campaign_pk(campaign)
    assert await models.EvaluationCandidate.filter(campaign_id=pk).count() == 0
    assert await models.EvaluationCriterion.filter(campaign_id=pk, weight=0).count() == 0


async def test_a_community_admin_sees_nothing_of_a_siblings_campaigns(api: Api, demo):
    # given: street1 runs a campaign at community1's sibling community, with a candidate,
    # a shortlist, an objection and an award
    sibling = await node_named(models.OrgLevel.COMMUNITY, 1)
    campaign = await _campaign(api, sibling, "street1")
    await ok(api, STEP % "openEvaluationNominations", {"id": campaign}, "street1")
    building = await first_node_of(models.OrgLevel.BUILDING, sibling)
    nominated = await ok(api, NOMINATE, {"c": campaign, "input": {"nodeId": gid(building)}},
                          "street1")  # fmt: skip
    candidate = nominated["candidate"]["id"]
    pk = campaign_pk(campaign)
    await models.EvaluationCampaign.filter(id=pk).update(
        stage=models.CampaignStage.SHORTLIST, objection_ends_at=datetime.now(UTC)
    )
    await models.EvaluationCandidate.filter(campaign_id=pk).update(
        status=models.CandidateStatus.SHORTLISTED
    )
    street1 = await models.User.get(username="street1")
    row = await models.EvaluationCandidate.get(campaign_id=pk)
    objection = await models.EvaluationObjection.create(
        campaign_id=pk, candidate_id=row.id, filed_by_id=street1.id, reason="x"
    )
    day = datetime.now(UTC).date()
    award = await models.EvaluationAward.create(
        campaign_id=pk, candidate_id=row.id, kind=models.CampaignKind.MODEL_BUILDING, title="t",
        name="n", node_id=building.id, valid_from=day, valid_until=day + timedelta(days=30),
    )  # fmt: skip
    # when / then: community1 and resident1 (another community) find none of it
    for user in ("community1", "resident1", "grid1"):
        campaigns = await api.gql(CAMPAIGNS, as_=user)
        assert campaign not in [e["node"]["id"] for e in campaigns["evaluationCampaigns"]["edges"]]
        for global_id in (campaign, candidate, gid(objection), gid(award)):
            assert (await api.gql(SHOW, {"id": global_id}, as_=user))["node"] is None, user
        for field in ("evaluationCandidates", "evaluationObjections", "evaluationAwards"):
            query = f"query {{ {field}(first: 100) {{ edges {{ node {{ id }} }} }} }}"
            listed = [e["node"]["id"] for e in (await api.gql(query, as_=user))[field]["edges"]]
            assert not {candidate, gid(objection), gid(award)} & set(listed), (user, field)
        query = "query($f: EvaluationAwardFilter) { evaluationAwards(filter: $f) { totalCount } }"
        body = await api.raw(query, {"f": {"campaignId": campaign}}, as_=user)
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        # and acting on them is NOT_FOUND, as for a missing one
        errors = await error_codes(api, STEP % "cancelEvaluationCampaign", {"id": campaign}, user)
        assert errors == ["NOT_FOUND"]
        errors = await error_codes(api, OBJECT, {"id": candidate, "reason": "x"}, user)
        assert errors == ["NOT_FOUND"]
        errors = await error_codes(api, ANSWER, {"id": gid(objection), "upheld": False}, user)
        assert errors == ["NOT_FOUND"]
    # and street1 reads all of it
    for global_id in (campaign, candidate, gid(objection), gid(award)):
        assert (await api.gql(SHOW, {"id": global_id}, as_="street1"))["node"] is not None


@pytest.mark.parametrize("user", ["resident1", "auditor1", "grid1"])
async def test_only_admins_create_campaigns(api: Api, demo, user):
    community = await node_named(models.OrgLevel.COMMUNITY, 0)
    before = await models.EvaluationCampaign.all().count()
    errors = await error_codes(api, CREATE, {"input": {
        "nodeId": gid(community), "kind": "MODEL_FAMILY", "title": "美丽家庭",
        "periodStart": "2026-01-01", "periodEnd": "2026-12-31"}}, user)  # fmt: skip
    assert errors in (["FORBIDDEN"], ["NOT_FOUND"])
    assert await models.EvaluationCampaign.all().count() == before


async def test_a_campaigns_ranking_downloads_in_scope_only(api: Api, demo):
    # given: community1's seeded campaign with its shortlist published
    community = await node_named(models.OrgLevel.COMMUNITY, 0)
    campaign = await models.EvaluationCampaign.get(
        node_id=community.id, stage=models.CampaignStage.SHORTLIST
    )
    url = f"/exports/evaluation-ranking.csv?campaignId={gid(campaign)}"
    # when: community1 downloads it
    token = await api.token("community1")
    response = await api.client.get(url, headers={"Authorization": f"Bearer {token}"})
    # then: every candidate, best first, with rank and score
    assert response.status_code == 200, response.text
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "排名,名称,状态,总分,积分"
    scores = [float(line.split(",")[3]) for line in lines[1:]]
    assert len(scores) == await models.EvaluationCandidate.filter(campaign_id=campaign.id).count()
    assert scores == sorted(scores, reverse=True)
    # and community2 (another street) gets NOT_FOUND, as for a missing campaign
    other = await api.token("community2")
    response = await api.client.get(url, headers={"Authorization": f"Bearer {other}"})
    assert response.status_code == 404
    xlsx = url.replace(".csv", ".xlsx")
    response = await api.client.get(xlsx, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


async def test_the_points_criterion_is_volunteer_points_per_household_in_the_period(api: Api, demo):
    # given: a building campaign of community1 with three buildings, and ledger entries of
    # their households: in the period, before it, and a correction
    campaign, candidates, _ = await _creating_scoring(api)
    rows = [await models.EvaluationCandidate.get(id=_pk(c)) for c in candidates]
    inside = datetime(2001, 6, 1, tzinfo=UTC)
    before = datetime(2000, 12, 31, 23, 0, tzinfo=UTC)
    entries = []
    for row, amounts in zip(rows, ([10, 20], [30, -5], [5]), strict=True):
        building = await models.OrgNode.get(id=row.node_id)
        household = await models.Household.filter(building_id=building.id).order_by("id").first()
        assert household is not None
        for amount in [*amounts, 1000]:
            entries.append(models.PointEntry(
                kind=models.PointKind.VOLUNTEER, household_id=household.id, node_id=building.id,
                node_path=building.path, amount=amount, reason="楼道清扫",
                source=models.PointSource.MANUAL, at=before if amount == 1000 else inside,
            ))  # fmt: skip
    await models.PointEntry.bulk_create(entries)
    # when: scoring opens (the criterion is computed)
    await ok(api, STEP % "openEvaluationScoring", {"id": campaign}, "community1")
    # then: each building's points per active household, the best scoring 100
    query = "query($f: EvaluationCandidateFilter) { evaluationCandidates(filter: $f, orderBy: ID) "
    query += "{ edges { node { points pointsScore score } } } }"
    data = await api.gql(query, {"f": {"campaignId": campaign}}, as_="community1")
    got = [e["node"] for e in data["evaluationCandidates"]["edges"]]
    counts = [await models.Household.filter(building_id=r.node_id, active=True).count()
              for r in rows]  # fmt: skip
    figures = [30 * 100 // counts[0], 25 * 100 // counts[1], 5 * 100 // counts[2]]
    assert [g["points"] for g in got] == [f / 100 for f in figures]
    best = max(figures)
    assert [g["pointsScore"] for g in got] == [f * 10_000 // best / 100 for f in figures]
    # and with no scores yet, the weighted score is the points' share (weight 20 of 100)
    assert [g["score"] for g in got] == [round(g["pointsScore"] * 20) / 100 for g in got]


def _pk(global_id: str) -> int:
    from resolvers.ids import decode_id_of

    return decode_id_of(global_id, "EvaluationCandidate")


async def _creating_scoring(api: Api) -> tuple[str, list[str], dict[str, str]]:
    """As `_scoring_campaign`, but left in NOMINATING (scoring is opened by the test), grid1
    the only reviewer."""
    return await _nominating_campaign(api, {"grid1": "COMMUNITY"})


@postgres_only
async def test_concurrent_scores_are_each_counted_once(api: Api, demo):
    # given: a campaign in SCORING with grid1 and resident1 as reviewers
    _, candidates, _ = await _scoring_campaign(api)
    target = candidates[1]  # not resident1's own building
    await api.token("grid1")
    await api.token("resident1")
    # when: grid1 sends the same scores twice at once, and resident1 scores at the same time
    results = await asyncio.gather(
        api.gql(SCORE, {"id": target, "scores": _scores(60)}, as_="grid1"),
        api.gql(SCORE, {"id": target, "scores": _scores(60)}, as_="grid1"),
        api.gql(SCORE, {"id": target, "scores": _scores(100)}, as_="resident1"),
    )
    # then: one of grid1's two is CONFLICT and wrote nothing
    codes = sorted(
        [e["code"] for e in r["scoreEvaluationCandidate"]["errors"]] for r in results[:2]
    )
    assert codes == [[], ["CONFLICT"]]
    assert await models.EvaluationScore.filter(candidate_id=_pk(target)).count() == 10
    # and the stored score counts both reviewers (no update lost): 16 * 5 * avg(60, 100) / 100
    row = await models.EvaluationCandidate.get(id=_pk(target))
    assert row.score_centi == 6400


async def test_residents_read_a_published_panel_by_kind_not_by_name(api: Api, demo) -> None:
    # given: a published campaign of resident1's community, with resident2's account on its
    # panel as a resident representative (a person resident1 may not read)
    street = await node_named(models.OrgLevel.STREET, 0)
    community = await first_node_of(models.OrgLevel.COMMUNITY, street)
    campaign = await models.EvaluationCampaign.create(
        node_id=community.id, node_path=community.path, kind=models.CampaignKind.MODEL_BUILDING,
        title="测试评选", period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30), stage=models.CampaignStage.SHORTLIST,
        shortlist_size=1, objection_ends_at=datetime.now(UTC) + timedelta(days=5),
    )  # fmt: skip
    representative = await models.User.get(username="resident2")
    await models.EvaluationReviewer.create(
        campaign_id=campaign.id, user_id=representative.id,
        type=models.ReviewerType.RESIDENT_REPRESENTATIVE,
    )  # fmt: skip
    query = "query($id: ID!) { evaluationCampaign(id: $id) { reviewers { type displayName } } }"
    # when: a resident of the area and the community's admin read the panel
    seen = await api.gql(query, {"id": gid(campaign)}, as_="resident1")
    staff = await api.gql(query, {"id": gid(campaign)}, as_="community1")
    # then: the resident reads who sits on it by kind only; staff in scope read the names
    assert seen["evaluationCampaign"]["reviewers"] == [
        {"type": "RESIDENT_REPRESENTATIVE", "displayName": ""}
    ]
    assert staff["evaluationCampaign"]["reviewers"] == [
        {"type": "RESIDENT_REPRESENTATIVE", "displayName": representative.display_name}
    ]


async def test_a_building_leader_never_scores_the_building_they_lead(api: Api, demo):
    # given: community1's building campaign, its first candidate building1's
    # building (building1 leads it through a grant and does not live there)
    campaign, candidates, users = await _creating_scoring(api)
    building1 = await models.User.get(username="building1")
    grant = await models.RoleGrant.get(user_id=building1.id, revoked_at=None).prefetch_related(
        "node"
    )
    first = await models.EvaluationCandidate.get(id=_pk(candidates[0]))
    assert first.node_id == grant.node_id
    assert not await models.Resident.filter(user_id=building1.id).exists()
    # when: community1 makes building1 a reviewer
    await ok(api, REVIEWER, {"c": campaign, "u": users["building1"], "t": "COMMUNITY"},
              "community1")  # fmt: skip
    await ok(api, STEP % "openEvaluationScoring", {"id": campaign}, "community1")
    # then: building1 scores the other buildings, never its own
    own = await error_codes(api, SCORE, {"id": candidates[0], "scores": _scores(100)}, "building1")
    assert own == ["FORBIDDEN"]
    assert not await models.EvaluationScore.filter(candidate_id=first.id).exists()
    await ok(api, SCORE, {"id": candidates[1], "scores": _scores(80)}, "building1")
