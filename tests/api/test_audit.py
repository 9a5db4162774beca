"""The audit trail (issue 11): every mutation writes a record in its transaction; failures
write none (but failed sign-ins); records are read in scope and exported formula-safe."""

import asyncio
import csv
import io
import json
import os
from functools import partial
from typing import Any

import httpx
import pytest

import models
from app.seed import DEMO_PASSWORD
from resolvers.audit.chain import verify
from schema import schema
from tests.api.audit_inputs import CALLS, run, setup
from tests.helpers import Api, gid, node_named, walk

AUDIT_LOG = """
query($filter: AuditLogFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id at operation errorCode userId role grantNodeId nodeId objectIds
                   changes { objectId field before after } clientAddress requestId
                   previousHash hash } }
  }
}
"""


@pytest.fixture
async def api(client: httpx.AsyncClient) -> Api:
    """Signs in through `login`: these tests count and read its audit records."""
    return Api(client)


LOGIN = """
mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token errors { code } } }
"""


def mutation_names() -> list[str]:
    """Every field of the served schema's Mutation type (introspected)."""
    mutation = schema._schema.mutation_type
    assert mutation is not None
    return list(mutation.fields)


async def records(operation: str | None = None) -> list[models.AuditRecord]:
    query = models.AuditRecord.all().order_by("seq")
    return await (query.filter(operation=operation) if operation else query)


async def test_every_mutation_writes_one_audit_record_when_it_succeeds(api: Api, demo) -> None:
    # given: every actor signed in, and the demo's ids
    names = mutation_names()
    assert len(names) > 40, names
    missing = [name for name in names if name not in CALLS]
    assert not missing, f"give these mutations a call in tests/api/audit_inputs.py: {missing}"
    for user in ["street1", "community1", "building1", "volunteer1", "resident1", "household2",
                 "volunteer2"]:  # fmt: skip
        await api.token(user)
    state: dict[str, Any] = {}
    await setup(state)
    for name, call in CALLS.items():
        before = await models.AuditRecord.filter(operation=name).count()
        # when
        payload = await call(api, state)
        # then
        assert payload["errors"] == [], (name, payload)
        assert await models.AuditRecord.filter(operation=name).count() == before + 1, name
    # and the chain is whole
    count, problem = await verify()
    assert problem is None, problem
    assert count == await models.AuditRecord.all().count()


async def test_a_record_says_who_with_which_grant_what_and_where(api: Api, demo) -> None:
    # given
    state: dict[str, Any] = {}
    await setup(state)
    for name in ("createHousehold", "createResident", "updateResident"):
        assert (await CALLS[name](api, state))["errors"] == []
    # when
    record = (await records("updateResident"))[-1]
    # then: community1's COMMUNITY_ADMIN grant at the community, the building as the node
    community1 = await models.User.get(username="community1")
    community = await node_named(models.OrgLevel.COMMUNITY, 0)
    assert record.user_id == community1.id
    assert (record.role, record.grant_path) == ("COMMUNITY_ADMIN", community.path)
    assert record.node_path is not None
    assert record.node_path.startswith(community.path)
    assert record.object_ids.split() == [state["resident"]]
    assert record.client_address == "127.0.0.1"
    assert len(record.request_id) == 32
    changes = json.loads(record.changes)
    # personal fields masked as an auditor sees them
    assert changes == [[state["resident"], "phone", "138****1111", "139****2222"]]
    created = json.loads((await records("createResident"))[-1].changes)
    fields = {field: after for _, field, _, after in created}
    assert fields["id_number"] == "5203**************"
    assert fields["birth_date"] == "1950"
    assert fields["name"] == "审计居民"


async def test_no_password_token_or_hash_is_ever_recorded(api: Api, demo) -> None:
    # given
    state: dict[str, Any] = {}
    await setup(state)
    await api.token("community1")
    for name in ("createUser", "changePassword", "buildingQrToken", "submitCaseByQr"):
        assert (await CALLS[name](api, state))["errors"] == [], name
    # then
    secrets = [DEMO_PASSWORD, "a-password-of-the-new", "another-password-1", state["qr_token"]]
    secrets += [u.password_hash for u in await models.User.all()]
    for record in await records():
        text = json.dumps(dict(record.__dict__), default=str)
        assert not any(secret in text for secret in secrets), record.operation
        assert "password" not in record.changes
        assert "token" not in record.changes


async def test_sign_ins_failed_sign_ins_and_logouts_are_audited(api: Api, demo) -> None:
    # when
    await api.gql(LOGIN, {"u": "grid1", "p": DEMO_PASSWORD})
    await api.gql(LOGIN, {"u": "grid1", "p": "wrong-password"})
    await api.gql(LOGIN, {"u": "nobody-here", "p": "wrong-password"})
    await run(api, "logout", "", {}, "grid1", "user { id }")
    # then
    grid1 = await models.User.get(username="grid1")
    logins = await records("login")
    assert [(r.user_id, r.error_code) for r in logins] == [
        (grid1.id, None),
        (grid1.id, "UNAUTHENTICATED"),
        (None, "UNAUTHENTICATED"),
        (grid1.id, None),  # the token logout used
    ]
    assert not any("nobody-here" in r.changes or "wrong" in r.changes for r in logins)
    assert [r.user_id for r in await records("logout")] == [grid1.id]


