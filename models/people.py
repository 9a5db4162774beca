"""Households, residents and what staff record about them."""

from enum import StrEnum

from tortoise import fields
from tortoise.fields import CASCADE, RESTRICT
from tortoise.models import Model

from models.base import IdMixin, TimestampMixin, fk, nullable_fk
from models.org import OrgNode
from models.users import User


class Gender(StrEnum):
    MALE = "MALE"
    FEMALE = "FEMALE"

    @property
    def label(self) -> str:
        """男 / 女: how a form or a spreadsheet says it."""
        return GENDER_LABELS[self]


class ResidentTag(StrEnum):
    ELDER_LIVING_ALONE = "ELDER_LIVING_ALONE"
    DISABLED = "DISABLED"
    CHILD_LEFT_BEHIND = "CHILD_LEFT_BEHIND"
    LOW_INCOME = "LOW_INCOME"
    VETERAN = "VETERAN"
    SERIOUSLY_ILL = "SERIOUSLY_ILL"
    UNEMPLOYED = "UNEMPLOYED"
    RENTER = "RENTER"

    @property
    def label(self) -> str:
        """The Chinese term staff use (独居老人), in exports and accepted by imports."""
        return RESIDENT_TAG_LABELS[self]


# The one place each value gets its Chinese label (a test checks every value has one).
GENDER_LABELS: dict[Gender, str] = {Gender.MALE: "男", Gender.FEMALE: "女"}
RESIDENT_TAG_LABELS: dict[ResidentTag, str] = {
    ResidentTag.ELDER_LIVING_ALONE: "独居老人",
    ResidentTag.DISABLED: "残疾人",
    ResidentTag.CHILD_LEFT_BEHIND: "留守儿童",
    ResidentTag.LOW_INCOME: "低保户",
    ResidentTag.VETERAN: "退役军人",
    ResidentTag.SERIOUSLY_ILL: "重病患者",
    ResidentTag.UNEMPLOYED: "失业人员",
    ResidentTag.RENTER: "租户",
}


class Household(IdMixin, TimestampMixin, Model):
    """A dwelling in a building, optionally looked after by a party-member central household."""

    building: fields.ForeignKeyRelation[OrgNode] = fk("OrgNode", "households", RESTRICT)
    building_id: int
    # The building's path, copied for the scope filter (see Case.node_path).
    building_path = fields.CharField(max_length=255, default="", db_default="")
    number = fields.CharField(max_length=32)
    central_household: fields.ForeignKeyNullableRelation[OrgNode] = nullable_fk(
        "OrgNode", "linked_households", db_index=True
    )
    central_household_id: int | None
    active = fields.BooleanField(default=True)

    members: fields.ReverseRelation["Resident"]

    class Meta:
        table = "household"
        unique_together = (("building", "number"),)


class Resident(IdMixin, TimestampMixin, Model):
    household: fields.ForeignKeyRelation[Household] = fk(
        "Household", "members", RESTRICT, db_index=True
    )
    household_id: int
    name = fields.CharField(max_length=50, db_index=True)
    gender = fields.CharEnumField(Gender, max_length=8, null=True)
    birth_date = fields.DateField(null=True)
    phone = fields.CharField(max_length=11, null=True, db_index=True)
    # One person, one row: the ID-card number is unique when known.
    id_number = fields.CharField(max_length=18, null=True, unique=True)
    user: fields.ForeignKeyNullableRelation[User] = nullable_fk("User", "resident_profiles")
    user_id: int | None
    active = fields.BooleanField(default=True)

    tags: fields.ReverseRelation["ResidentTagLink"]

    class Meta:
        table = "resident"


class ResidentTagLink(IdMixin, Model):
    resident: fields.ForeignKeyRelation[Resident] = fk("Resident", "tags", CASCADE)
    resident_id: int
    tag = fields.CharEnumField(ResidentTag, max_length=32, db_index=True)

    class Meta:
        table = "resident_tag"
        unique_together = (("resident", "tag"),)
