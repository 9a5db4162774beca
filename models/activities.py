"""Volunteer activities (志愿活动): stairwell cleaning, fire checks, visiting elders ... at a node,
with residents' sign-ups and their attendance (签到/签退), which earn points by a rule."""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.fields import RESTRICT
from tortoise.models import Model

from models.base import IdMixin, TimestampMixin, fk, nullable_fk

if TYPE_CHECKING:
    from models.org import OrgNode
    from models.party import VolunteerTeam
    from models.people import Resident
    from models.points import PointEntry, PointRule
    from models.users import User


class ActivityStatus(StrEnum):
    PLANNED = "PLANNED"  # 筹备中: staff only, still being prepared
    OPEN = "OPEN"  # 报名中: published, residents sign up
    CLOSED = "CLOSED"  # 报名截止: published, sign-ups closed; check-in goes on
    CANCELLED = "CANCELLED"  # 已取消


class SignUpStatus(StrEnum):
    SIGNED_UP = "SIGNED_UP"  # 已报名
    CHECKED_IN = "CHECKED_IN"  # 已签到
    CHECKED_OUT = "CHECKED_OUT"  # 已签退: hours recorded, points credited
    CANCELLED = "CANCELLED"  # 已取消报名


class AttendanceMethod(StrEnum):
    STAFF = "STAFF"  # recorded by the organiser or a member of staff in scope
    QR = "QR"  # the resident scanned the activity's QR code


class Activity(IdMixin, TimestampMixin, Model):
    node: fields.ForeignKeyRelation["OrgNode"] = fk("OrgNode", "activities", RESTRICT)
    node_id: int
    # The node's path, copied (models/paths.py) so that scope and order are index ranges here.
    node_path = fields.CharField(max_length=255, default="", db_default="")
    title = fields.CharField(max_length=100)
    description = fields.TextField()
    place = fields.CharField(max_length=200)
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    capacity = fields.IntField()
    # Active sign-ups (SIGNED_UP, CHECKED_IN, CHECKED_OUT): a conditional UPDATE keeps it at
    # most `capacity` whatever runs at once.
    signed_up = fields.IntField(default=0)
    status = fields.CharEnumField(ActivityStatus, max_length=16, default=ActivityStatus.PLANNED)
    rule: fields.ForeignKeyRelation["PointRule"] = fk("PointRule", "activities", RESTRICT)
    rule_id: int
    team: fields.ForeignKeyNullableRelation["VolunteerTeam"] = nullable_fk(
        "VolunteerTeam", "activities"
    )
    team_id: int | None
    organiser: fields.ForeignKeyNullableRelation["User"] = nullable_fk(
        "User", "activities_organised"
    )
    organiser_id: int | None
    # Printed in the activity's QR code; rotating it retires the old one.
    qr_token = fields.CharField(max_length=64, unique=True)

    class Meta:
        table = "activity"


class ActivitySignUp(IdMixin, TimestampMixin, Model):
    """One resident's sign-up for an activity and their attendance: one row per person."""

    activity: fields.ForeignKeyRelation[Activity] = fk("Activity", "sign_ups", RESTRICT)
    activity_id: int
    # The activity's path, copied: a sign-up is read where its activity is managed.
    node_path = fields.CharField(max_length=255, default="", db_default="")
    resident: fields.ForeignKeyRelation["Resident"] = fk(
        "Resident", "activity_sign_ups", RESTRICT, db_index=True
    )
    resident_id: int
    status = fields.CharEnumField(SignUpStatus, max_length=16, default=SignUpStatus.SIGNED_UP)
    signed_up_by: fields.ForeignKeyNullableRelation["User"] = nullable_fk(
        "User", "activity_sign_ups_made"
    )
    signed_up_by_id: int | None
    checked_in_at = fields.DatetimeField(null=True)
    checked_in_by: fields.ForeignKeyNullableRelation["User"] = nullable_fk(
        "User", "activity_check_ins"
    )
    checked_in_by_id: int | None
    check_in_method = fields.CharEnumField(AttendanceMethod, max_length=8, null=True)
    checked_out_at = fields.DatetimeField(null=True)
    checked_out_by: fields.ForeignKeyNullableRelation["User"] = nullable_fk(
        "User", "activity_check_outs"
    )
    checked_out_by_id: int | None
    check_out_method = fields.CharEnumField(AttendanceMethod, max_length=8, null=True)
    minutes = fields.IntField(null=True)  # time served inside the window, on check-out
    points = fields.IntField(null=True)  # credited on check-out (the rule's, within its caps)
    point_entry: fields.ForeignKeyNullableRelation["PointEntry"] = nullable_fk(
        "PointEntry", "activity_sign_ups", RESTRICT
    )
    point_entry_id: int | None

    class Meta:
        table = "activity_sign_up"
        unique_together = (("activity", "resident"),)
