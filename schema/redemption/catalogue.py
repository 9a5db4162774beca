"""The catalogue of goods (兑换物品) of a community, its stock and the yearly window."""

from datetime import datetime
from enum import Enum
from typing import Annotated, Self

import strawberry

import models
import resolvers.redemption.catalogue
from schema.ids import IdOf
from schema.info import Info
from schema.inputs import decoded
from schema.mutations import Payload
from schema.org import OrgNode, OrgNodeId, anchor_node, org_node_pk
from schema.paging import PAGE_FIRST, list_field
from schema.relay import (
    Node,
)
from schema.rows import FromModel

redemption_good_pk = IdOf("RedemptionGood", "id")
RedemptionGoodId = Annotated[strawberry.ID, redemption_good_pk]
SHOWN_CHANGES = 20


@strawberry.type
class StockChange(FromModel[models.StockChange]):
    row: strawberry.Private[models.StockChange]
    delta: int
    stock_after: int
    reason: str
    at: datetime


@strawberry.type
class RedemptionGood(Node, FromModel[models.RedemptionGood]):
    row: strawberry.Private[models.RedemptionGood]
    id: strawberry.ID
    name: str
    description: str
    price: int
    stock: int
    active: bool
    yearly_limit: int | None
    created_at: datetime
    updated_at: datetime

    @strawberry.field
    async def community(self, info: Info) -> OrgNode:
        return await anchor_node(info, self.row.community_id)

    @strawberry.field
    async def stock_changes(self, info: Info) -> list[StockChange]:
        rows = await info.context.loaders.stock_changes_by_good_id.load(self.row.id)
        return [StockChange.from_model(row) for row in rows[:SHOWN_CHANGES]]


@strawberry.type
class RedemptionWindow:
    state: strawberry.Private[resolvers.redemption.catalogue.WindowState]

    @strawberry.field
    def community(self) -> OrgNode:
        return OrgNode.from_model(self.state.community)

    @strawberry.field
    def opens(self) -> str | None:
        return str(self.state.window.opens) if self.state.window else None

    @strawberry.field
    def closes(self) -> str | None:
        return str(self.state.window.closes) if self.state.window else None

    @strawberry.field
    def open_today(self) -> bool:
        return self.state.open_today


@strawberry.type
class RedemptionGoodPayload(Payload[models.RedemptionGood], result=RedemptionGood.from_model):
    good: RedemptionGood | None = None


@strawberry.type
class RedemptionWindowPayload(Payload[resolvers.redemption.catalogue.WindowState]):
    window: RedemptionWindow | None = None

    @classmethod
    def from_result(cls, result: resolvers.redemption.catalogue.WindowState, /) -> Self:
        return cls(window=RedemptionWindow(state=result))


@strawberry.enum
class RedemptionGoodOrder(Enum):
    ID = "ID"
    NAME = "NAME"
    PRICE_ASC = "PRICE_ASC"
    PRICE_DESC = "PRICE_DESC"
    CREATED_DESC = "CREATED_DESC"


@strawberry.input
class RedemptionGoodFilter:
    community_id: OrgNodeId | None = None
    search: str | None = None
    active: bool | None = None
    in_stock: bool | None = None
    max_price: int | None = None

    def to_filter(self) -> resolvers.redemption.catalogue.GoodFilter:
        return decoded(self, resolvers.redemption.catalogue.GoodFilter)


@strawberry.input
class CreateRedemptionGoodInput:
    community_id: strawberry.ID
    name: str
    price: int
    stock: int = 0
    description: str | None = None
    yearly_limit: int | None = None


@strawberry.input
class UpdateRedemptionGoodInput:
    name: str | None = None
    description: str | None = None
    price: int | None = None
    active: bool | None = None
    yearly_limit: int | None = strawberry.UNSET


@strawberry.type
class CatalogueQuery:
    redemption_goods = list_field(
        resolvers.redemption.catalogue.redemption_goods,
        RedemptionGoodFilter,
        RedemptionGoodOrder.ID,
        RedemptionGood,
        layout=PAGE_FIRST,
    )

    @strawberry.field
    async def redemption_window(self, info: Info, community_id: strawberry.ID) -> RedemptionWindow:
        state = await resolvers.redemption.catalogue.redemption_window(
            info.context, org_node_pk(community_id, "communityId")
        )
        return RedemptionWindow(state=state)


@strawberry.type
class CatalogueMutation:
    @strawberry.mutation
    async def create_redemption_good(
        self, info: Info, input: CreateRedemptionGoodInput
    ) -> RedemptionGoodPayload:
        return await RedemptionGoodPayload.mutate(
            lambda: resolvers.redemption.catalogue.create_redemption_good(
                info.context,
                resolvers.redemption.catalogue.NewGood(
                    community_id=org_node_pk(input.community_id, "communityId"),
                    name=input.name,
                    price=input.price,
                    stock=input.stock,
                    description=input.description,
                    yearly_limit=input.yearly_limit,
                ),
            )
        )

    @strawberry.mutation
    async def update_redemption_good(
        self, info: Info, id: strawberry.ID, input: UpdateRedemptionGoodInput
    ) -> RedemptionGoodPayload:
        limit_given = input.yearly_limit is not strawberry.UNSET
        return await RedemptionGoodPayload.mutate(
            lambda: resolvers.redemption.catalogue.update_redemption_good(
                info.context,
                redemption_good_pk(id),
                resolvers.redemption.catalogue.GoodChanges(
                    name=input.name,
                    description=input.description,
                    price=input.price,
                    active=input.active,
                    yearly_limit=input.yearly_limit if limit_given else None,
                    set_yearly_limit=limit_given,
                ),
            )
        )

    @strawberry.mutation
    async def adjust_redemption_stock(
        self, info: Info, id: strawberry.ID, delta: int, reason: str
    ) -> RedemptionGoodPayload:
        return await RedemptionGoodPayload.mutate(
            lambda: resolvers.redemption.catalogue.adjust_redemption_stock(
                info.context, redemption_good_pk(id), delta, reason
            )
        )

    @strawberry.mutation
    async def set_redemption_window(
        self,
        info: Info,
        community_id: strawberry.ID,
        opens: str | None = None,
        closes: str | None = None,
    ) -> RedemptionWindowPayload:
        return await RedemptionWindowPayload.mutate(
            lambda: resolvers.redemption.catalogue.set_redemption_window(
                info.context, org_node_pk(community_id, "communityId"), opens, closes
            )
        )
