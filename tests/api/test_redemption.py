"""Redemption (兑换): the catalogue, redeeming for points, cancelling, the yearly window, and
scope: a community's catalogue and its residents' redemptions are nobody else's."""

from typing import Any

import pytest

import models
from tests.api.redemption_helpers import (
    CANCEL,
    GOODS,
    NODE,
    REDEMPTIONS,
    TEST_GOOD,
    balance,
    building,
    community,
    credit,
    fresh_resident_of,
    good_row,
    make_good,
    neighbour_of,
    pk,
    redeem,
    resident_of,
)
from tests.helpers import Api, gid

UPDATE_GOOD = """
mutation($id: ID!, $input: UpdateRedemptionGoodInput!) {
  updateRedemptionGood(id: $id, input: $input) {
    good { id name price active yearlyLimit } errors { field code message }
  }
}
"""
ADJUST = """
mutation($id: ID!, $delta: Int!, $reason: String!) {
  adjustRedemptionStock(id: $id, delta: $delta, reason: $reason) {
    good { stock stockChanges { delta stockAfter reason } } errors { field code message }
  }
}
"""
WINDOW = """
mutation($c: ID!, $opens: String, $closes: String) {
  setRedemptionWindow(communityId: $c, opens: $opens, closes: $closes) {
    window { opens closes openToday } errors { field code message }
  }
}
"""


async def ledger_rows() -> int:
    return await models.PointEntry.all().count()


async def written() -> tuple[int, int, list[int]]:
    """What a refused mutation must not have changed: redemptions, entries, stocks."""
    stocks = [g.stock for g in await models.RedemptionGood.all().order_by("id")]
    return await models.Redemption.all().count(), await ledger_rows(), stocks


async def test_a_resident_redeems_their_own_points_once_and_the_ledger_says_so(api: Api, demo):
    # given
    me = await resident_of("resident1")
    await credit(me, 100)
    before = await balance(me)
    good = await make_good(api, price=30, stock=10)
    # when
    payload = await redeem(api, "resident1", good["id"], quantity=2)
    # then
    assert payload["errors"] == []
    redemption = payload["redemption"]
    assert redemption["points"] == 60
    assert redemption["status"] == "REDEEMED"
    assert redemption["good"]["stock"] == 8
    assert redemption["resident"] == {"id": gid(me)}
    assert await balance(me) == before - 60
    row = await models.Redemption.get_or_none(id=pk(redemption["id"]))
    assert row is not None
    entry = await models.PointEntry.get(id=row.entry_id)
    assert (entry.source, entry.amount, entry.source_id) == (
        models.PointSource.REDEMPTION, -60, row.id,
    )  # fmt: skip
    assert (entry.resident_id, entry.household_id) == (me.id, me.household_id)
    assert await models.AuditRecord.filter(operation="redeemGoods").count() == 1


async def test_building_staff_redeem_at_the_counter_for_a_resident_in_scope(api: Api, demo):
    # given
    me = await resident_of("resident1")
    neighbour = await neighbour_of(me)
    await credit(neighbour, 50)
    before = await balance(neighbour)
    good = await make_good(api, price=20, stock=3)
    # when
    payload = await redeem(api, "building1", good["id"], 2, resident=gid(neighbour))
    # then
    assert payload["errors"] == []
    assert await balance(neighbour) == before - 40
    # and resident1 may not redeem for the neighbour (FORBIDDEN: they read the household? no)
    refused = await redeem(api, "resident1", good["id"], 1, resident=gid(neighbour))
    assert [e["code"] for e in refused["errors"]] == ["NOT_FOUND"]


