"""Messages follow Accept-Language (zh-CN or English); codes stay the same (issue 10)."""

import json
import re
from typing import Any

import httpx
import pytest

import models
from app.seed import DEMO_PASSWORD
from tests.helpers import Api, first_node_of, gid, node_named

CJK = re.compile(r"[\u4e00-\u9fff]")
ZH = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}
EN = {"Accept-Language": "en-US,en;q=0.9"}

LOGIN = """mutation($u: String!, $p: String!) {
  login(username: $u, password: $p) { token errors { field code message } } }"""
MOVE = """mutation($id: ID!, $to: ID!) {
  moveOrgNode(id: $id, newParentId: $to) { orgNode { id } errors { field code message } } }"""
ME_GRANTS = "{ orgNodes(first: 1) { totalCount } }"


async def post(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    headers: dict[str, str],
    token: str | None = None,
) -> httpx.Response:
    auth = {"Authorization": f"Bearer {token}"} if token else {}
    return await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers | auth
    )


async def test_a_payload_error_is_chinese_under_zh_cn_and_english_without(
    client: httpx.AsyncClient, demo
):
    variables = {"u": "grid1", "p": "not-the-password"}
    # when
    zh = (await post(client, LOGIN, variables, headers=ZH)).json()["data"]["login"]["errors"]
    en = (await post(client, LOGIN, variables, headers={})).json()["data"]["login"]["errors"]
    # then: the same code and field, the message in each language
    assert zh == [{"field": "password", "code": "UNAUTHENTICATED", "message": "用户名或密码错误。"}]
    assert en == [
        {"field": "password", "code": "UNAUTHENTICATED", "message": "Wrong username or password."}
    ]


async def test_a_graphql_error_is_chinese_and_keeps_its_code(client: httpx.AsyncClient, demo):
    # when: no token
    zh = (await post(client, ME_GRANTS, headers=ZH)).json()["errors"][0]
    en = (await post(client, ME_GRANTS, headers=EN)).json()["errors"][0]
    # then
    assert zh["extensions"]["code"] == en["extensions"]["code"] == "UNAUTHENTICATED"
    assert zh["message"] == "请先登录：请求头带上 `Authorization: Bearer <token>`。"
    assert en["message"].startswith("Sign in first")


async def test_levels_are_named_in_chinese_inside_a_sentence(
    client: httpx.AsyncClient, api: Api, demo
):
    # given: a grid cannot move under a street
    street = await node_named(models.OrgLevel.STREET, 0)
    grid = await first_node_of(models.OrgLevel.GRID, street)
    token = await api.token("street1")
    variables = {"id": gid(grid), "to": gid(street)}
    # when
    zh = await post(client, MOVE, variables, headers=ZH, token=token)
    en = await post(client, MOVE, variables, headers=EN, token=token)
    # then
    [error] = zh.json()["data"]["moveOrgNode"]["errors"]
    assert (error["code"], error["message"]) == ("INVALID", "网格节点只能移动到社区之下。")
    [error] = en.json()["data"]["moveOrgNode"]["errors"]
    assert error["message"] == "A GRID node moves only under a COMMUNITY."


async def test_a_refused_document_is_chinese(client: httpx.AsyncClient, demo):
    # given: anonymous callers get 100 fields
    query = "{ " + " ".join(f"a{n}: __typename" for n in range(150)) + " }"
    # when
    body = (await post(client, query, headers=ZH)).json()
    # then
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert CJK.search(body["errors"][0]["message"]), body


async def test_bad_requests_and_too_large_bodies_are_chinese(client: httpx.AsyncClient, demo):
    # when
    malformed = await client.post(
        "/graphql", content=b"{not json", headers=ZH | {"Content-Type": "application/json"}
    )
    not_object = await client.post(
        "/graphql", content=b"[1]", headers=ZH | {"Content-Type": "application/json"}
    )
    too_large = await client.post(
        "/graphql",
        content=json.dumps({"query": "{ me { id } }", "x": "a" * 2_000_000}).encode(),
        headers=ZH | {"Content-Type": "application/json"},
    )
    # then
    for response, status, code in (
        (malformed, 400, "BAD_REQUEST"),
        (not_object, 400, "BAD_REQUEST"),
        (too_large, 413, "PAYLOAD_TOO_LARGE"),
    ):
        error = response.json()["errors"][0]
        assert (response.status_code, error["extensions"]["code"]) == (status, code)
        assert CJK.search(error["message"]), error


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        ("{ orgNodes(first: -1) { totalCount } }", {}, "INVALID"),
        ('{ orgNodes(first: 1, after: "bm9wZQ==") { totalCount } }', {}, "INVALID"),
        ("{ residents(filter: {minAge: 2147483647}) { totalCount } }", {}, "INVALID"),
        (
            'mutation { createOrgNode(input: {parentId: null, name: "x", level: GRID}) '
            "{ errors { code message } } }",
            {},
            "FORBIDDEN",
        ),
        (
            'mutation { createUser(input: {username: "x1", displayName: "x", password: "p"}) '
            "{ errors { code message } } }",
            {},
            "INVALID",  # the password is too short
        ),
        (
            'mutation { grantRole(input: {userId: "VXNlcjox", role: GRID_LEADER, '
            'nodeId: "T3JnTm9kZTo5OTk5OTk="}) { errors { code message } } }',
            {},
            "NOT_FOUND",
        ),
    ],
)
async def test_each_code_reads_chinese(
    client: httpx.AsyncClient, api: Api, demo, query: str, variables: dict[str, Any], code: str
):
    token = await api.token("grid1")
    # when
    body = (await post(client, query, variables, headers=ZH, token=token)).json()
    # then: a top-level error or a payload error, with the code and a Chinese message
    errors = body.get("errors") or next(iter(body["data"].values()))["errors"]
    found = errors[0].get("extensions", errors[0]).get("code")
    assert found == code, body
    assert CJK.search(errors[0]["message"]), body


