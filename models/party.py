"""Party members, titles held at nodes, volunteer teams and mobile party members."""

from enum import StrEnum

from tortoise import fields
from tortoise.fields import CASCADE, RESTRICT
from tortoise.models import Model

from models.base import IdMixin, TimestampMixin, fk, nullable_fk
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
    PARTY_GROUP_LEADER = "PARTY_GROUP_LEADER"  # 楼栋党小组组长 (issue 13)


class ContactChannel(StrEnum):
    PHONE = "PHONE"
    WECHAT = "WECHAT"
    VISIT = "VISIT"
    MAIL = "MAIL"


class PartyMember(IdMixin, TimestampMixin, Model):
    resident: fields.OneToOneRelation[Resident] = fields.OneToOneField(
        "models.Resident", related_name="party_member", on_delete=CASCADE
    )
    resident_id: int
    kind = fields.CharEnumField(PartyMemberKind, max_length=16, db_index=True)
    reports_to: fields.ForeignKeyNullableRelation[OrgNode] = nullable_fk(
        "OrgNode", "reporting_members"
    )
    reports_to_id: int | None
    pledge = fields.CharField(max_length=500, default="")  # 服务承诺, public
    show_publicly = fields.BooleanField(default=False)  # consent for the building's public page
    # Mobile members (流动党员): where they work now.
    work_city = fields.CharField(max_length=50, default="")
    employer = fields.CharField(max_length=100, default="")

    class Meta:
        table = "party_member"


class Title(IdMixin, Model):
    """A title held at a node: 楼栋长 or 红管家 at a building, 网格员 at a grid, ..."""

    node: fields.ForeignKeyRelation[OrgNode] = fk("OrgNode", "titles", CASCADE, db_index=True)
    node_id: int
    resident: fields.ForeignKeyRelation[Resident] = fk("Resident", "titles", CASCADE, db_index=True)
    resident_id: int
    kind = fields.CharEnumField(TitleKind, max_length=32)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "title"
        unique_together = (("node", "resident", "kind"),)


class VolunteerTeam(IdMixin, TimestampMixin, Model):
    """A volunteer team ("红色代办") belonging to a node."""

    node: fields.ForeignKeyRelation[OrgNode] = fk("OrgNode", "volunteer_teams", RESTRICT)
    node_id: int
    name = fields.CharField(max_length=100)
    leader: fields.ForeignKeyNullableRelation[Resident] = nullable_fk("Resident", "teams_led")
    leader_id: int | None
    active = fields.BooleanField(default=True)

    class Meta:
        table = "volunteer_team"
        unique_together = (("node", "name"),)


class VolunteerTeamMember(IdMixin, Model):
    team: fields.ForeignKeyRelation[VolunteerTeam] = fk("VolunteerTeam", "members", CASCADE)
    team_id: int
    resident: fields.ForeignKeyRelation[Resident] = fk(
        "Resident", "team_memberships", CASCADE, db_index=True
    )
    resident_id: int
    joined_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "volunteer_team_member"
        unique_together = (("team", "resident"),)


class MobileContactPerson(IdMixin, Model):
    """Who keeps in touch with a mobile member ("1+1" one to one, "1+N" one cadre to many)."""

    member: fields.ForeignKeyRelation[PartyMember] = fk("PartyMember", "contact_persons", CASCADE)
    member_id: int
    user: fields.ForeignKeyRelation[User] = fk("User", "mobile_members_kept", CASCADE)
    user_id: int

    class Meta:
        table = "mobile_contact_person"
        unique_together = (("member", "user"),)


class ContactLog(IdMixin, Model):
    member: fields.ForeignKeyRelation[PartyMember] = fk(
        "PartyMember", "contact_logs", CASCADE, db_index=True
    )
    member_id: int
    contacted_on = fields.DateField(db_index=True)
    channel = fields.CharEnumField(ContactChannel, max_length=8)
    note = fields.CharField(max_length=1000, default="")
    material_sent = fields.CharField(max_length=200, default="")  # study material sent
    recorded_by: fields.ForeignKeyNullableRelation[User] = nullable_fk("User", "contact_logs")
    recorded_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "contact_log"
