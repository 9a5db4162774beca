"""Topics (议题): the automatic climb at the community's thresholds, the community's decisions
(decline with a reason, merge without counting anyone twice) and their bad input, and support
under concurrency on PostgreSQL."""

import asyncio
from typing import Any

import models
from resolvers.ids import decode_global_id
from tests.api.audit_inputs import resident_account
from tests.api.test_topics import DECIDE, ESCALATE, SUPPORT, TOPIC, _account, _places, raise_topic
from tests.helpers import Api, error_codes, gid, node_named, ok, postgres_only

THRESHOLDS = """
mutation($c: ID!, $g: Int!, $m: Int!) {
  setTopicThresholds(communityId: $c, toGrid: $g, toCommunity: $m) {
    thresholds { toGrid toCommunity isDefault } errors { field code }
  }
}
"""
READ_THRESHOLDS = """
query($c: ID!) { topicThresholds(communityId: $c) { toGrid toCommunity isDefault } }
"""
CLIMB_LEFT = "query($id: ID!) { topic(id: $id) { level supportersToClimb supporterCount } }"


async def _at_community(api: Api, topic: str) -> None:
    await ok(api, ESCALATE, {"id": topic}, "building1")
    await ok(api, ESCALATE, {"id": topic}, "grid1")


async def _neighbours(building: models.OrgNode, count: int) -> list[str]:
    names = [f"neighbour{n}" for n in range(count)]
    for name in names:
        await resident_account(gid(building), name)
    return names


async def test_a_topic_climbs_by_itself_at_the_communitys_thresholds(api: Api, demo):
    # given: community1 sets its thresholds (2 to the grid, 3 to the community)
    places = await _places()
    community = gid(places["community"])
    seeded = await api.gql(READ_THRESHOLDS, {"c": community}, as_="resident1")
    assert seeded["topicThresholds"] == {"toGrid": 8, "toCommunity": 15, "isDefault": False}
    sibling = gid(places["sibling_community"])
    default = await api.gql(READ_THRESHOLDS, {"c": sibling}, as_="street1")
    assert default["topicThresholds"] == {"toGrid": 10, "toCommunity": 30, "isDefault": True}
    # a community outside the viewer's scope looks missing; a grid is not a community
    body = await api.raw(READ_THRESHOLDS, {"c": sibling}, as_="community1")
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    body = await api.raw(READ_THRESHOLDS, {"c": gid(places["grid"])}, as_="community1")
    assert body["errors"][0]["extensions"]["code"] == "INVALID"
    assert await error_codes(api, THRESHOLDS, {"c": community, "g": 2, "m": 3}, "grid1") == [
        "FORBIDDEN"
    ]
    assert await error_codes(api, THRESHOLDS, {"c": community, "g": 5, "m": 3}, "community1") == [
        "INVALID"
    ]
    assert await error_codes(api, THRESHOLDS, {"c": community, "g": 0, "m": 3}, "community1") == [
        "INVALID"
    ]
    await ok(api, THRESHOLDS, {"c": community, "g": 2, "m": 3}, "community1")
    topic = await raise_topic(api, places["building"])
    first, second, third = await _neighbours(places["building"], 3)
    # when: the first support leaves it at the building, one more to go
    await ok(api, SUPPORT, {"id": topic}, first)
    left = (await api.gql(CLIMB_LEFT, {"id": topic}, as_="resident1"))["topic"]
    assert left == {"level": "BUILDING", "supportersToClimb": 1, "supporterCount": 1}
    # the second reaches the threshold: it climbs to the grid by itself
    climbed = await ok(api, SUPPORT, {"id": topic}, second)
    assert climbed["topic"]["level"] == "GRID"
    # the third reaches the grid's: on to the community
    climbed = await ok(api, SUPPORT, {"id": topic}, third)
    assert climbed["topic"]["level"] == "COMMUNITY"
    left = (await api.gql(CLIMB_LEFT, {"id": topic}, as_="resident1"))["topic"]
    assert left["supportersToClimb"] is None
    # then: the automatic climbs are recorded without an actor
    steps = (await api.gql(TOPIC, {"id": topic}, as_="community1"))["topic"]["steps"]
    assert [s["kind"] for s in steps] == ["RAISED", "AUTO_ESCALATED", "AUTO_ESCALATED"]
    assert steps[1]["actor"] is None
    assert steps[2]["toNode"]["id"] == community


