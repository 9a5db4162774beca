"""The topics' rules (议题), pure: the climb, the thresholds, the guards of a decision."""

import pytest

from models import TopicLevel as L
from models import TopicStatus as S
from models.workflows import topics as workflow
from models.workflows.topics import Decision, Thresholds, TopicError

BUILDING = "/1/3/7/19/"


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        (L.BUILDING, workflow.Place(L.GRID, 7, "/1/3/7/")),
        (L.GRID, workflow.Place(L.COMMUNITY, 3, "/1/3/")),
    ],
)
def test_a_topic_climbs_one_level_to_the_node_above_its_building(level, expected):
    assert workflow.climb(S.OPEN, level, BUILDING) == expected


def test_nothing_climbs_past_the_community_or_once_decided():
    with pytest.raises(TopicError) as past:
        workflow.climb(S.OPEN, L.COMMUNITY, BUILDING)
    assert past.value.transition
    assert past.value.key == "topics.past_community"
    for status in (S.ADOPTED, S.DECLINED, S.MERGED):
        with pytest.raises(TopicError) as closed:
            workflow.climb(status, L.BUILDING, BUILDING)
        assert closed.value.key == "topics.closed"


@pytest.mark.parametrize(
    ("status", "level", "supporters", "climbs", "left"),
    [
        (S.OPEN, L.BUILDING, 4, False, 1),
        (S.OPEN, L.BUILDING, 5, True, 0),
        (S.OPEN, L.GRID, 5, False, 4),
        (S.OPEN, L.GRID, 9, True, 0),
        (S.OPEN, L.COMMUNITY, 100, False, None),
        (S.ADOPTED, L.BUILDING, 100, False, None),
    ],
)
def test_the_threshold_of_the_level_holding_it(status, level, supporters, climbs, left):
    thresholds = Thresholds(to_grid=5, to_community=9)
    assert workflow.climbs_by_support(status, level, supporters, thresholds) is climbs
    assert workflow.supporters_to_climb(status, level, supporters, thresholds) == left


@pytest.mark.parametrize(
    ("to_grid", "to_community", "field"),
    [(0, 5, "toGrid"), (5, 0, "toCommunity"), (6, 5, "toCommunity"), (5, 100_001, "toCommunity")],
)
def test_thresholds_out_of_range_or_order(to_grid, to_community, field):
    with pytest.raises(TopicError) as refused:
        workflow.check_thresholds(Thresholds(to_grid, to_community))
    assert refused.value.field == field


def test_decisions_are_the_communitys_and_a_decline_gives_a_reason():
    workflow.check_decision(S.OPEN, L.COMMUNITY)
    with pytest.raises(TopicError) as early:
        workflow.check_decision(S.OPEN, L.GRID)
    assert early.value.transition
    with pytest.raises(TopicError):
        workflow.check_reason(Decision.DECLINE, "")
    workflow.check_reason(Decision.ADOPT, "")


@pytest.mark.parametrize(
    ("target_id", "status", "path", "key"),
    [
        (None, None, None, "topics.merge_target_required"),
        (1, S.OPEN, BUILDING, "topics.merge_into_itself"),
        (2, S.OPEN, "/1/4/9/30/", "topics.merge_other_community"),
        (2, S.DECLINED, "/1/3/8/25/", "topics.merge_into_closed"),
    ],
)
def test_a_merge_goes_into_another_open_topic_of_the_community(target_id, status, path, key):
    with pytest.raises(TopicError) as refused:
        workflow.check_merge(1, BUILDING, target_id, status, path)
    assert refused.value.key == key
    workflow.check_merge(1, BUILDING, 2, S.OPEN, "/1/3/8/25/")


def test_a_resolution_adopts_only_at_the_meeting_of_the_community_holding_it():
    workflow.check_adoption_by_resolution(S.OPEN, L.COMMUNITY, "/1/3/", "/1/3/")
    with pytest.raises(TopicError):
        workflow.check_adoption_by_resolution(S.OPEN, L.COMMUNITY, "/1/3/", "/1/4/")
    with pytest.raises(TopicError):
        workflow.check_on_agenda(BUILDING, "/1/3/8/")
    workflow.check_on_agenda(BUILDING, "/1/3/")
