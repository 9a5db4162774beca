"""Global ids a field takes, decoded to a row's primary key of the one type they must name."""

from dataclasses import dataclass

import strawberry

from resolvers.ids import decode_id_of


@dataclass(frozen=True)
class IdOf:
    """`IdOf("OrgNode")(node_id, "nodeId")` is the pk a global id of an OrgNode names; any other
    id raises `Invalid` for that input field (`default_field` when none is given).

    An input type's field typed `Annotated[strawberry.ID, IdOf(...)]` (an alias beside the IdOf,
    such as `OrgNodeId`) is decoded by `schema.inputs.decoded`, under its GraphQL name."""

    type_name: str
    default_field: str = "id"

    def __call__(self, global_id: strawberry.ID, field: str | None = None) -> int:
        return decode_id_of(global_id, self.type_name, field=field or self.default_field)

    def optional(self, global_id: strawberry.ID | None, field: str | None = None) -> int | None:
        """None for a missing (or empty) id."""
        return self(global_id, field) if global_id else None
