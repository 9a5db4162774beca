"""policies/masking.py: a masked viewer's fields never give back a hidden one (issue 8, item 1)."""

from datetime import date, timedelta

import pytest

from policies.masking import (
    age_from_year,
    age_on,
    birth_date_bounds,
    mask_id_number,
    mask_phone,
    visible_personal_data,
)
from resolvers.validation import id_check_char


def id_number(born: date, sequence: str = "123", region: str = "520302") -> str:
    first17 = f"{region}{born:%Y%m%d}{sequence}"
    return first17 + id_check_char(first17)


def days_of(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days)]


def test_masks_keep_the_region_and_the_carrier_only() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("520302199001011234") == "5203**************"
    assert mask_id_number("12345") == "*****"


def test_ages() -> None:
    assert age_on(date(1950, 6, 2), date(2026, 6, 1)) == 75
    assert age_on(date(1950, 6, 2), date(2026, 6, 2)) == 76
    assert age_from_year(1950, date(2026, 1, 1)) == age_from_year(1950, date(2026, 12, 31)) == 76


def test_a_masked_viewer_sees_the_same_for_every_birth_day_of_a_year_on_every_day() -> None:
    # given: one person per day of 1990, each with their own valid ID number and gender digit
    people = [
        (born, id_number(born, sequence)) for born in days_of(1990) for sequence in ("121", "122")
    ]
    # when: a masked viewer reads them on every day of 2026
    for today in days_of(2026):
        seen = {
            visible_personal_data(
                phone="13812345678",
                id_number=number,
                birth_date=born,
                phone_clear=False,
                id_clear=False,
                today=today,
            )
            for born, number in people
        }
        # then: 732 people, one view: nothing tells the day (nor the sequence) apart
        assert len(seen) == 1, today
    (only,) = seen
    assert (only.birth_date, only.birth_year, only.age) == (None, 1990, 36)
    assert only.id_number == "5203**************"


def test_the_old_mask_with_a_year_left_a_handful_of_days() -> None:
    """Why the check digit and the sequence are hidden: the old mask plus the birth year."""
    # given: what the old mask showed of 520302********1230 and the year 1990
    region, shown_tail, year = "520302", "1230", 1990
    # when: the attacker tries every day of the year against the visible check digit
    fits = [
        born
        for born in days_of(year)
        if id_check_char(f"{region}{born:%Y%m%d}{shown_tail[:3]}") == shown_tail[3]
    ]
    # then: a few dozen candidates, not 365 (and the birth date field gave the one)
    assert 0 < len(fits) < 50


def test_an_unmasked_viewer_sees_everything() -> None:
    born = date(1990, 12, 31)
    seen = visible_personal_data(
        phone="13812345678",
        id_number=id_number(born),
        birth_date=born,
        phone_clear=True,
        id_clear=True,
        today=date(2026, 6, 1),
    )
    assert (seen.phone, seen.id_number) == ("13812345678", id_number(born))
    assert (seen.birth_date, seen.birth_year, seen.age) == (born, 1990, 35)


@pytest.mark.parametrize(("min_age", "max_age"), [(30, None), (None, 40), (30, 31), (0, 0)])
def test_masked_age_filters_fall_on_year_boundaries_whatever_the_day(min_age, max_age) -> None:
    # given / when: the same filter on every day of a year
    bounds = {birth_date_bounds(min_age, max_age, today, exact=False) for today in days_of(2026)}
    # then: one answer all year, starting on 1 January and ending on 31 December
    assert len(bounds) == 1
    ((earliest, latest),) = bounds
    assert earliest is None or (earliest.month, earliest.day) == (1, 1)
    assert latest is None or (latest.month, latest.day) == (12, 31)


def test_masked_age_filters_agree_with_the_masked_age() -> None:
    today = date(2026, 3, 15)
    earliest, latest = birth_date_bounds(30, 31, today, exact=False)
    for born in days_of(1994) + days_of(1995) + days_of(1996) + days_of(1997):
        inside = earliest is not None and latest is not None and earliest <= born <= latest
        assert inside is (30 <= age_from_year(born.year, today) <= 31), born


def test_exact_age_filters_agree_with_the_exact_age() -> None:
    today = date(2026, 3, 15)
    earliest, latest = birth_date_bounds(30, 31, today, exact=True)
    for born in days_of(1994) + days_of(1995) + days_of(1996):
        inside = earliest is not None and latest is not None and earliest <= born <= latest
        assert inside is (30 <= age_on(born, today) <= 31), born


def test_ages_beyond_the_calendar_clamp_to_it() -> None:
    today = date(2026, 3, 15)
    assert birth_date_bounds(-(10**6), 10**6, today, exact=False) == (date.min, date.max)
    earliest, latest = birth_date_bounds(-(10**6), 10**6, today, exact=True)
    assert (earliest, latest) == (date(1, 3, 16), date(9999, 3, 15))
