"""Login, tokens, accounts and role grants."""

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

import models
from resolvers.auth import TOKEN_ALGORITHM
from tests.helpers import (
    LOGIN,
    Api,
    both_look_first,
    first_node_of,
    gid,
    node_named,
    postgres_only,
)

ME = "query { me { id username grants { role node { id level } user { username } } } }"
ORG_COUNT = "query { orgNodes { totalCount } }"

GRANT = """
mutation Grant($input: GrantRoleInput!) {
  grantRole(input: $input) {
    grant { id role node { id } user { id username } }
    errors { field code message }
  }
}
"""

REVOKE = """
mutation Revoke($id: ID!) {
  revokeRole(id: $id) { grant { id } errors { field code message } }
}
"""

CREATE_USER = """
mutation CreateUser($input: CreateUserInput!) {
  createUser(input: $input) { user { id username displayName } errors { field code message } }
}
"""

USERS = """
query Users($search: String) {
  users(search: $search, first: 100) { totalCount edges { node { username grants { role } } } }
}
"""

LOGOUT = "mutation { logout { user { username } errors { code } } }"

CHANGE_PASSWORD = """
mutation Change($old: String!, $new: String!) {
  changePassword(oldPassword: $old, newPassword: $new) { token errors { field code } }
}
"""


async def test_login_returns_a_token_that_identifies_the_user(api: Api, demo):
    data = await api.gql(ME, as_="grid1")
    assert data["me"]["username"] == "grid1"
    assert [g["role"] for g in data["me"]["grants"]] == ["GRID_LEADER"]


@pytest.mark.parametrize(
    ("username", "password"),
    [("grid1", "wrong-password"), ("nobody", "loudong-demo"), ("", "")],
)
async def test_wrong_credentials_get_no_token(api: Api, demo, username, password):
    data = await api.gql(LOGIN, {"username": username, "password": password})
    assert data["login"]["token"] is None
    assert data["login"]["errors"][0]["code"] == "UNAUTHENTICATED"


async def _unauthenticated(api: Api, token: str) -> bool:
    response = await api.post(ORG_COUNT, token=token)
    body = response.json()
    return body["data"] is None and body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_forged_expired_and_garbage_tokens_are_unauthenticated(api: Api, demo, settings):
    user = await models.User.get(username="admin")
    now = datetime.now(UTC)
    claims = {"sub": str(user.id), "ver": 0, "iat": now, "exp": now + timedelta(hours=1)}
    forged = jwt.encode(claims, "another-secret-of-sufficient-length-0123456789", TOKEN_ALGORITHM)
    expired = jwt.encode(
        {**claims, "exp": now - timedelta(seconds=1)}, settings.secret, TOKEN_ALGORITHM
    )
    valid = jwt.encode(claims, settings.secret, TOKEN_ALGORITHM)
    assert not await _unauthenticated(api, valid)
    for token in (forged, expired, "garbage", valid + "x"):
        assert await _unauthenticated(api, token), token


async def test_logout_revokes_every_token(api: Api, demo):
    token = await api.token("grid1")
    data = await api.gql(LOGOUT, as_="grid1")
    assert data["logout"]["user"]["username"] == "grid1"
    assert await _unauthenticated(api, token)
    body = (await api.post(ORG_COUNT, token=token)).json()
    assert "sign in again" in body["errors"][0]["message"]


async def test_password_change_revokes_old_tokens(api: Api, demo):
    old_token = await api.token("grid1")
    refused = await api.gql(CHANGE_PASSWORD, {"old": "nope", "new": "new-password-1"}, as_="grid1")
    assert refused["changePassword"]["errors"][0]["field"] == "oldPassword"
    short = await api.gql(CHANGE_PASSWORD, {"old": "loudong-demo", "new": "short"}, as_="grid1")
    assert short["changePassword"]["errors"][0]["code"] == "INVALID"
    changed = await api.gql(
        CHANGE_PASSWORD, {"old": "loudong-demo", "new": "new-password-1"}, as_="grid1"
    )
    new_token = changed["changePassword"]["token"]
    assert await _unauthenticated(api, old_token)
    assert not await _unauthenticated(api, new_token)
    relogin = await api.gql(LOGIN, {"username": "grid1", "password": "new-password-1"})
    assert relogin["login"]["token"]


