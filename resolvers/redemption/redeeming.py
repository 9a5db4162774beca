"""Redeeming goods (兑换) and cancelling a redemption, and the redemptions list.

A redemption and its ledger entry are written in the mutation's one transaction. Two locks
keep the invariants under concurrent requests, always taken in this order (so two requests
never wait on each other in a circle): the resident's ledger lock (`ledger.lock`, a
transaction-level advisory lock on PostgreSQL), under which the balance and the yearly limit
are checked and the entry is written, then the good's row, taken by the conditional UPDATE
`stock = stock - n WHERE stock >= n`.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.expressions import F
from tortoise.functions import Sum
from tortoise.queryset import QuerySet

import models
from models.workflows import points as ledger_rules
from models.workflows import redemption as workflow
from policies.actions import Action
from policies.redemption import (
    may_cancel_redemption,
    may_redeem_anywhere,
    may_redeem_for,
    readable_redemptions_filter,
)
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.cursors import Key, by
from resolvers.errors import Conflict, Forbidden, Invalid, InvalidTransition
from resolvers.filters import listed, narrows, within
from resolvers.pagination import Page, Window, paginate
from resolvers.people.residents import get_resident, households_of
from resolvers.points import ledger
from resolvers.redemption import rules
from resolvers.redemption.catalogue import GOODS, window_of
from resolvers.scoping import Readable, found
from resolvers.text import clean_text
from resolvers.validation import today

REDEEMED_AT = Key("redeemed_at", datetime)
REDEMPTION_ORDER = {
    "ID": by("Redemption.ID"),
    "REDEEMED_DESC": by("Redemption.REDEEMED_DESC", REDEEMED_AT, descending=True),
    "REDEEMED_ASC": by("Redemption.REDEEMED_ASC", REDEEMED_AT),
}


REDEMPTIONS = Readable(models.Redemption, readable_redemptions_filter)
# The name `node(id:)` (schema/node.py) calls.
get_redemption = REDEMPTIONS.get


@dataclass(frozen=True)
class RedemptionFilter:
    node_id: int | None = within("node_path")
    good_id: int | None = narrows("good_id")
    resident_id: int | None = narrows("resident_id")
    household_id: int | None = narrows("household_id")
    status: models.RedemptionStatus | None = narrows("status")
    redeemed_after: datetime | None = narrows("redeemed_at__gte")
    redeemed_before: datetime | None = narrows("redeemed_at__lt")


async def filtered_redemptions(
    ctx: Context, where: RedemptionFilter
) -> QuerySet[models.Redemption]:
    """The `redemptions` list's rows (and the export's): scoped, then filtered."""
    return await listed(ctx, REDEMPTIONS.rows, where)


async def redemptions(
    ctx: Context, where: RedemptionFilter, order: str, window: Window
) -> Page[models.Redemption]:
    query = await filtered_redemptions(ctx, where)
    return await paginate(query, REDEMPTION_ORDER[order], window)


async def _resident_for(ctx: Context, resident_id: int | None) -> models.Resident:
    """The resident who redeems: the one named, or the viewer's own (their linked resident)."""
    if resident_id is None:
        own = await models.Resident.filter(user_id=ctx.viewer.user_id or 0, active=True)
        if len(own) != 1:
            raise Invalid("redemption.which_resident", field="residentId")
        resident_id = own[0].id
    return found(await get_resident(ctx, resident_id), "people.no_resident", "residentId")


async def _already_this_year(resident_id: int, good_id: int) -> int:
    start, end = ledger_rules.bounds(ledger_rules.Period.YEAR, today())
    row = (
        await models.Redemption.filter(
            resident_id=resident_id,
            good_id=good_id,
            status=models.RedemptionStatus.REDEEMED,
            redeemed_at__gte=start,
            redeemed_at__lt=end,
        )
        .annotate(total=Sum("quantity"))
        .first()
        .values("total")
    )
    return int((row or {}).get("total") or 0)


