"""An activity and a sign-up (with its attendance) as the API shows them."""

from datetime import datetime

import strawberry

import models
import resolvers.activities.reading as reading
from schema.info import Info
from schema.org import OrgNode, anchor_node
from schema.party.teams import VolunteerTeam
from schema.people.types import Resident, resident_of
from schema.relay import Node
from schema.rows import FromModel, load_optional, load_required
from schema.users import User

strawberry.enum(models.ActivityStatus, name="ActivityStatus")
strawberry.enum(models.SignUpStatus, name="SignUpStatus")
strawberry.enum(models.AttendanceMethod, name="AttendanceMethod")


@strawberry.type
class Activity(Node, FromModel[models.Activity]):
    row: strawberry.Private[models.Activity]
    id: strawberry.ID
    title: str
    description: str
    place: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    signed_up: int
    status: models.ActivityStatus
    created_at: datetime

    @strawberry.field
    def places_left(self) -> int:
        return reading.places_left(self.row)

    @strawberry.field
    def check_in_opens_at(self) -> datetime:
        return reading.check_in_opens(self.row)

    @strawberry.field
    def check_out_closes_at(self) -> datetime:
        return reading.check_out_closes(self.row)

    @strawberry.field
    async def node(self, info: Info) -> OrgNode:
        return await anchor_node(info, self.row.node_id)

    @strawberry.field
    async def points(self, info: Info) -> int:
        return (await self._rule(info)).points

    @strawberry.field
    async def rule_code(self, info: Info) -> str:
        return (await self._rule(info)).code

    @strawberry.field
    async def team(self, info: Info) -> VolunteerTeam | None:
        loader = info.context.loaders.team_by_id
        return await load_optional(loader, self.row.team_id, VolunteerTeam.from_model)

    @strawberry.field
    async def organiser(self, info: Info) -> User | None:
        loader = info.context.loaders.user_by_id
        return await load_optional(loader, self.row.organiser_id, User.from_model)

    @strawberry.field
    def qr_token(self, info: Info) -> str | None:
        return reading.qr_token(info.context, self.row)

    @strawberry.field
    async def my_sign_up(self, info: Info) -> "ActivitySignUp | None":
        row = await info.context.loaders.my_sign_up_by_activity_id.load(self.row.id)
        return ActivitySignUp.from_model(row) if row is not None else None

    async def _rule(self, info: Info) -> models.PointRule:
        rule = await info.context.loaders.point_rule_by_id.load(self.row.rule_id)
        assert rule is not None, "an activity's rule cannot be missing (foreign key)"
        return rule


@strawberry.type
class ActivitySignUp(Node, FromModel[models.ActivitySignUp]):
    row: strawberry.Private[models.ActivitySignUp]
    id: strawberry.ID
    status: models.SignUpStatus
    created_at: datetime
    checked_in_at: datetime | None
    check_in_method: models.AttendanceMethod | None
    checked_out_at: datetime | None
    check_out_method: models.AttendanceMethod | None
    minutes: int | None
    points: int | None

    @strawberry.field
    def hours(self) -> float | None:
        return None if self.row.minutes is None else round(self.row.minutes / 60, 2)

    @strawberry.field
    async def activity(self, info: Info) -> Activity:
        loader = info.context.loaders.activity_by_id
        return await load_required(loader, self.row.activity_id, Activity.from_model)

    @strawberry.field
    async def resident(self, info: Info) -> Resident | None:
        return await resident_of(info, self.row.resident_id)
