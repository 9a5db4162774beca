"""The meeting workflow (议事会): SCHEDULED -> HELD -> CLOSED, or SCHEDULED -> CANCELLED, and the
resolutions (决议) voted in a held meeting: VOTING -> PASSED or REJECTED (decided), or WITHDRAWN.

Pure: which node level holds which type of meeting, what each status allows (editing,
inviting, attendance, minutes, resolutions, votes), the quorum rule of each type of meeting
(法定人数: a share of the invited present and a minimum count), the pass rule of each kind of
resolution (simple majority of the votes cast; two thirds for a convention), which kinds a
meeting may resolve, and the checks of the proposed service items. The resolvers write what it
decides and the seed drives the same functions; who may do what is decided in policies/.

Who records votes: the meeting's recorder (whoever runs the meeting: its convener, or staff who
may run it) records each present attendee's vote as they give it (`by_recorder`); an attendee
with an account of their own (a resident tied to it, or a staff user) may cast their own vote.
Either way a present attendee votes once per resolution, and only present attendees vote.

Who counts: only resident and staff seats count toward the quorum and vote (`counts`); outside
parties (物业公司, 业委会, other) attend and speak but neither count nor vote, so a convener
cannot reach a quorum or a majority with names they typed in. One person holds one seat: a
resident's record and the account tied to it are the same person (checked by the resolvers,
when inviting and when an account is tied to a resident while a meeting in `SEATS_COUNT_IN`
seats both).

A meeting starts at most `MAX_BACK` before and `MAX_AHEAD` after now (`check_starts_at`).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from models.meetings import (
    AttendeeKind,
    MeetingStatus,
    MeetingType,
    ResolutionKind,
    ResolutionStatus,
    VoteChoice,
)
from models.org import OrgLevel
from models.workflows.refusals import RuleRefusal

S = MeetingStatus
T = MeetingType
R = ResolutionStatus

# The node level each type of meeting is held at.
LEVEL: dict[MeetingType, OrgLevel] = {
    T.BUILDING_COUNCIL: OrgLevel.BUILDING,  # 楼栋听事
    T.STEWARD_ROUNDTABLE: OrgLevel.BUILDING,
    T.GRID_COUNCIL: OrgLevel.GRID,  # 小区议事
    T.COMMUNITY_COUNCIL: OrgLevel.COMMUNITY,  # 社区决事
}


class Step(StrEnum):
    HOLD = "HOLD"
    CLOSE = "CLOSE"
    CANCEL = "CANCEL"


TRANSITIONS: dict[Step, tuple[frozenset[MeetingStatus], MeetingStatus]] = {
    Step.HOLD: (frozenset({S.SCHEDULED}), S.HELD),
    Step.CLOSE: (frozenset({S.HELD}), S.CLOSED),
    Step.CANCEL: (frozenset({S.SCHEDULED}), S.CANCELLED),
}


class Activity(StrEnum):
    """What a meeting's status allows besides its steps."""

    EDIT = "EDIT"  # title, time, place, agenda
    INVITE = "INVITE"
    ATTENDANCE = "ATTENDANCE"
    MINUTES = "MINUTES"
    PROPOSE = "PROPOSE"
    VOTE = "VOTE"
    DECIDE = "DECIDE"


ALLOWED_IN: dict[Activity, frozenset[MeetingStatus]] = {
    Activity.EDIT: frozenset({S.SCHEDULED}),
    Activity.INVITE: frozenset({S.SCHEDULED, S.HELD}),
    Activity.ATTENDANCE: frozenset({S.HELD}),
    Activity.MINUTES: frozenset({S.HELD}),
    Activity.PROPOSE: frozenset({S.HELD}),
    Activity.VOTE: frozenset({S.HELD}),
    Activity.DECIDE: frozenset({S.HELD}),
}

# Meetings whose seats still count: one person holds one seat in them, so an account is not
# tied to a resident while both hold a seat in one of them (the linking resolver checks).
SEATS_COUNT_IN = frozenset({S.SCHEDULED, S.HELD})

MAX_AGENDA = 30
MAX_ATTENDEES = 500
MAX_PROPOSED_ITEMS = 100
# A meeting starts no further back than this, and no further ahead.
MAX_BACK = timedelta(days=366)
MAX_AHEAD = timedelta(days=2 * 366)
# The seats that count toward the quorum and vote; outside parties attend only.
COUNTED = frozenset({AttendeeKind.RESIDENT, AttendeeKind.STAFF})