async def redeem_goods(
    ctx: Context, good_id: int, resident_id: int | None, quantity: int
) -> models.Redemption:
    user = require_user(ctx)
    if not may_redeem_anywhere(ctx.viewer):  # before anything is looked up
        raise Forbidden("redemption.may_not_redeem", field="residentId")
    resident = await _resident_for(ctx, resident_id)
    household = resident.household
    building = household.building
    if not may_redeem_for(ctx.viewer, resident.user_id, building.path):
        raise Forbidden("redemption.may_not_redeem", field="residentId")
    if not (resident.active and household.active):
        raise Invalid("redemption.resident_inactive", field="residentId")
    good = await GOODS.require(ctx, good_id, "goodId")
    if not building.path.startswith(good.node_path):
        raise Invalid("redemption.other_community", field="goodId")
    with rules():
        workflow.check_redeemable(good.active)
        points = workflow.cost(good.price, quantity)
        workflow.check_window(await window_of(good.community_id), today())
    owner = ledger.Owner.resident(resident.id)
    await ledger.lock(owner)
    if good.yearly_limit is not None:
        already = await _already_this_year(resident.id, good.id)
        with rules():
            workflow.check_yearly(good.yearly_limit, already, quantity)
    if await ledger.balance(owner) < points:  # early, before the good's row is locked
        raise Invalid("points.insufficient_balance", field="quantity")
    audit.before(ctx, good)
    now = datetime.now(UTC)
    taken = await models.RedemptionGood.filter(
        id=good.id, stock__gte=quantity, active=True, price=good.price
    ).update(stock=F("stock") - quantity, updated_at=now)
    if not taken:
        current = await models.RedemptionGood.get(id=good.id)
        if current.stock < quantity:
            raise Invalid("redemption.out_of_stock", field="quantity")
        raise Conflict("redemption.changed", field="goodId")
    redemption = await models.Redemption.create(
        good_id=good.id, community_id=good.community_id, resident_id=resident.id,
        household_id=household.id, building_id=building.id, node_path=building.path,
        good_name=good.name, quantity=quantity, unit_price=good.price, points=points,
        redeemed_at=now, recorded_by_id=user.id,
    )  # fmt: skip
    entry = await ledger.append(
        owner, amount=-points, source=models.PointSource.REDEMPTION, source_id=redemption.id,
        reason=f"兑换 {good.name} x{quantity}", node=building, at=now,
        recorded_by_id=user.id, household_id=household.id, spend_from_balance=True,
    )  # fmt: skip
    redemption.entry_id = entry.id
    await redemption.save(update_fields=["entry_id"])
    audit.touched(ctx, entry)
    return redemption


async def cancel_redemption(ctx: Context, pk: int, reason: str) -> models.Redemption:
    """Points back (a CORRECTION reversing the redemption's entry) and stock back, once."""
    user = require_user(ctx)
    if not ctx.viewer.has_any(Action.REDEMPTION_CANCEL):  # before anything is looked up
        raise Forbidden("redemption.may_not_cancel", field="id")
    redemption = found(await get_redemption(ctx, pk), "redemption.no_redemption", "id")
    resident = await models.Resident.get(id=redemption.resident_id)
    if not may_cancel_redemption(
        ctx.viewer, resident.user_id, redemption.node_path,
        household_id=redemption.household_id, own_household_ids=await households_of(user.id),
    ):  # fmt: skip
        raise Forbidden("redemption.may_not_cancel", field="id")
    reason = clean_text(reason, "reason", limit=200, what="A reason")
    with rules():
        workflow.check_cancel(redemption.status)
    owner = ledger.Owner.resident(redemption.resident_id)
    await ledger.lock(owner)
    audit.before(ctx, redemption)
    now = datetime.now(UTC)
    # Conditional: of two cancellations at once, the second changes nothing and is refused.
    cancelled = await models.Redemption.filter(
        id=redemption.id, status=models.RedemptionStatus.REDEEMED
    ).update(
        status=models.RedemptionStatus.CANCELLED, cancelled_at=now, cancelled_by_id=user.id,
        cancel_reason=reason,
    )  # fmt: skip
    if not cancelled:
        raise InvalidTransition(
            "redemption.not_cancellable", field="id", status=models.RedemptionStatus.CANCELLED
        )
    building = await models.OrgNode.get(id=redemption.building_id)
    reversal = await ledger.append(
        owner, amount=redemption.points, source=models.PointSource.CORRECTION,
        source_id=redemption.id, reason=f"撤销兑换 {redemption.good_name}：{reason}",
        node=building, at=now, recorded_by_id=user.id, household_id=redemption.household_id,
        reverses_id=redemption.entry_id,
    )  # fmt: skip
    await models.Redemption.filter(id=redemption.id).update(reversal_id=reversal.id)
    good = await models.RedemptionGood.get(id=redemption.good_id)
    audit.before(ctx, good)
    await models.RedemptionGood.filter(id=good.id).update(
        stock=F("stock") + redemption.quantity, updated_at=now
    )
    audit.touched(ctx, reversal)
    return await models.Redemption.get(id=redemption.id)
