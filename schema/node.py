"""`node(id)`: any object by global id; missing and out of scope both give null."""

import strawberry

import resolvers.org
import resolvers.people
import resolvers.users
from resolvers.ids import decode_global_id
from schema.info import Info
from schema.org import OrgNode
from schema.people import Household, Resident
from schema.relay import Node
from schema.users import RoleGrant, User


async def resolve_node(info: Info, global_id: strawberry.ID) -> Node | None:
    type_name, pk = decode_global_id(global_id)
    ctx = info.context
    if type_name == "OrgNode":
        node = await resolvers.org.get_org_node(ctx, pk)
        return OrgNode.from_model(node) if node else None
    if type_name == "User":
        user = await resolvers.users.get_user(ctx, pk)
        return User.from_model(user) if user else None
    if type_name == "RoleGrant":
        grant = await resolvers.users.get_grant(ctx, pk)
        return RoleGrant.from_model(grant) if grant else None
    if type_name == "Resident":
        resident = await resolvers.people.get_resident(ctx, pk)
        return Resident.from_model(resident) if resident else None
    if type_name == "Household":
        household = await resolvers.people.get_household(ctx, pk)
        return Household.from_model(household) if household else None
    return None


@strawberry.type
class NodeQuery:
    @strawberry.field
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await resolve_node(info, id)
