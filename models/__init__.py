"""Tortoise models. This package imports nothing from the rest of the app."""

from models.audit import GENESIS_HASH, AuditHead, AuditRecord
from models.cases import (
    BuildingQrToken,
    Case,
    CaseAttachment,
    CaseCategory,
    CaseDeadline,
    CaseEvent,
    CaseKind,
    CaseStatus,
    DutyPointEntry,
    DutyPointRule,
    HazardSeverity,
    HazardType,
)
from models.limits import RateLimit
from models.org import (
    LEVEL_ORDER,
    PATH_SEPARATOR,
    OrgLevel,
    OrgNode,
    child_path,
    in_subtree,
    path_ids,
)
from models.party import (
    ContactChannel,
    ContactLog,
    MobileContactPerson,
    PartyMember,
    PartyMemberKind,
    Title,
    TitleKind,
    VolunteerTeam,
    VolunteerTeamMember,
)
from models.paths import refresh_copied_paths
from models.people import Gender, Household, Resident, ResidentTag, ResidentTagLink
from models.users import Role, RoleGrant, User

MODEL_MODULES = [
    "models.org",
    "models.users",
    "models.people",
    "models.party",
    "models.cases",
    "models.limits",
    "models.audit",
]

__all__ = [
    "GENESIS_HASH",
    "LEVEL_ORDER",
    "MODEL_MODULES",
    "PATH_SEPARATOR",
    "AuditHead",
    "AuditRecord",
    "BuildingQrToken",
    "Case",
    "CaseAttachment",
    "CaseCategory",
    "CaseDeadline",
    "CaseEvent",
    "CaseKind",
    "CaseStatus",
    "ContactChannel",
    "ContactLog",
    "DutyPointEntry",
    "DutyPointRule",
    "Gender",
    "HazardSeverity",
    "HazardType",
    "Household",
    "MobileContactPerson",
    "OrgLevel",
    "OrgNode",
    "PartyMember",
    "PartyMemberKind",
    "RateLimit",
    "Resident",
    "ResidentTag",
    "ResidentTagLink",
    "Role",
    "RoleGrant",
    "Title",
    "TitleKind",
    "User",
    "VolunteerTeam",
    "VolunteerTeamMember",
    "child_path",
    "in_subtree",
    "path_ids",
    "refresh_copied_paths",
]
