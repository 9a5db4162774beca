"""What a viewer sees of a resident's personal data when it is masked, and why it is safe.

A mask hides information, not format: no combination of the fields a masked viewer sees may
give back a hidden one. Who sees a field unmasked is decided in `policies.authorizer`
(`sees_unmasked`, `unmasked_filter`): person.see_id_number (community level and up) governs the
ID-card number *and the birth date*, which is written inside it; person.see_phone (building
level and up) governs the phone; a resident sees their own household unmasked.

An ID-card number (GB 11643) is RRRRRR YYYYMMDD SSS C: the region that issued it (province 2,
prefecture 2, county 2 digits), the birth date, a sequence whose last digit is odd for men and
even for women, and a check character computed (mod 11) from the other seventeen. Beside a
masked number the viewer also sees the resident's gender, building (so roughly the region) and
what this module allows of the birth date. Hence:

1. A masked ID number keeps its first four characters (province and prefecture, which most
   neighbours share) and its length, nothing else: `5203**************`.
   - Not the birth date (characters 7-14): it is the hidden part that matters most.
   - Not the county (5-6): it tells where someone was registered at birth, which neither the
     building nor any other field tells.
   - Not the sequence (15-17): with the sequence shown, the check character or a leaked
     number confirms a guessed date; its last digit only repeats the gender anyway.
   - Not the check character (18): while the sequence is hidden it says nothing about the
     date (some sequence fits every date), but it confirms or refutes any guessed whole number
     at once, and with the sequence of the old mask (`520302********1234`) it cut the 366
     candidate days of a known year to about 33.
2. A masked birth date is null; the birth year is shown, and the age is the age reached this
   calendar year (current year minus birth year). An exact age ticks up on the birthday, so a
   viewer who reads it every day (or filters by it every day) learns the day; an age from the
   year alone changes for everyone on 1 January and tells nothing beyond the year.
3. Age filters (minAge, maxAge) over rows the viewer sees masked compare birth years the same
   way (`birth_date_bounds(..., exact=False)`), so no combination of filters on any day
   bisects a birth date below the year. Rows the viewer sees unmasked filter by exact age.
4. A masked phone keeps its first three digits (the carrier) and its last four:
   `138****5678`. A phone has no check digit and no other field is derived from it. The hidden
   four digits cannot be probed either: search by phone matches only phones the viewer sees
   unmasked (resolvers/people/residents.py), and every surface that shows a phone (a resident,
   a case's reporter, the residents export) masks with `mask_phone` here, so no second mask
   shows other digits.
5. A name on a public display (a quarterly points notice, 积分公示) keeps its first and last
   characters and its length: `张*明`, and a two-character name its first: `张*`. The notice
   shows the names of a whole community to each of its residents; a neighbour recognises
   whom they know, nobody else gets a full name to look up. Nothing else about the person
   (household number, building) stands beside a resident's masked name on a notice.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

ID_NUMBER_LENGTH = 18
ID_VISIBLE_PREFIX = 4  # province and prefecture
PHONE_LENGTH = 11


def mask_id_number(number: str) -> str:
    """`5203**************`: the province and prefecture, and the length (rule 1)."""
    if len(number) != ID_NUMBER_LENGTH:
        return "*" * len(number)
    return number[:ID_VISIBLE_PREFIX] + "*" * (ID_NUMBER_LENGTH - ID_VISIBLE_PREFIX)


def mask_phone(phone: str) -> str:
    """`138****5678`: the carrier and the last four digits (rule 4)."""
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) == PHONE_LENGTH else "*" * len(phone)


def mask_name(name: str) -> str:
    """A name as a public notice shows it (rule 5): `张*明`, `张*`, `欧**明`."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def age_on(birth_date: date, today: date) -> int:
    """Exact age in whole years, for viewers who see the birth date."""
    return (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )


def age_from_year(birth_year: int, today: date) -> int:
    """The age reached this calendar year: what a masked viewer sees (rule 2)."""
    return today.year - birth_year


@dataclass(frozen=True)
class PersonalData:
    """What one viewer sees of one resident's personal data."""

    phone: str | None
    id_number: str | None
    birth_date: date | None
    birth_year: int | None
    age: int | None


