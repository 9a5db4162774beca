"""Households and residents, read in scope and masked by policy."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

import models
from policies.actions import Action
from policies.authorizer import readable_households_filter, sees_unmasked, unmasked_filter
from policies.rules import LINKED_ACCOUNT_ROLE
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import Conflict, Forbidden, Invalid, NotFound
from resolvers.org import get_org_node
from resolvers.pagination import Page, paginate, paginate_sorted
from resolvers.users import grant_role
from resolvers.validation import (
    age_on,
    clean_id_number,
    clean_phone,
    mask_id_number,
    mask_phone,
    today,
)

MAX_NAME = 50
MAX_NUMBER = 32
RESIDENT_ORDER = {
    "ID": ("id",),
    "NAME": ("name",),
    "BUILDING": ("household__building_id", "household__number"),
}


def readable_households(
    ctx: Context, *, include_inactive: bool = False
) -> QuerySet[models.Household]:
    scope = readable_households_filter(ctx.viewer)
    query = models.Household.all() if scope is None else models.Household.filter(scope)
    return query if include_inactive else query.filter(active=True)


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


async def _subtree_path(ctx: Context, node_id: int | None) -> str | None:
    """The path of a filter node the viewer may read; NOT_FOUND hides the others."""
    if node_id is None:
        return None
    node = await get_org_node(ctx, node_id)
    if node is None:
        raise NotFound("No such node.", field="nodeId")
    return node.path


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


async def filtered_residents(ctx: Context, where: ResidentFilter) -> QuerySet[models.Resident]:
    require_user(ctx)
    query = readable_residents(ctx, include_inactive=where.include_inactive)
    path = await _subtree_path(ctx, where.node_id)
    if path is not None:
        # Households hang below buildings only, so the building's path decides.
        query = query.filter(models.in_subtree(path, "household__building__path"))
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
    now = today()
    if where.min_age is not None:
        query = query.filter(birth_date__lte=_years_ago(now, where.min_age))
    if where.max_age is not None:
        query = query.filter(birth_date__gt=_years_ago(now, where.max_age + 1))
    return query


async def residents(
    ctx: Context, where: ResidentFilter, order: str, first: int | None, after: str | None
) -> Page[models.Resident]:
    query = await filtered_residents(ctx, where)
    if order == "ID":
        return await paginate(query, first, after)
    return await paginate_sorted(query, RESIDENT_ORDER[order], first, after)


async def get_resident(ctx: Context, pk: int) -> models.Resident | None:
    require_user(ctx)
    row: models.Resident | None = await readable_residents(ctx, include_inactive=True).get_or_none(
        id=pk
    )
    return row


async def get_household(ctx: Context, pk: int) -> models.Household | None:
    require_user(ctx)
    row: models.Household | None = (
        await readable_households(ctx, include_inactive=True)
        .select_related("building")
        .get_or_none(id=pk)
    )
    return row


async def households(
    ctx: Context,
    node_id: int | None,
    central_household_id: int | None,
    search: str | None,
    first: int | None,
    after: str | None,
) -> Page[models.Household]:
    require_user(ctx)
    query = readable_households(ctx)
    path = await _subtree_path(ctx, node_id)
    if path is not None:
        query = query.filter(models.in_subtree(path, "building__path"))
    if central_household_id is not None:
        query = query.filter(central_household_id=central_household_id)
    if search and search.strip():
        query = query.filter(number__icontains=search.strip())
    return await paginate(query, first, after)


async def members(ctx: Context, household: models.Household) -> list[models.Resident]:
    return await ctx.loaders.members_by_household_id.load(household.id)


def household_of(ctx: Context, resident: models.Resident) -> models.Household:
    """Fetched with the resident, with its building, which then costs the loader no query."""
    household = resident.household
    ctx.loaders.anchor_node_by_id.prime(household.building_id, household.building)
    return household


# ------------------------------------------------------------------ masking


def _building_path(resident: models.Resident) -> str:
    # readable_residents and the members loader select_related the household and building.
    return resident.household.building.path


def _visible(
    ctx: Context,
    resident: models.Resident,
    value: str | None,
    action: Action,
    mask: Callable[[str], str],
) -> str | None:
    if value is None:
        return None
    path = _building_path(resident)
    return value if sees_unmasked(ctx.viewer, action, path, resident.household_id) else mask(value)


def visible_phone(ctx: Context, resident: models.Resident) -> str | None:
    return _visible(ctx, resident, resident.phone, Action.PERSON_SEE_PHONE, mask_phone)


def visible_id_number(ctx: Context, resident: models.Resident) -> str | None:
    return _visible(ctx, resident, resident.id_number, Action.PERSON_SEE_ID_NUMBER, mask_id_number)


def age(resident: models.Resident) -> int | None:
    return age_on(resident.birth_date, today()) if resident.birth_date else None


# ------------------------------------------------------------------ changes


def clean_text(value: str, field: str, limit: int, what: str) -> str:
    cleaned = " ".join(value.split())
    if not cleaned:
        raise Invalid(f"{what} cannot be empty.", field=field)
    if len(cleaned) > limit:
        raise Invalid(f"{what} has at most {limit} characters.", field=field)
    return cleaned


async def writable_node(
    ctx: Context, pk: int, field: str, level: models.OrgLevel | None = None
) -> models.OrgNode:
    """A node the viewer may change people at (PERSON_WRITE in scope), of `level` if given."""
    require_user(ctx)
    node = await get_org_node(ctx, pk)
    if node is None:
        raise NotFound("No such node.", field=field)
    if not ctx.viewer.can(Action.PERSON_WRITE, node.path):
        raise Forbidden("You may not change people here.", field=field)
    if level is not None and node.level is not level:
        raise Invalid(f"Expected a {level} node, got a {node.level}.", field=field)
    if node.archived:
        raise Invalid("The node is archived.", field=field)
    return node


async def check_central_household(
    ctx: Context, building: models.OrgNode, central_household_id: int | None
) -> int | None:
    """A central household must lie in the same grid as the household's building."""
    if central_household_id is None:
        return None
    node = await get_org_node(ctx, central_household_id)
    if node is None:
        raise NotFound("No such central household.", field="centralHouseholdId")
    if node.level is not models.OrgLevel.CENTRAL_HOUSEHOLD:
        raise Invalid("Expected a CENTRAL_HOUSEHOLD node.", field="centralHouseholdId")
    # A building's ancestors are street, community, grid: their path is the grid's.
    grid_path = "".join(f"/{ancestor}" for ancestor in building.ancestor_ids) + "/"
    if not node.path.startswith(grid_path):
        raise Invalid(
            "The central household lies outside the building's grid.", field="centralHouseholdId"
        )
    return node.id


