"""Topics (议题): "楼栋听事、小区议事、社区决事" — a topic from its building to the community's
decision as the right and wrong users, the steps it records, and scope between siblings."""

from typing import Any

import models
from resolvers.ids import decode_global_id
from tests.api.audit_inputs import resident_account
from tests.api.test_exports import csv_rows, get
from tests.helpers import Api, error_codes, first_node_of, gid, node_named, ok, sibling_of

RAISE = """
mutation($input: RaiseTopicInput!) {
  raiseTopic(input: $input) { topic { id status level supporterCount } errors { field code } }
}
"""
ESCALATE = """
mutation($id: ID!) {
  escalateTopic(id: $id, note: "上报") { topic { id level node { id } } errors { field code } }
}
"""
DECIDE = """
mutation($id: ID!, $input: DecideTopicInput!) {
  decideTopic(id: $id, input: $input) {
    topic { id status decisionNote mergedInto { id } supporterCount } errors { field code }
  }
}
"""
SUPPORT = """
mutation($id: ID!) {
  supportTopic(id: $id) { topic { id supporterCount level supportedByMe } errors { field code } }
}
"""
FOLLOW = """
mutation($id: ID!) { followTopic(id: $id) { topic { id followedByMe followerCount }
  errors { field code } } }
"""
UNFOLLOW = """
mutation($id: ID!) { unfollowTopic(id: $id) { topic { id followedByMe followerCount }
  errors { field code } } }
"""
TOPIC = """
query($id: ID!) { topic(id: $id) {
  id status level supporterCount raisedByMe raisedBy { username } categoryLabel
  building { id } node { id }
  steps { kind note fromNode { id } toNode { id } actor { username } }
} }
"""
NODE = "query($id: ID!) { node(id: $id) { id } }"
TOPICS = """
query($f: TopicFilter) { topics(filter: $f, first: 100) {
  totalCount edges { node { id building { id } } } } }
"""
SUPPORTS = """
query($t: ID) { topicSupports(filter: {topicId: $t}, first: 100) {
  totalCount edges { node { id resident { id } topic { id } } } } }
"""


async def _account(username: str, role: models.Role, node: models.OrgNode) -> models.User:
    password_hash = (await models.User.get(username="resident1")).password_hash
    user = await models.User.create(
        username=username, display_name=username, password_hash=password_hash
    )
    await models.RoleGrant.create(user_id=user.id, role=role, node_id=node.id)
    return user


async def _places() -> dict[str, models.OrgNode]:
    """street1's first community, grid and building (resident1's), their siblings."""
    street = await node_named(models.OrgLevel.STREET, 0)
    community = await first_node_of(models.OrgLevel.COMMUNITY, street)
    grid = await first_node_of(models.OrgLevel.GRID, street)
    building = await first_node_of(models.OrgLevel.BUILDING, street)

    return {
        "community": community, "grid": grid, "building": building,
        "sibling_building": await sibling_of(building), "sibling_grid": await sibling_of(grid),
        "sibling_community": await sibling_of(community),
    }  # fmt: skip


async def raise_topic(
    api: Api, building: models.OrgNode, as_: str = "resident1", title: str = "楼道灯不亮"
) -> str:
    payload = await ok(api, RAISE, {"input": {
        "buildingId": gid(building), "title": title, "description": "三楼楼道灯坏了一个月",
        "category": "PROPERTY"}}, as_)  # fmt: skip
    return str(payload["topic"]["id"])


def ids(data: dict[str, Any]) -> set[str]:
    return {edge["node"]["id"] for edge in data["topics"]["edges"]}


async def _strangers(places: dict[str, models.OrgNode]) -> None:
    """A resident of the sibling building, leaders of the sibling building and grid, and the
    community admin of the sibling community."""
    await resident_account(gid(places["sibling_building"]), "stranger")
    await _account("leader_b2", models.Role.BUILDING_LEADER, places["sibling_building"])
    await _account("leader_g2", models.Role.GRID_LEADER, places["sibling_grid"])
    await _account("admin_c2", models.Role.COMMUNITY_ADMIN, places["sibling_community"])


