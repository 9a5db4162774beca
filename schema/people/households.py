"""Households (住户): the list, and changes."""

from enum import Enum
from typing import Annotated

import strawberry

import models
import resolvers.people.households
from schema.filters import LOOSE_RULE, either, loose
from schema.info import Info
from schema.mutations import Payload
from schema.org import org_node_pk
from schema.paging import LOOSE, Paging, paged
from schema.people.types import Household, household_pk
from schema.relay import Connection, to_connection


@strawberry.enum(description="The order of `households`; every order pages by keyset cursors.")
class HouseholdOrder(Enum):
    ID = strawberry.enum_value("ID", description="By id, in the order households were registered.")
    NUMBER = strawberry.enum_value("NUMBER", description="By household number (户号), then id.")
    BUILDING = strawberry.enum_value(
        "BUILDING", description="By building (楼栋), then household number, then id."
    )
    CREATED_ASC = strawberry.enum_value("CREATED_ASC", description="Oldest record first.")
    CREATED_DESC = strawberry.enum_value("CREATED_DESC", description="Newest record first.")


@strawberry.input(description="Which households (住户) a list holds; the conditions AND.")
class HouseholdFilter:
    node_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Only households in this node's subtree (intersected with the viewer's).",
    )
    central_household_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only those linked to this central household (党员中心户)."
    )
    search: str | None = strawberry.field(default=None, description="Number contains.")


@strawberry.input
class CreateHouseholdInput:
    building_id: strawberry.ID
    number: str
    central_household_id: strawberry.ID | None = None


@strawberry.input
class UpdateHouseholdInput:
    number: str | None = None
    central_household_id: strawberry.ID | None = None
    unlink_central_household: bool = False


@strawberry.type
class HouseholdPayload(Payload[models.Household], result=Household.from_model):
    household: Household | None = None


@strawberry.type
class HouseholdsQuery:
    @strawberry.field(description="Active households (住户) the viewer reads. " + LOOSE_RULE)
    @paged(HouseholdOrder.ID, LOOSE)
    async def households(
        self,
        info: Info,
        paging: Paging[HouseholdFilter, HouseholdOrder],
        node_id: Annotated[strawberry.ID | None, loose("nodeId")] = None,
        central_household_id: Annotated[strawberry.ID | None, loose("centralHouseholdId")] = None,
        search: Annotated[str | None, strawberry.argument(description="Number contains.")] = None,
    ) -> Connection[Household]:
        where = either(
            paging.filter,
            HouseholdFilter,
            node_id=node_id,
            central_household_id=central_household_id,
            search=search,
        )
        page = await resolvers.people.households.households(
            info.context,
            org_node_pk.optional(where.node_id, "nodeId"),
            org_node_pk.optional(where.central_household_id, "centralHouseholdId"),
            where.search,
            paging.order,
            paging.window,
        )
        return to_connection(page, Household.from_model)


@strawberry.type
class HouseholdsMutation:
    @strawberry.mutation
    async def create_household(self, info: Info, input: CreateHouseholdInput) -> HouseholdPayload:
        return await HouseholdPayload.mutate(
            lambda: resolvers.people.households.create_household(
                info.context,
                org_node_pk(input.building_id, "buildingId"),
                input.number,
                org_node_pk.optional(input.central_household_id, "centralHouseholdId"),
            ),
        )

    @strawberry.mutation
    async def update_household(
        self, info: Info, id: strawberry.ID, input: UpdateHouseholdInput
    ) -> HouseholdPayload:
        return await HouseholdPayload.mutate(
            lambda: resolvers.people.households.update_household(
                info.context,
                household_pk(id, "id"),
                input.number,
                org_node_pk.optional(input.central_household_id, "centralHouseholdId"),
                input.unlink_central_household,
            ),
        )

    @strawberry.mutation(description="Hides the household and its members; nothing is deleted.")
    async def deactivate_household(self, info: Info, id: strawberry.ID) -> HouseholdPayload:
        return await HouseholdPayload.mutate(
            lambda: resolvers.people.households.deactivate_household(
                info.context, household_pk(id, "id")
            ),
        )
