"""A valid call of every mutation of the schema, in an order that makes each one possible on
the demo data: `tests/api/test_audit.py` proves each writes an audit record. A mutation added
to the schema fails that test until it is given a call here."""

import csv
import io
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import models
from app.seed import DEMO_PASSWORD
from app.seed_people import make_id_number
from resolvers.validation import today
from tests.api.audit_inputs_alerts import ALERT_CALLS
from tests.api.audit_inputs_meetings import MEETING_CALLS
from tests.helpers import Api, first_node_of, gid, image_bytes, node_named

State = dict[str, Any]
# (api, state) -> the mutation's payload (it must have `errors: []`)
Call = Callable[[Api, State], Awaitable[dict[str, Any]]]


async def run(api: Api, name: str, args: str, variables: dict[str, Any], as_: str | None,
              select: str = "") -> dict[str, Any]:  # fmt: skip
    params = ", ".join(f"${k}: {t}" for k, (t, _) in variables.items())
    query = (
        f"mutation{f'({params})' if params else ''} {{ {name}{args} "
        f"{{ {select} errors {{ field code message }} }} }}"
    )
    data = await api.gql(query, {k: v for k, (_, v) in variables.items()}, as_=as_)
    payload: dict[str, Any] = data[name]
    return payload


async def setup(state: State) -> None:
    street = await node_named(models.OrgLevel.STREET, 0)
    communities = await models.OrgNode.filter(
        level=models.OrgLevel.COMMUNITY, path__startswith=street.path
    ).order_by("id")
    building = await first_node_of(models.OrgLevel.BUILDING, street)
    grid = await first_node_of(models.OrgLevel.GRID, street)
    household = await models.Household.filter(building_id=building.id).order_by("id").first()
    assert household is not None
    users = {u.username: u for u in await models.User.all()}
    state.update(
        street=gid(street),
        community=gid(communities[0]),
        other_community=gid(communities[1]),
        grid=gid(grid),
        building=gid(building),
        building_name=building.name,
        household=gid(household),
        users={name: gid(user) for name, user in users.items()},
    )


def _id(payload: dict[str, Any], *path: str) -> str:
    value: Any = payload
    for key in path:
        value = value[key]
    return str(value)


def _kept(state: State, key: str, payload: dict[str, Any], field: str) -> dict[str, Any]:
    """`payload`, once the id of the row it made (`payload[field]`) is kept as `state[key]`
    (None when the call was refused)."""
    state[key] = _id(payload, field, "id") if payload[field] else None
    return payload


async def _submit(api: Api, state: State) -> str:
    payload = await run(api, "submitCase", "(input: $input)", {"input": ("SubmitCaseInput!", {
        "kind": "DEMAND", "nodeId": state["building"], "title": "楼道灯不亮",
        "description": "三楼楼道灯坏了"})}, "resident1", "case { id }")  # fmt: skip
    assert payload["errors"] == [], payload
    return _id(payload, "case", "id")


def _step(name: str, as_: str, case: str, extra: dict[str, tuple[str, Any]] | None = None) -> Call:
    async def call(api: Api, state: State) -> dict[str, Any]:
        extra_vars = extra or {}
        args = "".join(f", {k}: ${k}" for k in extra_vars)
        variables = {"id": ("ID!", state[case]), **extra_vars}
        return await run(api, name, f"(id: $id{args})", variables, as_, "case { id status }")

    return call


async def _login(api: Api, state: State) -> dict[str, Any]:
    variables = {"u": ("String!", "household2"), "p": ("String!", DEMO_PASSWORD)}
    return await run(api, "login", "(username: $u, password: $p)", variables, None, "token")


async def _change_password(api: Api, state: State) -> dict[str, Any]:
    variables = {"old": ("String!", DEMO_PASSWORD), "new": ("String!", "another-password-1")}
    return await run(
        api, "changePassword", "(oldPassword: $old, newPassword: $new)", variables,
        "household2", "token",
    )  # fmt: skip


async def _logout(api: Api, state: State) -> dict[str, Any]:
    return await run(api, "logout", "", {}, "volunteer2", "user { id }")


async def _create_user(api: Api, state: State) -> dict[str, Any]:
    payload = await run(api, "createUser", "(input: $input)", {"input": ("CreateUserInput!", {
        "username": "audited", "displayName": "审计用户", "password": "a-password-of-the-new"})},
        "community1", "user { id }")  # fmt: skip
    return _kept(state, "new_user", payload, "user")


async def _grant_role(api: Api, state: State) -> dict[str, Any]:
    grant = {"userId": state["new_user"], "role": "VOLUNTEER", "nodeId": state["grid"]}
    payload = await run(api, "grantRole", "(input: $input)", {"input": ("GrantRoleInput!", grant)},
                        "community1", "grant { id }")  # fmt: skip
    return _kept(state, "grant", payload, "grant")


async def _create_org_node(api: Api, state: State) -> dict[str, Any]:
    node = {"parentId": state["community"], "name": "审计网格", "level": "GRID"}
    variables = {"input": ("CreateOrgNodeInput!", node)}
    payload = await run(api, "createOrgNode", "(input: $input)", variables, "street1",
                        "orgNode { id }")  # fmt: skip
    return _kept(state, "node", payload, "orgNode")