@pytest.mark.parametrize(
    ("case", "code", "field"),
    [
        ("more_than_balance", "INVALID", "quantity"),
        ("more_than_stock", "INVALID", "quantity"),
        ("zero", "INVALID", "quantity"),
        ("negative", "INVALID", "quantity"),
        ("too_costly", "INVALID", "quantity"),
        ("inactive", "INVALID", "goodId"),
        ("other_community", "NOT_FOUND", "goodId"),
        ("missing_good", "NOT_FOUND", "goodId"),
        ("wrong_id_type", "INVALID", "goodId"),
    ],
)
async def test_bad_redemptions_are_refused_and_write_nothing(
    api: Api, demo, case: str, code: str, field: str
):
    # given: 100 points, goods at 30 with 2 in stock, and goods of another street's community
    me = await fresh_resident_of("resident1")
    await credit(me, 100)
    good = await make_good(api, price=30, stock=2)
    dear = await make_good(api, price=600, stock=5, name="测试电饭煲")
    other = await make_good(api, price=10, stock=5, street=1)
    if case == "inactive":
        await models.RedemptionGood.filter(id=pk(good["id"])).update(active=False)
    goods = {"other_community": other["id"], "too_costly": dear["id"],
             "missing_good": "UmVkZW1wdGlvbkdvb2Q6OTk5OTk=", "wrong_id_type": gid(me)}  # fmt: skip
    quantities = {"more_than_balance": 4, "more_than_stock": 3, "zero": 0, "negative": -1,
                  "too_costly": 2}  # fmt: skip
    if case == "more_than_balance":
        await models.RedemptionGood.filter(id=pk(good["id"])).update(stock=10)
    before = await written()
    # when
    payload = await redeem(api, "resident1", goods.get(case, good["id"]), quantities.get(case, 1))
    # then
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)], payload
    assert payload["redemption"] is None
    assert await written() == before


async def test_a_resident_of_another_community_sees_no_goods_of_this_one(api: Api, demo):
    # given
    good = await make_good(api)
    # when / then: the goods are NOT_FOUND for the other street, as missing ones are
    me = await resident_of("resident2")
    await credit(me, 100)
    payload = await redeem(api, "resident2", good["id"])
    assert [e["code"] for e in payload["errors"]] == ["NOT_FOUND"]
    for user in ("resident2", "community2", "building2", "street2", "auditor2"):
        listed = await api.gql(GOODS, {}, as_=user)
        assert good["id"] not in {e["node"]["id"] for e in listed["redemptionGoods"]["edges"]}
        assert (await api.gql(NODE, {"id": good["id"]}, as_=user))["node"] is None, user
    # and the first street's people see it
    for user in ("resident1", "building1", "grid1", "community1", "street1", "auditor1", "admin"):
        assert (await api.gql(NODE, {"id": good["id"]}, as_=user))["node"] == {"id": good["id"]}


async def test_redemptions_are_read_by_their_resident_and_staff_in_scope_only(api: Api, demo):
    # given: resident1 and a neighbour each redeem once
    me = await resident_of("resident1")
    neighbour = await neighbour_of(me)
    for person in (me, neighbour):
        await credit(person, 100)
    good = await make_good(api)
    mine = (await redeem(api, "resident1", good["id"]))["redemption"]["id"]
    theirs = (await redeem(api, "building1", good["id"], resident=gid(neighbour)))["redemption"]

    # when
    def ids(data: dict[str, Any]) -> set[str]:
        return {e["node"]["id"] for e in data["redemptions"]["edges"]}

    seen = {user: ids(await api.gql(REDEMPTIONS, {}, as_=user))
            for user in ("resident1", "building1", "community1", "auditor1", "community2",
                         "resident2", "building2", "street2", "grid2", "volunteer1")}  # fmt: skip
    # then
    assert mine in seen["resident1"]
    assert theirs["id"] not in seen["resident1"]
    owners = {r.resident_id for r in await models.Redemption.filter(
        id__in=[pk(i) for i in seen["resident1"]])}  # fmt: skip
    assert owners == {me.id}
    for user in ("building1", "community1", "auditor1"):
        assert {mine, theirs["id"]} <= seen[user], user
    for user in ("community2", "resident2", "building2", "street2", "grid2", "volunteer1"):
        assert not {mine, theirs["id"]} & seen[user], user
        assert (await api.gql(NODE, {"id": mine}, as_=user))["node"] is None
    assert (await api.gql(NODE, {"id": theirs["id"]}, as_="resident1"))["node"] is None


