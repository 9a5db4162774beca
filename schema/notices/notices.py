"""Notices (公告, 公示): the list, one by id, and posting, changing and withdrawing them."""

from datetime import datetime
from enum import Enum

import strawberry

import models
import resolvers.notices.reading
import resolvers.notices.writing
from resolvers.notices.reading import is_current
from schema.ids import IdOf
from schema.info import Info
from schema.inputs import decoded
from schema.mutations import Payload
from schema.org import OrgNode, OrgNodeId, anchor_node
from schema.paging import list_field
from schema.points.rankings import PointsNotice
from schema.relay import Node, lookup_field
from schema.rows import FromModel, load_optional

notice_pk = IdOf("Notice")
strawberry.enum(models.NoticeKind, name="NoticeKind")


@strawberry.type
class Notice(Node, FromModel[models.Notice]):
    row: strawberry.Private[models.Notice]
    id: strawberry.ID
    kind: models.NoticeKind
    title: str
    body: str
    published_at: datetime
    expires_at: datetime | None
    withdrawn_at: datetime | None
    created_at: datetime

    @strawberry.field
    def current(self) -> bool:
        return is_current(self.row)

    @strawberry.field
    def kind_label(self) -> str:
        return models.NOTICE_KIND_LABELS[self.row.kind]

    @strawberry.field
    async def node(self, info: Info) -> OrgNode:
        return await anchor_node(info, self.row.node_id)

    @strawberry.field
    async def points_notice(self, info: Info) -> PointsNotice | None:
        loader = info.context.loaders.points_notice_by_id
        return await load_optional(loader, self.row.points_notice_id, PointsNotice.from_model)


@strawberry.enum
class NoticeOrder(Enum):
    PUBLISHED_DESC = "PUBLISHED_DESC"
    PUBLISHED_ASC = "PUBLISHED_ASC"
    ID = "ID"


@strawberry.input
class NoticeFilter:
    node_id: OrgNodeId | None = None
    kind: list[models.NoticeKind] | None = None
    current: bool | None = None
    search: str | None = None

    def to_filter(self) -> resolvers.notices.reading.NoticeFilter:
        return decoded(self, resolvers.notices.reading.NoticeFilter)


@strawberry.input
class CreateNoticeInput:
    node_id: OrgNodeId
    kind: models.NoticeKind
    title: str
    body: str = ""
    published_at: datetime | None = None
    expires_at: datetime | None = None

    def to_input(self) -> resolvers.notices.writing.NewNotice:
        return decoded(self, resolvers.notices.writing.NewNotice)


@strawberry.input
class UpdateNoticeInput:
    kind: models.NoticeKind | None = None
    title: str | None = None
    body: str | None = None
    published_at: datetime | None = None
    expires_at: datetime | None = None
    clear_expiry: bool = False

    def to_input(self) -> resolvers.notices.writing.NoticeChange:
        return decoded(self, resolvers.notices.writing.NoticeChange)


@strawberry.type
class NoticePayload(Payload[models.Notice], result=Notice.from_model):
    notice: Notice | None = None


@strawberry.type
class NoticesQuery:
    notices = list_field(
        resolvers.notices.reading.notices, NoticeFilter, NoticeOrder.PUBLISHED_DESC, Notice
    )

    notice = lookup_field(resolvers.notices.reading.notice, notice_pk, Notice)


@strawberry.type
class NoticesMutation:
    @strawberry.mutation
    async def create_notice(self, info: Info, input: CreateNoticeInput) -> NoticePayload:
        return await NoticePayload.mutate(
            lambda: resolvers.notices.writing.create_notice(info.context, input.to_input())
        )

    @strawberry.mutation
    async def update_notice(
        self, info: Info, id: strawberry.ID, input: UpdateNoticeInput
    ) -> NoticePayload:
        return await NoticePayload.mutate(
            lambda: resolvers.notices.writing.update_notice(
                info.context, notice_pk(id), input.to_input()
            )
        )

    @strawberry.mutation
    async def withdraw_notice(self, info: Info, id: strawberry.ID) -> NoticePayload:
        return await NoticePayload.mutate(
            lambda: resolvers.notices.writing.withdraw_notice(info.context, notice_pk(id))
        )