def _node_call(mutation: str, args: str = "(id: $id)", **extra: tuple[str, str]) -> Call:
    async def call(api: Api, state: State) -> dict[str, Any]:
        variables = {"id": ("ID!", state["node"])}
        variables |= {k: (t, state.get(v, v)) for k, (t, v) in extra.items()}
        return await run(api, mutation, args, variables, "street1", "orgNode { id }")

    return call


async def _create_household(api: Api, state: State) -> dict[str, Any]:
    payload = await run(api, "createHousehold", "(input: $input)", {"input": (
        "CreateHouseholdInput!", {"buildingId": state["building"], "number": "审计-1"})},
        "community1", "household { id }")  # fmt: skip
    return _kept(state, "new_household", payload, "household")


async def _update_household(api: Api, state: State) -> dict[str, Any]:
    return await run(api, "updateHousehold", "(id: $id, input: $input)", {
        "id": ("ID!", state["new_household"]),
        "input": ("UpdateHouseholdInput!", {"number": "审计-2"})},
        "community1", "household { id }")  # fmt: skip


async def _deactivate_household(api: Api, state: State) -> dict[str, Any]:
    variables = {"id": ("ID!", state["new_household"])}
    return await run(api, "deactivateHousehold", "(id: $id)", variables, "community1",
                     "household { id }")  # fmt: skip


async def _create_resident(api: Api, state: State) -> dict[str, Any]:
    resident = {
        "householdId": state["new_household"], "name": "审计居民", "gender": "FEMALE",
        "phone": "13800001111", "idNumber": make_id_number(date(1950, 5, 17), 901, False),
    }  # fmt: skip
    payload = await run(api, "createResident", "(input: $input)",
                        {"input": ("CreateResidentInput!", resident)}, "community1",
                        "resident { id }")  # fmt: skip
    return _kept(state, "resident", payload, "resident")


def _resident_call(
    mutation: str, args: str, actor: str = "community1", **extra: tuple[str, Any]
) -> Call:
    async def call(api: Api, state: State) -> dict[str, Any]:
        variables: dict[str, tuple[str, Any]] = {"id": ("ID!", state["resident"])}
        for key, (kind, value) in extra.items():
            variables[key] = (kind, state[value[1:]] if str(value).startswith("@") else value)
        return await run(api, mutation, args, variables, actor, "resident { id }")

    return call


async def _set_party_member(api: Api, state: State) -> dict[str, Any]:
    payload = await run(api, "setPartyMember", "(residentId: $id, input: $input)", {
        "id": ("ID!", state["resident"]),
        "input": ("PartyMemberInput!", {"kind": "MOBILE", "workCity": "上海"})},
        "community1", "partyMember { id }")  # fmt: skip
    return _kept(state, "member", payload, "partyMember")


def _contact_person(name: str) -> Call:
    async def call(api: Api, state: State) -> dict[str, Any]:
        variables = {"m": ("ID!", state["member"]), "u": ("ID!", state["users"]["grid1"])}
        return await run(api, name, "(partyMemberId: $m, userId: $u)", variables, "community1",
                         "partyMember { id }")  # fmt: skip

    return call


async def _log_contact(api: Api, state: State) -> dict[str, Any]:
    contact = {"contactedOn": today().isoformat(), "channel": "PHONE", "note": "电话问候"}
    return await run(api, "logContact", "(partyMemberId: $m, input: $input)", {
        "m": ("ID!", state["member"]), "input": ("ContactInput!", contact)},
        "community1", "contactLog { contactedOn }")  # fmt: skip


async def _assign_title(api: Api, state: State) -> dict[str, Any]:
    payload = await run(api, "assignTitle", "(nodeId: $n, residentId: $r, kind: BUILDING_HEAD)",
                        {"n": ("ID!", state["building"]), "r": ("ID!", state["resident"])},
                        "community1", "title { id }")  # fmt: skip
    return _kept(state, "title", payload, "title")


async def _create_team(api: Api, state: State) -> dict[str, Any]:
    payload = await run(api, "createVolunteerTeam", "(nodeId: $n, name: $name)", {
        "n": ("ID!", state["community"]), "name": ("String!", "审计志愿队")},
        "community1", "team { id }")  # fmt: skip
    return _kept(state, "team", payload, "team")


def _team_member(name: str) -> Call:
    async def call(api: Api, state: State) -> dict[str, Any]:
        variables = {"t": ("ID!", state["team"]), "r": ("ID!", state["resident"])}
        return await run(api, name, "(teamId: $t, residentId: $r)", variables, "community1",
                         "team { id }")  # fmt: skip

    return call


