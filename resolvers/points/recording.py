"""Recording points (一事一记录): a leader's entry for a resident by a rule of the resident's
community, a community's duty points for a cadre, and the correction that reverses an entry.

Every entry goes through `ledger.append` (amount, caps, balance, the owner's lock). Nobody
records points for themselves or their own household (`policies.rules.credits_self`).
"""

from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError

import models
from models.workflows import points as ledger_rules
from policies.actions import Action
from policies.points import cadre_grants_filter, recordable_residents_filter
from policies.rules import credits_self
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import Conflict, Forbidden, Invalid, NotFound
from resolvers.org import node_to_act_on
from resolvers.points import ledger
from resolvers.points.reading import ENTRIES
from resolvers.points.rules import get_point_rule, refusing
from resolvers.scoping import found
from resolvers.text import clean_text

MAX_REASON = 200


def now() -> datetime:
    return datetime.now(UTC)


def _reason(reason: str) -> str:
    return clean_text(reason, "reason", limit=MAX_REASON, what="A reason")


async def _own_household_ids(user_id: int) -> set[int]:
    rows = await models.Resident.filter(user_id=user_id).values("household_id")
    return {int(row["household_id"]) for row in rows}


async def _rule_for(
    ctx: Context, rule_id: int, community_id: int | None, kind: models.PointKind
) -> models.PointRule:
    """A current rule of `community_id` for `kind` of points."""
    rule = found(await get_point_rule(ctx, rule_id), "points.no_rule", "ruleId")
    if rule.node_id != community_id or not rule.current:
        raise Invalid("points.rule_elsewhere", field="ruleId")
    if rule.kind is not kind:
        raise Invalid("points.rule_kind", field="ruleId")
    return rule


def _amount(rule: models.PointRule, requested: int | None) -> int:
    with refusing():
        return ledger_rules.entry_amount(rule.points, rule.variable, requested)


def _community_of(path: str) -> int | None:
    ids = models.path_ids(path)
    return ids[1] if len(ids) > 1 else None


async def record_points(
    ctx: Context, resident_id: int, rule_id: int, amount: int | None, reason: str
) -> models.PointEntry:
    user = require_user(ctx)
    if not ctx.viewer.has_any(Action.POINTS_RECORD):
        raise Forbidden("points.may_not_record", field="residentId")
    scope = recordable_residents_filter(ctx.viewer)
    residents = models.Resident.filter(id=resident_id, active=True)
    resident = (
        await (residents if scope is None else residents.filter(scope))
        .select_related("household__building")
        .first()
    )
    if resident is None:  # outside the viewer's buildings looks exactly like missing
        raise NotFound("points.no_resident", field="residentId")
    building = resident.household.building
    if not ctx.viewer.can(Action.POINTS_RECORD, building.path):
        raise NotFound("points.no_resident", field="residentId")
    if credits_self(
        recorder_id=user.id,
        own_household_ids=await _own_household_ids(user.id),
        owner_user_id=resident.user_id,
        owner_household_id=resident.household_id,
    ):
        raise Forbidden("points.self", field="residentId")
    rule = await _rule_for(ctx, rule_id, _community_of(building.path), models.PointKind.VOLUNTEER)
    return await ledger.append(
        ledger.Owner.resident(resident.id),
        amount=_amount(rule, amount),
        source=models.PointSource.MANUAL,
        reason=_reason(reason),
        node=building,
        at=now(),
        recorded_by_id=user.id,
        rule=rule,
        household_id=resident.household_id,
    )


async def record_duty_points(
    ctx: Context, user_id: int, node_id: int, rule_id: int, amount: int | None, reason: str
) -> models.PointEntry:
    """Duty points (履职积分) for a cadre holding a staff role in the recorder's scope, at the
    node where the duty was done, by a duty rule of that node's community."""
    me = require_user(ctx)
    node = await node_to_act_on(
        ctx, node_id, "nodeId", may=Action.POINTS_RECORD_DUTY, refused="points.may_not_record"
    )
    scope = cadre_grants_filter(ctx.viewer)
    grants = models.RoleGrant.filter(user_id=user_id, revoked_at__isnull=True).exclude(
        role=models.Role.RESIDENT
    )
    if scope is not None:
        grants = grants.filter(scope)
    if not await grants.exists():
        raise NotFound("points.no_user", field="userId")
    if credits_self(
        recorder_id=me.id, own_household_ids=(), owner_user_id=user_id, owner_household_id=None
    ):
        raise Forbidden("points.self", field="userId")
    rule = await _rule_for(ctx, rule_id, _community_of(node.path), models.PointKind.DUTY)
    return await ledger.append(
        ledger.Owner.user(user_id),
        amount=_amount(rule, amount),
        source=models.PointSource.MANUAL,
        reason=_reason(reason),
        node=node,
        at=now(),
        recorded_by_id=me.id,
        rule=rule,
    )


async def correct_point_entry(ctx: Context, entry_id: int, reason: str) -> models.PointEntry:
    """The entry that reverses `entry_id` (更正), once. It counts in the period of the entry it
    reverses (same `at`), so that period's totals and rankings net out; published notices,
    frozen, do not change. Points already spent cannot be corrected away (no negative balance)."""
    me = require_user(ctx)
    entry = await ENTRIES.require(ctx, entry_id)
    if not ctx.viewer.can(Action.POINTS_CORRECT, entry.node_path):
        raise Forbidden("points.may_not_correct", field="entryId")
    with refusing():
        ledger_rules.check_correctable(entry.source, entry.amount)
    if await models.PointEntry.exists(reverses_id=entry.id):
        raise Conflict("points.already_corrected", field="entryId")
    owner = (
        ledger.Owner.resident(entry.resident_id or 0)
        if entry.kind is models.PointKind.VOLUNTEER
        else ledger.Owner.user(entry.user_id or 0)
    )
    rule = await models.PointRule.get_or_none(id=entry.rule_id) if entry.rule_id else None
    try:
        return await ledger.append(
            owner,
            amount=ledger_rules.reversal_of(entry.amount),
            source=models.PointSource.CORRECTION,
            reason=_reason(reason),
            node=await models.OrgNode.get(id=entry.node_id),
            at=entry.at,
            recorded_by_id=me.id,
            rule=rule,
            household_id=entry.household_id,
            reverses_id=entry.id,
            spend_from_balance=True,
        )
    except IntegrityError as error:  # a concurrent correction came first (unique reverses_id)
        raise Conflict("points.already_corrected", field="entryId") from error