async def test_me_is_null_without_a_token(api: Api, demo):
    assert (await api.gql("query { me { id } }"))["me"] is None


async def _create_user(
    api: Api, as_: str, username: str, display_name: str = "x", password: str = "a-good-password"
) -> dict[str, Any]:
    """The createUser payload."""
    variables = {"username": username, "displayName": display_name, "password": password}
    data = await api.gql(CREATE_USER, {"input": variables}, as_=as_)
    payload: dict[str, Any] = data["createUser"]
    return payload


async def _new_user(api: Api, as_: str, username: str = "newbie") -> str:
    data = await _create_user(api, as_, username, display_name="新人")
    assert data["errors"] == [], data
    user_id: str = data["user"]["id"]
    return user_id


async def test_grid_leader_grants_a_building_leader_in_its_grid(api: Api, demo):
    # given
    grid1 = await first_node_of(models.OrgLevel.GRID, await node_named(models.OrgLevel.STREET, 0))
    building = await first_node_of(models.OrgLevel.BUILDING, grid1)
    user_id = await _new_user(api, "grid1")
    # when
    data = await api.gql(
        GRANT,
        {"input": {"userId": user_id, "role": "BUILDING_LEADER", "nodeId": gid(building)}},
        as_="grid1",
    )
    # then
    assert data["grantRole"]["errors"] == []
    assert data["grantRole"]["grant"]["node"]["id"] == gid(building)
    grant = await models.RoleGrant.get(user__username="newbie")
    assert (grant.role, grant.node_id) == (models.Role.BUILDING_LEADER, building.id)


@pytest.mark.parametrize(
    ("role", "where", "code"),
    [
        ("COMMUNITY_ADMIN", "own_community", "FORBIDDEN"),
        ("GRID_LEADER", "own_grid", "FORBIDDEN"),  # equal to its own role
        ("BUILDING_LEADER", "sibling_grid_building", "NOT_FOUND"),  # outside its subtree
        ("BUILDING_LEADER", "other_street_building", "NOT_FOUND"),
        ("RESIDENT", "own_community", "FORBIDDEN"),  # a breadcrumb, not its subtree
        ("BUILDING_LEADER", "own_grid", "INVALID"),  # a building role at a grid
        ("SYSTEM_ADMIN", None, "FORBIDDEN"),
    ],
)
async def test_grid_leader_cannot_grant_above_itself_or_outside_its_grid(
    api: Api, demo, role, where, code
):
    # given
    street1 = await node_named(models.OrgLevel.STREET, 0)
    grid1 = await first_node_of(models.OrgLevel.GRID, street1)
    sibling = await models.OrgNode.filter(parent_id=grid1.parent_id).exclude(id=grid1.id).first()
    assert sibling is not None
    places = {
        "own_community": await models.OrgNode.get(id=grid1.parent_id),
        "own_grid": grid1,
        "sibling_grid_building": await first_node_of(models.OrgLevel.BUILDING, sibling),
        "other_street_building": await first_node_of(
            models.OrgLevel.BUILDING, await node_named(models.OrgLevel.STREET, 1)
        ),
    }
    user_id = await _new_user(api, "grid1")
    node_id = gid(places[where]) if where else None
    # when
    data = await api.gql(
        GRANT, {"input": {"userId": user_id, "role": role, "nodeId": node_id}}, as_="grid1"
    )
    # then
    assert data["grantRole"]["grant"] is None
    assert data["grantRole"]["errors"][0]["code"] == code, data
    assert not await models.RoleGrant.filter(user__username="newbie").exists()