async def test_grant_changes_are_audited_with_the_grant_that_allowed_them(api: Api, demo) -> None:
    # given
    state: dict[str, Any] = {}
    await setup(state)
    for name in ("createUser", "grantRole", "revokeRole"):
        assert (await CALLS[name](api, state))["errors"] == [], name
    # then
    granted, revoked = (await records("grantRole"))[-1], (await records("revokeRole"))[-1]
    assert granted.object_ids.split() == [state["grant"]]
    assert granted.role == "COMMUNITY_ADMIN"
    fields = {f: after for _, f, _, after in json.loads(granted.changes)}
    assert fields["role"] == "VOLUNTEER"
    [[_, field, before, after]] = json.loads(revoked.changes)
    assert (field, before) == ("revoked_at", None)
    assert after


async def test_a_mutation_that_fails_writes_nothing(api: Api, demo) -> None:
    # given
    state: dict[str, Any] = {}
    await setup(state)
    before = await models.AuditRecord.all().count()
    # when: refused (FORBIDDEN) and invalid (a half-written create rolls back)
    refused = await run(api, "createOrgNode", "(input: $input)", {"input": (
        "CreateOrgNodeInput!", {"parentId": state["street"], "name": "x", "level": "COMMUNITY"})},
        "community1", "orgNode { id }")  # fmt: skip
    wrong = await run(api, "changePassword", "(oldPassword: $o, newPassword: $n)",
                      {"o": ("String!", "not-my-password"), "n": ("String!", "whatever-else")},
                      "community1", "token")  # fmt: skip
    # then
    assert refused["errors"]
    assert wrong["errors"]
    assert await models.AuditRecord.all().count() == before + 1  # community1's own sign-in
    assert (await records())[-1].operation == "login"


async def test_audit_log_is_read_in_scope(api: Api, demo) -> None:
    # given: changes in both streets
    state: dict[str, Any] = {}
    await setup(state)
    assert (await CALLS["createOrgNode"](api, state))["errors"] == []
    street2 = await node_named(models.OrgLevel.STREET, 1)
    other = await run(api, "createOrgNode", "(input: $input)", {"input": ("CreateOrgNodeInput!", {
        "parentId": gid(street2), "name": "审计社区", "level": "COMMUNITY"})},
        "street2", "orgNode { id }")  # fmt: skip
    assert other["errors"] == []

    async def operations(user: str) -> list[tuple[str, str | None]]:
        data = await api.gql(AUDIT_LOG, {"first": 100}, as_=user)
        return [(e["node"]["operation"], e["node"]["nodeId"]) for e in data["auditLog"]["edges"]]

    # then: a community admin reads nothing, each street's admin and auditor their own street
    assert await operations("community1") == []
    for user, node in [("street1", state["community"]), ("auditor1", state["community"]),
                       ("street2", gid(street2))]:  # fmt: skip
        assert await operations(user) == [("createOrgNode", node)], user
    # the system admin reads everything, sign-ins (which have no node) too
    everything = await operations("admin")
    assert ("createOrgNode", gid(street2)) in everything
    assert ("login", None) in everything


