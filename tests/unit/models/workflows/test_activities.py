"""Attendance steps of the activities workflow: only SIGNED_UP checks in, only CHECKED_IN out."""

from collections.abc import Callable, Mapping

import pytest

from models import SignUpStatus
from models.workflows import activities as workflow

# (step, the one status it starts from, why it refuses each other status)
STEPS = [
    (workflow.check_check_in, SignUpStatus.SIGNED_UP, workflow.CHECK_IN_REFUSED),
    (workflow.check_check_out, SignUpStatus.CHECKED_IN, workflow.CHECK_OUT_REFUSED),
]


@pytest.mark.parametrize("status", list(SignUpStatus))
@pytest.mark.parametrize(("step", "starts_from", "refused_for"), STEPS, ids=["in", "out"])
def test_only_a_signed_up_volunteer_checks_in_and_only_a_checked_in_one_out(
    step: Callable[[SignUpStatus], None],
    starts_from: SignUpStatus,
    refused_for: Mapping[SignUpStatus, str],
    status: SignUpStatus,
) -> None:
    if status is starts_from:
        step(status)
        return
    with pytest.raises(workflow.ActivityError) as refused:
        step(status)
    assert refused.value.key == refused_for[status]
    assert refused.value.conflict
