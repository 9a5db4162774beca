"""Staff and resident accounts and the roles granted to them at nodes."""

from enum import StrEnum

from tortoise import fields
from tortoise.fields import CASCADE, RESTRICT
from tortoise.models import Model

from models.base import IdMixin, TimestampMixin, fk, nullable_fk
from models.org import OrgNode


class Role(StrEnum):
    SYSTEM_ADMIN = "SYSTEM_ADMIN"
    STREET_ADMIN = "STREET_ADMIN"
    COMMUNITY_ADMIN = "COMMUNITY_ADMIN"
    GRID_LEADER = "GRID_LEADER"
    BUILDING_LEADER = "BUILDING_LEADER"
    CENTRAL_HOUSEHOLD = "CENTRAL_HOUSEHOLD"
    VOLUNTEER = "VOLUNTEER"
    RESIDENT = "RESIDENT"
    AUDITOR = "AUDITOR"


class User(IdMixin, TimestampMixin, Model):
    username = fields.CharField(max_length=64, unique=True)
    display_name = fields.CharField(max_length=100)
    password_hash = fields.CharField(max_length=255)
    # Bumped by logout and password changes: tokens carry it, so older tokens stop working.
    token_version = fields.IntField(default=0)
    is_active = fields.BooleanField(default=True)
    # Who made the account: they may read it (and grant it a role) until someone places it.
    created_by: fields.ForeignKeyNullableRelation["User"] = nullable_fk("User", "accounts_created")
    created_by_id: int | None

    grants: fields.ReverseRelation["RoleGrant"]

    class Meta:
        table = "app_user"


class RoleGrant(IdMixin, Model):
    """A role held at a node (its subtree). Revoked grants stay for the record."""

    user: fields.ForeignKeyRelation[User] = fk("User", "grants", CASCADE)
    user_id: int
    role = fields.CharEnumField(Role, max_length=32)
    node: fields.ForeignKeyNullableRelation[OrgNode] = nullable_fk(
        "OrgNode", "grants", RESTRICT, db_index=True
    )
    node_id: int | None
    granted_by: fields.ForeignKeyNullableRelation[User] = nullable_fk("User", "grants_given")
    granted_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "role_grant"
        indexes = (("user_id", "revoked_at"),)
        # Also unique while active: (user_id, role, COALESCE(node_id, 0)) WHERE revoked_at IS
        # NULL, a partial expression index that migration 0005 creates in SQL.