async def test_conflict_and_invalid_transition_read_chinese(
    client: httpx.AsyncClient, api: Api, demo
):
    # given: a case just submitted cannot be verified; a sibling name clashes
    token = await api.token("community1")
    community = await first_node_of(
        models.OrgLevel.COMMUNITY, await node_named(models.OrgLevel.STREET, 0)
    )
    grid = await models.OrgNode.filter(parent_id=community.id).order_by("id").first()
    assert grid is not None
    case = await models.Case.filter(status=models.CaseStatus.SUBMITTED).order_by("id").first()
    assert case is not None
    create = """mutation($p: ID!, $n: String!) { createOrgNode(input: {parentId: $p, name: $n,
      level: GRID}) { errors { code message } } }"""
    verify = "mutation($id: ID!) { verifyCase(id: $id) { errors { code message } } }"
    # when
    clash = await post(
        client, create, {"p": gid(community), "n": grid.name}, headers=ZH, token=token
    )
    step = await post(client, verify, {"id": gid(case)}, headers=ZH, token=await api.token("admin"))
    # then
    assert clash.json()["data"]["createOrgNode"]["errors"] == [
        {"code": "CONFLICT", "message": "同级节点中已有同名节点。"}
    ]
    [error] = step.json()["data"]["verifyCase"]["errors"]
    assert (error["code"], error["message"]) == ("INVALID_TRANSITION", "已提交的事项不能再验收。")


async def test_rate_limited_reads_chinese(client: httpx.AsyncClient, demo):
    # given: an address that signed in wrongly five times must wait
    variables = {"u": "grid1", "p": "wrong"}
    for _ in range(5):
        await post(client, LOGIN, variables, headers=ZH)
    # when
    body = (await post(client, LOGIN, variables, headers=ZH)).json()
    # then
    [error] = body["data"]["login"]["errors"]
    assert error["code"] == "RATE_LIMITED"
    assert re.fullmatch(r"密码错误次数过多，请 \d+ 秒后再试。", error["message"]), error


async def test_a_signed_in_request_still_follows_its_header(
    client: httpx.AsyncClient, api: Api, demo
):
    token = await api.token("grid1")
    body = await post(client, "{ orgNodes(first: -1) { totalCount } }", headers=ZH, token=token)
    assert body.json()["errors"][0]["message"] == "`first` 不能为负数。"
    assert DEMO_PASSWORD  # the demo users sign in with it (tests.helpers)


@pytest.mark.parametrize(
    ("query", "chinese"),
    [
        ("{ orgNodes(first: 101) { totalCount } }", "`first` 每页最多 100 行。"),
        ("{ orgNodes(last: -1) { totalCount } }", "`last` 不能为负数。"),
        ("{ orgNodes(first: 1, last: 1) { totalCount } }", "`first` 与 `last` 只能给出其一。"),
        ('{ orgNodes(after: "bm90IGEgY3Vyc29y") { totalCount } }', "无效的游标。"),
        (
            "{ orgNodes(level: GRID, filter: { level: GRID }) { totalCount } }",
            "请在 `filter` 之内给出 `level`，不要与它并列。",
        ),
    ],
)
async def test_page_and_filter_errors_are_chinese_too(
    client: httpx.AsyncClient, api: Api, demo, query: str, chinese: str
):
    token = await api.token("grid1")
    zh = (await post(client, query, headers=ZH, token=token)).json()["errors"][0]
    en = (await post(client, query, headers=EN, token=token)).json()["errors"][0]
    assert zh["extensions"] == en["extensions"]
    assert zh["extensions"]["code"] == "INVALID"
    assert zh["message"] == chinese
    assert not CJK.search(en["message"])
