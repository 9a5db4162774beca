"""Subscriptions (issue 14) over graphql-transport-ws on /graphql: each subscriber hears only
what it may read (sibling subtrees never), a bad token is refused with 4403, a node out of
scope is NOT_FOUND as a missing one, and a revoked grant stops delivery."""

import dataclasses
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

import models
from app.main import create_app
from app.settings import Settings
from models.workflows import alerts as workflow
from models.workflows.alerts import AlertRules
from resolvers.alerts.sweep import sweep_alerts
from resolvers.context import Services
from resolvers.live.events import publishing
from tests.api.alerts_helpers import event_body, make_device, post_event
from tests.api.test_cases import STEPS, SUBMIT
from tests.helpers import Api, first_node_of, gid, node_named
from tests.live import CASE_CHANGED, NOTICE_PUBLISHED, Console, console, until


async def street(index: int) -> models.OrgNode:
    return await node_named(models.OrgLevel.STREET, index)


async def community_of_street(index: int) -> models.OrgNode:
    return await first_node_of(models.OrgLevel.COMMUNITY, await street(index))


async def building_of_street(index: int) -> models.OrgNode:
    return await first_node_of(models.OrgLevel.BUILDING, await street(index))


async def grid_of_street(index: int) -> models.OrgNode:
    return await first_node_of(models.OrgLevel.GRID, await street(index))


async def submit(
    api: Api, as_: str, street_index: int, kind: str = "DEMAND", title: str = "灯坏了"
) -> dict[str, Any]:
    building = await building_of_street(street_index)
    variables = {"input": {"kind": kind, "nodeId": gid(building), "title": title,
                           "description": "三楼楼道灯坏了"}}  # fmt: skip
    if kind == "DISPUTE":
        variables["input"]["parties"] = "301 与 302"
    data = await api.gql(SUBMIT, variables, as_=as_)
    assert data["submitCase"]["errors"] == [], data
    case: dict[str, Any] = data["submitCase"]["case"]
    return case


async def subscribed(services: Services, live: Console, query: str, variables: dict[str, Any]):
    before = services.live.subscriber_count
    await live.subscribe(query, variables)
    await until(lambda: services.live.subscriber_count > before)


Listening = Callable[..., AbstractAsyncContextManager[Console]]


@pytest.fixture
def listening(api: Api, app: Any, services: Services) -> Listening:
    """`listening(user, subscription, node, **more)`: a console signed in as `user`, subscribed
    to `subscription` at `node` (with the `more` variables), once the server counts it."""

    @asynccontextmanager
    async def listen(
        user: str, query: str, node: models.OrgNode, **more: Any
    ) -> AsyncIterator[Console]:
        async with console(app, token=await api.token(user)) as live:
            await subscribed(services, live, query, {"node": gid(node), **more})
            yield live

    return listen


async def test_sibling_subtrees_hear_only_their_own_cases(
    api: Api, listening: Listening, demo
) -> None:
    # given: the first community of each street subscribed to its own community's cases
    one, two = await community_of_street(0), await community_of_street(1)
    async with (
        listening("community1", CASE_CHANGED, one) as first,
        listening("community2", CASE_CHANGED, two) as second,
    ):
        # when: a resident of each street submits a case, and the first is accepted
        mine = await submit(api, "resident1", 0, title="一号街道的灯")
        theirs = await submit(api, "resident2", 1, title="二号街道的灯")
        accepted = await api.gql(STEPS["acceptCase"], {"id": mine["id"]}, as_="community1")
        assert accepted["acceptCase"]["errors"] == []
        # then: each hears its own, in order, and nothing of the other street
        heard = (await first.next_data())["caseChanged"]
        assert (heard["id"], heard["status"], heard["title"]) == (
            mine["id"],
            "SUBMITTED",
            "一号街道的灯",
        )
        assert (await first.next_data())["caseChanged"]["status"] == "ACCEPTED"
        assert (await second.next_data())["caseChanged"]["id"] == theirs["id"]
        await first.silent(0.3)
        await second.silent(0.3)


