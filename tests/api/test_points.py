"""The points system: rules, recording, corrections, the ledger list, balances and myPoints,
with scope isolation between sibling subtrees and bad input (UserError code, nothing written)."""

import asyncio

import pytest

import models
from tests.helpers import Api, first_node_of, gid, node_named, postgres_only

RULES = """
query($f: PointRuleFilter) { pointRules(filter: $f, first: 100) {
  totalCount edges { node { id code version current points node { id } copiedFrom { id } } } } }
"""
CREATE_RULE = """
mutation($node: ID!, $code: String!, $input: PointRuleInput!, $kind: PointKind) {
  createPointRule(nodeId: $node, code: $code, input: $input, kind: $kind) {
    rule { id code version current } errors { field code message } } }
"""
UPDATE_RULE = """
mutation($id: ID!, $input: PointRuleInput!) {
  updatePointRule(id: $id, input: $input) {
    rule { id code version current points } errors { field code } } }
"""
RETIRE_RULE = """
mutation($id: ID!) { retirePointRule(id: $id) { rule { id current } errors { field code } } }
"""
COPY_RULES = """
mutation($c: ID!) { copyPointRules(communityId: $c) { rules { id code copiedFrom { id } }
  errors { field code } } }
"""
RECORD = """
mutation($input: RecordPointsInput!) {
  recordPoints(input: $input) { entry { id amount kind source resident { id } rule { id } }
    errors { field code message } } }
"""
CORRECT = """
mutation($e: ID!, $r: String!) { correctPointEntry(entryId: $e, reason: $r) {
  entry { id amount source reversesId } errors { field code message } } }
"""
ENTRIES = """
query($f: PointEntryFilter, $after: String) { pointEntries(filter: $f, first: 100, after: $after) {
  totalCount pageInfo { endCursor hasNextPage } edges { node { id amount node { id } } } } }
"""
BALANCE = """
query($r: ID, $h: ID, $u: ID) { pointBalance(residentId: $r, householdId: $h, userId: $u) {
  total thisWeek thisMonth } }
"""
MY_POINTS = """
query { myPoints { residentId householdTotal balance { total thisMonth }
  entries(first: 100) { totalCount edges { node { id amount resident { id } } } } } }
"""
RULE_INPUT = {"description": "清扫楼道", "points": 5, "category": "ENVIRONMENT", "capPerWeek": 10}


async def street(index: int = 0) -> models.OrgNode:
    return await node_named(models.OrgLevel.STREET, index)


async def community_of(street_index: int = 0) -> models.OrgNode:
    return await first_node_of(models.OrgLevel.COMMUNITY, await street(street_index))


async def building_of(street_index: int = 0) -> models.OrgNode:
    return await first_node_of(models.OrgLevel.BUILDING, await street(street_index))


async def resident_in(building: models.OrgNode, *, other_than_user: str | None = None):
    """A resident of the building with no account, of a household other than `other_than_user`'s."""
    own: set[int] = set()
    if other_than_user:
        user = await models.User.get(username=other_than_user)
        linked = await models.Resident.filter(user_id=user.id).values("household_id")
        own = {row["household_id"] for row in linked}
    rows = await models.Resident.filter(
        household__building_id=building.id, active=True, user_id__isnull=True
    ).order_by("-id")
    return next(r for r in rows if r.household_id not in own)


async def a_rule(community: models.OrgNode, **extra) -> models.PointRule:
    values = {"code": "T01", "kind": models.PointKind.VOLUNTEER,
              "category": models.RuleCategory.ENVIRONMENT, "description": "测试条款",
              "points": 5} | extra  # fmt: skip
    rule: models.PointRule = await models.PointRule.create(node_id=community.id, **values)  # type: ignore[arg-type]
    return rule


async def record(api: Api, resident, rule, as_="building1", **extra):
    input_ = {"residentId": gid(resident), "ruleId": gid(rule), "reason": "清扫楼道"} | extra
    return (await api.gql(RECORD, {"input": input_}, as_=as_))["recordPoints"]


# ------------------------------------------------------------------ rules


