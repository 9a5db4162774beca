"""Dividends (按合作社收入进行分红): a cooperative's income shared among households by points,
to the fen; the lines, scoped, and the files of redemptions and of a distribution."""

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from tortoise.transactions import in_transaction

import models
from resolvers.points import ledger
from resolvers.validation import today
from tests.api.redemption_helpers import (
    community,
    credit,
    make_good,
    neighbour_of,
    redeem,
    resident_of,
)
from tests.helpers import Api, gid

DISTRIBUTE = """
mutation($input: DistributeDividendInput!) {
  distributeDividend(input: $input) {
    distribution { id incomeFen totalPoints cooperative community { id } }
    errors { field code message }
  }
}
"""
LINES = """
query($filter: DividendLineFilter) {
  dividendLines(filter: $filter, first: 100) {
    totalCount edges { node { id points amountFen household { id } distribution { id } } }
  }
}
"""
DISTRIBUTIONS = (
    "query { dividendDistributions(first: 100) { edges { node { id community { id } } } } }"
)


def ids(data: dict[str, Any]) -> set[str]:
    return {e["node"]["id"] for e in data["dividendDistributions"]["edges"]}


# The seed writes points over the last year: the period lies well before it, so that only the
# tests' own entries fall in it.
QUIET_DAYS_AGO = 1000


def period() -> dict[str, str]:
    end = today() - timedelta(days=QUIET_DAYS_AGO)
    return {"periodStart": (end - timedelta(days=30)).isoformat(), "periodEnd": end.isoformat()}


def in_period() -> datetime:
    return datetime.now(UTC) - timedelta(days=QUIET_DAYS_AGO + 5)


async def spend(resident: models.Resident, points: int, at: datetime) -> None:
    """A redemption's entry in the period (redemptions neither add nor subtract)."""
    household = await models.Household.get(id=resident.household_id)
    node = await models.OrgNode.get(id=household.building_id)
    async with in_transaction():
        await ledger.append(
            ledger.Owner.resident(resident.id), amount=-points,
            source=models.PointSource.REDEMPTION, reason="兑换", node=node, at=at,
            recorded_by_id=None, household_id=household.id, spend_from_balance=True,
        )  # fmt: skip


async def three_households() -> list[models.Resident]:
    me = await resident_of("resident1")
    neighbour = await neighbour_of(me)
    third = await neighbour_of(neighbour)
    if third.household_id in (me.household_id, neighbour.household_id):
        other = (
            await models.Resident.filter(household__building_path__startswith=(
                await community()).path)
            .exclude(household_id__in=[me.household_id, neighbour.household_id])
            .order_by("id").first()
        )  # fmt: skip
        assert other is not None
        third = other
    return [me, neighbour, third]


async def distribute(api: Api, income: int, as_: str = "community1") -> dict[str, Any]:
    data = await api.gql(
        DISTRIBUTE,
        {"input": {"communityId": gid(await community()), "cooperative": "红花合作社",
                   "incomeFen": income, **period()}},
        as_=as_,
    )  # fmt: skip
    payload: dict[str, Any] = data["distributeDividend"]
    return payload


async def test_income_is_shared_by_points_to_the_fen(api: Api, demo):
    # given: three households earned 10, 10 and 10 points; one redeemed some (not counted),
    # and points of another community or before the period count for nothing
    people = await three_households()
    for person in people:
        await credit(person, 10, at=in_period())
    await credit(people[0], 500, at=in_period() - timedelta(days=90))
    await spend(people[0], 5, at=in_period())
    await credit(await resident_of("resident2"), 40, at=in_period())
    # when: 100.00 yuan
    payload = await distribute(api, 10_000)
    # then: 33.34 + 33.33 + 33.33, adding up exactly
    assert payload["errors"] == []
    assert payload["distribution"]["totalPoints"] == 30
    mine = {"distributionId": payload["distribution"]["id"]}
    lines = (await api.gql(LINES, {"filter": mine}, as_="community1"))["dividendLines"]["edges"]
    amounts = sorted(e["node"]["amountFen"] for e in lines)
    assert amounts == [3333, 3333, 3334]
    assert sum(amounts) == 10_000
    assert {e["node"]["household"]["id"] for e in lines} == {
        gid(await models.Household.get(id=p.household_id)) for p in people
    }
    # no points were spent on it
    assert await models.PointEntry.filter(source=models.PointSource.DIVIDEND).count() == 0


