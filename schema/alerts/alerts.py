"""Alerts (告警) of elders' devices: the list (an elder's history with `residentId`), one by id,
and acknowledging and closing them."""

from datetime import datetime
from enum import Enum

import strawberry

import models
import resolvers.alerts.handling
import resolvers.alerts.reading
from models.workflows import alerts as workflow
from schema.alerts.devices import Device, DeviceId, VitalSigns
from schema.ids import IdOf
from schema.info import Info
from schema.inputs import decoded
from schema.mutations import Payload
from schema.org import OrgNode, OrgNodeId, anchor_node
from schema.paging import list_field
from schema.people.types import Resident, ResidentId, resident_of
from schema.relay import Node, lookup_field
from schema.rows import FromModel, load_optional
from schema.users import User

alert_pk = IdOf("Alert")
strawberry.enum(models.AlarmKind, name="AlarmKind")
strawberry.enum(models.AlertStatus, name="AlertStatus")
strawberry.enum(models.FollowUpKind, name="FollowUpKind")


@strawberry.type
class Alert(Node, FromModel[models.Alert]):
    row: strawberry.Private[models.Alert]
    id: strawberry.ID
    kind: models.AlarmKind
    status: models.AlertStatus
    raised_at: datetime
    deadline_at: datetime
    acknowledged_at: datetime | None
    escalated_at: datetime | None
    closed_at: datetime | None
    follow_up: models.FollowUpKind | None
    note: str

    @strawberry.field
    def kind_label(self) -> str:
        return models.ALARM_KIND_LABELS[self.row.kind]

    @strawberry.field
    def status_label(self) -> str:
        return models.ALERT_STATUS_LABELS[self.row.status]

    @strawberry.field
    def urgent(self) -> bool:
        return self.row.kind in workflow.URGENT

    @strawberry.field
    def vital_signs(self) -> VitalSigns | None:
        return VitalSigns.of(self.row.details)

    @strawberry.field
    async def node(self, info: Info) -> OrgNode:
        return await anchor_node(info, self.row.node_id)

    @strawberry.field
    async def resident(self, info: Info) -> Resident | None:
        return await resident_of(info, self.row.resident_id)

    @strawberry.field
    async def device(self, info: Info) -> Device | None:
        loader = info.context.loaders.device_by_id
        return await load_optional(loader, self.row.device_id, Device.from_model)

    @strawberry.field
    async def acknowledged_by(self, info: Info) -> User | None:
        loader = info.context.loaders.user_by_id
        return await load_optional(loader, self.row.acknowledged_by_id, User.from_model)

    @strawberry.field
    async def closed_by(self, info: Info) -> User | None:
        loader = info.context.loaders.user_by_id
        return await load_optional(loader, self.row.closed_by_id, User.from_model)


@strawberry.enum
class AlertOrder(Enum):
    RAISED_DESC = "RAISED_DESC"
    RAISED_ASC = "RAISED_ASC"
    DEADLINE_ASC = "DEADLINE_ASC"
    ID = "ID"


@strawberry.input
class AlertFilter:
    node_id: OrgNodeId | None = None
    resident_id: ResidentId | None = None
    device_id: DeviceId | None = None
    status: list[models.AlertStatus] | None = None
    kind: list[models.AlarmKind] | None = None
    open: bool | None = None
    escalated: bool | None = None

    def to_filter(self) -> resolvers.alerts.reading.AlertFilter:
        return decoded(self, resolvers.alerts.reading.AlertFilter)


@strawberry.input
class CloseAlertInput:
    follow_up: models.FollowUpKind | None = None
    note: str = ""

    def to_input(self) -> resolvers.alerts.handling.Closing:
        return decoded(self, resolvers.alerts.handling.Closing)


@strawberry.type
class AlertPayload(Payload[models.Alert], result=Alert.from_model):
    alert: Alert | None = None


@strawberry.type
class AlertsQuery:
    alerts = list_field(resolvers.alerts.reading.alerts, AlertFilter, AlertOrder.RAISED_DESC, Alert)

    alert = lookup_field(resolvers.alerts.reading.alert, alert_pk, Alert)


@strawberry.type
class AlertsMutation:
    @strawberry.mutation
    async def acknowledge_alert(self, info: Info, id: strawberry.ID) -> AlertPayload:
        return await AlertPayload.mutate(
            lambda: resolvers.alerts.handling.acknowledge_alert(info.context, alert_pk(id))
        )

    @strawberry.mutation
    async def close_alert(
        self, info: Info, id: strawberry.ID, input: CloseAlertInput
    ) -> AlertPayload:
        return await AlertPayload.mutate(
            lambda: resolvers.alerts.handling.close_alert(
                info.context, alert_pk(id), input.to_input()
            )
        )
