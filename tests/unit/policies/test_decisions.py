"""Per-row decisions of policies/authorizer.py, one row per (grant, target, expected).

Paths follow test_policy_table.py: street 1 > community 3 > grid 7 > building 19 > central
household 79; grid 70 is the separator trap and street 2 lies elsewhere."""

from collections.abc import Callable
from typing import Any

import pytest

from models import CaseKind
from models import Role as R
from models.workflows.cases import Step
from policies.actions import Action
from policies.authorizer import (
    Authorizer,
    GrantScope,
    Viewer,
    could_claim_while_waiting,
    may_add_photos,
    may_change_node,
    may_create_child,
    may_create_user,
    may_grant,
    may_log_contact,
    may_move_under,
    may_take_step,
    sees_reporter_phone,
    sees_unmasked,
)

AUTHORIZER = Authorizer.from_files()
ME, OTHER = 1, 2


def viewer(role: R | None, at: str | None, own: tuple[int, ...] = ()) -> Viewer:
    return AUTHORIZER.viewer(ME, [] if role is None else [GrantScope(role, at)], own)


# sees_unmasked(viewer, action, building path, household id): own household, or in scope.
UNMASKED_ROWS = [
    (R.BUILDING_LEADER, "/1/3/7/19/", (), Action.PERSON_SEE_PHONE, "/1/3/7/19/", 100, True),
    (R.BUILDING_LEADER, "/1/3/7/19/", (), Action.PERSON_SEE_PHONE, "/1/3/7/20/", 100, False),
    (R.BUILDING_LEADER, "/1/3/7/19/", (), Action.PERSON_SEE_ID_NUMBER, "/1/3/7/19/", 100, False),
    (R.COMMUNITY_ADMIN, "/1/3/", (), Action.PERSON_SEE_ID_NUMBER, "/1/3/70/71/", 100, True),
    (R.AUDITOR, "/1/", (), Action.PERSON_SEE_PHONE, "/1/3/7/19/", 100, False),
    (R.RESIDENT, "/1/3/7/19/", (100,), Action.PERSON_SEE_ID_NUMBER, "/1/3/7/19/", 100, True),
    (R.RESIDENT, "/1/3/7/19/", (100,), Action.PERSON_SEE_PHONE, "/1/3/7/19/", 101, False),
]


@pytest.mark.parametrize(
    ("role", "at", "own", "action", "path", "household", "expected"), UNMASKED_ROWS
)
def test_sees_unmasked(role, at, own, action, path, household, expected) -> None:
    got = sees_unmasked(viewer(role, at, own), action, path, household)
    assert got is expected, f"{role} at {at} (own {own}) {action} of {household} at {path}: {got}"


def test_an_anonymous_viewer_is_nobody_s_reporter() -> None:
    anonymous = AUTHORIZER.viewer(None, [])
    assert not may_add_photos(anonymous, None, None, "/1/3/7/19/")
    assert not sees_reporter_phone(anonymous, None, "/1/3/7/19/")


# may_handle_case(grants of the would-be assignee, case path): could they claim it themselves?
HANDLE_ROWS = [
    ([GrantScope(R.VOLUNTEER, "/1/3/7/")], "/1/3/7/19/", True),
    ([GrantScope(R.VOLUNTEER, "/1/3/7/")], "/1/3/70/71/", False),
    ([GrantScope(R.GRID_LEADER, "/1/3/7/")], "/1/3/7/19/", True),
    ([GrantScope(R.RESIDENT, "/1/3/7/19/")], "/1/3/7/19/", False),
    ([GrantScope(R.AUDITOR, "/1/")], "/1/3/7/19/", False),
    ([GrantScope(R.RESIDENT, "/1/3/7/19/"), GrantScope(R.VOLUNTEER, "/1/")], "/1/3/7/19/", True),
    ([], "/1/3/7/19/", False),
]


@pytest.mark.parametrize(("grants", "path", "expected"), HANDLE_ROWS)
def test_may_handle_case(grants, path, expected) -> None:
    got = AUTHORIZER.may_handle_case(grants, path)
    assert got is expected, f"{grants} handles a case at {path}: got {got}"


def can_below(viewer: Viewer, action: Action, target: str) -> bool:
    return viewer.can_below(action, target)


claims_waiting = could_claim_while_waiting

