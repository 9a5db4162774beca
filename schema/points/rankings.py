"""Period totals and rankings (一周一统计、一月一评比), and quarterly notices (一季一公示)."""

from datetime import date, datetime
from enum import Enum

import strawberry

import models
import resolvers.points.notices
import resolvers.points.rankings
from resolvers.ids import encode_global_id
from resolvers.pagination import paginate_loaded
from resolvers.points.notices import NoticeFilter
from resolvers.points.rankings import RankingRow
from schema.ids import IdOf
from schema.info import Info
from schema.inputs import decoded
from schema.mutations import Payload
from schema.org import OrgNode, OrgNodeId, anchor_node, org_node_pk
from schema.paging import list_field
from schema.points.entries import PointsPeriod
from schema.relay import (
    After,
    Connection,
    First,
    Node,
    to_connection,
    window,
)
from schema.rows import FromModel, same_fields

notice_pk = IdOf("PointsNotice", "noticeId")
RANK_ORDER = resolvers.points.notices.NOTICE_ROW_ORDER


@strawberry.type
class PointsRankingRow:
    row: strawberry.Private[RankingRow]
    rank: int
    points: int
    points_per_household: float | None
    name: str

    @strawberry.field
    def subject_id(self) -> strawberry.ID:
        type_name = {
            models.RankingSubject.RESIDENTS: "Resident",
            models.RankingSubject.HOUSEHOLDS: "Household",
            models.RankingSubject.BUILDINGS: "OrgNode",
        }[self.row.subject]
        return strawberry.ID(encode_global_id(type_name, self.row.id))

    @classmethod
    def of(cls, row: RankingRow) -> "PointsRankingRow":
        return same_fields(row, cls, row=row)


@strawberry.type
class PointsNoticeRow:
    rank: int
    name: str
    points: int
    points_per_household: float | None

    @classmethod
    def of(cls, row: models.PointsNoticeRow) -> "PointsNoticeRow":
        scaled = row.points_per_household
        return same_fields(row, cls, points_per_household=None if scaled is None else scaled / 100)


@strawberry.type
class PointsNotice(Node, FromModel[models.PointsNotice]):
    row: strawberry.Private[models.PointsNotice]
    id: strawberry.ID
    title: str
    year: int
    quarter: int
    subject: models.RankingSubject
    published_at: datetime

    @strawberry.field
    async def node(self, info: Info) -> OrgNode:
        return await anchor_node(info, self.row.node_id)

    @strawberry.field
    async def rows(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[PointsNoticeRow]:
        rows = await info.context.loaders.notice_rows_by_notice_id.load(self.row.id)
        page = paginate_loaded(rows, RANK_ORDER, window(first, after))
        return to_connection(page, PointsNoticeRow.of)


@strawberry.type
class PointsNoticePayload(Payload[models.PointsNotice], result=PointsNotice.from_model):
    notice: PointsNotice | None = None


@strawberry.enum
class PointsNoticeOrder(Enum):
    PUBLISHED_DESC = "PUBLISHED_DESC"
    ID = "ID"


@strawberry.input
class PointsNoticeFilter:
    node_id: OrgNodeId | None = None
    year: int | None = None
    quarter: int | None = None
    subject: models.RankingSubject | None = None

    def to_filter(self) -> NoticeFilter:
        return decoded(self, NoticeFilter)


@strawberry.type
class PointsRankingQuery:
    @strawberry.field
    async def points_ranking(
        self,
        info: Info,
        node_id: strawberry.ID,
        day: date,
        subject: models.RankingSubject,
        period: PointsPeriod = PointsPeriod.MONTH,
        first: First = None,
        after: After = None,
    ) -> Connection[PointsRankingRow]:
        page = await resolvers.points.rankings.points_ranking(
            info.context,
            org_node_pk(node_id, "nodeId"),
            period.period,
            day,
            subject,
            window(first, after),
        )
        return to_connection(page, PointsRankingRow.of)

    points_notices = list_field(
        resolvers.points.notices.points_notices,
        PointsNoticeFilter,
        PointsNoticeOrder.PUBLISHED_DESC,
        PointsNotice,
    )


@strawberry.type
class PointsNoticesMutation:
    @strawberry.mutation
    async def publish_points_notice(
        self, info: Info, node_id: strawberry.ID, quarter: str, subject: models.RankingSubject
    ) -> PointsNoticePayload:
        return await PointsNoticePayload.mutate(
            lambda: resolvers.points.notices.publish_points_notice(
                info.context, org_node_pk(node_id, "nodeId"), quarter, subject
            )
        )
