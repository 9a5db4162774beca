"""The main list queries take a fixed number of SQL statements, whatever the page size."""

import pytest

from tests.helpers import Api, QueryCounter

ORG_NODES_WITH_RELATIONS = """
query Tree($first: Int) {
  orgNodes(first: $first) {
    totalCount
    edges {
      node {
        id name level
        parent { id name }
        ancestors { id name level }
        children(first: 20) { totalCount edges { node { id name } } }
      }
    }
  }
}
"""

USERS_WITH_GRANTS = """
query { users(first: 100) { totalCount edges { node { username grants { role node { name } } } } } }
"""


@pytest.mark.parametrize("first", [5, 100])
async def test_org_nodes_with_children_and_ancestors(
    api: Api, demo, queries: QueryCounter, first: int
):
    # given
    await api.token("admin")
    queries.reset()
    # when
    data = await api.gql(ORG_NODES_WITH_RELATIONS, {"first": first}, as_="admin")
    # then: user + grants, page + count, children batch, ancestors/parents batch
    assert len(data["orgNodes"]["edges"]) == first
    assert queries.count == 6, queries.statements


async def test_org_nodes_scoped_viewer(api: Api, demo, queries: QueryCounter):
    await api.token("community1")
    queries.reset()
    data = await api.gql(ORG_NODES_WITH_RELATIONS, {"first": 100}, as_="community1")
    assert data["orgNodes"]["totalCount"] == 50
    assert queries.count == 6, queries.statements


async def test_users_with_grants(api: Api, demo, queries: QueryCounter):
    await api.token("admin")
    queries.reset()
    data = await api.gql(USERS_WITH_GRANTS, as_="admin")
    assert data["users"]["totalCount"] == 17
    # user + grants, page + count, grants batch, grant nodes batch
    assert queries.count == 6, queries.statements


RESIDENTS_WITH_RELATIONS = """
query People($first: Int) {
  residents(first: $first) {
    totalCount
    edges { node { id name phone idNumber tags
                   household { number building { name } centralHousehold { name } }
                   partyMember { kind reportsTo { name } } } }
  }
}
"""


@pytest.mark.parametrize(("user", "first"), [("admin", 100), ("community1", 100), ("grid1", 10)])
async def test_residents_with_household_building_and_party(
    api: Api, demo, queries: QueryCounter, user: str, first: int
):
    # given
    await api.token(user)
    queries.reset()
    # when
    data = await api.gql(RESIDENTS_WITH_RELATIONS, {"first": first}, as_=user)
    # then: user + grants, page (household and building joined) + count, tags batch,
    # party batch, buildings and central households batch, then the party's reportsTo batch
    assert len(data["residents"]["edges"]) == first
    assert queries.count == 8, queries.statements
