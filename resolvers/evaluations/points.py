"""The computed criterion (积分): each candidate's points figure for the campaign's period, in
one place, and the candidates' weighted scores, recomputed in SQL.

Duty points (履职积分) come from the duty-points ledger (`duty_point_entry`). Volunteer points
(志愿积分) come from the points ledger (`point_entry`) being built on its own branch: until it
lands, `volunteer_points` answers nothing, so the criterion scores 0 for every candidate.
"""

from datetime import UTC, datetime, time, timedelta

from tortoise.functions import Sum

import models
from models.workflows import evaluations as workflow
from models.workflows.evaluations import Subject


def _period(campaign: models.EvaluationCampaign) -> tuple[datetime, datetime]:
    start = datetime.combine(campaign.period_start, time(), UTC)
    return start, datetime.combine(campaign.period_end, time(), UTC) + timedelta(days=1)


async def duty_points(
    campaign: models.EvaluationCampaign, user_ids: dict[int, int]
) -> dict[int, int]:
    """Duty points earned in the period: candidate id -> points (hundredths), from the user
    each candidate is (a cadre's account, a party member's linked account)."""
    if not user_ids:
        return {}
    start, end = _period(campaign)
    rows = (
        await models.DutyPointEntry.filter(
            user_id__in=sorted(set(user_ids.values())), created_at__gte=start, created_at__lt=end
        )
        .group_by("user_id")
        .annotate(total=Sum("amount"))
        .values_list("user_id", "total")
    )
    totals = {int(user): int(total or 0) for user, total in rows}
    return {pk: totals.get(user, 0) * 100 for pk, user in user_ids.items()}


async def volunteer_points(
    campaign: models.EvaluationCampaign, candidates: list[models.EvaluationCandidate]
) -> dict[int, int]:
    """Volunteer points earned in the period (hundredths): a household's own, a building's per
    household. The points ledger (models/points.py) is not on this branch yet."""
    return {}


async def points_figures(
    campaign: models.EvaluationCampaign, candidates: list[models.EvaluationCandidate]
) -> dict[int, int]:
    """Candidate id -> its points figure (hundredths) for the campaign's computed criterion."""
    computed = workflow.COMPUTED[campaign.kind]
    if computed is None:
        return {}
    if computed is models.Criterion.DUTY_POINTS:
        users = {c.id: c.user_id for c in candidates if c.user_id is not None}
        if workflow.SUBJECT[campaign.kind] is Subject.PARTY_MEMBER:
            linked = dict(
                await models.Resident.filter(
                    id__in=[c.resident_id for c in candidates if c.resident_id],
                    user_id__not_isnull=True,
                ).values_list("id", "user_id")
            )
            users = {c.id: linked[c.resident_id] for c in candidates if c.resident_id in linked}
        return await duty_points(campaign, users)
    return await volunteer_points(campaign, candidates)


async def refresh_points(campaign: models.EvaluationCampaign) -> None:
    """Compute the points criterion anew for every candidate, then their scores."""
    candidates = await models.EvaluationCandidate.filter(campaign_id=campaign.id)
    figures = await points_figures(campaign, candidates)
    scores = workflow.points_scores({c.id: figures.get(c.id, 0) for c in candidates})
    for candidate in candidates:
        figure, score = figures.get(candidate.id, 0), scores.get(candidate.id, 0)
        if (candidate.points_centi, candidate.points_score_centi) != (figure, score):
            await models.EvaluationCandidate.filter(id=candidate.id).update(
                points_centi=figure, points_score_centi=score
            )
    await recompute_scores(campaign_id=campaign.id)


# The weighted average of a candidate's criteria, in hundredths: each reviewer-scored criterion
# by the average of its scores (none yet counts 0), the computed one by its stored score.
_WEIGHTED = """
UPDATE evaluation_candidate SET score_centi = COALESCE((
    SELECT CAST(ROUND(SUM(k.weight * COALESCE(CASE
        WHEN k.criterion IN ('VOLUNTEER_POINTS', 'DUTY_POINTS')
            THEN evaluation_candidate.points_score_centi / 100.0
        ELSE (SELECT AVG(s.score * 1.0) FROM evaluation_score s
              WHERE s.candidate_id = evaluation_candidate.id AND s.criterion = k.criterion)
        END, 0)) * 100.0 / SUM(k.weight)) AS INTEGER)
    FROM evaluation_criterion k
    WHERE k.campaign_id = evaluation_candidate.campaign_id AND k.weight > 0
), 0)
WHERE {column} = {marker}
"""


async def recompute_scores(
    *, campaign_id: int | None = None, candidate_id: int | None = None
) -> None:
    """Recompute in SQL the weighted score of one candidate, or of a campaign's candidates."""
    db = models.EvaluationCandidate._meta.db
    marker = "$1" if db.capabilities.dialect == "postgres" else "?"
    column, value = (
        ("id", candidate_id) if candidate_id is not None else ("campaign_id", campaign_id)
    )
    assert value is not None
    await db.execute_query(_WEIGHTED.format(column=column, marker=marker), [value])


_RANKS = """
SELECT c.id, 1 + (SELECT COUNT(*) FROM evaluation_candidate o
                  WHERE o.campaign_id = c.campaign_id AND o.score_centi > c.score_centi) AS rank
FROM evaluation_candidate c WHERE c.id IN ({markers})
"""


async def ranks(candidate_ids: list[int]) -> dict[int, int]:
    """Candidate id -> its rank in its campaign (1 for the best; equal scores, equal ranks)."""
    if not candidate_ids:
        return {}
    db = models.EvaluationCandidate._meta.db
    postgres = db.capabilities.dialect == "postgres"
    markers = ", ".join(f"${i}" if postgres else "?" for i in range(1, len(candidate_ids) + 1))
    _, rows = await db.execute_query(_RANKS.format(markers=markers), candidate_ids)
    return {int(row["id"]): int(row["rank"]) for row in rows}
