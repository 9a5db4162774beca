"""The real model.conf and policy.csv: every role x action, inside and outside its scope."""

import pytest

from models import Role
from policies.actions import Action
from policies.authorizer import Authorizer, GrantScope

AUTHORIZER = Authorizer.from_files()

# The demo shape: street 1 > community 3 > grid 7 > building 19 > central household 79;
# a sibling grid 8 under the same community, and street 2 beside street 1.
AT = {
    "STREET": "/1/",
    "COMMUNITY": "/1/3/",
    "GRID": "/1/3/7/",
    "BUILDING": "/1/3/7/19/",
    "CENTRAL_HOUSEHOLD": "/1/3/7/19/79/",
}
INSIDE = "/1/3/7/19/79/"  # below every grant node above
SIBLING_GRID = "/1/3/8/"
OTHER_STREET = "/2/5/11/"

ALL = set(Action)
# Each admin grants the roles below its own (written out, so that a change is seen here).
GRID_GRANTS = {
    Action.GRANT_BUILDING_LEADER,
    Action.GRANT_CENTRAL_HOUSEHOLD,
    Action.GRANT_VOLUNTEER,
    Action.GRANT_RESIDENT,
}
COMMUNITY_GRANTS = GRID_GRANTS | {Action.GRANT_GRID_LEADER, Action.GRANT_AUDITOR}
GRANTS_BELOW = {
    Role.STREET_ADMIN: COMMUNITY_GRANTS | {Action.GRANT_COMMUNITY_ADMIN},
    Role.COMMUNITY_ADMIN: COMMUNITY_GRANTS,
    Role.GRID_LEADER: GRID_GRANTS,
}
STAFF_TREE = {Action.ORG_READ, Action.ORG_CREATE, Action.ORG_UPDATE}
STAFF_USERS = {Action.USER_READ, Action.USER_CREATE}
# Evaluations (评选): the published shortlist of one's area, and objecting to it.
PUBLISHED = {Action.EVALUATION_READ_PUBLISHED, Action.EVALUATION_OBJECT}
# Redemption (兑换): building staff redeem at the counter, the community keeps the catalogue.
REDEMPTION_COUNTER = {Action.REDEMPTION_BROWSE, Action.REDEMPTION_READ, Action.REDEMPTION_REDEEM}
REDEMPTION_COMMUNITY = {
    Action.REDEMPTION_CANCEL,
    Action.REDEMPTION_CONFIGURE,
    Action.DIVIDEND_DISTRIBUTE,
}
# Topics (议题, issue 13): building leaders raise, read, follow and escalate; residents read,
# raise at their own building, support and follow; the community decides and configures.
TOPICS_BUILDING = {
    Action.TOPIC_READ,
    Action.TOPIC_RAISE,
    Action.TOPIC_FOLLOW,
    Action.TOPIC_ESCALATE,
}
TOPICS_RESIDENT = {
    Action.TOPIC_READ,
    Action.TOPIC_RAISE_OWN,
    Action.TOPIC_SUPPORT,
    Action.TOPIC_FOLLOW,
}
TOPICS_COMMUNITY = {Action.TOPIC_DECIDE, Action.TOPIC_CONFIGURE}
# Each level holds everything of the level below it (the role hierarchy in policy.csv).
VOLUNTEER = {
    Action.ORG_READ,
    Action.CASE_READ_OPEN,
    Action.CASE_CLAIM,
    Action.ACTIVITY_READ,
    Action.ACTIVITY_CHECK_IN,
    Action.NOTICE_READ_ABOVE,
} | PUBLISHED
CENTRAL_HOUSEHOLD = VOLUNTEER | {Action.PERSON_READ_LINKED, Action.CASE_SUBMIT}
BUILDING_LEADER = (
    CENTRAL_HOUSEHOLD
    | REDEMPTION_COUNTER
    | {
        Action.PERSON_READ,
        Action.PERSON_WRITE,
        Action.PERSON_SEE_PHONE,
        Action.CASE_READ,
        Action.CASE_ATTACH,
        Action.QR_ROTATE,
        Action.ACTIVITY_MANAGE,
        Action.ACTIVITY_ENROL,
        Action.EVALUATION_READ,
        Action.POINTS_READ,
        Action.POINTS_RECORD,
        Action.NOTICE_READ,
        Action.NOTICE_WRITE,
    }
    | TOPICS_BUILDING
)
GRID_LEADER = (
    BUILDING_LEADER
    | STAFF_TREE
    | STAFF_USERS
    | {Action.TEAM_WRITE, Action.CASE_ACCEPT, Action.CASE_ASSIGN}
    | GRANTS_BELOW[Role.GRID_LEADER]
)
COMMUNITY_ADMIN = (
    GRID_LEADER
    | {
        Action.PERSON_SEE_ID_NUMBER,
        Action.CASE_REJECT,
        Action.CASE_VERIFY,
        Action.CASE_READ_DISPUTE,
        Action.CASE_CONFIGURE,
        Action.EVALUATION_MANAGE,
        Action.POINTS_RECORD_DUTY,
        Action.POINTS_CORRECT,
        Action.POINTS_CONFIGURE,
        Action.POINTS_PUBLISH,
    }
    | REDEMPTION_COMMUNITY
    | GRANTS_BELOW[Role.COMMUNITY_ADMIN]
    | TOPICS_COMMUNITY
)
EXPECTED: dict[Role, set[Action]] = {
    Role.SYSTEM_ADMIN: ALL
    - {
        Action.GRANT_SYSTEM_ADMIN,
        Action.PERSON_READ_OWN,
        Action.ACTIVITY_READ_ABOVE,
        Action.ACTIVITY_SIGN_UP,
        Action.REDEMPTION_READ_OWN,
        Action.REDEMPTION_REDEEM_OWN,
        Action.TOPIC_RAISE_OWN,
        Action.TOPIC_SUPPORT,
    },
    Role.STREET_ADMIN: COMMUNITY_ADMIN | GRANTS_BELOW[Role.STREET_ADMIN] | {Action.AUDIT_READ},
    Role.COMMUNITY_ADMIN: COMMUNITY_ADMIN,
    Role.GRID_LEADER: GRID_LEADER,
    Role.BUILDING_LEADER: BUILDING_LEADER,
    Role.CENTRAL_HOUSEHOLD: CENTRAL_HOUSEHOLD,
    Role.VOLUNTEER: VOLUNTEER,
    Role.RESIDENT: {
        Action.ORG_READ,
        Action.PERSON_READ_OWN,
        Action.CASE_SUBMIT,
        Action.ACTIVITY_READ_ABOVE,
        Action.ACTIVITY_SIGN_UP,
        Action.REDEMPTION_BROWSE,
        Action.REDEMPTION_READ_OWN,
        Action.REDEMPTION_REDEEM_OWN,
        Action.NOTICE_READ_ABOVE,
    }
    | PUBLISHED
    | TOPICS_RESIDENT,
    Role.AUDITOR: {
        Action.ORG_READ,
        Action.USER_READ,
        Action.PERSON_READ,
        Action.CASE_READ,
        Action.AUDIT_READ,
        Action.ACTIVITY_READ,
        Action.EVALUATION_READ,
        Action.EVALUATION_READ_PUBLISHED,
        Action.REDEMPTION_BROWSE,
        Action.REDEMPTION_READ,
        Action.POINTS_READ,
        Action.TOPIC_READ,
        Action.NOTICE_READ,
        Action.NOTICE_READ_ABOVE,
    },
}
# Meetings, conventions and service items (issue 13): every staff role votes as an attendee and
# reads service items of its area; building leaders and up read and run meetings and draft
# conventions; community admins manage service items; residents read their building's.
_VOLUNTEER_MEETINGS = {Action.MEETING_VOTE, Action.SERVICE_ITEM_READ}
_LEADER_MEETINGS = _VOLUNTEER_MEETINGS | {
    Action.MEETING_READ,
    Action.MEETING_CONVENE,
    Action.CONVENTION_READ,
    Action.CONVENTION_DRAFT,
}
_ADMIN_MEETINGS = _LEADER_MEETINGS | {Action.SERVICE_ITEM_MANAGE}
EXPECTED[Role.SYSTEM_ADMIN] -= {Action.MEETING_READ_BUILDING, Action.CONVENTION_READ_BUILDING}
for _role, _added in (
    (Role.STREET_ADMIN, _ADMIN_MEETINGS),
    (Role.COMMUNITY_ADMIN, _ADMIN_MEETINGS),
    (Role.GRID_LEADER, _LEADER_MEETINGS),
    (Role.BUILDING_LEADER, _LEADER_MEETINGS),
    (Role.CENTRAL_HOUSEHOLD, _VOLUNTEER_MEETINGS),
    (Role.VOLUNTEER, _VOLUNTEER_MEETINGS),
    (
        Role.RESIDENT,
        _VOLUNTEER_MEETINGS | {Action.MEETING_READ_BUILDING, Action.CONVENTION_READ_BUILDING},
    ),
    (Role.AUDITOR, {Action.MEETING_READ, Action.CONVENTION_READ, Action.SERVICE_ITEM_READ}),
):
    EXPECTED[_role] = EXPECTED[_role] | _added
