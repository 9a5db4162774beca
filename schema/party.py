"""Party members, titles, volunteer teams and mobile party members."""

import strawberry

import models
from resolvers.ids import encode_global_id
from schema.info import Info
from schema.org import OrgNode
from schema.relay import Node


@strawberry.type
class PartyMember(Node):
    row: strawberry.Private[models.PartyMember]
    id: strawberry.ID
    kind: models.PartyMemberKind
    pledge: str = strawberry.field(description="Public service pledge (服务承诺).")
    show_publicly: bool = strawberry.field(
        description="Consents to be shown on the building's public page."
    )
    work_city: str
    employer: str

    @classmethod
    def from_model(cls, row: models.PartyMember) -> "PartyMember":
        return cls(
            row=row,
            id=strawberry.ID(encode_global_id("PartyMember", row.id)),
            kind=row.kind,
            pledge=row.pledge,
            show_publicly=row.show_publicly,
            work_city=row.work_city,
            employer=row.employer,
        )

    @strawberry.field
    async def reports_to(self, info: Info) -> OrgNode | None:
        if self.row.reports_to_id is None:
            return None
        row = await info.context.loaders.org_node_by_id.load(self.row.reports_to_id)
        return OrgNode.from_model(row) if row else None
