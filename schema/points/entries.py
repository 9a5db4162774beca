"""The points ledger (积分台账): entries, balances, a resident's own points, and recording."""

from datetime import date, datetime
from enum import Enum

import strawberry

import models
import resolvers.points.reading
import resolvers.points.recording
from models.workflows.points import Period
from resolvers.ids import encode_global_id
from resolvers.points.reading import Balance, EntryFilter, MyPoints
from schema.ids import IdOf
from schema.info import Info
from schema.inputs import decoded
from schema.mutations import Payload
from schema.org import OrgNode, OrgNodeId, anchor_node, org_node_pk
from schema.paging import Paging, list_field, paged
from schema.people.types import (
    HouseholdId,
    Resident,
    ResidentId,
    household_pk,
    resident_of,
    resident_pk,
)
from schema.points.rules import PointRule, PointRuleId, rule_pk
from schema.relay import (
    Connection,
    Node,
    to_connection,
)
from schema.rows import FromModel, same_fields
from schema.users import UserId, user_pk

entry_pk = IdOf("PointEntry", "entryId")


@strawberry.enum
class PointsPeriod(Enum):
    WEEK = "WEEK"
    MONTH = "MONTH"
    QUARTER = "QUARTER"
    YEAR = "YEAR"

    @property
    def period(self) -> Period:
        return Period(self.value)


@strawberry.enum
class PointEntryOrder(Enum):
    ID = "ID"
    AT_DESC = "AT_DESC"
    AT_ASC = "AT_ASC"


@strawberry.type
class PointEntry(Node, FromModel[models.PointEntry]):
    row: strawberry.Private[models.PointEntry]
    id: strawberry.ID
    kind: models.PointKind
    amount: int
    reason: str
    source: models.PointSource
    at: datetime

    @strawberry.field
    def household_id(self) -> strawberry.ID | None:
        pk = self.row.household_id
        return strawberry.ID(encode_global_id("Household", pk)) if pk else None

    @strawberry.field
    def user_id(self) -> strawberry.ID | None:
        pk = self.row.user_id
        return strawberry.ID(encode_global_id("User", pk)) if pk else None

    @strawberry.field
    def reverses_id(self) -> strawberry.ID | None:
        pk = self.row.reverses_id
        return strawberry.ID(encode_global_id("PointEntry", pk)) if pk else None

    @strawberry.field
    async def resident(self, info: Info) -> Resident | None:
        return await resident_of(info, self.row.resident_id)

    @strawberry.field
    async def node(self, info: Info) -> OrgNode:
        return await anchor_node(info, self.row.node_id)

    @strawberry.field
    async def rule(self, info: Info) -> PointRule | None:
        if self.row.rule_id is None:
            return None
        row = await info.context.loaders.point_rule_by_id.load(self.row.rule_id)
        return PointRule.from_model(row) if row is not None else None


@strawberry.type
class PointEntryPayload(Payload[models.PointEntry], result=PointEntry.from_model):
    entry: PointEntry | None = None


@strawberry.type
class PointBalance:
    total: int
    this_week: int
    this_month: int

    @classmethod
    def of(cls, balance: Balance) -> "PointBalance":
        return same_fields(balance, cls)


@strawberry.type
class MyPointsResult:
    mine: strawberry.Private[MyPoints]
    balance: PointBalance
    household_total: int
    duty: PointBalance

    @strawberry.field
    def resident_id(self) -> strawberry.ID | None:
        row = self.mine.resident
        return strawberry.ID(encode_global_id("Resident", row.id)) if row else None

    @strawberry.field
    @paged(PointEntryOrder.AT_DESC, "first after order_by last before")
    async def entries(
        self, info: Info, paging: Paging[None, PointEntryOrder]
    ) -> Connection[PointEntry]:
        page = await resolvers.points.reading.my_point_entries(
            info.context, paging.order, paging.window
        )
        return to_connection(page, PointEntry.from_model)


@strawberry.input
class PointEntryFilter:
    node_id: OrgNodeId | None = None
    resident_id: ResidentId | None = None
    household_id: HouseholdId | None = None
    user_id: UserId | None = None
    kind: models.PointKind | None = None
    source: models.PointSource | None = None
    rule_id: PointRuleId | None = None
    period: PointsPeriod | None = None
    day: date | None = None

    def to_filter(self) -> EntryFilter:
        return decoded(self, EntryFilter, period=self.period.period if self.period else None)


@strawberry.input
class RecordPointsInput:
    resident_id: strawberry.ID
    rule_id: strawberry.ID
    reason: str
    amount: int | None = None


@strawberry.input
class RecordDutyPointsInput:
    user_id: strawberry.ID
    node_id: strawberry.ID
    rule_id: strawberry.ID
    reason: str
    amount: int | None = None


@strawberry.type
class PointEntriesQuery:
    point_entries = list_field(
        resolvers.points.reading.point_entries,
        PointEntryFilter,
        PointEntryOrder.AT_DESC,
        PointEntry,
    )

    @strawberry.field
    async def point_balance(
        self,
        info: Info,
        resident_id: strawberry.ID | None = None,
        household_id: strawberry.ID | None = None,
        user_id: strawberry.ID | None = None,
    ) -> PointBalance:
        balance = await resolvers.points.reading.point_balance(
            info.context,
            resident_pk.optional(resident_id, "residentId"),
            household_pk.optional(household_id, "householdId"),
            user_pk.optional(user_id, "userId"),
        )
        return PointBalance.of(balance)

    @strawberry.field
    async def my_points(self, info: Info) -> MyPointsResult:
        mine = await resolvers.points.reading.my_points(info.context)
        return MyPointsResult(
            mine=mine,
            balance=PointBalance.of(mine.balance),
            household_total=mine.household_total,
            duty=PointBalance.of(mine.duty),
        )


@strawberry.type
class PointEntriesMutation:
    @strawberry.mutation
    async def record_points(self, info: Info, input: RecordPointsInput) -> PointEntryPayload:
        return await PointEntryPayload.mutate(
            lambda: resolvers.points.recording.record_points(
                info.context,
                resident_pk(input.resident_id, "residentId"),
                rule_pk(input.rule_id, "ruleId"),
                input.amount,
                input.reason,
            )
        )

    @strawberry.mutation
    async def record_duty_points(
        self, info: Info, input: RecordDutyPointsInput
    ) -> PointEntryPayload:
        return await PointEntryPayload.mutate(
            lambda: resolvers.points.recording.record_duty_points(
                info.context,
                user_pk(input.user_id, "userId"),
                org_node_pk(input.node_id, "nodeId"),
                rule_pk(input.rule_id, "ruleId"),
                input.amount,
                input.reason,
            )
        )

    @strawberry.mutation
    async def correct_point_entry(
        self, info: Info, entry_id: strawberry.ID, reason: str
    ) -> PointEntryPayload:
        return await PointEntryPayload.mutate(
            lambda: resolvers.points.recording.correct_point_entry(
                info.context, entry_pk(entry_id, "entryId"), reason
            )
        )
