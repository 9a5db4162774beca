"""What an explanation (explainAccess) adds to the trace the enforcing code collects: the pure
rules of policies/rules.py that bear on an action on a kind of row, the decision function a
mutation asks for each action, and why a person's field is masked. Every entry calls the very
predicate or decision function the resolvers call; nothing here decides a second time."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from models import CaseKind
from policies.actions import READS, Action
from policies.authorizer import Viewer, may_change_node, sees_reporter_phone, sees_unmasked
from policies.rules import may_handle_own_report, may_verify


@dataclass(frozen=True)
class RuleNote:
    """One predicate of policies/rules.py that applied. `required`: the action is refused
    unless it holds; otherwise it opens access of its own (a mediator reads their dispute)."""

    rule: str
    key: str
    holds: bool
    required: bool


RuleCheck = Callable[[Viewer, Any, str | None], RuleNote | None]


def _dispute_confidentiality(viewer: Viewer, row: Any, path: str | None) -> RuleNote | None:
    if getattr(row, "kind", None) != CaseKind.DISPUTE:
        return None
    mediator = viewer.user_id is not None and viewer.user_id == row.assignee_id
    holds = mediator or (path is not None and viewer.can(Action.CASE_READ_DISPUTE, path))
    return RuleNote("dispute_confidentiality", "access.rule.dispute", holds, required=True)


def _resolver_never_verifies(viewer: Viewer, row: Any, path: str | None) -> RuleNote | None:
    holds = may_verify(row.resolved_by_id, viewer.user_id)
    return RuleNote("may_verify", "access.rule.verify", holds, required=True)


def _reporter_never_handles(viewer: Viewer, row: Any, path: str | None) -> RuleNote | None:
    holds = may_handle_own_report(row.reporter_user_id, viewer.user_id)
    return RuleNote("may_handle_own_report", "access.rule.own_report", holds, required=True)


def _own_household(viewer: Viewer, row: Any, path: str | None) -> RuleNote | None:
    household_id = getattr(row, "household_id", None) or (
        row.id if type(row).__name__ == "Household" else None
    )
    if household_id is None or not viewer.own_household_ids:
        return None
    holds = household_id in viewer.own_household_ids
    return RuleNote("own_household", "access.rule.own_household", holds, required=False)


_CASE_ACTIONS = frozenset(a for a in Action if a.resource == "case")
_PERSON_ACTIONS = frozenset(a for a in Action if a.resource == "person")

# Row type (the GraphQL type name of the target) -> (actions it bears on, None: all; the check).
RULES: dict[str, list[tuple[frozenset[Action] | None, RuleCheck]]] = {
    "Case": [
        (_CASE_ACTIONS, _dispute_confidentiality),
        (frozenset({Action.CASE_VERIFY}), _resolver_never_verifies),
        (frozenset({Action.CASE_CLAIM}), _reporter_never_handles),
    ],
    "Resident": [(_PERSON_ACTIONS, _own_household)],
    "Household": [(_PERSON_ACTIONS, _own_household)],
}


def applicable_rules(
    viewer: Viewer, type_name: str, row: Any, action: Action, path: str | None
) -> list[RuleNote]:
    notes = []
    for actions, check in RULES.get(type_name, []):
        if actions is None or action in actions:
            note = check(viewer, row, path)
            if note is not None:
                notes.append(note)
    return notes


# The resources whose read actions `node(id)` itself decides for a target of each type (the
# type's own getter); a read action of any other resource on it (stats.read, audit.read,
# access.review on an OrgNode ...) is decided by `Viewer.can` at the target's path.
OWN_READS: dict[str, frozenset[str]] = {
    "OrgNode": frozenset({"org"}),
    "User": frozenset({"user"}),
    "RoleGrant": frozenset({"user"}),
    "Resident": frozenset({"person"}),
    "Household": frozenset({"person"}),
    "PartyMember": frozenset({"person"}),
    "VolunteerTeam": frozenset({"org", "team"}),
    "Title": frozenset({"person"}),
    "Case": frozenset({"case"}),
    "CaseAttachment": frozenset({"case"}),
    "Activity": frozenset({"activity"}),
    "ActivitySignUp": frozenset({"activity"}),
    "EvaluationCampaign": frozenset({"evaluation"}),
    "EvaluationCandidate": frozenset({"evaluation"}),
    "EvaluationObjection": frozenset({"evaluation"}),
    "EvaluationAward": frozenset({"evaluation"}),
    "RedemptionGood": frozenset({"redemption"}),
    "Redemption": frozenset({"redemption"}),
    "DividendDistribution": frozenset({"dividend", "points"}),
    "DividendLine": frozenset({"dividend", "points"}),
    "PointRule": frozenset({"points"}),
    "PointEntry": frozenset({"points"}),
    "PointsNotice": frozenset({"points"}),
    "Topic": frozenset({"topic"}),
    "TopicSupport": frozenset({"topic"}),
    "Notice": frozenset({"notice"}),
    "Meeting": frozenset({"meeting"}),
    "Resolution": frozenset({"meeting"}),
    "ServiceItem": frozenset({"service_item"}),
    "ConventionVersion": frozenset({"convention"}),
    "Device": frozenset({"device"}),
    "Alert": frozenset({"alert"}),
}


def reads_itself(type_name: str, action: Action) -> bool:
    """Is `action` a read of the target's own kind, which reading it (`node(id)`) decides?"""
    return action in READS and action.resource in OWN_READS.get(type_name, frozenset())


# The decision function the mutations ask, by action; any other action is `Viewer.can`.
DECIDERS: dict[Action, Callable[[Viewer, str], bool]] = {
    Action.ORG_UPDATE: may_change_node,
}


def decide(viewer: Viewer, action: Action, path: str | None) -> bool:
    """The scoped decision on a changing action at a target's path (None: no node)."""
    decider = DECIDERS.get(action)
    if decider is not None and path is not None:
        return decider(viewer, path)
    return viewer.can(action, path)


def unmasked_at(viewer: Viewer, type_name: str, row: Any, action: Action, path: str | None) -> bool:
    """An unmasking action on a target that is no person's (a Case's reporter phone): the
    field's own decision where it has one, `Viewer.can` at the target's path otherwise."""
    if type_name == "Case" and action is Action.PERSON_SEE_PHONE:
        return sees_reporter_phone(viewer, row.reporter_user_id, path)
    return viewer.can(action, path)


# Fields masked by policy (policies/masking.py), and the action that unmasks each.
MASKED_FIELDS: dict[str, Action] = {
    "phone": Action.PERSON_SEE_PHONE,
    "idNumber": Action.PERSON_SEE_ID_NUMBER,
}


@dataclass(frozen=True)
class FieldMasking:
    field: str
    action: Action
    clear: bool
    key: str


def field_masking(viewer: Viewer, building_path: str, household_id: int) -> list[FieldMasking]:
    """Each masked field of a person of the household: clear or masked, and why (`key`)."""
    result = []
    for name, action in MASKED_FIELDS.items():
        clear = sees_unmasked(viewer, action, building_path, household_id)
        if household_id in viewer.own_household_ids:
            key = "access.mask.own_household"
        elif clear:
            key = "access.mask.granted"
        else:
            key = "access.mask.no_grant"
        result.append(FieldMasking(name, action, clear, key))
    return result