async def test_cancelling_gives_points_and_stock_back_once(api: Api, demo):
    # given
    me = await resident_of("resident1")
    await credit(me, 100)
    before = await balance(me)
    good = await make_good(api, price=30, stock=5)
    redemption = (await redeem(api, "resident1", good["id"], 2))["redemption"]
    # when: the resident, the building leader and the auditor may not; the other community
    # (which may cancel its own) finds nothing
    for user, code in (("resident1", "FORBIDDEN"), ("building1", "FORBIDDEN"),
                       ("auditor1", "FORBIDDEN"), ("community2", "NOT_FOUND")):  # fmt: skip
        data = await api.gql(CANCEL, {"id": redemption["id"], "reason": "x"}, as_=user)
        assert [e["code"] for e in data["cancelRedemption"]["errors"]] == [code], user
    data = await api.gql(CANCEL, {"id": redemption["id"], "reason": "x"}, as_="street2")
    assert [e["code"] for e in data["cancelRedemption"]["errors"]] == ["NOT_FOUND"]
    data = await api.gql(CANCEL, {"id": redemption["id"], "reason": "拿错了"}, as_="community1")
    # then
    assert data["cancelRedemption"]["errors"] == []
    assert data["cancelRedemption"]["redemption"]["status"] == "CANCELLED"
    assert await balance(me) == before
    assert (await good_row(good)).stock == 5
    row = await models.Redemption.get_or_none(id=pk(redemption["id"]))
    assert row is not None
    reversal = await models.PointEntry.get(id=row.reversal_id)
    assert (reversal.source, reversal.amount, reversal.reverses_id) == (
        models.PointSource.CORRECTION, 60, row.entry_id,
    )  # fmt: skip
    # and once only
    state = await written()
    again = await api.gql(CANCEL, {"id": redemption["id"], "reason": "再来"}, as_="community1")
    assert [e["code"] for e in again["cancelRedemption"]["errors"]] == ["INVALID_TRANSITION"]
    assert await written() == state


@pytest.mark.parametrize("by_household_member", [False, True], ids=["own", "household's"])
async def test_staff_never_cancel_a_redemption_of_their_own_or_their_household(
    api: Api, demo, by_household_member: bool
):
    # given: community1's account is linked to a resident, and that resident (or a member of
    # their household) redeemed at the counter
    me = await neighbour_of(await resident_of("resident1"))
    redeemer = me
    if by_household_member:
        redeemer = await models.Resident.create(
            household_id=me.household_id,
            name="同户成员",
            gender=me.gender,
            birth_date=me.birth_date,
        )
    admin = await models.User.get(username="community1")
    await models.Resident.filter(id=me.id).update(user_id=admin.id)
    await credit(redeemer, 100)
    good = await make_good(api)
    redemption = (await redeem(api, "building1", good["id"], resident=gid(redeemer)))["redemption"]
    # when: community1 cancels it (for a member, the points would come back to the household)
    data = await api.gql(CANCEL, {"id": redemption["id"], "reason": "撤销"}, as_="community1")
    # then: FORBIDDEN, and the street admin above may
    assert [e["code"] for e in data["cancelRedemption"]["errors"]] == ["FORBIDDEN"]
    data = await api.gql(CANCEL, {"id": redemption["id"], "reason": "核实"}, as_="street1")
    assert data["cancelRedemption"]["errors"] == []


