"""The one way an entry reaches the ledger, and the one way a balance is read.

Every writer (a leader's manual entry, an activity's check-out, a redemption, a correction)
calls `append`, inside the mutation's transaction (schema/mutations.py). It locks the owner
first, so two writers for one owner run one after the other: caps and balances are checked
against every entry committed before, and a balance is never spent twice.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from zlib import crc32

from tortoise.expressions import Subquery
from tortoise.functions import Sum
from tortoise.queryset import QuerySet

import models
from models.workflows import points as ledger_rules
from resolvers.errors import Invalid, refusing

LOCK_SPACE = 0x4C44  # "LD": keeps our advisory lock keys apart from any other use


@dataclass(frozen=True)
class Owner:
    """Whose points: a resident's volunteer points or a user's duty points."""

    kind: models.PointKind
    id: int

    @staticmethod
    def resident(resident_id: int) -> "Owner":
        return Owner(models.PointKind.VOLUNTEER, resident_id)

    @staticmethod
    def user(user_id: int) -> "Owner":
        return Owner(models.PointKind.DUTY, user_id)

    def entries(self) -> QuerySet[models.PointEntry]:
        if self.kind is models.PointKind.VOLUNTEER:
            return models.PointEntry.filter(kind=self.kind, resident_id=self.id)
        return models.PointEntry.filter(kind=self.kind, user_id=self.id)


async def lock(owner: Owner) -> None:
    """Hold the owner's ledger until the transaction ends (PostgreSQL: a transaction-level
    advisory lock, never a session one, see app/db.py; SQLite runs one writer at a time)."""
    db = models.PointEntry._meta.db
    if db.capabilities.dialect == "postgres":
        key = crc32(f"{owner.kind}:{owner.id}".encode()) & 0x7FFFFFFF
        await db.execute_query("SELECT pg_advisory_xact_lock($1, $2)", [LOCK_SPACE, key])


async def total(entries: QuerySet[models.PointEntry]) -> int:
    row = await entries.annotate(total=Sum("amount")).first().values("total")
    return int((row or {}).get("total") or 0)


async def balance(owner: Owner) -> int:
    return await total(owner.entries())


async def caps_of(owner: Owner, rule: models.PointRule, at: datetime) -> ledger_rules.Caps:
    """The rule's caps and what the owner already earned by it (by any of its versions) in the
    week and the month holding `at`."""
    # By rule ids, not a join to point_rule: Tortoise groups an aggregate over a join by the
    # entry's id, and `total` would then read one entry's amount instead of the sum.
    versions = models.PointRule.filter(node_id=rule.node_id, code=rule.code).values("id")
    earned = owner.entries().filter(rule_id__in=Subquery(versions))
    week = ledger_rules.bounds(ledger_rules.Period.WEEK, ledger_rules.local_day(at))
    month = ledger_rules.bounds(ledger_rules.Period.MONTH, ledger_rules.local_day(at))
    return ledger_rules.Caps(
        per_week=rule.cap_per_week,
        per_month=rule.cap_per_month,
        earned_this_week=await total(earned.filter(at__gte=week[0], at__lt=week[1])),
        earned_this_month=await total(earned.filter(at__gte=month[0], at__lt=month[1])),
    )


def _capped(rule: models.PointRule | None) -> bool:
    return rule is not None and (rule.cap_per_week is not None or rule.cap_per_month is not None)


async def append(
    owner: Owner,
    *,
    amount: int,
    source: models.PointSource,
    reason: str,
    node: models.OrgNode,
    at: datetime,
    recorded_by_id: int | None,
    rule: models.PointRule | None = None,
    household_id: int | None = None,
    source_id: int | None = None,
    case_id: int | None = None,
    reverses_id: int | None = None,
    spend_from_balance: bool = False,
) -> models.PointEntry:
    """Write one entry for `owner` after the ledger's rules allow it: the amount, the rule's
    caps, and for a spend (`spend_from_balance`) a balance that stays at zero or above."""
    with refusing(ledger_rules.LedgerError):
        ledger_rules.check_amount(source, amount)
    await lock(owner)
    if rule is not None and _capped(rule):
        caps = await caps_of(owner, rule, at)
        with refusing(ledger_rules.LedgerError):
            ledger_rules.check_caps(amount, caps)
    if spend_from_balance and await balance(owner) + amount < 0:
        raise Invalid("points.insufficient_balance", field="amount")
    return await _insert(
        owner, amount, source, reason, node, at, recorded_by_id, rule, household_id,
        source_id, case_id, reverses_id,
    )  # fmt: skip


async def append_up_to_caps(
    owner: Owner,
    *,
    amount: int,
    source: models.PointSource,
    reason: str,
    node: models.OrgNode,
    at: datetime,
    recorded_by_id: int | None,
    rule: models.PointRule,
    household_id: int | None = None,
    source_id: int | None = None,
) -> models.PointEntry | None:
    """As `append` by a rule, but cut to what the rule's caps still allow instead of refused
    (None when nothing is left): for a deed that stands whatever it earns, an activity's
    check-out. The caps are summed once, under the owner's lock."""
    with refusing(ledger_rules.LedgerError):
        ledger_rules.check_amount(source, amount)
    await lock(owner)
    if _capped(rule):
        room = ledger_rules.room_under_caps(await caps_of(owner, rule, at))
        amount = amount if room is None else min(amount, room)
    if amount <= 0:
        return None
    return await _insert(
        owner, amount, source, reason, node, at, recorded_by_id, rule, household_id,
        source_id, None, None,
    )  # fmt: skip


async def _insert(
    owner: Owner,
    amount: int,
    source: models.PointSource,
    reason: str,
    node: models.OrgNode,
    at: datetime,
    recorded_by_id: int | None,
    rule: models.PointRule | None,
    household_id: int | None,
    source_id: int | None,
    case_id: int | None,
    reverses_id: int | None,
) -> models.PointEntry:
    volunteer = owner.kind is models.PointKind.VOLUNTEER
    return await models.PointEntry.create(
        kind=owner.kind,
        resident_id=owner.id if volunteer else None,
        household_id=household_id if volunteer else None,
        user_id=None if volunteer else owner.id,
        node_id=node.id,
        node_path=node.path,
        amount=amount,
        rule_id=rule.id if rule else None,
        reason=reason[:200],
        source=source,
        source_id=source_id,
        case_id=case_id,
        reverses_id=reverses_id,
        recorded_by_id=recorded_by_id,
        at=at.astimezone(UTC),  # stored in UTC: period bounds compare as text on SQLite
    )
