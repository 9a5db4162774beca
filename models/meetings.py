"""Deliberation (议事): meetings at a building, grid or community node (楼栋议事会, 楼栋管家圆桌会,
网格议事会, 社区议事会), their agenda, invited and present attendees, minutes, and resolutions
(决议) with recorded votes.

Statuses, quorum and pass rules live in models/workflows/meetings.py; who may do what in
policies/. A resolution's effects (service items, a convention version) are in
models/conventions.py.
"""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.fields.base import CASCADE, RESTRICT
from tortoise.models import Model

from models.base import IdMixin, TimestampMixin, fk, nullable_fk

if TYPE_CHECKING:
    from models.conventions import ConventionVersion
    from models.org import OrgNode
    from models.people import Resident
    from models.users import User


class MeetingType(StrEnum):
    BUILDING_COUNCIL = "BUILDING_COUNCIL"  # 楼栋议事会
    STEWARD_ROUNDTABLE = "STEWARD_ROUNDTABLE"  # 楼栋管家圆桌会
    GRID_COUNCIL = "GRID_COUNCIL"  # 小区(网格)议事会
    COMMUNITY_COUNCIL = "COMMUNITY_COUNCIL"  # 社区议事会


class MeetingStatus(StrEnum):
    SCHEDULED = "SCHEDULED"
    HELD = "HELD"  # under way or over: attendance, minutes and resolutions are recorded
    CLOSED = "CLOSED"  # minutes written, every resolution decided; nothing changes any more
    CANCELLED = "CANCELLED"


class AttendeeKind(StrEnum):
    RESIDENT = "RESIDENT"  # 居民 of the meeting node's subtree
    STAFF = "STAFF"  # 工作人员: a user account
    PROPERTY_COMPANY = "PROPERTY_COMPANY"  # 物业公司
    OWNERS_COMMITTEE = "OWNERS_COMMITTEE"  # 业委会
    OTHER_PARTY = "OTHER_PARTY"  # 其他单位 (共建单位, 驻区单位)


class ResolutionKind(StrEnum):
    GENERAL = "GENERAL"  # 一般决议
    ADD_SERVICE_ITEMS = "ADD_SERVICE_ITEMS"  # 新增服务事项
    ADOPT_CONVENTION = "ADOPT_CONVENTION"  # 通过楼栋公约 (a version)
    ADOPT_TOPIC = "ADOPT_TOPIC"  # 议题采纳 (topics, issue 13)


class ResolutionStatus(StrEnum):
    VOTING = "VOTING"  # proposed, votes being recorded
    PASSED = "PASSED"
    REJECTED = "REJECTED"
    WITHDRAWN = "WITHDRAWN"


class VoteChoice(StrEnum):
    FOR = "FOR"  # 赞成
    AGAINST = "AGAINST"  # 反对
    ABSTAIN = "ABSTAIN"  # 弃权


class Meeting(IdMixin, TimestampMixin, Model):
    """A meeting (议事会) at a building, grid or community node."""

    node: fields.ForeignKeyRelation["OrgNode"] = fk("OrgNode", "meetings", RESTRICT)
    node_id: int
    # The node's path, copied for the scope filter (see Case.node_path, models/paths.py).
    node_path = fields.CharField(max_length=255, db_index=True)
    type = fields.CharEnumField(MeetingType, max_length=24)
    title = fields.CharField(max_length=100)
    starts_at = fields.DatetimeField()
    place = fields.CharField(max_length=100)
    status = fields.CharEnumField(MeetingStatus, max_length=16, default=MeetingStatus.SCHEDULED)
    minutes = fields.TextField(default="")
    minutes_by: fields.ForeignKeyNullableRelation["User"] = nullable_fk("User", "meeting_minutes")
    minutes_by_id: int | None
    minutes_at = fields.DatetimeField(null=True)
    cancel_reason = fields.CharField(max_length=500, default="")
    convened_by: fields.ForeignKeyNullableRelation["User"] = nullable_fk(
        "User", "meetings_convened"
    )
    convened_by_id: int | None
    held_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "meeting"
        indexes = (("starts_at", "id"), ("created_at", "id"), ("title", "id"))