async def _import(api: Api, state: State) -> dict[str, Any]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["building", "household", "name", "gender", "birth_date", "phone",
                     "id_number", "tags"])  # fmt: skip
    born = date(1961, 3, 9)
    writer.writerow([state["building_name"], "审计-9", "导入审计", "男", born.isoformat(),
                     "13911112222", make_id_number(born, 902, True), ""])  # fmt: skip
    query = (
        "mutation($node: ID!, $file: Upload!) { importResidents(nodeId: $node, file: $file) "
        "{ report { created } errors { field code message } } }"
    )
    data = await api.upload(query, {"node": state["building"]}, out.getvalue().encode(),
                            as_="community1")  # fmt: skip
    payload: dict[str, Any] = data["importResidents"]
    return payload


async def _submit_case(api: Api, state: State) -> dict[str, Any]:
    state["case"] = await _submit(api, state)
    return {"errors": []}


async def _reject_case(api: Api, state: State) -> dict[str, Any]:
    state["rejected"] = await _submit(api, state)
    variables = {"id": ("ID!", state["rejected"]), "reason": ("String!", "重复")}
    return await run(api, "rejectCase", "(id: $id, reason: $reason)", variables, "community1",
                     "case { id }")  # fmt: skip


async def _claim_case(api: Api, state: State) -> dict[str, Any]:
    state["claimed"] = await _submit(api, state)
    accepted = await _step("acceptCase", "community1", "claimed")(api, state)
    assert accepted["errors"] == [], accepted
    return await _step("claimCase", "volunteer1", "claimed")(api, state)


async def _assign_case(api: Api, state: State) -> dict[str, Any]:
    variables = {"id": ("ID!", state["case"]), "a": ("ID!", state["users"]["volunteer1"])}
    return await run(api, "assignCase", "(id: $id, assigneeId: $a)", variables, "community1",
                     "case { id }")  # fmt: skip


async def _attach(api: Api, state: State) -> dict[str, Any]:
    query = (
        "mutation($case: ID!, $file: Upload!) { addCaseAttachment(caseId: $case, file: $file) "
        "{ attachment { id } errors { field code message } } }"
    )
    data = await api.upload(query, {"case": state["case"]}, image_bytes("PNG"), as_="resident1",
                            name="p.png")  # fmt: skip
    payload: dict[str, Any] = data["addCaseAttachment"]
    return payload


def _qr(name: str) -> Call:
    async def call(api: Api, state: State) -> dict[str, Any]:
        payload = await run(api, name, "(buildingId: $b)", {"b": ("ID!", state["building"])},
                            "building1", "token")  # fmt: skip
        state["qr_token"] = payload["token"]
        return payload

    return call


async def _submit_by_qr(api: Api, state: State) -> dict[str, Any]:
    case = {"kind": "DEMAND", "title": "微心愿", "description": "想要一台收音机",
            "name": "李阿姨", "phone": "13812345678"}  # fmt: skip
    return await run(api, "submitCaseByQr", "(token: $t, idempotencyKey: $k, input: $input)", {
        "t": ("String!", state["qr_token"]), "k": ("String!", "audit-key-0001"),
        "input": ("QrCaseInput!", case)}, None, "receipt { reference }")  # fmt: skip


def _rules(mutation: str, args: str, **extra: tuple[str, Any]) -> Call:
    async def call(api: Api, state: State) -> dict[str, Any]:
        variables = {"c": ("ID!", state["community"]), **extra}
        return await run(api, mutation, f"(communityId: $c{args})", variables, "community1", "ok")

    return call


ACTIVITY = "activity { id }"
SIGN_UP = "signUp { id status }"


async def _rule_of(building_gid: str) -> models.PointRule:
    from resolvers.ids import decode_global_id

    building = await models.OrgNode.get(id=decode_global_id(building_gid)[1])
    community_id = models.path_ids(building.path)[1]
    return await models.PointRule.get(node_id=community_id, code="HD01", current=True)


async def _activity_row(state: State, status: models.ActivityStatus) -> models.Activity:
    """An activity going on now at the demo building, made directly (for the steps after)."""
    import secrets
    from datetime import UTC, datetime, timedelta

    from resolvers.ids import decode_global_id

    building = await models.OrgNode.get(id=decode_global_id(state["building"])[1])
    rule = await _rule_of(state["building"])
    start = datetime.now(UTC) - timedelta(minutes=10)
    return await models.Activity.create(
        node_id=building.id, node_path=building.path, title="审计活动", description="",
        place="楼下", starts_at=start, ends_at=start + timedelta(hours=2), capacity=5,
        status=status, rule_id=rule.id, qr_token=secrets.token_urlsafe(24),
    )  # fmt: skip


async def _create_activity(api: Api, state: State) -> dict[str, Any]:
    from datetime import UTC, datetime, timedelta

    rule = await _rule_of(state["building"])
    start = datetime.now(UTC) - timedelta(minutes=10)
    payload = await run(api, "createActivity", "(input: $input)", {"input": (
        "CreateActivityInput!", {"nodeId": state["building"], "title": "楼道清洁",
        "place": "一单元", "startsAt": start.isoformat(),
        "endsAt": (start + timedelta(hours=2)).isoformat(), "capacity": 5,
        "ruleId": gid_of("PointRule", rule.id)})}, "community1", ACTIVITY)  # fmt: skip
    state["activity"] = payload["activity"]["id"] if payload["activity"] else None
    return payload