async def test_audit_log_filters_pages_and_exports(api: Api, demo) -> None:
    # given
    state: dict[str, Any] = {}
    await setup(state)
    for name in ("createHousehold", "createResident", "updateResident"):
        assert (await CALLS[name](api, state))["errors"] == [], name
    # when / then: by operation, object, user, node, and a page at a time
    by = {
        "operation": {"operation": "updateResident"},
        "object": {"objectId": state["resident"]},
        "node": {"nodeId": state["building"]},
    }
    got = {}
    for key, where in by.items():
        data = await api.gql(AUDIT_LOG, {"filter": where}, as_="street1")
        got[key] = [e["node"]["operation"] for e in data["auditLog"]["edges"]]
    assert got["operation"] == ["updateResident"]
    assert got["object"] == ["createResident", "updateResident"]
    assert got["node"] == ["createHousehold", "createResident", "updateResident"]
    first = await api.gql(AUDIT_LOG, {"first": 1, "filter": by["node"]}, as_="street1")
    cursor = first["auditLog"]["pageInfo"]["endCursor"]
    second = await api.gql(AUDIT_LOG, {"first": 1, "after": cursor, "filter": by["node"]},
                           as_="street1")  # fmt: skip
    assert [e["node"]["operation"] for e in second["auditLog"]["edges"]] == ["createResident"]
    csv_text = (await api.gql(
        'query($f: AuditLogFilter) { auditLogCsv(filter: $f) }', {"f": by["node"]}, as_="street1"
    ))["auditLogCsv"]  # fmt: skip
    rows = list(csv.reader(io.StringIO(csv_text)))
    assert rows[0][:3] == ["seq", "time", "operation"]
    assert [row[2] for row in rows[1:]] == got["node"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


AUDIT_PAGE = """
query($order: AuditLogOrder!, $first: Int, $after: String, $last: Int, $before: String) {
  auditLog(orderBy: $order, first: $first, after: $after, last: $last, before: $before) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { node { id at } }
  }
}
"""


async def test_audit_log_pages_by_keyset_both_ways_in_every_order(api: Api, demo) -> None:
    # given: a few records
    state: dict[str, Any] = {}
    await setup(state)
    for name in ("createHousehold", "createResident", "updateResident", "createOrgNode"):
        assert (await CALLS[name](api, state))["errors"] == [], name

    async def page(**variables: Any) -> dict[str, Any]:
        data = await api.gql(AUDIT_PAGE, variables, as_="admin")
        result: dict[str, Any] = data["auditLog"]
        return result

    everything = await page(order="ID", first=100)
    ids = [edge["node"]["id"] for edge in everything["edges"]]
    assert len(ids) == everything["totalCount"] > 4
    for order, expected in [("ID", ids), ("AT_ASC", ids), ("AT_DESC", ids[::-1])]:
        # when: forward two at a time, then back three at a time
        forward = await walk(partial(page, order=order), size=2)
        backward = await walk(partial(page, order=order), size=3, backward=True)
        # then
        assert forward == expected, order
        assert backward == expected, order
    # a cursor of another order, or more than 100 rows, is INVALID
    cursor = (await page(order="ID", first=1))["pageInfo"]["endCursor"]
    for variables in ({"order": "AT_DESC", "after": cursor}, {"order": "ID", "first": 101}):
        body = await api.raw(AUDIT_PAGE, variables, as_="admin")
        assert body["errors"][0]["extensions"]["code"] == "INVALID", body


async def test_the_audit_log_cannot_be_written_through_the_api(api: Api, demo) -> None:
    names = mutation_names()
    assert not [name for name in names if "audit" in name.lower()]


@pytest.mark.skipif(
    os.environ.get("LOUDONG_TEST_BACKEND", "sqlite") != "postgres",
    reason="concurrent writers need PostgreSQL (SQLite has one writer)",
)
async def test_the_chain_stays_linear_under_concurrent_mutations(api: Api, demo) -> None:
    # given
    state: dict[str, Any] = {}
    await setup(state)
    await api.token("community1")
    before = await models.AuditRecord.all().count()

    async def create(n: int) -> dict[str, Any]:
        return await run(api, "createHousehold", "(input: $input)", {"input": (
            "CreateHouseholdInput!", {"buildingId": state["building"], "number": f"并发-{n}"})},
            "community1", "household { id }")  # fmt: skip

    # when
    payloads = await asyncio.gather(*(create(n) for n in range(20)))
    # then
    assert all(p["errors"] == [] for p in payloads)
    chain = await records()
    assert len(chain) == before + 20
    assert [r.seq for r in chain] == list(range(1, len(chain) + 1))
    assert len({r.prev_hash for r in chain}) == len(chain)
    count, problem = await verify()
    assert problem is None
    assert count == len(chain)


async def test_a_disputes_content_stays_out_of_the_audit_log(api: Api, demo) -> None:
    # given: auditors read no disputes (case.read_dispute is community level and up)
    state: dict[str, Any] = {}
    await setup(state)
    dispute = {"kind": "DISPUTE", "nodeId": state["building"], "title": "邻里噪音纠纷",
               "description": "楼上每晚装修", "parties": "302室与402室"}  # fmt: skip
    variables = {"input": ("SubmitCaseInput!", dispute)}
    payload = await run(api, "submitCase", "(input: $input)", variables, "resident1", "case { id }")
    assert payload["errors"] == [], payload
    # when
    data = await api.gql(AUDIT_LOG, {"filter": {"operation": "submitCase"}}, as_="auditor1")
    # then: the record is there, what it says is not
    [edge] = data["auditLog"]["edges"]
    text = json.dumps(edge, ensure_ascii=False)
    assert payload["case"]["id"] in edge["node"]["objectIds"]
    assert not any(word in text for word in ("噪音", "装修", "302室"))
    assert {c["field"]: c["after"] for c in edge["node"]["changes"]}["kind"] == "DISPUTE"


async def test_a_removal_records_what_was_removed(api: Api, demo) -> None:
    # given
    state: dict[str, Any] = {}
    await setup(state)
    for name in ("createHousehold", "createResident", "assignTitle", "removeTitle"):
        assert (await CALLS[name](api, state))["errors"] == [], name
    # then: the title's fields before, nothing after
    changes = json.loads((await records("removeTitle"))[-1].changes)
    removed = {field: (before, after) for object_id, field, before, after in changes
               if object_id == state["title"]}  # fmt: skip
    assert removed["kind"] == ("BUILDING_HEAD", None)
