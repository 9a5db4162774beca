"""explainAccess (issue 15): its `allowed` is what the user actually gets, for random users,
objects and actions of the demo data; scope between the two streets; bad input."""

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import models
from models import CaseKind, OrgLevel
from policies.actions import Action
from policies.authorizer import Authorizer
from policies.rules import may_handle_own_report, may_verify
from resolvers.auth import active_grants
from tests.helpers import Api, explain_access, gid, one_database_settings

USERS = [
    "admin",
    "street1",
    "community1",
    "community2",
    "grid1",
    "building1",
    "building2",
    "household1",
    "volunteer1",
    "resident1",
    "resident2",
    "auditor1",
]
READ_ACTIONS = ["org.read", "person.read", "case.read", "topic.read", "activity.read"]
PERSON_ACTIONS = ["person.see_phone", "person.see_id_number"]
CHANGE_ACTIONS = ["case.verify", "case.claim", "case.accept", "org.update", "person.write"]

EXPLAIN = """
query Explain($user: ID!, $target: ID!, $action: String!) {
  explainAccess(userId: $user, targetId: $target, action: $action) {
    allowed readable action targetType targetPath grants
    checks { action allowed listing below grants { grantId role nodeId roleAllows
      containsTarget matchingPrefix policyLines { text effect } casbinRule } }
    rules { rule holds required message }
    fields { field action unmasked reason }
  }
}
"""
NODE = """
query Read($id: ID!) { node(id: $id) { id ... on Resident { phone idNumber } } }
"""


async def _targets() -> list[tuple[str, Any]]:
    """A few objects of each kind, from both streets (id order puts the first street first)."""
    rows: list[Any] = []
    for level in OrgLevel:
        nodes = await models.OrgNode.filter(level=level).order_by("id")
        rows += [nodes[0], nodes[1], nodes[-1]]
    residents = await models.Resident.filter(phone__isnull=False).order_by("id")
    rows += residents[:3] + residents[-3:]
    households = await models.Household.all().order_by("id")
    rows += households[:2] + households[-2:]
    for kind in CaseKind:
        cases = await models.Case.filter(kind=kind).order_by("id")
        rows += cases[:3] + cases[-2:]
    rows += (await models.Topic.all().order_by("id"))[:2]
    rows += (await models.Activity.all().order_by("id"))[:2]
    return [(gid(row), row) for row in rows]


async def _state(api: Api) -> dict[str, Any]:
    state: dict[str, Any] | None = getattr(api, "_explain_state", None)
    if state is None:
        users = {u.username: u for u in await models.User.filter(username__in=USERS)}
        state = {"users": users, "targets": await _targets(), "authz": Authorizer.from_files()}
        api._explain_state = state  # type: ignore[attr-defined]
    return state


async def _expected_change(state: dict[str, Any], user: models.User, row: Any, action: Action):
    """The mutation's own decision for a changing action (the authorizer's functions)."""
    viewer = state["authz"].viewer(user.id, await active_grants(user.id))
    path = (
        row.node_path
        if isinstance(row, models.Case)
        else row.path
        if isinstance(row, models.OrgNode)
        else None
    )
    if path is None:
        household = await models.Household.get(
            id=row.household_id if isinstance(row, models.Resident) else row.id
        )
        path = household.building_path
    if action is Action.ORG_UPDATE:
        return viewer.can_below(action, path)
    allowed = viewer.can(action, path)
    if isinstance(row, models.Case) and action is Action.CASE_VERIFY:
        allowed = allowed and may_verify(row.resolved_by_id, user.id)
    if isinstance(row, models.Case) and action is Action.CASE_CLAIM:
        allowed = allowed and may_handle_own_report(row.reporter_user_id, user.id)
    return allowed


OWN_RESOURCE = {
    models.OrgNode: "org",
    models.Resident: "person",
    models.Household: "person",
    models.Case: "case",
    models.Topic: "topic",
    models.Activity: "activity",
}


async def _expected_read(state: dict[str, Any], user: models.User, row: Any, action: Action):
    """A read of the row's own kind: reading it decides; another: `Viewer.can` at its path."""
    if action.resource == OWN_RESOURCE[type(row)]:
        return True
    viewer = state["authz"].viewer(user.id, await active_grants(user.id))
    if isinstance(row, models.OrgNode):
        path = row.path
    elif isinstance(row, models.Case | models.Topic | models.Activity):
        path = row.node_path
    else:
        household = await models.Household.get(
            id=row.household_id if isinstance(row, models.Resident) else row.id
        )
        path = household.building_path
    return viewer.can(action, path)


