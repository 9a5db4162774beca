"""The whole of "楼栋听事、小区议事、社区决事" across its domains (issue 13): a resident's topic
climbs from the building to the community, the community council adopts it and adds a service
item for it, the building council revises its convention to match, and the building's public
page shows the result. At each step the users of sibling subtrees try the same and change
nothing."""

import models
from resolvers.ids import decode_global_id
from tests.api.test_meetings import CURRENT, DECIDE, DRAFT, PROPOSE, RECORD, _held
from tests.api.test_public_building import BY_ID
from tests.api.test_topics import ESCALATE, SUPPORT, TOPIC, _places, _strangers, raise_topic
from tests.helpers import Api, discard_open_drafts, error_codes, gid, ok

LIGHTS = "每月检查楼道照明"
SECTIONS = [
    {"section": "HYGIENE", "body": "楼道保持整洁，不堆放杂物。"},
    {"section": "NEIGHBOURLY_HELP", "body": f"邻里互助，{LIGHTS}，发现损坏及时报修。"},
]


async def _level_and_status(topic: str) -> tuple[str, str]:
    row = await models.Topic.get(id=decode_global_id(topic)[1])
    return str(row.level), str(row.status)


async def test_a_topic_becomes_a_service_item_and_a_convention_revision(api: Api, demo):
    # given: resident1 raises a topic at its building; users of every sibling subtree
    places = await _places()
    await _strangers(places)
    topic = await raise_topic(api, places["building"], title="楼道灯常坏")

    # the building hears it: a stranger of the sibling building neither supports nor escalates
    assert await error_codes(api, SUPPORT, {"id": topic}, "stranger") != []
    assert await error_codes(api, ESCALATE, {"id": topic}, "leader_b2") == ["NOT_FOUND"]
    assert await _level_and_status(topic) == ("BUILDING", "OPEN")
    await ok(api, ESCALATE, {"id": topic}, "building1")

    # the grid discusses it: the sibling grid's leader finds nothing
    assert await error_codes(api, ESCALATE, {"id": topic}, "leader_g2") == ["NOT_FOUND"]
    assert await _level_and_status(topic) == ("GRID", "OPEN")
    await ok(api, ESCALATE, {"id": topic}, "grid1")
    assert await _level_and_status(topic) == ("COMMUNITY", "OPEN")

    # the community decides: its council adopts the topic and adds a service item for it
    meeting, attendees = await _held(api, places["community"], "COMMUNITY_COUNCIL", "community1", 8)
    adopt = {"kind": "ADOPT_TOPIC", "title": "采纳：楼道灯常坏", "topicId": topic}
    items = [{"category": "SAFETY", "title": LIGHTS, "description": "网格员每月巡查"}]
    add = {"kind": "ADD_SERVICE_ITEMS", "title": "新增楼道照明巡查", "serviceItems": items}
    # the sibling community's admin cannot propose in this council
    assert await error_codes(api, PROPOSE, {"m": meeting, "input": adopt}, "admin_c2") == [
        "NOT_FOUND"
    ]
    resolutions = [
        (await ok(api, PROPOSE, {"m": meeting, "input": proposal}, "community1"))["resolution"][
            "id"
        ]
        for proposal in (adopt, add)
    ]
    for resolution in resolutions:
        for attendee in attendees[:6]:
            await ok(api, RECORD, {"r": resolution, "a": attendee, "c": "FOR"}, "community1")
    assert await error_codes(api, DECIDE, {"id": resolutions[0]}, "admin_c2") == ["NOT_FOUND"]
    await ok(api, DECIDE, {"id": resolutions[0]}, "community1")
    added = (await ok(api, DECIDE, {"id": resolutions[1]}, "community1"))["resolution"]
    assert [item["title"] for item in added["serviceItems"]] == [LIGHTS]
    shown = (await api.gql(TOPIC, {"id": topic}, as_="resident1"))["topic"]
    assert shown["status"] == "ADOPTED"
    assert [step["kind"] for step in shown["steps"]] == [
        "RAISED", "ESCALATED", "ESCALATED", "ADOPTED",
    ]  # fmt: skip

    # the building revises its convention: drafted by its leader, adopted by its council
    building = places["building"]
    await discard_open_drafts(building.id)
    revision = {"title": "楼栋公约（照明修订）", "sections": SECTIONS}
    assert await error_codes(api, DRAFT, {"b": gid(building), "input": revision}, "leader_b2") == [
        "NOT_FOUND"
    ]
    draft = (await ok(api, DRAFT, {"b": gid(building), "input": revision}, "building1"))["version"]
    council, present = await _held(api, building, "BUILDING_COUNCIL", "building1", 6)
    adopting = {
        "kind": "ADOPT_CONVENTION",
        "title": "通过公约修订",
        "conventionVersionId": draft["id"],
    }
    resolution = (await ok(api, PROPOSE, {"m": council, "input": adopting}, "building1"))[
        "resolution"
    ]["id"]
    for attendee in present[:6]:  # the residents (the property company attends, not votes)
        await ok(api, RECORD, {"r": resolution, "a": attendee, "c": "FOR"}, "building1")
    assert await error_codes(api, DECIDE, {"id": resolution}, "leader_b2") == ["NOT_FOUND"]
    # building1 drafted it: another who runs the meeting, the grid's leader, decides it
    assert await error_codes(api, DECIDE, {"id": resolution}, "building1") == ["FORBIDDEN"]
    await ok(api, DECIDE, {"id": resolution}, "grid1")
    current = (await api.gql(CURRENT, {"b": gid(building)}, as_="resident1"))["currentConvention"]
    assert current["id"] == draft["id"]

    # and anyone at the entrance reads the result on the building's public page
    page = (await api.gql(BY_ID, {"id": gid(building)}))["publicBuildingById"]
    assert LIGHTS in [item["title"] for item in page["serviceItems"]]
    assert page["convention"]["title"] == "楼栋公约（照明修订）"
    assert any(LIGHTS in section["body"] for section in page["convention"]["sections"])
    # while the sibling building's page shows its own convention, not this one
    other = (await api.gql(BY_ID, {"id": gid(places["sibling_building"])}))["publicBuildingById"]
    assert (other["convention"] or {}).get("title") != "楼栋公约（照明修订）"
