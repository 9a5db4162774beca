"""Tortoise models. This package imports nothing from the rest of the app."""

from models.org import LEVEL_ORDER, PATH_SEPARATOR, OrgLevel, OrgNode, child_path, path_ids
from models.users import Role, RoleGrant, User

MODEL_MODULES = ["models.org", "models.users"]

__all__ = [
    "LEVEL_ORDER",
    "MODEL_MODULES",
    "PATH_SEPARATOR",
    "OrgLevel",
    "OrgNode",
    "Role",
    "RoleGrant",
    "User",
    "child_path",
    "path_ids",
]
