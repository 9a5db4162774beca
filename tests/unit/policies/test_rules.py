"""policies/rules.py and the declared tables of policies/actions.py, one row per case."""

import pytest

from models import OrgLevel as Lv
from models import Role as R
from models.workflows.cases import Step
from policies.actions import PERSONAL_STEPS, STEP_ACTION, Action
from policies.rules import (
    LINKED_ACCOUNT_ROLE,
    LinkRefusal,
    grant_level_problem,
    grid_prefix,
    link_refusal,
    may_rate,
    may_resolve,
    may_verify,
    same_grid,
)

# role: (levels of the node it may be granted at, levels it may not; None: no node)
GRANT_LEVELS: dict[R, tuple[list[Lv | None], list[Lv | None]]] = {
    R.SYSTEM_ADMIN: ([None], [Lv.STREET]),
    R.STREET_ADMIN: ([Lv.STREET], [Lv.COMMUNITY, None]),
    R.COMMUNITY_ADMIN: ([Lv.COMMUNITY], [Lv.STREET]),
    R.GRID_LEADER: ([Lv.GRID], [Lv.BUILDING]),
    R.BUILDING_LEADER: ([Lv.BUILDING], [Lv.GRID]),
    R.CENTRAL_HOUSEHOLD: ([Lv.CENTRAL_HOUSEHOLD], [Lv.BUILDING]),
    R.RESIDENT: ([Lv.BUILDING], [Lv.CENTRAL_HOUSEHOLD, None]),
    R.VOLUNTEER: ([Lv.STREET, Lv.GRID, Lv.CENTRAL_HOUSEHOLD], [None]),
    R.AUDITOR: ([Lv.STREET, Lv.BUILDING], [None]),
}
# (role, level, a problem expected?)
GRANT_LEVEL_ROWS = [
    (role, level, refused)
    for role, (allowed, refused_at) in GRANT_LEVELS.items()
    for refused, levels in ((False, allowed), (True, refused_at))
    for level in levels
]


@pytest.mark.parametrize(("role", "level", "refused"), GRANT_LEVEL_ROWS)
def test_grant_level_problem(role, level, refused) -> None:
    problem = grant_level_problem(role, level)
    assert (problem is not None) is refused, f"{role} at a {level} node: {problem!r}"


# (the case's person, the user asking, allowed?) for each person rule.
PERSON_ROWS = [
    (may_resolve, 7, 7, True),
    (may_resolve, 7, 8, False),
    (may_resolve, None, 7, False),
    (may_resolve, None, None, False),
    (may_rate, 7, 7, True),
    (may_rate, 7, 8, False),
    (may_rate, None, 7, False),  # a QR case has no reporter account: nobody rates it
    (may_rate, None, None, False),
    (may_verify, 7, 8, True),
    (may_verify, 7, 7, False),  # separation of duties
    (may_verify, None, 7, True),
    (may_verify, 7, None, False),
]


@pytest.mark.parametrize(("rule", "person", "user", "expected"), PERSON_ROWS)
def test_person_rules(rule, person, user, expected) -> None:
    got = rule(person, user)
    assert got is expected, f"{rule.__name__}({person}, user {user}): got {got}"


def test_a_linked_account_becomes_a_resident() -> None:
    assert LINKED_ACCOUNT_ROLE is R.RESIDENT


STEP_ACTION_ROWS = [
    (Step.ACCEPT, Action.CASE_ACCEPT),
    (Step.REJECT, Action.CASE_REJECT),
    (Step.ASSIGN, Action.CASE_ASSIGN),
    (Step.CLAIM, Action.CASE_CLAIM),
    (Step.VERIFY, Action.CASE_VERIFY),
    (Step.RESOLVE, None),  # the assignee's (may_resolve)
    (Step.RATE, None),  # the reporter's (may_rate)
    (Step.REOPEN, None),  # the reporter's, by a low rating
]


@pytest.mark.parametrize(("step", "action"), STEP_ACTION_ROWS)
def test_step_action(step, action) -> None:
    got = STEP_ACTION.get(step)
    assert got is action, f"{step} needs {action}: got {got}"
    assert (step in PERSONAL_STEPS) is (action is None), f"{step} is personal or scoped"


