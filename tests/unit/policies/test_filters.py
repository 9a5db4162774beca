"""The SQL filters of policies/ on a tiny tree (conftest.py): which rows each grant reads.

One row per (grant, expected ids); every row runs the real SQL. `None` as a role means a
signed-in user with no grant at all."""

from collections.abc import Callable

import pytest
from tortoise.expressions import Q
from tortoise.models import Model

import models
from models import Role as R
from policies.actions import Action
from policies.authorizer import (
    Authorizer,
    GrantScope,
    Viewer,
    readable_cases_filter,
    readable_grants_filter,
    readable_households_filter,
    readable_nodes_filter,
    readable_teams_filter,
    readable_users_filter,
    unmasked_filter,
)
from tests.unit.policies.conftest import CASES, GRANTS, HOUSEHOLDS, NODES, TEAMS, VIEWER

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.usefixtures("tiny_tree")]
AUTHORIZER = Authorizer.from_files()
ALL_NODES = {pk for pk, *_ in NODES}
ALL_HOUSEHOLDS = set(HOUSEHOLDS)
ALL_RESIDENTS = {pk + 100 for pk in HOUSEHOLDS}


def viewer(role: R | None, at: str | None, own: tuple[int, ...] = ()) -> Viewer:
    grants = [] if role is None else [GrantScope(role, at)]
    return AUTHORIZER.viewer(VIEWER, grants, own)


async def ids(model: type[Model], scope: Q | None) -> set[int]:
    query = model.all() if scope is None else model.filter(scope)
    return {row.pk for row in await query.distinct()}


async def check(
    model: type[Model],
    make: Callable[[Viewer], Q | None],
    role: R | None,
    at: str | None,
    expected: set[int],
    own: tuple[int, ...] = (),
) -> None:
    got = await ids(model, make(viewer(role, at, own)))
    assert got == expected, f"{role} at {at} (own {own}): got {sorted(got)}"


# Subtrees, plus the ancestors of the grant node by name only (breadcrumbs).
NODE_ROWS = [
    (R.SYSTEM_ADMIN, None, ALL_NODES),
    (R.STREET_ADMIN, "/2/", {2, 5, 11, 22}),
    (R.COMMUNITY_ADMIN, "/1/4/", {1, 4, 8, 21}),
    (R.GRID_LEADER, "/1/3/7/", {1, 3, 7, 19, 79, 20}),
    (R.VOLUNTEER, "/1/3/70/", {1, 3, 70, 71}),
    (R.BUILDING_LEADER, "/1/3/7/19/", {1, 3, 7, 19, 79}),
    (R.RESIDENT, "/1/3/7/20/", {1, 3, 7, 20}),
    (R.AUDITOR, "/1/", {1, 3, 7, 19, 79, 20, 70, 71, 4, 8, 21}),
    (None, None, set()),
]


@pytest.mark.parametrize(("role", "at", "expected"), NODE_ROWS)
async def test_readable_nodes(role, at, expected) -> None:
    await check(models.OrgNode, readable_nodes_filter, role, at, expected)


# Teams of the nodes read in scope; breadcrumbs do not show their teams.
TEAM_ROWS = [
    (R.SYSTEM_ADMIN, None, set(TEAMS)),
    (R.COMMUNITY_ADMIN, "/1/3/", {401, 402, 405}),
    (R.GRID_LEADER, "/1/3/7/", {401, 405}),
    (R.VOLUNTEER, "/1/3/70/", {402}),
    (R.BUILDING_LEADER, "/1/3/7/19/", {405}),
    (R.RESIDENT, "/1/3/7/20/", set()),
    (R.STREET_ADMIN, "/2/", {404}),
    (None, None, set()),
]


@pytest.mark.parametrize(("role", "at", "expected"), TEAM_ROWS)
async def test_readable_teams(role, at, expected) -> None:
    await check(models.VolunteerTeam, readable_teams_filter, role, at, expected)


# Households by building in a person-read scope, linked to a central household, or one's own.
HOUSEHOLD_ROWS = [
    (R.SYSTEM_ADMIN, None, (), ALL_HOUSEHOLDS),
    (R.AUDITOR, "/1/", (), {100, 101, 102, 103, 104}),
    (R.COMMUNITY_ADMIN, "/1/3/", (), {100, 101, 102, 103}),
    (R.GRID_LEADER, "/1/3/7/", (), {100, 101, 102}),
    (R.BUILDING_LEADER, "/1/3/7/19/", (), {100, 101}),
    (R.CENTRAL_HOUSEHOLD, "/1/3/7/19/79/", (), {100}),
    (R.VOLUNTEER, "/1/3/7/", (), set()),
    (R.RESIDENT, "/1/3/7/19/", (101,), {101}),
    (R.RESIDENT, "/1/3/7/19/", (), set()),
    (None, None, (101,), set()),  # own households count only with the resident role
]


@pytest.mark.parametrize(("role", "at", "own", "expected"), HOUSEHOLD_ROWS)
async def test_readable_households(role, at, own, expected) -> None:
    await check(models.Household, readable_households_filter, role, at, expected, own)


@pytest.mark.parametrize(("role", "at", "own", "expected"), HOUSEHOLD_ROWS)
async def test_readable_residents_reach_households_through_a_prefix(
    role, at, own, expected
) -> None:
    def make(v: Viewer) -> Q | None:
        return readable_households_filter(v, "household__")

    residents = {pk + 100 for pk in expected}
    await check(models.Resident, make, role, at, residents, own)


