"""Reviewers (民主评议: community, owners' committee, resident representatives) and their
scores: each reviewer scores each candidate once per criterion, 0-100."""

import models
from models.workflows import evaluations as workflow
from policies.authorizer import sees_reviewer_names
from policies.rules import may_review_in, may_score
from resolvers.audit import trail as audit
from resolvers.auth import active_grants, require_user
from resolvers.context import Context
from resolvers.errors import Conflict, Forbidden, Invalid, create_once, unique_or
from resolvers.evaluations.campaigns import campaign_to_run, refusing
from resolvers.evaluations.candidates import CANDIDATES, deals_with_self, ties_of
from resolvers.evaluations.points import recompute_scores
from resolvers.scoping import found
from resolvers.users.accounts import get_user


async def add_evaluation_reviewer(
    ctx: Context, campaign_id: int, user_id: int, type: models.ReviewerType
) -> models.EvaluationCampaign:
    """Assign a reviewer of the campaign's area; answers the campaign."""
    campaign = await campaign_to_run(ctx, campaign_id, lock=True)
    with refusing():
        workflow.require(workflow.Activity.ASSIGN_REVIEWER, campaign.stage)
    user = found(await get_user(ctx, user_id), "users.no_user", "userId")
    if not may_review_in([g.path for g in await active_grants(user.id)], campaign.node_path):
        raise Invalid("evaluations.reviewer_outside_area", field="userId")
    reviewer = await create_once(
        models.EvaluationReviewer,
        Conflict("evaluations.reviewer_already", field="userId"),
        {"campaign_id": campaign.id, "user_id": user.id},
        type=type,
        assigned_by_id=ctx.viewer.user_id,
    )
    audit.touched(ctx, reviewer)
    return campaign


async def score_evaluation_candidate(
    ctx: Context, candidate_id: int, scores: list[tuple[models.Criterion, int]]
) -> models.EvaluationCandidate:
    """The reviewer's scores of one candidate on one or more criteria, all or none."""
    user = require_user(ctx)
    candidate = await CANDIDATES.require(ctx, candidate_id)
    campaign = await models.EvaluationCampaign.get(id=candidate.campaign_id)
    reviewers = {
        r.user_id: r for r in await models.EvaluationReviewer.filter(campaign_id=campaign.id)
    }
    if not may_score(reviewers.keys(), user.id):
        raise Forbidden("evaluations.not_reviewer", field="candidateId")
    reviewer = reviewers[user.id]
    if deals_with_self(await ties_of(user.id), campaign, candidate):
        raise Forbidden("evaluations.self_dealing", field="candidateId")
    if not scores:
        raise Invalid("evaluations.no_scores", field="scores")
    with refusing():
        workflow.require(workflow.Activity.SCORE, campaign.stage, "candidateId")
        seen: set[models.Criterion] = set()
        for criterion, score in scores:
            workflow.check_score(criterion, score, campaign.kind)
            if criterion in seen:
                raise workflow.Broken("evaluations.criterion_twice", "scores", criterion=criterion)
            seen.add(criterion)
    # The candidate's row, locked: scores of one candidate are added one reviewer at a time,
    # so the score recomputed below counts every score committed before it (PostgreSQL).
    await models.EvaluationCandidate.select_for_update().get(id=candidate.id)
    if await models.EvaluationCampaign.filter(id=campaign.id, stage=campaign.stage).count() == 0:
        raise Conflict("evaluations.changed_meanwhile", field="candidateId")
    # The unique index refuses a second score.
    async with unique_or(Conflict("evaluations.scored_already", field="scores")):
        await models.EvaluationScore.bulk_create(
            [
                models.EvaluationScore(
                    campaign_id=campaign.id,
                    candidate_id=candidate.id,
                    reviewer_id=reviewer.id,
                    criterion=criterion,
                    score=score,
                )
                for criterion, score in scores
            ]
        )
    for criterion, score in scores:
        audit.note(ctx, f"score_{criterion.value.lower()}", score)
    audit.touched(ctx, candidate)
    await recompute_scores(candidate_id=candidate.id)
    return await models.EvaluationCandidate.get(id=candidate.id)


async def evaluation_reviewers(
    ctx: Context, campaign: models.EvaluationCampaign
) -> list[models.EvaluationReviewer]:
    return await ctx.loaders.reviewers_by_campaign_id.load(campaign.id)


async def reviewer_name(ctx: Context, row: models.EvaluationReviewer) -> str:
    """The reviewer's display name where the viewer may read it, else empty (their kind
    still shows)."""
    campaign = await ctx.loaders.campaign_by_id.load(row.campaign_id)
    if campaign is None or not sees_reviewer_names(ctx.viewer, campaign.node_path, row.user_id):
        return ""
    return row.user.display_name
