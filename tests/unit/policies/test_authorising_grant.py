"""The grant an audit record names: the most specific one allowing the action at the target."""

import pytest

from models import Role as R
from policies.actions import Action
from policies.authorizer import Authorizer, Decision, GrantScope, authorising_grant

AUTHORIZER = Authorizer.from_files()
STREET, GRID = GrantScope(R.STREET_ADMIN, "/1/"), GrantScope(R.GRID_LEADER, "/1/3/7/")
AUDITOR, SYSTEM = GrantScope(R.AUDITOR, "/1/"), GrantScope(R.SYSTEM_ADMIN, None)


@pytest.mark.parametrize(
    ("grants", "decision", "expected"),
    [
        ([STREET, GRID], Decision(Action.PERSON_WRITE, "/1/3/7/19/"), GRID),
        ([STREET, GRID], Decision(Action.PERSON_WRITE, "/1/3/8/"), STREET),
        # strictly below a grant node: the grid's own node is not below the grid grant
        ([STREET, GRID], Decision(Action.ORG_UPDATE, "/1/3/7/", below=True), STREET),
        # the grid leader may not verify: the street admin's grant did
        ([STREET, GRID], Decision(Action.CASE_VERIFY, "/1/3/7/19/"), STREET),
        # an auditor's grant allows no write
        ([AUDITOR, GRID], Decision(Action.PERSON_WRITE, "/1/3/7/19/"), GRID),
        ([SYSTEM, GRID], Decision(Action.PERSON_WRITE, "/1/3/7/19/"), GRID),
        ([SYSTEM, GRID], Decision(Action.PERSON_WRITE, "/2/"), SYSTEM),
        # no target node (creating an account): the broadest grant allowing it
        ([GRID, STREET], Decision(Action.USER_CREATE, None), STREET),
        ([GRID, SYSTEM], Decision(Action.USER_CREATE, None), SYSTEM),
        ([AUDITOR], Decision(Action.USER_CREATE, None), None),
        ([GRID], Decision(Action.PERSON_WRITE, "/2/"), None),
    ],
)
def test_the_most_specific_grant_allowing_the_action(grants, decision, expected) -> None:
    viewer = AUTHORIZER.viewer(1, grants)
    assert authorising_grant(viewer, decision) == expected, (grants, decision)


def test_the_viewer_logs_allowed_writes_only() -> None:
    viewer = AUTHORIZER.viewer(1, [GRID])
    assert viewer.can(Action.PERSON_READ, "/1/3/7/19/")
    assert not viewer.can(Action.PERSON_WRITE, "/2/")
    assert viewer.can(Action.PERSON_WRITE, "/1/3/7/19/")
    assert viewer.decisions == [Decision(Action.PERSON_WRITE, "/1/3/7/19/")]
