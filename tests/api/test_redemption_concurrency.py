"""The ledger's invariants under concurrent redemptions (issue 12, "Done when"), on PostgreSQL:
no negative balance, no double spend, no lost entry, no stock below zero. SQLite runs one
transaction at a time, so there is no race to lose there."""

import asyncio
from typing import Any

import pytest

import models
from resolvers.ids import encode_global_id
from tests.api.redemption_helpers import (
    CANCEL,
    REDEEM,
    balance,
    community,
    credit,
    fresh_resident_of,
    good_row,
    make_good,
    pk,
)
from tests.helpers import Api, gid, postgres_only

pytestmark = [postgres_only, pytest.mark.slow]
AT_ONCE = 50


def outcomes(payloads: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """The ids of the redemptions made, and the error codes of the refused."""
    made, refused = [], []
    for data in payloads:
        payload = data["redeemGoods"]
        if payload["errors"]:
            assert payload["redemption"] is None
            refused += [e["code"] for e in payload["errors"]]
        else:
            made.append(payload["redemption"]["id"])
    return made, refused


@pytest.mark.parametrize(
    ("points", "stock", "allowed"),
    [
        (250, 40, 25),  # the balance runs out first
        (1000, 20, 20),  # the stock runs out first
    ],
)
async def test_fifty_redemptions_at_once_against_one_balance_and_one_stock(
    api: Api, demo, points: int, stock: int, allowed: int
):
    # given: a resident with `points`, goods at 10 points with `stock` pieces
    me = await fresh_resident_of("resident1")
    await credit(me, points)
    good = await make_good(api, price=10, stock=stock)
    await api.token("resident1")
    entries_before = await models.PointEntry.filter(resident_id=me.id).count()
    # when: 50 redemptions of one piece at the same moment
    payloads = await asyncio.gather(
        *(
            api.gql(REDEEM, {"input": {"goodId": good["id"]}}, as_="resident1")
            for _ in range(AT_ONCE)
        )
    )
    # then: exactly what the balance and the stock allowed went through, the rest was refused
    made, refused = outcomes(payloads)
    assert len(made) == allowed
    assert len(refused) == AT_ONCE - allowed
    assert set(refused) == {"INVALID"}
    left = await balance(me)
    row = await good_row(good)
    assert left == points - 10 * allowed >= 0
    assert row.stock == stock - allowed >= 0
    # one REDEMPTION entry per redemption made, none lost, none twice
    spends = await models.PointEntry.filter(
        resident_id=me.id, source=models.PointSource.REDEMPTION
    ).values_list("source_id", "amount")
    redemptions = await models.Redemption.filter(resident_id=me.id).values_list("id", "entry_id")
    assert len(spends) == len(redemptions) == allowed
    assert {source for source, _ in spends} == {pk for pk, _ in redemptions}
    assert {amount for _, amount in spends} == {-10}
    assert all(entry is not None for _, entry in redemptions)
    assert await models.PointEntry.filter(resident_id=me.id).count() == entries_before + allowed
    assert sorted(made) == sorted(encode_global_id("Redemption", pk) for pk, _ in redemptions)


async def test_many_residents_at_once_against_a_small_stock(api: Api, demo):
    # given: 50 residents of the first community with 100 points each, 7 pieces in stock
    node = await community()
    residents = await models.Resident.filter(
        household__building_path__startswith=node.path, active=True, household__active=True
    ).order_by("id").limit(AT_ONCE)  # fmt: skip
    assert len(residents) == AT_ONCE
    for person in residents:
        await credit(person, 100)
    before = {p.id: await balance(p) for p in residents}
    good = await make_good(api, price=30, stock=7)
    await api.token("community1")
    # when: staff at the counter redeem for all of them at once
    payloads = await asyncio.gather(
        *(
            api.gql(
                REDEEM, {"input": {"goodId": good["id"], "residentId": gid(p)}}, as_="community1"
            )
            for p in residents
        )
    )
    # then: seven got one, the others were told it ran out, and nobody paid for nothing
    made, refused = outcomes(payloads)
    assert len(made) == 7
    assert refused == ["INVALID"] * (AT_ONCE - 7)
    assert (await good_row(good)).stock == 0
    spent = sorted([before[p.id] - await balance(p) for p in residents])
    assert spent == [0] * (AT_ONCE - 7) + [30] * 7
    ids = await models.Redemption.filter(good_id=pk(good["id"])).values_list("id", flat=True)
    assert len(ids) == 7
    spends = models.PointEntry.filter(source=models.PointSource.REDEMPTION, source_id__in=ids)
    assert await spends.count() == 7


async def test_one_redemption_cancelled_ten_times_at_once_is_refunded_once(api: Api, demo):
    # given
    me = await fresh_resident_of("resident1")
    await credit(me, 100)
    good = await make_good(api, price=30, stock=5)
    data = await api.gql(REDEEM, {"input": {"goodId": good["id"]}}, as_="resident1")
    redemption = data["redeemGoods"]["redemption"]["id"]
    await api.token("community1")
    # when
    payloads = await asyncio.gather(
        *(
            api.gql(CANCEL, {"id": redemption, "reason": f"撤销{n}"}, as_="community1")
            for n in range(10)
        )
    )
    # then
    codes = sorted(
        p["cancelRedemption"]["errors"][0]["code"] if p["cancelRedemption"]["errors"] else "OK"
        for p in payloads
    )
    assert codes == ["INVALID_TRANSITION"] * 9 + ["OK"]
    assert await balance(me) == 100
    assert (await good_row(good)).stock == 5
    corrections = models.PointEntry.filter(
        source=models.PointSource.CORRECTION, source_id=pk(redemption)
    )
    assert await corrections.count() == 1


async def test_redeeming_while_staff_write_off_the_stock_never_goes_below_zero(api: Api, demo):
    # given: 10 pieces; 30 residents' redemptions and 10 write-offs of 2 race
    node = await community()
    residents = await models.Resident.filter(
        household__building_path__startswith=node.path, active=True, household__active=True
    ).order_by("id").limit(30)  # fmt: skip
    for person in residents:
        await credit(person, 50)
    good = await make_good(api, price=10, stock=10)
    await api.token("community1")
    adjust = (
        'mutation($id: ID!) { adjustRedemptionStock(id: $id, delta: -2, reason: "损耗") '
        "{ good { stock } errors { code } } }"
    )
    # when
    calls = [
        api.gql(REDEEM, {"input": {"goodId": good["id"], "residentId": gid(p)}}, as_="community1")
        for p in residents
    ] + [api.gql(adjust, {"id": good["id"]}, as_="community1") for _ in range(10)]
    payloads = await asyncio.gather(*calls)
    # then: what went out adds up to what was there
    redeemed = sum(1 for p in payloads[:30] if not p["redeemGoods"]["errors"])
    written_off = sum(2 for p in payloads[30:] if not p["adjustRedemptionStock"]["errors"])
    row = await good_row(good)
    assert row.stock == 10 - redeemed - written_off >= 0
    assert await models.Redemption.filter(good_id=row.id).count() == redeemed
    assert await models.StockChange.filter(good_id=row.id, delta=-2).count() == written_off // 2


async def test_fifty_redemptions_of_different_goods_at_once_spend_the_balance_once(api: Api, demo):
    # given: 250 points and five goods at 10 points with plenty in stock: no good's row is
    # shared, so only the resident's ledger lock stands between the requests
    me = await fresh_resident_of("resident1")
    await credit(me, 250)
    goods = [(await make_good(api, price=10, stock=100, name=f"物品{n}"))["id"] for n in range(5)]
    await api.token("resident1")
    # when
    payloads = await asyncio.gather(
        *(
            api.gql(REDEEM, {"input": {"goodId": goods[n % 5]}}, as_="resident1")
            for n in range(AT_ONCE)
        )
    )
    # then: 25 went through, and the balance is exactly zero
    made, refused = outcomes(payloads)
    assert len(made) == 25
    assert refused == ["INVALID"] * 25
    assert await balance(me) == 0
    assert sum(g.stock for g in await models.RedemptionGood.filter(name__startswith="物品")) == 475
    spends = models.PointEntry.filter(resident_id=me.id, source=models.PointSource.REDEMPTION)
    assert await spends.count() == 25
