"""Outside review of issue 14 (elder care): findings as strict xfail tests."""

import models
from tests.api.alerts_helpers import event_body, first_building, make_device, post_event
from tests.helpers import Api, gid

MOVE = """
mutation M($id: ID!, $household: ID!) {
  moveResident(id: $id, householdId: $household) { resident { id } errors { code field message } }
}
"""
DEVICES = """
query D { devices(first: 50) { edges { node { id lastVitalSigns { heartRate } } } } }
"""


async def test_an_elder_who_moved_is_not_watched_by_the_old_buildings_steward(
    api: Api, client, demo
) -> None:
    old = await first_building(0)  # building1's building
    device, secret = await make_device(old)
    # The elder moves to a household of a building in another grid (admin moves them).
    other_grid_building = (
        await models.OrgNode.filter(
            level=models.OrgLevel.BUILDING, path__startswith=old.path.split("/", 3)[0] + "/"
        )
        .exclude(parent_id=old.parent_id)
        .order_by("id")
        .first()
    )
    assert other_grid_building is not None
    target = await models.Household.filter(building_id=other_grid_building.id).first()
    assert target is not None
    elder = await models.Resident.get(id=device.resident_id)
    moved = await api.gql(MOVE, {"id": gid(elder), "household": gid(target)}, as_="admin")
    assert moved["moveResident"]["errors"] == []
    response = await post_event(
        client, device.uid, secret,
        event_body("ALARM", alarm="FALL", readings={"heartRate": 41}),
    )  # fmt: skip
    assert response.status_code == 202
    alert = await models.Alert.filter(device_id=device.id).order_by("-id").first()
    assert alert is not None
    # The alert should reach the elder's building now, not the one they left ...
    assert alert.node_id == other_grid_building.id
    # ... and the old building's steward should no longer read the elder's vital signs.
    seen = await api.gql(DEVICES, as_="building1")
    assert gid(device) not in {edge["node"]["id"] for edge in seen["devices"]["edges"]}
