"""A case (群众诉求, 隐患, 矛盾纠纷) as staff read it, and the console list."""

from collections.abc import Awaitable
from datetime import datetime
from enum import Enum

import strawberry

import models
import resolvers.cases.photo_urls
import resolvers.cases.reading
from schema.ids import IdOf
from schema.info import Info
from schema.inputs import decoded
from schema.loading import now_or_later, selected_paths
from schema.mutations import Payload
from schema.org import OrgNode, OrgNodeId
from schema.paging import Paging, paged
from schema.relay import Connection, Node, lookup_field, to_connection
from schema.rows import FromModel, load_optional
from schema.users import User, UserId

strawberry.enum(
    models.CaseKind,
    name="CaseKind",
    description=(
        "What a case is: a demand or wish (群众诉求/微心愿), a hazard (隐患) or a dispute "
        "(矛盾纠纷)."
    ),
)


strawberry.enum(
    models.CaseStatus,
    name="CaseStatus",
    description=(
        "Where a case stands: accepted by the community (社区接单), claimed by a cadre "
        "(党员干部接单), handled, rated by the resident (群众评单), verified (组织验单)."
    ),
)


strawberry.enum(models.HazardSeverity, name="HazardSeverity")


strawberry.enum(models.HazardType, name="HazardType")


@strawberry.enum(description="The order of `cases`; every order pages by keyset cursors.")
class CaseOrder(Enum):
    CREATED_DESC = strawberry.enum_value(
        "CREATED_DESC", description="Newest first (by submission, 提交时间)."
    )
    CREATED_ASC = strawberry.enum_value("CREATED_ASC", description="Oldest first.")
    DUE_ASC = strawberry.enum_value(
        "DUE_ASC",
        description="The nearest deadline (办理时限) first; cases without one come last.",
    )
    UPDATED_DESC = strawberry.enum_value(
        "UPDATED_DESC", description="The most recently changed first."
    )
    ID = strawberry.enum_value("ID", description="By id, in the order the cases were created.")


@strawberry.type
class CaseEvent(FromModel[models.CaseEvent]):
    row: strawberry.Private[models.CaseEvent]
    from_status: models.CaseStatus | None
    to_status: models.CaseStatus
    note: str
    created_at: datetime

    @strawberry.field
    async def actor(self, info: Info) -> User | None:
        loader = info.context.loaders.user_by_id
        return await load_optional(loader, self.row.actor_id, User.from_model)


@strawberry.type(
    description=(
        "A photo of a case (办理照片; JPEG, PNG or WebP, re-encoded when added); `node(id:)` "
        "reads it where the case is readable."
    )
)
class CaseAttachment(Node, FromModel[models.CaseAttachment]):
    row: strawberry.Private[models.CaseAttachment]
    id: strawberry.ID
    content_type: str
    size: int
    created_at: datetime

    @strawberry.field(
        description=(
            "Where to GET the photo, relative to the API's origin: a signed link that needs no "
            "header (for `<img src>`), good only for this file and this viewer, for a few "
            "minutes (LOUDONG_ATTACHMENT_URL_MINUTES) and while the viewer still may read the "
            "case. Ask again for a fresh one. `/attachments/<id>` alone needs the "
            "Authorization header."
        )
    )
    def url(self, info: Info) -> str:
        return resolvers.cases.photo_urls.attachment_url(info.context, self.row.id)


@strawberry.type
class CaseReporter:
    name: str
    phone: str | None = strawberry.field(description="Masked unless the viewer may see it.")


