"""Titles held at a node (楼栋长, 红管家, 网格员, 兼职委员)."""

import strawberry

import models
import resolvers.party.titles
from resolvers.ids import decode_id_of
from schema.info import Info
from schema.mutations import Payload
from schema.org import OrgNode, org_node_pk
from schema.people.types import Resident, resident_pk
from schema.relay import Node
from schema.rows import FromModel

strawberry.enum(models.TitleKind, name="TitleKind")


@strawberry.type
class Title(Node, FromModel[models.Title]):
    row: strawberry.Private[models.Title]
    id: strawberry.ID
    kind: models.TitleKind

    @strawberry.field(
        description="Where the title is held; null when that node lies outside the viewer's "
        "scope (e.g. the holder's building moved away from the grid they serve)."
    )
    async def node(self, info: Info) -> OrgNode | None:
        row = await info.context.loaders.org_node_by_id.load(self.row.node_id)
        return OrgNode.from_model(row) if row is not None else None

    @strawberry.field
    async def resident(self, info: Info) -> Resident | None:
        row = await resolvers.party.titles.title_resident(info.context, self.row)
        return Resident.from_model(row) if row else None


@strawberry.type
class TitlePayload(Payload[models.Title], result=Title.from_model):
    title: Title | None = None


@strawberry.type
class TitlesQuery:
    @strawberry.field(description="Titles held at a node (楼栋长, 红管家, 网格员, 兼职委员).")
    async def titles(self, info: Info, node_id: strawberry.ID) -> list[Title]:
        rows = await resolvers.party.titles.titles(info.context, org_node_pk(node_id, "nodeId"))
        return [Title.from_model(row) for row in rows]


@strawberry.type
class TitlesMutation:
    @strawberry.mutation
    async def assign_title(
        self, info: Info, node_id: strawberry.ID, resident_id: strawberry.ID, kind: models.TitleKind
    ) -> TitlePayload:
        return await TitlePayload.mutate(
            lambda: resolvers.party.titles.assign_title(
                info.context,
                org_node_pk(node_id, "nodeId"),
                resident_pk(resident_id, "residentId"),
                kind,
            ),
        )

    @strawberry.mutation
    async def remove_title(self, info: Info, id: strawberry.ID) -> TitlePayload:
        return await TitlePayload.mutate(
            lambda: resolvers.party.titles.remove_title(info.context, decode_id_of(id, "Title")),
        )
