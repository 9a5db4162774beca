"""Awards (授予): titles with a validity period, and the current ones of a building, household,
resident or account (their `awards` field)."""

from dataclasses import dataclass

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

import models
from policies.authorizer import readable_awards_filter
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.cursors import orders
from resolvers.evaluations.campaigns import in_campaign
from resolvers.pagination import Page, Window, paginate
from resolvers.scoping import readable_row, scoped
from resolvers.validation import today

AWARD_ORDER = orders("EvaluationAward")


def readable_awards(ctx: Context) -> QuerySet[models.EvaluationAward]:
    return scoped(models.EvaluationAward, readable_awards_filter(ctx.viewer))


async def get_award(ctx: Context, pk: int) -> models.EvaluationAward | None:
    return await readable_row(ctx, readable_awards, pk)


@dataclass(frozen=True)
class AwardFilter:
    campaign_id: int | None = None
    kind: models.CampaignKind | None = None
    current: bool | None = None


async def evaluation_awards(
    ctx: Context, where: AwardFilter, order: str, window: Window
) -> Page[models.EvaluationAward]:
    require_user(ctx)
    query = await in_campaign(ctx, readable_awards(ctx), where.campaign_id)
    if where.kind is not None:
        query = query.filter(kind=where.kind)
    if where.current is not None:
        current = current_awards_filter()
        query = query.filter(current if where.current else ~current)
    return await paginate(query, AWARD_ORDER[order], window)


def current_awards_filter() -> Q:
    """Awards valid today (China's civil day)."""
    day = today()
    return Q(valid_from__lte=day, valid_until__gte=day)