async def test_a_grid_leader_does_not_hear_disputes_and_kinds_filter(
    api: Api, listening: Listening, demo
) -> None:
    grid = await grid_of_street(0)
    async with (
        listening("grid1", CASE_CHANGED, grid) as leader,
        listening("community1", CASE_CHANGED, grid, kinds=["DISPUTE"]) as community,
    ):
        dispute = await submit(api, "resident1", 0, kind="DISPUTE", title="邻里纠纷")
        demand = await submit(api, "resident1", 0, title="修灯")
        # the grid leader may not read disputes: the next thing heard is the demand
        assert (await leader.next_data())["caseChanged"]["id"] == demand["id"]
        # the community admin asked for disputes only
        assert (await community.next_data())["caseChanged"]["id"] == dispute["id"]
        await community.silent(0.3)


CREATE_NOTICE = """
mutation C($input: CreateNoticeInput!) {
  createNotice(input: $input) { notice { id title } errors { code field message } }
}
"""


async def post_notice(api: Api, as_: str, node: models.OrgNode, title: str) -> str:
    data = await api.gql(
        CREATE_NOTICE,
        {"input": {"nodeId": gid(node), "kind": "GENERAL", "title": title, "body": "正文"}},
        as_=as_,
    )
    assert data["createNotice"]["errors"] == [], data
    notice_id: str = data["createNotice"]["notice"]["id"]
    return notice_id


async def test_notices_reach_their_subtree_and_the_residents_below_only(
    api: Api, listening: Listening, demo
) -> None:
    one, two = await community_of_street(0), await community_of_street(1)
    building = await building_of_street(0)
    async with (
        listening("community2", NOTICE_PUBLISHED, two) as second,
        # a resident subscribes at their building: notices above it concern them too
        listening("resident1", NOTICE_PUBLISHED, building) as resident,
    ):
        first_notice = await post_notice(api, "community1", one, "一社区停水通知")
        second_notice = await post_notice(api, "community2", two, "二社区停电通知")
        heard = (await resident.next_data())["noticePublished"]
        assert (heard["id"], heard["current"]) == (first_notice, True)
        assert (await second.next_data())["noticePublished"]["id"] == second_notice
        await resident.silent(0.3)


async def test_a_scheduled_notice_is_heard_when_its_time_comes(
    api: Api, listening: Listening, services: Services, demo
) -> None:
    one = await community_of_street(0)
    async with listening("community1", NOTICE_PUBLISHED, one) as first:
        # given: a notice scheduled an hour ahead: not heard when posted
        ahead = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
        data = await api.gql(
            CREATE_NOTICE,
            {"input": {"nodeId": gid(one), "kind": "GENERAL", "title": "下周一停水",
                       "body": "正文", "publishedAt": ahead}},
            as_="community1",
        )  # fmt: skip
        assert data["createNotice"]["errors"] == [], data
        await first.silent(0.3)
        # when: its time comes (moved to a moment ago) and the clock looks
        notice = await models.Notice.get(title="下周一停水")
        moment = datetime.now(UTC)
        await models.Notice.filter(id=notice.pk).update(published_at=moment)
        await services.live.tick(notice.created_at)
        # then: heard once, and not again at the next look
        assert (await first.next_data())["noticePublished"]["id"] == data["createNotice"]["notice"][
            "id"
        ]
        await services.live.tick(moment)
        await first.silent(0.3)


@pytest.mark.parametrize(
    "payload",
    [
        None,
        {},
        {"authorization": "Bearer not-a-token"},
        {"authorization": "Basic abc"},
        {"token": ""},
    ],
)
async def test_a_connection_without_a_good_token_is_closed_4403(
    api: Api, app: Any, payload, demo
) -> None:
    async with console(app) as anonymous:
        await anonymous.ws.send_json(
            {"type": "connection_init", **({"payload": payload} if payload is not None else {})}
        )
        assert await anonymous.closed_with() == 4403


async def test_a_logged_out_token_is_closed_4403_and_variants_are_accepted(
    api: Api, app: Any, demo
) -> None:
    token = await api.token("community1")
    for payload in (
        {"Authorization": f"Bearer {token}"},
        {"headers": {"Authorization": f"Bearer {token}"}},
        {"token": token},
    ):
        async with console(app) as live:
            assert (await live.init(payload))["type"] == "connection_ack"
    await api.gql("mutation { logout { errors { code } } }", as_="community1")
    async with console(app) as live:
        await live.ws.send_json({"type": "connection_init", "payload": {"token": token}})
        assert await live.closed_with() == 4403


