"""Per-row decisions of policies/authorizer.py, one row per (grant, target, expected).

Paths follow test_policy_table.py: street 1 > community 3 > grid 7 > building 19 > central
household 79; grid 70 is the separator trap and street 2 lies elsewhere."""

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


# can_below: strictly below a grant node ("nodes below it"), never the grant node itself.
CAN_BELOW_ROWS = [
    (R.SYSTEM_ADMIN, None, Action.ORG_UPDATE, "/1/", True),
    (R.STREET_ADMIN, "/1/", Action.ORG_UPDATE, "/1/", False),
    (R.STREET_ADMIN, "/1/", Action.ORG_UPDATE, "/1/3/", True),
    (R.COMMUNITY_ADMIN, "/1/3/", Action.ORG_UPDATE, "/1/3/", False),
    (R.COMMUNITY_ADMIN, "/1/3/", Action.ORG_UPDATE, "/1/3/7/19/", True),
    (R.COMMUNITY_ADMIN, "/1/3/", Action.ORG_UPDATE, "/1/30/", False),
    (R.COMMUNITY_ADMIN, "/1/3/", Action.ORG_UPDATE, "/1/", False),
    (R.GRID_LEADER, "/1/3/7/", Action.ORG_UPDATE, "/1/3/7/19/", True),
    (R.GRID_LEADER, "/1/3/7/", Action.ORG_UPDATE, "/1/3/70/", False),
    (R.GRID_LEADER, "/1/3/7/", Action.ORG_UPDATE, "/1/3/70/71/", False),
    (R.BUILDING_LEADER, "/1/3/7/19/", Action.ORG_UPDATE, "/1/3/7/19/79/", False),
    (R.BUILDING_LEADER, "/1/3/7/19/", Action.PERSON_WRITE, "/1/3/7/19/79/", True),
    (R.AUDITOR, "/1/", Action.ORG_UPDATE, "/1/3/", False),
    (None, None, Action.ORG_UPDATE, "/1/3/", False),
]


@pytest.mark.parametrize(("role", "at", "action", "target", "expected"), CAN_BELOW_ROWS)
def test_can_below(role, at, action, target, expected) -> None:
    got = viewer(role, at).can_below(action, target)
    assert got is expected, f"{role} at {at} -> {action} below-check on {target}: got {got}"


# The tree: create under a node in scope (the grant node too); change only strictly below it;
# move under a node in scope (the grant node too). None: the top of the tree.
CREATE_CHILD_ROWS = [
    (R.SYSTEM_ADMIN, None, None, True),
    (R.STREET_ADMIN, "/1/", None, False),
    (R.STREET_ADMIN, "/1/", "/1/", True),
    (R.COMMUNITY_ADMIN, "/1/3/", "/1/3/", True),
    (R.COMMUNITY_ADMIN, "/1/3/", "/1/", False),
    (R.GRID_LEADER, "/1/3/7/", "/1/3/7/19/", True),
    (R.GRID_LEADER, "/1/3/7/", "/1/3/70/", False),
    (R.BUILDING_LEADER, "/1/3/7/19/", "/1/3/7/19/", False),
    (R.AUDITOR, "/1/", "/1/3/", False),
]


@pytest.mark.parametrize(("role", "at", "parent", "expected"), CREATE_CHILD_ROWS)
def test_may_create_child(role, at, parent, expected) -> None:
    got = may_create_child(viewer(role, at), parent)
    assert got is expected, f"{role} at {at} creates under {parent}: got {got}"


CHANGE_NODE_ROWS = [
    (R.SYSTEM_ADMIN, None, "/1/", True),
    (R.STREET_ADMIN, "/1/", "/1/", False),
    (R.STREET_ADMIN, "/1/", "/1/3/", True),
    (R.COMMUNITY_ADMIN, "/1/3/", "/1/3/", False),
    (R.COMMUNITY_ADMIN, "/1/3/", "/1/3/7/", True),
    (R.GRID_LEADER, "/1/3/7/", "/1/3/7/19/", True),
    (R.GRID_LEADER, "/1/3/7/", "/1/3/70/71/", False),
    (R.VOLUNTEER, "/1/3/7/", "/1/3/7/19/", False),
]


@pytest.mark.parametrize(("role", "at", "target", "expected"), CHANGE_NODE_ROWS)
def test_may_change_node(role, at, target, expected) -> None:
    got = may_change_node(viewer(role, at), target)
    assert got is expected, f"{role} at {at} changes {target}: got {got}"


MOVE_UNDER_ROWS = [
    (R.SYSTEM_ADMIN, None, "/2/", True),
    (R.COMMUNITY_ADMIN, "/1/3/", "/1/3/", True),
    (R.COMMUNITY_ADMIN, "/1/3/", "/1/3/70/", True),
    (R.COMMUNITY_ADMIN, "/1/3/", "/1/4/", False),
    (R.GRID_LEADER, "/1/3/7/", "/1/3/7/", True),
    (R.GRID_LEADER, "/1/3/7/", "/1/3/70/", False),
    (R.BUILDING_LEADER, "/1/3/7/19/", "/1/3/7/19/", False),
]


