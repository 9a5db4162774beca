"""policies/redemption.py: a community's catalogue is read from a grant in, at or above it and
never from a sibling's; redeeming for oneself or at the counter; never cancelling one's own."""

import pytest

from models import Role
from policies.authorizer import Authorizer, GrantScope
from policies.redemption import may_browse_community, may_cancel_redemption, may_redeem_for
from policies.rules import community_prefix

AUTHORIZER = Authorizer.from_files()


def viewer(role: Role, path: str | None, user_id: int = 1):
    return AUTHORIZER.viewer(user_id, [GrantScope(role, path)])


@pytest.mark.parametrize(
    ("role", "at", "community", "expected"),
    [
        (Role.RESIDENT, "/1/3/7/19/", "/1/3/", True),
        (Role.RESIDENT, "/1/3/7/19/", "/1/4/", False),
        (Role.RESIDENT, "/1/30/7/19/", "/1/3/", False),  # the separator trap
        (Role.BUILDING_LEADER, "/1/3/7/19/", "/1/3/", True),
        (Role.GRID_LEADER, "/1/3/7/", "/1/3/", True),
        (Role.COMMUNITY_ADMIN, "/1/3/", "/1/3/", True),
        (Role.COMMUNITY_ADMIN, "/1/3/", "/1/4/", False),
        (Role.STREET_ADMIN, "/1/", "/1/4/", True),
        (Role.STREET_ADMIN, "/1/", "/2/5/", False),
        (Role.AUDITOR, "/1/", "/1/3/", True),
        (Role.VOLUNTEER, "/1/3/7/", "/1/3/", False),  # volunteers do not redeem
        (Role.SYSTEM_ADMIN, None, "/2/5/", True),
    ],
)
def test_a_catalogue_is_read_from_in_at_or_above_its_community(role, at, community, expected):
    assert may_browse_community(viewer(role, at), community) is expected


def test_the_community_of_a_path():
    assert community_prefix("/1/3/7/19/") == "/1/3/"
    assert community_prefix("/1/3/") == "/1/3/"
    assert community_prefix("/1/") is None


def test_a_resident_redeems_only_for_themself_staff_for_anyone_in_scope():
    resident = viewer(Role.RESIDENT, "/1/3/7/19/", user_id=5)
    assert may_redeem_for(resident, 5, "/1/3/7/19/")
    assert not may_redeem_for(resident, 6, "/1/3/7/19/")
    assert not may_redeem_for(resident, None, "/1/3/7/19/")
    staff = viewer(Role.BUILDING_LEADER, "/1/3/7/19/", user_id=9)
    assert may_redeem_for(staff, None, "/1/3/7/19/")
    assert not may_redeem_for(staff, None, "/1/3/7/20/")
    assert not may_redeem_for(viewer(Role.AUDITOR, "/1/"), None, "/1/3/7/19/")


def test_nobody_cancels_their_own_redemption():
    admin = viewer(Role.COMMUNITY_ADMIN, "/1/3/", user_id=9)
    assert may_cancel_redemption(admin, 5, "/1/3/7/19/")
    assert may_cancel_redemption(admin, None, "/1/3/7/19/")
    assert not may_cancel_redemption(admin, 9, "/1/3/7/19/")
    assert not may_cancel_redemption(admin, 5, "/1/4/8/21/")
    assert not may_cancel_redemption(viewer(Role.BUILDING_LEADER, "/1/3/7/19/"), 5, "/1/3/7/19/")