async def test_grant_to_unknown_user_or_twice(api: Api, demo):
    community = await first_node_of(
        models.OrgLevel.COMMUNITY, await node_named(models.OrgLevel.STREET, 0)
    )
    grid = await first_node_of(models.OrgLevel.GRID, community)
    unknown = await api.gql(
        GRANT,
        {"input": {"userId": "VXNlcjo5OTk5OQ==", "role": "GRID_LEADER", "nodeId": gid(grid)}},
        as_="community1",
    )
    assert unknown["grantRole"]["errors"][0] == {
        "field": "userId",
        "code": "NOT_FOUND",
        "message": "No such user.",
    }
    user_id = await _new_user(api, "community1")
    variables = {"input": {"userId": user_id, "role": "GRID_LEADER", "nodeId": gid(grid)}}
    assert (await api.gql(GRANT, variables, as_="community1"))["grantRole"]["errors"] == []
    again = await api.gql(GRANT, variables, as_="community1")
    assert again["grantRole"]["errors"][0]["code"] == "CONFLICT"


@postgres_only
async def test_two_identical_grants_at_once_leave_one(api: Api, demo, monkeypatch):
    # given
    grid = await first_node_of(models.OrgLevel.GRID, await node_named(models.OrgLevel.STREET, 0))
    user_id = await _new_user(api, "community1")
    variables = {"input": {"userId": user_id, "role": "GRID_LEADER", "nodeId": gid(grid)}}
    # and both calls look for an existing grant before either inserts (left alone, the first
    # call would be done before the second got there): the window the unique index closes
    both_look_first(monkeypatch, models.RoleGrant)
    # when
    first, second = await asyncio.gather(
        api.gql(GRANT, variables, as_="community1"), api.gql(GRANT, variables, as_="community1")
    )
    # then
    outcomes = sorted(
        p["grantRole"]["errors"][0]["code"] if p["grantRole"]["errors"] else "OK"
        for p in (first, second)
    )
    assert outcomes == ["CONFLICT", "OK"]
    assert await models.RoleGrant.filter(user__username="newbie", revoked_at=None).count() == 1


async def test_a_revoked_grant_stops_working_on_the_next_request(api: Api, demo):
    # given: grid1 reads its grid's nodes
    token = await api.token("grid1")
    before = await api.post(ORG_COUNT, token=token)
    assert before.json()["data"]["orgNodes"]["totalCount"] > 0
    grant = await models.RoleGrant.get(user__username="grid1")
    # when: community1 revokes it
    data = await api.gql(REVOKE, {"id": gid(grant)}, as_="community1")
    # then: the same token now sees nothing, and the grant is kept for the record
    assert data["revokeRole"]["errors"] == []
    after = await api.post(ORG_COUNT, token=token)
    assert after.json()["data"]["orgNodes"]["totalCount"] == 0
    assert (await models.RoleGrant.get(id=grant.id)).revoked_at is not None


async def test_nobody_revokes_an_equal_grant(api: Api, demo):
    grant = await models.RoleGrant.get(user__username="community1")
    data = await api.gql(REVOKE, {"id": gid(grant)}, as_="community1")
    assert data["revokeRole"]["errors"][0]["code"] == "FORBIDDEN"
    assert (await models.RoleGrant.get(id=grant.id)).revoked_at is None


async def test_users_list_is_scoped(api: Api, demo):
    community1 = await api.gql(USERS, as_="community1")
    names = {edge["node"]["username"] for edge in community1["users"]["edges"]}
    assert names == {"community1", "grid1", "building1", "household1", "volunteer1", "resident1"}
    admin = await api.gql(USERS, as_="admin")
    assert admin["users"]["totalCount"] == await models.User.all().count()
    searched = await api.gql(USERS, {"search": "grid"}, as_="street1")
    assert {e["node"]["username"] for e in searched["users"]["edges"]} == {"grid1"}


