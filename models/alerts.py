"""Elder care (独居老人关爱, issue 14): smart devices (智能设备) registered to elders living alone,
the events their gateway posts, and the alerts (告警) an alarm raises at the elder's building.

The rules (statuses, deadlines, what an event may say) are models/workflows/alerts.py; who reads
and handles what is policies/alerts.py.
"""

from enum import StrEnum

from tortoise import fields
from tortoise.fields import CASCADE, RESTRICT
from tortoise.models import Model

from models.base import IdMixin, TimestampMixin, fk, nullable_fk
from models.org import OrgNode
from models.people import Resident
from models.users import User


class DeviceKind(StrEnum):
    HEALTH_WATCH = "HEALTH_WATCH"  # 智能手环: falls, SOS button, heart rate
    VITAL_SIGN_MONITOR = "VITAL_SIGN_MONITOR"  # 生命体征监测仪: heart rate, breathing
    DOOR_SENSOR = "DOOR_SENSOR"  # 门磁: the door opened (or not, for hours)
    SMOKE_DETECTOR = "SMOKE_DETECTOR"  # 烟感报警器


DEVICE_KIND_LABELS: dict[DeviceKind, str] = {
    DeviceKind.HEALTH_WATCH: "智能手环",
    DeviceKind.VITAL_SIGN_MONITOR: "生命体征监测仪",
    DeviceKind.DOOR_SENSOR: "门磁传感器",
    DeviceKind.SMOKE_DETECTOR: "烟感报警器",
}


class AlarmKind(StrEnum):
    FALL = "FALL"
    SOS = "SOS"
    ABNORMAL_VITALS = "ABNORMAL_VITALS"
    # Raised by the sweep (resolvers/alerts/sweep.py) when a door sensor stays quiet.
    DOOR_NOT_OPENED = "DOOR_NOT_OPENED"
    SMOKE = "SMOKE"


ALARM_KIND_LABELS: dict[AlarmKind, str] = {
    AlarmKind.FALL: "跌倒",
    AlarmKind.SOS: "紧急呼叫",
    AlarmKind.ABNORMAL_VITALS: "生命体征异常",
    AlarmKind.DOOR_NOT_OPENED: "长时间未开门",
    AlarmKind.SMOKE: "烟雾报警",
}


class AlertStatus(StrEnum):
    RAISED = "RAISED"  # 待响应: routed to the building's stewards and the grid
    ACKNOWLEDGED = "ACKNOWLEDGED"  # 已响应: someone is on it
    ESCALATED = "ESCALATED"  # 已上报: not acknowledged in time, the community sees it too
    CLOSED = "CLOSED"  # 已办结: with a follow-up and a note


ALERT_STATUS_LABELS: dict[AlertStatus, str] = {
    AlertStatus.RAISED: "待响应",
    AlertStatus.ACKNOWLEDGED: "已响应",
    AlertStatus.ESCALATED: "已上报社区",
    AlertStatus.CLOSED: "已办结",
}


class FollowUpKind(StrEnum):
    VISIT = "VISIT"  # 上门查看
    CALL = "CALL"  # 电话联系
    HOSPITAL = "HOSPITAL"  # 送医
    FALSE_ALARM = "FALSE_ALARM"  # 误报


FOLLOW_UP_LABELS: dict[FollowUpKind, str] = {
    FollowUpKind.VISIT: "上门查看",
    FollowUpKind.CALL: "电话联系",
    FollowUpKind.HOSPITAL: "送医",
    FollowUpKind.FALSE_ALARM: "误报",
}


class Device(IdMixin, TimestampMixin, Model):
    """A device registered to an elder living alone, at the building they live in.

    Its secret is never stored: it is HMAC-SHA256(server secret, uid + salt), made again from
    `secret_salt` whenever a signature is checked (resolvers/devices/signing.py), so a copy of
    the database alone signs nothing, and rotating draws a new salt.
    """

    # The public id the gateway sends (X-Device-Id): random, so ids cannot be counted through.
    uid = fields.CharField(max_length=40, unique=True)
    kind = fields.CharEnumField(DeviceKind, max_length=24)
    label = fields.CharField(max_length=100, default="")
    resident: fields.ForeignKeyRelation[Resident] = fk("Resident", "devices", RESTRICT)
    resident_id: int
    building: fields.ForeignKeyRelation[OrgNode] = fk("OrgNode", "devices", RESTRICT)
    building_id: int
    # The building's path, copied for the scope filter (models/paths.py keeps it on moves).
    building_path = fields.CharField(max_length=255, default="", db_default="")
    secret_salt = fields.CharField(max_length=64)
    secret_version = fields.IntField(default=1)
    registered_by: fields.ForeignKeyNullableRelation[User] = nullable_fk(
        "User", "devices_registered"
    )
    registered_by_id: int | None
    retired_at = fields.DatetimeField(null=True)
    # Health: the last accepted event, the last battery level (0-100) and, for a door sensor,
    # the last time the door opened (the sweep raises DOOR_NOT_OPENED after a quiet period).
    last_seen_at = fields.DatetimeField(null=True)
    battery = fields.IntField(null=True)
    last_reading: dict[str, int] | None = fields.JSONField(null=True)
    last_door_activity_at = fields.DatetimeField(null=True)

    class Meta:
        table = "device"


class DeviceEventSeen(IdMixin, Model):
    """The signature of each accepted device event within the replay window: the unique index
    refuses the same signed request twice, whichever server process receives it."""

    signature = fields.CharField(max_length=64, unique=True)
    device: fields.ForeignKeyRelation[Device] = fk("Device", "events_seen", CASCADE)
    device_id: int
    seen_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "device_event_seen"


class Alert(IdMixin, TimestampMixin, Model):
    """An alarm of an elder's device (告警), at the building they live in, to be acknowledged
    within a deadline (else escalated to the community) and closed with a follow-up."""

    kind = fields.CharEnumField(AlarmKind, max_length=24)
    status = fields.CharEnumField(AlertStatus, max_length=16, db_index=True)
    device: fields.ForeignKeyRelation[Device] = fk("Device", "alerts", RESTRICT)
    device_id: int
    resident: fields.ForeignKeyRelation[Resident] = fk("Resident", "alerts", RESTRICT)
    resident_id: int
    node: fields.ForeignKeyRelation[OrgNode] = fk("OrgNode", "alerts", RESTRICT)
    node_id: int
    # The building's path, copied for the scope filter (models/paths.py keeps it on moves).
    node_path = fields.CharField(max_length=255, default="", db_default="")
    raised_at = fields.DatetimeField()
    # Acknowledge by then, or the sweep escalates it.
    deadline_at = fields.DatetimeField()
    details: dict[str, int] | None = fields.JSONField(null=True)
    acknowledged_at = fields.DatetimeField(null=True)
    acknowledged_by: fields.ForeignKeyNullableRelation[User] = nullable_fk(
        "User", "alerts_acknowledged"
    )
    acknowledged_by_id: int | None
    escalated_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)
    closed_by: fields.ForeignKeyNullableRelation[User] = nullable_fk("User", "alerts_closed")
    closed_by_id: int | None
    follow_up = fields.CharEnumField(FollowUpKind, max_length=16, null=True)
    note = fields.TextField(default="")
    # One alert per cause where a cause could be seen twice (a door's quiet period, seen by
    # every server's sweep): `door-quiet:<device>:<quiet since>`. Null for device alarms.
    dedupe_key = fields.CharField(max_length=100, null=True, unique=True)

    class Meta:
        table = "alert"
