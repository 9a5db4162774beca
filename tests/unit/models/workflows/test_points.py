"""The ledger's pure rules: periods, amounts and caps (models/workflows/points.py)."""

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.points import PointSource
from models.workflows.points import (
    Caps,
    LedgerError,
    Period,
    bounds,
    check_amount,
    check_caps,
    local_day,
    next_period_start,
    period_start,
    room_under_caps,
)


@pytest.mark.parametrize(
    ("period", "day", "start", "end"),
    [
        (Period.WEEK, date(2026, 12, 3), date(2026, 11, 30), date(2026, 12, 7)),  # a Thursday
        (Period.WEEK, date(2026, 11, 30), date(2026, 11, 30), date(2026, 12, 7)),  # a Monday
        (Period.MONTH, date(2026, 12, 31), date(2026, 12, 1), date(2027, 1, 1)),
        (Period.QUARTER, date(2026, 11, 15), date(2026, 10, 1), date(2027, 1, 1)),
        (Period.QUARTER, date(2026, 3, 31), date(2026, 1, 1), date(2026, 4, 1)),
        (Period.YEAR, date(2026, 7, 4), date(2026, 1, 1), date(2027, 1, 1)),
    ],
)
def test_each_period_starts_and_ends_where_the_calendar_says(period, day, start, end) -> None:
    assert period_start(period, day) == start
    assert next_period_start(period, start) == end


@given(st.sampled_from(list(Period)), st.dates(date(2000, 1, 1), date(2099, 12, 1)))
def test_a_day_lies_in_its_period_and_the_next_starts_after_it(period, day) -> None:
    start = period_start(period, day)
    assert start <= day < next_period_start(period, start)
    assert period_start(period, start) == start


def test_periods_are_local_days_of_china() -> None:
    start, end = bounds(Period.MONTH, date(2026, 12, 15))
    assert start == datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # 00:00 in Beijing
    assert end == datetime(2026, 12, 31, 16, 0, tzinfo=UTC)
    assert local_day(datetime(2026, 11, 30, 16, 30, tzinfo=UTC)) == date(2026, 12, 1)


@pytest.mark.parametrize(
    ("source", "amount", "key"),
    [
        (PointSource.MANUAL, 0, "points.zero_amount"),
        (PointSource.MANUAL, -5, "points.negative_amount"),
        (PointSource.ACTIVITY, -1, "points.negative_amount"),
        (PointSource.MANUAL, 1001, "points.amount_too_large"),
        (PointSource.CORRECTION, -1001, "points.amount_too_large"),
    ],
)
def test_amounts_the_ledger_refuses(source, amount, key) -> None:
    with pytest.raises(LedgerError) as refused:
        check_amount(source, amount)
    assert refused.value.key == key


@pytest.mark.parametrize(
    ("source", "amount"),
    [(PointSource.MANUAL, 5), (PointSource.CORRECTION, -5), (PointSource.REDEMPTION, -300)],
)
def test_amounts_the_ledger_takes(source, amount) -> None:
    check_amount(source, amount)


def test_the_tighter_cap_decides_what_is_left() -> None:
    assert room_under_caps(Caps(None, None, 100, 100)) is None
    assert room_under_caps(Caps(20, 50, 15, 45)) == 5
    assert room_under_caps(Caps(20, 50, 5, 40)) == 10
    assert room_under_caps(Caps(20, None, 25, 0)) == 0  # over already: nothing, never negative


def test_an_entry_over_the_cap_is_refused_whole() -> None:
    check_caps(5, Caps(20, None, 15, 0))
    with pytest.raises(LedgerError) as refused:
        check_caps(6, Caps(20, None, 15, 0))
    assert refused.value.params == {"room": 5}