async def test_subscribing_before_init_is_4401(app: Any, demo) -> None:
    async with console(app) as live:
        await live.subscribe(CASE_CHANGED, {"node": "x"})
        assert await live.closed_with() == 4401


NOT_FOUND_CASES = [("out of scope", 1), ("missing", None)]


async def test_a_node_out_of_scope_answers_as_a_missing_one(
    api: Api, app: Any, services: Services, demo
) -> None:
    two = await community_of_street(1)
    missing = gid(models.OrgNode(id=999_999))
    async with console(app, token=await api.token("community1")) as first:
        answers = []
        for node in (gid(two), missing):
            op_id = await first.subscribe(CASE_CHANGED, {"node": node})
            message = await first.receive()
            assert message["id"] == op_id
            answers.append((message["type"], message["payload"]))
        assert answers[0] == answers[1]
        kind, payload = answers[0]
        assert kind == "error", answers
        assert payload[0]["extensions"]["code"] == "NOT_FOUND"
        assert services.live.subscriber_count == 0


async def test_queries_and_mutations_go_over_http_only(api: Api, app: Any, demo) -> None:
    async with console(app, token=await api.token("community1")) as first:
        op_id = await first.subscribe("query { me { username } }", {})
        message = await first.receive()
        assert (message["id"], message["type"]) == (op_id, "error")
        assert message["payload"][0]["extensions"]["code"] == "BAD_REQUEST"


REVOKE = "mutation R($id: ID!) { revokeRole(id: $id) { errors { code } } }"


async def test_a_revoked_grant_stops_delivery(api: Api, listening: Listening, demo) -> None:
    one = await community_of_street(0)
    grant = await models.RoleGrant.get(user__username="community1", revoked_at__isnull=True)
    async with (
        listening("community1", CASE_CHANGED, one) as first,
        listening("street1", CASE_CHANGED, one) as control,
    ):
        before = await submit(api, "resident1", 0, title="撤销前")
        assert (await first.next_data())["caseChanged"]["id"] == before["id"]
        assert (await control.next_data())["caseChanged"]["id"] == before["id"]
        # when: the grant is revoked, then another case comes in
        revoked = await api.gql(REVOKE, {"id": gid(grant)}, as_="admin")
        assert revoked["revokeRole"]["errors"] == []
        after = await submit(api, "resident1", 0, title="撤销后")
        # then: the control hears it, the revoked subscriber does not
        assert (await control.next_data())["caseChanged"]["id"] == after["id"]
        await first.silent(0.5)


async def test_too_many_subscriptions_on_one_connection_are_refused(
    api: Api, app: Any, services: Services, settings: Settings, demo
) -> None:
    one = await community_of_street(0)
    async with console(app, token=await api.token("community1")) as first:
        for _ in range(settings.live_max_subscriptions):
            await subscribed(services, first, CASE_CHANGED, {"node": gid(one)})
        op_id = await first.subscribe(CASE_CHANGED, {"node": gid(one)})
        message = await first.receive()
        assert (message["id"], message["type"]) == (op_id, "error")


ALERT_RAISED = """
subscription A($node: ID!) { alertRaised(nodeId: $node) { id kind status node { id } } }
"""