async def test_the_yearly_window_and_the_yearly_limit(api: Api, demo):
    # given: a window that is not today, goods limited to 2 a year
    me = await resident_of("resident1")
    await credit(me, 500)
    good = await make_good(api, price=10, stock=50, yearlyLimit=2)
    node = gid(await community())
    from resolvers.validation import today

    day = today()
    closed = "01-01" if (day.month, day.day) != (1, 1) else "01-02"
    data = await api.gql(WINDOW, {"c": node, "opens": closed, "closes": closed}, as_="community1")
    assert data["setRedemptionWindow"]["window"]["openToday"] is False
    # when / then: closed
    payload = await redeem(api, "resident1", good["id"])
    assert [e["code"] for e in payload["errors"]] == ["INVALID"]
    # all year again, then the limit
    data = await api.gql(WINDOW, {"c": node}, as_="community1")
    assert data["setRedemptionWindow"]["window"] == {"opens": None, "closes": None,
                                                     "openToday": True}  # fmt: skip
    assert (await redeem(api, "resident1", good["id"], 2))["errors"] == []
    over = await redeem(api, "resident1", good["id"], 1)
    assert [(e["code"], e["field"]) for e in over["errors"]] == [("INVALID", "quantity")]
    # and the window is the community's to set
    for user, code in (("building1", "FORBIDDEN"), ("community2", "NOT_FOUND")):
        data = await api.gql(WINDOW, {"c": node, "opens": "12-01", "closes": "01-31"}, as_=user)
        assert [e["code"] for e in data["setRedemptionWindow"]["errors"]] == [code], user
    bad = await api.gql(WINDOW, {"c": node, "opens": "12-01"}, as_="community1")
    assert [e["field"] for e in bad["setRedemptionWindow"]["errors"]] == ["closes"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"price": -1}, "price"),
        ({"price": 0}, "price"),
        ({"stock": -5}, "stock"),
        ({"yearlyLimit": 0}, "yearlyLimit"),
        ({"name": "  "}, "name"),
    ],
)
async def test_bad_catalogue_input_is_refused(api: Api, demo, extra: dict[str, Any], field: str):
    node = gid(await community())
    goods = {"communityId": node, "name": "大米", "price": 10, "stock": 1, **extra}
    data = await api.gql(
        "mutation($i: CreateRedemptionGoodInput!) { createRedemptionGood(input: $i) "
        "{ good { id } errors { code field } } }", {"i": goods}, as_="community1",
    )  # fmt: skip
    assert data["createRedemptionGood"]["errors"] == [{"code": "INVALID", "field": field}]
    assert await models.RedemptionGood.filter(name="大米").count() == 0


