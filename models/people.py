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


class ResidentTag(StrEnum):
    ELDER_LIVING_ALONE = "ELDER_LIVING_ALONE"
    DISABLED = "DISABLED"
    CHILD_LEFT_BEHIND = "CHILD_LEFT_BEHIND"
    LOW_INCOME = "LOW_INCOME"
    VETERAN = "VETERAN"
    SERIOUSLY_ILL = "SERIOUSLY_ILL"
    UNEMPLOYED = "UNEMPLOYED"
    RENTER = "RENTER"


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