async def test_grants_of_others_outside_scope_are_hidden(api: Api, demo):
    # auditor1 holds a grant at street1, above community1's scope
    auditor = await models.User.get(username="auditor1")
    data = await api.gql(
        "query($id: ID!) { node(id: $id) { ... on User { username } } }",
        {"id": gid(auditor)},
        as_="community1",
    )
    assert data["node"] is None
    street2_admin = await models.User.get(username="street2")
    seen = await api.gql(
        "query($id: ID!) { node(id: $id) { id } }", {"id": gid(street2_admin)}, as_="street1"
    )
    assert seen["node"] is None


@pytest.mark.parametrize(
    ("username", "password", "field"),
    [("", "a-good-password", "username"), ("有 空格", "a-good-password", "username"),
     ("ok_name", "short", "password"), ("grid1", "a-good-password", "username")],
)  # fmt: skip
async def test_bad_new_accounts_are_refused(api: Api, demo, username, password, field):
    before = await models.User.all().count()
    data = await _create_user(api, "community1", username, password=password)
    assert data["errors"][0]["field"] == field
    assert await models.User.all().count() == before


async def test_residents_cannot_create_accounts(api: Api, demo):
    data = await _create_user(api, "resident1", "x1")
    assert data["errors"][0]["code"] == "FORBIDDEN"


# ------------------------------------------------------------------ issue 8, item 18


@pytest.mark.parametrize(
    ("username", "code"),
    [("Admin", "CONFLICT"), ("ADMIN", "CONFLICT"), ("\uff41\uff44\uff4d\uff49\uff4e", "CONFLICT"),
     ("\u0430dmin", "INVALID"), ("ad\u202emin", "INVALID"), ("ad\x00min", "INVALID")],
)  # fmt: skip
async def test_no_lookalike_of_an_existing_username_can_be_created(api: Api, demo, username, code):
    # given: the demo's `admin`
    before = await models.User.all().count()
    # when
    data = await _create_user(api, "admin", username)
    # then
    assert data["errors"][0]["code"] == code, data
    assert data["errors"][0]["field"] == "username"
    assert await models.User.all().count() == before


async def test_usernames_are_stored_and_found_in_one_spelling(api: Api, demo):
    # given
    data = await _create_user(api, "community1", "Li.Wei", display_name="李伟")
    assert data["user"]["username"] == "li.wei"
    # when: signing in with other spellings of the names
    full_width = "\uff2c\uff29.\uff57\uff45\uff49"
    new = await api.gql(LOGIN, {"username": full_width, "password": "a-good-password"})
    old = await api.gql(LOGIN, {"username": "Grid1", "password": "loudong-demo"})
    # then
    assert new["login"]["token"]
    assert old["login"]["token"]


@pytest.mark.parametrize("display_name", ["Bob\x07", "\u202eevil", "a\x00b"])
async def test_display_names_hold_no_control_characters(api: Api, demo, display_name):
    data = await _create_user(api, "community1", "bob", display_name=display_name)
    assert data["errors"][0]["field"] == "displayName"
    assert not await models.User.filter(username="bob").exists()


# ------------------------------------------------------------------ issue 8, items 11 and 19


async def test_grants_find_no_user_outside_scope(api: Api, demo):
    # given: grid1's building, and users who exist outside grid1's scope or not at all
    grid = await first_node_of(models.OrgLevel.GRID, await node_named(models.OrgLevel.STREET, 0))
    building = gid(await first_node_of(models.OrgLevel.BUILDING, grid))
    outside = [gid(await models.User.get(username=name)) for name in ("community2", "street2")]
    # when
    answers = [
        await api.gql(
            GRANT,
            {"input": {"userId": user, "role": "BUILDING_LEADER", "nodeId": building}},
            as_="grid1",
        )
        for user in [*outside, "VXNlcjo5OTk5OQ=="]
    ]
    # then: one answer, which echoes no name
    assert [a["grantRole"] for a in answers] == [
        {"grant": None, "errors": [{"field": "userId", "code": "NOT_FOUND",
                                    "message": "No such user."}]}
    ] * 3  # fmt: skip
    assert not await models.RoleGrant.filter(
        user__username__in=["community2", "street2"], role=models.Role.BUILDING_LEADER
    ).exists()


