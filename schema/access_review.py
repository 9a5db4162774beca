"""accessReview (权限审查): the grants at a node, above it and below it, page by page."""

from datetime import datetime
from enum import Enum

import strawberry

import models
import resolvers.access.review
from resolvers.access.review import Facts, Position, ReviewFilter
from resolvers.ids import encode_global_id
from schema.info import Info
from schema.inputs import decoded
from schema.org import org_node_pk
from schema.paging import Paging, paged
from schema.relay import Connection, to_connection
from schema.rows import load_optional
from schema.users import RoleGrant, User, UserId

strawberry.enum(
    Position,
    name="AccessReviewPosition",
    description="Where a grant's node lies from the node reviewed (审查节点).",
)


@strawberry.enum(description="The order of `accessReview`; every order pages by keyset cursors.")
class AccessReviewOrder(Enum):
    ID = strawberry.enum_value("ID", description="By grant id, the order grants were made.")
    ROLE = strawberry.enum_value("ROLE", description="By role (角色) name, then when granted.")
    USERNAME = strawberry.enum_value("USERNAME", description="By the holder's username.")
    CREATED_ASC = strawberry.enum_value("CREATED_ASC", description="Oldest grant first.")
    CREATED_DESC = strawberry.enum_value("CREATED_DESC", description="Newest grant first.")


@strawberry.input(description="Which grants (授权) an access review holds.")
class AccessReviewFilter:
    roles: list[models.Role] | None = strawberry.field(default=None, description="Any of these.")
    positions: list[Position] | None = strawberry.field(
        default=None, description="At the node, above it or below it (any of these)."
    )
    unused: bool | None = strawberry.field(
        default=None,
        description="True: only grants unused for 90 days; false: only the others.",
    )
    sibling_subtrees: bool | None = strawberry.field(
        default=None,
        description=(
            "True: only grants whose holder also holds one in a sibling subtree (in your scope)."
        ),
    )
    user_id: UserId | None = strawberry.field(default=None, description="One holder.")

    def to_filter(self) -> ReviewFilter:
        return decoded(self, ReviewFilter)


@strawberry.type(description="One active grant (授权) in an access review (权限审查).")
class AccessReviewEntry:
    row: strawberry.Private[models.RoleGrant]
    grant: RoleGrant = strawberry.field(description="The grant.")
    role: models.Role = strawberry.field(description="Its role.")
    user_id: strawberry.ID = strawberry.field(description="Its holder (a User).")
    username: str = strawberry.field(description="The holder's username (用户名).")
    display_name: str = strawberry.field(description="The holder's display name (姓名).")
    node_id: strawberry.ID | None = strawberry.field(description="Its node; null: SYSTEM_ADMIN.")
    position: Position = strawberry.field(description="At, above or below the node reviewed.")
    granted_at: datetime = strawberry.field(description="When it was made (UTC).")
    granted_by_id: strawberry.ID | None = strawberry.field(
        description="Who made it (a User); null when made from the command line or the seed."
    )
    last_used_at: datetime | None = strawberry.field(
        description="When it last authorised a change in the audit trail; null: never."
    )
    unused: bool = strawberry.field(
        description="Older than 90 days and authorised no change in the last 90 (90天未使用)."
    )
    sibling_subtrees: bool = strawberry.field(
        description=(
            "Its holder also holds a grant neither above nor below it (两个平级子树), in "
            "your scope."
        )
    )

    @strawberry.field(description="Who made it, when you may read that account.")
    async def granted_by(self, info: Info) -> User | None:
        loader = info.context.loaders.readable_user_by_id
        return await load_optional(loader, self.row.granted_by_id, User.from_model)

    @classmethod
    def of(cls, row: models.RoleGrant, facts: Facts) -> "AccessReviewEntry":
        path = row.node.path if row.node is not None else None
        return cls(
            row=row,
            grant=RoleGrant.from_model(row),
            role=models.Role(row.role),
            user_id=strawberry.ID(encode_global_id("User", row.user_id)),
            username=row.user.username,
            display_name=row.user.display_name,
            node_id=strawberry.ID(encode_global_id("OrgNode", row.node_id))
            if row.node_id
            else None,
            position=facts.position(row, path),
            granted_at=row.created_at,
            granted_by_id=strawberry.ID(encode_global_id("User", row.granted_by_id))
            if row.granted_by_id
            else None,
            last_used_at=facts.last_used.get(row.id),
            unused=row.id in facts.unused,
            sibling_subtrees=row.id in facts.siblings,
        )


# The node first, then the standard list arguments.
REVIEW_LAYOUT = "* filter first after order_by last before"


@strawberry.type
class AccessReviewQuery:
    @strawberry.field(
        description=(
            "权限审查 (access review): the active grants at the node, above it and below it, "
            "with who made each and when, grants unused for 90 days and holders with grants in "
            "two sibling subtrees. For street admins and auditors at nodes in their scope "
            "(system admins everywhere); a node outside it is NOT_FOUND. Also as a download: "
            "/exports/access-review.csv|.xlsx?nodeId=."
        )
    )
    @paged(AccessReviewOrder.ID, REVIEW_LAYOUT)
    async def access_review(
        self,
        info: Info,
        node_id: strawberry.ID,
        paging: Paging[AccessReviewFilter, AccessReviewOrder],
    ) -> Connection[AccessReviewEntry]:
        where = (paging.filter or AccessReviewFilter()).to_filter()
        page, facts = await resolvers.access.review.access_review(
            info.context, org_node_pk(node_id, "nodeId"), where, paging.order, paging.window
        )
        return to_connection(page, lambda row: AccessReviewEntry.of(row, facts))
