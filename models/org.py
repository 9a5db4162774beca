"""The five-level organisation tree, stored with a materialized path."""

from enum import StrEnum

from tortoise import fields
from tortoise.expressions import Q
from tortoise.fields import RESTRICT
from tortoise.models import Model

from models.base import IdMixin, TimestampMixin, nullable_fk

PATH_SEPARATOR = "/"


class OrgLevel(StrEnum):
    STREET = "STREET"
    COMMUNITY = "COMMUNITY"
    GRID = "GRID"
    BUILDING = "BUILDING"
    CENTRAL_HOUSEHOLD = "CENTRAL_HOUSEHOLD"

    @property
    def child_level(self) -> "OrgLevel | None":
        index = LEVEL_ORDER.index(self)
        return LEVEL_ORDER[index + 1] if index + 1 < len(LEVEL_ORDER) else None


LEVEL_ORDER = list(OrgLevel)


class OrgNode(IdMixin, TimestampMixin, Model):
    """A node of the tree. `path` is `/<root id>/.../<own id>/`, so a subtree is one prefix."""

    name = fields.CharField(max_length=100)
    level = fields.CharEnumField(OrgLevel, max_length=20)
    parent: fields.ForeignKeyNullableRelation["OrgNode"] = nullable_fk(
        "OrgNode", "children", RESTRICT
    )
    parent_id: int | None
    # Indexed; on PostgreSQL a varchar_pattern_ops index (see migrations) serves LIKE 'prefix%'.
    path = fields.CharField(max_length=255, db_index=True)
    archived = fields.BooleanField(default=False)

    class Meta:
        table = "org_node"
        unique_together = (("parent", "name"),)

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down, this node excluded."""
        return path_ids(self.path)[:-1]

    def __str__(self) -> str:
        return f"{self.level} {self.name}"


def path_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR) if part]


def child_path(parent_path: str | None, node_id: int) -> str:
    return f"{parent_path or PATH_SEPARATOR}{node_id}{PATH_SEPARATOR}"


def in_subtree(path: str, path_field: str = "path") -> Q:
    """Rows whose materialized path `path_field` lies in the subtree at `path`, itself included.

    Paths end with the separator, so /1/3/ never matches /1/30/."""
    return Q(**{f"{path_field}__startswith": path})
