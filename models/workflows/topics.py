"""Topics' rules (议题), pure: "楼栋听事、小区议事、社区决事". The levels a topic climbs (building
-> grid -> community) and the node each level means, what escalation and a decision need, and
the supporter thresholds of the automatic climb.

Who may do each step is decided in policies/topics.py; resolvers and the seed apply these
functions.
"""

from dataclasses import dataclass
from enum import StrEnum

from models.org import PATH_SEPARATOR, path_ids
from models.topics import TopicLevel, TopicStatus, TopicStepKind
from models.workflows.refusals import RuleRefusal

MAX_TITLE = 100
MAX_DESCRIPTION = 2_000
MAX_NOTE = 1_000
MAX_THRESHOLD = 100_000
# Supporters that make a topic climb by itself when its community set none.
DEFAULT_TO_GRID = 10
DEFAULT_TO_COMMUNITY = 30

# The levels in climbing order, and where each sits in a node's path (/street/community/grid/
# building/): a topic's holding node is an ancestor (or the building itself) of its building.
LEVELS = (TopicLevel.BUILDING, TopicLevel.GRID, TopicLevel.COMMUNITY)
DEPTH = {TopicLevel.COMMUNITY: 2, TopicLevel.GRID: 3, TopicLevel.BUILDING: 4}
BUILDING_DEPTH = DEPTH[TopicLevel.BUILDING]
# Open to support, following's purpose, escalation and a decision.
OPEN = frozenset({TopicStatus.OPEN})


class Decision(StrEnum):
    ADOPT = "ADOPT"  # 采纳
    DECLINE = "DECLINE"  # 不予采纳 (a reason is required)
    MERGE = "MERGE"  # 合并 into another open topic of the same community


DECIDED = {
    Decision.ADOPT: (TopicStatus.ADOPTED, TopicStepKind.ADOPTED),
    Decision.DECLINE: (TopicStatus.DECLINED, TopicStepKind.DECLINED),
    Decision.MERGE: (TopicStatus.MERGED, TopicStepKind.MERGED),
}


class TopicError(RuleRefusal):
    """A step the topics' rules refuse (see RuleRefusal)."""


@dataclass(frozen=True)
class Thresholds:
    """Supporters that make a topic climb by itself: building -> grid, grid -> community."""

    to_grid: int = DEFAULT_TO_GRID
    to_community: int = DEFAULT_TO_COMMUNITY


@dataclass(frozen=True)
class Place:
    """Where a topic is held: its level and the node's id and path."""

    level: TopicLevel
    node_id: int
    node_path: str


def prefix(path: str, depth: int) -> str:
    return PATH_SEPARATOR + "".join(f"{part}{PATH_SEPARATOR}" for part in path_ids(path)[:depth])


def is_building_path(path: str) -> bool:
    return len(path_ids(path)) == BUILDING_DEPTH


def place_at(level: TopicLevel, building_path: str) -> Place:
    """The node of `level` above (or at) the building at `building_path`."""
    depth = DEPTH[level]
    return Place(level, path_ids(building_path)[depth - 1], prefix(building_path, depth))


def community_path(building_path: str) -> str:
    """The path of the community a topic raised at `building_path` belongs to (its decider)."""
    return prefix(building_path, DEPTH[TopicLevel.COMMUNITY])


def next_level(level: TopicLevel) -> TopicLevel | None:
    index = LEVELS.index(level)
    return LEVELS[index + 1] if index + 1 < len(LEVELS) else None


def check_open(status: TopicStatus, field: str = "id") -> None:
    """Decided topics (adopted, declined, merged) are closed to support and escalation."""
    if status not in OPEN:
        raise TopicError("topics.closed", field, transition=True, status=status)


def climb(status: TopicStatus, level: TopicLevel, building_path: str) -> Place:
    """Where escalating a topic held at `level` takes it: one level up. Past the community (or
    once decided): INVALID_TRANSITION."""
    check_open(status)
    above = next_level(level)
    if above is None:
        raise TopicError("topics.past_community", "id", transition=True)
    return place_at(above, building_path)


def threshold_for(level: TopicLevel, thresholds: Thresholds) -> int | None:
    """Supporters that make a topic held at `level` climb by itself; None at the community."""
    if level is TopicLevel.BUILDING:
        return thresholds.to_grid
    if level is TopicLevel.GRID:
        return thresholds.to_community
    return None


def climbs_by_support(
    status: TopicStatus, level: TopicLevel, supporters: int, thresholds: Thresholds
) -> bool:
    """Does an open topic held at `level` with `supporters` climb by itself (one level)?"""
    needed = threshold_for(level, thresholds)
    return status in OPEN and needed is not None and supporters >= needed


def supporters_to_climb(
    status: TopicStatus, level: TopicLevel, supporters: int, thresholds: Thresholds
) -> int | None:
    """Supporters still missing before the topic climbs by itself; None when it cannot."""
    needed = threshold_for(level, thresholds)
    if status not in OPEN or needed is None:
        return None
    return max(needed - supporters, 0)


def check_thresholds(thresholds: Thresholds) -> None:
    if not 1 <= thresholds.to_grid <= MAX_THRESHOLD:
        raise TopicError("topics.threshold_range", "toGrid", max=MAX_THRESHOLD)
    if not 1 <= thresholds.to_community <= MAX_THRESHOLD:
        raise TopicError("topics.threshold_range", "toCommunity", max=MAX_THRESHOLD)
    if thresholds.to_community < thresholds.to_grid:
        raise TopicError("topics.threshold_order", "toCommunity")


def check_decision(status: TopicStatus, level: TopicLevel) -> None:
    """The community decides an open topic it holds: not one still at a building or grid."""
    check_open(status)
    if level is not TopicLevel.COMMUNITY:
        raise TopicError("topics.not_at_community", "id", transition=True, level=level)


def check_reason(decision: Decision, reason: str) -> None:
    if decision is Decision.DECLINE and not reason:
        raise TopicError("topics.reason_required", "reason")


def check_merge(
    source_id: int,
    source_building_path: str,
    target_id: int | None,
    target_status: TopicStatus | None,
    target_building_path: str | None,
) -> None:
    """A topic merges into another open topic of its own community."""
    if target_id is None or target_building_path is None or target_status is None:
        raise TopicError("topics.merge_target_required", "mergeIntoId")
    if target_id == source_id:
        raise TopicError("topics.merge_into_itself", "mergeIntoId")
    if community_path(target_building_path) != community_path(source_building_path):
        raise TopicError("topics.merge_other_community", "mergeIntoId")
    if target_status not in OPEN:
        raise TopicError("topics.merge_into_closed", "mergeIntoId", conflict=True)


def check_on_agenda(building_path: str, meeting_path: str) -> None:
    """A meeting's agenda (or resolution) names a topic raised in the meeting node's subtree."""
    if not building_path.startswith(meeting_path):
        raise TopicError("topics.outside_meeting", "topicId")


def check_adoption_by_resolution(
    status: TopicStatus, level: TopicLevel, node_path: str, meeting_path: str
) -> None:
    """A passed ADOPT_TOPIC resolution adopts an open topic held at a community, and only one
    of a meeting at that community (社区决事): a building's meeting does not decide for it."""
    check_decision(status, level)
    if node_path != meeting_path:
        raise TopicError("topics.meeting_elsewhere", "topicId", transition=True)