async def test_decline_needs_a_reason_and_decisions_only_at_the_community(api: Api, demo):
    # given
    places = await _places()
    topic = await raise_topic(api, places["building"])
    # when: at the building, the community cannot decide yet
    codes = await error_codes(api, DECIDE, {"id": topic, "input": {"decision": "DECLINE",
                         "reason": "x"}}, "community1")  # fmt: skip
    assert codes == ["INVALID_TRANSITION"]
    await _at_community(api, topic)
    # a decline without a reason: INVALID, nothing written
    assert await error_codes(api, DECIDE, {"id": topic, "input": {"decision": "DECLINE"}},
                        "community1") == ["INVALID"]  # fmt: skip
    row = await models.Topic.get(title="楼道灯不亮")
    assert row.status is models.TopicStatus.OPEN
    declined = await ok(api, DECIDE, {"id": topic, "input": {
        "decision": "DECLINE", "reason": "属物业责任，转物业处理"}}, "community1")  # fmt: skip
    assert declined["topic"]["status"] == "DECLINED"
    assert declined["topic"]["decisionNote"] == "属物业责任，转物业处理"


async def test_merge_counts_each_supporter_once_and_refuses_bad_targets(api: Api, demo):
    # given: two topics of the same community at the community, one supporter in common
    places = await _places()
    source = await raise_topic(api, places["building"], title="停车难")
    target = await raise_topic(api, places["building"], title="车位不足")
    a, b, c = await _neighbours(places["building"], 3)
    for who, topic in ((a, source), (b, source), (b, target), (c, target)):
        await ok(api, SUPPORT, {"id": topic}, who)
    await _at_community(api, source)
    merge = {"decision": "MERGE", "reason": "同一问题"}
    # bad targets: itself, none, unknown, closed, another community's
    assert await error_codes(api, DECIDE, {"id": source, "input": {**merge, "mergeIntoId": source}},
                        "community1") == ["INVALID"]  # fmt: skip
    assert await error_codes(api, DECIDE, {"id": source, "input": merge}, "community1") == [
        "INVALID"
    ]
    unknown = gid(models.Topic(id=10**6))
    assert await error_codes(
        api, DECIDE, {"id": source, "input": {**merge, "mergeIntoId": unknown}}, "community1"
    ) == ["NOT_FOUND"]
    other_community = await _account("admin_c2", models.Role.COMMUNITY_ADMIN,
                                     places["sibling_community"])  # fmt: skip
    assert other_community.id
    elsewhere_building = (
        await models.OrgNode.filter(
            level=models.OrgLevel.BUILDING, path__startswith=places["sibling_community"].path
        )
        .order_by("id")
        .first()
    )
    assert elsewhere_building is not None
    elsewhere = await raise_topic(api, elsewhere_building, "admin_c2", "别处议题")
    # community1 does not read the other community's topic: NOT_FOUND; street1 does: INVALID
    assert await error_codes(
        api, DECIDE, {"id": source, "input": {**merge, "mergeIntoId": elsewhere}}, "community1"
    ) == ["NOT_FOUND"]
    assert await error_codes(
        api, DECIDE, {"id": source, "input": {**merge, "mergeIntoId": elsewhere}}, "street1"
    ) == ["INVALID"]
    closed = await raise_topic(api, places["building"], title="已办结")
    await _at_community(api, closed)
    await ok(api, DECIDE, {"id": closed, "input": {"decision": "ADOPT"}}, "community1")
    assert await error_codes(api, DECIDE, {"id": source, "input": {**merge, "mergeIntoId": closed}},
                        "community1") == ["CONFLICT"]  # fmt: skip
    assert (await models.Topic.get(title="停车难")).status is models.TopicStatus.OPEN
    # when: merged into the open target
    merged = await ok(api, DECIDE, {"id": source, "input": {**merge, "mergeIntoId": target}},
                       "community1")  # fmt: skip
    # then: the link, and the target counts a, b, c once each
    assert merged["topic"]["status"] == "MERGED"
    assert merged["topic"]["mergedInto"]["id"] == target
    shown = (await api.gql(TOPIC, {"id": target}, as_="community1"))["topic"]
    assert shown["supporterCount"] == 3
    assert await models.TopicSupport.filter(topic__title="车位不足").count() == 3
    # a merged topic is closed; b supporting the target again is CONFLICT
    assert await error_codes(api, SUPPORT, {"id": source}, c) == ["INVALID_TRANSITION"]
    assert await error_codes(api, SUPPORT, {"id": target}, a) == ["CONFLICT"]


