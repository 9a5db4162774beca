"""The ledger's rules (积分制), pure: which periods there are and where each starts, what an
entry may hold, and how much of a rule's points a person may still earn under its caps.

"一事一记录、一周一统计、一月一评比、一季一公示、一年一兑换". Periods are local (Asia/Shanghai):
a week starts on Monday, a quarter in January, April, July or October. Who may record what is
decided in policies/; the resolvers write what this module allows.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from models.org import OrgLevel
from models.points import PointKind, PointSource, RuleCategory
from models.workflows.refusals import RuleRefusal

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
MAX_ENTRY_POINTS = 1000  # one entry, either way
MAX_RULE_POINTS = 1000


class Period(StrEnum):
    WEEK = "WEEK"  # 一周一统计
    MONTH = "MONTH"  # 一月一评比
    QUARTER = "QUARTER"  # 一季一公示
    YEAR = "YEAR"  # 一年一兑换


class LedgerError(RuleRefusal):
    """An entry the ledger's rules refuse (see RuleRefusal)."""


def period_start(period: Period, day: date) -> date:
    """The first day of the period that holds `day`."""
    if period is Period.WEEK:
        return day - timedelta(days=day.weekday())
    if period is Period.MONTH:
        return day.replace(day=1)
    if period is Period.QUARTER:
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(month=1, day=1)


def next_period_start(period: Period, start: date) -> date:
    """The first day after the period starting at `start`."""
    if period is Period.WEEK:
        return start + timedelta(days=7)
    months = {Period.MONTH: 1, Period.QUARTER: 3, Period.YEAR: 12}[period]
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


def bounds(period: Period, day: date) -> tuple[datetime, datetime]:
    """The period holding `day` as [start, end) instants, for `at >= start AND at < end`.
    In UTC: SQLite compares the stored text, which is UTC, so a bound in another offset would
    compare wrong there."""
    start = period_start(period, day)
    end = next_period_start(period, start)
    return (
        datetime.combine(start, time.min, LOCAL_TZ).astimezone(UTC),
        datetime.combine(end, time.min, LOCAL_TZ).astimezone(UTC),
    )


def local_day(at: datetime) -> date:
    return at.astimezone(LOCAL_TZ).date()


def check_amount(source: PointSource, amount: int) -> None:
    """Only a correction (or a spend: redemption) takes points away, and no entry moves more
    than MAX_ENTRY_POINTS."""
    if amount == 0:
        raise LedgerError("points.zero_amount", "amount")
    if abs(amount) > MAX_ENTRY_POINTS:
        raise LedgerError("points.amount_too_large", "amount", max=MAX_ENTRY_POINTS)
    if amount < 0 and source not in (PointSource.CORRECTION, PointSource.REDEMPTION):
        raise LedgerError("points.negative_amount", "amount")


@dataclass(frozen=True)
class Caps:
    """A rule's caps and what the person already earned by it in this week and month."""

    per_week: int | None
    per_month: int | None
    earned_this_week: int
    earned_this_month: int


def room_under_caps(caps: Caps) -> int | None:
    """How many more points the rule may give the person now (None: no cap)."""
    room: int | None = None
    for cap, earned in (
        (caps.per_week, caps.earned_this_week),
        (caps.per_month, caps.earned_this_month),
    ):
        if cap is not None:
            left = max(cap - earned, 0)
            room = left if room is None else min(room, left)
    return room


def check_caps(amount: int, caps: Caps) -> None:
    """A rule over its cap is refused whole (never silently cut): the recorder sees why."""
    room = room_under_caps(caps)
    if room is not None and amount > room:
        raise LedgerError("points.over_cap", "ruleId", room=room)


def reversal_of(amount: int) -> int:
    """The amount of the correction that reverses an entry of `amount`."""
    return -amount


# ------------------------------------------------------------------ rules (积分条款)

MAX_CAP = 10_000
MAX_CODE = 32
# Where rules live: a community's own list, or the defaults a street publishes for its
# communities to copy.
RULE_LEVELS = frozenset({OrgLevel.COMMUNITY, OrgLevel.STREET})
# A rule's kind and the category it must (DUTY) or must not (VOLUNTEER) have.
DUTY_CATEGORY = RuleCategory.DUTY