class MeetingAgendaItem(IdMixin, Model):
    """One item of a meeting's agenda (议程), in order."""

    meeting: fields.ForeignKeyRelation[Meeting] = fk("Meeting", "agenda_items", CASCADE)
    meeting_id: int
    position = fields.IntField()
    text = fields.CharField(max_length=500)

    class Meta:
        table = "meeting_agenda_item"
        unique_together = (("meeting", "position"),)


class MeetingAttendee(IdMixin, Model):
    """Someone invited to a meeting (列席/参会): a resident of the node's subtree, a staff user, or
    a named outside party (property company, owners' committee, ...). `subject_key` names the
    attendee once per meeting, and `present` is recorded when the meeting is held."""

    meeting: fields.ForeignKeyRelation[Meeting] = fk("Meeting", "attendees", CASCADE)
    meeting_id: int
    kind = fields.CharEnumField(AttendeeKind, max_length=24)
    subject_key = fields.CharField(max_length=140)
    name = fields.CharField(max_length=100)
    organisation = fields.CharField(max_length=100, default="")
    resident: fields.ForeignKeyNullableRelation["Resident"] = nullable_fk(
        "Resident", "meeting_attendances", RESTRICT, db_index=True
    )
    resident_id: int | None
    user: fields.ForeignKeyNullableRelation["User"] = nullable_fk(
        "User", "meeting_attendances", RESTRICT, db_index=True
    )
    user_id: int | None
    present = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "meeting_attendee"
        unique_together = (("meeting", "subject_key"),)


class Resolution(IdMixin, TimestampMixin, Model):
    """A resolution (决议) put to the vote in a held meeting, and its outcome. The meeting's node
    path is copied for the scope filter. A passed resolution applies its effects (service
    items, a convention version) in the same transaction that decides it."""

    meeting: fields.ForeignKeyRelation[Meeting] = fk("Meeting", "resolutions", RESTRICT)
    meeting_id: int
    node_path = fields.CharField(max_length=255, db_index=True)
    kind = fields.CharEnumField(ResolutionKind, max_length=24)
    title = fields.CharField(max_length=100)
    text = fields.CharField(max_length=2000, default="")
    status = fields.CharEnumField(ResolutionStatus, max_length=16, default=ResolutionStatus.VOTING)
    # ADD_SERVICE_ITEMS: the items proposed, [{"category", "title", "description"}].
    proposed_items: list[dict[str, str]] = fields.JSONField(default=list)
    # ADOPT_CONVENTION: the draft version put to the vote.
    convention_version: fields.ForeignKeyNullableRelation["ConventionVersion"] = nullable_fk(
        "ConventionVersion", "resolutions", RESTRICT, db_index=True
    )
    convention_version_id: int | None
    votes_for = fields.IntField(default=0)
    votes_against = fields.IntField(default=0)
    votes_abstain = fields.IntField(default=0)
    proposed_by: fields.ForeignKeyNullableRelation["User"] = nullable_fk(
        "User", "resolutions_proposed"
    )
    proposed_by_id: int | None
    decided_by: fields.ForeignKeyNullableRelation["User"] = nullable_fk(
        "User", "resolutions_decided"
    )
    decided_by_id: int | None
    decided_at = fields.DatetimeField(null=True)

    class Meta:
        table = "resolution"
        indexes = (("meeting_id", "created_at", "id"), ("created_at", "id"))


class ResolutionVote(IdMixin, Model):
    """One present attendee's vote on a resolution: written once (a unique index refuses a
    second). `recorded_by` is the account that wrote it: the attendee's own, or the meeting's
    recorder's (`by_recorder`)."""

    resolution: fields.ForeignKeyRelation[Resolution] = fk("Resolution", "votes", CASCADE)
    resolution_id: int
    attendee: fields.ForeignKeyRelation[MeetingAttendee] = fk(
        "MeetingAttendee", "votes", RESTRICT, db_index=True
    )
    attendee_id: int
    choice = fields.CharEnumField(VoteChoice, max_length=8)
    by_recorder = fields.BooleanField(default=True)
    recorded_by: fields.ForeignKeyNullableRelation["User"] = nullable_fk("User", "votes_recorded")
    recorded_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "resolution_vote"
        unique_together = (("resolution", "attendee"),)