async def test_a_topic_climbs_from_its_building_to_the_community_and_is_adopted(api: Api, demo):
    # given: resident1 raises a topic at its building; strangers of sibling subtrees
    places = await _places()
    await _strangers(places)
    topic = await raise_topic(api, places["building"])
    shown = (await api.gql(TOPIC, {"id": topic}, as_="resident1"))["topic"]
    assert shown["status"] == "OPEN"
    assert shown["level"] == "BUILDING"
    assert shown["raisedByMe"] is True
    assert shown["categoryLabel"] == "物业维修"
    # then: siblings' people do not see it, and cannot act on it (NOT_FOUND)
    for stranger in ("stranger", "leader_b2", "leader_g2", "admin_c2"):
        assert (await api.gql(TOPIC, {"id": topic}, as_=stranger))["topic"] is None, stranger
        assert (await api.gql(NODE, {"id": topic}, as_=stranger))["node"] is None, stranger
        assert await error_codes(api, ESCALATE, {"id": topic}, stranger) == ["NOT_FOUND"], stranger
        assert await error_codes(api, SUPPORT, {"id": topic}, stranger) == ["NOT_FOUND"], stranger
    assert await error_codes(api, DECIDE, {"id": topic, "input": {"decision": "ADOPT"}},
                        "admin_c2") == ["NOT_FOUND"]  # fmt: skip
    # when: the resident may not escalate; the building leader does; the auditor only reads
    assert await error_codes(api, ESCALATE, {"id": topic}, "resident1") == ["FORBIDDEN"]
    assert await error_codes(api, ESCALATE, {"id": topic}, "auditor1") == ["FORBIDDEN"]
    climbed = await ok(api, ESCALATE, {"id": topic}, "building1")
    assert climbed["topic"]["level"] == "GRID"
    assert climbed["topic"]["node"]["id"] == gid(places["grid"])
    # the building no longer holds it: its leader cannot escalate it again, the grid can
    assert await error_codes(api, ESCALATE, {"id": topic}, "building1") == ["FORBIDDEN"]
    assert await error_codes(api, DECIDE, {"id": topic, "input": {"decision": "ADOPT"}},
                        "grid1") == ["FORBIDDEN"]  # fmt: skip
    # the community cannot decide it while the grid holds it
    assert await error_codes(api, DECIDE, {"id": topic, "input": {"decision": "ADOPT"}},
                        "community1") == ["INVALID_TRANSITION"]  # fmt: skip
    climbed = await ok(api, ESCALATE, {"id": topic}, "grid1")
    assert climbed["topic"]["level"] == "COMMUNITY"
    # past the community: INVALID_TRANSITION, nothing written
    steps_before = await models.TopicStep.all().count()
    assert await error_codes(api, ESCALATE, {"id": topic}, "community1") == ["INVALID_TRANSITION"]
    assert await models.TopicStep.all().count() == steps_before
    # the resident still reads the topic of its building, now held at the community
    assert (await api.gql(TOPIC, {"id": topic}, as_="resident1"))["topic"]["level"] == "COMMUNITY"
    assert await error_codes(api, DECIDE, {"id": topic, "input": {"decision": "ADOPT"}},
                        "auditor1") == ["FORBIDDEN"]  # fmt: skip
    decided = await ok(api, DECIDE, {"id": topic, "input": {
        "decision": "ADOPT", "reason": "纳入服务事项"}}, "community1")  # fmt: skip
    assert decided["topic"]["status"] == "ADOPTED"
    # then: every step is on record, with who, from and to
    steps = (await api.gql(TOPIC, {"id": topic}, as_="community1"))["topic"]["steps"]
    assert [s["kind"] for s in steps] == ["RAISED", "ESCALATED", "ESCALATED", "ADOPTED"]
    assert [s["actor"]["username"] for s in steps] == [
        "resident1", "building1", "grid1", "community1"]  # fmt: skip
    assert steps[1]["fromNode"]["id"] == gid(places["building"])
    assert steps[1]["toNode"]["id"] == gid(places["grid"])
    assert steps[2]["toNode"]["id"] == gid(places["community"])
    assert steps[3]["note"] == "纳入服务事项"
    # a decided topic takes no more support, escalation or decision
    await resident_account(gid(places["building"]), "neighbour")
    assert await error_codes(api, SUPPORT, {"id": topic}, "neighbour") == ["INVALID_TRANSITION"]
    assert await error_codes(api, DECIDE, {"id": topic, "input": {"decision": "ADOPT"}},
                        "community1") == ["INVALID_TRANSITION"]  # fmt: skip


async def test_neighbours_do_not_see_who_raised_a_topic(api: Api, demo):
    # given
    places = await _places()
    topic = await raise_topic(api, places["building"])
    await resident_account(gid(places["building"]), "neighbour")
    # when
    seen = (await api.gql(TOPIC, {"id": topic}, as_="neighbour"))["topic"]
    staff = (await api.gql(TOPIC, {"id": topic}, as_="building1"))["topic"]
    # then
    assert seen["raisedBy"] is None
    assert seen["raisedByMe"] is False
    assert seen["steps"][0]["actor"] is None
    assert staff["raisedBy"]["username"] == "resident1"


