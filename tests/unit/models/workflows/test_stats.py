"""The figures' ranges and periods (models/workflows/stats.py): local to Asia/Shanghai."""

from datetime import UTC, date, datetime

import pytest

from models import OrgLevel
from models.workflows import stats as rules
from models.workflows.stats import Bucket, Granularity, RangeError

D, W, M = Granularity.DAY, Granularity.WEEK, Granularity.MONTH


@pytest.mark.parametrize(
    ("start", "end", "granularity", "key"),
    [
        (date(2026, 3, 2), date(2026, 3, 1), D, "stats.range_reversed"),
        (date(2024, 1, 1), date(2025, 12, 31), D, "stats.range_too_long"),  # 731 days: fine
        (date(2024, 1, 1), date(2026, 1, 1), D, "stats.range_too_long"),  # 732
        (date(2010, 1, 1), date(2026, 1, 1), M, "stats.range_too_long"),
    ],
)
def test_ranges_refused(start, end, granularity, key):
    if (end - start).days + 1 == 731:
        rules.check_range(start, end, granularity)
        return
    with pytest.raises(RangeError) as refused:
        rules.check_range(start, end, granularity)
    assert refused.value.key == key


def test_one_day_and_ten_years_of_months_are_fine():
    rules.check_range(date(2026, 3, 1), date(2026, 3, 1), D)
    rules.check_range(date(2016, 1, 2), date(2026, 1, 1), M)


def test_the_range_is_local_days_as_utc_instants():
    first, after = rules.instants(date(2026, 3, 1), date(2026, 3, 31))
    assert first == datetime(2026, 2, 28, 16, tzinfo=UTC)
    assert after == datetime(2026, 3, 31, 16, tzinfo=UTC)


def test_weeks_start_on_monday_and_are_cut_to_the_range():
    got = rules.buckets(date(2026, 3, 1), date(2026, 3, 10), W)
    assert got == [
        Bucket(date(2026, 2, 23), date(2026, 3, 1), date(2026, 3, 1)),
        Bucket(date(2026, 3, 2), date(2026, 3, 2), date(2026, 3, 8)),
        Bucket(date(2026, 3, 9), date(2026, 3, 9), date(2026, 3, 10)),
    ]


def test_months_over_a_year_end_and_days():
    got = rules.buckets(date(2025, 12, 15), date(2026, 2, 1), M)
    assert [(b.key, b.first, b.last) for b in got] == [
        (date(2025, 12, 1), date(2025, 12, 15), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 1), date(2026, 2, 1)),
    ]
    assert len(rules.buckets(date(2024, 2, 28), date(2024, 3, 1), D)) == 3  # a leap day


def test_buildings_have_no_child_rows():
    assert rules.split_by_children(OrgLevel.GRID)
    assert not rules.split_by_children(OrgLevel.BUILDING)