@dataclass(frozen=True)
class Quorum:
    """Present attendees needed: at least `share_num / share_den` of those invited, and at
    least `minimum`."""

    share_num: int
    share_den: int
    minimum: int

    def needed(self, invited: int) -> int:
        by_share = -(-invited * self.share_num // self.share_den)  # rounded up
        return max(self.minimum, by_share)


QUORUM: dict[MeetingType, Quorum] = {
    T.BUILDING_COUNCIL: Quorum(1, 2, 5),  # half of those invited, at least 5
    T.STEWARD_ROUNDTABLE: Quorum(1, 2, 3),
    T.GRID_COUNCIL: Quorum(1, 2, 5),
    T.COMMUNITY_COUNCIL: Quorum(2, 3, 7),  # two thirds, at least 7
}


@dataclass(frozen=True)
class PassRule:
    """FOR votes needed: more than `share_num / share_den` of the votes cast (abstentions are
    cast), and at least one vote cast."""

    share_num: int
    share_den: int
    at_least: bool = False  # True: at least the share (two thirds); False: more than it

    def passes(self, votes_for: int, cast: int) -> bool:
        if cast <= 0:
            return False
        if self.at_least:
            return votes_for * self.share_den >= cast * self.share_num
        return votes_for * self.share_den > cast * self.share_num


SIMPLE_MAJORITY = PassRule(1, 2)
TWO_THIRDS = PassRule(2, 3, at_least=True)
PASS_RULE: dict[ResolutionKind, PassRule] = {
    ResolutionKind.GENERAL: SIMPLE_MAJORITY,
    ResolutionKind.ADD_SERVICE_ITEMS: SIMPLE_MAJORITY,
    ResolutionKind.ADOPT_CONVENTION: TWO_THIRDS,
    ResolutionKind.ADOPT_TOPIC: SIMPLE_MAJORITY,
}
# The meeting types that may pass each kind (社区决事: service items at the community). A
# convention is adopted at its building or above (checked on paths, `convention_in_reach`).
KIND_IN: dict[ResolutionKind, frozenset[MeetingType]] = {
    ResolutionKind.GENERAL: frozenset(T),
    ResolutionKind.ADD_SERVICE_ITEMS: frozenset({T.COMMUNITY_COUNCIL}),
    ResolutionKind.ADOPT_CONVENTION: frozenset(
        {T.BUILDING_COUNCIL, T.GRID_COUNCIL, T.COMMUNITY_COUNCIL}
    ),
    # Topics (议题) add the kind's own guard where they link it.
    # Topics (议题, issue 13): the community decides (社区决事), and only the topic its community
    # holds (models/workflows/topics.py check_adoption_by_resolution).
    ResolutionKind.ADOPT_TOPIC: frozenset({T.COMMUNITY_COUNCIL}),
}


class WorkflowError(RuleRefusal):
    """A refusal with a message key (resolvers.messages) and its parameters."""


class Refused(WorkflowError):
    """Not in the meeting's or resolution's current status, or not yet (INVALID_TRANSITION)."""

    moves = True


class Broken(WorkflowError):
    """The input breaks a rule (INVALID)."""


def check_level(type: MeetingType, level: OrgLevel) -> None:
    if LEVEL[type] is not level:
        raise Broken("meetings.wrong_level", field="nodeId", expected=LEVEL[type])


def check_starts_at(starts_at: datetime, now: datetime) -> None:
    """Within `MAX_BACK` before and `MAX_AHEAD` after now (compared, never converted: a time
    at the calendar's edge is refused, not overflowed)."""
    if not now - MAX_BACK <= starts_at <= now + MAX_AHEAD:
        raise Broken(
            "meetings.starts_at_range",
            field="startsAt",
            back=MAX_BACK.days,
            ahead=MAX_AHEAD.days,
        )


def counts(kind: AttendeeKind) -> bool:
    """Whether a seat of this kind counts toward the quorum and votes."""
    return kind in COUNTED


def require_voter(kind: AttendeeKind) -> None:
    if not counts(kind):
        raise Broken("meetings.party_no_vote", field="attendeeId")


def next_status(step: Step, status: MeetingStatus) -> MeetingStatus:
    sources, target = TRANSITIONS[step]
    if status not in sources:
        raise Refused("meetings.wrong_status")
    return target


def require(activity: Activity, status: MeetingStatus) -> None:
    if status not in ALLOWED_IN[activity]:
        raise Refused("meetings.wrong_status")


def has_quorum(type: MeetingType, invited: int, present: int) -> bool:
    return present >= QUORUM[type].needed(invited)


def require_quorum(type: MeetingType, invited: int, present: int) -> None:
    """A resolution is proposed, voted and decided only while the meeting has its quorum."""
    needed = QUORUM[type].needed(invited)
    if present < needed:
        raise Refused("meetings.no_quorum", needed=needed, present=present)


def check_kind(kind: ResolutionKind, type: MeetingType) -> None:
    if type not in KIND_IN[kind]:
        raise Refused("meetings.kind_not_here", field="kind")


def convention_in_reach(meeting_path: str, building_path: str) -> bool:
    """A meeting adopts a convention of its own building or of a building below its node."""
    return building_path.startswith(meeting_path)


def check_items(items: Sequence[Mapping[str, str]]) -> None:
    if not items:
        raise Broken("meetings.no_items", field="serviceItems")
    if len(items) > MAX_PROPOSED_ITEMS:
        raise Broken("meetings.too_many_items", field="serviceItems", limit=MAX_PROPOSED_ITEMS)
    titles = [item["title"] for item in items]
    if len(set(titles)) != len(titles):
        raise Broken("meetings.item_twice", field="serviceItems")


def require_voting(status: ResolutionStatus) -> None:
    if status is not R.VOTING:
        raise Refused("meetings.resolution_decided")


def outcome(kind: ResolutionKind, votes: Mapping[VoteChoice, int]) -> ResolutionStatus:
    """PASSED or REJECTED by the kind's pass rule."""
    cast = sum(votes.values())
    passed = PASS_RULE[kind].passes(votes.get(VoteChoice.FOR, 0), cast)
    return R.PASSED if passed else R.REJECTED


def check_close(minutes: str, open_resolutions: int) -> None:
    """A meeting closes once its minutes are written and every resolution is decided."""
    if not minutes.strip():
        raise Refused("meetings.minutes_missing")
    if open_resolutions:
        raise Refused("meetings.resolutions_open", n=open_resolutions)


def check_absent(voted: int) -> None:
    """An attendee who has voted was present: attendance cannot say otherwise afterwards."""
    if voted:
        raise Refused("meetings.voted_present", field="absentIds")
