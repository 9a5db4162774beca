"""Objections (异议) to a published shortlist (公示) and their answers."""

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

import models
from models.workflows import evaluations as workflow
from policies.authorizer import (
    may_manage_campaign,
    may_object,
    readable_objections_filter,
)
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.cursors import orders
from resolvers.errors import Conflict, Forbidden, Invalid, NotFound
from resolvers.evaluations.campaigns import now, refusing
from resolvers.evaluations.candidates import candidate_for, deals_with_self, ties_of
from resolvers.pagination import Page, Window, paginate
from resolvers.scoping import readable_row, scoped
from resolvers.text import clean_text

MAX_TEXT = 1_000
OBJECTION_ORDER = orders("EvaluationObjection")


def readable_objections(ctx: Context) -> QuerySet[models.EvaluationObjection]:
    return scoped(models.EvaluationObjection, readable_objections_filter(ctx.viewer))


async def get_objection(ctx: Context, pk: int) -> models.EvaluationObjection | None:
    return await readable_row(ctx, readable_objections, pk)


@dataclass(frozen=True)
class ObjectionFilter:
    campaign_id: int | None = None
    candidate_id: int | None = None
    answered: bool | None = None


async def evaluation_objections(
    ctx: Context, where: ObjectionFilter, order: str, window: Window
) -> Page[models.EvaluationObjection]:
    require_user(ctx)
    query = readable_objections(ctx)
    if where.campaign_id is not None:
        query = query.filter(campaign_id=where.campaign_id)
    if where.candidate_id is not None:
        query = query.filter(candidate_id=where.candidate_id)
    if where.answered is not None:
        query = query.filter(answered_at__isnull=not where.answered)
    return await paginate(query, OBJECTION_ORDER[order], window)


async def file_evaluation_objection(
    ctx: Context, candidate_id: int, reason: str
) -> models.EvaluationObjection:
    """Residents and staff of the campaign's area object to a shortlisted candidate while the
    public notice (公示) runs."""
    user = require_user(ctx)
    candidate = await candidate_for(ctx, candidate_id)
    campaign = await models.EvaluationCampaign.get(id=candidate.campaign_id)
    if not may_object(ctx.viewer, campaign.node_path):
        raise Forbidden("evaluations.may_not_object", field="candidateId")
    with refusing():
        workflow.check_objection(campaign.stage, campaign.objection_ends_at, now())
    if candidate.status is not models.CandidateStatus.SHORTLISTED:
        raise Invalid("evaluations.not_shortlisted", field="candidateId")
    text = clean_text(reason, "reason", limit=MAX_TEXT, what="A reason", multiline=True)
    try:
        # A savepoint: on PostgreSQL a refused insert would abort the mutation's transaction.
        async with in_transaction():
            return await models.EvaluationObjection.create(
                campaign_id=campaign.id, candidate_id=candidate.id, filed_by_id=user.id, reason=text
            )
    except IntegrityError:  # the unique index on open objections (migration 0015)
        raise Conflict("evaluations.objection_open", field="candidateId") from None


async def answer_evaluation_objection(
    ctx: Context, pk: int, answer: str, upheld: bool
) -> models.EvaluationObjection:
    """The campaign's organisers answer an objection; an upheld one strikes the candidate off
    the shortlist. Nobody answers an objection about themselves."""
    user = require_user(ctx)
    objection = await get_objection(ctx, pk)
    if objection is None:
        raise NotFound("evaluations.no_objection", field="id")
    campaign = await models.EvaluationCampaign.select_for_update().get(id=objection.campaign_id)
    if not may_manage_campaign(ctx.viewer, campaign.node_path):
        raise Forbidden("evaluations.may_not_run", field="id")
    candidate = await models.EvaluationCandidate.get(id=objection.candidate_id)
    if deals_with_self(await ties_of(user.id), campaign, candidate):
        raise Forbidden("evaluations.self_dealing", field="id")
    with refusing():
        workflow.require(workflow.Activity.ANSWER_OBJECTION, campaign.stage, "id")
    text = clean_text(answer, "answer", limit=MAX_TEXT, what="An answer", multiline=True)
    audit.before(ctx, objection)
    answered = await models.EvaluationObjection.filter(
        id=objection.id, answered_at__isnull=True
    ).update(answer=text, upheld=upheld, answered_by_id=user.id, answered_at=now())
    if answered == 0:
        raise Conflict("evaluations.answered_already", field="id")
    if upheld:
        await models.EvaluationCandidate.filter(
            id=candidate.id, status=models.CandidateStatus.SHORTLISTED
        ).update(status=models.CandidateStatus.STRUCK)
    return await models.EvaluationObjection.get(id=objection.id)
