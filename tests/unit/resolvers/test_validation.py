"""ID-card numbers (GB 11643) and phones (their masks: tests/unit/policies/test_masking.py)."""

from datetime import date

import pytest

from resolvers.errors import Invalid
from resolvers.validation import (
    clean_id_number,
    clean_phone,
    id_check_char,
)

VALID_ID = "11010519491231002X"  # the standard's own example


def test_check_digit_of_the_standard_example() -> None:
    assert id_check_char(VALID_ID[:17]) == "X"
    assert clean_id_number(VALID_ID.lower()) == (VALID_ID, date(1949, 12, 31))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("110105194912310021", "check digit"),
        ("11010519491231002", "17 digits"),
        ("1101051949123100XX", "17 digits"),
        ("110105194913310027", None),  # month 13
    ],
)
def test_bad_id_numbers(value: str, message: str | None) -> None:
    with pytest.raises(Invalid) as error:
        clean_id_number(value[:17] + id_check_char(value[:17]) if message is None else value)
    if message:
        assert message in error.value.message


def test_birth_date_must_match_the_id_number() -> None:
    with pytest.raises(Invalid) as error:
        clean_id_number(VALID_ID, date(1950, 1, 1))
    assert error.value.field == "birthDate"


@pytest.mark.parametrize("value", ["13812345678", "138 1234 5678", "+8613812345678"])
def test_phones_are_normalised(value: str) -> None:
    assert clean_phone(value) == "13812345678"


@pytest.mark.parametrize("value", ["12812345678", "1381234567", "0851-2822222", "abc"])
def test_bad_phones(value: str) -> None:
    with pytest.raises(Invalid):
        clean_phone(value)
