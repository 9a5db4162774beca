"""`node(id)`: any object by global id; missing and out of scope both give null."""

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

import resolvers.cases
import resolvers.org
import resolvers.party
import resolvers.people
import resolvers.users
from resolvers.context import Context
from resolvers.ids import decode_global_id
from schema.cases import Case
from schema.info import Info
from schema.org import OrgNode
from schema.party import PartyMember, Title, VolunteerTeam
from schema.people import Household, Resident
from schema.relay import Node
from schema.users import RoleGrant, User

# type name -> (scoped getter returning a row or None, GraphQL type built from the row)
NODE_TYPES: dict[str, tuple[Callable[[Context, int], Awaitable[Any]], Callable[[Any], Node]]] = {
    "OrgNode": (resolvers.org.get_org_node, OrgNode.from_model),
    "User": (resolvers.users.get_user, User.from_model),
    "RoleGrant": (resolvers.users.get_grant, RoleGrant.from_model),
    "Resident": (resolvers.people.get_resident, Resident.from_model),
    "Household": (resolvers.people.get_household, Household.from_model),
    "PartyMember": (resolvers.party.get_party_member, PartyMember.from_model),
    "VolunteerTeam": (resolvers.party.get_team, VolunteerTeam.from_model),
    "Title": (resolvers.party.get_title, Title.from_model),
    "Case": (resolvers.cases.get_case, Case.from_model),
}


async def resolve_node(info: Info, global_id: strawberry.ID) -> Node | None:
    type_name, pk = decode_global_id(global_id)
    if type_name not in NODE_TYPES:
        return None
    get, convert = NODE_TYPES[type_name]
    row = await get(info.context, pk)
    return convert(row) if row is not None else None


@strawberry.type
class NodeQuery:
    @strawberry.field
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await resolve_node(info, id)