# Residents whose phone (ID number) the viewer sees unmasked.
UNMASKED_ROWS = [
    (Action.PERSON_SEE_PHONE, R.SYSTEM_ADMIN, None, (), ALL_RESIDENTS),
    (Action.PERSON_SEE_PHONE, R.GRID_LEADER, "/1/3/7/", (), {200, 201, 202}),
    (Action.PERSON_SEE_PHONE, R.BUILDING_LEADER, "/1/3/7/19/", (), {200, 201}),
    (Action.PERSON_SEE_PHONE, R.CENTRAL_HOUSEHOLD, "/1/3/7/19/79/", (), set()),
    (Action.PERSON_SEE_PHONE, R.AUDITOR, "/1/", (), set()),
    (Action.PERSON_SEE_PHONE, R.RESIDENT, "/1/3/7/19/", (101,), {201}),
    (Action.PERSON_SEE_ID_NUMBER, R.COMMUNITY_ADMIN, "/1/3/", (), {200, 201, 202, 203}),
    (Action.PERSON_SEE_ID_NUMBER, R.GRID_LEADER, "/1/3/7/", (), set()),
    (Action.PERSON_SEE_ID_NUMBER, R.RESIDENT, "/1/3/7/19/", (101,), {201}),
]


@pytest.mark.parametrize(("action", "role", "at", "own", "expected"), UNMASKED_ROWS)
async def test_unmasked(action, role, at, own, expected) -> None:
    def make(v: Viewer) -> Q | None:
        return unmasked_filter(v, action)

    got = await ids(models.Resident, make(viewer(role, at, own)))
    assert got == expected, f"{action} for {role} at {at} (own {own}): got {sorted(got)}"


# Grants at nodes in a user-read scope, and one's own (grant 6) wherever it is.
GRANT_ROWS = [
    (R.SYSTEM_ADMIN, None, set(GRANTS)),
    (R.AUDITOR, "/1/", {1, 2, 3, 5, 6}),
    (R.STREET_ADMIN, "/2/", {4, 6}),
    (R.COMMUNITY_ADMIN, "/1/3/", {1, 2, 5, 6}),
    (R.GRID_LEADER, "/1/3/7/", {1, 5, 6}),
    (R.BUILDING_LEADER, "/1/3/7/19/", {6}),
    (None, None, {6}),
]


@pytest.mark.parametrize(("role", "at", "expected"), GRANT_ROWS)
async def test_readable_grants(role, at, expected) -> None:
    await check(models.RoleGrant, readable_grants_filter, role, at, expected)


# Holders of an active grant in a user-read scope (user 15's grant is revoked), and oneself.
USER_ROWS = [
    (R.SYSTEM_ADMIN, None, {VIEWER, 11, 12, 13, 14, 15, 16}),
    (R.AUDITOR, "/1/", {VIEWER, 11, 12, 13}),
    (R.COMMUNITY_ADMIN, "/1/3/", {VIEWER, 11, 12}),
    (R.GRID_LEADER, "/1/3/7/", {VIEWER, 11}),
    (R.GRID_LEADER, "/1/3/70/", {VIEWER, 12}),
    (R.BUILDING_LEADER, "/1/3/7/19/", {VIEWER}),
    (None, None, {VIEWER}),
]


@pytest.mark.parametrize(("role", "at", "expected"), USER_ROWS)
async def test_readable_users(role, at, expected) -> None:
    await check(models.User, readable_users_filter, role, at, expected)


MINE = {305, 306, 307}  # assigned to the viewer (305, the dispute 307) or reported (306)
# Non-disputes in a case-read scope, disputes in a dispute scope, waiting (ACCEPTED) non-disputes
# in a volunteer's scope, and the viewer's own.
CASE_ROWS = [
    (R.SYSTEM_ADMIN, None, set(CASES)),
    (R.STREET_ADMIN, "/1/", set(CASES)),
    (R.STREET_ADMIN, "/2/", MINE),
    (R.COMMUNITY_ADMIN, "/1/3/", {301, 302, 303, 304, 309} | MINE),
    (R.COMMUNITY_ADMIN, "/1/4/", {308} | MINE),
    (R.GRID_LEADER, "/1/3/7/", {301, 302, 309} | MINE),
    (R.BUILDING_LEADER, "/1/3/7/19/", {301, 302, 309} | MINE),
    (R.CENTRAL_HOUSEHOLD, "/1/3/7/19/79/", MINE),
    (R.VOLUNTEER, "/1/3/7/", {301} | MINE),
    (R.VOLUNTEER, "/1/3/70/", {304} | MINE),
    (R.VOLUNTEER, "/1/4/", {308} | MINE),
    (R.RESIDENT, "/1/3/7/19/", MINE),
    (R.AUDITOR, "/1/", {301, 302, 304, 308, 309} | MINE),
    (None, None, MINE),
]


@pytest.mark.parametrize(("role", "at", "expected"), CASE_ROWS)
async def test_readable_cases(role, at, expected) -> None:
    await check(models.Case, readable_cases_filter, role, at, expected)


async def test_an_anonymous_viewer_reads_no_case() -> None:
    got = await ids(models.Case, readable_cases_filter(AUTHORIZER.viewer(None, [])))
    assert got == set()
