"""The organisation tree: OrgNode, its queries and mutations."""

from collections.abc import Awaitable
from datetime import datetime
from typing import Annotated

import strawberry

import models
import resolvers.org
from schema.ids import IdOf
from schema.info import Info
from schema.loading import many_now_or_later
from schema.mutations import Payload
from schema.relay import Connection, Node, to_connection
from schema.rows import FromModel

strawberry.enum(models.OrgLevel, name="OrgLevel")


@strawberry.type
class OrgNode(Node, FromModel[models.OrgNode]):
    row: strawberry.Private[models.OrgNode]
    id: strawberry.ID
    name: str
    level: models.OrgLevel
    archived: bool
    created_at: datetime

    @strawberry.field
    async def parent(self, info: Info) -> "OrgNode | None":
        row = await resolvers.org.parent(info.context, self.row)
        return OrgNode.from_model(row) if row else None

    @strawberry.field(description="Root first, this node excluded.", graphql_type=list["OrgNode"])
    def ancestors(self, info: Info) -> "list[OrgNode] | Awaitable[list[OrgNode]]":
        # Scoped: an ancestor the viewer may not read is left out.
        loader = info.context.loaders.org_node_by_id
        return many_now_or_later(loader, self.row.ancestor_ids, _readable_nodes)

    @strawberry.field
    async def children(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection["OrgNode"]:
        page = await resolvers.org.children(info.context, self.row, first, after)
        return to_connection(page, OrgNode.from_model)


def _readable_nodes(rows: list[models.OrgNode | None]) -> list[OrgNode]:
    return [OrgNode.from_model(row) for row in rows if row is not None]


org_node_pk = IdOf("OrgNode")


@strawberry.input
class CreateOrgNodeInput:
    parent_id: strawberry.ID | None = strawberry.field(
        description="Null only for a STREET, created by a system admin."
    )
    name: str
    level: models.OrgLevel


@strawberry.type
class OrgNodePayload(Payload[models.OrgNode], result=OrgNode.from_model):
    org_node: OrgNode | None = None


@strawberry.type
class OrgQuery:
    @strawberry.field
    async def org_nodes(
        self,
        info: Info,
        level: models.OrgLevel | None = None,
        parent_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
        descendants_of: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only nodes below this one (any depth)."),
        ] = None,
        search: Annotated[str | None, strawberry.argument(description="Name contains.")] = None,
        include_archived: bool = False,
    ) -> Connection[OrgNode]:
        """Every node the viewer may see (their subtrees and the breadcrumbs above), by id."""
        page = await resolvers.org.org_nodes(
            info.context,
            level=level,
            parent_id=org_node_pk.optional(parent_id, "parentId"),
            descendants_of=org_node_pk.optional(descendants_of, "descendantsOf"),
            search=search,
            include_archived=include_archived,
            first=first,
            after=after,
        )
        return to_connection(page, OrgNode.from_model)


@strawberry.type
class OrgMutation:
    @strawberry.mutation
    async def create_org_node(self, info: Info, input: CreateOrgNodeInput) -> OrgNodePayload:
        return await OrgNodePayload.mutate(
            lambda: resolvers.org.create_org_node(
                info.context,
                parent_id=org_node_pk.optional(input.parent_id, "parentId"),
                name=input.name,
                level=input.level,
            )
        )

    @strawberry.mutation
    async def rename_org_node(self, info: Info, id: strawberry.ID, name: str) -> OrgNodePayload:
        return await OrgNodePayload.mutate(
            lambda: resolvers.org.rename_org_node(info.context, org_node_pk(id), name)
        )

    @strawberry.mutation(description="Moves the node with its subtree; same parent level only.")
    async def move_org_node(
        self, info: Info, id: strawberry.ID, new_parent_id: strawberry.ID
    ) -> OrgNodePayload:
        return await OrgNodePayload.mutate(
            lambda: resolvers.org.move_org_node(
                info.context, org_node_pk(id), org_node_pk(new_parent_id, "newParentId")
            )
        )

    @strawberry.mutation(description="Hides the node and its subtree; nothing is deleted.")
    async def archive_org_node(self, info: Info, id: strawberry.ID) -> OrgNodePayload:
        return await OrgNodePayload.mutate(
            lambda: resolvers.org.archive_org_node(info.context, org_node_pk(id))
        )

    @strawberry.mutation
    async def restore_org_node(self, info: Info, id: strawberry.ID) -> OrgNodePayload:
        return await OrgNodePayload.mutate(
            lambda: resolvers.org.restore_org_node(info.context, org_node_pk(id))
        )
