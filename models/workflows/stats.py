"""Figures (统计, 数据汇总), pure: which ranges may be asked, how a range is cut into periods
(local days, Monday weeks, calendar months in Asia/Shanghai, as models/workflows/points.py
cuts them), which figures there are, and which children a node's figures are split by.

The range is whole local days `[from, to]` (both included); its instants are
`[from 00:00, to + 1 00:00)` in Asia/Shanghai, in UTC for SQL (see `points.bounds`).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from models.org import OrgLevel
from models.workflows.points import LOCAL_TZ, Period, next_period_start, period_start
from models.workflows.refusals import RuleRefusal


class Granularity(StrEnum):
    DAY = "DAY"
    WEEK = "WEEK"
    MONTH = "MONTH"


# The longest range each granularity answers (days, both ends included): two years of days,
# ten years of weeks or months (a constant number of statements, but rows grow with periods).
MAX_DAYS: dict[Granularity, int] = {
    Granularity.DAY: 731,
    Granularity.WEEK: 3653,
    Granularity.MONTH: 3653,
}


# The days figures are kept for: nothing in Loudong predates 2000, and far past 2100 the
# period arithmetic (a day after 9999-12-31, a week before 0001-01-01) would overflow.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)


class Figure(StrEnum):
    """Groups of figures, each shown only to whoever may read what it counts (policies/stats.py)."""

    CASES = "CASES"  # demands and hazards: counts, resolution, ratings
    DISPUTES = "DISPUTES"  # disputes (矛盾纠纷) are confidential: community level and up
    VOLUNTEERS = "VOLUNTEERS"  # attendance at volunteer activities
    POINTS = "POINTS"  # the points ledger
    PEOPLE = "PEOPLE"  # residents, households, party members, elders living alone
    ALERTS = "ALERTS"  # elder-care alerts, all of them
    ALERTS_ESCALATED = "ALERTS_ESCALATED"  # those escalated to the community (上报)


class RangeError(RuleRefusal):
    """A range the figures refuse (see RuleRefusal)."""


def check_range(start: date, end: date, granularity: Granularity) -> None:
    for day, name in ((start, "from"), (end, "to")):
        if not FIRST_DAY <= day <= LAST_DAY:
            raise RangeError(
                "stats.day_out_of_range",
                name,
                first=FIRST_DAY.isoformat(),
                last=LAST_DAY.isoformat(),
            )
    if start > end:
        raise RangeError("stats.range_reversed", "from")
    longest = MAX_DAYS[granularity]
    if (end - start).days + 1 > longest:
        raise RangeError("stats.range_too_long", "to", days=longest, granularity=granularity.value)


def instants(start: date, end: date) -> tuple[datetime, datetime]:
    """The local days [start, end] as UTC instants [first, after), for `at >= first AND at <
    after` (SQLite compares stored UTC text)."""
    return (
        datetime.combine(start, time.min, LOCAL_TZ).astimezone(UTC),
        datetime.combine(end + timedelta(days=1), time.min, LOCAL_TZ).astimezone(UTC),
    )


_PERIOD = {Granularity.WEEK: Period.WEEK, Granularity.MONTH: Period.MONTH}


def bucket_start(granularity: Granularity, day: date) -> date:
    """The first day of the period holding the local day `day`."""
    if granularity is Granularity.DAY:
        return day
    return period_start(_PERIOD[granularity], day)


@dataclass(frozen=True)
class Bucket:
    """One period of the series, cut to the range: local days `first` to `last`, included.
    `key` is the period's own first day (before `first` when the range starts mid-period)."""

    key: date
    first: date
    last: date


def buckets(start: date, end: date, granularity: Granularity) -> list[Bucket]:
    """Every period meeting [start, end], in order, each cut to the range."""
    out: list[Bucket] = []
    key = bucket_start(granularity, start)
    while key <= end:
        following = (
            key + timedelta(days=1)
            if granularity is Granularity.DAY
            else next_period_start(_PERIOD[granularity], key)
        )
        last = min(following - timedelta(days=1), end)
        out.append(Bucket(key=key, first=max(key, start), last=last))
        key = following
    return out


def split_by_children(level: OrgLevel) -> bool:
    """Whether a node's figures come with one row per child. Not a building's: its children,
    the central households (党员中心户), look after households by a link, not as a subtree,
    so figures rolled up by path would say nothing true about them."""
    return level not in (OrgLevel.BUILDING, OrgLevel.CENTRAL_HOUSEHOLD)