# Each row: (decision, role, granted at, *the decision's other arguments, expected).
DECISION_ROWS: list[tuple[Any, ...]] = [
    # can_below: strictly below a grant node ("nodes below it"), never the grant node itself.
    (can_below, R.SYSTEM_ADMIN, None, Action.ORG_UPDATE, "/1/", True),
    (can_below, R.STREET_ADMIN, "/1/", Action.ORG_UPDATE, "/1/", False),
    (can_below, R.STREET_ADMIN, "/1/", Action.ORG_UPDATE, "/1/3/", True),
    (can_below, R.COMMUNITY_ADMIN, "/1/3/", Action.ORG_UPDATE, "/1/3/", False),
    (can_below, R.COMMUNITY_ADMIN, "/1/3/", Action.ORG_UPDATE, "/1/3/7/19/", True),
    (can_below, R.COMMUNITY_ADMIN, "/1/3/", Action.ORG_UPDATE, "/1/30/", False),
    (can_below, R.COMMUNITY_ADMIN, "/1/3/", Action.ORG_UPDATE, "/1/", False),
    (can_below, R.GRID_LEADER, "/1/3/7/", Action.ORG_UPDATE, "/1/3/7/19/", True),
    (can_below, R.GRID_LEADER, "/1/3/7/", Action.ORG_UPDATE, "/1/3/70/", False),
    (can_below, R.GRID_LEADER, "/1/3/7/", Action.ORG_UPDATE, "/1/3/70/71/", False),
    (can_below, R.BUILDING_LEADER, "/1/3/7/19/", Action.ORG_UPDATE, "/1/3/7/19/79/", False),
    (can_below, R.BUILDING_LEADER, "/1/3/7/19/", Action.PERSON_WRITE, "/1/3/7/19/79/", True),
    (can_below, R.AUDITOR, "/1/", Action.ORG_UPDATE, "/1/3/", False),
    (can_below, None, None, Action.ORG_UPDATE, "/1/3/", False),
    # The tree: create under a node in scope (the grant node too); change only strictly below it;
    # move under a node in scope (the grant node too). None: the top of the tree.
    (may_create_child, R.SYSTEM_ADMIN, None, None, True),
    (may_create_child, R.STREET_ADMIN, "/1/", None, False),
    (may_create_child, R.STREET_ADMIN, "/1/", "/1/", True),
    (may_create_child, R.COMMUNITY_ADMIN, "/1/3/", "/1/3/", True),
    (may_create_child, R.COMMUNITY_ADMIN, "/1/3/", "/1/", False),
    (may_create_child, R.GRID_LEADER, "/1/3/7/", "/1/3/7/19/", True),
    (may_create_child, R.GRID_LEADER, "/1/3/7/", "/1/3/70/", False),
    (may_create_child, R.BUILDING_LEADER, "/1/3/7/19/", "/1/3/7/19/", False),
    (may_create_child, R.AUDITOR, "/1/", "/1/3/", False),
    (may_change_node, R.SYSTEM_ADMIN, None, "/1/", True),
    (may_change_node, R.STREET_ADMIN, "/1/", "/1/", False),
    (may_change_node, R.STREET_ADMIN, "/1/", "/1/3/", True),
    (may_change_node, R.COMMUNITY_ADMIN, "/1/3/", "/1/3/", False),
    (may_change_node, R.COMMUNITY_ADMIN, "/1/3/", "/1/3/7/", True),
    (may_change_node, R.GRID_LEADER, "/1/3/7/", "/1/3/7/19/", True),
    (may_change_node, R.GRID_LEADER, "/1/3/7/", "/1/3/70/71/", False),
    (may_change_node, R.VOLUNTEER, "/1/3/7/", "/1/3/7/19/", False),
    (may_move_under, R.SYSTEM_ADMIN, None, "/2/", True),
    (may_move_under, R.COMMUNITY_ADMIN, "/1/3/", "/1/3/", True),
    (may_move_under, R.COMMUNITY_ADMIN, "/1/3/", "/1/3/70/", True),
    (may_move_under, R.COMMUNITY_ADMIN, "/1/3/", "/1/4/", False),
    (may_move_under, R.GRID_LEADER, "/1/3/7/", "/1/3/7/", True),
    (may_move_under, R.GRID_LEADER, "/1/3/7/", "/1/3/70/", False),
    (may_move_under, R.BUILDING_LEADER, "/1/3/7/19/", "/1/3/7/19/", False),
    (may_create_user, R.SYSTEM_ADMIN, None, True),
    (may_create_user, R.STREET_ADMIN, "/1/", True),
    (may_create_user, R.COMMUNITY_ADMIN, "/1/3/", True),
    (may_create_user, R.GRID_LEADER, "/1/3/7/", True),
    (may_create_user, R.BUILDING_LEADER, "/1/3/7/19/", False),
    (may_create_user, R.CENTRAL_HOUSEHOLD, "/1/3/7/19/79/", False),
    (may_create_user, R.VOLUNTEER, "/1/3/7/", False),
    (may_create_user, R.RESIDENT, "/1/3/7/19/", False),
    (may_create_user, R.AUDITOR, "/1/", False),
    (may_create_user, None, None, False),
    (may_grant, R.SYSTEM_ADMIN, None, R.SYSTEM_ADMIN, None, False),
    (may_grant, R.SYSTEM_ADMIN, None, R.STREET_ADMIN, "/1/", True),
    (may_grant, R.STREET_ADMIN, "/1/", R.COMMUNITY_ADMIN, "/1/3/", True),
    (may_grant, R.STREET_ADMIN, "/1/", R.STREET_ADMIN, "/1/", False),
    (may_grant, R.STREET_ADMIN, "/1/", R.COMMUNITY_ADMIN, "/2/5/", False),
    (may_grant, R.COMMUNITY_ADMIN, "/1/3/", R.GRID_LEADER, "/1/3/7/", True),
    (may_grant, R.COMMUNITY_ADMIN, "/1/3/", R.COMMUNITY_ADMIN, "/1/3/", False),
    (may_grant, R.GRID_LEADER, "/1/3/7/", R.RESIDENT, "/1/3/7/19/", True),
    (may_grant, R.GRID_LEADER, "/1/3/7/", R.RESIDENT, "/1/3/70/71/", False),
    (may_grant, R.GRID_LEADER, "/1/3/7/", R.AUDITOR, "/1/3/7/", False),
    (may_grant, R.BUILDING_LEADER, "/1/3/7/19/", R.VOLUNTEER, "/1/3/7/19/", False),
    # sees_reporter_phone(viewer, reporter, case node path): the reporter, or phones in scope.
    (sees_reporter_phone, R.RESIDENT, "/1/3/7/19/", ME, "/1/3/7/19/", True),
    (sees_reporter_phone, R.RESIDENT, "/1/3/7/19/", OTHER, "/1/3/7/19/", False),
    (sees_reporter_phone, None, None, ME, None, True),
    (sees_reporter_phone, R.BUILDING_LEADER, "/1/3/7/19/", OTHER, "/1/3/7/19/", True),
    (sees_reporter_phone, R.BUILDING_LEADER, "/1/3/7/19/", None, "/1/3/7/20/", False),
    (sees_reporter_phone, R.GRID_LEADER, "/1/3/7/", None, "/1/3/70/71/", False),
    (sees_reporter_phone, R.VOLUNTEER, "/1/3/7/", OTHER, "/1/3/7/19/", False),
    (sees_reporter_phone, R.AUDITOR, "/1/", OTHER, "/1/3/7/19/", False),
    (sees_reporter_phone, R.SYSTEM_ADMIN, None, None, None, False),  # a node the viewer cannot read
    (sees_reporter_phone, R.SYSTEM_ADMIN, None, None, "/2/5/11/22/", True),
    # may_add_photos(viewer, reporter, assignee, path): the reporter, the assignee, case staff.
    (may_add_photos, R.RESIDENT, "/1/3/7/19/", ME, None, "/1/3/7/19/", True),
    (may_add_photos, R.RESIDENT, "/1/3/7/19/", OTHER, None, "/1/3/7/19/", False),
    (may_add_photos, R.VOLUNTEER, "/1/3/7/", OTHER, ME, "/1/3/7/19/", True),
    (may_add_photos, R.VOLUNTEER, "/1/3/7/", OTHER, OTHER, "/1/3/7/19/", False),
    (may_add_photos, R.BUILDING_LEADER, "/1/3/7/19/", OTHER, None, "/1/3/7/19/", True),
    (may_add_photos, R.BUILDING_LEADER, "/1/3/7/19/", OTHER, None, "/1/3/7/20/", False),
    (may_add_photos, R.GRID_LEADER, "/1/3/7/", OTHER, None, "/1/3/7/19/", True),
    # an auditor reads every case in scope but writes nothing, photos included
    (may_add_photos, R.AUDITOR, "/1/", OTHER, None, "/1/3/7/19/", False),
    (may_add_photos, None, None, None, None, "/1/3/7/19/", False),
    # may_take_step: the step's action (STEP_ACTION) at the case's node.
    (may_take_step, R.GRID_LEADER, "/1/3/7/", Step.ACCEPT, "/1/3/7/19/", True),
    (may_take_step, R.GRID_LEADER, "/1/3/7/", Step.REJECT, "/1/3/7/19/", False),
    (may_take_step, R.GRID_LEADER, "/1/3/7/", Step.ASSIGN, "/1/3/7/19/", True),
    (may_take_step, R.GRID_LEADER, "/1/3/7/", Step.VERIFY, "/1/3/7/19/", False),
    (may_take_step, R.GRID_LEADER, "/1/3/7/", Step.ACCEPT, "/1/3/70/71/", False),
    (may_take_step, R.COMMUNITY_ADMIN, "/1/3/", Step.REJECT, "/1/3/7/19/", True),
    (may_take_step, R.COMMUNITY_ADMIN, "/1/3/", Step.VERIFY, "/1/3/7/19/", True),
    (may_take_step, R.VOLUNTEER, "/1/3/7/", Step.CLAIM, "/1/3/7/19/", True),
    (may_take_step, R.VOLUNTEER, "/1/3/7/", Step.ACCEPT, "/1/3/7/19/", False),
    (may_take_step, R.RESIDENT, "/1/3/7/19/", Step.CLAIM, "/1/3/7/19/", False),
    (may_take_step, R.AUDITOR, "/1/", Step.CLAIM, "/1/3/7/19/", False),
    # could_claim_while_waiting: read it among the open cases and claim it; never a dispute.
    (claims_waiting, R.VOLUNTEER, "/1/3/7/", CaseKind.DEMAND, "/1/3/7/19/", True),
    (claims_waiting, R.VOLUNTEER, "/1/3/7/", CaseKind.HAZARD, "/1/3/7/19/", True),
    (claims_waiting, R.VOLUNTEER, "/1/3/7/", CaseKind.DISPUTE, "/1/3/7/19/", False),
    (claims_waiting, R.VOLUNTEER, "/1/3/7/", CaseKind.DEMAND, "/1/3/70/71/", False),
    (claims_waiting, R.BUILDING_LEADER, "/1/3/7/19/", CaseKind.DEMAND, "/1/3/7/19/", True),
    (claims_waiting, R.AUDITOR, "/1/", CaseKind.DEMAND, "/1/3/7/19/", False),
    (claims_waiting, R.RESIDENT, "/1/3/7/19/", CaseKind.DEMAND, "/1/3/7/19/", False),
    # may_log_contact(viewer, is a contact person, member's building path).
    (may_log_contact, None, None, True, "/1/3/7/19/", True),
    (may_log_contact, None, None, False, "/1/3/7/19/", False),
    (may_log_contact, R.BUILDING_LEADER, "/1/3/7/19/", False, "/1/3/7/19/", True),
    (may_log_contact, R.BUILDING_LEADER, "/1/3/7/19/", False, "/1/3/7/20/", False),
    (may_log_contact, R.AUDITOR, "/1/", False, "/1/3/7/19/", False),
    (may_log_contact, R.VOLUNTEER, "/1/3/7/", False, "/1/3/7/19/", False),
]


@pytest.mark.parametrize(
    ("decide", "row"),
    [
        pytest.param(decide, row, id=f"{decide.__name__}-{i}")
        for i, (decide, *row) in enumerate(DECISION_ROWS)
    ],
)
def test_decision(decide: Callable[..., bool], row: tuple[Any, ...]) -> None:
    role, at, *arguments, expected = row
    got = decide(viewer(role, at), *arguments)
    assert got is expected, f"{decide.__name__}: {role} at {at}, {arguments}: got {got}"
