"""Review of 1728c43 (live subscriptions follow moveOrgNode / moveResident): what held, and the
findings, fixed."""

from datetime import UTC, datetime, timedelta

import httpx

import models
from resolvers.live.bus import QUEUE_SIZE
from tests.api.alerts_helpers import event_body, make_device, post_event
from tests.api.test_live import (
    ALERT_RAISED,
    MOVE_NODE,
    Listening,
    building_of_street,
    community_of_street,
    grid_of_street,
    listening,
    moved_grid_and_case,
    second_community_of_street,
    street,
    submit,
)
from tests.helpers import Api, first_node_of, gid
from tests.live import CASE_CHANGED, Console

__all__ = ["listening"]  # the fixture, shared with test_live


async def open_alerts_at(building: models.OrgNode, count: int, escalated: bool = False) -> None:
    device, _ = await make_device(building)
    now = datetime.now(UTC)
    await models.Alert.bulk_create(
        [
            models.Alert(
                kind=models.AlarmKind.FALL,
                status=models.AlertStatus.ESCALATED if escalated else models.AlertStatus.RAISED,
                device_id=device.id,
                resident_id=device.resident_id,
                node_id=building.id,
                node_path=building.path,
                raised_at=now,
                deadline_at=now + timedelta(hours=1),
                escalated_at=now if escalated else None,
            )
            for _ in range(count)
        ]
    )


async def ids_until(console_: Console, wanted: str, wait: float = 3) -> list[str]:
    """Alert ids heard until `wanted` (TimeoutError when it never comes)."""
    heard: list[str] = []
    while True:
        data = await console_.next_data(wait)
        heard.append(data["alertRaised"]["id"])
        if heard[-1] == wanted:
            return heard


# ----------------------------------------------------------------------------- held


async def test_held_moved_alerts_reach_the_community_only_once_escalated(
    api: Api, listening: Listening, demo
) -> None:
    # given: an escalated and a raised open alert in a grid of the street's second community,
    # the first community listening, and the second street's community as a bystander
    community, other = await community_of_street(0), await second_community_of_street(0)
    grid = await first_node_of(models.OrgLevel.GRID, other)
    building = await first_node_of(models.OrgLevel.BUILDING, grid)
    await open_alerts_at(building, 1, escalated=True)
    await open_alerts_at(building, 1, escalated=False)
    escalated = await models.Alert.filter(node_id=building.id, escalated_at__isnull=False).first()
    assert escalated is not None
    await models.OrgNode.filter(id=grid.id).update(name="搬进来的网格")
    async with (
        listening("community1", ALERT_RAISED, community) as mine,
        listening("community2", ALERT_RAISED, await community_of_street(1)) as bystander,
        listening("building1", ALERT_RAISED, await building_of_street(0)) as steward,
    ):
        # when: the grid moves into the first community
        data = await api.gql(MOVE_NODE, {"id": gid(grid), "to": gid(community)}, as_="street1")
        assert data["moveOrgNode"]["errors"] == []
        # then: the community hears the escalated alerts (of that grid) only, the others nothing
        heard = []
        while True:
            try:
                heard.append((await mine.next_data(1))["alertRaised"])
            except TimeoutError:
                break
        assert heard
        assert gid(escalated) in {a["id"] for a in heard}
        escalated_ids = {gid(a) for a in await models.Alert.filter(escalated_at__isnull=False)}
        assert all(a["id"] in escalated_ids for a in heard)
        await bystander.silent(0.3)
        await steward.silent(0.3)


async def test_held_a_steward_whose_own_node_moved_keeps_hearing_it(
    api: Api, listening: Listening, demo
) -> None:
    # building1's grant node moves with the grid (a GRANT and a MOVE in one batch)
    grid = await grid_of_street(0)
    building = await first_node_of(models.OrgLevel.BUILDING, grid)
    async with (
        listening("building1", CASE_CHANGED, building) as steward,
        listening("grid1", CASE_CHANGED, grid) as leader,
        listening("street2", CASE_CHANGED, await street(1)) as other_street,
        listening("community1", CASE_CHANGED, await community_of_street(0)) as old_community,
    ):
        case = await moved_grid_and_case(api, grid)
        assert (await steward.next_data())["caseChanged"]["id"] == case["id"]
        assert (await leader.next_data())["caseChanged"]["id"] == case["id"]
        await other_street.silent(0.3)
        await old_community.silent(0.3)  # its community no longer holds the grid; not ended
        theirs = await submit(api, "resident2", 1, title="二号街道")
        assert (await other_street.next_data())["caseChanged"]["id"] == theirs["id"]


# ----------------------------------------------------------------------------- findings


async def test_a_move_with_more_open_alerts_than_a_queue_holds_still_reaches_its_subscribers(
    api: Api, listening: Listening, client: httpx.AsyncClient, demo
) -> None:
    grid, building = await grid_of_street(0), await building_of_street(0)
    await open_alerts_at(building, QUEUE_SIZE + 50)
    other = await second_community_of_street(0)
    await models.OrgNode.filter(id=grid.id).update(name="搬来的网格")
    async with listening("grid1", ALERT_RAISED, grid) as leader:
        data = await api.gql(MOVE_NODE, {"id": gid(grid), "to": gid(other)}, as_="street1")
        assert data["moveOrgNode"]["errors"] == []
        # when: a fresh SOS at the grid's (moved) building
        watch, secret = await make_device(await models.OrgNode.get(id=building.id))
        response = await post_event(client, watch.uid, secret, event_body("ALARM", alarm="SOS"))
        assert response.status_code == 202
        fresh = await models.Alert.filter(device_id=watch.id).first()
        assert fresh is not None
        # then: the grid leader, still subscribed to their own grid, hears it
        heard = await ids_until(leader, gid(fresh))
        assert len(heard) > 1  # and the open alerts announced again at their new place


async def test_a_node_moved_out_of_scope_ends_its_subscription_at_the_move(
    api: Api, listening: Listening, demo
) -> None:
    grid = await grid_of_street(0)
    other = await second_community_of_street(0)
    await models.OrgNode.filter(id=grid.id).update(name="搬来的网格")
    async with listening("community1", CASE_CHANGED, grid) as console_:
        data = await api.gql(MOVE_NODE, {"id": gid(grid), "to": gid(other)}, as_="street1")
        assert data["moveOrgNode"]["errors"] == []
        # then: it ends at once, without waiting for some other event
        ended = await console_.receive(5)
        assert ended["payload"]["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        assert (await console_.receive())["type"] == "complete"