async def test_alerts_reach_the_buildings_stewards_then_the_community_once_escalated(
    api: Api, listening: Listening, client: httpx.AsyncClient, services: Services, demo
) -> None:
    # given: each street's first building leader at their building, the first community admin
    mine, theirs = await building_of_street(0), await building_of_street(1)
    community = await community_of_street(0)
    # the demo's own alerts and quiet doors swept first, unheard: only this test's are left
    await sweep_alerts(AlertRules(), datetime.now(UTC) + timedelta(days=2))
    watch, secret = await make_device(mine)
    other_watch, other_secret = await make_device(theirs)
    door, _ = await make_device(mine, models.DeviceKind.DOOR_SENSOR)
    async with (
        listening("building1", ALERT_RAISED, mine) as steward,
        listening("building2", ALERT_RAISED, theirs) as neighbour,
        listening("community1", ALERT_RAISED, community) as admin,
    ):
        # when: a signed SOS from the elder's watch, then one in the other street
        body = event_body("ALARM", alarm="SOS")
        assert (await post_event(client, watch.uid, secret, body)).status_code == 202
        other = event_body("ALARM", alarm="FALL")
        response = await post_event(client, other_watch.uid, other_secret, other)
        assert response.status_code == 202
        # then: each steward hears their own elder's alert only; the community nothing yet
        heard = (await steward.next_data())["alertRaised"]
        assert (heard["kind"], heard["status"], heard["node"]["id"]) == ("SOS", "RAISED", gid(mine))
        assert (await neighbour.next_data())["alertRaised"]["kind"] == "FALL"
        # when: the door stays shut a day, and the SOS is left unacknowledged past its deadline
        now = datetime.now(UTC)
        await models.Device.filter(id=door.id).update(last_door_activity_at=now - timedelta(days=2))
        await models.Alert.filter(device_id=watch.id).update(deadline_at=now + timedelta(hours=1))
        await models.Alert.filter(device_id=other_watch.id).update(
            deadline_at=now + timedelta(days=1)
        )
        async with publishing(services.live):
            swept = await sweep_alerts(AlertRules(), now + timedelta(hours=1))
        assert (swept.escalated, swept.doors_raised) == (1, 1)
        # then: the steward hears the quiet door and the escalation; the community hears the
        # escalated SOS only (not the door, which is not escalated); the neighbour nothing
        kinds = {
            (a["kind"], a["status"])
            for a in [(await steward.next_data())["alertRaised"] for _ in range(2)]
        }
        assert kinds == {("SOS", "ESCALATED"), ("DOOR_NOT_OPENED", "RAISED")}
        escalated = (await admin.next_data())["alertRaised"]
        assert (escalated["id"], escalated["status"]) == (heard["id"], "ESCALATED")
        await admin.silent(0.3)
        await neighbour.silent(0.3)


async def test_a_volunteer_hears_only_cases_waiting_to_be_claimed(
    api: Api, listening: Listening, demo
) -> None:
    grid = await grid_of_street(0)
    async with listening("volunteer1", CASE_CHANGED, grid) as volunteer:
        # a new case is not theirs to read; once accepted it waits to be claimed
        case = await submit(api, "resident1", 0, title="帮忙买菜")
        accepted = await api.gql(STEPS["acceptCase"], {"id": case["id"]}, as_="community1")
        assert accepted["acceptCase"]["errors"] == []
        heard = (await volunteer.next_data())["caseChanged"]
        assert (heard["id"], heard["status"]) == (case["id"], "ACCEPTED")
        await volunteer.silent(0.3)