def gid_of(type_name: str, pk: int) -> str:
    from resolvers.ids import encode_global_id

    return encode_global_id(type_name, pk)


def _activity_call(name: str, args: str = "(id: $id)", **extra: tuple[str, Any]) -> Call:
    async def call(api: Api, state: State) -> dict[str, Any]:
        variables = {"id": ("ID!", state["activity"]), **extra}
        return await run(api, name, args, variables, "community1", ACTIVITY)

    return call


def _evaluation(name: str, args: str, as_: str, select: str = "campaign { id }",
                **extra: tuple[str, Any]) -> Call:  # fmt: skip
    """A call of an evaluation mutation; `@key` values come from the state."""

    async def call(api: Api, state: State) -> dict[str, Any]:
        variables = {
            k: (t, state[v[1:]] if isinstance(v, str) and v.startswith("@") else v)
            for k, (t, v) in extra.items()
        }
        return await run(api, name, args, variables, as_, select)

    return call


async def _sign_up(api: Api, state: State) -> dict[str, Any]:
    variables = {"a": ("ID!", state["activity"])}
    payload = await run(api, "signUpForActivity", "(activityId: $a)", variables, "resident1",
                        SIGN_UP)  # fmt: skip
    state["sign_up"] = payload["signUp"]["id"] if payload["signUp"] else None
    return payload


def _by_id(mutation: str, key: str, as_: str, fields: str) -> Call:
    """`mutation(id:)` on the row an earlier call kept in `state[key]`."""

    async def call(api: Api, state: State) -> dict[str, Any]:
        return await run(api, mutation, "(id: $id)", {"id": ("ID!", state[key])}, as_, fields)

    return call


async def _cancel_sign_up(api: Api, state: State) -> dict[str, Any]:
    from resolvers.ids import decode_global_id

    building_id = decode_global_id(state["building"])[1]
    other = await models.Resident.filter(household__building_id=building_id, user_id=None,
                                         active=True).order_by("id").first()  # fmt: skip
    assert other is not None
    variables = {"a": ("ID!", state["activity"]), "r": ("ID!", gid_of("Resident", other.id))}
    signed = await run(api, "signUpForActivity", "(activityId: $a, residentId: $r)", variables,
                       "community1", SIGN_UP)  # fmt: skip
    assert signed["errors"] == [], signed
    variables = {"id": ("ID!", signed["signUp"]["id"])}
    return await run(api, "cancelActivitySignUp", "(id: $id)", variables, "community1", SIGN_UP)


def _activity_qr(name: str) -> Call:
    async def call(api: Api, state: State) -> dict[str, Any]:
        if "qr_activity" not in state:
            activity = await _activity_row(state, models.ActivityStatus.OPEN)
            resident = await models.Resident.get(user__username="resident1")
            await models.ActivitySignUp.create(
                activity_id=activity.id, node_path=activity.node_path, resident_id=resident.id
            )
            state["qr_activity"] = activity.qr_token
        variables = {"t": ("String!", state["qr_activity"])}
        return await run(api, name, "(token: $t)", variables, "resident1", SIGN_UP)

    return call


async def _cancel_activity(api: Api, state: State) -> dict[str, Any]:
    activity = await _activity_row(state, models.ActivityStatus.OPEN)
    variables = {"id": ("ID!", gid_of("Activity", activity.id))}
    return await run(api, "cancelActivity", "(id: $id)", variables, "community1", ACTIVITY)


async def _create_campaign(api: Api, state: State, key: str = "campaign") -> dict[str, Any]:
    payload = await run(api, "createEvaluationCampaign", "(input: $input)", {"input": (
        "CreateEvaluationCampaignInput!", {"nodeId": state["community"], "kind": "MODEL_BUILDING",
        "title": "红色美丽楼栋评选", "periodStart": "2026-01-01", "periodEnd": "2026-12-31"})},
        "community1", "campaign { id }")  # fmt: skip
    return _kept(state, key, payload, "campaign")


async def _nominate(api: Api, state: State) -> dict[str, Any]:
    payload = await run(api, "nominateEvaluationCandidate", "(campaignId: $c, input: $input)", {
        "c": ("ID!", state["campaign"]),
        "input": ("NominateEvaluationCandidateInput!", {"nodeId": state["building"]})},
        "community1", "candidate { id }")  # fmt: skip
    state["candidate"] = _id(payload, "candidate", "id")
    return payload


async def _object(api: Api, state: State) -> dict[str, Any]:
    payload = await run(api, "fileEvaluationObjection", "(candidateId: $c, reason: $r)", {
        "c": ("ID!", state["candidate"]), "r": ("String!", "请核实")}, "volunteer1",
        "objection { id }")  # fmt: skip
    state["objection"] = _id(payload, "objection", "id")
    return payload


async def _award(api: Api, state: State) -> dict[str, Any]:
    # The objection period ends a day after publishing: let it have ended.
    await models.EvaluationCampaign.all().update(objection_ends_at=datetime.now(UTC))
    until = (today() + timedelta(days=365)).isoformat()
    award = _evaluation(
        "awardEvaluationCampaign", "(id: $id, validUntil: $u)", "community1",
        id=("ID!", "@campaign"), u=("Date!", until),
    )  # fmt: skip
    return await award(api, state)


