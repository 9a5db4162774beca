"""Users, role grants, login and the viewer."""

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Self

import strawberry

import models
import resolvers.users.accounts
import resolvers.users.grants
import resolvers.users.sessions
from resolvers.ids import decode_id_of
from schema.filters import LOOSE_RULE, either, loose
from schema.ids import IdOf
from schema.info import Info
from schema.mutations import Payload
from schema.org import OrgNode, org_node_pk
from schema.paging import LOOSE, Paging, paged
from schema.relay import Connection, Node, lookup_field, to_connection
from schema.rows import FromModel, load_optional, load_required

if TYPE_CHECKING:
    from schema.evaluations.types import EvaluationAward

strawberry.enum(models.Role, name="Role")


@strawberry.type
class User(Node, FromModel[models.User]):
    row: strawberry.Private[models.User]
    id: strawberry.ID
    username: str
    display_name: str
    created_at: datetime

    @strawberry.field(description="Active grants the viewer may see.")
    async def grants(self, info: Info) -> list["RoleGrant"]:
        rows = await resolvers.users.grants.grants_of(info.context, self.row)
        return [RoleGrant.from_model(row) for row in rows]

    @strawberry.field
    async def awards(
        self, info: Info
    ) -> list[Annotated["EvaluationAward", strawberry.lazy("schema.evaluations.types")]]:
        from schema.evaluations.types import awards_of

        return awards_of(await info.context.loaders.awards_by_user_id.load(self.row.id))


@strawberry.type
class RoleGrant(Node, FromModel[models.RoleGrant]):
    row: strawberry.Private[models.RoleGrant]
    id: strawberry.ID
    role: models.Role

    @strawberry.field(
        description=(
            "Where the role applies (its subtree); "
            "null only for SYSTEM_ADMIN, whose scope is everything."
        )
    )
    async def node(self, info: Info) -> OrgNode | None:
        loader = info.context.loaders.org_node_by_id
        return await load_optional(loader, self.row.node_id, OrgNode.from_model)

    @strawberry.field
    async def user(self, info: Info) -> User:
        loader = info.context.loaders.user_by_id
        return await load_required(loader, self.row.user_id, User.from_model)


user_pk = IdOf("User")
UserId = Annotated[strawberry.ID, user_pk]


@strawberry.input
class GrantRoleInput:
    user_id: strawberry.ID
    role: models.Role
    node_id: strawberry.ID | None = strawberry.field(
        default=None, description="Required for every role but SYSTEM_ADMIN."
    )


@strawberry.input
class CreateUserInput:
    username: str
    display_name: str
    password: str


@strawberry.type
class RoleGrantPayload(Payload[models.RoleGrant], result=RoleGrant.from_model):
    grant: RoleGrant | None = None


@strawberry.type
class UserPayload(Payload[models.User], result=User.from_model):
    user: User | None = None


@strawberry.type
class LoginPayload(Payload[tuple[str, models.User]]):
    token: str | None = strawberry.field(
        default=None, description="Send as `Authorization: Bearer <token>`."
    )
    user: User | None = None

    @classmethod
    def from_result(cls, session: tuple[str, models.User], /) -> Self:
        token, user = session
        return cls(token=token, user=User.from_model(user))


@strawberry.enum(description="The order of `users`; every order pages by keyset cursors.")
class UserOrder(Enum):
    ID = strawberry.enum_value("ID", description="By id, in the order accounts were created.")
    USERNAME = strawberry.enum_value("USERNAME", description="By username (用户名), then id.")
    NAME = strawberry.enum_value("NAME", description="By display name (姓名), then id.")
    CREATED_ASC = strawberry.enum_value("CREATED_ASC", description="Oldest account first.")
    CREATED_DESC = strawberry.enum_value("CREATED_DESC", description="Newest account first.")


@strawberry.input(description="Which accounts (账号) a list holds.")
class UserFilter:
    search: str | None = strawberry.field(
        default=None, description="Username or display name contains."
    )


@strawberry.type
class UsersQuery:
    @strawberry.field(description="The signed-in user, or null without a valid token.")
    async def me(self, info: Info) -> User | None:
        user = info.context.user
        return User.from_model(user) if user else None

    @strawberry.field(description="Users holding a grant in the viewer's scope. " + LOOSE_RULE)
    @paged(UserOrder.ID, LOOSE)
    async def users(
        self,
        info: Info,
        paging: Paging[UserFilter, UserOrder],
        search: Annotated[str | None, loose("search")] = None,
    ) -> Connection[User]:
        where = either(paging.filter, UserFilter, search=search)
        page = await resolvers.users.accounts.users(
            info.context, where.search, paging.order, paging.window
        )
        return to_connection(page, User.from_model)

    user = lookup_field(
        resolvers.users.accounts.user,
        user_pk,
        User,
        description="An account by id, or null when missing or outside the viewer's scope.",
    )


@strawberry.type
class UsersMutation:
    # login, changePassword and createUser spend their time hashing a password and write at
    # most one row: no transaction, which would hold the database all that while.
    @strawberry.mutation
    async def login(self, info: Info, username: str, password: str) -> LoginPayload:
        return await LoginPayload.mutate(
            lambda: resolvers.users.sessions.login(info.context, username, password),
            atomic=False,
        )

    @strawberry.mutation(description="Ends every session of the signed-in user.")
    async def logout(self, info: Info) -> UserPayload:
        return await UserPayload.mutate(lambda: resolvers.users.sessions.logout(info.context))

    @strawberry.mutation(description="Earlier tokens stop working; use the new one returned.")
    async def change_password(
        self, info: Info, old_password: str, new_password: str
    ) -> LoginPayload:
        return await LoginPayload.mutate(
            lambda: resolvers.users.sessions.change_password(
                info.context, old_password, new_password
            ),
            atomic=False,
        )

    @strawberry.mutation
    async def create_user(self, info: Info, input: CreateUserInput) -> UserPayload:
        return await UserPayload.mutate(
            lambda: resolvers.users.accounts.create_user(
                info.context, input.username, input.display_name, input.password
            ),
            atomic=False,
        )

    @strawberry.mutation
    async def grant_role(self, info: Info, input: GrantRoleInput) -> RoleGrantPayload:
        return await RoleGrantPayload.mutate(
            lambda: resolvers.users.grants.grant_role(
                info.context,
                user_pk(input.user_id, "userId"),
                input.role,
                org_node_pk.optional(input.node_id, "nodeId"),
            ),
        )

    @strawberry.mutation
    async def revoke_role(self, info: Info, id: strawberry.ID) -> RoleGrantPayload:
        return await RoleGrantPayload.mutate(
            lambda: resolvers.users.grants.revoke_role(info.context, decode_id_of(id, "RoleGrant")),
        )