@one_database_settings(max_examples=80)  # some 50 ms each
@given(
    username=st.sampled_from(USERS),
    index=st.integers(min_value=0, max_value=10_000),
    kind=st.sampled_from(["read", "person", "change"]),
    pick=st.integers(min_value=0, max_value=10),
)
async def test_explained_access_is_what_the_user_gets(
    api: Api, demo, username: str, index: int, kind: str, pick: int
) -> None:
    # given: a user, an object and an action of the demo data
    state = await _state(api)
    user = state["users"][username]
    targets = state["targets"]
    if kind == "person":
        targets = [t for t in targets if isinstance(t[1], models.Resident)]
    target_id, row = targets[index % len(targets)]
    actions = {"read": READ_ACTIONS, "person": PERSON_ACTIONS, "change": CHANGE_ACTIONS}[kind]
    action = actions[pick % len(actions)]
    # when
    explained = await explain_access(api, EXPLAIN, user, target_id, action)
    read = (await api.gql(NODE, {"id": target_id}, as_=username))["node"]
    # then: what the user actually gets
    assert explained["readable"] is (read is not None), (username, target_id)
    if kind == "read":
        # a read of the object's own kind is reading it; any other read action (person.read
        # on a node ...) is the user's scoped decision at the object's path as well
        expected = read is not None and await _expected_read(state, user, row, Action(action))
    elif kind == "person":
        field = "phone" if action == "person.see_phone" else "idNumber"
        value = read and read[field]
        expected = value is not None and "*" not in value
        masking = {f["field"]: f["unmasked"] for f in explained["fields"]}
        assert masking[field] is expected, (username, target_id, explained["fields"])
    else:
        expected = read is not None and await _expected_change(state, user, row, Action(action))
    assert explained["allowed"] is expected, (username, target_id, action, explained)
    # and every allowed change names a grant whose role holds the action and whose subtree
    # holds the target
    # (a person's field may also be shown as the user's own household: no grant needed)
    if explained["allowed"] and username != "admin" and kind == "change":
        decisive = [
            g
            for check in explained["checks"]
            if check["action"] == action
            for g in check["grants"]
            if g["roleAllows"] and g["containsTarget"]
        ]
        assert decisive, explained


async def test_a_dispute_names_its_confidentiality_and_the_deny_rows(api: Api, demo) -> None:
    # given: a dispute of the first street and its auditor (auditors never read disputes)
    dispute = await models.Case.filter(kind=CaseKind.DISPUTE).order_by("id").first()
    assert dispute is not None
    auditor = await models.User.get(username="auditor1")
    # when
    explained = await explain_access(api, EXPLAIN, auditor, gid(dispute), "case.claim")
    # then: denied; the dispute rule did not hold; casbin's deny row is named
    assert explained["allowed"] is False
    assert {"rule": "dispute_confidentiality", "holds": False} in [
        {"rule": r["rule"], "holds": r["holds"]} for r in explained["rules"]
    ]
    claim = [c for c in explained["checks"] if c["action"] == "case.claim"]
    lines = {line["text"] for c in claim for g in c["grants"] for line in g["policyLines"]}
    assert "p, AUDITOR, case, claim, deny" in lines


async def test_masking_names_its_reason(api: Api, demo) -> None:
    # given: a resident of the first building, explained for its building leader
    building = await models.OrgNode.filter(level=OrgLevel.BUILDING).order_by("id").first()
    assert building is not None
    resident = await models.Resident.filter(household__building_id=building.id).first()
    assert resident is not None
    leader = await models.User.get(username="building1")
    # when
    explained = await explain_access(api, EXPLAIN, leader, gid(resident), "person.read")
    # then: readable; the phone is shown (building leaders hold see_phone), the ID number masked
    assert explained["allowed"] is True
    fields = {f["field"]: f for f in explained["fields"]}
    assert fields["phone"]["unmasked"] is True
    assert fields["idNumber"]["unmasked"] is False
    assert "person.see_id_number" in fields["idNumber"]["reason"]
    listing = [c for c in explained["checks"] if c["action"] == "person.read" and c["listing"]]
    assert listing
    assert listing[0]["allowed"]
    prefixes = [g["matchingPrefix"] for g in listing[0]["grants"] if g["containsTarget"]]
    assert prefixes == [building.path]


@pytest.mark.parametrize("caller", ["street2", "auditor2"])
async def test_the_other_streets_admin_cannot_explain(api: Api, demo, caller: str) -> None:
    # given: a user and an object of the first street
    user = await models.User.get(username="grid1")
    node = await models.OrgNode.filter(level=OrgLevel.GRID).order_by("id").first()
    other = await models.User.get(username="grid2")
    assert node is not None
    # when: the second street's admin or auditor asks
    unknown_user = await api.raw(
        EXPLAIN, {"user": gid(user), "target": gid(node), "action": "org.read"}, as_=caller
    )
    unknown_target = await api.raw(
        EXPLAIN, {"user": gid(other), "target": gid(node), "action": "org.read"}, as_=caller
    )
    # then: both look like objects that do not exist
    assert unknown_user["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert unknown_target["errors"][0]["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize(
    ("variables", "code", "caller"),
    [
        ({"action": "case.fly"}, "INVALID", "admin"),
        ({"target": "bm9wZQ=="}, "INVALID", "admin"),
        ({"user": "T3JnTm9kZTox"}, "INVALID", "admin"),
        ({}, "FORBIDDEN", "community1"),
    ],
)
async def test_bad_input_is_an_error(
    api: Api, demo, variables: dict[str, str], code: str, caller: str
) -> None:
    user = await models.User.get(username="grid1")
    node = await models.OrgNode.filter(level=OrgLevel.GRID).order_by("id").first()
    assert node is not None
    given_vars = {"user": gid(user), "target": gid(node), "action": "org.read", **variables}
    body = await api.raw(EXPLAIN, given_vars, as_=caller)
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == code, body
