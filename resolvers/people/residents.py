"""Residents (居民): read in scope with filters, created, changed, moved between households."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

import models
from policies.actions import Action
from policies.authorizer import (
    by_masking,
    readable_households_filter,
    sees_unmasked,
    unmasked_filter,
)
from policies.masking import birth_date_bounds
from policies.rules import LINKED_ACCOUNT_ROLE
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.cursors import Key, orders
from resolvers.devices.following import follow_resident, retire_devices_of
from resolvers.errors import Forbidden, Invalid
from resolvers.org import within_node
from resolvers.pagination import Page, Window, paginate
from resolvers.people.households import household_to_change
from resolvers.people.limits import spend_id_number_checks
from resolvers.people.masking import building_path_of
from resolvers.scoping import found
from resolvers.text import clean_text
from resolvers.users.grant_writes import move_grant
from resolvers.validation import (
    clean_id_number,
    clean_phone,
    today,
)

MAX_NAME = 50
# One answer whoever holds the number: another building of the caller's, or a household they
# may not read (saying which would tell whether a person is registered outside their scope).
ID_NUMBER_REFUSED = "id_number.refused"


# Only on values the viewer sees unmasked in every row (never the birth date): a forged cursor
# must not bisect a hidden value.
RESIDENT_ORDER = orders(
    "Resident",
    NAME=Key("name", str),
    BUILDING=(Key("household__building_id", int), Key("household__number", str)),
)


def readable_residents(
    ctx: Context, *, include_inactive: bool = False
) -> QuerySet[models.Resident]:
    scope = readable_households_filter(ctx.viewer, "household__")
    query = models.Resident.all() if scope is None else models.Resident.filter(scope)
    query = query.select_related("household__building")
    return query if include_inactive else query.filter(active=True, household__active=True)


@dataclass(frozen=True)
class ResidentFilter:
    node_id: int | None = None
    search: str | None = None
    tag: models.ResidentTag | None = None
    party_member_kind: models.PartyMemberKind | None = None
    min_age: int | None = None
    max_age: int | None = None
    include_inactive: bool = False


# Nobody registered is older; a filter outside 0..MAX_AGE would name no date (or no year).
MAX_AGE = 150


def _check_age(years: int | None, field: str) -> None:
    if years is not None and not 0 <= years <= MAX_AGE:
        raise Invalid("people.age", field=field, max=MAX_AGE)


def _born_between(bounds: tuple[date | None, date | None]) -> Q:
    earliest, latest = bounds
    condition: dict[str, Any] = {}
    if earliest is not None:
        condition["birth_date__gte"] = earliest
    if latest is not None:
        condition["birth_date__lte"] = latest
    return Q(**condition)


def _age_condition(ctx: Context, min_age: int | None, max_age: int | None) -> Q:
    """By exact age where the viewer sees birth dates, by birth year where they are masked."""
    now = today()
    return by_masking(
        ctx.viewer,
        Action.PERSON_SEE_ID_NUMBER,
        clear=_born_between(birth_date_bounds(min_age, max_age, now, exact=True)),
        masked=_born_between(birth_date_bounds(min_age, max_age, now, exact=False)),
    )


async def filtered_residents(ctx: Context, where: ResidentFilter) -> QuerySet[models.Resident]:
    require_user(ctx)
    _check_age(where.min_age, "minAge")
    _check_age(where.max_age, "maxAge")
    query = readable_residents(ctx, include_inactive=where.include_inactive)
    # Households hang below buildings only, so the building's path decides.
    query = await within_node(ctx, query, where.node_id, "household__building_path")
    if where.search and where.search.strip():
        text = where.search.strip()
        # Searching by phone only finds phones the viewer may see unmasked (no probing).
        phone_scope = unmasked_filter(ctx.viewer, Action.PERSON_SEE_PHONE)
        by_phone = (
            Q(phone__contains=text)
            if phone_scope is None
            else Q(Q(phone__contains=text), phone_scope)
        )
        query = query.filter(Q(Q(name__icontains=text), by_phone, join_type=Q.OR))
    if where.tag is not None:
        query = query.filter(tags__tag=where.tag)
    if where.party_member_kind is not None:
        query = query.filter(party_member__kind=where.party_member_kind)
    if where.min_age is not None or where.max_age is not None:
        query = query.filter(_age_condition(ctx, where.min_age, where.max_age))
    return query


async def residents(
    ctx: Context, where: ResidentFilter, order: str, window: Window
) -> Page[models.Resident]:
    query = await filtered_residents(ctx, where)
    return await paginate(query, RESIDENT_ORDER[order], window)


async def resident(ctx: Context, pk: int) -> models.Resident | None:
    """`resident(id:)`: as `node(id:)` reads a resident."""
    return await get_resident(ctx, pk)


async def get_resident(ctx: Context, pk: int) -> models.Resident | None:
    require_user(ctx)
    row: models.Resident | None = await readable_residents(ctx, include_inactive=True).get_or_none(
        id=pk
    )
    return row


async def households_of(user_id: int) -> frozenset[int]:
    """The households of the residents tied to the account `user_id` (its own household), for
    the rules that keep staff from crediting or refunding their own family."""
    rows = await models.Resident.filter(user_id=user_id).values_list("household_id")
    return frozenset(int(pk) for (pk,) in rows)


@dataclass(frozen=True)
class ResidentInput:
    name: str | None = None
    gender: models.Gender | None = None
    birth_date: date | None = None
    phone: str | None = None
    id_number: str | None = None
    tags: list[models.ResidentTag] | None = None


async def _clean_resident(
    data: ResidentInput, current: models.Resident | None, *, sees_id_number: bool = True
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if data.name is not None or current is None:
        values["name"] = clean_text(data.name or "", "name", limit=MAX_NAME, what="A name")
    if data.gender is not None:
        values["gender"] = data.gender
    if data.phone is not None:
        values["phone"] = clean_phone(data.phone) if data.phone.strip() else None
    birth_date = data.birth_date if data.birth_date is not None else None
    id_number = data.id_number
    if id_number is None and current is not None and birth_date is not None and current.id_number:
        if not sees_id_number:
            # Checked against the hidden number, a guess would come back right or wrong: an
            # oracle for the birth date this viewer sees masked. Refuse whatever the value.
            raise Invalid(
                "people.birth_from_id_number",
                field="birthDate",
            )
        id_number = current.id_number  # a new birth date must still match the ID number
    if id_number:
        number, born = clean_id_number(id_number, birth_date)
        values["id_number"], values["birth_date"] = number, born
        taken = models.Resident.filter(id_number=number)
        if current is not None:
            taken = taken.exclude(id=current.id)
        if await taken.exists():
            raise Invalid(ID_NUMBER_REFUSED, field="idNumber")
    elif birth_date is not None:
        if birth_date > today():
            raise Invalid("people.birth_in_future", field="birthDate")
        values["birth_date"] = birth_date
    return values


async def _set_tags(resident_id: int, tags: list[models.ResidentTag]) -> None:
    if models.ResidentTag.ELDER_LIVING_ALONE not in tags:  # devices are for elders living alone
        await retire_devices_of(Q(id=resident_id))
    await models.ResidentTagLink.filter(resident_id=resident_id).exclude(tag__in=tags).delete()
    rows = await models.ResidentTagLink.filter(resident_id=resident_id).values_list("tag")
    existing = {models.ResidentTag(row[0]) for row in rows}
    await models.ResidentTagLink.bulk_create(
        [
            models.ResidentTagLink(resident_id=resident_id, tag=tag)
            for tag in dict.fromkeys(tags)
            if tag not in existing
        ]
    )


async def create_resident(ctx: Context, household_id: int, data: ResidentInput) -> models.Resident:
    household = await household_to_change(ctx, household_id, "householdId")
    await spend_id_number_checks(ctx, 1 if data.id_number else 0)
    values = await _clean_resident(data, None)
    try:
        resident = await models.Resident.create(household_id=household.id, **values)
        if data.tags:
            await _set_tags(resident.id, data.tags)
    except IntegrityError as error:  # the number was taken meanwhile
        raise Invalid(ID_NUMBER_REFUSED, field="idNumber") from error
    return await models.Resident.get(id=resident.id).select_related("household__building")


async def resident_to_change(ctx: Context, pk: int, field: str = "id") -> models.Resident:
    """A resident the viewer reads and may change (PERSON_WRITE at their building)."""
    resident = found(await get_resident(ctx, pk), "people.no_resident", field)
    if not ctx.viewer.can(Action.PERSON_WRITE, building_path_of(resident)):
        raise Forbidden("people.may_not_change_resident", field=field)
    audit.before(ctx, resident)
    return resident


async def update_resident(ctx: Context, pk: int, data: ResidentInput) -> models.Resident:
    resident = await resident_to_change(ctx, pk)
    await spend_id_number_checks(ctx, 1 if data.id_number else 0)
    sees_id_number = sees_unmasked(
        ctx.viewer, Action.PERSON_SEE_ID_NUMBER, building_path_of(resident), resident.household_id
    )
    values = await _clean_resident(data, resident, sees_id_number=sees_id_number)
    try:
        if values:
            await models.Resident.filter(id=resident.id).update(**values)
        if data.tags is not None:
            await _set_tags(resident.id, data.tags)
    except IntegrityError as error:  # the number was taken meanwhile
        raise Invalid(ID_NUMBER_REFUSED, field="idNumber") from error
    return await models.Resident.get(id=resident.id).select_related("household__building")


async def move_resident(ctx: Context, pk: int, household_id: int) -> models.Resident:
    """Move a resident to another household; both must be in the viewer's writable scope."""
    resident = await resident_to_change(ctx, pk)
    target = await household_to_change(ctx, household_id, "householdId")
    await models.Resident.filter(id=resident.id).update(household_id=target.id)
    if target.building_id != resident.household.building_id:
        await follow_resident(resident.id, target.building)  # devices and open alerts move too
        if resident.user_id is not None:  # a linked account's role moves with them
            await move_grant(
                resident.user_id, LINKED_ACCOUNT_ROLE, resident.household.building_id,
                target.building_id, granted_by_id=require_user(ctx).id,
            )  # fmt: skip
    return await models.Resident.get(id=resident.id).select_related("household__building")


async def deactivate_resident(ctx: Context, pk: int) -> models.Resident:
    resident = await resident_to_change(ctx, pk)
    resident.active = False
    await resident.save(update_fields=["active", "updated_at"])
    await retire_devices_of(Q(id=resident.id))  # no longer watched: their devices sign nothing
    return resident