async def test_a_logout_ends_the_subscription_with_unauthenticated(
    api: Api, listening: Listening, services: Services, demo
) -> None:
    one = await community_of_street(0)
    async with listening("community1", CASE_CHANGED, one) as first:
        await api.gql("mutation { logout { errors { code } } }", as_="community1")
        await submit(api, "resident1", 0, title="登出之后")
        message = await first.receive()
        assert message["type"] == "next"
        assert message["payload"]["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert (await first.receive())["type"] == "complete"
        await until(lambda: services.live.subscriber_count == 0)


async def test_a_connection_that_never_signs_in_is_closed_4408(settings: Settings) -> None:
    quick = dataclasses.replace(settings, live_init_seconds=0.2)
    async with LifespanManager(create_app(quick)) as running, console(running.app) as silent:
        assert await silent.closed_with() == 4408


async def test_a_refused_step_announces_nothing(api: Api, listening: Listening, demo):
    one = await community_of_street(0)
    async with listening("community1", CASE_CHANGED, one) as first:
        case = await submit(api, "resident1", 0, title="只受理一次")
        assert (await first.next_data())["caseChanged"]["status"] == "SUBMITTED"
        for expected in ([], ["INVALID_TRANSITION"]):
            data = await api.gql(STEPS["acceptCase"], {"id": case["id"]}, as_="community1")
            assert [e["code"] for e in data["acceptCase"]["errors"]] == expected
        assert (await first.next_data())["caseChanged"]["status"] == "ACCEPTED"
        await first.silent(0.3)  # the refused second acceptance rolled back: nothing heard


MOVE_NODE = """
mutation M($id: ID!, $to: ID!) { moveOrgNode(id: $id, newParentId: $to) { errors { code } } }
"""
MOVE_RESIDENT = """
mutation M($id: ID!, $to: ID!) { moveResident(id: $id, householdId: $to) { errors { code } } }
"""


async def second_community_of_street(index: int) -> models.OrgNode:
    street_node = await street(index)
    communities = models.OrgNode.filter(
        level=models.OrgLevel.COMMUNITY, path__startswith=street_node.path
    )
    other = await communities.order_by("id").offset(1).first()
    assert other is not None
    return other


async def moved_grid_and_case(api: Api, grid: models.OrgNode) -> dict[str, Any]:
    """The grid moved (by its street's admin) under the street's second community, then a case
    submitted at a building in it."""
    other = await second_community_of_street(0)
    assert not grid.path.startswith(other.path)
    # (named apart from the grids already there: siblings' names are unique)
    await models.OrgNode.filter(id=grid.id).update(name="搬来的网格")
    data = await api.gql(MOVE_NODE, {"id": gid(grid), "to": gid(other)}, as_="street1")
    assert data["moveOrgNode"]["errors"] == []
    assert (await building_of_street(0)).path.startswith(f"{other.path}{grid.id}/")
    return await submit(api, "resident1", 0, title="搬走的网格")


async def test_a_subscription_follows_its_node_when_the_node_moves(
    api: Api, listening: Listening, demo
) -> None:
    # given: the street listening to its first grid (the first building of the street is in it)
    grid = await grid_of_street(0)
    assert (await building_of_street(0)).path.startswith(grid.path)
    async with listening("street1", CASE_CHANGED, grid) as console_:
        # when: the grid moves to another community, and a case is submitted in it
        case = await moved_grid_and_case(api, grid)
        # then: heard at the grid's new place
        assert (await console_.next_data())["caseChanged"]["id"] == case["id"]


async def test_a_node_moved_out_of_scope_ends_its_subscriptions_with_not_found(
    api: Api, listening: Listening, services: Services, demo
) -> None:
    # given: the first community listening to its first grid
    grid = await grid_of_street(0)
    async with listening("community1", CASE_CHANGED, grid) as console_:
        # when: the grid moves to the street's second community, and a case is submitted in it
        await moved_grid_and_case(api, grid)
        # then: the case is not heard; the subscription ends as for a missing node
        message = await console_.receive()
        assert message["type"] == "next"
        assert message["payload"]["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        assert (await console_.receive())["type"] == "complete"
        await until(lambda: services.live.subscriber_count == 0)


async def test_open_alerts_moving_with_their_elder_are_heard_at_the_new_building(
    api: Api, listening: Listening, client: httpx.AsyncClient, demo
) -> None:
    # given: an elder of the first street with an open alert, the second street's steward
    mine, theirs = await building_of_street(0), await building_of_street(1)
    watch, secret = await make_device(mine)
    response = await post_event(client, watch.uid, secret, event_body("ALARM", alarm="SOS"))
    assert response.status_code == 202
    home = await models.Household.filter(building_id=theirs.id, active=True).first()
    assert home is not None
    async with listening("building2", ALERT_RAISED, theirs) as steward:
        # when: the elder moves to the steward's building
        elder = {"id": gid(await models.Resident.get(id=watch.resident_id)), "to": gid(home)}
        moved = await api.gql(MOVE_RESIDENT, elder, as_="admin")
        assert moved["moveResident"]["errors"] == []
        # then: the steward hears each of the elder's open alerts, at their building
        open_alerts = await models.Alert.filter(
            resident_id=watch.resident_id, status__in=list(workflow.OPEN)
        )
        assert open_alerts
        heard = [(await steward.next_data())["alertRaised"] for _ in open_alerts]
        assert {a["id"] for a in heard} == {gid(alert) for alert in open_alerts}
        assert {a["node"]["id"] for a in heard} == {gid(theirs)}
        await steward.silent(0.3)
