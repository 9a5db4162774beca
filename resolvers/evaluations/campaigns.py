"""Campaigns (评选活动): reading in scope, the list, creating one and its criteria."""

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

import models
from models.workflows import evaluations as workflow
from policies.authorizer import may_manage_campaign, readable_campaigns_filter
from resolvers.audit import trail as audit
from resolvers.context import Context
from resolvers.cursors import Key, orders
from resolvers.errors import refusing as refusing_rules
from resolvers.filters import listed, narrows, searches, within
from resolvers.org import node_to_act_on
from resolvers.pagination import Page, Window, paginate
from resolvers.scoping import Readable
from resolvers.text import clean_text

MAX_TITLE = 100
CAMPAIGN_ORDER = orders("EvaluationCampaign", TITLE=Key("title", str))


M = TypeVar("M", bound=Model)


def now() -> datetime:
    return datetime.now(UTC)


def refusing() -> AbstractContextManager[None]:
    """Runs the workflow's checks: a refusal raises the error the API answers."""
    return refusing_rules(workflow.WorkflowError)


CAMPAIGNS = Readable(
    models.EvaluationCampaign, readable_campaigns_filter, "evaluations.no_campaign", "campaignId"
)
# The name `node(id:)` (schema/node.py) calls.
get_campaign = CAMPAIGNS.get


async def evaluation_campaign(ctx: Context, pk: int) -> models.EvaluationCampaign | None:
    """`evaluationCampaign(id:)`: as `node(id:)` reads a campaign."""
    return await get_campaign(ctx, pk)


async def in_campaign(ctx: Context, query: QuerySet[M], campaign_id: int | None) -> QuerySet[M]:
    """`query` narrowed to one campaign (if given), which the viewer must read (else NOT_FOUND)."""
    if campaign_id is None:
        return query
    await CAMPAIGNS.require(ctx, campaign_id)
    return query.filter(campaign_id=campaign_id)


async def campaign_to_run(
    ctx: Context, pk: int, field: str = "campaignId", *, lock: bool = False
) -> models.EvaluationCampaign:
    """A campaign the viewer manages: NOT_FOUND out of read scope, FORBIDDEN where they read
    it but may not run it. `lock` holds its row until the mutation ends (PostgreSQL), so a
    stage change and a write that depends on the stage do not interleave."""
    return await CAMPAIGNS.to_change(
        ctx, pk, may_manage_campaign, "evaluations.may_not_run", field, lock=lock
    )


@dataclass(frozen=True)
class CampaignFilter:
    node_id: int | None = within("node_path")
    kind: models.CampaignKind | None = narrows("kind")
    stage: list[models.CampaignStage] | None = narrows("stage__in")
    search: str | None = searches("title")
    period_from: date | None = narrows("period_end__gte")
    period_to: date | None = narrows("period_start__lte")


async def evaluation_campaigns(
    ctx: Context, where: CampaignFilter, order: str, window: Window
) -> Page[models.EvaluationCampaign]:
    query = await listed(ctx, CAMPAIGNS.rows, where)
    return await paginate(query, CAMPAIGN_ORDER[order], window)


@dataclass(frozen=True)
class NewCampaign:
    node_id: int
    kind: models.CampaignKind
    title: str
    period_start: date
    period_end: date


async def create_evaluation_campaign(ctx: Context, data: NewCampaign) -> models.EvaluationCampaign:
    node = await node_to_act_on(
        ctx,
        data.node_id,
        "nodeId",
        may=may_manage_campaign,
        refused="evaluations.may_not_create",
    )
    title = clean_text(data.title, "title", limit=MAX_TITLE, what="A title")
    with refusing():
        workflow.check_period(data.period_start, data.period_end)
    campaign = await models.EvaluationCampaign.create(
        node_id=node.id,
        node_path=node.path,
        kind=data.kind,
        title=title,
        period_start=data.period_start,
        period_end=data.period_end,
        created_by_id=ctx.viewer.user_id,
    )
    await models.EvaluationCriterion.bulk_create(
        [
            models.EvaluationCriterion(campaign_id=campaign.id, criterion=c, weight=w)
            for c, w in workflow.default_weights(data.kind).items()
        ]
    )
    return campaign


async def set_evaluation_criteria(
    ctx: Context, pk: int, weights: list[tuple[models.Criterion, int]]
) -> models.EvaluationCampaign:
    """Replace the weights (DRAFT only: nobody has scored against them yet)."""
    campaign = await campaign_to_run(ctx, pk, lock=True)
    with refusing():
        workflow.require(workflow.Activity.SET_CRITERIA, campaign.stage)
        checked = workflow.check_weights(campaign.kind, weights)
    for criterion, weight in checked.items():
        await models.EvaluationCriterion.filter(
            campaign_id=campaign.id, criterion=criterion
        ).update(weight=weight)
        audit.note(ctx, f"weight_{criterion.value.lower()}", weight)
    return campaign


async def criteria(
    ctx: Context, campaign: models.EvaluationCampaign
) -> list[models.EvaluationCriterion]:
    return await ctx.loaders.criteria_by_campaign_id.load(campaign.id)
