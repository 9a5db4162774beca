"""The meeting and convention workflows: quorum, pass rules, kinds per meeting, the diff."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from models import (
    AttendeeKind,
    ConventionSection,
    ConventionStatus,
    MeetingStatus,
    MeetingType,
    ResolutionKind,
    ResolutionStatus,
    ServiceItemStatus,
    VoteChoice,
)
from models.workflows import conventions, meetings

T = MeetingType
F, A, X = VoteChoice.FOR, VoteChoice.AGAINST, VoteChoice.ABSTAIN


@pytest.mark.parametrize(
    ("type", "invited", "needed"),
    [
        (T.BUILDING_COUNCIL, 6, 5),  # the minimum
        (T.BUILDING_COUNCIL, 20, 10),  # half
        (T.BUILDING_COUNCIL, 21, 11),  # half, rounded up
        (T.STEWARD_ROUNDTABLE, 4, 3),
        (T.COMMUNITY_COUNCIL, 9, 7),
        (T.COMMUNITY_COUNCIL, 30, 20),  # two thirds
    ],
)
def test_quorum_is_a_share_of_those_invited_and_a_minimum(
    type: MeetingType, invited: int, needed: int
) -> None:
    assert meetings.QUORUM[type].needed(invited) == needed
    assert meetings.has_quorum(type, invited, needed)
    assert not meetings.has_quorum(type, invited, needed - 1)
    with pytest.raises(meetings.Refused):
        meetings.require_quorum(type, invited, needed - 1)


@pytest.mark.parametrize(
    ("kind", "votes", "outcome"),
    [
        (ResolutionKind.GENERAL, {F: 3, A: 2}, ResolutionStatus.PASSED),
        (ResolutionKind.GENERAL, {F: 3, A: 3}, ResolutionStatus.REJECTED),  # a tie fails
        (ResolutionKind.GENERAL, {F: 3, A: 1, X: 2}, ResolutionStatus.REJECTED),  # 3 of 6
        (ResolutionKind.GENERAL, {}, ResolutionStatus.REJECTED),  # nobody voted
        (ResolutionKind.ADOPT_CONVENTION, {F: 4, A: 2}, ResolutionStatus.PASSED),  # two thirds
        (ResolutionKind.ADOPT_CONVENTION, {F: 3, A: 2}, ResolutionStatus.REJECTED),
    ],
)
def test_pass_rules(
    kind: ResolutionKind, votes: dict[VoteChoice, int], outcome: ResolutionStatus
) -> None:
    assert meetings.outcome(kind, votes) is outcome


def test_kinds_and_steps_by_meeting() -> None:
    meetings.check_kind(ResolutionKind.ADD_SERVICE_ITEMS, T.COMMUNITY_COUNCIL)
    with pytest.raises(meetings.Refused):
        meetings.check_kind(ResolutionKind.ADD_SERVICE_ITEMS, T.BUILDING_COUNCIL)
    with pytest.raises(meetings.Refused):
        meetings.check_kind(ResolutionKind.ADOPT_CONVENTION, T.STEWARD_ROUNDTABLE)
    assert meetings.convention_in_reach("/1/3/", "/1/3/7/19/")
    assert not meetings.convention_in_reach("/1/3/7/20/", "/1/3/7/19/")
    assert meetings.next_status(meetings.Step.HOLD, MeetingStatus.SCHEDULED) is MeetingStatus.HELD
    with pytest.raises(meetings.Refused):
        meetings.next_status(meetings.Step.CANCEL, MeetingStatus.HELD)
    with pytest.raises(meetings.Refused):
        meetings.check_close("", 0)
    with pytest.raises(meetings.Refused):
        meetings.check_close("纪要", 1)


def test_only_a_draft_changes_and_items_retire_for_good() -> None:
    conventions.require_draft(ConventionStatus.DRAFT)
    for status in (ConventionStatus.ADOPTED, ConventionStatus.DISCARDED):
        with pytest.raises(conventions.Refused):
            conventions.require_draft(status)
    step = conventions.ItemStep
    assert conventions.next_item_status(step.RETIRE, ServiceItemStatus.SUSPENDED) == "RETIRED"
    with pytest.raises(conventions.Refused):
        conventions.next_item_status(step.RESUME, ServiceItemStatus.RETIRED)


def test_the_diff_names_each_section_and_line() -> None:
    s = ConventionSection
    older = {
        s.HYGIENE: "不堆杂物。\n垃圾分类。",
        s.DOG_KEEPING: "遛狗拴绳。",
        s.PARKING: "划线停车。",
    }
    newer = {
        s.HYGIENE: "不堆杂物。\n每月清洁日。",
        s.DOG_KEEPING: "遛狗拴绳。",
        s.FIRE_SAFETY: "不充电。",
    }
    diff = {d.section: d for d in conventions.diff(older, newer)}
    assert diff[s.HYGIENE].change is conventions.Change.CHANGED
    assert diff[s.HYGIENE].added == ["每月清洁日。"]
    assert diff[s.HYGIENE].removed == ["垃圾分类。"]
    assert diff[s.HYGIENE].unified == ["  不堆杂物。", "- 垃圾分类。", "+ 每月清洁日。"]
    assert diff[s.DOG_KEEPING].change is conventions.Change.UNCHANGED
    assert diff[s.PARKING].change is conventions.Change.REMOVED
    assert diff[s.FIRE_SAFETY].change is conventions.Change.ADDED
    assert diff[s.FIRE_SAFETY].added == ["不充电。"]
    # in the order of the sections
    assert [d.section for d in conventions.diff(older, newer)] == [
        s.HYGIENE, s.DOG_KEEPING, s.FIRE_SAFETY, s.PARKING,
    ]  # fmt: skip


def test_only_resident_and_staff_seats_count_and_vote() -> None:
    assert {k for k in AttendeeKind if meetings.counts(k)} == {
        AttendeeKind.RESIDENT,
        AttendeeKind.STAFF,
    }
    meetings.require_voter(AttendeeKind.RESIDENT)
    for party in (AttendeeKind.PROPERTY_COMPANY, AttendeeKind.OWNERS_COMMITTEE):
        with pytest.raises(meetings.Broken) as refused:
            meetings.require_voter(party)
        assert (refused.value.key, refused.value.field) == ("meetings.party_no_vote", "attendeeId")


@pytest.mark.parametrize(
    ("starts_at", "ok"),
    [
        (timedelta(days=-366), True),
        (timedelta(days=2 * 366), True),
        (timedelta(days=-367), False),
        (timedelta(days=2 * 366 + 1), False),
        (datetime.max.replace(tzinfo=timezone(timedelta(hours=-12))), False),
        (datetime.min.replace(tzinfo=UTC), False),
    ],
)
def test_a_meeting_starts_within_a_year_back_and_two_ahead(
    starts_at: timedelta | datetime, ok: bool
) -> None:
    now = datetime(2026, 6, 1, tzinfo=UTC)
    when = now + starts_at if isinstance(starts_at, timedelta) else starts_at
    if ok:
        meetings.check_starts_at(when, now)
        return
    with pytest.raises(meetings.Broken) as refused:
        meetings.check_starts_at(when, now)
    assert refused.value.field == "startsAt"