async def _cancel(api: Api, state: State) -> dict[str, Any]:
    assert (await _create_campaign(api, state, "other_campaign"))["errors"] == []
    return await _evaluation("cancelEvaluationCampaign", "(id: $id)", "community1",
                             id=("ID!", "@other_campaign"))(api, state)  # fmt: skip


async def _add_reviewer(api: Api, state: State) -> dict[str, Any]:
    state["grid1"] = state["users"]["grid1"]
    add = _evaluation(
        "addEvaluationReviewer", "(campaignId: $c, userId: $u, type: COMMUNITY)", "community1",
        c=("ID!", "@campaign"), u=("ID!", "@grid1"),
    )  # fmt: skip
    return await add(api, state)


def _scores() -> list[dict[str, Any]]:
    return [{"criterion": "HONESTY", "score": 90}]


async def _create_good(api: Api, state: State) -> dict[str, Any]:
    good = {"communityId": state["community"], "name": "审计大米", "price": 20, "stock": 5}
    payload = await run(api, "createRedemptionGood", "(input: $input)",
                        {"input": ("CreateRedemptionGoodInput!", good)}, "community1",
                        "good { id }")  # fmt: skip
    return _kept(state, "good", payload, "good")


async def _update_good(api: Api, state: State) -> dict[str, Any]:
    return await run(api, "updateRedemptionGood", "(id: $id, input: $input)", {
        "id": ("ID!", state["good"]),
        "input": ("UpdateRedemptionGoodInput!", {"price": 25, "yearlyLimit": 3})},
        "community1", "good { id }")  # fmt: skip


async def _adjust_stock(api: Api, state: State) -> dict[str, Any]:
    return await run(api, "adjustRedemptionStock", "(id: $id, delta: 3, reason: $r)", {
        "id": ("ID!", state["good"]), "r": ("String!", "补货")}, "community1",
        "good { stock }")  # fmt: skip


async def _redeem(api: Api, state: State) -> dict[str, Any]:
    from tests.api.redemption_helpers import credit, resident_of

    await credit(await resident_of("resident1"), 100)
    payload = await run(api, "redeemGoods", "(input: $input)", {"input": (
        "RedeemGoodsInput!", {"goodId": state["good"], "quantity": 2})}, "resident1",
        "redemption { id }")  # fmt: skip
    return _kept(state, "redemption", payload, "redemption")


async def _distribute(api: Api, state: State) -> dict[str, Any]:
    day = today()
    dividend = {"communityId": state["community"], "cooperative": "审计合作社",
                "incomeFen": 10000, "periodStart": day.replace(day=1).isoformat(),
                "periodEnd": day.isoformat()}  # fmt: skip
    return await run(api, "distributeDividend", "(input: $input)",
                     {"input": ("DistributeDividendInput!", dividend)}, "community1",
                     "distribution { id }")  # fmt: skip


# mutation field -> a valid call; run in this order on the demo data.

# ------------------------------------------------------------------ points (积分制)
RULE_INPUT = {"description": "审计条款", "points": 5, "category": "VOLUNTEERING"}


async def _create_point_rule(api: Api, state: State) -> dict[str, Any]:
    # A street default (街道默认条款), which copyPointRules copies into the community.
    variables = {"node": ("ID!", state["street"]), "input": ("PointRuleInput!", RULE_INPUT)}
    payload = await run(api, "createPointRule", '(nodeId: $node, code: "AUDIT1", input: $input)',
                        variables, "street1", "rule { id }")  # fmt: skip
    return _kept(state, "default_rule", payload, "rule")


async def _copy_point_rules(api: Api, state: State) -> dict[str, Any]:
    variables = {"c": ("ID!", state["community"]), "r": ("[ID!]", [state["default_rule"]])}
    payload = await run(api, "copyPointRules", "(communityId: $c, ruleIds: $r)", variables,
                        "community1", "rules { id }")  # fmt: skip
    state["rule"] = payload["rules"][0]["id"] if payload["rules"] else None
    return payload


async def _update_point_rule(api: Api, state: State) -> dict[str, Any]:
    variables = {"id": ("ID!", state["rule"]), "input": ("PointRuleInput!", RULE_INPUT)}
    payload = await run(api, "updatePointRule", "(id: $id, input: $input)", variables,
                        "community1", "rule { id }")  # fmt: skip
    return _kept(state, "rule", payload, "rule")


async def _record_points(api: Api, state: State) -> dict[str, Any]:
    building = await first_node_of(
        models.OrgLevel.BUILDING, await node_named(models.OrgLevel.STREET, 0)
    )
    resident = (
        await models.Resident.filter(
            household__building_id=building.id, user_id__isnull=True, active=True
        )
        .order_by("-id")
        .first()
    )
    assert resident is not None
    record = {"residentId": gid(resident), "ruleId": state["rule"], "reason": "清扫楼道"}
    variables = {"input": ("RecordPointsInput!", record)}
    payload = await run(api, "recordPoints", "(input: $input)", variables, "building1",
                        "entry { id }")  # fmt: skip
    return _kept(state, "entry", payload, "entry")


