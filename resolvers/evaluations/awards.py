"""Awards (授予): titles with a validity period, and the current ones of a building, household,
resident or account (their `awards` field)."""

from dataclasses import dataclass

from tortoise.expressions import Q

import models
from policies.authorizer import readable_awards_filter
from resolvers.context import Context
from resolvers.cursors import orders
from resolvers.evaluations.campaigns import in_campaign
from resolvers.filters import listed, narrows
from resolvers.pagination import Page, Window, paginate
from resolvers.scoping import Readable
from resolvers.validation import today

AWARD_ORDER = orders("EvaluationAward")


AWARDS = Readable(models.EvaluationAward, readable_awards_filter)
# The name `node(id:)` (schema/node.py) calls.
get_award = AWARDS.get


@dataclass(frozen=True)
class AwardFilter:
    campaign_id: int | None = None
    kind: models.CampaignKind | None = narrows("kind")
    current: bool | None = None


async def evaluation_awards(
    ctx: Context, where: AwardFilter, order: str, window: Window
) -> Page[models.EvaluationAward]:
    query = await in_campaign(ctx, await listed(ctx, AWARDS.rows, where), where.campaign_id)
    if where.current is not None:
        current = current_awards_filter()
        query = query.filter(current if where.current else ~current)
    return await paginate(query, AWARD_ORDER[order], window)


def current_awards_filter() -> Q:
    """Awards valid today (China's civil day)."""
    day = today()
    return Q(valid_from__lte=day, valid_until__gte=day)