@strawberry.type
class Case(Node, FromModel[models.Case]):
    row: strawberry.Private[models.Case]
    id: strawberry.ID
    kind: models.CaseKind
    status: models.CaseStatus
    title: str
    description: str
    category: str | None
    severity: models.HazardSeverity | None
    hazard_type: models.HazardType | None
    parties: str
    rating: int | None = strawberry.field(description="1 to 5, given by the reporter.")
    rating_comment: str
    due_at: datetime | None
    created_at: datetime
    updated_at: datetime
    accepted_at: datetime | None
    resolved_at: datetime | None
    verified_at: datetime | None

    @strawberry.field(
        description="The node the case is about: usually a building.", graphql_type=OrgNode
    )
    def node(self, info: Info) -> OrgNode | Awaitable[OrgNode]:
        # A case the viewer reads (one they reported or handle, say) shows where it is, even
        # outside their org scope.
        loader = info.context.loaders.anchor_node_by_id
        return now_or_later(loader, self.row.node_id, _anchor_node)

    @strawberry.field(graphql_type=User | None)
    def assignee(self, info: Info) -> User | Awaitable[User | None] | None:
        if self.row.assignee_id is None:
            return None
        return now_or_later(info.context.loaders.user_by_id, self.row.assignee_id, _user)

    @strawberry.field(description="Past its current stage's deadline.")
    def overdue(self) -> bool:
        return resolvers.cases.reading.is_overdue(self.row)

    @strawberry.field
    async def reporter(self, info: Info) -> CaseReporter:
        phone = await resolvers.cases.reading.reporter_phone(info.context, self.row)
        return CaseReporter(name=self.row.reporter_name, phone=phone)

    @strawberry.field(description="Every transition, oldest first.")
    async def events(self, info: Info) -> list[CaseEvent]:
        rows = await info.context.loaders.events_by_case_id.load(self.row.id)
        return [CaseEvent.from_model(row) for row in rows]

    @strawberry.field
    async def attachments(self, info: Info) -> list[CaseAttachment]:
        rows = await info.context.loaders.attachments_by_case_id.load(self.row.id)
        return [CaseAttachment.from_model(row) for row in rows]


def _anchor_node(row: models.OrgNode | None) -> OrgNode:
    assert row is not None, "a case's node cannot be missing (foreign key)"
    return OrgNode.from_model(row)


def _user(row: models.User | None) -> User | None:
    return User.from_model(row) if row else None


case_pk = IdOf("Case")


@strawberry.input
class CaseFilter:
    kind: models.CaseKind | None = None
    status: list[models.CaseStatus] | None = None
    node_id: OrgNodeId | None = strawberry.field(
        default=None,
        description="Only cases in this node's subtree (intersected with what the viewer may see).",
    )
    assigned_to_me: bool | None = None
    category: str | None = None
    severity: models.HazardSeverity | None = None
    assignee_id: UserId | None = None
    reporter_id: UserId | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    due_after: datetime | None = None
    due_before: datetime | None = None
    overdue: bool | None = None
    search: str | None = strawberry.field(default=None, description="Title contains.")

    def to_filter(self) -> resolvers.cases.reading.CaseFilter:
        return decoded(self, resolvers.cases.reading.CaseFilter)


@strawberry.type
class CasePayload(Payload[models.Case], result=Case.from_model):
    case: Case | None = None


@strawberry.type
class CasesQuery:
    @strawberry.field(
        description=(
            "Cases (群众诉求/微心愿, 隐患, 矛盾纠纷) the viewer reads, the staff console's list: "
            "in their case scope (disputes from COMMUNITY_ADMIN up), waiting to be claimed in a "
            "volunteer's scope, or reported by or assigned to them."
        )
    )
    @paged(CaseOrder.CREATED_DESC)
    async def cases(self, info: Info, paging: Paging[CaseFilter, CaseOrder]) -> Connection[Case]:
        where = (paging.filter or CaseFilter()).to_filter()
        page = await resolvers.cases.reading.cases(info.context, where, paging.order, paging.window)
        selected = selected_paths(info)
        await resolvers.cases.reading.load_related(
            info.context,
            page.rows,
            nodes="edges.node.node" in selected,
            ancestors="edges.node.node.ancestors" in selected,
            assignees="edges.node.assignee" in selected,
        )
        return to_connection(page, Case.from_model)

    case = lookup_field(
        resolvers.cases.reading.case,
        case_pk,
        Case,
        description="A case by id, or null when it is missing or outside what the viewer reads.",
    )
