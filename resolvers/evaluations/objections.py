"""Objections (异议) to a published shortlist (公示) and their answers."""

from dataclasses import dataclass

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
from resolvers.errors import Conflict, Forbidden, Invalid, unique_or
from resolvers.evaluations.campaigns import now, refusing
from resolvers.evaluations.candidates import CANDIDATES, deals_with_self, ties_of
from resolvers.filters import listed, narrows
from resolvers.pagination import Page, Window, paginate
from resolvers.scoping import Readable, found
from resolvers.text import clean_text

MAX_TEXT = 1_000
OBJECTION_ORDER = orders("EvaluationObjection")


OBJECTIONS = Readable(models.EvaluationObjection, readable_objections_filter)
# The name `node(id:)` (schema/node.py) calls.
get_objection = OBJECTIONS.get


@dataclass(frozen=True)
class ObjectionFilter:
    campaign_id: int | None = narrows("campaign_id")
    candidate_id: int | None = narrows("candidate_id")
    answered: bool | None = None


async def evaluation_objections(
    ctx: Context, where: ObjectionFilter, order: str, window: Window
) -> Page[models.EvaluationObjection]:
    query = await listed(ctx, OBJECTIONS.rows, where)
    if where.answered is not None:
        query = query.filter(answered_at__isnull=not where.answered)
    return await paginate(query, OBJECTION_ORDER[order], window)


async def file_evaluation_objection(
    ctx: Context, candidate_id: int, reason: str
) -> models.EvaluationObjection:
    """Residents and staff of the campaign's area object to a shortlisted candidate while the
    public notice (公示) runs."""
    user = require_user(ctx)
    candidate = await CANDIDATES.require(ctx, candidate_id)
    campaign = await models.EvaluationCampaign.get(id=candidate.campaign_id)
    if not may_object(ctx.viewer, campaign.node_path):
        raise Forbidden("evaluations.may_not_object", field="candidateId")
    with refusing():
        workflow.check_objection(campaign.stage, campaign.objection_ends_at, now())
    if candidate.status is not models.CandidateStatus.SHORTLISTED:
        raise Invalid("evaluations.not_shortlisted", field="candidateId")
    text = clean_text(reason, "reason", limit=MAX_TEXT, what="A reason", multiline=True)
    # The unique index on open objections (migration 0015).
    async with unique_or(Conflict("evaluations.objection_open", field="candidateId")):
        return await models.EvaluationObjection.create(
            campaign_id=campaign.id, candidate_id=candidate.id, filed_by_id=user.id, reason=text
        )


async def answer_evaluation_objection(
    ctx: Context, pk: int, answer: str, upheld: bool
) -> models.EvaluationObjection:
    """The campaign's organisers answer an objection; an upheld one strikes the candidate off
    the shortlist. Nobody answers an objection about themselves."""
    user = require_user(ctx)
    objection = found(await get_objection(ctx, pk), "evaluations.no_objection", "id")
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
