"""Topics' per-row decisions (policies/topics.py) on the real policy: who raises, supports,
follows, escalates and decides where; nobody supports their own topic."""

import pytest

from models import Role as R
from policies.authorizer import Authorizer, GrantScope
from policies.topics import (
    may_decide_topic,
    may_escalate_topic,
    may_follow_topic,
    may_raise_topic,
    may_support_topic,
    sees_topic_raiser,
    supports_own_topic,
)

AUTHORIZER = Authorizer.from_files()
BUILDING, SIBLING, GRID, COMMUNITY = "/1/3/7/19/", "/1/3/7/20/", "/1/3/7/", "/1/3/"


def viewer(role: R, at: str | None):
    return AUTHORIZER.viewer(1, [GrantScope(role, at)])


@pytest.mark.parametrize(
    ("role", "at", "path", "lives_there", "expected"),
    [
        (R.RESIDENT, BUILDING, BUILDING, True, True),
        (R.RESIDENT, BUILDING, BUILDING, False, False),
        (R.RESIDENT, BUILDING, SIBLING, False, False),
        (R.BUILDING_LEADER, BUILDING, BUILDING, False, True),
        (R.BUILDING_LEADER, BUILDING, SIBLING, False, False),
        (R.GRID_LEADER, GRID, SIBLING, False, True),
        (R.AUDITOR, "/1/", BUILDING, True, False),
    ],
)
def test_raise(role, at, path, lives_there, expected):
    assert may_raise_topic(viewer(role, at), path, lives_there) is expected


@pytest.mark.parametrize(
    ("role", "at", "topic", "own", "expected"),
    [
        (R.RESIDENT, BUILDING, BUILDING, BUILDING, True),
        (R.RESIDENT, SIBLING, BUILDING, SIBLING, False),
        (R.BUILDING_LEADER, BUILDING, BUILDING, BUILDING, False),
        (R.AUDITOR, "/1/", BUILDING, BUILDING, False),
    ],
)
def test_support_is_a_residents_of_the_topics_building(role, at, topic, own, expected):
    assert may_support_topic(viewer(role, at), topic, own) is expected


def test_nobody_supports_their_own_or_their_households_topic():
    assert supports_own_topic(7, None, 7, frozenset())
    assert supports_own_topic(None, 40, 8, frozenset({40}))
    assert not supports_own_topic(7, 40, 8, frozenset({41}))


@pytest.mark.parametrize(
    ("role", "at", "held_at", "escalates", "decides"),
    [
        (R.BUILDING_LEADER, BUILDING, BUILDING, True, False),
        (R.BUILDING_LEADER, BUILDING, GRID, False, False),
        (R.BUILDING_LEADER, SIBLING, BUILDING, False, False),
        (R.GRID_LEADER, GRID, BUILDING, True, False),
        (R.GRID_LEADER, GRID, GRID, True, False),
        (R.GRID_LEADER, GRID, COMMUNITY, False, False),
        (R.COMMUNITY_ADMIN, COMMUNITY, COMMUNITY, True, True),
        (R.COMMUNITY_ADMIN, "/1/4/", COMMUNITY, False, False),
        (R.AUDITOR, "/1/", COMMUNITY, False, False),
        (R.RESIDENT, BUILDING, BUILDING, False, False),
    ],
)
def test_escalate_and_decide_by_the_node_holding_it(role, at, held_at, escalates, decides):
    assert may_escalate_topic(viewer(role, at), held_at) is escalates
    assert may_decide_topic(viewer(role, at), held_at) is decides


def test_follow_and_who_sees_the_raiser():
    assert may_follow_topic(viewer(R.RESIDENT, BUILDING), BUILDING)
    assert not may_follow_topic(viewer(R.AUDITOR, "/1/"), BUILDING)
    assert sees_topic_raiser(viewer(R.BUILDING_LEADER, BUILDING), 9, BUILDING)
    assert not sees_topic_raiser(viewer(R.RESIDENT, BUILDING), 9, BUILDING)
    assert sees_topic_raiser(viewer(R.RESIDENT, BUILDING), 1, BUILDING)
