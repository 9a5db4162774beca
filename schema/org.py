"""The organisation tree: OrgNode, its queries and mutations."""

from collections.abc import Awaitable
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
import resolvers.org
from resolvers.ids import encode_global_id
from schema.filters import LOOSE_RULE, either, loose
from schema.ids import IdOf
from schema.info import Info
from schema.loading import many_now_or_later
from schema.mutations import Payload
from schema.paging import Paging, paged
from schema.relay import Connection, Node, lookup_field, to_connection
from schema.rows import FromModel, load_required

if TYPE_CHECKING:
    from schema.evaluations.types import EvaluationAward

strawberry.enum(models.OrgLevel, name="OrgLevel")


@strawberry.enum(description="The order of a list of org nodes; every order pages by keyset.")
class OrgNodeOrder(Enum):
    ID = strawberry.enum_value("ID", description="By id, in the order the nodes were created.")
    NAME = strawberry.enum_value("NAME", description="By name (名称), then id.")
    CREATED_ASC = strawberry.enum_value("CREATED_ASC", description="Oldest first.")
    CREATED_DESC = strawberry.enum_value("CREATED_DESC", description="Newest first.")


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

    @strawberry.field(
        description="The node's children (下级) the viewer may see, archived ones left out."
    )
    @paged(OrgNodeOrder.ID, "first after last before order_by")
    async def children(
        self, info: Info, paging: Paging[None, OrgNodeOrder]
    ) -> Connection["OrgNode"]:
        page = await resolvers.org.children(info.context, self.row, paging.order, paging.window)
        return to_connection(page, OrgNode.from_model)

    @strawberry.field
    async def awards(
        self, info: Info
    ) -> list[Annotated["EvaluationAward", strawberry.lazy("schema.evaluations.types")]]:
        from schema.evaluations.types import awards_of

        return awards_of(await info.context.loaders.awards_by_node_id.load(self.row.id))


async def anchor_node(info: Info, pk: int) -> OrgNode:
    """The node a row hangs at (its node, building or community), whatever the viewer's scope."""
    return await load_required(info.context.loaders.anchor_node_by_id, pk, OrgNode.from_model)


def _readable_nodes(rows: list[models.OrgNode | None]) -> list[OrgNode]:
    return [OrgNode.from_model(row) for row in rows if row is not None]


org_node_pk = IdOf("OrgNode")
OrgNodeId = Annotated[strawberry.ID, org_node_pk]


def node_id_of(path: str | None) -> strawberry.ID | None:
    """The global id of the node a materialized path ends at (None for no path)."""
    ids = models.path_ids(path) if path else []
    return strawberry.ID(encode_global_id("OrgNode", ids[-1])) if ids else None


@strawberry.input(description="Which org nodes (组织节点) a list holds; the conditions AND.")
class OrgNodeFilter:
    level: models.OrgLevel | None = strawberry.field(default=None, description="Of this level.")
    parent_id: strawberry.ID | None = strawberry.field(
        default=None, description="Children of this node."
    )
    descendants_of: strawberry.ID | None = strawberry.field(
        default=None, description="Only nodes below this one (any depth)."
    )
    search: str | None = strawberry.field(default=None, description="Name contains.")
    include_archived: bool = strawberry.field(
        default=False, description="Archived (已撤销) nodes too."
    )


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
    @strawberry.field(
        description=(
            "Nodes of the tree the viewer may see: the subtrees of their grant nodes, and the "
            "nodes above them as breadcrumbs; archived ones only with `includeArchived`. "
            + LOOSE_RULE
        )
    )
    @paged(
        OrgNodeOrder.ID,
        "level parent_id first after descendants_of search include_archived "
        "filter order_by last before",
    )
    async def org_nodes(
        self,
        info: Info,
        paging: Paging[OrgNodeFilter, OrgNodeOrder],
        level: Annotated[models.OrgLevel | None, loose("level")] = None,
        parent_id: Annotated[strawberry.ID | None, loose("parentId")] = None,
        descendants_of: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only nodes below this one (any depth)."),
        ] = None,
        search: Annotated[str | None, strawberry.argument(description="Name contains.")] = None,
        include_archived: Annotated[bool, loose("includeArchived")] = False,
    ) -> Connection[OrgNode]:
        where = either(
            paging.filter,
            OrgNodeFilter,
            level=level,
            parent_id=parent_id,
            descendants_of=descendants_of,
            search=search,
            include_archived=include_archived,
        )
        page = await resolvers.org.org_nodes(
            info.context,
            level=where.level,
            parent_id=org_node_pk.optional(where.parent_id, "parentId"),
            descendants_of=org_node_pk.optional(where.descendants_of, "descendantsOf"),
            search=where.search,
            include_archived=where.include_archived,
            order=paging.order,
            window=paging.window,
        )
        return to_connection(page, OrgNode.from_model)

    org_node = lookup_field(
        resolvers.org.org_node,
        org_node_pk,
        OrgNode,
        description="A node by id, or null when it is missing or outside what the viewer sees.",
    )


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
