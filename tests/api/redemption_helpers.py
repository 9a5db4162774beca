"""Operations and givens shared by the redemption tests."""

from datetime import UTC, datetime
from typing import Any

from tortoise.transactions import in_transaction

import models
from resolvers.ids import decode_global_id
from resolvers.points import ledger
from tests.helpers import Api, first_node_of, gid, node_named

CREATE_GOOD = """
mutation($input: CreateRedemptionGoodInput!) {
  createRedemptionGood(input: $input) {
    good { id name price stock active yearlyLimit stockChanges { delta stockAfter reason } }
    errors { field code message }
  }
}
"""
REDEEM = """
mutation($input: RedeemGoodsInput!) {
  redeemGoods(input: $input) {
    redemption { id quantity points status goodName good { id stock } resident { id } }
    errors { field code message }
  }
}
"""
CANCEL = """
mutation($id: ID!, $reason: String!) {
  cancelRedemption(id: $id, reason: $reason) {
    redemption { id status cancelReason }
    errors { field code message }
  }
}
"""
REDEMPTIONS = """
query($filter: RedemptionFilter) {
  redemptions(filter: $filter, first: 100) {
    totalCount edges { node { id goodName points status } }
  }
}
"""
GOODS = """
query($filter: RedemptionGoodFilter) {
  redemptionGoods(filter: $filter, first: 100) { totalCount edges { node { id name } } }
}
"""
NODE = "query($id: ID!) { node(id: $id) { id } }"
TEST_GOOD = "测试大米"


async def community(street: int = 0) -> models.OrgNode:
    return await first_node_of(
        models.OrgLevel.COMMUNITY, await node_named(models.OrgLevel.STREET, street)
    )


async def building(street: int = 0) -> models.OrgNode:
    return await first_node_of(
        models.OrgLevel.BUILDING, await node_named(models.OrgLevel.STREET, street)
    )


async def resident_of(user: str) -> models.Resident:
    """The resident a demo account (resident1, resident2) is linked to."""
    account = await models.User.get(username=user)
    return await models.Resident.get(user_id=account.id)


async def fresh_resident_of(user: str) -> models.Resident:
    """A resident without points, in the building of the demo account's resident, now linked to
    the account instead (so that balances start at zero whatever the seed gave)."""
    linked = await resident_of(user)
    household = await models.Household.get(id=linked.household_id)
    earned = models.PointEntry.filter(resident_id__isnull=False).values_list("resident_id")
    row = (
        await models.Resident.filter(
            household__building_id=household.building_id, active=True, household__active=True
        )
        .exclude(id__in=[r for (r,) in await earned])
        .order_by("id")
        .first()
    )
    assert row is not None
    await models.Resident.filter(id=linked.id).update(user_id=None)
    await models.Resident.filter(id=row.id).update(user_id=linked.user_id)
    return await models.Resident.get(id=row.id)


async def neighbour_of(resident: models.Resident) -> models.Resident:
    """Another resident of the same building, in another household."""
    household = await models.Household.get(id=resident.household_id)
    row = (
        await models.Resident.filter(
            household__building_id=household.building_id, active=True, household__active=True
        )
        .exclude(household_id=resident.household_id)
        .order_by("id")
        .first()
    )
    assert row is not None
    return row


async def credit(resident: models.Resident, points: int, at: datetime | None = None) -> None:
    """Give a resident volunteer points, through the ledger (a MANUAL entry)."""
    household = await models.Household.get(id=resident.household_id)
    node = await models.OrgNode.get(id=household.building_id)
    async with in_transaction():
        while points > 0:
            amount = min(points, 1000)
            await ledger.append(
                ledger.Owner.resident(resident.id), amount=amount,
                source=models.PointSource.MANUAL, reason="测试", node=node,
                at=at or datetime.now(UTC), recorded_by_id=None, household_id=household.id,
            )  # fmt: skip
            points -= amount


def pk(global_id: str) -> int:
    return decode_global_id(global_id)[1]


async def good_row(good: dict[str, Any]) -> models.RedemptionGood:
    return await models.RedemptionGood.get(id=pk(good["id"]))


async def balance(resident: models.Resident) -> int:
    return await ledger.balance(ledger.Owner.resident(resident.id))


async def make_good(
    api: Api, *, price: int = 30, stock: int = 10, street: int = 0, **extra: Any
) -> dict[str, Any]:
    user = f"community{street + 1}"
    node = await community(street)
    data = await api.gql(
        CREATE_GOOD,
        {"input": {"communityId": gid(node), "name": extra.pop("name", TEST_GOOD),
                   "price": price, "stock": stock, **extra}},
        as_=user,
    )  # fmt: skip
    payload: dict[str, Any] = data["createRedemptionGood"]
    assert payload["errors"] == [], payload
    good: dict[str, Any] = payload["good"]
    return good


async def redeem(api: Api, as_: str, good: str, quantity: int = 1, resident: str | None = None):
    variables: dict[str, Any] = {"goodId": good, "quantity": quantity}
    if resident is not None:
        variables["residentId"] = resident
    data = await api.gql(REDEEM, {"input": variables}, as_=as_)
    payload: dict[str, Any] = data["redeemGoods"]
    return payload