async def _correct_point_entry(api: Api, state: State) -> dict[str, Any]:
    variables = {"e": ("ID!", state["entry"]), "r": ("String!", "重复记录")}
    return await run(api, "correctPointEntry", "(entryId: $e, reason: $r)", variables,
                     "community1", "entry { id }")  # fmt: skip


async def _record_duty_points(api: Api, state: State) -> dict[str, Any]:
    street = await node_named(models.OrgLevel.STREET, 0)
    community = await first_node_of(models.OrgLevel.COMMUNITY, street)
    duty = await models.PointRule.create(
        node_id=community.id, code="AUDIT_DUTY", kind=models.PointKind.DUTY,
        category=models.RuleCategory.DUTY, description="审计履职", points=3,
    )  # fmt: skip
    record = {"userId": state["users"]["grid1"], "nodeId": state["grid"],
              "ruleId": gid(duty), "reason": "入户走访"}  # fmt: skip
    variables = {"input": ("RecordDutyPointsInput!", record)}
    return await run(api, "recordDutyPoints", "(input: $input)", variables, "community1",
                     "entry { id }")  # fmt: skip


async def _publish_points_notice(api: Api, state: State) -> dict[str, Any]:
    last_quarter = (today().month - 1) // 3  # 0: the last quarter of last year
    quarter = f"{today().year}Q{last_quarter}" if last_quarter else f"{today().year - 1}Q4"
    variables = {"n": ("ID!", state["grid"]), "q": ("String!", quarter)}
    return await run(api, "publishPointsNotice", "(nodeId: $n, quarter: $q, subject: HOUSEHOLDS)",
                     variables, "community1", "notice { id }")  # fmt: skip


# ---------------------------------------------------------------- topics (议题, issue 13)
TOPIC = "topic { id status level }"


async def resident_account(building_gid: str, username: str) -> models.User:
    """An account tied to a resident of the building (not of resident1's household), holding
    RESIDENT there: a neighbour who may support resident1's topics."""
    from resolvers.ids import decode_global_id

    building_id = decode_global_id(building_gid)[1]
    resident1 = await models.Resident.get(user__username="resident1")
    other = (
        await models.Resident.filter(household__building_id=building_id, user_id=None, active=True)
        .exclude(household_id=resident1.household_id)
        .order_by("id")
        .first()
    )
    assert other is not None
    password_hash = (await models.User.get(username="resident1")).password_hash
    user = await models.User.create(
        username=username, display_name=username, password_hash=password_hash
    )
    await models.RoleGrant.create(user_id=user.id, role=models.Role.RESIDENT, node_id=building_id)
    other.user_id = user.id
    await other.save(update_fields=["user_id"])
    return user


async def _raise_topic(api: Api, state: State) -> dict[str, Any]:
    payload = await run(api, "raiseTopic", "(input: $input)", {"input": ("RaiseTopicInput!", {
        "buildingId": state["building"], "title": "楼道灯不亮", "description": "三楼楼道灯坏了",
        "category": "PROPERTY"})}, "resident1", TOPIC)  # fmt: skip
    state["topic"] = payload["topic"]["id"] if payload["topic"] else None
    return payload


async def _support_topic(api: Api, state: State) -> dict[str, Any]:
    await resident_account(state["building"], "neighbour1")
    variables = {"id": ("ID!", state["topic"])}
    return await run(api, "supportTopic", "(id: $id)", variables, "neighbour1", TOPIC)


def _topic_call(name: str, as_: str, args: str = "(id: $id)", **extra: tuple[str, Any]) -> Call:
    async def call(api: Api, state: State) -> dict[str, Any]:
        variables = {"id": ("ID!", state["topic"]), **extra}
        return await run(api, name, args, variables, as_, TOPIC)

    return call


async def _decide_topic(api: Api, state: State) -> dict[str, Any]:
    climbed = await run(api, "escalateTopic", "(id: $id)", {"id": ("ID!", state["topic"])},
                        "grid1", TOPIC)  # fmt: skip
    assert climbed["errors"] == [], climbed
    variables = {"id": ("ID!", state["topic"]), "input": ("DecideTopicInput!", {
        "decision": "ADOPT", "reason": "纳入服务事项"})}  # fmt: skip
    return await run(api, "decideTopic", "(id: $id, input: $input)", variables, "community1", TOPIC)


async def _name_topic_on_agenda(api: Api, state: State) -> dict[str, Any]:
    """A building council scheduled at the demo building, its agenda's item 1 names the topic."""
    from resolvers.ids import decode_global_id

    building = await models.OrgNode.get(id=decode_global_id(state["building"])[1])
    meeting = await models.Meeting.create(
        node_id=building.id, node_path=building.path, type=models.MeetingType.BUILDING_COUNCIL,
        title="楼栋议事会", starts_at=datetime.now(UTC) + timedelta(days=1), place="楼下",
    )  # fmt: skip
    await models.MeetingAgendaItem.create(meeting_id=meeting.id, position=1, text="楼道灯")
    variables = {"m": ("ID!", gid_of("Meeting", meeting.id)), "t": ("ID!", state["topic"])}
    return await run(api, "nameTopicOnAgenda", "(meetingId: $m, position: 1, topicId: $t)",
                     variables, "community1", TOPIC)  # fmt: skip


