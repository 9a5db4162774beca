"""Redemption (兑换) of volunteer points and dividends (分红): "一年一兑换".

Each community keeps a catalogue of goods (兑换物品) with a price in points and a stock;
a resident spends points on them (a REDEMPTION entry of the ledger, models/points.py) within
the community's yearly window. A cooperative's income is shared out by points (按合作社收入
进行分红): money, in fen, per household; no points are spent on it.
"""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.fields.base import CASCADE, RESTRICT
from tortoise.models import Model

from models.base import IdMixin, TimestampMixin, fk, nullable_fk

if TYPE_CHECKING:
    from models.org import OrgNode
    from models.people import Household, Resident
    from models.points import PointEntry
    from models.users import User


class RedemptionStatus(StrEnum):
    REDEEMED = "REDEEMED"  # 已兑换: points spent, goods handed over
    CANCELLED = "CANCELLED"  # 已撤销: points and stock given back


class RedemptionGood(IdMixin, TimestampMixin, Model):
    """Goods of a community's catalogue (兑换物品): a price in points and a stock that never
    goes below zero (a conditional UPDATE takes from it, and on PostgreSQL a CHECK)."""

    community: fields.ForeignKeyRelation["OrgNode"] = fk("OrgNode", "redemption_goods", RESTRICT)
    community_id: int
    # The community's path, copied for the scope filter (see Case.node_path).
    node_path = fields.CharField(max_length=255, default="", db_default="")
    name = fields.CharField(max_length=100)
    description = fields.CharField(max_length=500, default="")
    price = fields.IntField()
    stock = fields.IntField(default=0)
    active = fields.BooleanField(default=True)
    # The most one resident may redeem of it in a calendar year (None: no limit).
    yearly_limit = fields.IntField(null=True)
    created_by: fields.ForeignKeyNullableRelation["User"] = nullable_fk("User", "goods_created")
    created_by_id: int | None

    class Meta:
        table = "redemption_good"
        unique_together = (("community", "name"),)


class StockChange(IdMixin, Model):
    """A change of a good's stock by hand (stocked at creation, restocked, written off), with
    the stock after it. Redemptions and their cancellations are their own record."""

    good: fields.ForeignKeyRelation[RedemptionGood] = fk("RedemptionGood", "stock_changes", CASCADE)
    good_id: int
    delta = fields.IntField()
    stock_after = fields.IntField()
    reason = fields.CharField(max_length=200)
    recorded_by: fields.ForeignKeyNullableRelation["User"] = nullable_fk("User", "stock_changes")
    recorded_by_id: int | None
    at = fields.DatetimeField()

    class Meta:
        table = "redemption_stock_change"


class RedemptionWindow(IdMixin, Model):
    """When in the year a community's residents redeem ("一年一兑换"): from `opens` to `closes`
    (month and day, both inclusive, China time), possibly over the new year. A community
    without a row redeems all year."""

    community: fields.OneToOneRelation["OrgNode"] = fields.OneToOneField(
        "models.OrgNode", related_name="redemption_window", on_delete=RESTRICT
    )
    community_id: int
    opens_month = fields.SmallIntField()
    opens_day = fields.SmallIntField()
    closes_month = fields.SmallIntField()
    closes_day = fields.SmallIntField()
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "redemption_window"


class Redemption(IdMixin, Model):
    """A resident's redemption of goods: the points it cost are one REDEMPTION entry of the
    ledger (`entry`), written in the same transaction. A cancellation reverses that entry
    (`reversal`, a CORRECTION) and puts the stock back."""

    good: fields.ForeignKeyRelation[RedemptionGood] = fk("RedemptionGood", "redemptions", RESTRICT)
    good_id: int
    community: fields.ForeignKeyRelation["OrgNode"] = fk(
        "OrgNode", "community_redemptions", RESTRICT
    )
    community_id: int
    resident: fields.ForeignKeyRelation["Resident"] = fk("Resident", "redemptions", RESTRICT)
    resident_id: int
    household: fields.ForeignKeyRelation["Household"] = fk("Household", "redemptions", RESTRICT)
    household_id: int
    # The resident's building then, and its path copied for the scope filter.
    building: fields.ForeignKeyRelation["OrgNode"] = fk("OrgNode", "redemptions", RESTRICT)
    building_id: int
    node_path = fields.CharField(max_length=255, default="", db_default="")
    good_name = fields.CharField(max_length=100)
    quantity = fields.IntField()
    unit_price = fields.IntField()
    points = fields.IntField()
    status = fields.CharEnumField(
        RedemptionStatus, max_length=16, default=RedemptionStatus.REDEEMED
    )
    entry: fields.ForeignKeyNullableRelation["PointEntry"] = nullable_fk(
        "PointEntry", "redemptions", RESTRICT
    )
    entry_id: int | None
    reversal: fields.ForeignKeyNullableRelation["PointEntry"] = nullable_fk(
        "PointEntry", "redemption_reversals", RESTRICT
    )
    reversal_id: int | None
    redeemed_at = fields.DatetimeField()
    recorded_by: fields.ForeignKeyNullableRelation["User"] = nullable_fk(
        "User", "redemptions_recorded"
    )
    recorded_by_id: int | None
    cancelled_at = fields.DatetimeField(null=True)
    cancelled_by: fields.ForeignKeyNullableRelation["User"] = nullable_fk(
        "User", "redemptions_cancelled"
    )
    cancelled_by_id: int | None
    cancel_reason = fields.CharField(max_length=200, default="")

    class Meta:
        table = "redemption"


class DividendDistribution(IdMixin, Model):
    """A cooperative's income for a period shared among the community's households by their
    volunteer points in the period (按合作社收入进行分红). Money, in fen: no points are spent."""

    community: fields.ForeignKeyRelation["OrgNode"] = fk("OrgNode", "dividends", RESTRICT)
    community_id: int
    node_path = fields.CharField(max_length=255, default="", db_default="")
    cooperative = fields.CharField(max_length=100)
    income_fen = fields.BigIntField()
    period_start = fields.DateField()
    period_end = fields.DateField()
    total_points = fields.IntField()
    note = fields.CharField(max_length=500, default="")
    recorded_by: fields.ForeignKeyNullableRelation["User"] = nullable_fk("User", "dividends")
    recorded_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "dividend"


class DividendLine(IdMixin, Model):
    """One household's share of a distribution: its points and its money (fen)."""

    distribution: fields.ForeignKeyRelation[DividendDistribution] = fk(
        "DividendDistribution", "lines", CASCADE
    )
    distribution_id: int
    household: fields.ForeignKeyRelation["Household"] = fk("Household", "dividend_lines", RESTRICT)
    household_id: int
    building: fields.ForeignKeyRelation["OrgNode"] = fk("OrgNode", "dividend_lines", RESTRICT)
    building_id: int
    building_path = fields.CharField(max_length=255, default="", db_default="")
    points = fields.IntField()
    amount_fen = fields.BigIntField()

    class Meta:
        table = "dividend_line"
        unique_together = (("distribution", "household"),)
