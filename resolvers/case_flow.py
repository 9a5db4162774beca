"""The case workflow in one place: 社区接单 -> 党员干部接单 -> 办理 -> 群众评单 -> 组织验单.

Who may take a step is decided in policies/; this module only says which status a step
leads to from which.
"""

from enum import StrEnum

from models import CaseStatus
from resolvers.errors import InvalidTransition


class Step(StrEnum):
    ACCEPT = "ACCEPT"
    REJECT = "REJECT"
    ASSIGN = "ASSIGN"
    CLAIM = "CLAIM"
    RESOLVE = "RESOLVE"
    RATE = "RATE"
    REOPEN = "REOPEN"  # a rating of 1 or 2 sends the case back to its handler
    VERIFY = "VERIFY"


S = CaseStatus
TRANSITIONS: dict[Step, tuple[frozenset[CaseStatus], CaseStatus]] = {
    Step.ACCEPT: (frozenset({S.SUBMITTED}), S.ACCEPTED),
    Step.REJECT: (frozenset({S.SUBMITTED}), S.REJECTED),
    Step.ASSIGN: (frozenset({S.ACCEPTED, S.CLAIMED}), S.CLAIMED),
    Step.CLAIM: (frozenset({S.ACCEPTED}), S.CLAIMED),
    Step.RESOLVE: (frozenset({S.CLAIMED}), S.RESOLVED),
    Step.RATE: (frozenset({S.RESOLVED}), S.RATED),
    Step.REOPEN: (frozenset({S.RESOLVED}), S.CLAIMED),
    # RESOLVED only once the reporter's time to rate has passed (checked by the caller).
    Step.VERIFY: (frozenset({S.RATED, S.RESOLVED}), S.VERIFIED),
}
OPEN = frozenset({S.SUBMITTED, S.ACCEPTED, S.CLAIMED})
LOW_RATING = 2


def next_status(step: Step, current: CaseStatus) -> CaseStatus:
    sources, target = TRANSITIONS[step]
    if current not in sources:
        raise InvalidTransition(f"A {current} case cannot be {_past(step)}.", field="id")
    return target


def _past(step: Step) -> str:
    return {
        Step.ACCEPT: "accepted",
        Step.REJECT: "rejected",
        Step.ASSIGN: "assigned",
        Step.CLAIM: "claimed",
        Step.RESOLVE: "resolved",
        Step.RATE: "rated",
        Step.REOPEN: "reopened",
        Step.VERIFY: "verified",
    }[step]