@pytest.mark.parametrize(("role", "at", "new_parent", "expected"), MOVE_UNDER_ROWS)
def test_may_move_under(role, at, new_parent, expected) -> None:
    got = may_move_under(viewer(role, at), new_parent)
    assert got is expected, f"{role} at {at} moves a node under {new_parent}: got {got}"


CREATE_USER_ROWS = [
    (R.SYSTEM_ADMIN, None, True),
    (R.STREET_ADMIN, "/1/", True),
    (R.COMMUNITY_ADMIN, "/1/3/", True),
    (R.GRID_LEADER, "/1/3/7/", True),
    (R.BUILDING_LEADER, "/1/3/7/19/", False),
    (R.CENTRAL_HOUSEHOLD, "/1/3/7/19/79/", False),
    (R.VOLUNTEER, "/1/3/7/", False),
    (R.RESIDENT, "/1/3/7/19/", False),
    (R.AUDITOR, "/1/", False),
    (None, None, False),
]


@pytest.mark.parametrize(("role", "at", "expected"), CREATE_USER_ROWS)
def test_may_create_user(role, at, expected) -> None:
    got = may_create_user(viewer(role, at))
    assert got is expected, f"{role} at {at} creates accounts: got {got}"


GRANT_ROWS = [
    (R.SYSTEM_ADMIN, None, R.SYSTEM_ADMIN, None, False),
    (R.SYSTEM_ADMIN, None, R.STREET_ADMIN, "/1/", True),
    (R.STREET_ADMIN, "/1/", R.COMMUNITY_ADMIN, "/1/3/", True),
    (R.STREET_ADMIN, "/1/", R.STREET_ADMIN, "/1/", False),
    (R.STREET_ADMIN, "/1/", R.COMMUNITY_ADMIN, "/2/5/", False),
    (R.COMMUNITY_ADMIN, "/1/3/", R.GRID_LEADER, "/1/3/7/", True),
    (R.COMMUNITY_ADMIN, "/1/3/", R.COMMUNITY_ADMIN, "/1/3/", False),
    (R.GRID_LEADER, "/1/3/7/", R.RESIDENT, "/1/3/7/19/", True),
    (R.GRID_LEADER, "/1/3/7/", R.RESIDENT, "/1/3/70/71/", False),
    (R.GRID_LEADER, "/1/3/7/", R.AUDITOR, "/1/3/7/", False),
    (R.BUILDING_LEADER, "/1/3/7/19/", R.VOLUNTEER, "/1/3/7/19/", False),
]


@pytest.mark.parametrize(("role", "at", "granted", "node", "expected"), GRANT_ROWS)
def test_may_grant(role, at, granted, node, expected) -> None:
    got = may_grant(viewer(role, at), granted, node)
    assert got is expected, f"{role} at {at} grants {granted} at {node}: got {got}"


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


# sees_reporter_phone(viewer, reporter, case node path): the reporter, or phones in scope.
REPORTER_PHONE_ROWS = [
    (R.RESIDENT, "/1/3/7/19/", ME, "/1/3/7/19/", True),
    (R.RESIDENT, "/1/3/7/19/", OTHER, "/1/3/7/19/", False),
    (None, None, ME, None, True),
    (R.BUILDING_LEADER, "/1/3/7/19/", OTHER, "/1/3/7/19/", True),
    (R.BUILDING_LEADER, "/1/3/7/19/", None, "/1/3/7/20/", False),
    (R.GRID_LEADER, "/1/3/7/", None, "/1/3/70/71/", False),
    (R.VOLUNTEER, "/1/3/7/", OTHER, "/1/3/7/19/", False),
    (R.AUDITOR, "/1/", OTHER, "/1/3/7/19/", False),
    (R.SYSTEM_ADMIN, None, None, None, False),  # a node the viewer cannot read
    (R.SYSTEM_ADMIN, None, None, "/2/5/11/22/", True),
]


@pytest.mark.parametrize(("role", "at", "reporter", "path", "expected"), REPORTER_PHONE_ROWS)
def test_sees_reporter_phone(role, at, reporter, path, expected) -> None:
    got = sees_reporter_phone(viewer(role, at), reporter, path)
    assert got is expected, f"{role} at {at}, reporter {reporter}, case at {path}: got {got}"


# may_add_photos(viewer, reporter, assignee, path): the reporter, the assignee, case staff.
PHOTO_ROWS = [
    (R.RESIDENT, "/1/3/7/19/", ME, None, "/1/3/7/19/", True),
    (R.RESIDENT, "/1/3/7/19/", OTHER, None, "/1/3/7/19/", False),
    (R.VOLUNTEER, "/1/3/7/", OTHER, ME, "/1/3/7/19/", True),
    (R.VOLUNTEER, "/1/3/7/", OTHER, OTHER, "/1/3/7/19/", False),
    (R.BUILDING_LEADER, "/1/3/7/19/", OTHER, None, "/1/3/7/19/", True),
    (R.BUILDING_LEADER, "/1/3/7/19/", OTHER, None, "/1/3/7/20/", False),
    (R.GRID_LEADER, "/1/3/7/", OTHER, None, "/1/3/7/19/", True),
    # an auditor reads every case in scope but writes nothing, photos included
    (R.AUDITOR, "/1/", OTHER, None, "/1/3/7/19/", False),
    (None, None, None, None, "/1/3/7/19/", False),
]