async def test_the_catalogue_is_the_communitys_to_keep(api: Api, demo):
    # given
    good = await make_good(api, price=30, stock=4)
    node = gid(await community())
    create = {"communityId": node, "name": "食用油", "price": 20, "stock": 1}
    # when / then: building and grid staff, residents and the other street may not
    for user, code in (("building1", "FORBIDDEN"), ("resident1", "FORBIDDEN"),
                       ("grid1", "FORBIDDEN"), ("auditor1", "FORBIDDEN"),
                       ("community2", "NOT_FOUND")):  # fmt: skip
        data = await api.gql(
            "mutation($i: CreateRedemptionGoodInput!) { createRedemptionGood(input: $i) "
            "{ errors { code } } }", {"i": create}, as_=user,
        )  # fmt: skip
        assert [e["code"] for e in data["createRedemptionGood"]["errors"]] == [code], user
        data = await api.gql(ADJUST, {"id": good["id"], "delta": 5, "reason": "补货"}, as_=user)
        expected = "NOT_FOUND" if user == "community2" else "FORBIDDEN"
        assert [e["code"] for e in data["adjustRedemptionStock"]["errors"]] == [expected], user
    # a name taken: CONFLICT
    data = await api.gql(
        "mutation($i: CreateRedemptionGoodInput!) { createRedemptionGood(input: $i) "
        "{ errors { code field } } }", {"i": {**create, "name": TEST_GOOD}}, as_="community1",
    )  # fmt: skip
    assert data["createRedemptionGood"]["errors"] == [{"code": "CONFLICT", "field": "name"}]
    # restock and write off, recorded; never below zero
    data = await api.gql(ADJUST, {"id": good["id"], "delta": 6, "reason": "补货"}, as_="community1")
    assert data["adjustRedemptionStock"]["good"]["stock"] == 10
    data = await api.gql(ADJUST, {"id": good["id"], "delta": -11, "reason": "损耗"},
                         as_="community1")  # fmt: skip
    assert data["adjustRedemptionStock"]["errors"][0]["code"] == "INVALID"
    data = await api.gql(ADJUST, {"id": good["id"], "delta": -10, "reason": "损耗"},
                         as_="community1")  # fmt: skip
    changes = data["adjustRedemptionStock"]["good"]["stockChanges"]
    assert [(c["delta"], c["stockAfter"]) for c in changes] == [(-10, 0), (6, 10), (4, 4)]
    # update: price, off the shelf, no yearly limit
    data = await api.gql(
        UPDATE_GOOD, {"id": good["id"], "input": {"price": 40, "active": False,
                                                  "yearlyLimit": 3}}, as_="community1",
    )  # fmt: skip
    assert data["updateRedemptionGood"]["good"]["price"] == 40
    assert data["updateRedemptionGood"]["good"]["yearlyLimit"] == 3
    data = await api.gql(
        UPDATE_GOOD, {"id": good["id"], "input": {"yearlyLimit": None}}, as_="community1"
    )
    assert data["updateRedemptionGood"]["good"]["yearlyLimit"] is None
    assert data["updateRedemptionGood"]["good"]["active"] is False


async def test_lists_filter_and_page(api: Api, demo):
    # given: five goods at different prices
    for n, price in enumerate((50, 10, 40, 20, 30)):
        await make_good(api, price=price, stock=n, name=f"物品{n}")
    node = gid(await community())
    query = """
    query($f: RedemptionGoodFilter, $o: RedemptionGoodOrder, $after: String) {
      redemptionGoods(filter: $f, orderBy: $o, first: 2, after: $after) {
        pageInfo { hasNextPage endCursor } edges { node { price } }
      }
    }
    """
    prices: list[int] = []
    after = None
    while True:
        variables = {"f": {"communityId": node, "search": "物品"}, "o": "PRICE_ASC", "after": after}
        data = await api.gql(query, variables, as_="resident1")
        page = data["redemptionGoods"]
        prices += [e["node"]["price"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert prices == [10, 20, 30, 40, 50]
    data = await api.gql(query, {"f": {"search": "物品", "inStock": True, "maxPrice": 30},
                                 "o": "PRICE_DESC"}, as_="community1")  # fmt: skip
    assert [e["node"]["price"] for e in data["redemptionGoods"]["edges"]] == [30, 20]
    # a community out of the viewer's reach is NOT_FOUND, as a missing one
    other = gid(await community(1))
    body = await api.raw(query, {"f": {"communityId": other}}, as_="resident1")
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_the_first_building_lies_in_the_first_community(demo):
    assert (await building()).path.startswith((await community()).path)


async def test_goods_of_another_community_the_viewer_reads_are_refused(api: Api, demo):
    # given: the street admin reads both communities of street 1; goods of the second one
    me = await resident_of("resident1")
    await credit(me, 100)
    street = await models.OrgNode.get(id=(await community()).parent_id)
    second = (
        await models.OrgNode.filter(parent_id=street.id, level=models.OrgLevel.COMMUNITY)
        .exclude(id=(await community()).id)
        .order_by("id")
        .first()
    )
    assert second is not None
    good = await models.RedemptionGood.create(
        community_id=second.id, node_path=second.path, name=TEST_GOOD, price=10, stock=5
    )
    before = await written()
    # when
    payload = await redeem(api, "street1", gid(good), 1, resident=gid(me))
    # then
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID", "goodId")]
    assert await written() == before
