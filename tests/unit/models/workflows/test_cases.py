"""The pure case workflow: every step from every status, the guards, the fields each step
writes, and the deadline stage. One row per case."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from models import CaseStatus
from models.workflows import cases as workflow
from models.workflows.cases import Stage, Step

S = CaseStatus
AT = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
CREATED = AT - timedelta(days=3)
ACCEPTED_AT = AT - timedelta(days=2)
RESOLVED_AT = AT - timedelta(days=1)
HANDLER, REPORTER, STAFF = 7, 8, 9


@dataclass
class FakeCase:
    status: CaseStatus
    created_at: datetime = CREATED
    accepted_at: datetime | None = ACCEPTED_AT
    resolved_at: datetime | None = RESOLVED_AT
    resolved_by_id: int | None = HANDLER


REQUESTS: dict[Step, workflow.Request] = {
    Step.ACCEPT: workflow.Accept(),
    Step.REJECT: workflow.Reject(),
    Step.ASSIGN: workflow.Assign(HANDLER),
    Step.CLAIM: workflow.Claim(HANDLER),
    Step.RESOLVE: workflow.Resolve(HANDLER),
    Step.RATE: workflow.Rate(5),
    Step.REOPEN: workflow.Rate(1),
    Step.VERIFY: workflow.Verify(),
}
# Every (step, status) that moves, and where to; every other pair is refused.
ALLOWED = {
    (Step.ACCEPT, S.SUBMITTED): S.ACCEPTED,
    (Step.REJECT, S.SUBMITTED): S.REJECTED,
    (Step.ASSIGN, S.ACCEPTED): S.CLAIMED,
    (Step.ASSIGN, S.CLAIMED): S.CLAIMED,  # dispatch again to someone else
    (Step.CLAIM, S.ACCEPTED): S.CLAIMED,
    (Step.RESOLVE, S.CLAIMED): S.RESOLVED,
    (Step.RATE, S.RESOLVED): S.RATED,
    (Step.REOPEN, S.RESOLVED): S.CLAIMED,
    (Step.VERIFY, S.RATED): S.VERIFIED,
    (Step.VERIFY, S.RESOLVED): S.VERIFIED,  # once the rating window has passed
}
# A claim that finds the case already claimed lost a race: CONFLICT, not a wrong state.
TAKEN = {(Step.CLAIM, S.CLAIMED)}
EVERY_PAIR = [(step, status) for step in Step for status in S]


@pytest.mark.parametrize(("step", "status"), EVERY_PAIR)
def test_next_status(step, status) -> None:
    expected = ALLOWED.get((step, status))
    if expected is None:
        with pytest.raises(workflow.Refused):
            workflow.next_status(step, status)
    else:
        got = workflow.next_status(step, status)
        assert got is expected, f"{step} from {status}: got {got}, want {expected}"


@pytest.mark.parametrize(("step", "status"), EVERY_PAIR)
def test_plan_every_request_from_every_status(step, status) -> None:
    # given: a resolved case whose rating window is long over
    case = FakeCase(status, resolved_at=AT - timedelta(days=30))
    request = REQUESTS[step]
    # when / then
    if (step, status) in TAKEN:
        with pytest.raises(workflow.TakenMeanwhile):
            workflow.plan(case, request, AT)
    elif (step, status) not in ALLOWED:
        with pytest.raises(workflow.Refused, match=f"A {status} case cannot be"):
            workflow.plan(case, request, AT)
    else:
        move = workflow.plan(case, request, AT)
        got = (move.step, move.source, move.target)
        assert got == (step, status, ALLOWED[step, status]), f"{request} from {status}: {got}"


# The fields each request writes (besides the status). Reopening hands the case back with a
# new resolution deadline from now.
REOPENED = {"rating": 2, "rating_comment": "没修好", "resolved_at": None, "resolved_by_id": None,
            "accepted_at": AT}  # fmt: skip
CHANGES_ROWS = [
    (workflow.Accept(), S.SUBMITTED, {"accepted_at": AT}),
    (workflow.Reject(), S.SUBMITTED, {}),
    (workflow.Assign(HANDLER), S.ACCEPTED, {"assignee_id": HANDLER}),
    (workflow.Claim(HANDLER), S.ACCEPTED, {"assignee_id": HANDLER}),
    (workflow.Resolve(HANDLER), S.CLAIMED, {"resolved_by_id": HANDLER, "resolved_at": AT}),
    (workflow.Rate(5, "好"), S.RESOLVED, {"rating": 5, "rating_comment": "好"}),
    (workflow.Rate(3), S.RESOLVED, {"rating": 3, "rating_comment": ""}),
    (workflow.Rate(2, "没修好"), S.RESOLVED, REOPENED),
    (workflow.Verify(), S.RATED, {"verified_at": AT}),
]


@pytest.mark.parametrize(("request_", "status", "changes"), CHANGES_ROWS)
def test_fields_each_step_writes(request_, status, changes) -> None:
    move = workflow.plan(FakeCase(status), request_, AT)
    assert move.changes == changes, f"{request_} from {status}: {move.changes}"


# Ratings: LOW_RATING and below reopen the case to its handler, the others rate it.
RATING_ROWS = [(1, Step.REOPEN), (2, Step.REOPEN), (3, Step.RATE), (4, Step.RATE), (5, Step.RATE)]


@pytest.mark.parametrize(("rating", "step"), RATING_ROWS)
def test_reopen_or_rate_by_rating(rating, step) -> None:
    move = workflow.plan(FakeCase(S.RESOLVED), workflow.Rate(rating), AT)
    assert move.step is step, f"rating {rating}: {move.step}"


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_ratings_outside_one_to_five_are_a_caller_error(rating) -> None:
    with pytest.raises(ValueError, match="a rating is 1 to 5"):
        workflow.plan(FakeCase(S.RESOLVED), workflow.Rate(rating), AT)


WINDOW = timedelta(days=7)
# (status, resolved how long ago, verification allowed?)
VERIFY_ROWS = [
    (S.RESOLVED, timedelta(days=1), False),
    (S.RESOLVED, WINDOW - timedelta(seconds=1), False),
    (S.RESOLVED, WINDOW, True),
    (S.RESOLVED, timedelta(days=30), True),
    (S.RATED, timedelta(0), True),  # rated: no need to wait
    (S.RATED, timedelta(days=30), True),
]


@pytest.mark.parametrize(("status", "ago", "allowed"), VERIFY_ROWS)
def test_verify_waits_for_the_rating_window(status, ago, allowed) -> None:
    case = FakeCase(status, resolved_at=AT - ago)
    if allowed:
        assert workflow.plan(case, workflow.Verify(WINDOW), AT).target is S.VERIFIED
    else:
        with pytest.raises(workflow.Refused, match="may still rate"):
            workflow.plan(case, workflow.Verify(WINDOW), AT)


def test_verify_with_no_resolution_time_waits() -> None:
    case = FakeCase(S.RESOLVED, resolved_at=None)
    with pytest.raises(workflow.Refused, match="may still rate"):
        workflow.plan(case, workflow.Verify(WINDOW), AT)


# A verification credits whoever resolved the case; no other step credits anyone.
CREDIT_ROWS = [
    (workflow.Verify(), S.RATED, HANDLER, HANDLER),
    (workflow.Verify(), S.RATED, None, None),
    (workflow.Rate(5), S.RESOLVED, HANDLER, None),
    (workflow.Resolve(HANDLER), S.CLAIMED, HANDLER, None),
]


@pytest.mark.parametrize(("request_", "status", "resolver", "credited"), CREDIT_ROWS)
def test_who_a_step_credits(request_, status, resolver, credited) -> None:
    move = workflow.plan(FakeCase(status, resolved_by_id=resolver), request_, AT)
    assert move.credit_user_id == credited, f"{request_} resolved by {resolver}"


def test_apply_writes_the_status_and_the_fields() -> None:
    case = FakeCase(S.RESOLVED)
    workflow.apply(case, workflow.plan(case, workflow.Rate(1, "x"), AT))
    assert case == FakeCase(S.CLAIMED, accepted_at=AT, resolved_at=None, resolved_by_id=None)
    assert vars(case).get("rating") == 1


def test_status_sets() -> None:
    assert workflow.START is S.SUBMITTED
    assert {S.SUBMITTED, S.ACCEPTED, S.CLAIMED} == workflow.OPEN
    assert {S.ACCEPTED} == workflow.WAITING
    assert {S.CLAIMED} == workflow.CLAIMED_MEANWHILE
    assert list(workflow.RATINGS) == [1, 2, 3, 4, 5]


# (status, deadline stage, due: hours after creation / acceptance, None for no deadline)
HOURS = (24, 72)
STAGE_ROWS = [
    (S.SUBMITTED, Stage.ACCEPT, CREATED + timedelta(hours=24)),
    (S.ACCEPTED, Stage.RESOLVE, ACCEPTED_AT + timedelta(hours=72)),
    (S.CLAIMED, Stage.RESOLVE, ACCEPTED_AT + timedelta(hours=72)),
    (S.RESOLVED, None, None),
    (S.RATED, None, None),
    (S.VERIFIED, None, None),
    (S.REJECTED, None, None),
]


@pytest.mark.parametrize(("status", "stage", "due"), STAGE_ROWS)
def test_deadline_stage_and_due_time(status, stage, due) -> None:
    got_stage = workflow.deadline_stage(status)
    got_due = workflow.due_at(FakeCase(status), HOURS, AT)
    assert (got_stage, got_due) == (stage, due), f"{status}: {got_stage}, due {got_due}"


def test_a_reopened_case_is_due_from_its_reopening() -> None:
    case = FakeCase(S.RESOLVED)
    workflow.apply(case, workflow.plan(case, workflow.Rate(2), AT))
    assert workflow.due_at(case, HOURS, AT) == AT + timedelta(hours=72)


def test_without_an_acceptance_time_the_deadline_runs_from_now() -> None:
    case = FakeCase(S.ACCEPTED, accepted_at=None)
    assert workflow.due_at(case, HOURS, AT) == AT + timedelta(hours=72)