async def test_lists_lookups_and_supports_stay_inside_sibling_subtrees(api: Api, demo):
    # given: a topic at resident1's building and one at the sibling building
    places = await _places()
    await _strangers(places)
    mine = await raise_topic(api, places["building"])
    theirs = await raise_topic(api, places["sibling_building"], "stranger", "停车难")
    # when / then: each reads only what was raised in its subtree
    for user, place in (
        ("resident1", "building"), ("stranger", "sibling_building"),
        ("leader_b2", "sibling_building"), ("grid1", "grid"), ("leader_g2", "sibling_grid"),
        ("community1", "community"), ("admin_c2", "sibling_community"),
    ):  # fmt: skip
        data = await api.gql(TOPICS, {}, as_=user)
        edges = data["topics"]["edges"]
        assert data["topics"]["totalCount"] == len(edges)
        buildings = {e["node"]["building"]["id"] for e in edges}
        inside = {
            gid(b)
            for b in await models.OrgNode.filter(
                level=models.OrgLevel.BUILDING, path__startswith=places[place].path
            )
        }
        assert buildings <= inside, user
    assert mine in ids(await api.gql(TOPICS, {}, as_="resident1"))
    assert theirs not in ids(await api.gql(TOPICS, {}, as_="resident1"))
    assert mine not in ids(await api.gql(TOPICS, {}, as_="leader_g2"))
    assert mine not in ids(await api.gql(TOPICS, {}, as_="admin_c2"))
    # supports of a topic outside scope: NOT_FOUND, as a missing one
    body = await api.raw(SUPPORTS, {"t": mine}, as_="admin_c2")
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    # the other street's auditor reads nothing of street1
    assert mine not in ids(await api.gql(TOPICS, {}, as_="auditor2"))
    assert mine in ids(await api.gql(TOPICS, {}, as_="auditor1"))


async def test_support_once_never_ones_own_and_unknown_ids_look_missing(api: Api, demo):
    # given
    places = await _places()
    topic = await raise_topic(api, places["building"])
    await resident_account(gid(places["building"]), "neighbour")
    # when: the raiser supports its own topic: FORBIDDEN (raising is not support)
    assert await error_codes(api, SUPPORT, {"id": topic}, "resident1") == ["FORBIDDEN"]
    # a neighbour supports once, then again: CONFLICT, nothing written
    supported = await ok(api, SUPPORT, {"id": topic}, "neighbour")
    assert supported["topic"]["supporterCount"] == 1
    assert supported["topic"]["supportedByMe"] is True
    assert await error_codes(api, SUPPORT, {"id": topic}, "neighbour") == ["CONFLICT"]
    assert await models.TopicSupport.filter(topic__title="楼道灯不亮").count() == 1
    shown = (await api.gql(TOPIC, {"id": topic}, as_="neighbour"))["topic"]
    assert shown["supporterCount"] == 1
    # staff have no resident of their own here: INVALID
    assert await error_codes(api, SUPPORT, {"id": topic}, "building1") == ["INVALID"]
    # supporters list: staff read it, the neighbour reads its own
    assert (await api.gql(SUPPORTS, {"t": topic}, as_="building1"))["topicSupports"][
        "totalCount"
    ] == 1
    own = (await api.gql(SUPPORTS, {"t": topic}, as_="neighbour"))["topicSupports"]
    assert own["totalCount"] == 1
    # unknown ids look like NOT_FOUND
    unknown = gid(models.Topic(id=10**6))
    for query in (SUPPORT, ESCALATE, FOLLOW):
        assert await error_codes(api, query, {"id": unknown}, "community1") == ["NOT_FOUND"]
    assert (await api.gql(TOPIC, {"id": unknown}, as_="admin"))["topic"] is None


async def test_raising_is_at_a_building_the_caller_may_raise_at(api: Api, demo):
    places = await _places()
    bad = {"title": "x", "description": "y", "category": "OTHER"}
    # a grid is not a building: INVALID
    assert await error_codes(api, RAISE, {"input": {**bad, "buildingId": gid(places["grid"])}},
                        "grid1") == ["INVALID"]  # fmt: skip
    # a resident at another building: it does not read it (NOT_FOUND)
    codes = await error_codes(
        api, RAISE, {"input": {**bad, "buildingId": gid(places["sibling_building"])}}, "resident1"
    )
    assert codes == ["NOT_FOUND"]
    # the auditor only reads
    codes = await error_codes(api, RAISE, {"input": {**bad, "buildingId": gid(places["building"])}},
                         "auditor1")  # fmt: skip
    assert codes == ["FORBIDDEN"]
    # a leader raises at a building in scope, in no resident's name
    topic = await raise_topic(api, places["sibling_building"], "grid1")
    row = await models.Topic.get(id=decode_global_id(topic)[1])
    assert row.raised_by_resident_id is None
    assert await models.Topic.filter(title="x").count() == 0


