"""A tiny tree in an in-memory SQLite database, for the SQL filters of policies/.

Street 1 > community 3 > grid 7 > buildings 19 (> central household 79) and 20; grid 70 under
community 3 is the separator trap (/1/3/7/ must not match /1/3/70/); community 4 > grid 8 >
building 21 beside it; street 2 > community 5 > grid 11 > building 22 elsewhere.
"""

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest_asyncio
from tortoise.context import tortoise_test_context

import models

L = models.OrgLevel
NODES = [
    (1, L.STREET, "/1/"),
    (3, L.COMMUNITY, "/1/3/"),
    (7, L.GRID, "/1/3/7/"),
    (19, L.BUILDING, "/1/3/7/19/"),
    (79, L.CENTRAL_HOUSEHOLD, "/1/3/7/19/79/"),
    (20, L.BUILDING, "/1/3/7/20/"),
    (70, L.GRID, "/1/3/70/"),
    (71, L.BUILDING, "/1/3/70/71/"),
    (4, L.COMMUNITY, "/1/4/"),
    (8, L.GRID, "/1/4/8/"),
    (21, L.BUILDING, "/1/4/8/21/"),
    (2, L.STREET, "/2/"),
    (5, L.COMMUNITY, "/2/5/"),
    (11, L.GRID, "/2/5/11/"),
    (22, L.BUILDING, "/2/5/11/22/"),
]
# household id: (building, central household linked to it); resident id = household id + 100.
HOUSEHOLDS = {100: (19, 79), 101: (19, None), 102: (20, None), 103: (71, None), 104: (21, None),
              105: (22, None)}  # fmt: skip
VIEWER = 1  # the user every test's viewer is; holds grant 6 and cases 305-307 of their own
R = models.Role
# grant id: (user, role, node, revoked)
GRANTS = {
    1: (11, R.BUILDING_LEADER, 19, False),
    2: (12, R.GRID_LEADER, 70, False),
    3: (13, R.COMMUNITY_ADMIN, 4, False),
    4: (14, R.STREET_ADMIN, 2, False),
    5: (15, R.VOLUNTEER, 7, True),
    6: (VIEWER, R.RESIDENT, 22, False),
    7: (16, R.SYSTEM_ADMIN, None, False),
}
K, S = models.CaseKind, models.CaseStatus
# case id: (kind, status, node, community, assignee, reporter)
CASES = {
    301: (K.DEMAND, S.ACCEPTED, 19, 3, None, None),
    302: (K.DEMAND, S.SUBMITTED, 19, 3, None, None),
    303: (K.DISPUTE, S.ACCEPTED, 19, 3, None, None),
    304: (K.DEMAND, S.ACCEPTED, 71, 3, None, None),
    305: (K.DEMAND, S.CLAIMED, 22, 5, VIEWER, None),
    306: (K.DEMAND, S.SUBMITTED, 22, 5, None, VIEWER),
    307: (K.DISPUTE, S.CLAIMED, 21, 4, VIEWER, None),
    308: (K.HAZARD, S.ACCEPTED, 21, 4, None, None),
    309: (K.DEMAND, S.CLAIMED, 19, 3, 11, None),  # no longer waiting: volunteers lose sight
}
TEAMS = {401: 7, 402: 70, 403: 4, 404: 2, 405: 19}  # team id: node


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def tiny_tree() -> AsyncIterator[None]:
    async with tortoise_test_context(models.MODEL_MODULES):
        await _fill()
        yield


async def _fill() -> None:
    path_of = {pk: path for pk, _, path in NODES}
    for pk, level, path in NODES:
        parent = models.path_ids(path)[-2] if path.count("/") > 2 else None
        await models.OrgNode.create(id=pk, name=f"n{pk}", level=level, path=path, parent_id=parent)
    for pk, (building, central) in HOUSEHOLDS.items():
        await models.Household.create(
            id=pk,
            building_id=building,
            building_path=path_of[building],
            number=str(pk),
            central_household_id=central,
        )
        await models.Resident.create(id=pk + 100, household_id=pk, name=f"r{pk + 100}")
    for user in {VIEWER, *(user for user, *_ in GRANTS.values())}:
        await models.User.create(id=user, username=f"u{user}", display_name="", password_hash="")
    for pk, (user, role, node, revoked) in GRANTS.items():
        await models.RoleGrant.create(
            id=pk,
            user_id=user,
            role=role,
            node_id=node,
            revoked_at=datetime(2026, 1, 1, tzinfo=UTC) if revoked else None,
        )
    for pk, (kind, status, node, community, assignee, reporter) in CASES.items():
        await models.Case.create(
            id=pk,
            kind=kind,
            status=status,
            title=f"c{pk}",
            description="",
            node_id=node,
            node_path=path_of[node],
            community_id=community,
            assignee_id=assignee,
            reporter_user_id=reporter,
        )
    for pk, node in TEAMS.items():
        await models.VolunteerTeam.create(id=pk, node_id=node, name=f"t{pk}")