# ---------------------------------------------------------------- notices, public page (13)
async def _create_notice(api: Api, state: State) -> dict[str, Any]:
    ahead = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    notice = {"nodeId": state["building"], "kind": "GENERAL", "title": "停水通知",
              "body": "周三停水", "publishedAt": ahead}  # fmt: skip
    variables = {"input": ("CreateNoticeInput!", notice)}
    payload = await run(api, "createNotice", "(input: $input)", variables, "building1",
                        "notice { id }")  # fmt: skip
    return _kept(state, "notice", payload, "notice")


async def _update_notice(api: Api, state: State) -> dict[str, Any]:
    variables = {"id": ("ID!", state["notice"]),
                 "input": ("UpdateNoticeInput!", {"title": "停水通知（更正）"})}  # fmt: skip
    return await run(api, "updateNotice", "(id: $id, input: $input)", variables, "building1",
                     "notice { id }")  # fmt: skip


async def _set_my_public_consent(api: Api, state: State) -> dict[str, Any]:
    resident = await models.Resident.filter(user__username="resident1").order_by("id").first()
    assert resident is not None
    await models.PartyMember.get_or_create(
        {"kind": models.PartyMemberKind.IN_SERVICE}, resident_id=resident.id
    )
    variables = {"s": ("Boolean!", True), "p": ("String", "为邻里跑腿代办")}
    return await run(api, "setMyPublicConsent", "(showPublicly: $s, pledge: $p)", variables,
                     "resident1", "partyMember { id }")  # fmt: skip


