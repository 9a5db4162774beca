"""The case workflow: 社区接单 -> 党员干部接单 -> 办理 -> 群众评单 -> 组织验单.

Pure: the steps, which status each leads from and to, the guards, the fields each step writes,
the open and waiting status sets, and which deadline applies in which status. It reads a case
and says what a step does to it; the resolvers write that to the database and the seed to the
rows it builds. Who may take a step is decided in policies/.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol, assert_never

from models.cases import CaseStatus

S = CaseStatus


class Step(StrEnum):
    ACCEPT = "ACCEPT"
    REJECT = "REJECT"
    ASSIGN = "ASSIGN"
    CLAIM = "CLAIM"
    RESOLVE = "RESOLVE"
    RATE = "RATE"
    REOPEN = "REOPEN"  # a low rating sends the case back to its handler
    VERIFY = "VERIFY"


START = S.SUBMITTED  # every case starts here
TRANSITIONS: dict[Step, tuple[frozenset[CaseStatus], CaseStatus]] = {
    Step.ACCEPT: (frozenset({S.SUBMITTED}), S.ACCEPTED),
    Step.REJECT: (frozenset({S.SUBMITTED}), S.REJECTED),
    Step.ASSIGN: (frozenset({S.ACCEPTED, S.CLAIMED}), S.CLAIMED),
    Step.CLAIM: (frozenset({S.ACCEPTED}), S.CLAIMED),
    Step.RESOLVE: (frozenset({S.CLAIMED}), S.RESOLVED),
    Step.RATE: (frozenset({S.RESOLVED}), S.RATED),
    Step.REOPEN: (frozenset({S.RESOLVED}), S.CLAIMED),
    # RESOLVED only once the reporter's time to rate has passed (see `plan`).
    Step.VERIFY: (frozenset({S.RATED, S.RESOLVED}), S.VERIFIED),
}
# A claim that finds the case here lost a race to another claim or a dispatch: CONFLICT.
CLAIMED_MEANWHILE = frozenset({S.CLAIMED})
RATINGS = range(1, 6)
LOW_RATING = 2  # this or lower reopens the case
RATING_WINDOW = timedelta(days=7)  # the default time a reporter has to rate


class Stage(StrEnum):
    """Which deadline runs: to be accepted, then to be resolved."""

    ACCEPT = "ACCEPT"
    RESOLVE = "RESOLVE"


DEADLINE_STAGE: dict[CaseStatus, Stage] = {
    S.SUBMITTED: Stage.ACCEPT,
    S.ACCEPTED: Stage.RESOLVE,
    S.CLAIMED: Stage.RESOLVE,
}
OPEN = frozenset(DEADLINE_STAGE)  # a deadline runs, so the case can be overdue
WAITING = frozenset({S.ACCEPTED})  # accepted and waiting to be claimed


class WorkflowError(Exception):
    """A step the case's state does not allow: `message` in English, and `key` and `params`
    for the API's messages (resolvers.messages) in the caller's language."""

    def __init__(self, message: str, key: str, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.key = key
        self.params = params


class Refused(WorkflowError):
    """Not from this status, or not yet (resolvers answer INVALID_TRANSITION)."""


class TakenMeanwhile(WorkflowError):
    """Someone else took the case first (resolvers answer CONFLICT)."""


class CaseState(Protocol):
    """What the workflow reads of a case (a `models.Case` is one)."""

    status: CaseStatus
    created_at: datetime
    accepted_at: datetime | None
    resolved_at: datetime | None
    resolved_by_id: int | None


# What a caller asks for; `plan` turns it into a Move.
@dataclass(frozen=True)
class Accept:
    pass


@dataclass(frozen=True)
class Reject:
    pass


@dataclass(frozen=True)
class _ByUser:
    user_id: int


class Assign(_ByUser):
    """To the user `user_id`."""


class Claim(_ByUser):
    """By the user `user_id`."""


class Resolve(_ByUser):
    """By the user `user_id`."""


@dataclass(frozen=True)
class Rate:
    """A rating of LOW_RATING or less reopens the case instead (Step.REOPEN)."""

    rating: int
    comment: str = ""


@dataclass(frozen=True)
class Verify:
    rating_window: timedelta = RATING_WINDOW


Request = Accept | Reject | Assign | Claim | Resolve | Rate | Verify


@dataclass(frozen=True)
class Move:
    """What a step does to a case: its status, the fields it writes, whom it credits."""

    step: Step
    source: CaseStatus
    target: CaseStatus
    at: datetime
    changes: dict[str, Any] = field(default_factory=dict)
    # A verification credits duty points (履职积分) to whoever resolved the case.
    credit_user_id: int | None = None


def next_status(step: Step, current: CaseStatus) -> CaseStatus:
    sources, target = TRANSITIONS[step]
    if current not in sources:
        raise Refused(
            f"A {current} case cannot be {_PAST[step]}.",
            "case.wrong_status",
            status=current,
            step=step,
        )
    return target


def plan(case: CaseState, request: Request, at: datetime) -> Move:
    """The move `request` makes from the case's current state at `at`, or why it cannot."""
    match request:
        case Accept():
            return _move(Step.ACCEPT, case, at, accepted_at=at)
        case Reject():
            return _move(Step.REJECT, case, at)
        case Assign(user_id=assignee_id):
            return _move(Step.ASSIGN, case, at, assignee_id=assignee_id)
        case Claim(user_id=claimant_id):
            if case.status in CLAIMED_MEANWHILE:
                raise TakenMeanwhile(
                    "Someone else claimed this case first.", "case.claimed_meanwhile"
                )
            return _move(Step.CLAIM, case, at, assignee_id=claimant_id)
        case Resolve(user_id=resolver_id):
            return _move(Step.RESOLVE, case, at, resolved_by_id=resolver_id, resolved_at=at)
        case Rate(rating=rating, comment=comment):
            if rating not in RATINGS:
                raise ValueError(f"a rating is {RATINGS.start} to {RATINGS.stop - 1}: {rating}")
            if rating > LOW_RATING:
                return _move(Step.RATE, case, at, rating=rating, rating_comment=comment)
            # Back to the handler, who gets a new resolution deadline from now.
            return _move(
                Step.REOPEN,
                case,
                at,
                rating=rating,
                rating_comment=comment,
                resolved_at=None,
                resolved_by_id=None,
                accepted_at=at,
            )
        case Verify(rating_window=window):
            next_status(Step.VERIFY, case.status)  # a wrong status says so first
            if case.status is S.RESOLVED and not rating_window_over(case, window, at):
                raise Refused(
                    "The reporter may still rate this case; verify it after they do or once "
                    "their time to rate has passed.",
                    "case.rating_window",
                )
            return _move(Step.VERIFY, case, at, credit_user_id=case.resolved_by_id, verified_at=at)
        case _:
            assert_never(request)


