"""The activity lists, `activity(id:)`, and the mutations that plan, run and attend them."""

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry

import models
import resolvers.activities.attendance
import resolvers.activities.planning
import resolvers.activities.reading
from schema.activities.types import Activity, ActivitySignUp
from schema.ids import IdOf
from schema.info import Info
from schema.inputs import decoded
from schema.mutations import Payload
from schema.org import OrgNodeId, org_node_pk
from schema.paging import list_field
from schema.party.teams import VolunteerTeamId
from schema.people.types import ResidentId, resident_pk
from schema.points.rules import PointRuleId
from schema.relay import lookup_field

activity_pk = IdOf("Activity")
sign_up_pk = IdOf("ActivitySignUp")
ActivityId = Annotated[strawberry.ID, activity_pk]


@strawberry.enum
class ActivityOrder(Enum):
    STARTS_ASC = "STARTS_ASC"
    STARTS_DESC = "STARTS_DESC"
    CREATED_DESC = "CREATED_DESC"
    ID = "ID"


@strawberry.enum
class ActivitySignUpOrder(Enum):
    CREATED_ASC = "CREATED_ASC"
    CREATED_DESC = "CREATED_DESC"
    ID = "ID"


@strawberry.input
class ActivityFilter:
    node_id: OrgNodeId | None = None
    status: list[models.ActivityStatus] | None = None
    team_id: VolunteerTeamId | None = None
    starts_after: datetime | None = None
    starts_before: datetime | None = None
    upcoming: bool | None = None
    search: str | None = None

    def to_filter(self) -> resolvers.activities.reading.ActivityFilter:
        return decoded(self, resolvers.activities.reading.ActivityFilter)


@strawberry.input
class ActivitySignUpFilter:
    activity_id: ActivityId | None = None
    resident_id: ResidentId | None = None
    node_id: OrgNodeId | None = None
    status: list[models.SignUpStatus] | None = None
    mine: bool | None = None

    def to_filter(self) -> resolvers.activities.reading.SignUpFilter:
        return decoded(self, resolvers.activities.reading.SignUpFilter)


@strawberry.input
class CreateActivityInput:
    node_id: strawberry.ID
    title: str
    place: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    rule_id: PointRuleId
    description: str = ""
    team_id: VolunteerTeamId | None = None

    def to_input(self) -> resolvers.activities.planning.ActivityInput:
        return decoded(self, resolvers.activities.planning.ActivityInput)


@strawberry.input
class UpdateActivityInput:
    title: str | None = None
    description: str | None = None
    place: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    capacity: int | None = None
    rule_id: PointRuleId | None = None
    team_id: VolunteerTeamId | None = None

    def to_input(self) -> resolvers.activities.planning.ActivityInput:
        return decoded(self, resolvers.activities.planning.ActivityInput)


@strawberry.type
class ActivityPayload(Payload[models.Activity], result=Activity.from_model):
    activity: Activity | None = None


@strawberry.type
class ActivitySignUpPayload(Payload[models.ActivitySignUp], result=ActivitySignUp.from_model):
    sign_up: ActivitySignUp | None = None


@strawberry.type
class ActivitiesQuery:
    activities = list_field(
        resolvers.activities.reading.activities, ActivityFilter, ActivityOrder.STARTS_DESC, Activity
    )
    activity = lookup_field(resolvers.activities.reading.activity, activity_pk, Activity)
    activity_sign_ups = list_field(
        resolvers.activities.reading.activity_sign_ups,
        ActivitySignUpFilter,
        ActivitySignUpOrder.CREATED_ASC,
        ActivitySignUp,
    )


@strawberry.type
class ActivitiesMutation:
    @strawberry.mutation
    async def create_activity(self, info: Info, input: CreateActivityInput) -> ActivityPayload:
        return await ActivityPayload.mutate(
            lambda: resolvers.activities.planning.create_activity(
                info.context, org_node_pk(input.node_id, "nodeId"), input.to_input()
            )
        )

    @strawberry.mutation
    async def update_activity(
        self, info: Info, id: strawberry.ID, input: UpdateActivityInput
    ) -> ActivityPayload:
        return await ActivityPayload.mutate(
            lambda: resolvers.activities.planning.update_activity(
                info.context, activity_pk(id), input.to_input()
            )
        )

    @strawberry.mutation
    async def open_activity(self, info: Info, id: strawberry.ID) -> ActivityPayload:
        return await ActivityPayload.mutate(
            lambda: resolvers.activities.planning.open_activity(info.context, activity_pk(id))
        )

    @strawberry.mutation
    async def close_activity(self, info: Info, id: strawberry.ID) -> ActivityPayload:
        return await ActivityPayload.mutate(
            lambda: resolvers.activities.planning.close_activity(info.context, activity_pk(id))
        )

    @strawberry.mutation
    async def cancel_activity(self, info: Info, id: strawberry.ID) -> ActivityPayload:
        return await ActivityPayload.mutate(
            lambda: resolvers.activities.planning.cancel_activity(info.context, activity_pk(id))
        )

    @strawberry.mutation
    async def rotate_activity_qr_token(self, info: Info, id: strawberry.ID) -> ActivityPayload:
        return await ActivityPayload.mutate(
            lambda: resolvers.activities.planning.rotate_activity_qr_token(
                info.context, activity_pk(id)
            )
        )

    @strawberry.mutation
    async def sign_up_for_activity(
        self, info: Info, activity_id: strawberry.ID, resident_id: strawberry.ID | None = None
    ) -> ActivitySignUpPayload:
        return await ActivitySignUpPayload.mutate(
            lambda: resolvers.activities.attendance.sign_up_for_activity(
                info.context,
                activity_pk(activity_id, "activityId"),
                resident_pk.optional(resident_id, "residentId"),
            )
        )

    @strawberry.mutation
    async def cancel_activity_sign_up(self, info: Info, id: strawberry.ID) -> ActivitySignUpPayload:
        return await ActivitySignUpPayload.mutate(
            lambda: resolvers.activities.attendance.cancel_activity_sign_up(
                info.context, sign_up_pk(id)
            )
        )

    @strawberry.mutation
    async def check_in_to_activity(self, info: Info, id: strawberry.ID) -> ActivitySignUpPayload:
        return await ActivitySignUpPayload.mutate(
            lambda: resolvers.activities.attendance.check_in_to_activity(
                info.context, sign_up_pk(id)
            )
        )

    @strawberry.mutation
    async def check_out_of_activity(self, info: Info, id: strawberry.ID) -> ActivitySignUpPayload:
        return await ActivitySignUpPayload.mutate(
            lambda: resolvers.activities.attendance.check_out_of_activity(
                info.context, sign_up_pk(id)
            )
        )

    @strawberry.mutation
    async def check_in_by_activity_qr(self, info: Info, token: str) -> ActivitySignUpPayload:
        return await ActivitySignUpPayload.mutate(
            lambda: resolvers.activities.attendance.check_in_by_activity_qr(info.context, token)
        )

    @strawberry.mutation
    async def check_out_by_activity_qr(self, info: Info, token: str) -> ActivitySignUpPayload:
        return await ActivitySignUpPayload.mutate(
            lambda: resolvers.activities.attendance.check_out_by_activity_qr(info.context, token)
        )
