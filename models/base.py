"""Shared model pieces: the integer id, timestamps and foreign keys."""

from typing import TypeVar

from tortoise import fields
from tortoise.fields.base import SET_NULL, OnDelete
from tortoise.models import Model

M = TypeVar("M", bound=Model)


class IdMixin:
    id = fields.IntField(primary_key=True)


class TimestampMixin:
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)


def fk(
    model: str, related_name: str, on_delete: OnDelete, *, db_index: bool | None = None
) -> fields.ForeignKeyRelation[M]:
    """A non-null foreign key to a model of this app: `node: fields.ForeignKeyRelation[OrgNode]
    = fk("OrgNode", ...)`, then `node_id: int`."""
    return fields.ForeignKeyField(
        f"models.{model}", related_name=related_name, on_delete=on_delete, db_index=db_index
    )


def nullable_fk(
    model: str,
    related_name: str,
    on_delete: OnDelete = SET_NULL,
    *,
    db_index: bool | None = None,
) -> fields.ForeignKeyNullableRelation[M]:
    """A nullable foreign key, set to null by default when its row goes: `user:
    fields.ForeignKeyNullableRelation[User] = nullable_fk("User", ...)`, then `user_id: int |
    None`."""
    return fields.ForeignKeyField(
        f"models.{model}",
        related_name=related_name,
        null=True,
        on_delete=on_delete,
        db_index=db_index,
    )