def check_rule(
    *,
    kind: PointKind,
    category: RuleCategory,
    points: int,
    cap_per_week: int | None,
    cap_per_month: int | None,
) -> None:
    """A rule gives 1 to MAX_RULE_POINTS points; a cap is at least the rule's points (else the
    rule could never be used), and a week's cap no more than a month's."""
    if not 1 <= points <= MAX_RULE_POINTS:
        raise LedgerError("points.rule_points", "points", max=MAX_RULE_POINTS)
    for field, cap in (("capPerWeek", cap_per_week), ("capPerMonth", cap_per_month)):
        if cap is not None and not points <= cap <= MAX_CAP:
            raise LedgerError("points.cap_range", field, min=points, max=MAX_CAP)
    if cap_per_week is not None and cap_per_month is not None and cap_per_week > cap_per_month:
        raise LedgerError("points.week_over_month", "capPerWeek")
    if (kind is PointKind.DUTY) != (category is DUTY_CATEGORY):
        raise LedgerError("points.duty_category", "category")


def check_code(code: str) -> str:
    """A rule's code: letters, digits, `-` and `_`, stored upper-case (`V01`, `CLEAN_STAIRS`)."""
    code = code.strip().upper()
    if not 1 <= len(code) <= MAX_CODE or not code.replace("_", "").replace("-", "").isalnum():
        raise LedgerError("points.code_shape", "code", max=MAX_CODE)
    return code


def entry_amount(rule_points: int, variable: bool, requested: int | None) -> int:
    """What an entry by a rule gives: the rule's points, or for a variable rule the amount the
    recorder asked for, from 1 to the rule's points."""
    if requested is None:
        return rule_points
    if requested <= 0:
        check_amount(PointSource.MANUAL, requested)
    if not variable and requested != rule_points:
        raise LedgerError("points.fixed_amount", "amount", points=rule_points)
    if requested > rule_points:
        raise LedgerError("points.over_rule", "amount", points=rule_points)
    return requested


# ------------------------------------------------------------------ corrections

# Entries a correction may reverse: points earned. A spend (redemption, dividend) is undone by
# its own workflow, and a correction is never corrected (record the deed again instead).
CORRECTABLE = frozenset({PointSource.ACTIVITY, PointSource.CASE, PointSource.MANUAL})
# What rankings and notices count: points earned, less their corrections.
EARNED = (PointSource.ACTIVITY, PointSource.CASE, PointSource.MANUAL, PointSource.CORRECTION)


def check_correctable(source: PointSource, amount: int) -> None:
    if source not in CORRECTABLE or amount <= 0:
        raise LedgerError("points.not_correctable", "entryId")


# ------------------------------------------------------------------ months and quarters


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise LedgerError("points.bad_month", "month")
    return bounds(Period.MONTH, date(year, month, 1))


def quarter_bounds(year: int, quarter: int) -> tuple[datetime, datetime]:
    if not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
        raise LedgerError("points.bad_quarter", "quarter")
    return bounds(Period.QUARTER, date(year, (quarter - 1) * 3 + 1, 1))


def parse_month(text: str) -> tuple[int, int]:
    """`2026-05` -> (2026, 5)."""
    year, dash, month = text.strip().partition("-")
    if not dash or not (year.isdigit() and month.isdigit()) or len(year) != 4:
        raise LedgerError("points.bad_month", "month")
    month_bounds(int(year), int(month))
    return int(year), int(month)


def parse_quarter(text: str) -> tuple[int, int]:
    """`2026Q2` -> (2026, 2)."""
    year, q, quarter = text.strip().upper().partition("Q")
    if not q or not (year.isdigit() and quarter.isdigit()) or len(year) != 4:
        raise LedgerError("points.bad_quarter", "quarter")
    quarter_bounds(int(year), int(quarter))
    return int(year), int(quarter)


def check_quarter_over(year: int, quarter: int, now: datetime) -> None:
    """A quarter is published once it has ended ("一季一公示"): its ranking no longer grows."""
    if quarter_bounds(year, quarter)[1] > now:
        raise LedgerError("points.quarter_open", "quarter")


def notice_title(node_name: str, year: int, quarter: int, subject_label: str) -> str:
    return f"{node_name}{year}年第{quarter}季度{subject_label}积分公示"
