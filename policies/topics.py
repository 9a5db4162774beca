"""Who reads and changes what of topics (议题): SQL filters and per-row decisions, on top of the
authorizer's scopes (policies/authorizer.py).

A topic is read where it was raised: by its building's path (`topic.building_path`), so a
resident reads the topics of their own building wherever they are held now (its grid, its
community), staff those raised anywhere in their subtree, and nobody anything of a sibling
subtree. Escalating and deciding are scoped by the node holding it (`topic.node_path`): the
level holding a topic escalates it, the community decides it.
"""

from collections.abc import Collection

from tortoise.expressions import Q

from policies.actions import Action
from policies.authorizer import Viewer


def readable_topics_filter(viewer: Viewer, prefix: str = "") -> Q | None:
    """Topics raised at buildings in a topic-read scope. `prefix` reaches the topic from another
    model (`topic__`)."""
    return viewer.scope_filter(Action.TOPIC_READ, f"{prefix}building_path")


def readable_topic_supports_filter(viewer: Viewer) -> Q | None:
    """Supports (附议) the viewer reads: who supports a topic is personal, so staff read those of
    readable topics by residents whose records they read, and everyone their own."""
    topics = readable_topics_filter(viewer, "topic__")
    people = viewer.scope_filter(Action.PERSON_READ, "resident__household__building_path")
    mine = Q(resident__user_id=viewer.user_id or 0)
    if topics is None and people is None:
        return None
    parts = [part for part in (topics, people) if part is not None]
    return Q(Q(*parts), mine, join_type=Q.OR)


def may_raise_topic(viewer: Viewer, building_path: str, lives_there: bool) -> bool:
    """Raise a topic at the building at `building_path`: staff in scope, or a resident at the
    building they live in (`lives_there`: their own resident profile is of that building)."""
    if lives_there and viewer.can(Action.TOPIC_RAISE_OWN, building_path):
        return True
    return viewer.can(Action.TOPIC_RAISE, building_path)


def may_raise_anywhere(viewer: Viewer) -> bool:
    """Checked before anything is looked up: may the viewer raise a topic at all?"""
    return viewer.has_any(Action.TOPIC_RAISE) or viewer.has_any(Action.TOPIC_RAISE_OWN)


def may_support_topic(viewer: Viewer, topic_building_path: str, own_building_path: str) -> bool:
    """Support (附议) a topic: a resident of the building it was raised at, in their own name."""
    return own_building_path == topic_building_path and viewer.can(
        Action.TOPIC_SUPPORT, own_building_path
    )


def supports_own_topic(
    raiser_user_id: int | None,
    raiser_household_id: int | None,
    user_id: int | None,
    own_household_ids: Collection[int],
) -> bool:
    """Raising a topic is not support: its raiser, or a member of the raiser's household, adding
    support would push their own topic towards the threshold of the automatic climb."""
    if user_id is not None and raiser_user_id == user_id:
        return True
    return raiser_household_id is not None and raiser_household_id in own_household_ids


def decides_own_topic(
    raiser_user_id: int | None,
    raiser_household_id: int | None,
    decider_user_id: int | None,
    decider_household_ids: Collection[int],
) -> bool:
    """Nobody decides their own topic: its raiser, or a member of the raiser's household (as
    for support, supports_own_topic), may not adopt it, nor merge others' supporters into it,
    by a decision of their own or a resolution they decide."""
    if decider_user_id is None:
        return False
    return supports_own_topic(
        raiser_user_id, raiser_household_id, decider_user_id, decider_household_ids
    )


def may_follow_topic(viewer: Viewer, topic_building_path: str) -> bool:
    """Follow (关注) a topic one reads, or stop following it (an auditor only reads)."""
    return viewer.can(Action.TOPIC_FOLLOW, topic_building_path)


def may_escalate_topic(viewer: Viewer, node_path: str) -> bool:
    """Escalate (上报) a topic held at the node at `node_path`: the level holding it (a building
    leader at the building, a grid leader at the grid) or a higher role over it."""
    return viewer.can(Action.TOPIC_ESCALATE, node_path)


def may_decide_topic(viewer: Viewer, node_path: str) -> bool:
    """Decide (决事) a topic held at the node at `node_path`: a community admin over it."""
    return viewer.can(Action.TOPIC_DECIDE, node_path)


def may_configure_topics(viewer: Viewer, community_path: str) -> bool:
    """Set the community's supporter thresholds of the automatic climb."""
    return viewer.can(Action.TOPIC_CONFIGURE, community_path)


def sees_topic_raiser(viewer: Viewer, raiser_user_id: int | None, building_path: str) -> bool:
    """Who raised a topic is personal: the raiser themselves and whoever reads the records of
    the building's people (staff in scope) see it; the neighbours reading the topic do not."""
    if raiser_user_id is not None and raiser_user_id == viewer.user_id:
        return True
    return viewer.can(Action.PERSON_READ, building_path)
