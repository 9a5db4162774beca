"""The org tree over GraphQL: scoped reads, breadcrumbs, and every change with its bad input."""

import pytest

import models
import resolvers.org
from tests.helpers import Api, first_node_of, gid, node_named

ORG_NODES = """
query OrgNodes($level: OrgLevel, $parentId: ID, $first: Int, $after: String,
               $search: String, $descendantsOf: ID, $includeArchived: Boolean! = false) {
  orgNodes(level: $level, parentId: $parentId, first: $first, after: $after, search: $search,
           descendantsOf: $descendantsOf, includeArchived: $includeArchived) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id name level } }
  }
}
"""

NODE = """
query Node($id: ID!) {
  node(id: $id) {
    id
    ... on OrgNode {
      name level
      parent { id name }
      ancestors { id name level }
      children(first: 100) { totalCount edges { node { id name } } }
    }
  }
}
"""

CREATE = """
mutation Create($input: CreateOrgNodeInput!) {
  createOrgNode(input: $input) {
    orgNode { id name level parent { id } ancestors { id } }
    errors { field code message }
  }
}
"""

RENAME = """
mutation Rename($id: ID!, $name: String!) {
  renameOrgNode(id: $id, name: $name) { orgNode { id name } errors { field code message } }
}
"""

MOVE = """
mutation Move($id: ID!, $to: ID!) {
  moveOrgNode(id: $id, newParentId: $to) {
    orgNode { id parent { id } ancestors { id } }
    errors { field code message }
  }
}
"""

ARCHIVE = """
mutation Archive($id: ID!) {
  archiveOrgNode(id: $id) { orgNode { id archived } errors { field code message } }
}
"""

RESTORE = """
mutation Restore($id: ID!) {
  restoreOrgNode(id: $id) { orgNode { id archived } errors { field code message } }
}
"""


async def all_visible_ids(api: Api, user: str) -> set[str]:
    ids: set[str] = set()
    after = None
    while True:
        data = await api.gql(ORG_NODES, {"first": 100, "after": after}, as_=user)
        page = data["orgNodes"]
        ids |= {edge["node"]["id"] for edge in page["edges"]}
        if not page["pageInfo"]["hasNextPage"]:
            return ids
        after = page["pageInfo"]["endCursor"]


async def subtree_ids(root: models.OrgNode) -> set[str]:
    return {gid(row) for row in await models.OrgNode.filter(path__startswith=root.path)}


async def test_community_admin_sees_exactly_its_subtree_and_breadcrumbs(api: Api, demo):
    # given
    street1 = await node_named(models.OrgLevel.STREET, 0)
    community1 = await first_node_of(models.OrgLevel.COMMUNITY, street1)
    # when
    visible = await all_visible_ids(api, "community1")
    # then
    assert visible == await subtree_ids(community1) | {gid(street1)}


async def test_community_admin_sees_nothing_of_the_other_street(api: Api, demo):
    # given
    street2 = await node_named(models.OrgLevel.STREET, 1)
    foreign = await models.OrgNode.filter(path__startswith=street2.path)
    # when
    visible = await all_visible_ids(api, "community1")
    # then: not in the list, and each one looks missing through node(id)
    assert visible.isdisjoint({gid(row) for row in foreign})
    for row in foreign[:10]:
        data = await api.gql(NODE, {"id": gid(row)}, as_="community1")
        assert data["node"] is None, row


async def test_breadcrumb_shows_no_sibling_subtrees(api: Api, demo):
    # given: the first street has two communities; community1 administers one of them
    street1 = await node_named(models.OrgLevel.STREET, 0)
    community1 = await first_node_of(models.OrgLevel.COMMUNITY, street1)
    sibling = await models.OrgNode.filter(parent_id=street1.id).exclude(id=community1.id).first()
    assert sibling is not None
    # when
    data = await api.gql(NODE, {"id": gid(street1)}, as_="community1")
    # then
    children = [edge["node"]["id"] for edge in data["node"]["children"]["edges"]]
    assert children == [gid(community1)]
    assert data["node"]["children"]["totalCount"] == 1
    assert (await api.gql(NODE, {"id": gid(sibling)}, as_="community1"))["node"] is None


