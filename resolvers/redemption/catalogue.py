"""A community's catalogue of goods (兑换物品), their stock and the yearly redemption window."""

from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

import models
from models.workflows import redemption as workflow
from policies.actions import Action
from policies.redemption import may_browse_community, readable_communities_filter
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.cursors import Key, by
from resolvers.errors import Conflict, Forbidden, NotFound
from resolvers.filters import listed, narrows, searches
from resolvers.messages import Noun
from resolvers.org import get_org_node, node_to_act_on
from resolvers.pagination import Page, Window, paginate
from resolvers.redemption import rules
from resolvers.scoping import Readable
from resolvers.text import clean_text
from resolvers.validation import today

MAX_NAME = 100
MAX_DESCRIPTION = 500
MAX_REASON = 200
PRICE = Key("price", int)
GOOD_ORDER = {
    "ID": by("RedemptionGood.ID"),
    "NAME": by("RedemptionGood.NAME", Key("name", str)),
    "PRICE_ASC": by("RedemptionGood.PRICE_ASC", PRICE),
    "PRICE_DESC": by("RedemptionGood.PRICE_DESC", PRICE, descending=True),
    "CREATED_DESC": by("RedemptionGood.CREATED_DESC", Key("created_at", datetime), descending=True),
}


GOODS = Readable(models.RedemptionGood, readable_communities_filter, "redemption.no_good")
# The name `node(id:)` (schema/node.py) calls.
get_good = GOODS.get


async def browsable_community(ctx: Context, pk: int, field: str) -> models.OrgNode:
    """A community whose catalogue the viewer reads; any other node looks missing."""
    node = await get_org_node(ctx, pk)
    if (
        node is None
        or node.level is not models.OrgLevel.COMMUNITY
        or not may_browse_community(ctx.viewer, node.path)
    ):
        raise NotFound("org.no_such", field=field, what=Noun("community"))
    return node


@dataclass(frozen=True)
class GoodFilter:
    community_id: int | None = narrows("community_id")
    search: str | None = searches("name")
    active: bool | None = narrows("active")
    in_stock: bool | None = None
    max_price: int | None = narrows("price__lte")


async def redemption_goods(
    ctx: Context, where: GoodFilter, order: str, window: Window
) -> Page[models.RedemptionGood]:
    if where.community_id is not None:
        await browsable_community(ctx, where.community_id, "communityId")
    query = await listed(ctx, GOODS.rows, where)
    if where.in_stock is not None:
        query = query.filter(stock__gt=0) if where.in_stock else query.filter(stock=0)
    return await paginate(query, GOOD_ORDER[order], window)


async def _community_to_configure(ctx: Context, pk: int) -> models.OrgNode:
    return await node_to_act_on(
        ctx, pk, "communityId", may=Action.REDEMPTION_CONFIGURE,
        refused="redemption.may_not_configure", level=models.OrgLevel.COMMUNITY,
    )  # fmt: skip


async def _good_to_configure(ctx: Context, pk: int) -> models.RedemptionGood:
    require_user(ctx)
    if not ctx.viewer.has_any(Action.REDEMPTION_CONFIGURE):
        raise Forbidden("redemption.may_not_configure", field="id")
    good = await GOODS.require(ctx, pk)
    if not ctx.viewer.can(Action.REDEMPTION_CONFIGURE, good.node_path):
        raise Forbidden("redemption.may_not_configure", field="id")
    audit.before(ctx, good)
    return good


def _description(text: str | None) -> str:
    if text is None:
        return ""
    return clean_text(
        text, "description", limit=MAX_DESCRIPTION, what="A description", required=False,
        multiline=True,
    )  # fmt: skip


@dataclass(frozen=True)
class NewGood:
    community_id: int
    name: str
    price: int
    stock: int
    description: str | None = None
    yearly_limit: int | None = None


async def create_redemption_good(ctx: Context, new: NewGood) -> models.RedemptionGood:
    user = require_user(ctx)
    community = await _community_to_configure(ctx, new.community_id)
    name = clean_text(new.name, "name", limit=MAX_NAME, what="A goods name")
    description = _description(new.description)
    with rules():
        workflow.check_price(new.price)
        workflow.check_stock(new.stock)
        workflow.check_yearly_limit(new.yearly_limit)
    try:  # the unique index decides (a check first would race a concurrent create)
        good = await models.RedemptionGood.create(
            community_id=community.id, node_path=community.path, name=name,
            description=description, price=new.price, stock=new.stock,
            yearly_limit=new.yearly_limit, created_by_id=user.id,
        )  # fmt: skip
    except IntegrityError as error:
        raise Conflict("redemption.name_taken", field="name") from error
    if new.stock:
        await _record_stock_change(ctx, good.id, new.stock, new.stock, "")
    return good