async def create_household(
    ctx: Context, building_id: int, number: str, central_household_id: int | None
) -> models.Household:
    building = await writable_node(ctx, building_id, "buildingId", models.OrgLevel.BUILDING)
    number = clean_text(number, "number", MAX_NUMBER, "A household number")
    linked = await check_central_household(ctx, building, central_household_id)
    if await models.Household.filter(building_id=building.id, number=number).exists():
        raise Conflict("The building already has a household with this number.", field="number")
    try:
        return await models.Household.create(
            building_id=building.id, number=number, central_household_id=linked
        )
    except IntegrityError as error:
        raise Conflict("The building already has this household.", field="number") from error


async def _household_to_change(ctx: Context, pk: int, field: str = "id") -> models.Household:
    household = await get_household(ctx, pk)
    if household is None:
        raise NotFound("No such household.", field=field)
    # get_household loaded the building with it.
    if not ctx.viewer.can(Action.PERSON_WRITE, household.building.path):
        raise Forbidden("You may not change this household.", field=field)
    return household


async def update_household(
    ctx: Context,
    pk: int,
    number: str | None,
    central_household_id: int | None,
    unlink_central_household: bool,
) -> models.Household:
    household = await _household_to_change(ctx, pk)
    building = household.building
    if number is not None:
        household.number = clean_text(number, "number", MAX_NUMBER, "A household number")
        clash = models.Household.filter(building_id=building.id, number=household.number)
        if await clash.exclude(id=household.id).exists():
            raise Conflict("The building already has a household with this number.", field="number")
    if unlink_central_household:
        household.central_household_id = None
    elif central_household_id is not None:
        household.central_household_id = await check_central_household(
            ctx, building, central_household_id
        )
    await household.save()
    return household


async def set_household_active(ctx: Context, pk: int, active: bool) -> models.Household:
    """Deactivate (or reactivate) a household; its members are kept, hidden with it."""
    household = await _household_to_change(ctx, pk)
    household.active = active
    await household.save(update_fields=["active", "updated_at"])
    return household


