"""The computed criterion (积分): each candidate's points figure for the campaign's period, in
one place, and the candidates' weighted scores, recomputed in SQL.

Both kinds come from the one points ledger (`point_entry`, models/points.py), summed over the
period's days (China's civil days as stored, from the first day's start to the last day's end):
duty points (履职积分) by the cadre's account (a party member's: their linked account); volunteer
points (志愿积分) of a family by its household, and of a building by the households living in it,
per active household. Corrections and redemptions are entries too, so a figure is what the
ledger says, spent points included (a building's figure may be below zero: it scores 0).
"""

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from typing import Any

from tortoise.functions import Sum

import models
from models.workflows import evaluations as workflow
from models.workflows.evaluations import Subject

V = models.PointKind.VOLUNTEER


def _period(campaign: models.EvaluationCampaign) -> tuple[datetime, datetime]:
    start = datetime.combine(campaign.period_start, time(), UTC)
    return start, datetime.combine(campaign.period_end, time(), UTC) + timedelta(days=1)


async def _sums(
    key: str, ids: Sequence[int], kind: models.PointKind, period: tuple[datetime, datetime]
) -> dict[int, int]:
    """Sum of the ledger's `kind` entries in the period by `key` (user_id, household_id)."""
    if not ids:
        return {}
    start, end = period
    where: dict[str, Any] = {f"{key}__in": sorted(set(ids))}
    rows = (
        await models.PointEntry.filter(kind=kind, at__gte=start, at__lt=end, **where)
        .annotate(total=Sum("amount"))
        .group_by(key)
        .values_list(key, "total")
    )
    return {int(pk): int(total or 0) for pk, total in rows}


async def duty_points(
    campaign: models.EvaluationCampaign, user_ids: dict[int, int]
) -> dict[int, int]:
    """Duty points in the period (hundredths): candidate id -> its account's points."""
    totals = await _sums(
        "user_id", list(user_ids.values()), models.PointKind.DUTY, _period(campaign)
    )
    return {pk: totals.get(user, 0) * 100 for pk, user in user_ids.items()}


_BUILDING_SUMS = """
SELECT h.building_id AS building_id, SUM(p.amount) AS total
FROM point_entry p JOIN household h ON h.id = p.household_id
WHERE p.kind = {m1} AND p.at >= {m2} AND p.at < {m3} AND h.building_id IN ({ids})
GROUP BY h.building_id
"""


async def _per_building(ids: list[int], period: tuple[datetime, datetime]) -> dict[int, int]:
    """Volunteer points of the households of each building (hundredths), per active household."""
    if not ids:
        return {}
    db = models.PointEntry._meta.db
    postgres = db.capabilities.dialect == "postgres"
    marks = [f"${i}" if postgres else "?" for i in range(1, len(ids) + 4)]
    sql = _BUILDING_SUMS.format(m1=marks[0], m2=marks[1], m3=marks[2], ids=", ".join(marks[3:]))
    _, rows = await db.execute_query(sql, [V.value, period[0], period[1], *ids])
    totals = {int(row["building_id"]): int(row["total"] or 0) for row in rows}
    households: dict[int, int] = {}
    for row in await models.Household.filter(building_id__in=ids, active=True).only("building_id"):
        households[row.building_id] = households.get(row.building_id, 0) + 1
    return {b: totals.get(b, 0) * 100 // max(households.get(b, 0), 1) for b in ids}


async def volunteer_points(
    campaign: models.EvaluationCampaign, candidates: list[models.EvaluationCandidate]
) -> dict[int, int]:
    """Volunteer points in the period (hundredths): a family's own, a building's per household."""
    period = _period(campaign)
    if workflow.SUBJECT[campaign.kind] is Subject.HOUSEHOLD:
        households = {c.id: c.household_id for c in candidates if c.household_id is not None}
        totals = await _sums("household_id", list(households.values()), V, period)
        return {pk: totals.get(h, 0) * 100 for pk, h in households.items()}
    buildings = {c.id: c.node_id for c in candidates if c.node_id is not None}
    per_household = await _per_building(sorted(set(buildings.values())), period)
    return {pk: per_household.get(b, 0) for pk, b in buildings.items()}


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