async def test_ancestors_are_root_first_and_exclude_the_node(api: Api, demo):
    building = await node_named(models.OrgLevel.BUILDING, 0)
    data = await api.gql(NODE, {"id": gid(building)}, as_="admin")
    levels = [row["level"] for row in data["node"]["ancestors"]]
    assert levels == ["STREET", "COMMUNITY", "GRID"]
    assert data["node"]["parent"]["id"] == data["node"]["ancestors"][-1]["id"]


async def test_sibling_grids_are_isolated(api: Api, demo):
    # given: grid1 leads the first grid; the next grid of the same community is a sibling
    street1 = await node_named(models.OrgLevel.STREET, 0)
    grid1 = await first_node_of(models.OrgLevel.GRID, street1)
    sibling = await models.OrgNode.filter(parent_id=grid1.parent_id).exclude(id=grid1.id).first()
    assert sibling is not None
    # when
    visible = await all_visible_ids(api, "grid1")
    # then
    assert visible.isdisjoint(await subtree_ids(sibling))
    assert await subtree_ids(grid1) <= visible


async def test_pagination_walks_every_node_once_for_the_admin(api: Api, demo):
    # when
    first = await api.gql(ORG_NODES, {"first": 7}, as_="admin")
    everything = await all_visible_ids(api, "admin")
    # then
    assert first["orgNodes"]["totalCount"] == await models.OrgNode.all().count() == len(everything)
    assert len(first["orgNodes"]["edges"]) == 7
    assert first["orgNodes"]["pageInfo"]["hasNextPage"] is True


async def test_first_over_the_cap_of_100_is_invalid_not_cut(api: Api, demo):
    body = await api.raw(ORG_NODES, {"first": 1000}, as_="admin")
    assert body["errors"][0]["extensions"] == {"code": "INVALID", "field": "first"}
    assert body["errors"][0]["message"] == "`first` is at most 100 rows per page."
    data = await api.gql(ORG_NODES, {"first": 100}, as_="admin")
    assert len(data["orgNodes"]["edges"]) == 100


async def test_filters_by_level_parent_search_and_descendants(api: Api, demo):
    street1 = await node_named(models.OrgLevel.STREET, 0)
    community = await first_node_of(models.OrgLevel.COMMUNITY, street1)
    by_level = await api.gql(ORG_NODES, {"level": "GRID", "first": 100}, as_="street1")
    assert (
        by_level["orgNodes"]["totalCount"]
        == await models.OrgNode.filter(
            level=models.OrgLevel.GRID, path__startswith=street1.path
        ).count()
    )
    by_parent = await api.gql(ORG_NODES, {"parentId": gid(community)}, as_="street1")
    assert (
        by_parent["orgNodes"]["totalCount"]
        == await models.OrgNode.filter(parent_id=community.id).count()
    )
    search = await api.gql(ORG_NODES, {"search": "网格", "first": 100}, as_="community1")
    assert {e["node"]["level"] for e in search["orgNodes"]["edges"]} == {"GRID"}
    below = await api.gql(ORG_NODES, {"descendantsOf": gid(community), "first": 100}, as_="admin")
    assert below["orgNodes"]["totalCount"] == len(await subtree_ids(community)) - 1


async def test_create_a_grid_under_own_community(api: Api, demo):
    # given
    community1 = await first_node_of(
        models.OrgLevel.COMMUNITY, await node_named(models.OrgLevel.STREET, 0)
    )
    # when
    data = await api.gql(
        CREATE,
        {"input": {"parentId": gid(community1), "name": "  新建  网格 ", "level": "GRID"}},
        as_="community1",
    )
    # then
    payload = data["createOrgNode"]
    assert payload["errors"] == []
    assert payload["orgNode"]["name"] == "新建 网格"
    assert payload["orgNode"]["parent"]["id"] == gid(community1)
    row = await models.OrgNode.get(name="新建 网格")
    assert row.path == f"{community1.path}{row.id}/"


