"""Party members, titles held at nodes, volunteer teams and mobile party members."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.base import TimestampMixin
from models.org import OrgNode
from models.people import Resident
from models.users import User


class PartyMemberKind(StrEnum):
    IN_SERVICE = "IN_SERVICE"  # 在职/报到党员
    RETIRED_CADRE = "RETIRED_CADRE"  # 离退休干部
    VETERAN = "VETERAN"  # 退役军人
    MOBILE = "MOBILE"  # 流动党员


class TitleKind(StrEnum):
    BUILDING_HEAD = "BUILDING_HEAD"  # 楼栋长
    RED_STEWARD = "RED_STEWARD"  # 红管家
    GRID_WORKER = "GRID_WORKER"  # 网格员
    PART_TIME_COMMITTEE_MEMBER = "PART_TIME_COMMITTEE_MEMBER"  # 兼职委员


class ContactChannel(StrEnum):
    PHONE = "PHONE"
    WECHAT = "WECHAT"
    VISIT = "VISIT"
    MAIL = "MAIL"


class PartyMember(TimestampMixin, Model):
    id = fields.IntField(primary_key=True)
    resident: fields.OneToOneRelation[Resident] = fields.OneToOneField(
        "models.Resident", related_name="party_member", on_delete=fields.CASCADE
    )
    resident_id: int
    kind = fields.CharEnumField(PartyMemberKind, max_length=16, db_index=True)
    reports_to: fields.ForeignKeyNullableRelation[OrgNode] = fields.ForeignKeyField(
        "models.OrgNode", related_name="reporting_members", null=True, on_delete=fields.SET_NULL
    )
    reports_to_id: int | None
    pledge = fields.CharField(max_length=500, default="")  # 服务承诺, public
    show_publicly = fields.BooleanField(default=False)  # consent for the building's public page
    # Mobile members (流动党员): where they work now.
    work_city = fields.CharField(max_length=50, default="")
    employer = fields.CharField(max_length=100, default="")

    class Meta:
        table = "party_member"


class Title(Model):
    """A title held at a node: 楼栋长 or 红管家 at a building, 网格员 at a grid, ..."""

    id = fields.IntField(primary_key=True)
    node: fields.ForeignKeyRelation[OrgNode] = fields.ForeignKeyField(
        "models.OrgNode", related_name="titles", on_delete=fields.CASCADE, db_index=True
    )
    node_id: int
    resident: fields.ForeignKeyRelation[Resident] = fields.ForeignKeyField(
        "models.Resident", related_name="titles", on_delete=fields.CASCADE, db_index=True
    )
    resident_id: int
    kind = fields.CharEnumField(TitleKind, max_length=32)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "title"
        unique_together = (("node", "resident", "kind"),)


class VolunteerTeam(TimestampMixin, Model):
    """A volunteer team ("红色代办") belonging to a node."""

    id = fields.IntField(primary_key=True)
    node: fields.ForeignKeyRelation[OrgNode] = fields.ForeignKeyField(
        "models.OrgNode", related_name="volunteer_teams", on_delete=fields.RESTRICT
    )
    node_id: int
    name = fields.CharField(max_length=100)
    leader: fields.ForeignKeyNullableRelation[Resident] = fields.ForeignKeyField(
        "models.Resident", related_name="teams_led", null=True, on_delete=fields.SET_NULL
    )
    leader_id: int | None
    active = fields.BooleanField(default=True)

    class Meta:
        table = "volunteer_team"
        unique_together = (("node", "name"),)


class VolunteerTeamMember(Model):
    id = fields.IntField(primary_key=True)
    team: fields.ForeignKeyRelation[VolunteerTeam] = fields.ForeignKeyField(
        "models.VolunteerTeam", related_name="members", on_delete=fields.CASCADE
    )
    team_id: int
    resident: fields.ForeignKeyRelation[Resident] = fields.ForeignKeyField(
        "models.Resident",
        related_name="team_memberships",
        on_delete=fields.CASCADE,
        db_index=True,
    )
    resident_id: int
    joined_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "volunteer_team_member"
        unique_together = (("team", "resident"),)


class MobileContactPerson(Model):
    """Who keeps in touch with a mobile member ("1+1" one to one, "1+N" one cadre to many)."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation[PartyMember] = fields.ForeignKeyField(
        "models.PartyMember", related_name="contact_persons", on_delete=fields.CASCADE
    )
    member_id: int
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="mobile_members_kept", on_delete=fields.CASCADE
    )
    user_id: int

    class Meta:
        table = "mobile_contact_person"
        unique_together = (("member", "user"),)


class ContactLog(Model):
    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation[PartyMember] = fields.ForeignKeyField(
        "models.PartyMember", related_name="contact_logs", on_delete=fields.CASCADE, db_index=True
    )
    member_id: int
    contacted_on = fields.DateField(db_index=True)
    channel = fields.CharEnumField(ContactChannel, max_length=8)
    note = fields.CharField(max_length=1000, default="")
    material_sent = fields.CharField(max_length=200, default="")  # study material sent
    recorded_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="contact_logs", null=True, on_delete=fields.SET_NULL
    )
    recorded_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "contact_log"
