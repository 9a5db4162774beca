"""Quarterly public notices of points (积分公示, "一季一公示"): a ranking frozen when published.

A notice and its rows are written once, in one transaction, and never change (on PostgreSQL a
trigger refuses UPDATE and DELETE of either table): later corrections of the ledger change
live rankings, never a published notice. Names are stored masked for public display
(policies/masking.py `mask_name`). The notice itself is small and self-contained (a node, a
title, when and by whom) so that a general notice board can list it beside other notices.
"""

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.fields.base import RESTRICT
from tortoise.models import Model

from models.base import IdMixin, fk, nullable_fk

if TYPE_CHECKING:
    from models.org import OrgNode
    from models.users import User


class RankingSubject(StrEnum):
    RESIDENTS = "RESIDENTS"  # 个人: residents by their volunteer points
    HOUSEHOLDS = "HOUSEHOLDS"  # 家庭: households by their members' points
    BUILDINGS = "BUILDINGS"  # 楼栋: buildings by their residents' points per household


RANKING_SUBJECT_LABELS: dict[RankingSubject, str] = {
    RankingSubject.RESIDENTS: "个人",
    RankingSubject.HOUSEHOLDS: "家庭",
    RankingSubject.BUILDINGS: "楼栋",
}


class NoticeFrozen(Exception):
    """A stored notice (or row) was to be saved again or deleted."""


class FrozenOnceSaved:
    """A row written once: saving it again or deleting it raises NoticeFrozen (the guard on
    every database; PostgreSQL's trigger also stops a queryset's UPDATE or DELETE)."""

    _saved_in_db: bool

    async def save(self, *args: Any, **kwargs: Any) -> None:
        if self._saved_in_db:
            raise NoticeFrozen(type(self).__name__)
        await super().save(*args, **kwargs)  # type: ignore[misc]

    async def delete(self, *args: Any, **kwargs: Any) -> None:
        raise NoticeFrozen(type(self).__name__)


class PointsNotice(FrozenOnceSaved, IdMixin, Model):
    """A published quarterly notice (积分公示) of a ranking at a node, frozen."""

    node: fields.ForeignKeyRelation["OrgNode"] = fk("OrgNode", "points_notices", RESTRICT)
    node_id: int
    node_path = fields.CharField(max_length=255, default="", db_default="")
    title = fields.CharField(max_length=200)
    year = fields.IntField()
    quarter = fields.IntField()  # 1-4
    subject = fields.CharEnumField(RankingSubject, max_length=16)
    published_by: fields.ForeignKeyNullableRelation["User"] = nullable_fk(
        "User", "points_notices", RESTRICT
    )
    published_by_id: int | None
    published_at = fields.DatetimeField()

    class Meta:
        table = "points_notice"
        # One notice per node, quarter and subject: publishing twice is a CONFLICT.
        unique_together = (("node", "year", "quarter", "subject"),)


class PointsNoticeRow(FrozenOnceSaved, IdMixin, Model):
    """One line of a published notice: rank, masked name and points, as they were."""

    notice: fields.ForeignKeyRelation[PointsNotice] = fk("PointsNotice", "rows", RESTRICT)
    notice_id: int
    rank = fields.IntField()
    name = fields.CharField(max_length=200)
    points = fields.IntField()
    # Points per household (buildings only), in hundredths: 1234 is 12.34.
    points_per_household = fields.IntField(null=True)

    class Meta:
        table = "points_notice_row"


class NoticeKind(StrEnum):
    GENERAL = "GENERAL"  # 公告: an announcement
    PUBLIC_NOTICE = "PUBLIC_NOTICE"  # 公示: something shown for residents to check or object to
    POINTS = "POINTS"  # 积分公示: a quarterly points notice, written by publishPointsNotice


NOTICE_KIND_LABELS: dict[NoticeKind, str] = {
    NoticeKind.GENERAL: "公告",
    NoticeKind.PUBLIC_NOTICE: "公示",
    NoticeKind.POINTS: "积分公示",
}


class Notice(IdMixin, Model):
    """A notice (公告, 公示) posted at a node for the staff and residents of its subtree.

    `published_at` may lie ahead (scheduled), `expires_at` is optional, and a withdrawn notice
    stays for the record. A notice of kind POINTS stands for a quarterly points notice
    (`points_notice`), written in the same transaction that publishes it, and is as frozen as
    it: no notice mutation changes it. The rules are models/workflows/notices.py.
    """

    node: fields.ForeignKeyRelation["OrgNode"] = fk("OrgNode", "notices", RESTRICT)
    node_id: int
    node_path = fields.CharField(max_length=255, default="", db_default="")
    kind = fields.CharEnumField(NoticeKind, max_length=16)
    title = fields.CharField(max_length=200)
    body = fields.TextField(default="")
    published_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(null=True)
    withdrawn_at = fields.DatetimeField(null=True)
    points_notice: fields.OneToOneNullableRelation[PointsNotice] = fields.OneToOneField(
        "models.PointsNotice", related_name="notice", null=True, on_delete=RESTRICT
    )
    points_notice_id: int | None
    created_by: fields.ForeignKeyNullableRelation["User"] = nullable_fk("User", "notices_created")
    created_by_id: int | None
    withdrawn_by: fields.ForeignKeyNullableRelation["User"] = nullable_fk(
        "User", "notices_withdrawn"
    )
    withdrawn_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "notice"