async def test_grid_leader_cannot_create_a_community(api: Api, demo):
    # given
    street1 = await node_named(models.OrgLevel.STREET, 0)
    before = await models.OrgNode.all().count()
    # when
    data = await api.gql(
        CREATE,
        {"input": {"parentId": gid(street1), "name": "越权社区", "level": "COMMUNITY"}},
        as_="grid1",
    )
    # then
    assert data["createOrgNode"]["orgNode"] is None
    assert data["createOrgNode"]["errors"][0]["code"] == "FORBIDDEN"
    assert await models.OrgNode.all().count() == before


@pytest.mark.parametrize(
    ("name", "level", "code", "field"),
    [
        ("", "GRID", "INVALID", "name"),
        ("   ", "GRID", "INVALID", "name"),
        ("长" * 101, "GRID", "INVALID", "name"),
        ("错层", "BUILDING", "INVALID", "level"),
        ("错层", "STREET", "INVALID", "level"),
        ("第一网格", "GRID", "CONFLICT", "name"),
    ],
)
async def test_bad_create_input_writes_nothing(api: Api, demo, name, level, code, field):
    # given
    community1 = await first_node_of(
        models.OrgLevel.COMMUNITY, await node_named(models.OrgLevel.STREET, 0)
    )
    before = await models.OrgNode.all().count()
    # when
    data = await api.gql(
        CREATE,
        {"input": {"parentId": gid(community1), "name": name, "level": level}},
        as_="community1",
    )
    # then
    assert data["createOrgNode"]["errors"][0]["code"] == code
    assert data["createOrgNode"]["errors"][0]["field"] == field
    assert await models.OrgNode.all().count() == before


@pytest.mark.parametrize(
    ("parent_id", "code"),
    [
        ("not-base64!", "INVALID"),
        ("VXNlcjox", "INVALID"),  # User:1, an id of another type
        ("T3JnTm9kZTo5OTk5OTk=", "NOT_FOUND"),  # OrgNode:999999
    ],
)
async def test_malformed_or_unknown_parent_ids(api: Api, demo, parent_id, code):
    data = await api.gql(
        CREATE,
        {"input": {"parentId": parent_id, "name": "x", "level": "GRID"}},
        as_="admin",
    )
    assert data["createOrgNode"]["errors"][0]["code"] == code
    assert data["createOrgNode"]["errors"][0]["field"] == "parentId"


async def test_parent_out_of_scope_looks_missing(api: Api, demo):
    street2 = await node_named(models.OrgLevel.STREET, 1)
    community = await first_node_of(models.OrgLevel.COMMUNITY, street2)
    data = await api.gql(
        CREATE, {"input": {"parentId": gid(community), "name": "x", "level": "GRID"}}, as_="street1"
    )
    assert data["createOrgNode"]["errors"][0]["code"] == "NOT_FOUND"


async def test_only_a_system_admin_creates_a_street(api: Api, demo):
    street = {"input": {"parentId": None, "name": "新华街道", "level": "STREET"}}
    refused = await api.gql(CREATE, street, as_="street1")
    assert refused["createOrgNode"]["errors"][0]["code"] == "FORBIDDEN"
    created = await api.gql(CREATE, street, as_="admin")
    assert created["createOrgNode"]["orgNode"]["level"] == "STREET"


