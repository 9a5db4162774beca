"""The ledger's rules (积分制), pure: which periods there are and where each starts, what an
entry may hold, and how much of a rule's points a person may still earn under its caps.

"一事一记录、一周一统计、一月一评比、一季一公示、一年一兑换". Periods are local (Asia/Shanghai):
a week starts on Monday, a quarter in January, April, July or October. Who may record what is
decided in policies/; the resolvers write what this module allows.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from models.points import PointSource

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
MAX_ENTRY_POINTS = 1000  # one entry, either way
MAX_RULE_POINTS = 1000


class Period(StrEnum):
    WEEK = "WEEK"  # 一周一统计
    MONTH = "MONTH"  # 一月一评比
    QUARTER = "QUARTER"  # 一季一公示
    YEAR = "YEAR"  # 一年一兑换


class LedgerError(Exception):
    """An entry the ledger's rules refuse: `key` and `params` for resolvers.messages."""

    def __init__(self, key: str, field: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.field = field
        self.params = params


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
    """The period holding `day` as [start, end) instants, for `at >= start AND at < end`."""
    start = period_start(period, day)
    end = next_period_start(period, start)
    return (
        datetime.combine(start, time.min, LOCAL_TZ),
        datetime.combine(end, time.min, LOCAL_TZ),
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
