"""Central-household links never cross grids (issue 8, item 4): a move drops the links it takes
across grids, and the linked-read scope ignores a stale one anyway."""

import models
from tests.helpers import Api, first_node_of, gid, node_named

MOVE = """
mutation Move($id: ID!, $to: ID!) {
  moveOrgNode(id: $id, newParentId: $to) { orgNode { id } errors { field code message } }
}
"""

LINK = """
mutation Link($id: ID!, $central: ID!) {
  updateHousehold(id: $id, input: {centralHouseholdId: $central}) {
    household { id centralHousehold { id } } errors { field code message }
  }
}
"""

HOUSEHOLD = "query($id: ID!) { node(id: $id) { ... on Household { id members { id name } } } }"

LINKED = """
query($central: ID!) {
  households(centralHouseholdId: $central, first: 100) { edges { node { id } } }
}
"""


async def grid1_and_household1() -> tuple[models.OrgNode, models.OrgNode, models.OrgNode]:
    """grid1, household1's central household (in grid1's first building) and grid1's second
    building."""
    grid = await first_node_of(models.OrgLevel.GRID, await node_named(models.OrgLevel.STREET, 0))
    central = await first_node_of(models.OrgLevel.CENTRAL_HOUSEHOLD, grid)
    second = await models.OrgNode.filter(parent_id=grid.id).order_by("id").offset(1).first()
    assert second is not None
    return grid, central, second


async def household_in(building: models.OrgNode) -> models.Household:
    row = await models.Household.filter(building_id=building.id).order_by("id").first()
    assert row is not None
    return row


async def other_community_grid() -> models.OrgNode:
    """The first grid of street 1's second community."""
    street = await node_named(models.OrgLevel.STREET, 0)
    community = await models.OrgNode.filter(parent_id=street.id).order_by("id").offset(1).first()
    assert community is not None
    return await first_node_of(models.OrgLevel.GRID, community)


async def move(api: Api, node: models.OrgNode, to: models.OrgNode) -> None:
    """As street1; renamed first, as siblings' names repeat from grid to grid in the demo."""
    await models.OrgNode.filter(id=node.id).update(name=f"moved {node.id}")
    data = await api.gql(MOVE, {"id": gid(node), "to": gid(to)}, as_="street1")
    assert data["moveOrgNode"]["errors"] == []


async def reads(api: Api, user: str, household: models.Household) -> bool:
    return (await api.gql(HOUSEHOLD, {"id": gid(household)}, as_=user))["node"] is not None


async def linked_ids(api: Api, user: str, central: models.OrgNode) -> set[str]:
    data = await api.gql(LINKED, {"central": gid(central)}, as_=user)
    return {edge["node"]["id"] for edge in data["households"]["edges"]}


async def test_moving_a_building_to_another_community_drops_its_links(api: Api, demo):
    # given: a household of grid1's second building linked to household1's central household
    _, central, building = await grid1_and_household1()
    household = await household_in(building)
    linked = await api.gql(LINK, {"id": gid(household), "central": gid(central)}, as_="grid1")
    assert linked["updateHousehold"]["errors"] == []
    assert await reads(api, "household1", household)
    # when: the street admin moves the building into another community
    target = await other_community_grid()
    await move(api, building, target)
    # then: the link is gone, and the old central household and its community read nothing
    assert (await models.Household.get(id=household.id)).central_household_id is None
    assert not await reads(api, "household1", household)
    assert gid(household) not in await linked_ids(api, "household1", central)
    assert not await reads(api, "community1", household)
    assert await reads(api, "street1", household)


async def test_moving_a_central_household_away_drops_the_links_it_leaves(api: Api, demo):
    # given: households of both buildings of grid1 linked to household1's central household
    grid, central, second = await grid1_and_household1()
    first = await models.OrgNode.get(id=central.parent_id)
    own, next_door = await household_in(first), await household_in(second)
    await models.Household.filter(id__in=[own.id, next_door.id]).update(
        central_household_id=central.id
    )
    # when: the central household moves to a building of another grid
    target = await first_node_of(models.OrgLevel.BUILDING, await other_community_grid())
    await move(api, central, target)
    # then: nobody of grid1 stays linked to it, and it reads neither household
    assert not await models.Household.filter(central_household_id=central.id).exists()
    assert not await reads(api, "household1", own)
    assert not await reads(api, "household1", next_door)
    assert grid.id in models.path_ids(first.path)


async def test_moving_a_whole_grid_keeps_the_links_inside_it(api: Api, demo):
    # given
    grid, central, building = await grid1_and_household1()
    household = await household_in(building)
    await models.Household.filter(id=household.id).update(central_household_id=central.id)
    # when: the grid moves to another community, its buildings and central households with it
    community = await models.OrgNode.get(id=(await other_community_grid()).parent_id)
    await move(api, grid, community)
    # then: still one grid, still linked
    assert (await models.Household.get(id=household.id)).central_household_id == central.id
    assert await reads(api, "household1", household)


async def test_a_stale_link_across_grids_reads_nothing(api: Api, demo):
    # given: a link written across grids behind the API's back (older data, a race with a move)
    _, central, _ = await grid1_and_household1()
    far = await household_in(
        await first_node_of(models.OrgLevel.BUILDING, await other_community_grid())
    )
    await models.Household.filter(id=far.id).update(central_household_id=central.id)
    # when / then: the central household reads nothing of it, by id, list or members
    assert not await reads(api, "household1", far)
    assert gid(far) not in await linked_ids(api, "household1", central)
    # and neither does the building leader above the central household
    assert not await reads(api, "building1", far)