async def test_rename_below_own_node_but_not_own_node(api: Api, demo):
    street1 = await node_named(models.OrgLevel.STREET, 0)
    community1 = await first_node_of(models.OrgLevel.COMMUNITY, street1)
    grid = await first_node_of(models.OrgLevel.GRID, community1)
    renamed = await api.gql(RENAME, {"id": gid(grid), "name": "红旗网格"}, as_="community1")
    assert renamed["renameOrgNode"]["orgNode"]["name"] == "红旗网格"
    own = await api.gql(RENAME, {"id": gid(community1), "name": "改名"}, as_="community1")
    assert own["renameOrgNode"]["errors"][0]["code"] == "FORBIDDEN"
    assert (await models.OrgNode.get(id=community1.id)).name == community1.name


async def test_rename_to_a_sibling_name_conflicts(api: Api, demo):
    community1 = await first_node_of(
        models.OrgLevel.COMMUNITY, await node_named(models.OrgLevel.STREET, 0)
    )
    grids = await models.OrgNode.filter(parent_id=community1.id).order_by("id")
    data = await api.gql(RENAME, {"id": gid(grids[0]), "name": grids[1].name}, as_="community1")
    assert data["renameOrgNode"]["errors"][0]["code"] == "CONFLICT"


async def test_move_a_building_with_its_subtree_to_another_grid(api: Api, demo):
    # given
    community1 = await first_node_of(
        models.OrgLevel.COMMUNITY, await node_named(models.OrgLevel.STREET, 0)
    )
    grids = await models.OrgNode.filter(parent_id=community1.id).order_by("id")
    building = await first_node_of(models.OrgLevel.BUILDING, grids[0])
    households = await models.OrgNode.filter(parent_id=building.id)
    # when
    data = await api.gql(MOVE, {"id": gid(building), "to": gid(grids[1])}, as_="community1")
    # then
    assert data["moveOrgNode"]["errors"] == []
    moved = await models.OrgNode.get(id=building.id)
    assert moved.parent_id == grids[1].id
    assert moved.path == f"{grids[1].path}{building.id}/"
    for household in households:
        row = await models.OrgNode.get(id=household.id)
        assert row.path == f"{moved.path}{household.id}/"


async def test_a_move_carries_the_copied_paths_of_cases_and_households(api: Api, demo):
    # given: a building with cases and households, and a case elsewhere that must not change
    community1 = await first_node_of(
        models.OrgLevel.COMMUNITY, await node_named(models.OrgLevel.STREET, 0)
    )
    grids = await models.OrgNode.filter(parent_id=community1.id).order_by("id")
    building = await first_node_of(models.OrgLevel.BUILDING, grids[0])
    assert await models.Case.filter(node_id=building.id).exists()
    assert await models.Household.filter(building_id=building.id).exists()
    untouched = await models.Case.exclude(node_path__startswith=building.path).first()
    assert untouched is not None
    # when
    data = await api.gql(MOVE, {"id": gid(building), "to": gid(grids[1])}, as_="community1")
    # then: every copy equals its node's path again, and the new path is the moved one
    assert data["moveOrgNode"]["errors"] == []
    new_path = f"{grids[1].path}{building.id}/"
    for copy, key in ((models.Case, "node"), (models.Household, "building")):
        copied = await copy.all().values_list(f"{key}_path", f"{key}__path")
        assert all(mine == source for mine, source in copied)
    assert await models.Case.filter(node_id=building.id, node_path=new_path).count() == (
        await models.Case.filter(node_id=building.id).count()
    )
    assert (await models.Case.get(id=untouched.id)).node_path == untouched.node_path