@dataclass(frozen=True)
class GoodChanges:
    """What `updateRedemptionGood` changes: None leaves a field; `set_yearly_limit` says
    whether `yearly_limit` (None: no limit) is given."""

    name: str | None = None
    description: str | None = None
    price: int | None = None
    active: bool | None = None
    yearly_limit: int | None = None
    set_yearly_limit: bool = False


async def update_redemption_good(
    ctx: Context, pk: int, changes: GoodChanges
) -> models.RedemptionGood:
    good = await _good_to_configure(ctx, pk)
    if changes.name is not None:
        good.name = clean_text(changes.name, "name", limit=MAX_NAME, what="A goods name")
    if changes.description is not None:
        good.description = _description(changes.description)
    with rules():
        if changes.price is not None:
            workflow.check_price(changes.price)
            good.price = changes.price
        if changes.set_yearly_limit:
            workflow.check_yearly_limit(changes.yearly_limit)
            good.yearly_limit = changes.yearly_limit
    if changes.active is not None:
        good.active = changes.active
    try:
        # Not the stock: it moves only by conditional updates (adjustRedemptionStock, redeeming).
        await good.save(
            update_fields=["name", "description", "price", "active", "yearly_limit", "updated_at"]
        )
    except IntegrityError as error:
        raise Conflict("redemption.name_taken", field="name") from error
    return await models.RedemptionGood.get(id=good.id)


async def adjust_redemption_stock(
    ctx: Context, pk: int, delta: int, reason: str
) -> models.RedemptionGood:
    """Restock (delta > 0) or write off (delta < 0): one conditional UPDATE, so the stock
    never goes below zero whatever runs at the same time."""
    require_user(ctx)
    good = await _good_to_configure(ctx, pk)
    reason = clean_text(reason, "reason", limit=MAX_REASON, what="A reason")
    with rules():
        workflow.check_stock_change(delta, good.stock)  # as read; the UPDATE decides
    changed = await models.RedemptionGood.filter(
        id=good.id, stock__gte=max(-delta, 0), stock__lte=workflow.MAX_STOCK - max(delta, 0)
    ).update(stock=F("stock") + delta, updated_at=datetime.now(UTC))
    current = await models.RedemptionGood.get(id=good.id)
    if not changed:
        with rules():  # says why, from the stock as it is now
            workflow.check_stock_change(delta, current.stock)
        raise Conflict("redemption.changed", field="delta")
    await _record_stock_change(ctx, good.id, delta, current.stock, reason)
    return current


async def _record_stock_change(
    ctx: Context, good_id: int, delta: int, stock_after: int, reason: str
) -> None:
    """The stock ledger's line (库存流水) for a change of `delta`, by the viewer, now."""
    change = await models.StockChange.create(
        good_id=good_id, delta=delta, stock_after=stock_after, reason=reason,
        recorded_by_id=ctx.viewer.user_id, at=datetime.now(UTC),
    )  # fmt: skip
    audit.touched(ctx, change)


# ------------------------------------------------------------------ the yearly window


@dataclass(frozen=True)
class WindowState:
    """A community's redemption window (None: all year)."""

    community: models.OrgNode
    window: workflow.Window | None

    @property
    def open_today(self) -> bool:
        return self.window is None or self.window.holds(today())


def rule_of(row: models.RedemptionWindow | None) -> workflow.Window | None:
    if row is None:
        return None
    return workflow.Window(
        workflow.MonthDay(row.opens_month, row.opens_day),
        workflow.MonthDay(row.closes_month, row.closes_day),
    )


async def window_of(community_id: int) -> workflow.Window | None:
    return rule_of(await models.RedemptionWindow.get_or_none(community_id=community_id))


async def redemption_window(ctx: Context, community_id: int) -> WindowState:
    require_user(ctx)
    community = await browsable_community(ctx, community_id, "communityId")
    return WindowState(community, await window_of(community.id))


async def set_redemption_window(
    ctx: Context, community_id: int, opens: str | None, closes: str | None
) -> WindowState:
    community = await _community_to_configure(ctx, community_id)
    with rules():
        window = workflow.window_of(opens, closes)
    current = await models.RedemptionWindow.get_or_none(community_id=community.id)
    if current is not None:
        audit.before(ctx, current)
    if window is None:
        await models.RedemptionWindow.filter(community_id=community.id).delete()
        audit.note(ctx, "window", "all year")
    else:
        values = {
            "opens_month": window.opens.month, "opens_day": window.opens.day,
            "closes_month": window.closes.month, "closes_day": window.closes.day,
        }  # fmt: skip
        row, _ = await models.RedemptionWindow.update_or_create(
            defaults=values, community_id=community.id
        )
        audit.touched(ctx, row)
    return WindowState(community, window)