def rating_window_over(case: CaseState, window: timedelta, at: datetime) -> bool:
    return case.resolved_at is not None and at - case.resolved_at >= window


def apply(case: CaseState, move: Move) -> None:
    """Write the move onto the case object (the caller persists it)."""
    case.status = move.target
    for name, value in move.changes.items():
        setattr(case, name, value)


def deadline_stage(status: CaseStatus) -> Stage | None:
    return DEADLINE_STAGE.get(status)


def due_at(case: CaseState, hours: tuple[int, int], now: datetime) -> datetime | None:
    """The deadline of the case's current stage, given (hours to accept, hours to resolve):
    from submission while it waits to be accepted, from acceptance while it is being handled,
    none once it is resolved or rejected."""
    accept, resolve = hours
    stage = deadline_stage(case.status)
    if stage is Stage.ACCEPT:
        return (case.created_at or now) + timedelta(hours=accept)
    if stage is Stage.RESOLVE:
        return (case.accepted_at or now) + timedelta(hours=resolve)
    return None


def _move(
    step: Step, case: CaseState, at: datetime, *, credit_user_id: int | None = None, **changes: Any
) -> Move:
    return Move(step, case.status, next_status(step, case.status), at, changes, credit_user_id)


_PAST = {
    Step.ACCEPT: "accepted",
    Step.REJECT: "rejected",
    Step.ASSIGN: "assigned",
    Step.CLAIM: "claimed",
    Step.RESOLVE: "resolved",
    Step.RATE: "rated",
    Step.REOPEN: "reopened",
    Step.VERIFY: "verified",
}
