"""Cases (群众诉求/微心愿, 隐患, 矛盾纠纷), their history, attachments and community rules."""

from enum import StrEnum

from tortoise import fields
from tortoise.fields import CASCADE, RESTRICT
from tortoise.models import Model

from models.base import IdMixin, TimestampMixin, fk, nullable_fk
from models.org import OrgNode
from models.people import Resident
from models.users import User


class CaseKind(StrEnum):
    DEMAND = "DEMAND"
    HAZARD = "HAZARD"
    DISPUTE = "DISPUTE"


class CaseStatus(StrEnum):
    SUBMITTED = "SUBMITTED"
    ACCEPTED = "ACCEPTED"
    CLAIMED = "CLAIMED"
    RESOLVED = "RESOLVED"
    RATED = "RATED"
    VERIFIED = "VERIFIED"
    REJECTED = "REJECTED"


class HazardSeverity(StrEnum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"


class HazardType(StrEnum):
    FIRE_SAFETY = "FIRE_SAFETY"
    WATER_LEAK = "WATER_LEAK"
    ELECTRICAL = "ELECTRICAL"
    STRUCTURAL = "STRUCTURAL"
    CLUTTER = "CLUTTER"


class Case(IdMixin, TimestampMixin, Model):
    kind = fields.CharEnumField(CaseKind, max_length=16, db_index=True)
    status = fields.CharEnumField(CaseStatus, max_length=16, db_index=True)
    title = fields.CharField(max_length=200)
    description = fields.TextField()
    category = fields.CharField(max_length=40, null=True)
    severity = fields.CharEnumField(HazardSeverity, max_length=16, null=True)
    hazard_type = fields.CharEnumField(HazardType, max_length=16, null=True)
    parties = fields.CharField(max_length=500, default="")  # disputes: who is involved
    node: fields.ForeignKeyRelation[OrgNode] = fk("OrgNode", "cases", RESTRICT, db_index=True)
    node_id: int
    # The community whose rules (categories, deadlines, duty points) apply.
    community: fields.ForeignKeyRelation[OrgNode] = fk("OrgNode", "community_cases", RESTRICT)
    community_id: int
    # The node's path, copied so that scope and order are served by indexes on this table
    # alone (migration 0007); `models.refresh_copied_paths` keeps it right when the tree moves.
    node_path = fields.CharField(max_length=255, default="", db_default="")
    reporter_user: fields.ForeignKeyNullableRelation[User] = nullable_fk(
        "User", "reported_cases", db_index=True
    )
    reporter_user_id: int | None
    reporter_resident: fields.ForeignKeyNullableRelation[Resident] = nullable_fk(
        "Resident", "reported_cases"
    )
    reporter_resident_id: int | None
    reporter_name = fields.CharField(max_length=50, default="")
    reporter_phone = fields.CharField(max_length=11, null=True)
    assignee: fields.ForeignKeyNullableRelation[User] = nullable_fk(
        "User", "assigned_cases", db_index=True
    )
    assignee_id: int | None
    resolved_by: fields.ForeignKeyNullableRelation[User] = nullable_fk("User", "resolved_cases")
    resolved_by_id: int | None
    rating = fields.SmallIntField(null=True)
    rating_comment = fields.CharField(max_length=1000, default="")
    due_at = fields.DatetimeField(null=True, db_index=True)
    accepted_at = fields.DatetimeField(null=True)
    resolved_at = fields.DatetimeField(null=True)
    verified_at = fields.DatetimeField(null=True)
    # QR submissions: the same key from the same building's code returns the first case.
    qr_building: fields.ForeignKeyNullableRelation[OrgNode] = nullable_fk("OrgNode", "qr_cases")
    qr_building_id: int | None
    idempotency_key = fields.CharField(max_length=64, null=True)
    # SHA-256 of what the QR submission said: the same key with other content is a conflict.
    qr_content_hash = fields.CharField(max_length=64, null=True)

    class Meta:
        table = "cases"
        unique_together = (("qr_building", "idempotency_key"),)
        indexes = (("status", "due_at"), ("community_id", "created_at"))


class CaseEvent(IdMixin, Model):
    """One transition: who moved the case from which status to which, and why."""

    case: fields.ForeignKeyRelation[Case] = fk("Case", "events", CASCADE, db_index=True)
    case_id: int
    actor: fields.ForeignKeyNullableRelation[User] = nullable_fk("User", "case_events")
    actor_id: int | None
    from_status = fields.CharEnumField(CaseStatus, max_length=16, null=True)
    to_status = fields.CharEnumField(CaseStatus, max_length=16)
    note = fields.CharField(max_length=1000, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "case_event"


class CaseAttachment(IdMixin, Model):
    """A photo stored by content hash under the data folder."""

    case: fields.ForeignKeyRelation[Case] = fk("Case", "attachments", CASCADE, db_index=True)
    case_id: int
    sha256 = fields.CharField(max_length=64)
    content_type = fields.CharField(max_length=20)
    size = fields.IntField()
    uploaded_by: fields.ForeignKeyNullableRelation[User] = nullable_fk("User", "case_attachments")
    uploaded_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "case_attachment"


class CaseCategory(IdMixin, Model):
    """A demand category a community adds to the built-in list."""

    community: fields.ForeignKeyRelation[OrgNode] = fk("OrgNode", "case_categories", CASCADE)
    community_id: int
    code = fields.CharField(max_length=40)
    name = fields.CharField(max_length=50)

    class Meta:
        table = "case_category"
        unique_together = (("community", "code"),)


class CaseDeadline(IdMixin, Model):
    """How long acceptance and resolution may take in a community, per kind (and category)."""

    community: fields.ForeignKeyRelation[OrgNode] = fk("OrgNode", "case_deadlines", CASCADE)
    community_id: int
    kind = fields.CharEnumField(CaseKind, max_length=16)
    category = fields.CharField(max_length=40, default="")  # "" applies to the whole kind
    accept_hours = fields.IntField()
    resolve_hours = fields.IntField()

    class Meta:
        table = "case_deadline"
        unique_together = (("community", "kind", "category"),)


class DutyPointRule(IdMixin, Model):
    """Duty points (履职积分) a community credits for a verified case of a kind."""

    community: fields.ForeignKeyRelation[OrgNode] = fk("OrgNode", "duty_point_rules", CASCADE)
    community_id: int
    kind = fields.CharEnumField(CaseKind, max_length=16)
    points = fields.IntField()

    class Meta:
        table = "duty_point_rule"
        unique_together = (("community", "kind"),)


class BuildingQrToken(IdMixin, Model):
    """The token printed in a building QR code ("码上扫心愿"). Rotating it retires the old one."""

    building: fields.OneToOneRelation[OrgNode] = fields.OneToOneField(
        "models.OrgNode", related_name="qr_token", on_delete=CASCADE
    )
    building_id: int
    token = fields.CharField(max_length=64, unique=True)
    rotated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "building_qr_token"