def visible_personal_data(
    *,
    phone: str | None,
    id_number: str | None,
    birth_date: date | None,
    phone_clear: bool,
    id_clear: bool,
    today: date,
) -> PersonalData:
    """The one rule the screen and every export apply: `phone_clear` / `id_clear` come from
    the authorizer (person.see_phone / person.see_id_number in scope, or own household)."""
    if birth_date is None:
        year = age = None
    else:
        year = birth_date.year
        age = age_on(birth_date, today) if id_clear else age_from_year(year, today)
    return PersonalData(
        phone=phone if phone is None or phone_clear else mask_phone(phone),
        id_number=id_number if id_number is None or id_clear else mask_id_number(id_number),
        birth_date=birth_date if id_clear else None,
        birth_year=year,
        age=age,
    )


def _year(year: int) -> int:
    return min(max(year, date.min.year), date.max.year)


def _years_before(day: date, years: int) -> date:
    year = _year(day.year - years)
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def birth_date_bounds(
    min_age: int | None, max_age: int | None, today: date, *, exact: bool
) -> tuple[date | None, date | None]:
    """(born on or after, born on or before) for an age between `min_age` and `max_age`.

    `exact`: by exact age on `today`. Otherwise by the age reached this year, that is by birth
    year alone (rule 3): the bounds fall on 1 January and 31 December whatever `today`'s day
    is, so no combination of filters on any day tells a masked viewer more than the year.
    """
    earliest = latest = None
    if exact:
        if max_age is not None:
            earliest = _years_before(today, max_age + 1) + timedelta(days=1)
        if min_age is not None:
            latest = _years_before(today, min_age)
    else:
        if max_age is not None:
            earliest = date(_year(today.year - max_age), 1, 1)
        if min_age is not None:
            latest = date(_year(today.year - min_age), 12, 31)
    return earliest, latest


# ------------------------------------------------------------------ the audit trail

# Fields never written into an audit record, by name: passwords and their hashes, tokens (and
# the token version), secrets, content hashes.
AUDIT_SECRET_MARKS = ("password", "token", "hash", "secret", "sha256")


def _birth_year(value: Any) -> Any:
    return value[:4] if isinstance(value, str) and len(value) >= 4 else value


# Personal fields as an auditor sees them (no person.see_phone, no person.see_id_number):
# masked phones and ID numbers, a birth date as its year only (rules 1, 2 and 4). Names are
# shown to auditors and stay.
AUDIT_MASKS: dict[str, Callable[[Any], Any]] = {
    "phone": lambda v: mask_phone(v) if isinstance(v, str) else v,
    "reporter_phone": lambda v: mask_phone(v) if isinstance(v, str) else v,
    "id_number": lambda v: mask_id_number(v) if isinstance(v, str) else v,
    "birth_date": _birth_year,
}


# A dispute (纠纷) is read only in a dispute scope (community level and up, or its mediator),
# which auditors do not hold: its records keep what happened to it (status, who, when), not
# what it says or who reported it.
DISPUTE_CONTENT = frozenset(
    {"title", "description", "parties", "category", "rating_comment", "reporter_name"}
    | {"reporter_phone", "reporter_user_id", "reporter_resident_id"}
)


def audit_omits(field: str) -> bool:
    """Is `field` kept out of audit records altogether?"""
    name = field.lower()
    return any(mark in name for mark in AUDIT_SECRET_MARKS)


def audit_fields(model: str, values: dict[str, Any]) -> dict[str, Any]:
    """The stored fields of a `model` row an audit record may keep (before masking)."""
    kept = {name: value for name, value in values.items() if not audit_omits(name)}
    if model == "Case" and kept.get("kind") == "DISPUTE":
        kept = {name: value for name, value in kept.items() if name not in DISPUTE_CONTENT}
    return kept


def audit_value(field: str, value: Any) -> Any:
    """`value` of `field` (JSON-ready: text, number, bool or null) as an audit record keeps it."""
    mask = AUDIT_MASKS.get(field)
    return mask(value) if mask is not None and value is not None else value


# ------------------------------------------------------------------ the points ledger


def credit_reason(kind: str, title: str) -> str:
    """The reason a duty-point entry (履职积分) for a verified case gives. The ledger is read far
    wider than disputes are (totals, rankings, the public notice) and is never edited (append-
    only), so a dispute is named by its kind alone, never by its title (DISPUTE_CONTENT)."""
    if kind == "DISPUTE":
        return "Verified dispute"
    return f"Verified case: {title}"[:200]
