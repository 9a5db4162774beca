"""Redemptions (兑换记录): redeeming goods for points, cancelling, the list."""

from datetime import datetime
from enum import Enum

import strawberry

import models
import resolvers.redemption.redeeming
from schema.ids import IdOf
from schema.info import Info
from schema.mutations import Payload
from schema.org import OrgNode, org_node_pk
from schema.paging import PAGE_FIRST, list_field
from schema.people.types import Resident, household_pk, resident_pk
from schema.redemption.catalogue import RedemptionGood, redemption_good_pk
from schema.relay import Node
from schema.rows import FromModel, load_optional

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
        row = await info.context.loaders.good_by_id.load(self.row.good_id)
        assert row is not None, "a redemption's goods cannot be missing (foreign key)"
        return RedemptionGood.from_model(row)

    @strawberry.field
    async def resident(self, info: Info) -> Resident | None:
        loader = info.context.loaders.resident_by_id
        return await load_optional(loader, self.row.resident_id, Resident.from_model)

    @strawberry.field
    async def building(self, info: Info) -> OrgNode:
        row = await info.context.loaders.anchor_node_by_id.load(self.row.building_id)
        assert row is not None, "a redemption's building cannot be missing (foreign key)"
        return OrgNode.from_model(row)


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
    node_id: strawberry.ID | None = None
    good_id: strawberry.ID | None = None
    resident_id: strawberry.ID | None = None
    household_id: strawberry.ID | None = None
    status: models.RedemptionStatus | None = None
    redeemed_after: datetime | None = None
    redeemed_before: datetime | None = None

    def to_filter(self) -> resolvers.redemption.redeeming.RedemptionFilter:
        return resolvers.redemption.redeeming.RedemptionFilter(
            node_id=org_node_pk.optional(self.node_id, "nodeId"),
            good_id=redemption_good_pk.optional(self.good_id, "goodId"),
            resident_id=resident_pk.optional(self.resident_id, "residentId"),
            household_id=household_pk.optional(self.household_id, "householdId"),
            status=self.status,
            redeemed_after=self.redeemed_after,
            redeemed_before=self.redeemed_before,
        )


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
