"""Checks for personal data: GB 11643 ID-card numbers and mainland mobile phones.

Masks and ages are in policies/masking.py.
"""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from resolvers.errors import Invalid

# Dates of birth and ages are civil dates in China.
LOCAL_TZ = ZoneInfo("Asia/Shanghai")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
PHONE = re.compile(r"^1[3-9]\d{9}$")
ID_SHAPE = re.compile(r"^\d{17}[\dX]$")


def today() -> date:
    return datetime.now(LOCAL_TZ).date()


def id_check_char(first17: str) -> str:
    return ID_CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def birth_date_of(id_number: str) -> date | None:
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def clean_id_number(
    value: str, birth_date: date | None = None, field: str = "idNumber"
) -> tuple[str, date]:
    """A valid 18-character ID number (upper-case X) and the birth date it encodes."""
    number = value.strip().upper()
    if not ID_SHAPE.match(number):
        raise Invalid("id_number.shape", field=field)
    if id_check_char(number[:17]) != number[17]:
        raise Invalid("id_number.check_digit", field=field)
    born = birth_date_of(number)
    if born is None or born > today() or born.year < 1900:
        raise Invalid("id_number.no_birth_date", field=field)
    if birth_date is not None and birth_date != born:
        raise Invalid("id_number.birth_mismatch", field="birthDate")
    return number, born


def clean_phone(value: str, field: str = "phone") -> str:
    phone = re.sub(r"[\s-]", "", value)
    if phone.startswith("+86"):
        phone = phone[3:]
    if not PHONE.match(phone):
        raise Invalid("phone.shape", field=field)
    return phone
