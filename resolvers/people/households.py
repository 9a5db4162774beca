"""Households (住户): read in scope, created, renumbered, linked to a central household."""

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

import models
from policies.actions import Action
from policies.authorizer import readable_households_filter
from policies.rules import same_grid
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.cursors import Key, orders
from resolvers.devices.following import retire_devices_of
from resolvers.errors import Conflict, Forbidden, Invalid
from resolvers.org import get_org_node, node_to_act_on, within_node
from resolvers.pagination import Page, Window, paginate
from resolvers.people import PEOPLE_REFUSED
from resolvers.scoping import found
from resolvers.text import clean_text

MAX_NUMBER = 32

NUMBER = Key("number", str)
HOUSEHOLD_ORDER = orders("Household", NUMBER=NUMBER, BUILDING=(Key("building_id", int), NUMBER))


def readable_households(
    ctx: Context, *, include_inactive: bool = False
) -> QuerySet[models.Household]:
    scope = readable_households_filter(ctx.viewer)
    query = models.Household.all() if scope is None else models.Household.filter(scope)
    return query if include_inactive else query.filter(active=True)


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
    order: str,
    window: Window,
) -> Page[models.Household]:
    require_user(ctx)
    query = readable_households(ctx)
    query = await within_node(ctx, query, node_id, "building_path")
    if central_household_id is not None:
        query = query.filter(central_household_id=central_household_id)
    if search and search.strip():
        query = query.filter(number__icontains=search.strip())
    return await paginate(query, HOUSEHOLD_ORDER[order], window)


async def members(ctx: Context, household: models.Household) -> list[models.Resident]:
    return await ctx.loaders.members_by_household_id.load(household.id)


def household_of(ctx: Context, resident: models.Resident) -> models.Household:
    """Fetched with the resident, with its building, which then costs the loader no query."""
    household = resident.household
    ctx.loaders.anchor_node_by_id.prime(household.building_id, household.building)
    return household


async def check_central_household(
    ctx: Context, building: models.OrgNode, central_household_id: int | None
) -> int | None:
    """A central household must lie in the same grid as the household's building."""
    if central_household_id is None:
        return None
    node = found(
        await get_org_node(ctx, central_household_id),
        "people.no_central_household",
        "centralHouseholdId",
    )
    if node.level is not models.OrgLevel.CENTRAL_HOUSEHOLD:
        raise Invalid("people.not_central_household", field="centralHouseholdId")
    if not same_grid(building.path, node.path):
        raise Invalid("people.central_household_elsewhere", field="centralHouseholdId")
    return node.id


async def create_household(
    ctx: Context, building_id: int, number: str, central_household_id: int | None
) -> models.Household:
    building = await node_to_act_on(
        ctx, building_id, "buildingId", may=Action.PERSON_WRITE, refused=PEOPLE_REFUSED,
        level=models.OrgLevel.BUILDING,
    )  # fmt: skip
    number = clean_text(number, "number", limit=MAX_NUMBER, what="A household number")
    linked = await check_central_household(ctx, building, central_household_id)
    if await models.Household.filter(building_id=building.id, number=number).exists():
        raise Conflict("people.household_number_taken", field="number")
    try:
        return await models.Household.create(
            building_id=building.id,
            building_path=building.path,
            number=number,
            central_household_id=linked,
        )
    except IntegrityError as error:
        raise Conflict("people.household_exists", field="number") from error


async def household_to_change(ctx: Context, pk: int, field: str = "id") -> models.Household:
    household = found(await get_household(ctx, pk), "people.no_household", field)
    # get_household loaded the building with it.
    if not ctx.viewer.can(Action.PERSON_WRITE, household.building.path):
        raise Forbidden("people.may_not_change_household", field=field)
    audit.before(ctx, household)
    return household


async def update_household(
    ctx: Context,
    pk: int,
    number: str | None,
    central_household_id: int | None,
    unlink_central_household: bool,
) -> models.Household:
    household = await household_to_change(ctx, pk)
    building = household.building
    if number is not None:
        household.number = clean_text(number, "number", limit=MAX_NUMBER, what="A household number")
    if unlink_central_household:
        household.central_household_id = None
    elif central_household_id is not None:
        household.central_household_id = await check_central_household(
            ctx, building, central_household_id
        )
    try:
        await household.save()
    # The unique index decides (a check first would race a concurrent change).
    except IntegrityError as error:  # the mutation's transaction rolls back
        raise Conflict("people.household_number_taken", field="number") from error
    return household


async def deactivate_household(ctx: Context, pk: int) -> models.Household:
    """Hide a household; its members are kept, hidden with it."""
    household = await household_to_change(ctx, pk)
    household.active = False
    await household.save(update_fields=["active", "updated_at"])
    await retire_devices_of(Q(household_id=household.id))  # its elders are no longer watched
    return household