async def test_follow_and_unfollow_and_the_followed_filter(api: Api, demo):
    places = await _places()
    topic = await raise_topic(api, places["building"])
    followed = await ok(api, FOLLOW, {"id": topic}, "resident1")
    assert followed["topic"]["followedByMe"] is True
    assert followed["topic"]["followerCount"] == 1
    again = await ok(api, FOLLOW, {"id": topic}, "resident1")
    assert again["topic"]["followerCount"] == 1
    mine = await api.gql(TOPICS, {"f": {"followed": True}}, as_="resident1")
    assert topic in {e["node"]["id"] for e in mine["topics"]["edges"]}
    assert await error_codes(api, FOLLOW, {"id": topic}, "auditor1") == ["FORBIDDEN"]
    gone = await ok(api, UNFOLLOW, {"id": topic}, "resident1")
    assert gone["topic"]["followedByMe"] is False
    assert gone["topic"]["followerCount"] == 0
    mine = await api.gql(TOPICS, {"f": {"followed": True}}, as_="resident1")
    assert topic not in {e["node"]["id"] for e in mine["topics"]["edges"]}


async def test_the_topics_export_is_scoped_and_names_no_raiser(api: Api, demo, client):
    # given
    places = await _places()
    await raise_topic(api, places["building"], title="=HYPERLINK(1)")
    # when
    response = await get(client, api, "/exports/topics.csv", "community1", status="OPEN")
    rows = csv_rows(response)
    # then: the header, the community's open topics, a formula neutralised
    assert rows[0][:3] == ["标题", "类别", "状态"]
    assert all(row[2] == "议事中" for row in rows[1:])
    assert "'=HYPERLINK(1)" in {row[0] for row in rows}
    assert "resident1" not in response.text
    outside = await get(
        client, api, "/exports/topics.csv", "community2", nodeId=gid(places["community"])
    )
    assert outside.status_code == 404
    wrong = await get(client, api, "/exports/topics.csv", "community1", status="LOST")
    assert wrong.status_code == 400


async def test_the_seed_holds_topics_at_every_stage(demo):
    topics = await models.Topic.all()
    stages = {(t.level, t.status) for t in topics}
    L, S = models.TopicLevel, models.TopicStatus
    expected = [(L.BUILDING, S.OPEN), (L.GRID, S.OPEN), (L.COMMUNITY, S.OPEN)] + [
        (L.COMMUNITY, status) for status in (S.ADOPTED, S.DECLINED, S.MERGED)
    ]
    for stage in expected:
        assert stage in stages, stage
    assert await models.TopicStep.filter(kind=models.TopicStepKind.AUTO_ESCALATED).exists()
    # every count is its support rows, a merge target's included, each resident once
    for topic in topics:
        supports = await models.TopicSupport.filter(topic_id=topic.id).values_list("resident_id")
        assert topic.supporter_count == len(supports) == len(set(supports)), topic.id
    assert await models.TopicFollow.exists()
    assert await models.TopicAgendaLink.exists()


async def test_an_account_raises_a_bounded_number_of_topics_a_day(api: Api, demo, monkeypatch):
    # given: a budget of 3 topics a day per account
    import resolvers.topics.raising as raising
    from resolvers.ratelimit import Budget

    monkeypatch.setattr(raising, "TOPICS_PER_ACCOUNT", Budget("topic-raise", 3, 86_400.0))
    places = await _places()
    before = await models.Topic.all().count()

    async def raise_as(user: str, title: str = "楼道灯不亮") -> list[str]:
        return await error_codes(api, RAISE, {"input": {
            "buildingId": gid(places["building"]), "title": title, "description": "坏了",
            "category": "PROPERTY"}}, user)  # fmt: skip

    # when: a malformed topic spends nothing, then resident1 raises four
    assert await raise_as("resident1", title="") == ["INVALID"]
    codes = [await raise_as("resident1") for _ in range(4)]
    # then: the fourth is RATE_LIMITED and not written; building1's budget is its own
    assert codes == [[], [], [], ["RATE_LIMITED"]]
    assert await models.Topic.all().count() == before + 3
    assert await raise_as("building1") == []