async def test_whether_one_may_grant_does_not_depend_on_the_user(api: Api, demo):
    # given: grants grid1 may not give, to users who exist (in scope or not) or not
    street1 = await node_named(models.OrgLevel.STREET, 0)
    community = await first_node_of(models.OrgLevel.COMMUNITY, street1)
    users = [gid(await models.User.get(username=n)) for n in ("building1", "community2")]
    for role, node in [("GRID_LEADER", community), ("SYSTEM_ADMIN", None)]:
        # when
        answers = [
            (await api.gql(
                GRANT,
                {"input": {"userId": user, "role": role, "nodeId": gid(node) if node else None}},
                as_="grid1",
            ))["grantRole"]["errors"]
            for user in [*users, "VXNlcjo5OTk5OQ=="]
        ]  # fmt: skip
        # then
        assert answers[0][0]["code"] == "FORBIDDEN"
        assert answers == [answers[0]] * 3


async def test_nobody_grants_a_role_to_their_own_account(api: Api, demo):
    # given: community1, and a grid of its community
    me = await models.User.get(username="community1")
    grid = await first_node_of(models.OrgLevel.GRID, await node_named(models.OrgLevel.STREET, 0))
    # when: it grants itself roles below its own
    answers = [
        (await api.gql(
            GRANT, {"input": {"userId": gid(me), "role": role, "nodeId": gid(grid)}},
            as_="community1",
        ))["grantRole"]["errors"]
        for role in ("GRID_LEADER", "VOLUNTEER")
    ]  # fmt: skip
    # then
    assert [a[0]["code"] for a in answers] == ["FORBIDDEN", "FORBIDDEN"]
    assert await models.RoleGrant.filter(user_id=me.id).count() == 1


async def test_a_new_account_is_granted_only_by_those_who_read_it(api: Api, demo):
    # given: an account community1 made, not yet placed anywhere
    user_id = await _new_user(api, "community1")
    grid = await first_node_of(models.OrgLevel.GRID, await node_named(models.OrgLevel.STREET, 0))
    building = gid(await first_node_of(models.OrgLevel.BUILDING, grid))
    variables = {"input": {"userId": user_id, "role": "BUILDING_LEADER", "nodeId": building}}
    # when: grid1, which did not make it, tries to grant it a role
    theirs = await api.gql(GRANT, variables, as_="grid1")
    mine = await api.gql(GRANT, variables, as_="community1")
    # then
    assert theirs["grantRole"]["errors"][0]["code"] == "NOT_FOUND"
    assert mine["grantRole"]["errors"] == []
    assert mine["grantRole"]["grant"]["user"]["username"] == "newbie"


@postgres_only
async def test_two_revocations_of_one_grant_at_once_answer_ok_once(api: Api, demo, monkeypatch):
    # given: both calls read the active grant before either revokes it
    import resolvers.users.grants

    grant = await models.RoleGrant.get(user__username="grid1")
    await api.token("community1")
    read = resolvers.users.grants.get_grant
    both_read = asyncio.Barrier(2)

    async def read_then_wait(ctx: Any, pk: int) -> models.RoleGrant | None:
        found = await read(ctx, pk)
        async with asyncio.timeout(10):
            await both_read.wait()
        return found

    monkeypatch.setattr(resolvers.users.grants, "get_grant", read_then_wait)
    # when
    first, second = await asyncio.gather(
        api.gql(REVOKE, {"id": gid(grant)}, as_="community1"),
        api.gql(REVOKE, {"id": gid(grant)}, as_="community1"),
    )
    # then
    outcomes = sorted(
        p["revokeRole"]["errors"][0]["code"] if p["revokeRole"]["errors"] else "OK"
        for p in (first, second)
    )
    assert outcomes == ["CONFLICT", "OK"]
    assert (await models.RoleGrant.get(id=grant.id)).revoked_at is not None
