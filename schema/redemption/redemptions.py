"""Redemptions (兑换记录): redeeming goods for points, cancelling, the list."""

from datetime import datetime
from enum import Enum

import strawberry

import models
import resolvers.redemption.redeeming
from schema.ids import IdOf
from schema.info import Info
from schema.inputs import decoded
from schema.mutations import Payload
from schema.org import OrgNode, OrgNodeId, anchor_node
from schema.paging import PAGE_FIRST, list_field
from schema.people.types import HouseholdId, Resident, ResidentId, resident_of, resident_pk
from schema.redemption.catalogue import RedemptionGood, RedemptionGoodId, redemption_good_pk
from schema.relay import (
    Node,
)
from schema.rows import FromModel, load_required

strawberry.enum(models.RedemptionStatus, name="RedemptionStatus")
redemption_pk = IdOf("Redemption", "id")


@strawberry.type
class Redemption(Node, FromModel[models.Redemption]):
    row: strawberry.Private[models.Redemption]
    id: strawberry.ID
    good_name: str
    quantity: int
    unit_price: int
    points: int
    status: models.RedemptionStatus
    redeemed_at: datetime
    cancelled_at: datetime | None
    cancel_reason: str

    @strawberry.field
    async def good(self, info: Info) -> RedemptionGood:
        loader = info.context.loaders.good_by_id
        return await load_required(loader, self.row.good_id, RedemptionGood.from_model)

    @strawberry.field
    async def resident(self, info: Info) -> Resident | None:
        return await resident_of(info, self.row.resident_id)

    @strawberry.field
    async def building(self, info: Info) -> OrgNode:
        return await anchor_node(info, self.row.building_id)


@strawberry.type
class RedemptionPayload(Payload[models.Redemption], result=Redemption.from_model):
    redemption: Redemption | None = None


@strawberry.enum
class RedemptionOrder(Enum):
    ID = "ID"
    REDEEMED_DESC = "REDEEMED_DESC"
    REDEEMED_ASC = "REDEEMED_ASC"


@strawberry.input
class RedemptionFilter:
    node_id: OrgNodeId | None = None
    good_id: RedemptionGoodId | None = None
    resident_id: ResidentId | None = None
    household_id: HouseholdId | None = None
    status: models.RedemptionStatus | None = None
    redeemed_after: datetime | None = None
    redeemed_before: datetime | None = None

    def to_filter(self) -> resolvers.redemption.redeeming.RedemptionFilter:
        return decoded(self, resolvers.redemption.redeeming.RedemptionFilter)


@strawberry.input
class RedeemGoodsInput:
    good_id: strawberry.ID
    quantity: int = 1
    resident_id: strawberry.ID | None = None


@strawberry.type
class RedemptionsQuery:
    redemptions = list_field(
        resolvers.redemption.redeeming.redemptions,
        RedemptionFilter,
        RedemptionOrder.REDEEMED_DESC,
        Redemption,
        layout=PAGE_FIRST,
    )


@strawberry.type
class RedemptionsMutation:
    @strawberry.mutation
    async def redeem_goods(self, info: Info, input: RedeemGoodsInput) -> RedemptionPayload:
        return await RedemptionPayload.mutate(
            lambda: resolvers.redemption.redeeming.redeem_goods(
                info.context,
                redemption_good_pk(input.good_id, "goodId"),
                resident_pk.optional(input.resident_id, "residentId"),
                input.quantity,
            )
        )

    @strawberry.mutation
    async def cancel_redemption(
        self, info: Info, id: strawberry.ID, reason: str
    ) -> RedemptionPayload:
        return await RedemptionPayload.mutate(
            lambda: resolvers.redemption.redeeming.cancel_redemption(
                info.context, redemption_pk(id), reason
            )
        )
