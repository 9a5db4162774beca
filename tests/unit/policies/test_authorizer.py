"""Scope arithmetic of the authorizer: prefixes, strictly-below, SQL filters, many grants."""

from models import Role
from policies.actions import Action
from policies.authorizer import Authorizer, GrantScope, readable_nodes_filter

AUTHORIZER = Authorizer.from_files()


def test_prefix_respects_the_separator() -> None:
    viewer = AUTHORIZER.viewer(1, [GrantScope(Role.GRID_LEADER, "/1/2/3/")])
    assert viewer.can(Action.ORG_READ, "/1/2/3/")
    assert viewer.can(Action.ORG_READ, "/1/2/3/44/")
    assert not viewer.can(Action.ORG_READ, "/1/2/30/")
    assert not viewer.can(Action.ORG_READ, "/1/2/")


def test_can_below_excludes_the_grant_node_itself() -> None:
    viewer = AUTHORIZER.viewer(1, [GrantScope(Role.COMMUNITY_ADMIN, "/1/3/")])
    assert not viewer.can_below(Action.ORG_UPDATE, "/1/3/")
    assert viewer.can_below(Action.ORG_UPDATE, "/1/3/7/")


def test_nobody_without_grants_can_do_anything() -> None:
    viewer = AUTHORIZER.viewer(None, [])
    assert not viewer.is_authenticated
    assert not any(viewer.can(action, "/1/") for action in Action)
    assert not viewer.has_any(Action.ORG_READ)


def test_system_admin_has_no_scope_filter() -> None:
    viewer = AUTHORIZER.viewer(1, [GrantScope(Role.SYSTEM_ADMIN, None)])
    assert viewer.scope_filter(Action.ORG_READ) is None
    assert readable_nodes_filter(viewer) is None
    assert viewer.can(Action.ORG_CREATE, None)


def test_nested_grants_collapse_and_breadcrumbs_are_the_ancestors() -> None:
    viewer = AUTHORIZER.viewer(
        1,
        [
            GrantScope(Role.COMMUNITY_ADMIN, "/1/3/"),
            GrantScope(Role.GRID_LEADER, "/1/3/7/"),
            GrantScope(Role.VOLUNTEER, "/2/5/11/"),
        ],
    )
    assert viewer.breadcrumb_ids(Action.ORG_READ) == {1, 2, 5}
    assert viewer.breadcrumb_ids(Action.ORG_UPDATE) == {1}


def test_a_role_without_the_action_does_not_widen_the_scope() -> None:
    viewer = AUTHORIZER.viewer(
        1, [GrantScope(Role.RESIDENT, "/1/3/7/19/"), GrantScope(Role.GRID_LEADER, "/2/5/11/")]
    )
    assert viewer.can(Action.ORG_READ, "/1/3/7/19/")
    assert not viewer.can(Action.ORG_UPDATE, "/1/3/7/19/80/")
    assert viewer.can(Action.ORG_UPDATE, "/2/5/11/40/")


def test_decisions_with_ten_thousand_grants() -> None:
    grants = [GrantScope(Role.BUILDING_LEADER, f"/1/3/7/{n}/") for n in range(100, 10_100)]
    viewer = AUTHORIZER.viewer(1, grants)
    assert viewer.can(Action.ORG_READ, "/1/3/7/5000/9/")
    assert not viewer.can(Action.ORG_READ, "/1/3/7/99/")
    assert not viewer.can(Action.ORG_READ, "/1/3/7/")