@dataclass(frozen=True)
class ResidentInput:
    name: str | None = None
    gender: models.Gender | None = None
    birth_date: date | None = None
    phone: str | None = None
    id_number: str | None = None
    tags: list[models.ResidentTag] | None = None


async def _clean_resident(data: ResidentInput, current: models.Resident | None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if data.name is not None or current is None:
        values["name"] = clean_text(data.name or "", "name", MAX_NAME, "A name")
    if data.gender is not None:
        values["gender"] = data.gender
    if data.phone is not None:
        values["phone"] = clean_phone(data.phone) if data.phone.strip() else None
    birth_date = data.birth_date if data.birth_date is not None else None
    id_number = data.id_number
    if id_number is None and current is not None and birth_date is not None and current.id_number:
        id_number = current.id_number  # a new birth date must still match the ID number
    if id_number:
        number, born = clean_id_number(id_number, birth_date)
        values["id_number"], values["birth_date"] = number, born
        taken = models.Resident.filter(id_number=number)
        if current is not None:
            taken = taken.exclude(id=current.id)
        if await taken.exists():
            raise Conflict("Another resident has this ID-card number.", field="idNumber")
    elif birth_date is not None:
        if birth_date > today():
            raise Invalid("The birth date lies in the future.", field="birthDate")
        values["birth_date"] = birth_date
    return values


async def _set_tags(resident_id: int, tags: list[models.ResidentTag]) -> None:
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
    household = await _household_to_change(ctx, household_id, "householdId")
    values = await _clean_resident(data, None)
    try:
        resident = await models.Resident.create(household_id=household.id, **values)
        if data.tags:
            await _set_tags(resident.id, data.tags)
    except IntegrityError as error:
        raise Conflict("Another resident has this ID-card number.", field="idNumber") from error
    return await models.Resident.get(id=resident.id).select_related("household__building")


async def resident_to_change(ctx: Context, pk: int, field: str = "id") -> models.Resident:
    """A resident the viewer reads and may change (PERSON_WRITE at their building)."""
    resident = await get_resident(ctx, pk)
    if resident is None:
        raise NotFound("No such resident.", field=field)
    if not ctx.viewer.can(Action.PERSON_WRITE, _building_path(resident)):
        raise Forbidden("You may not change this resident.", field=field)
    return resident


async def update_resident(ctx: Context, pk: int, data: ResidentInput) -> models.Resident:
    resident = await resident_to_change(ctx, pk)
    values = await _clean_resident(data, resident)
    try:
        if values:
            await models.Resident.filter(id=resident.id).update(**values)
        if data.tags is not None:
            await _set_tags(resident.id, data.tags)
    except IntegrityError as error:
        raise Conflict("Another resident has this ID-card number.", field="idNumber") from error
    return await models.Resident.get(id=resident.id).select_related("household__building")


async def move_resident(ctx: Context, pk: int, household_id: int) -> models.Resident:
    """Move a resident to another household; both must be in the viewer's writable scope."""
    resident = await resident_to_change(ctx, pk)
    target = await _household_to_change(ctx, household_id, "householdId")
    await models.Resident.filter(id=resident.id).update(household_id=target.id)
    return await models.Resident.get(id=resident.id).select_related("household__building")


async def set_resident_active(ctx: Context, pk: int, active: bool) -> models.Resident:
    resident = await resident_to_change(ctx, pk)
    resident.active = active
    await resident.save(update_fields=["active", "updated_at"])
    return resident


async def link_account(ctx: Context, resident_id: int, user_id: int) -> models.Resident:
    """Tie a user account to a resident: the user holds the linked-account role (policies) at
    the building and reads their own household unmasked."""
    resident = await resident_to_change(ctx, resident_id)
    user = await models.User.get_or_none(id=user_id, is_active=True)
    if user is None:
        raise NotFound("No such user.", field="userId")
    taken = models.Resident.filter(user_id=user.id).exclude(id=resident.id)
    if await taken.exists():
        raise Conflict("This account already belongs to another resident.", field="userId")
    building_id = resident.household.building_id
    held = await models.RoleGrant.exists(
        user_id=user.id, role=LINKED_ACCOUNT_ROLE, node_id=building_id, revoked_at=None
    )
    if not held:
        await grant_role(ctx, user.id, LINKED_ACCOUNT_ROLE, building_id)
    await models.Resident.filter(id=resident.id).update(user_id=user.id)
    return await models.Resident.get(id=resident.id).select_related("household__building")
