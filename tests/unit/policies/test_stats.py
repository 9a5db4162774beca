"""Which figures each role reads (policies/stats.py), against the real policy files."""

import pytest

from models import Role
from models.workflows.stats import Figure
from policies.authorizer import Authorizer, GrantScope
from policies.stats import may_read_stats_at, visible_figures

AUTHORIZER = Authorizer.from_files()
F = Figure
STAFF = {F.CASES, F.VOLUNTEERS, F.POINTS, F.PEOPLE}
GRID = "/1/3/7/"
GRANTED = {
    Role.SYSTEM_ADMIN: None,
    Role.STREET_ADMIN: "/1/",
    Role.COMMUNITY_ADMIN: "/1/3/",
    Role.GRID_LEADER: GRID,
    Role.BUILDING_LEADER: "/1/3/7/19/",
    Role.CENTRAL_HOUSEHOLD: "/1/3/7/19/79/",
    Role.VOLUNTEER: GRID,
    Role.RESIDENT: "/1/3/7/19/",
    Role.AUDITOR: "/1/",
}


@pytest.mark.parametrize(
    ("role", "target", "expected"),
    [
        (Role.SYSTEM_ADMIN, GRID, STAFF | {F.DISPUTES, F.ALERTS_ESCALATED}),
        (Role.STREET_ADMIN, GRID, STAFF | {F.DISPUTES, F.ALERTS_ESCALATED}),
        (Role.COMMUNITY_ADMIN, GRID, STAFF | {F.DISPUTES, F.ALERTS_ESCALATED}),
        (Role.GRID_LEADER, GRID, STAFF | {F.ALERTS}),
        (Role.BUILDING_LEADER, "/1/3/7/19/", STAFF | {F.ALERTS}),
        (Role.BUILDING_LEADER, GRID, set()),  # above the grant: nothing
        (Role.AUDITOR, GRID, STAFF | {F.ALERTS, F.ALERTS_ESCALATED}),
        (Role.CENTRAL_HOUSEHOLD, "/1/3/7/19/79/", set()),
        (Role.VOLUNTEER, GRID, set()),
        (Role.RESIDENT, "/1/3/7/19/", set()),
        (Role.COMMUNITY_ADMIN, "/1/4/", set()),  # a sibling community
        (Role.GRID_LEADER, "/1/3/70/", set()),  # /1/3/7/ is no prefix of /1/3/70/
    ],
)
def test_figures_by_role(role, target, expected):
    viewer = AUTHORIZER.viewer(1, [GrantScope(role, GRANTED[role])])
    assert visible_figures(viewer, target) == frozenset(expected), (role, target)
    assert may_read_stats_at(viewer, target) == bool(expected)