def test_every_step_is_scoped_or_personal() -> None:
    assert {step for step, _ in STEP_ACTION_ROWS} == set(Step)
    assert set(STEP_ACTION) | PERSONAL_STEPS == set(Step)
    assert not set(STEP_ACTION) & PERSONAL_STEPS


CALLER, ACCOUNT, OTHER = 1, 2, 3
RESIDENT_ID, OTHER_RESIDENT = 10, 11
# (caller, account's roles, residents the account is linked to, resident's account, refusal)
LINK_ROWS = [
    (CALLER, [], [], None, None),  # a fresh account
    (CALLER, [R.RESIDENT], [], None, None),  # a resident's account, linked to nobody yet
    (CALLER, [R.RESIDENT], [RESIDENT_ID], ACCOUNT, None),  # the same link again
    (ACCOUNT, [], [], None, LinkRefusal.OWN_ACCOUNT),
    (ACCOUNT, [R.GRID_LEADER], [], None, LinkRefusal.OWN_ACCOUNT),
    (CALLER, [R.VOLUNTEER], [], None, LinkRefusal.STAFF_ACCOUNT),
    (CALLER, [R.RESIDENT, R.BUILDING_LEADER], [], None, LinkRefusal.STAFF_ACCOUNT),
    (CALLER, [R.AUDITOR], [], None, LinkRefusal.STAFF_ACCOUNT),
    (CALLER, [R.SYSTEM_ADMIN], [], None, LinkRefusal.STAFF_ACCOUNT),
    (CALLER, [R.RESIDENT], [OTHER_RESIDENT], None, LinkRefusal.ACCOUNT_LINKED),
    (CALLER, [], [], OTHER, LinkRefusal.RESIDENT_LINKED),  # unlink first
    (None, [], [], None, None),  # the command line acts as nobody in particular
]


@pytest.mark.parametrize(("caller", "roles", "linked", "resident_user", "refusal"), LINK_ROWS)
def test_link_refusal(caller, roles, linked, resident_user, refusal) -> None:
    got = link_refusal(
        caller_id=caller,
        user_id=ACCOUNT,
        user_created_by_id=OTHER,
        user_roles=roles,
        linked_resident_ids=linked,
        resident_id=RESIDENT_ID,
        resident_user_id=resident_user,
    )
    assert got is refusal, f"caller {caller} links {roles} {linked} to {resident_user}: {got}"


@pytest.mark.parametrize(
    ("caller", "created_by", "refusal"),
    [
        (CALLER, CALLER, LinkRefusal.CREATED_BY_CALLER),  # they chose its password
        (CALLER, OTHER, None),  # a colleague made it
        (CALLER, None, None),  # signed up, or made on the command line
        (ACCOUNT, ACCOUNT, LinkRefusal.OWN_ACCOUNT),
        (None, None, None),  # the command line
    ],
)
def test_an_account_is_not_linked_by_whoever_created_it(caller, created_by, refusal) -> None:
    got = link_refusal(
        caller_id=caller,
        user_id=ACCOUNT,
        user_created_by_id=created_by,
        user_roles=[],
        linked_resident_ids=[],
        resident_id=RESIDENT_ID,
        resident_user_id=None,
    )
    assert got is refusal


# (building path, central household path, same grid?)
SAME_GRID_ROWS = [
    ("/1/3/7/19/", "/1/3/7/19/79/", True),  # its own building's
    ("/1/3/7/20/", "/1/3/7/19/79/", True),  # next door, same grid
    ("/1/3/70/71/", "/1/3/7/19/79/", False),  # the separator trap: grid 70 is not grid 7
    ("/1/4/8/21/", "/1/3/7/19/79/", False),  # another community
    ("/2/5/11/22/", "/1/3/7/19/79/", False),  # another street
]


@pytest.mark.parametrize(("building", "central", "expected"), SAME_GRID_ROWS)
def test_same_grid(building, central, expected) -> None:
    assert same_grid(building, central) is expected, (building, central)


def test_grid_prefix() -> None:
    assert grid_prefix("/1/3/7/19/79/") == grid_prefix("/1/3/7/") == "/1/3/7/"
    assert grid_prefix("/1/3/") == "/1/3/"