async def test_lines_are_read_by_the_household_and_staff_in_scope(api: Api, demo):
    # given
    people = await three_households()
    for n, person in enumerate(people, start=1):
        await credit(person, 10 * n, at=in_period())
    distribution = (await distribute(api, 999))["distribution"]["id"]

    # when
    def households(data: dict[str, Any]) -> set[str]:
        return {e["node"]["household"]["id"] for e in data["dividendLines"]["edges"]}

    own = gid(await models.Household.get(id=people[0].household_id))
    # then: resident1 its own household's line only; the other street nothing
    this = {"filter": {"distributionId": distribution}}
    assert households(await api.gql(LINES, this, as_="resident1")) == {own}
    assert households(await api.gql(LINES, {}, as_="resident1")) == {own}
    for user in ("resident2", "community2", "building2", "street2", "auditor2"):
        data = await api.gql(LINES, this, as_=user)
        assert data["dividendLines"]["totalCount"] == 0, user
        assert (await api.gql("query($id: ID!) { node(id: $id) { id } }", {"id": distribution},
                              as_=user))["node"] is None  # fmt: skip
        listed = await api.gql(DISTRIBUTIONS, {}, as_=user)
        assert distribution not in ids(listed), user
    assert len(households(await api.gql(LINES, this, as_="auditor1"))) == 3
    listed = await api.gql(DISTRIBUTIONS, {}, as_="resident1")
    assert distribution in ids(listed)
    communities = {e["node"]["community"]["id"] for e in listed["dividendDistributions"]["edges"]}
    assert communities == {gid(await community())}


async def test_bad_distributions_are_refused_and_write_nothing(api: Api, demo):
    node = gid(await community())
    before = (
        await models.DividendDistribution.all().count(),
        await models.DividendLine.all().count(),
    )
    day = today()
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"incomeFen": 0}, "INVALID", "incomeFen"),
        ({"incomeFen": -5}, "INVALID", "incomeFen"),
        ({"periodEnd": (day + timedelta(days=1)).isoformat()}, "INVALID", "periodEnd"),
        ({"periodStart": day.isoformat(),
          "periodEnd": (day - timedelta(days=2)).isoformat()}, "INVALID", "periodEnd"),
        ({}, "INVALID", "periodStart"),  # nobody earned points in the period
        ({"cooperative": " "}, "INVALID", "cooperative"),
    ]  # fmt: skip
    for extra, code, field in cases:
        data = await api.gql(
            DISTRIBUTE,
            {"input": {"communityId": node, "cooperative": "合作社", "incomeFen": 100,
                       **period(), **extra}}, as_="community1",
        )  # fmt: skip
        errors = data["distributeDividend"]["errors"]
        assert [(e["code"], e["field"]) for e in errors] == [(code, field)], extra
    for user, code in (("building1", "FORBIDDEN"), ("community2", "NOT_FOUND"),
                       ("auditor1", "FORBIDDEN"), ("resident1", "FORBIDDEN")):  # fmt: skip
        payload = await distribute(api, 100, as_=user)
        assert [e["code"] for e in payload["errors"]] == [code], user
    after = (
        await models.DividendDistribution.all().count(),
        await models.DividendLine.all().count(),
    )
    assert after == before


async def get(client: httpx.AsyncClient, api: Api, path: str, as_: str, **params: Any):
    headers = {"Authorization": f"Bearer {await api.token(as_)}"}
    return await client.get(path, params=params, headers=headers)


def csv_rows(response: httpx.Response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


async def test_redemptions_and_a_distribution_export_as_files(
    client: httpx.AsyncClient, api: Api, demo
):
    # given
    people = await three_households()
    for person in people:
        await credit(person, 100, at=in_period())
    good = await make_good(api, price=30, stock=9, name="=HYPERLINK(1)")
    assert (await redeem(api, "resident1", good["id"], 2))["errors"] == []
    distribution = (await distribute(api, 1001))["distribution"]["id"]
    # when
    rows = csv_rows(await get(client, api, "/exports/redemptions.csv", "community1",
                             goodId=good["id"]))  # fmt: skip
    lines = csv_rows(await get(client, api, "/exports/dividend.csv", "community1",
                              distributionId=distribution))  # fmt: skip
    xlsx = await get(client, api, "/exports/dividend.xlsx", "community1",
                     distributionId=distribution)  # fmt: skip
    # then
    assert rows[0][:5] == ["兑换时间", "居民", "户号", "楼栋", "物品"]
    assert len(rows) == 2
    assert rows[1][4].startswith("'=")  # a formula is neutralised
    assert rows[1][7:9] == ["60", "已兑换"]
    assert lines[0] == ["户号", "楼栋", "积分", "分红金额（元）"]
    assert sum(round(float(r[3].strip()) * 100) for r in lines[1:]) == 1001
    assert xlsx.status_code == 200
    # and out of scope: NOT_FOUND, the same as a missing distribution
    other = await get(client, api, "/exports/dividend.csv", "community2",
                      distributionId=distribution)  # fmt: skip
    assert other.status_code == 404
    theirs = await get(client, api, "/exports/redemptions.csv", "community2", goodId=good["id"])
    assert csv_rows(theirs)[1:] == []
    missing = await get(client, api, "/exports/dividend.csv", "community1")
    assert missing.status_code == 400
