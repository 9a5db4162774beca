"""Relations read through DataLoaders keep the reader's scope: out of scope comes back null,
except the node a readable row stands at, which is part of that row."""

import models
from tests.helpers import Api, first_node_of, gid, node_named

PARTY_MEMBER = """
query($id: ID!) {
  node(id: $id) { ... on PartyMember { reportsTo { id name } resident { id name } } }
}
"""

NODE = """
query($id: ID!) {
  node(id: $id) { ... on OrgNode { name parent { id } ancestors { id } } }
}
"""

MY_CASES = """
query {
  cases(filter: {assignedToMe: true}, first: 100) {
    edges { node { id node { id name parent { id } ancestors { id } } } }
  }
}
"""

HOUSEHOLDS = """
query {
  households(first: 100) {
    edges { node { id building { id name parent { id } } centralHousehold { id } } }
  }
}
"""


async def street1_building() -> models.OrgNode:
    """building1's building (the first of the first street)."""
    return await first_node_of(models.OrgLevel.BUILDING, await node_named(models.OrgLevel.STREET))


async def party_member_in(building: models.OrgNode) -> models.PartyMember:
    member = await models.PartyMember.filter(resident__household__building_id=building.id).first()
    assert member is not None, building
    return member


async def test_reports_to_outside_the_readers_scope_is_null(api: Api, demo):
    # given: a party member of building1's building reports to a grid of the other street
    building = await street1_building()
    member = await party_member_in(building)
    foreign_grid = await first_node_of(
        models.OrgLevel.GRID, await node_named(models.OrgLevel.STREET, 1)
    )
    await models.PartyMember.filter(id=member.id).update(reports_to_id=foreign_grid.id)
    # when
    seen_by_admin = await api.gql(PARTY_MEMBER, {"id": gid(member)}, as_="admin")
    seen_by_leader = await api.gql(PARTY_MEMBER, {"id": gid(member)}, as_="building1")
    # then: the admin sees the grid; the building leader sees the member, not the grid
    assert seen_by_admin["node"]["reportsTo"]["id"] == gid(foreign_grid)
    assert seen_by_leader["node"]["resident"]["id"] == gid(await member.resident)
    assert seen_by_leader["node"]["reportsTo"] is None


async def test_reports_to_a_breadcrumb_above_the_reader_is_shown(api: Api, demo):
    # given: the member reports to the grid above building1's building
    building = await street1_building()
    member = await party_member_in(building)
    await models.PartyMember.filter(id=member.id).update(reports_to_id=building.parent_id)
    # when
    data = await api.gql(PARTY_MEMBER, {"id": gid(member)}, as_="building1")
    # then
    grid = await models.OrgNode.get(id=building.parent_id)
    assert data["node"]["reportsTo"] == {"id": gid(grid), "name": grid.name}


async def test_parent_and_ancestors_of_a_visible_node_are_breadcrumbs(api: Api, demo):
    # given
    building = await street1_building()
    # when
    data = await api.gql(NODE, {"id": gid(building)}, as_="building1")
    # then: street, community and grid, although building1 holds its grant at the building
    ancestors = [gid(row) for row in await models.OrgNode.filter(id__in=building.ancestor_ids)]
    assert [row["id"] for row in data["node"]["ancestors"]] == ancestors
    assert len(ancestors) == 3
    assert data["node"]["parent"] == {"id": ancestors[-1]}


async def test_the_node_of_a_case_assigned_outside_the_org_scope_is_shown_alone(api: Api, demo):
    # given: a case of the other street assigned to volunteer1 (a grid of the first street)
    case = await models.Case.filter(
        node__path__startswith=(await node_named(models.OrgLevel.STREET, 1)).path,
        kind=models.CaseKind.DEMAND,
    ).first()
    assert case is not None
    volunteer = await models.User.get(username="volunteer1")
    await models.Case.filter(id=case.id).update(assignee_id=volunteer.id)
    node = await models.OrgNode.get(id=case.node_id)
    # when
    data = await api.gql(MY_CASES, as_="volunteer1")
    # then: the case names its node, but the tree above it stays out of sight
    seen = next(edge["node"] for edge in data["cases"]["edges"] if edge["node"]["id"] == gid(case))
    assert seen["node"] == {"id": gid(node), "name": node.name, "parent": None, "ancestors": []}
    assert (await api.gql(NODE, {"id": gid(node)}, as_="volunteer1"))["node"] is None


async def test_a_household_linked_next_door_shows_its_building(api: Api, demo):
    # given: a household of the next building in the grid, linked to household1's central
    # household (the same grid, as linking requires), and one of building1's households linked
    # to a central household of that next building
    building = await street1_building()
    central = await first_node_of(models.OrgLevel.CENTRAL_HOUSEHOLD, building)
    next_building = (
        await models.OrgNode.filter(parent_id=building.parent_id, level=models.OrgLevel.BUILDING)
        .exclude(id=building.id)
        .order_by("id")
        .first()
    )
    assert next_building is not None
    next_central = await first_node_of(models.OrgLevel.CENTRAL_HOUSEHOLD, next_building)
    linked = await models.Household.filter(building_id=next_building.id).order_by("id").first()
    own = await models.Household.filter(building_id=building.id).order_by("id").first()
    assert linked is not None
    assert own is not None
    await models.Household.filter(id=linked.id).update(central_household_id=central.id)
    await models.Household.filter(id=own.id).update(central_household_id=next_central.id)
    # when
    by_central = await api.gql(HOUSEHOLDS, as_="household1")
    by_leader = await api.gql(HOUSEHOLDS, as_="building1")
    # then: household1 reads the linked household with its building (and the grid above it)
    seen = {edge["node"]["id"]: edge["node"] for edge in by_central["households"]["edges"]}
    assert seen[gid(linked)]["building"] == {
        "id": gid(next_building),
        "name": next_building.name,
        "parent": {"id": gid(await models.OrgNode.get(id=building.parent_id))},
    }
    assert seen[gid(linked)]["centralHousehold"] == {"id": gid(central)}
    # and building1 reads its household, not the central household next door
    mine = {edge["node"]["id"]: edge["node"] for edge in by_leader["households"]["edges"]}
    assert mine[gid(own)]["building"]["id"] == gid(building)
    assert mine[gid(own)]["centralHousehold"] is None