async def _support_at_once(api: Api, topic: str, users: list[str]) -> list[Any]:
    for user in set(users):
        await api.token(user)
    results = await asyncio.gather(*(api.gql(SUPPORT, {"id": topic}, as_=u) for u in users))
    return [r["supportTopic"]["errors"] for r in results]


@postgres_only
async def test_supporting_twice_at_once_counts_once(api: Api, demo):
    # given
    places = await _places()
    topic = await raise_topic(api, places["building"])
    (neighbour,) = await _neighbours(places["building"], 1)
    # when: the same resident supports four times at once
    errors = await _support_at_once(api, topic, [neighbour] * 4)
    # then: one support, three CONFLICTs, the count is 1
    assert sorted(len(e) for e in errors) == [0, 1, 1, 1]
    assert all(e[0]["code"] == "CONFLICT" for e in errors if e)
    row = await models.Topic.get(title="楼道灯不亮")
    assert row.supporter_count == 1
    assert await models.TopicSupport.filter(topic_id=row.id).count() == 1


@postgres_only
async def test_many_residents_supporting_at_once_are_all_counted(api: Api, demo):
    # given: thresholds above what they reach, five neighbours
    places = await _places()
    community = await node_named(models.OrgLevel.COMMUNITY, 0)
    await ok(api, THRESHOLDS, {"c": gid(community), "g": 50, "m": 60}, "community1")
    topic = await raise_topic(api, places["building"])
    neighbours = await _neighbours(places["building"], 5)
    # when
    errors = await _support_at_once(api, topic, neighbours)
    # then
    assert errors == [[]] * 5
    row = await models.Topic.get(title="楼道灯不亮")
    assert row.supporter_count == 5
    assert await models.TopicSupport.filter(topic_id=row.id).count() == 5


async def test_nobody_adopts_or_merges_into_their_own_topic(api: Api, demo):
    # given: community1 raises a topic at resident1's building and takes it to the community
    places = await _places()
    own = await raise_topic(api, places["building"], as_="community1", title="加装充电桩")
    for _ in range(2):
        await ok(api, ESCALATE, {"id": own}, "community1")
    other = await raise_topic(api, places["building"], title="楼道堆物")
    for _ in range(2):
        await ok(api, ESCALATE, {"id": other}, "community1")
    steps = await models.TopicStep.all().count()
    # when / then: community1 neither adopts its own topic nor merges another into it
    adopt = {"id": own, "input": {"decision": "ADOPT"}}
    assert await error_codes(api, DECIDE, adopt, "community1") == ["FORBIDDEN"]
    merge = {"id": other, "input": {"decision": "MERGE", "mergeIntoId": own}}
    assert await error_codes(api, DECIDE, merge, "community1") == ["FORBIDDEN"]
    assert await models.TopicStep.all().count() == steps
    # and the street's admin, who did not raise it, decides it
    assert (await ok(api, DECIDE, adopt, "street1"))["topic"]["status"] == "ADOPTED"


async def test_a_merge_brings_no_support_from_the_targets_raiser(api: Api, demo):
    # given: resident1 raises topic B; building1 raises topic A, which resident1 supports
    places = await _places()
    mine = await raise_topic(api, places["building"], title="楼道堆物")
    other = await raise_topic(api, places["building"], as_="building1", title="楼道照明")
    await ok(api, SUPPORT, {"id": other}, "resident1")
    for _ in range(2):
        await ok(api, ESCALATE, {"id": other}, "community1")
    # when: community1 merges A into resident1's B
    merge = {"id": other, "input": {"decision": "MERGE", "mergeIntoId": mine}}
    await ok(api, DECIDE, merge, "community1")
    # then: resident1 does not come to support their own topic
    own = await models.Resident.get(user__username="resident1")
    target = decode_global_id(mine)[1]
    assert not await models.TopicSupport.exists(topic_id=target, resident_id=own.id)
    assert (await models.Topic.get(id=target)).supporter_count == 0