# Figures (统计, issue 14): building leaders and up, and auditors; not central households,
# volunteers or residents.
for _role in (
    Role.STREET_ADMIN,
    Role.COMMUNITY_ADMIN,
    Role.GRID_LEADER,
    Role.BUILDING_LEADER,
    Role.AUDITOR,
):
    EXPECTED[_role] = EXPECTED[_role] | {Action.STATS_READ}
# Elder care (issue 14): devices are read and managed by building leaders and up; alerts are
# routed to the building's stewards and the grid (read, handle), and reach the community and
# the levels above only once escalated (read_escalated, handle_escalated: the routed pair is
# denied to them). Auditors read everything of both.
_DEVICES = {Action.DEVICE_READ, Action.DEVICE_MANAGE}
_ROUTED = {Action.ALERT_READ, Action.ALERT_HANDLE}
_ESCALATED = {Action.ALERT_READ_ESCALATED, Action.ALERT_HANDLE_ESCALATED}
for _role in (Role.BUILDING_LEADER, Role.GRID_LEADER):
    EXPECTED[_role] = EXPECTED[_role] | _DEVICES | _ROUTED
for _role in (Role.COMMUNITY_ADMIN, Role.STREET_ADMIN):
    EXPECTED[_role] = EXPECTED[_role] | _DEVICES | _ESCALATED
