"""Dividends (分红): a cooperative's income shared among households by points."""

from datetime import date, datetime
from enum import Enum
from typing import Annotated

import strawberry

import models
import resolvers.redemption.dividends
from schema.ids import IdOf
from schema.info import Info
from schema.inputs import decoded
from schema.mutations import Payload
from schema.org import OrgNode, OrgNodeId, anchor_node, org_node_pk
from schema.paging import PAGE_FIRST, Paging, list_field, paged
from schema.people.types import Household, HouseholdId
from schema.relay import (
    Connection,
    Node,
    to_connection,
)
from schema.rows import FromModel, load_optional, load_required

distribution_pk = IdOf("DividendDistribution", "distributionId")
DividendDistributionId = Annotated[strawberry.ID, distribution_pk]


@strawberry.type
class DividendDistribution(Node, FromModel[models.DividendDistribution]):
    row: strawberry.Private[models.DividendDistribution]
    id: strawberry.ID
    cooperative: str
    income_fen: int
    period_start: date
    period_end: date
    total_points: int
    note: str
    created_at: datetime

    @strawberry.field
    async def community(self, info: Info) -> OrgNode:
        return await anchor_node(info, self.row.community_id)


@strawberry.type
class DividendLine(Node, FromModel[models.DividendLine]):
    row: strawberry.Private[models.DividendLine]
    id: strawberry.ID
    points: int
    amount_fen: int

    @strawberry.field
    async def distribution(self, info: Info) -> DividendDistribution:
        loader = info.context.loaders.distribution_by_id
        return await load_required(
            loader, self.row.distribution_id, DividendDistribution.from_model
        )

    @strawberry.field
    async def household(self, info: Info) -> Household | None:
        loader = info.context.loaders.household_by_id
        return await load_optional(loader, self.row.household_id, Household.from_model)


@strawberry.type
class DividendDistributionPayload(
    Payload[models.DividendDistribution], result=DividendDistribution.from_model
):
    distribution: DividendDistribution | None = None


@strawberry.enum
class DividendDistributionOrder(Enum):
    ID = "ID"
    CREATED_DESC = "CREATED_DESC"


@strawberry.enum
class DividendLineOrder(Enum):
    ID = "ID"
    AMOUNT_DESC = "AMOUNT_DESC"
    POINTS_DESC = "POINTS_DESC"


@strawberry.input
class DividendDistributionFilter:
    community_id: strawberry.ID | None = None


@strawberry.input
class DividendLineFilter:
    distribution_id: DividendDistributionId | None = None
    household_id: HouseholdId | None = None
    node_id: OrgNodeId | None = None

    def to_filter(self) -> resolvers.redemption.dividends.LineFilter:
        return decoded(self, resolvers.redemption.dividends.LineFilter)


@strawberry.input
class DistributeDividendInput:
    community_id: strawberry.ID
    cooperative: str
    income_fen: int
    period_start: date
    period_end: date
    note: str | None = None


@strawberry.type
class DividendsQuery:
    @strawberry.field
    @paged(DividendDistributionOrder.CREATED_DESC, PAGE_FIRST)
    async def dividend_distributions(
        self, info: Info, paging: Paging[DividendDistributionFilter, DividendDistributionOrder]
    ) -> Connection[DividendDistribution]:
        where = paging.filter or DividendDistributionFilter()
        page = await resolvers.redemption.dividends.dividend_distributions(
            info.context,
            org_node_pk.optional(where.community_id, "communityId"),
            paging.order,
            paging.window,
        )
        return to_connection(page, DividendDistribution.from_model)

    dividend_lines = list_field(
        resolvers.redemption.dividends.dividend_lines,
        DividendLineFilter,
        DividendLineOrder.AMOUNT_DESC,
        DividendLine,
        layout=PAGE_FIRST,
    )


@strawberry.type
class DividendsMutation:
    @strawberry.mutation
    async def distribute_dividend(
        self, info: Info, input: DistributeDividendInput
    ) -> DividendDistributionPayload:
        return await DividendDistributionPayload.mutate(
            lambda: resolvers.redemption.dividends.distribute_dividend(
                info.context,
                resolvers.redemption.dividends.NewDistribution(
                    community_id=org_node_pk(input.community_id, "communityId"),
                    cooperative=input.cooperative,
                    income_fen=input.income_fen,
                    period_start=input.period_start,
                    period_end=input.period_end,
                    note=input.note,
                ),
            )
        )
