"""Demo evaluations (评选): six campaigns per community, one in each stage, driven through the
workflow's own functions (default weights, the shortlist, the award's subject) and the same SQL
that ranks candidates for the API. Cheap at every preset: a handful of rows per community."""

import random
from collections import defaultdict
from datetime import date, datetime, timedelta

import models
from app.seed_stage import Stage
from models.workflows import evaluations as workflow
from resolvers.evaluations.points import recompute_scores

S = models.CampaignStage
K = models.CampaignKind
CANDIDATES = 5
MERCHANTS = ["张记粮油", "便民超市", "老王修车", "红星药房", "社区早餐店", "李姐洗衣"]
# (stage, kind, title stem): one campaign of each per community.
PLAN = [
    (S.DRAFT, K.MODEL_CADRE, "最美干部评选"),
    (S.NOMINATING, K.RED_STAR_MERCHANT, "红星商户评选"),
    (S.SCORING, K.MODEL_FAMILY, "美丽家庭评选"),
    (S.SHORTLIST, K.MODEL_BUILDING, "红色美丽楼栋评选"),
    (S.AWARDED, K.MODEL_BUILDING, "红色美丽楼栋评选"),
    (S.CANCELLED, K.MODEL_FAMILY, "美丽家庭评选"),
]
SCORED = frozenset({S.SCORING, S.SHORTLIST, S.AWARDED})


async def seed_evaluations(
    stage: Stage,
) -> dict[str, int]:
    """Rows are made and written campaign by campaign (a few dozen each), so the phase's exact
    size is told once it is known."""
    communities = stage.levels[models.OrgLevel.COMMUNITY]
    buildings: dict[int, list[models.OrgNode]] = defaultdict(list)
    for building in stage.levels[models.OrgLevel.BUILDING]:
        community_id = models.path_ids(building.path)[1]
        if len(buildings[community_id]) < CANDIDATES:
            buildings[community_id].append(building)
    chosen = [b.id for group in buildings.values() for b in group]
    households: dict[int, tuple[int, str]] = {}
    for start in range(0, len(chosen), 2_000):
        rows = await models.Household.filter(building_id__in=chosen[start : start + 2_000])
        for row in sorted(rows, key=lambda h: h.id):
            households.setdefault(row.building_id, (row.id, row.number))
    admin = stage.admin_id
    written: dict[str, int] = defaultdict(int)
    for community in communities:
        staff = sorted(
            uid for name, (uid, path) in stage.users.items()
            if path.startswith(community.path) and not name.startswith(("resident", "auditor"))
        )  # fmt: skip
        reviewers = staff[:2] or [admin]
        for campaign_stage, kind, stem in PLAN:
            counts = await _campaign(
                community, campaign_stage, kind, stem, buildings[community.id], households,
                reviewers, stage.rng, stage.end,
            )  # fmt: skip
            for key, value in counts.items():
                written[key] += value
            if stage.progress:
                stage.progress(sum(counts.values()))
    if stage.planned:
        stage.planned("evaluations", sum(written.values()))
    return dict(written)


async def _campaign(
    community: models.OrgNode,
    stage: models.CampaignStage,
    kind: models.CampaignKind,
    stem: str,
    buildings: list[models.OrgNode],
    households: dict[int, tuple[int, str]],
    reviewer_ids: list[int],
    rng: random.Random,
    now: datetime,
) -> dict[str, int]:
    year = now.year - (1 if stage is S.AWARDED else 0)
    campaign = await models.EvaluationCampaign.create(
        node_id=community.id, node_path=community.path, kind=kind, stage=stage,
        title=f"{year}年度{community.name}{stem}", period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
    )  # fmt: skip
    await models.EvaluationCriterion.bulk_create(
        [
            models.EvaluationCriterion(campaign_id=campaign.id, criterion=c, weight=w)
            for c, w in workflow.default_weights(kind).items()
        ]
    )
    candidates = [] if stage is S.DRAFT else _candidates(campaign, buildings, households)
    await models.EvaluationCandidate.bulk_create(candidates)
    candidates = await models.EvaluationCandidate.filter(campaign_id=campaign.id).order_by("id")
    reviewers = [
        await models.EvaluationReviewer.create(
            campaign_id=campaign.id, user_id=uid, type=rng.choice(list(models.ReviewerType))
        )
        for uid in reviewer_ids
    ]
    counts = {
        "evaluation_campaigns": 1,
        "evaluation_criteria": len(workflow.default_weights(kind)),
        "evaluation_candidates": len(candidates),
        "evaluation_reviewers": len(reviewers),
    }
    if stage in SCORED and candidates:
        scores = [
            models.EvaluationScore(
                campaign_id=campaign.id,
                candidate_id=candidate.id,
                reviewer_id=reviewer.id,
                criterion=criterion,
                score=rng.randint(60, 100),
            )
            for candidate in candidates
            for reviewer in reviewers
            for criterion in workflow.FIVE_GOODS
            if stage is not S.SCORING or rng.random() < 0.6
        ]
        await models.EvaluationScore.bulk_create(scores)
        await recompute_scores(campaign_id=campaign.id)
        counts["evaluation_scores"] = len(scores)
    if stage in (S.SHORTLIST, S.AWARDED) and candidates:
        counts |= await _publish(campaign, stage, reviewer_ids, rng, now)
    return counts


