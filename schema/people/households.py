"""Households (住户): the list, and changes."""

from typing import Annotated

import strawberry

import models
import resolvers.people.households
from schema.info import Info
from schema.mutations import Payload
from schema.org import org_node_pk
from schema.people.types import Household, household_pk
from schema.relay import Connection, to_connection


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
    @strawberry.field
    async def households(
        self,
        info: Info,
        node_id: strawberry.ID | None = None,
        central_household_id: strawberry.ID | None = None,
        search: Annotated[str | None, strawberry.argument(description="Number contains.")] = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Household]:
        page = await resolvers.people.households.households(
            info.context,
            org_node_pk.optional(node_id, "nodeId"),
            org_node_pk.optional(central_household_id, "centralHouseholdId"),
            search,
            first,
            after,
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
