"""Attendance steps of the activities workflow: only SIGNED_UP checks in, only CHECKED_IN out."""

import pytest

from models import SignUpStatus
from models.workflows import activities as workflow


@pytest.mark.parametrize("status", list(SignUpStatus))
def test_only_a_signed_up_volunteer_checks_in(status: SignUpStatus) -> None:
    if status is SignUpStatus.SIGNED_UP:
        workflow.check_check_in(status)
        return
    with pytest.raises(workflow.ActivityError) as refused:
        workflow.check_check_in(status)
    assert refused.value.key == workflow.CHECK_IN_REFUSED[status]
    assert refused.value.conflict


@pytest.mark.parametrize("status", list(SignUpStatus))
def test_only_a_checked_in_volunteer_checks_out(status: SignUpStatus) -> None:
    if status is SignUpStatus.CHECKED_IN:
        workflow.check_check_out(status)
        return
    with pytest.raises(workflow.ActivityError) as refused:
        workflow.check_check_out(status)
    assert refused.value.key == workflow.CHECK_OUT_REFUSED[status]
    assert refused.value.conflict