async def test_a_community_admin_keeps_its_rules_and_an_edit_makes_a_new_version(api: Api, demo):
    # given
    community = await community_of(0)
    # when
    made = (await api.gql(CREATE_RULE, {"node": gid(community), "code": "x01",
            "input": RULE_INPUT}, as_="community1"))["createPointRule"]  # fmt: skip
    change = {"id": made["rule"]["id"], "input": RULE_INPUT | {"points": 6}}
    edited = (await api.gql(UPDATE_RULE, change, as_="community1"))["updatePointRule"]
    stale = (await api.gql(UPDATE_RULE, {"id": made["rule"]["id"], "input": RULE_INPUT},
             as_="community1"))["updatePointRule"]  # fmt: skip
    # then
    assert made["errors"] == []
    assert made["rule"]["code"] == "X01"
    assert edited["errors"] == []
    assert edited["rule"]["version"] == 2
    assert edited["rule"]["points"] == 6
    assert stale["errors"][0]["code"] == "CONFLICT"
    versions = await models.PointRule.filter(node_id=community.id, code="X01").order_by("version")
    assert [(v.version, v.current) for v in versions] == [(1, False), (2, True)]


async def test_a_community_admin_may_not_touch_the_street_defaults_or_the_next_community(
    api: Api, demo
):
    # given
    other = await community_of(1)
    # when
    upward = (await api.gql(CREATE_RULE, {"node": gid(await street(0)), "code": "Z1",
              "input": RULE_INPUT}, as_="community1"))["createPointRule"]  # fmt: skip
    sideways = (await api.gql(CREATE_RULE, {"node": gid(other), "code": "Z1",
                "input": RULE_INPUT}, as_="community1"))["createPointRule"]  # fmt: skip
    foreign = await models.PointRule.filter(node_id=other.id, current=True).first()
    assert foreign is not None
    retire = await api.gql(RETIRE_RULE, {"id": gid(foreign)}, as_="community1")
    # then
    assert upward["errors"][0]["code"] == "FORBIDDEN"
    assert sideways["errors"][0]["code"] == "NOT_FOUND"
    assert retire["retirePointRule"]["errors"][0]["code"] == "NOT_FOUND"
    assert not await models.PointRule.exists(code="Z1")


async def test_a_street_default_is_copied_into_its_community(api: Api, demo):
    # given: a new default at the street
    made = (await api.gql(CREATE_RULE, {"node": gid(await street(0)), "code": "NEW1",
            "input": RULE_INPUT}, as_="street1"))["createPointRule"]  # fmt: skip
    assert made["errors"] == []
    # when
    copied = await api.gql(COPY_RULES, {"c": gid(await community_of(0))}, as_="community1")
    # then: only the code the community lacked, pointing at the default
    rules = copied["copyPointRules"]["rules"]
    assert [r["code"] for r in rules] == ["NEW1"]
    assert rules[0]["copiedFrom"]["id"] == made["rule"]["id"]


async def test_residents_read_their_communitys_rules_and_not_the_next_one(api: Api, demo):
    # when
    data = await api.gql(RULES, {"f": None}, as_="resident1")
    # then
    nodes = {edge["node"]["node"]["id"] for edge in data["pointRules"]["edges"]}
    assert nodes == {gid(await community_of(0)), gid(await street(0))}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"points": 0}, "points"),
        ({"points": 5000}, "points"),
        ({"capPerWeek": 2}, "capPerWeek"),
        ({"capPerWeek": 50, "capPerMonth": 20}, "capPerWeek"),
        ({"category": "DUTY"}, "category"),
        ({"description": " "}, "description"),
    ],
)
async def test_a_bad_rule_is_invalid_and_nothing_is_written(api: Api, demo, change, field):
    # given
    before = await models.PointRule.all().count()
    # when
    payload = (await api.gql(CREATE_RULE, {"node": gid(await community_of(0)), "code": "B1",
               "input": RULE_INPUT | change}, as_="community1"))["createPointRule"]  # fmt: skip
    # then
    assert payload["errors"][0]["code"] == "INVALID"
    assert payload["errors"][0]["field"] == field
    assert await models.PointRule.all().count() == before