EXPECTED[Role.SYSTEM_ADMIN] -= _ROUTED
EXPECTED[Role.AUDITOR] = EXPECTED[Role.AUDITOR] | {
    Action.DEVICE_READ,
    Action.ALERT_READ,
    Action.ALERT_READ_ESCALATED,
}
# Access review (issue 15): street admins and auditors explain and review access in scope.
for _role in (Role.STREET_ADMIN, Role.AUDITOR):
    EXPECTED[_role] = EXPECTED[_role] | {Action.ACCESS_EXPLAIN, Action.ACCESS_REVIEW}
GRANTED_AT: dict[Role, str | None] = {
    Role.SYSTEM_ADMIN: None,
    Role.STREET_ADMIN: AT["STREET"],
    Role.COMMUNITY_ADMIN: AT["COMMUNITY"],
    Role.GRID_LEADER: AT["GRID"],
    Role.BUILDING_LEADER: AT["BUILDING"],
    Role.CENTRAL_HOUSEHOLD: AT["CENTRAL_HOUSEHOLD"],
    Role.VOLUNTEER: AT["GRID"],
    Role.RESIDENT: AT["BUILDING"],
    Role.AUDITOR: AT["STREET"],
}
# Targets outside each grant's subtree (SYSTEM_ADMIN has none).
OUTSIDE: dict[Role, list[str]] = {
    Role.SYSTEM_ADMIN: [],
    Role.STREET_ADMIN: [OTHER_STREET],
    Role.COMMUNITY_ADMIN: [OTHER_STREET, "/1/4/"],
    Role.GRID_LEADER: [OTHER_STREET, SIBLING_GRID, "/1/3/70/"],  # /1/3/7/ must not match /70/
    Role.BUILDING_LEADER: [OTHER_STREET, SIBLING_GRID, "/1/3/7/20/"],
    Role.CENTRAL_HOUSEHOLD: [OTHER_STREET, "/1/3/7/19/80/"],
    Role.VOLUNTEER: [OTHER_STREET, SIBLING_GRID],
    Role.RESIDENT: [OTHER_STREET, "/1/3/7/20/"],
    Role.AUDITOR: [OTHER_STREET],
}

ROWS = [
    (role, GRANTED_AT[role], action, target, action in EXPECTED[role] and inside)
    for role in Role
    for action in Action
    for target, inside in [(INSIDE, True), *((path, False) for path in OUTSIDE[role])]
]  # one row per (role, action, target)


@pytest.mark.parametrize(("role", "granted_at", "action", "target", "expected"), ROWS)
def test_policy_table(
    role: Role, granted_at: str | None, action: Action, target: str, expected: bool
) -> None:
    viewer = AUTHORIZER.viewer(1, [GrantScope(role, granted_at)])
    got = viewer.can(action, target)
    assert got is expected, f"{role} granted at {granted_at} -> {action} on {target}: got {got}"


def test_every_action_is_in_the_policy_and_every_policy_action_is_an_action() -> None:
    assert AUTHORIZER.policy_actions() == {action.value for action in Action}


def test_roles_never_grant_their_own_role_or_above() -> None:
    order = list(Role)[:5]  # SYSTEM_ADMIN > STREET_ADMIN > ... > BUILDING_LEADER
    for rank, role in enumerate(order):
        for higher_or_equal in order[: rank + 1]:
            assert not AUTHORIZER.role_allows(role, Action.grant(higher_or_equal)), (
                role,
                higher_or_equal,
            )