CALLS: dict[str, Call] = {
    "login": _login,
    "createUser": _create_user,
    "grantRole": _grant_role,
    "revokeRole": _by_id("revokeRole", "grant", "community1", "grant { id }"),
    "createOrgNode": _create_org_node,
    "renameOrgNode": _node_call(
        "renameOrgNode", "(id: $id, name: $name)", name=("String!", "审计网格二")
    ),
    "moveOrgNode": _node_call(
        "moveOrgNode", "(id: $id, newParentId: $to)", to=("ID!", "other_community")
    ),
    "archiveOrgNode": _node_call("archiveOrgNode"),
    "restoreOrgNode": _node_call("restoreOrgNode"),
    "createHousehold": _create_household,
    "updateHousehold": _update_household,
    "createResident": _create_resident,
    "updateResident": _resident_call(
        "updateResident",
        "(id: $id, input: $input)",
        input=("ResidentInput!", {"phone": "13900002222"}),
    ),
    "moveResident": _resident_call(
        "moveResident", "(id: $id, householdId: $h)", h=("ID!", "@household")
    ),
    "setPartyMember": _set_party_member,
    "addContactPerson": _contact_person("addContactPerson"),
    "removeContactPerson": _contact_person("removeContactPerson"),
    "logContact": _log_contact,
    "assignTitle": _assign_title,
    "removeTitle": _by_id("removeTitle", "title", "community1", "title { id }"),
    "createVolunteerTeam": _create_team,
    "addTeamMember": _team_member("addTeamMember"),
    "removeTeamMember": _team_member("removeTeamMember"),
    # street1, not community1: whoever created an account does not tie it to a resident
    "linkResidentAccount": _resident_call(
        "linkResidentAccount", "(id: $id, userId: $u)", "street1", u=("ID!", "@new_user")
    ),
    "unlinkResidentAccount": _resident_call("unlinkResidentAccount", "(id: $id)"),
    "deactivateResident": _resident_call("deactivateResident", "(id: $id)"),
    "deactivateHousehold": _deactivate_household,
    "importResidents": _import,
    "submitCase": _submit_case,
    "acceptCase": _step("acceptCase", "community1", "case"),
    "assignCase": _assign_case,
    "addCaseAttachment": _attach,
    "resolveCase": _step("resolveCase", "volunteer1", "case", {"note": ("String!", "已修好")}),
    "rateCase": _step("rateCase", "resident1", "case", {"rating": ("Int!", 5)}),
    "verifyCase": _step("verifyCase", "community1", "case"),
    "rejectCase": _reject_case,
    "claimCase": _claim_case,
    "buildingQrToken": _qr("buildingQrToken"),
    "rotateBuildingQrToken": _qr("rotateBuildingQrToken"),
    "submitCaseByQr": _submit_by_qr,
    "addCaseCategory": _rules(
        "addCaseCategory",
        ", code: $code, name: $name",
        code=("String!", "audit"),
        name=("String!", "审计"),
    ),
    "setCaseDeadline": _rules(
        "setCaseDeadline",
        ", kind: DEMAND, acceptHours: $a, resolveHours: $r",
        a=("Int!", 24),
        r=("Int!", 72),
    ),
    "setDutyPointRule": _rules("setDutyPointRule", ", kind: DEMAND, points: $p", p=("Int!", 3)),
    "createActivity": _create_activity,
    "updateActivity": _activity_call(
        "updateActivity",
        "(id: $id, input: $input)",
        input=("UpdateActivityInput!", {"capacity": 6}),
    ),
    "openActivity": _activity_call("openActivity"),
    "rotateActivityQrToken": _activity_call("rotateActivityQrToken"),
    "signUpForActivity": _sign_up,
    "cancelActivitySignUp": _cancel_sign_up,
    "checkInToActivity": _by_id("checkInToActivity", "sign_up", "volunteer1", SIGN_UP),
    "checkOutOfActivity": _by_id("checkOutOfActivity", "sign_up", "community1", SIGN_UP),
    "closeActivity": _activity_call("closeActivity"),
    "cancelActivity": _cancel_activity,
    "checkInByActivityQr": _activity_qr("checkInByActivityQr"),
    "checkOutByActivityQr": _activity_qr("checkOutByActivityQr"),
    "createEvaluationCampaign": _create_campaign,
    "setEvaluationCriteria": _evaluation(
        "setEvaluationCriteria",
        "(campaignId: $c, criteria: $w)",
        "community1",
        c=("ID!", "@campaign"),
        w=("[EvaluationWeightInput!]!", [{"criterion": "HONESTY", "weight": 30}]),
    ),
    "addEvaluationReviewer": _add_reviewer,
    "openEvaluationNominations": _evaluation(
        "openEvaluationNominations", "(id: $id)", "community1", id=("ID!", "@campaign")
    ),
    "nominateEvaluationCandidate": _nominate,
    "openEvaluationScoring": _evaluation(
        "openEvaluationScoring", "(id: $id)", "community1", id=("ID!", "@campaign")
    ),
    "scoreEvaluationCandidate": _evaluation(
        "scoreEvaluationCandidate",
        "(candidateId: $c, scores: $s)",
        "grid1",
        "candidate { id }",
        c=("ID!", "@candidate"),
        s=("[EvaluationScoreInput!]!", _scores()),
    ),
    "publishEvaluationShortlist": _evaluation(
        "publishEvaluationShortlist",
        "(id: $id, size: 1, objectionEndsAt: $e)",
        "community1",
        id=("ID!", "@campaign"),
        e=("DateTime!", (datetime.now(UTC) + timedelta(days=1)).isoformat()),
    ),
    "fileEvaluationObjection": _object,
    "answerEvaluationObjection": _evaluation(
        "answerEvaluationObjection",
        '(id: $id, answer: "属实", upheld: false)',
        "community1",
        "objection { id }",
        id=("ID!", "@objection"),
    ),
    "awardEvaluationCampaign": _award,
    "cancelEvaluationCampaign": _cancel,
    "createRedemptionGood": _create_good,
    "updateRedemptionGood": _update_good,
    "adjustRedemptionStock": _adjust_stock,
    "setRedemptionWindow": lambda api, state: run(
        api,
        "setRedemptionWindow",
        "(communityId: $c)",
        {"c": ("ID!", state["community"])},
        "community1",
        "window { openToday }",
    ),
    "redeemGoods": _redeem,
    "distributeDividend": _distribute,
    "cancelRedemption": lambda api, state: run(
        api,
        "cancelRedemption",
        "(id: $id, reason: $r)",
        {"id": ("ID!", state["redemption"]), "r": ("String!", "审计撤销")},
        "community1",
        "redemption { status }",
    ),
    "createPointRule": _create_point_rule,
    "copyPointRules": _copy_point_rules,
    "updatePointRule": _update_point_rule,
    "recordPoints": _record_points,
    "correctPointEntry": _correct_point_entry,
    "recordDutyPoints": _record_duty_points,
    "retirePointRule": _by_id("retirePointRule", "rule", "community1", "rule { id current }"),
    "publishPointsNotice": _publish_points_notice,
    # Topics (议题, issue 13)
    "raiseTopic": _raise_topic,
    "supportTopic": _support_topic,
    "followTopic": _topic_call("followTopic", "resident1"),
    "unfollowTopic": _topic_call("unfollowTopic", "resident1"),
    "escalateTopic": _topic_call(
        "escalateTopic", "building1", "(id: $id, note: $n)", n=("String", "楼栋议事会后上报")
    ),
    "decideTopic": _decide_topic,
    "nameTopicOnAgenda": _name_topic_on_agenda,
    "setTopicThresholds": lambda api, state: run(
        api,
        "setTopicThresholds",
        "(communityId: $c, toGrid: 6, toCommunity: 12)",
        {"c": ("ID!", state["community"])},
        "community1",
        "thresholds { toGrid toCommunity isDefault }",
    ),
    # notices and the public building page (issue 13)
    "createNotice": _create_notice,
    "updateNotice": _update_notice,
    "withdrawNotice": _by_id("withdrawNotice", "notice", "grid1", "notice { id }"),
    "setMyPublicConsent": _set_my_public_consent,
    # meetings (issue 13)
    **MEETING_CALLS,
    # elder care: devices and alerts (issue 14)
    **ALERT_CALLS,
    "changePassword": _change_password,
    "logout": _logout,
}