def _candidates(
    campaign: models.EvaluationCampaign,
    buildings: list[models.OrgNode],
    households: dict[int, tuple[int, str]],
) -> list[models.EvaluationCandidate]:
    subject = workflow.SUBJECT[campaign.kind]
    rows = []
    for index, building in enumerate(buildings):
        row = models.EvaluationCandidate(campaign_id=campaign.id, node_id=building.id)
        if subject is workflow.Subject.HOUSEHOLD:
            if building.id not in households:
                continue
            household_id, number = households[building.id]
            row.household_id, row.name = household_id, f"{building.name} {number}"
            row.subject_key = f"household:{household_id}"
        elif subject is workflow.Subject.MERCHANT:
            row.name = MERCHANTS[index % len(MERCHANTS)]
            row.subject_key = f"merchant:{building.id}:{row.name}"
        else:
            row.name, row.subject_key = building.name, f"node:{building.id}"
        rows.append(row)
    return rows


async def _publish(
    campaign: models.EvaluationCampaign,
    stage: models.CampaignStage,
    filers: list[int],
    rng: random.Random,
    now: datetime,
) -> dict[str, int]:
    size = 4 if stage is S.AWARDED else 3
    ranked = await models.EvaluationCandidate.filter(campaign_id=campaign.id).values_list(
        "id", "score_centi"
    )
    chosen = workflow.shortlist([(int(a), int(b)) for a, b in ranked], size)
    ends = now + (timedelta(days=5) if stage is S.SHORTLIST else -timedelta(days=30))
    await models.EvaluationCampaign.filter(id=campaign.id).update(
        shortlist_size=size, objection_ends_at=ends
    )
    objections = [
        models.EvaluationObjection(
            campaign_id=campaign.id,
            candidate_id=chosen[index % len(chosen)],
            filed_by_id=filers[index % len(filers)],
            reason=reason,
            **(
                {}
                if stage is S.SHORTLIST and index
                else {
                    "answer": "经核实，情况不属实。",
                    "upheld": False,
                    "answered_by_id": filers[0],
                    "answered_at": ends - timedelta(days=1),
                }
            ),
        )
        for index, reason in enumerate(["楼道仍有杂物堆放", "有住户反映邻里纠纷未化解"])
    ]
    await models.EvaluationObjection.bulk_create(objections)
    status = models.CandidateStatus.SHORTLISTED
    if stage is S.AWARDED:
        status = models.CandidateStatus.AWARDED
        winners = await models.EvaluationCandidate.filter(id__in=chosen)
        valid_from = ends.date() + timedelta(days=1)
        valid_until = valid_from + timedelta(days=365)
        awards = [
            models.EvaluationAward(
                **workflow.award_values(campaign, winner, valid_from, valid_until, None)
            )
            for winner in winners
        ]
        await models.EvaluationAward.bulk_create(awards)
    await models.EvaluationCandidate.filter(id__in=chosen).update(status=status)
    awarded = len(chosen) if stage is S.AWARDED else 0
    return {"evaluation_objections": len(objections), "evaluation_awards": awarded}