async def test_a_sibling_named_alike_created_meanwhile_makes_a_move_conflict(
    api: Api, demo, monkeypatch
):
    # given: under the target grid, a building of the same name appears after the name check
    community1 = await first_node_of(
        models.OrgLevel.COMMUNITY, await node_named(models.OrgLevel.STREET, 0)
    )
    grids = await models.OrgNode.filter(parent_id=community1.id).order_by("id")
    building = await first_node_of(models.OrgLevel.BUILDING, grids[0])
    twin = await models.OrgNode.create(
        name=building.name, level=models.OrgLevel.BUILDING, parent_id=grids[1].id, path="/"
    )
    await models.OrgNode.filter(id=twin.id).update(path=models.child_path(grids[1].path, twin.id))

    async def checked_before_the_twin_came(*args: object, **kwargs: object) -> None:
        return None

    monkeypatch.setattr(resolvers.org, "_check_sibling_name", checked_before_the_twin_came)
    paths_before = {row.id: row.path for row in await models.OrgNode.all()}
    # when
    data = await api.gql(MOVE, {"id": gid(building), "to": gid(grids[1])}, as_="community1")
    # then: a CONFLICT the caller can act on, not "Unexpected error.", and nothing moved
    assert data["moveOrgNode"]["orgNode"] is None
    assert data["moveOrgNode"]["errors"] == [
        {"field": "name", "code": "CONFLICT", "message": "A sibling node already has this name."}
    ]
    assert {row.id: row.path for row in await models.OrgNode.all()} == paths_before


@pytest.mark.parametrize("target", ["own_child", "wrong_level", "foreign"])
async def test_refused_moves_change_nothing(api: Api, demo, target):
    # given
    street1 = await node_named(models.OrgLevel.STREET, 0)
    community1 = await first_node_of(models.OrgLevel.COMMUNITY, street1)
    grid, other_grid = await models.OrgNode.filter(parent_id=community1.id).order_by("id").limit(2)
    street2 = await node_named(models.OrgLevel.STREET, 1)
    targets = {
        "own_child": (grid, await first_node_of(models.OrgLevel.BUILDING, grid), "INVALID"),
        "wrong_level": (grid, await first_node_of(models.OrgLevel.BUILDING, other_grid), "INVALID"),
        "foreign": (grid, await first_node_of(models.OrgLevel.COMMUNITY, street2), "NOT_FOUND"),
    }
    node, new_parent, code = targets[target]
    paths_before = {row.id: row.path for row in await models.OrgNode.all()}
    # when
    data = await api.gql(MOVE, {"id": gid(node), "to": gid(new_parent)}, as_="community1")
    # then
    assert data["moveOrgNode"]["errors"][0]["code"] == code
    assert {row.id: row.path for row in await models.OrgNode.all()} == paths_before


async def test_archive_hides_the_subtree_and_restore_brings_it_back(api: Api, demo):
    # given
    community1 = await first_node_of(
        models.OrgLevel.COMMUNITY, await node_named(models.OrgLevel.STREET, 0)
    )
    grid = await first_node_of(models.OrgLevel.GRID, community1)
    hidden = await subtree_ids(grid)
    # when
    archived = await api.gql(ARCHIVE, {"id": gid(grid)}, as_="community1")
    # then
    assert archived["archiveOrgNode"]["orgNode"]["archived"] is True
    assert (await all_visible_ids(api, "community1")).isdisjoint(hidden)
    with_archived = await api.gql(
        ORG_NODES, {"first": 100, "includeArchived": True}, as_="community1"
    )
    assert hidden <= {e["node"]["id"] for e in with_archived["orgNodes"]["edges"]}
    assert await models.OrgNode.filter(path__startswith=grid.path).count() == len(hidden)
    # and when restored
    await api.gql(RESTORE, {"id": gid(grid)}, as_="community1")
    assert hidden <= await all_visible_ids(api, "community1")


async def test_unauthenticated_reads_are_refused(api: Api, demo):
    body = await api.raw(ORG_NODES)
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_unauthenticated_mutation_gets_a_user_error(api: Api, demo):
    street1 = await node_named(models.OrgLevel.STREET, 0)
    data = await api.gql(
        CREATE, {"input": {"parentId": gid(street1), "name": "x", "level": "COMMUNITY"}}
    )
    assert data["createOrgNode"]["errors"][0]["code"] == "UNAUTHENTICATED"
