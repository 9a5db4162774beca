"""Notices (公告, 公示), issue 13: who reads which (sibling subtrees, residents' building and
the nodes above, scheduled and expired ones), the points notices among them, the lifecycle
(scheduled -> published -> withdrawn) and bad input (a UserError, nothing written)."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import models
import resolvers.notices.reading as reading
from models.workflows.notices import is_current
from resolvers.validation import today
from tests.helpers import Api, first_node_of, gid, node_named

NOTICES = """
query N($filter: NoticeFilter, $first: Int, $after: String, $order: NoticeOrder) {
  notices(filter: $filter, first: $first, after: $after, orderBy: $order) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id kind title current node { id } pointsNotice { id title } } }
  }
}
"""
CREATE = """
mutation C($input: CreateNoticeInput!) {
  createNotice(input: $input) { notice { id title current publishedAt expiresAt }
    errors { code field message } }
}
"""
UPDATE = """
mutation U($id: ID!, $input: UpdateNoticeInput!) {
  updateNotice(id: $id, input: $input) { notice { id title expiresAt }
    errors { code field message } }
}
"""
WITHDRAW = """
mutation W($id: ID!) {
  withdrawNotice(id: $id) { notice { id withdrawnAt current } errors { code field message } }
}
"""
PUBLISH_POINTS = """
mutation P($n: ID!, $q: String!) {
  publishPointsNotice(nodeId: $n, quarter: $q, subject: HOUSEHOLDS) {
    notice { id title } errors { code }
  }
}
"""


async def ids_seen(api: Api, user: str, filter: dict[str, Any] | None = None) -> set[int]:
    seen: set[int] = set()
    after = None
    while True:
        variables = {"filter": filter, "first": 100, "after": after}
        data = (await api.gql(NOTICES, variables, as_=user))["notices"]
        for edge in data["edges"]:
            type_name, pk = _decode(edge["node"]["id"])
            assert type_name == "Notice"
            seen.add(pk)
        if not data["pageInfo"]["hasNextPage"]:
            return seen
        after = data["pageInfo"]["endCursor"]


def _decode(global_id: str) -> tuple[str, int]:
    from resolvers.ids import decode_global_id

    return decode_global_id(global_id)


def ahead(**delta: float) -> str:
    return (datetime.now(UTC) + timedelta(**delta)).isoformat()


async def resident_building(username: str) -> models.OrgNode:
    resident = await models.Resident.filter(user__username=username).order_by("id").first()
    assert resident is not None
    household = await models.Household.get(id=resident.household_id)
    return await models.OrgNode.get(id=household.building_id)


async def test_a_resident_reads_the_current_notices_of_their_building_and_above(api: Api, demo):
    # given: resident1's building, and what the seed holds at it and above
    building = await resident_building("resident1")
    now = datetime.now(UTC)
    rows = await models.Notice.filter(node_id__in=models.path_ids(building.path))
    expected = {n.id for n in rows if is_current(n.published_at, n.expires_at, n.withdrawn_at, now)}
    hidden = {n.id for n in rows} - expected
    # when
    seen = await ids_seen(api, "resident1")
    # then: exactly the current ones at their building, grid, community and street
    assert seen == expected
    assert expected  # the demo holds some
    assert hidden  # and some scheduled or expired, which stay hidden
    levels = set(await models.Notice.filter(id__in=seen).values_list("node__level", flat=True))
    assert {models.OrgLevel.STREET, models.OrgLevel.COMMUNITY} <= levels


async def test_nothing_of_a_sibling_subtree(api: Api, demo):
    # given: every notice of the demo
    everything = await models.Notice.all().values("id", "node_path", "node_id")
    now = datetime.now(UTC)
    current = {
        n.id
        for n in await models.Notice.all()
        if is_current(n.published_at, n.expires_at, n.withdrawn_at, now)
    }
    for user in ("building1", "grid1", "community1", "community2", "grid2"):
        grant = await models.RoleGrant.get(user__username=user).select_related("node")
        assert grant.node is not None
        path = grant.node.path
        above = set(models.path_ids(path))
        # when
        seen = await ids_seen(api, user)
        # then: all in their subtree, the current ones above, nothing else
        inside = {n["id"] for n in everything if n["node_path"].startswith(path)}
        over = {n["id"] for n in everything if n["node_id"] in above} & current
        assert seen == inside | over, user
        assert inside, user


async def test_points_notices_appear_in_the_list(api: Api, demo):
    # given: the seed's points notice, listed
    seeded = await models.PointsNotice.all()
    assert seeded
    listed = await ids_seen(api, "community1", {"kind": ["POINTS"]})
    linked = set(
        await models.Notice.filter(points_notice_id__in=[p.id for p in seeded]).values_list(
            "id", flat=True
        )
    )
    assert linked <= listed
    # when: a new one is published at grid1's grid
    grid = await node_named(models.OrgLevel.GRID)
    last = (today().month - 1) // 3
    quarter = f"{today().year}Q{last}" if last else f"{today().year - 1}Q4"
    published = await api.gql(PUBLISH_POINTS, {"n": gid(grid), "q": quarter}, as_="community1")
    points_id = published["publishPointsNotice"]["notice"]["id"]
    # then: its notice is in the list, linked to it, for staff and for the grid's residents
    data = await api.gql(NOTICES, {"filter": {"kind": ["POINTS"], "nodeId": gid(grid)}},
                         as_="grid1")  # fmt: skip
    edges = data["notices"]["edges"]
    assert [e["node"]["pointsNotice"]["id"] for e in edges] == [points_id]
    assert edges[0]["node"]["current"] is True
    building = await resident_building("resident1")
    if building.path.startswith(grid.path):
        assert _decode(edges[0]["node"]["id"])[1] in await ids_seen(api, "resident1")


async def test_a_notice_from_scheduled_to_withdrawn(api: Api, demo, monkeypatch):
    # given: building1 schedules a notice at its building for tomorrow
    building = await resident_building("resident1")
    created = (await api.gql(CREATE, {"input": {
        "nodeId": gid(building), "kind": "PUBLIC_NOTICE", "title": "  电梯  维修公示 ",
        "body": "第一行\n第二行", "publishedAt": ahead(days=1), "expiresAt": ahead(days=8),
    }}, as_="building1"))["createNotice"]  # fmt: skip
    assert created["errors"] == []
    notice = created["notice"]
    assert notice["title"] == "电梯 维修公示"
    assert notice["current"] is False
    pk = _decode(notice["id"])[1]
    # then: residents do not see it yet, staff do
    assert pk not in await ids_seen(api, "resident1")
    assert pk in await ids_seen(api, "building1")
    # when: it is changed while scheduled
    changed = await api.gql(UPDATE, {"id": notice["id"], "input": {"title": "电梯维修公示（改）"}},
                            as_="building1")  # fmt: skip
    assert changed["updateNotice"]["errors"] == []
    # and the day comes
    later = datetime.now(UTC) + timedelta(days=2)
    monkeypatch.setattr(reading, "now", lambda: later)
    monkeypatch.setattr("resolvers.notices.writing.now", lambda: later)
    # then: residents read it
    assert pk in await ids_seen(api, "resident1")
    # and its content no longer changes, its expiry does
    refused = await api.gql(UPDATE, {"id": notice["id"], "input": {"body": "改正文"}},
                            as_="building1")  # fmt: skip
    assert refused["updateNotice"]["errors"][0]["code"] == "CONFLICT"
    moved = await api.gql(UPDATE, {"id": notice["id"], "input": {"expiresAt": ahead(days=20)}},
                          as_="building1")  # fmt: skip
    assert moved["updateNotice"]["errors"] == []
    # when: the grid leader withdraws it
    withdrawn = (await api.gql(WITHDRAW, {"id": notice["id"]}, as_="grid1"))["withdrawNotice"]
    assert withdrawn["errors"] == []
    assert withdrawn["notice"]["current"] is False
    # then: residents no longer see it, staff still do; a second withdrawal is CONFLICT
    assert pk not in await ids_seen(api, "resident1")
    assert pk in await ids_seen(api, "building1", {"current": False})
    again = (await api.gql(WITHDRAW, {"id": notice["id"]}, as_="grid1"))["withdrawNotice"]
    assert again["errors"][0]["code"] == "CONFLICT"


async def test_an_expired_notice_leaves_the_residents_list(api: Api, demo, monkeypatch):
    building = await resident_building("resident1")
    created = (await api.gql(CREATE, {"input": {
        "nodeId": gid(building), "kind": "GENERAL", "title": "停电通知",
        "expiresAt": ahead(hours=1),
    }}, as_="building1"))["createNotice"]  # fmt: skip
    pk = _decode(created["notice"]["id"])[1]
    assert pk in await ids_seen(api, "resident1")
    later = datetime.now(UTC) + timedelta(hours=2)
    monkeypatch.setattr(reading, "now", lambda: later)
    assert pk not in await ids_seen(api, "resident1")
    assert pk in await ids_seen(api, "building1")


BAD_INPUTS = [
    ({"title": ""}, "INVALID", "title"),
    ({"title": "标" * 201}, "INVALID", "title"),
    ({"title": "含\u202e控制符"}, "INVALID", "title"),
    ({"body": "正" * 5001}, "INVALID", "body"),
    ({"body": "正文\u0007"}, "INVALID", "body"),
    ({"kind": "POINTS"}, "INVALID", "kind"),
    ({"publishedAt": "PAST+400"}, "INVALID", "publishedAt"),
    ({"expiresAt": "PAST-1"}, "INVALID", "expiresAt"),
    ({"publishedAt": "PAST-1"}, "INVALID", "publishedAt"),
    ({"nodeId": "T3JnTm9kZTo5OTk5OTk="}, "NOT_FOUND", "nodeId"),
    ({"nodeId": "not-an-id"}, "INVALID", "nodeId"),
]


@pytest.mark.parametrize(("change", "code", "field"), BAD_INPUTS)
async def test_bad_input_writes_nothing(api: Api, demo, change, code, field):
    # given
    building = await resident_building("resident1")
    notice = {"nodeId": gid(building), "kind": "GENERAL", "title": "通知", "body": ""}
    for key, value in change.items():
        if value == "PAST+400":
            value = ahead(days=400)
        elif value == "PAST-1":
            value = ahead(days=-1)
        notice[key] = value
    before = await models.Notice.all().count()
    # when
    payload = (await api.gql(CREATE, {"input": notice}, as_="building1"))["createNotice"]
    # then
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)]
    assert payload["notice"] is None
    assert await models.Notice.all().count() == before


async def test_who_may_write_where(api: Api, demo):
    # given: a notice at building1's building
    building = await resident_building("resident1")
    created = (await api.gql(CREATE, {"input": {
        "nodeId": gid(building), "kind": "GENERAL", "title": "通知",
        "publishedAt": ahead(days=1)}}, as_="building1"))["createNotice"]  # fmt: skip
    notice_id = created["notice"]["id"]
    before = await models.Notice.all().values_list("id", "title", "withdrawn_at")
    # then: out of scope it looks missing; in read scope without write, FORBIDDEN
    for user, code in (("building2", "NOT_FOUND"), ("community2", "NOT_FOUND"),
                       ("resident1", "NOT_FOUND"), ("auditor1", "FORBIDDEN")):  # fmt: skip
        changed = await api.gql(UPDATE, {"id": notice_id, "input": {"title": "改"}}, as_=user)
        assert changed["updateNotice"]["errors"][0]["code"] == code, user
        withdrawn = await api.gql(WITHDRAW, {"id": notice_id}, as_=user)
        assert withdrawn["withdrawNotice"]["errors"][0]["code"] == code, user
    for user, code in (("resident1", "FORBIDDEN"), ("auditor1", "FORBIDDEN"),
                       ("building2", "NOT_FOUND"), ("volunteer1", "FORBIDDEN")):  # fmt: skip
        new = {"nodeId": gid(building), "kind": "GENERAL", "title": "通知"}
        payload = (await api.gql(CREATE, {"input": new}, as_=user))["createNotice"]
        assert payload["errors"][0]["code"] == code, user
    assert await models.Notice.all().values_list("id", "title", "withdrawn_at") == before


async def test_points_notices_never_change_here(api: Api, demo):
    notice = await models.Notice.filter(kind=models.NoticeKind.POINTS).first()
    assert notice is not None
    notice_id = gid(notice)
    changed = await api.gql(UPDATE, {"id": notice_id, "input": {"title": "改"}}, as_="admin")
    assert changed["updateNotice"]["errors"][0]["code"] == "CONFLICT"
    withdrawn = await api.gql(WITHDRAW, {"id": notice_id}, as_="admin")
    assert withdrawn["withdrawNotice"]["errors"][0]["code"] == "CONFLICT"
    assert (await models.Notice.get(id=notice.id)).withdrawn_at is None


async def test_filters_and_keyset_pages(api: Api, demo):
    # given: community1's notices, page by page
    community = await node_named(models.OrgLevel.COMMUNITY)
    everything = await ids_seen(api, "community1")
    first = (await api.gql(NOTICES, {"first": 3}, as_="community1"))["notices"]
    second = (await api.gql(
        NOTICES, {"first": 3, "after": first["pageInfo"]["endCursor"]}, as_="community1"
    ))["notices"]  # fmt: skip
    # then: no overlap, and the count is the whole list's
    ids = [e["node"]["id"] for e in first["edges"] + second["edges"]]
    assert len(set(ids)) == 6
    assert first["totalCount"] == len(everything)
    # and filters narrow it
    current = await ids_seen(api, "community1", {"current": True})
    assert current < everything
    grid = await first_node_of(models.OrgLevel.GRID, community)
    in_grid = await ids_seen(api, "community1", {"nodeId": gid(grid)})
    paths = await models.Notice.filter(id__in=in_grid).values_list("node_path", flat=True)
    assert all(str(p).startswith(grid.path) for p in paths)
    found = await ids_seen(api, "community1", {"search": "邻里互助"})
    titles = await models.Notice.filter(id__in=found).values_list("title", flat=True)
    assert found
    assert all("邻里互助" in str(t) for t in titles)
    # and a node outside the viewer's scope is NOT_FOUND, like a missing one
    other = await node_named(models.OrgLevel.COMMUNITY, 1)
    if not other.path.startswith(community.path):
        body = await api.raw(NOTICES, {"filter": {"nodeId": gid(other)}}, as_="community1")
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_one_notice_by_id_out_of_scope_is_null(api: Api, demo):
    building = await resident_building("resident1")
    notice = await models.Notice.filter(node_id=building.id).first()
    if notice is None:
        notice = await models.Notice.create(
            node_id=building.id, node_path=building.path, kind=models.NoticeKind.GENERAL,
            title="通知", published_at=datetime.now(UTC),
        )  # fmt: skip
    query = "query One($id: ID!) { notice(id: $id) { id } node(id: $id) { id } }"
    seen = await api.gql(query, {"id": gid(notice)}, as_="building1")
    assert seen["notice"] == {"id": gid(notice)}
    for user in ("building2", "community2", "grid2"):
        assert await api.gql(query, {"id": gid(notice)}, as_=user) == {"notice": None, "node": None}