@pytest.mark.parametrize(("role", "at", "reporter", "assignee", "path", "expected"), PHOTO_ROWS)
def test_may_add_photos(role, at, reporter, assignee, path, expected) -> None:
    got = may_add_photos(viewer(role, at), reporter, assignee, path)
    assert got is expected, f"{role} at {at}, reporter {reporter}, assignee {assignee}: {got}"


def test_an_anonymous_viewer_is_nobody_s_reporter() -> None:
    anonymous = AUTHORIZER.viewer(None, [])
    assert not may_add_photos(anonymous, None, None, "/1/3/7/19/")
    assert not sees_reporter_phone(anonymous, None, "/1/3/7/19/")


# may_take_step: the step's action (STEP_ACTION) at the case's node.
STEP_ROWS = [
    (R.GRID_LEADER, "/1/3/7/", Step.ACCEPT, "/1/3/7/19/", True),
    (R.GRID_LEADER, "/1/3/7/", Step.REJECT, "/1/3/7/19/", False),
    (R.GRID_LEADER, "/1/3/7/", Step.ASSIGN, "/1/3/7/19/", True),
    (R.GRID_LEADER, "/1/3/7/", Step.VERIFY, "/1/3/7/19/", False),
    (R.GRID_LEADER, "/1/3/7/", Step.ACCEPT, "/1/3/70/71/", False),
    (R.COMMUNITY_ADMIN, "/1/3/", Step.REJECT, "/1/3/7/19/", True),
    (R.COMMUNITY_ADMIN, "/1/3/", Step.VERIFY, "/1/3/7/19/", True),
    (R.VOLUNTEER, "/1/3/7/", Step.CLAIM, "/1/3/7/19/", True),
    (R.VOLUNTEER, "/1/3/7/", Step.ACCEPT, "/1/3/7/19/", False),
    (R.RESIDENT, "/1/3/7/19/", Step.CLAIM, "/1/3/7/19/", False),
    (R.AUDITOR, "/1/", Step.CLAIM, "/1/3/7/19/", False),
]


@pytest.mark.parametrize(("role", "at", "step", "path", "expected"), STEP_ROWS)
def test_may_take_step(role, at, step, path, expected) -> None:
    got = may_take_step(viewer(role, at), step, path)
    assert got is expected, f"{role} at {at} takes {step} at {path}: got {got}"


# could_claim_while_waiting: read it among the open cases and claim it; never a dispute.
WAITING_CLAIM_ROWS = [
    (R.VOLUNTEER, "/1/3/7/", CaseKind.DEMAND, "/1/3/7/19/", True),
    (R.VOLUNTEER, "/1/3/7/", CaseKind.HAZARD, "/1/3/7/19/", True),
    (R.VOLUNTEER, "/1/3/7/", CaseKind.DISPUTE, "/1/3/7/19/", False),
    (R.VOLUNTEER, "/1/3/7/", CaseKind.DEMAND, "/1/3/70/71/", False),
    (R.BUILDING_LEADER, "/1/3/7/19/", CaseKind.DEMAND, "/1/3/7/19/", True),
    (R.AUDITOR, "/1/", CaseKind.DEMAND, "/1/3/7/19/", False),
    (R.RESIDENT, "/1/3/7/19/", CaseKind.DEMAND, "/1/3/7/19/", False),
]


@pytest.mark.parametrize(("role", "at", "kind", "path", "expected"), WAITING_CLAIM_ROWS)
def test_could_claim_while_waiting(role, at, kind, path, expected) -> None:
    got = could_claim_while_waiting(viewer(role, at), kind, path)
    assert got is expected, f"{role} at {at}, a {kind} at {path}: got {got}"


# may_log_contact(viewer, is a contact person, member's building path).
CONTACT_ROWS = [
    (None, None, True, "/1/3/7/19/", True),
    (None, None, False, "/1/3/7/19/", False),
    (R.BUILDING_LEADER, "/1/3/7/19/", False, "/1/3/7/19/", True),
    (R.BUILDING_LEADER, "/1/3/7/19/", False, "/1/3/7/20/", False),
    (R.AUDITOR, "/1/", False, "/1/3/7/19/", False),
    (R.VOLUNTEER, "/1/3/7/", False, "/1/3/7/19/", False),
]


@pytest.mark.parametrize(("role", "at", "is_contact", "path", "expected"), CONTACT_ROWS)
def test_may_log_contact(role, at, is_contact, path, expected) -> None:
    got = may_log_contact(viewer(role, at), is_contact, path)
    assert got is expected, f"{role} at {at}, contact person {is_contact}, at {path}: got {got}"


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
