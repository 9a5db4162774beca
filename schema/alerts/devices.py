"""Devices (智能设备) of elders living alone: their health, the list, one by id, and registering,
rotating the secret of and retiring them."""

from datetime import datetime
from enum import Enum
from typing import Annotated, Self

import strawberry

import models
import resolvers.devices.reading
import resolvers.devices.registering
from schema.ids import IdOf
from schema.info import Info
from schema.inputs import decoded
from schema.mutations import Payload
from schema.org import OrgNode, OrgNodeId, anchor_node
from schema.paging import list_field
from schema.people.types import Resident, ResidentId, resident_of
from schema.relay import Node, lookup_field
from schema.rows import FromModel

device_pk = IdOf("Device")
DeviceId = Annotated[strawberry.ID, device_pk]
strawberry.enum(models.DeviceKind, name="DeviceKind")


@strawberry.enum
class DeviceStatus(Enum):
    ONLINE = "ONLINE"
    OFFLINE = "OFFLINE"
    RETIRED = "RETIRED"


@strawberry.type
class VitalSigns:
    heart_rate: int | None = None
    blood_oxygen: int | None = None
    systolic: int | None = None
    diastolic: int | None = None
    breathing_rate: int | None = None
    temperature_tenths: int | None = None

    @classmethod
    def of(cls, readings: dict[str, int] | None) -> Self | None:
        """The vital signs of an event's readings (camelCase names), null without any."""
        if not readings:
            return None
        return cls(
            heart_rate=readings.get("heartRate"),
            blood_oxygen=readings.get("bloodOxygen"),
            systolic=readings.get("systolic"),
            diastolic=readings.get("diastolic"),
            breathing_rate=readings.get("breathingRate"),
            temperature_tenths=readings.get("temperatureTenths"),
        )


@strawberry.type
class Device(Node, FromModel[models.Device]):
    row: strawberry.Private[models.Device]
    id: strawberry.ID
    uid: str
    kind: models.DeviceKind
    label: str
    secret_version: int
    created_at: datetime
    retired_at: datetime | None
    last_seen_at: datetime | None
    battery: int | None
    last_door_activity_at: datetime | None

    @strawberry.field
    def kind_label(self) -> str:
        return models.DEVICE_KIND_LABELS[self.row.kind]

    @strawberry.field
    def status(self, info: Info) -> DeviceStatus:
        return DeviceStatus(resolvers.devices.reading.status_of(info.context, self.row))

    @strawberry.field
    def last_vital_signs(self) -> VitalSigns | None:
        return VitalSigns.of(self.row.last_reading)

    @strawberry.field
    async def resident(self, info: Info) -> Resident | None:
        return await resident_of(info, self.row.resident_id)

    @strawberry.field
    async def building(self, info: Info) -> OrgNode:
        return await anchor_node(info, self.row.building_id)


@strawberry.enum
class DeviceOrder(Enum):
    CREATED_DESC = "CREATED_DESC"
    CREATED_ASC = "CREATED_ASC"
    ID = "ID"


@strawberry.input
class DeviceFilter:
    node_id: OrgNodeId | None = None
    resident_id: ResidentId | None = None
    kind: list[models.DeviceKind] | None = None
    status: list[DeviceStatus] | None = None
    low_battery: bool | None = None

    def to_filter(self) -> resolvers.devices.reading.DeviceFilter:
        return decoded(
            self,
            resolvers.devices.reading.DeviceFilter,
            status=None if self.status is None else [status.value for status in self.status],
        )


@strawberry.input
class RegisterDeviceInput:
    resident_id: ResidentId
    kind: models.DeviceKind
    label: str = ""

    def to_input(self) -> resolvers.devices.registering.NewDevice:
        return decoded(self, resolvers.devices.registering.NewDevice)


@strawberry.type
class DevicePayload(Payload[models.Device], result=Device.from_model):
    device: Device | None = None


@strawberry.type
class DeviceSecretPayload(Payload[tuple[models.Device, str]]):
    device: Device | None = None
    secret: str | None = None

    @classmethod
    def from_result(cls, registered: tuple[models.Device, str], /) -> Self:
        device, secret = registered
        return cls(device=Device.from_model(device), secret=secret)


@strawberry.type
class DevicesQuery:
    devices = list_field(
        resolvers.devices.reading.devices, DeviceFilter, DeviceOrder.CREATED_DESC, Device
    )

    device = lookup_field(resolvers.devices.reading.device, device_pk, Device)


@strawberry.type
class DevicesMutation:
    @strawberry.mutation
    async def register_device(self, info: Info, input: RegisterDeviceInput) -> DeviceSecretPayload:
        return await DeviceSecretPayload.mutate(
            lambda: resolvers.devices.registering.register_device(info.context, input.to_input())
        )

    @strawberry.mutation
    async def rotate_device_secret(self, info: Info, id: strawberry.ID) -> DeviceSecretPayload:
        return await DeviceSecretPayload.mutate(
            lambda: resolvers.devices.registering.rotate_device_secret(info.context, device_pk(id))
        )

    @strawberry.mutation
    async def retire_device(self, info: Info, id: strawberry.ID) -> DevicePayload:
        return await DevicePayload.mutate(
            lambda: resolvers.devices.registering.retire_device(info.context, device_pk(id))
        )