@postgres_only
async def test_two_concurrent_edits_leave_one_current_version(api: Api, demo):
    # given
    rule = await a_rule(await community_of(0))
    await api.token("community1")
    # when
    results = await asyncio.gather(*[
        api.gql(UPDATE_RULE, {"id": gid(rule), "input": RULE_INPUT | {"points": p}},
                as_="community1")
        for p in (6, 7)
    ])  # fmt: skip
    # then
    errors = [r["updatePointRule"]["errors"] for r in results]
    assert sorted(len(e) for e in errors) == [0, 1]
    assert (
        await models.PointRule.filter(node_id=rule.node_id, code="T01", current=True).count() == 1
    )


# ------------------------------------------------------------------ recording


async def test_a_building_leader_records_points_in_its_building_only(api: Api, demo):
    # given
    community = await community_of(0)
    rule = await a_rule(community)
    mine = await resident_in(await building_of(0), other_than_user="building1")
    # a building of the same grid and community, but not building1's
    grid = await first_node_of(models.OrgLevel.GRID, community)
    neighbour = (
        await models.OrgNode.filter(level=models.OrgLevel.BUILDING, parent_id=grid.id)
        .order_by("id").offset(1).first()
    )  # fmt: skip
    assert neighbour is not None
    theirs = await resident_in(neighbour)
    # when
    ok = await record(api, mine, rule)
    outside = await record(api, theirs, rule)
    # then
    assert ok["errors"] == []
    assert ok["entry"]["amount"] == 5
    assert outside["errors"][0]["code"] == "NOT_FOUND"
    assert not await models.PointEntry.exists(resident_id=theirs.id, rule_id=rule.id)


async def test_nobody_records_points_for_their_own_household(api: Api, demo):
    # given: building1 lives in the first household of its building
    building = await building_of(0)
    user = await models.User.get(username="building1")
    household = await models.Household.filter(building_id=building.id).order_by("id").first()
    assert household is not None
    me = await models.Resident.filter(household_id=household.id).order_by("id").first()
    assert me is not None
    await models.Resident.filter(id=me.id).update(user_id=user.id)
    relative = await models.Resident.create(household_id=household.id, name="王小明")
    rule = await a_rule(await community_of(0))
    # when
    payloads = [await record(api, person, rule) for person in (me, relative)]
    # then
    assert [p["errors"][0]["code"] for p in payloads] == ["FORBIDDEN", "FORBIDDEN"]
    assert not await models.PointEntry.exists(rule_id=rule.id)


@pytest.mark.parametrize(
    ("rule_extra", "amount", "code"),
    [
        ({}, 0, "INVALID"),
        ({}, -5, "INVALID"),
        ({}, 4, "INVALID"),  # a fixed rule gives exactly its points
        ({"variable": True}, 6, "INVALID"),  # a variable rule at most its points
        ({"cap_per_week": 5}, None, "INVALID"),  # the second entry of a week is over the cap
    ],
)
async def test_bad_amounts_and_caps_are_refused_and_nothing_is_written(
    api: Api, demo, rule_extra, amount, code
):
    # given
    rule = await a_rule(await community_of(0), **rule_extra)
    resident = await resident_in(await building_of(0), other_than_user="building1")
    if "cap_per_week" in rule_extra:
        assert (await record(api, resident, rule))["errors"] == []
    before = await models.PointEntry.all().count()
    # when
    payload = await record(api, resident, rule, amount=amount)
    # then
    assert payload["errors"][0]["code"] == code, payload
    assert await models.PointEntry.all().count() == before


async def test_a_rule_of_another_community_is_refused(api: Api, demo):
    # given
    rule = await a_rule(await community_of(1))
    resident = await resident_in(await building_of(0), other_than_user="building1")
    # when
    payload = await record(api, resident, rule)
    # then: the rule is not readable there (another community's list)
    assert payload["errors"][0]["code"] in {"NOT_FOUND", "INVALID"}
    assert payload["errors"][0]["field"] == "ruleId"


