"""Moving a campaign through its stages (models/workflows/evaluations.py): each step is one
conditional `UPDATE ... WHERE stage = <as read>` with what the step writes besides."""

from datetime import date, datetime
from typing import Any

from tortoise.expressions import Q

import models
from models.workflows import evaluations as workflow
from models.workflows.evaluations import Step
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import Conflict, Forbidden
from resolvers.evaluations.campaigns import campaign_to_run, now, refusing
from resolvers.evaluations.candidates import deals_with_self, ties_of
from resolvers.evaluations.points import refresh_points
from resolvers.validation import today

S = models.CandidateStatus


async def _move(
    ctx: Context, campaign: models.EvaluationCampaign, step: Step, **changes: Any
) -> models.EvaluationCampaign:
    """Write the step if the campaign is still in the stage it was read in (else CONFLICT)."""
    with refusing():
        target = workflow.next_stage(step, campaign.stage)
    moved = await models.EvaluationCampaign.filter(id=campaign.id, stage=campaign.stage).update(
        stage=target, updated_at=now(), **changes
    )
    if moved == 0:
        raise Conflict("evaluations.changed_meanwhile", field="id")
    return await models.EvaluationCampaign.get(id=campaign.id)


async def open_evaluation_nominations(ctx: Context, pk: int) -> models.EvaluationCampaign:
    campaign = await campaign_to_run(ctx, pk, "id", lock=True)
    return await _move(ctx, campaign, Step.OPEN_NOMINATIONS)


async def open_evaluation_scoring(ctx: Context, pk: int) -> models.EvaluationCampaign:
    """Scoring starts with the computed criterion worked out from the ledger."""
    campaign = await campaign_to_run(ctx, pk, "id", lock=True)
    with refusing():
        workflow.next_stage(Step.OPEN_SCORING, campaign.stage)
        workflow.check_open_scoring(
            await models.EvaluationCandidate.filter(campaign_id=campaign.id).count(),
            await models.EvaluationReviewer.filter(campaign_id=campaign.id).count(),
        )
    moved = await _move(ctx, campaign, Step.OPEN_SCORING)
    await refresh_points(moved)
    return moved


async def ranked(campaign_id: int) -> list[tuple[int, int]]:
    """(candidate id, score) of every candidate of the campaign."""
    rows = await models.EvaluationCandidate.filter(campaign_id=campaign_id).values_list(
        "id", "score_centi"
    )
    return [(int(pk), int(score)) for pk, score in rows]


async def publish_evaluation_shortlist(
    ctx: Context, pk: int, size: int, objection_ends_at: datetime
) -> models.EvaluationCampaign:
    """Freeze the points criterion, rank, and publish the best `size` (公示) for objections."""
    campaign = await campaign_to_run(ctx, pk, "id", lock=True)
    at = now()
    with refusing():
        workflow.next_stage(Step.PUBLISH_SHORTLIST, campaign.stage)
        workflow.check_publish(size, objection_ends_at, at)
    await refresh_points(campaign)
    chosen = workflow.shortlist(await ranked(campaign.id), size)
    moved = await _move(
        ctx,
        campaign,
        Step.PUBLISH_SHORTLIST,
        shortlist_size=size,
        objection_ends_at=objection_ends_at,
    )
    await models.EvaluationCandidate.filter(campaign_id=campaign.id, id__in=chosen).update(
        status=S.SHORTLISTED
    )
    audit.note(ctx, "shortlisted", len(chosen))
    return moved


async def award_evaluation_campaign(
    ctx: Context, pk: int, valid_from: date | None, valid_until: date
) -> models.EvaluationCampaign:
    """Award (授予) the title to every candidate still on the shortlist once the objection
    period is over and every objection answered. Nobody awards a title to themselves."""
    user = require_user(ctx)
    campaign = await campaign_to_run(ctx, pk, "id", lock=True)
    start = valid_from or today()
    with refusing():
        workflow.next_stage(Step.AWARD, campaign.stage)
        open_objections = await models.EvaluationObjection.filter(
            campaign_id=campaign.id, answered_at__isnull=True
        ).count()
        plan = workflow.check_award(
            campaign.objection_ends_at, open_objections, now(), start, valid_until
        )
    winners = await models.EvaluationCandidate.filter(campaign_id=campaign.id, status=S.SHORTLISTED)
    ties = await ties_of(user.id)
    if any(deals_with_self(ties, campaign, winner) for winner in winners):
        raise Forbidden("evaluations.self_dealing", field="id")
    moved = await _move(ctx, campaign, Step.AWARD)
    await models.EvaluationAward.bulk_create(
        [
            models.EvaluationAward(
                **workflow.award_values(
                    campaign, winner, plan.valid_from, plan.valid_until, user.id
                )
            )
            for winner in winners
        ]
    )
    await models.EvaluationCandidate.filter(
        Q(id__in=[w.id for w in winners]), campaign_id=campaign.id
    ).update(status=S.AWARDED)
    audit.note(ctx, "awarded", len(winners))
    return moved


async def cancel_evaluation_campaign(ctx: Context, pk: int) -> models.EvaluationCampaign:
    campaign = await campaign_to_run(ctx, pk, "id", lock=True)
    return await _move(ctx, campaign, Step.CANCEL)