async def test_a_correction_reverses_an_entry_once(api: Api, demo):
    # given
    rule = await a_rule(await community_of(0))
    resident = await resident_in(await building_of(0), other_than_user="building1")
    entry = (await record(api, resident, rule))["entry"]
    # when
    first = await api.gql(CORRECT, {"e": entry["id"], "r": "记错了"}, as_="community1")
    again = await api.gql(CORRECT, {"e": entry["id"], "r": "记错了"}, as_="community1")
    of_correction = await api.gql(
        CORRECT, {"e": first["correctPointEntry"]["entry"]["id"], "r": "x"}, as_="community1"
    )
    # then
    assert first["correctPointEntry"]["entry"]["amount"] == -5
    assert again["correctPointEntry"]["errors"][0]["code"] == "CONFLICT"
    assert of_correction["correctPointEntry"]["errors"][0]["code"] == "INVALID"
    balance = await api.gql(BALANCE, {"r": gid(resident)}, as_="community1")
    assert balance["pointBalance"]["total"] == await _sum(resident.id)
    assert await models.PointEntry.filter(reverses_id__isnull=False, rule_id=rule.id).count() == 1


async def _sum(resident_id: int) -> int:
    return sum(
        row["amount"]
        for row in await models.PointEntry.filter(resident_id=resident_id).values("amount")
    )


async def test_corrections_and_reads_outside_scope_are_not_found(api: Api, demo):
    # given: an entry in the second street
    entry = await models.PointEntry.filter(node_path__startswith=(await street(1)).path).first()
    assert entry is not None
    # when
    correct = await api.gql(CORRECT, {"e": gid(entry), "r": "x"}, as_="community1")
    node = await api.gql("query($id: ID!) { node(id: $id) { id } }", {"id": gid(entry)},
                         as_="community1")  # fmt: skip
    # then
    assert correct["correctPointEntry"]["errors"][0]["code"] == "NOT_FOUND"
    assert node["node"] is None


@postgres_only
async def test_concurrent_corrections_write_one_reversal(api: Api, demo):
    # given
    rule = await a_rule(await community_of(0))
    resident = await resident_in(await building_of(0), other_than_user="building1")
    entry = (await record(api, resident, rule))["entry"]
    await api.token("community1")
    # when
    results = await asyncio.gather(*[
        api.gql(CORRECT, {"e": entry["id"], "r": "记错了"}, as_="community1") for _ in range(5)
    ])  # fmt: skip
    # then
    assert sum(not r["correctPointEntry"]["errors"] for r in results) == 1
    assert await models.PointEntry.filter(rule_id=rule.id, source="CORRECTION").count() == 1


# ------------------------------------------------------------------ reading


async def test_the_ledger_list_is_scoped_between_sibling_streets(api: Api, demo):
    # when
    first = await api.gql(ENTRIES, {"f": None}, as_="community1")
    other = await api.raw(ENTRIES, {"f": {"nodeId": gid(await community_of(1))}},
                          as_="community1")  # fmt: skip
    # then
    community = await community_of(0)
    expected = await models.PointEntry.filter(node_path__startswith=community.path).count()
    assert first["pointEntries"]["totalCount"] == expected > 0
    assert other["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_the_ledger_list_filters_and_pages_by_keyset(api: Api, demo):
    # given
    building = await building_of(0)
    variables = {"f": {"nodeId": gid(building), "kind": "VOLUNTEER"}}
    # when
    seen: list[str] = []
    after = None
    while True:
        page = await api.gql(ENTRIES, variables | {"after": after}, as_="building1")
        seen += [edge["node"]["id"] for edge in page["pointEntries"]["edges"]]
        if not page["pointEntries"]["pageInfo"]["hasNextPage"]:
            break
        after = page["pointEntries"]["pageInfo"]["endCursor"]
    # then
    count = await models.PointEntry.filter(node_id=building.id, kind="VOLUNTEER").count()
    assert len(seen) == len(set(seen)) == count


async def test_residents_see_their_own_points_and_nothing_of_others(api: Api, demo):
    # given
    me = await models.Resident.get(user__username="resident1")
    # when
    mine = (await api.gql(MY_POINTS, as_="resident1"))["myPoints"]
    listed = await api.raw(ENTRIES, {"f": None}, as_="resident1")
    neighbour = await resident_in(await building_of(0), other_than_user="resident1")
    balance = await api.raw(BALANCE, {"r": gid(neighbour)}, as_="resident1")
    # then
    assert mine["balance"]["total"] == await _sum(me.id)
    assert {e["node"]["resident"]["id"] for e in mine["entries"]["edges"]} <= {gid(me)}
    assert listed["data"]["pointEntries"]["totalCount"] == 0
    assert balance["errors"][0]["extensions"]["code"] == "NOT_FOUND"
