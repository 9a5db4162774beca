"""Costly documents are refused before validation; validation runs off the loop, time-boxed."""

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from graphql import GraphQLError, parse

import schema.limits
from app.main import create_app
from app.settings import Settings
from schema import schema as graphql_schema
from schema.limits import ANONYMOUS, SIGNED_IN, TooCostly, measure
from tests.helpers import Api

REFUSED = "QUERY_TOO_COSTLY"


def code_of(body: dict[str, Any]) -> str:
    assert body.get("data") is None, body
    code: str = body["errors"][0]["extensions"]["code"]
    return code


async def test_repeated_fields_are_refused_before_validation(api: Api, demo):
    # given: the 8.7 KB document that froze the server (graphql-core's quadratic rule)
    query = "{" + " ".join(["me { id }"] * 1249) + "}"
    # when / then: anonymous and signed in alike
    assert code_of(await api.raw(query)) == REFUSED
    assert code_of(await api.raw(query, as_="admin")) == REFUSED


@pytest.mark.parametrize(
    ("field", "arguments"),
    [
        ("residentsCsv", ""),
        ("login", '(username: "admin", password: "wrong-password")'),
    ],
)
async def test_some_root_fields_are_allowed_once_per_request(api: Api, demo, field, arguments):
    selection = "" if field == "residentsCsv" else " { token }"
    query = "{ " if field == "residentsCsv" else "mutation { "
    query += " ".join(f"a{i}: {field}{arguments}{selection}" for i in range(2)) + " }"
    assert code_of(await api.raw(query, as_="admin")) == REFUSED


async def test_amplified_lists_are_refused(api: Api, demo):
    # given: 30 aliases of the largest page, each with nested household members
    one = "residents(first: 100) { edges { node { id name household { members { id name } } } } }"
    query = "{ " + " ".join(f"r{i}: {one}" for i in range(30)) + " }"
    # when / then
    assert code_of(await api.raw(query, as_="admin")) == REFUSED
    # but one such list is fine
    single = await api.gql("{ " + one + " }", as_="admin")
    assert len(single["residents"]["edges"]) == 100


async def test_anonymous_callers_have_tighter_limits(api: Api, demo):
    # given: a document of about 800 tokens (fine for staff, too long for anyone)
    variables = ", ".join(f"$v{i}: Int" for i in range(200))
    query = f"query Long({variables}) {{ __typename }}"
    # then: refused for anyone; staff get past the guard (to validation, which finds the
    # unused variables)
    body = await api.raw(query)
    assert code_of(body) == REFUSED
    assert "too long" in body["errors"][0]["message"]
    staff = await api.raw(query, as_="admin")
    assert staff["errors"][0].get("extensions", {}).get("code") != REFUSED
    assert "is never used" in staff["errors"][0]["message"]


def test_cost_counts_rows_of_connections_and_lists():
    document = parse(
        "query($n: Int) { cases(first: $n) { edges { node { id events { note } } } } }"
    )
    # per case: edges -> node(1 + id + events(10 x (1 + note)))
    cost = measure(graphql_schema._schema, document, {"n": 50}, SIGNED_IN)
    assert cost == 50 * (1 + 1 * (1 + 1 * (1 + 1 + 10 * (1 + 1))))
    with pytest.raises(TooCostly):
        measure(graphql_schema._schema, document, {"n": 50}, ANONYMOUS)


@pytest.fixture
async def production_api(settings: Settings) -> AsyncIterator[Api]:
    production = dataclasses.replace(settings, introspection=False, suggestions=False)
    async with LifespanManager(create_app(production)) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield Api(client)


INTROSPECT = "{ __schema { queryType { name } } }"
TYPO = "{ orgNodez { id } }"


async def test_introspection_and_suggestions_are_on_while_developing(api: Api):
    assert (await api.raw(INTROSPECT))["data"]["__schema"]["queryType"]["name"] == "Query"
    assert "Did you mean" in (await api.raw(TYPO))["errors"][0]["message"]


async def test_introspection_and_suggestions_are_off_in_production(production_api: Api):
    introspect, typo = INTROSPECT, TYPO
    refused = await production_api.raw(introspect)
    assert "introspection" in refused["errors"][0]["message"].lower()
    message = (await production_api.raw(typo))["errors"][0]["message"]
    assert "Cannot query field" in message
    assert "Did you mean" not in message


async def test_validation_is_time_boxed_off_the_event_loop(
    api: Api, monkeypatch: pytest.MonkeyPatch
):
    # given: a validation that takes far longer than the time limit
    def slow_validation(*args: object, **kwargs: object) -> list[GraphQLError]:
        time.sleep(0.5)
        return []

    monkeypatch.setattr("strawberry.schema.schema.validate_document", slow_validation)
    monkeypatch.setattr(schema.limits, "VALIDATION_SECONDS", 0.1)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    # when
    task = asyncio.create_task(ticker())
    started = time.monotonic()
    body = await api.raw("{ uniqueQueryForTheTimeLimit: __typename }")
    elapsed = time.monotonic() - started
    task.cancel()
    # then: refused at the limit, and the loop kept turning meanwhile
    assert code_of(body) == REFUSED
    assert "too long" in body["errors"][0]["message"]
    assert elapsed < 0.5
    assert ticks >= 3


async def test_validation_results_are_cached(api: Api, monkeypatch: pytest.MonkeyPatch):
    calls = 0
    from strawberry.schema.schema import validate_document

    def counting(*args, **kwargs):
        nonlocal calls
        calls += 1
        return validate_document(*args, **kwargs)

    monkeypatch.setattr("strawberry.schema.schema.validate_document", counting)
    query = "{ cachedQueryForTheCacheTest: __typename }"
    for _ in range(3):
        assert (await api.raw(query))["data"] == {"cachedQueryForTheCacheTest": "Query"}
    assert calls == 1


@pytest.mark.parametrize("how", ["literal", "variable"])
async def test_huge_texts_are_refused_whole(api: Api, demo, how: str):
    # given: a 100,000-character search (it used to reach SQL and the log; a 3 MB one no longer
    # gets past the request body limit, tests/api/test_upload_limits.py)
    huge = "楼" * 100_000
    if how == "literal":
        query, variables = f'{{ orgNodes(search: "{huge}") {{ totalCount }} }}', None
    else:
        query = "query($s: String) { orgNodes(search: $s) { totalCount } }"
        variables = {"s": huge}
    # when
    body = await api.raw(query, variables, as_="admin")
    # then
    assert code_of(body) == "INVALID"
    assert "at most 10,000 characters" in body["errors"][0]["message"]


@pytest.mark.parametrize("as_", [None, "admin"])
async def test_a_query_text_too_long_is_never_parsed(api: Api, demo, as_: str | None):
    # given: a tiny query padded with a comment (comments are no tokens, but cost parsing)
    query = "{ me { id } } #" + "a" * 300_000
    # when
    body = await api.raw(query, as_=as_)
    # then
    assert code_of(body) == REFUSED
    assert "too long" in body["errors"][0]["message"]


async def test_fragments_share_the_counts_of_the_selection_they_stand_in(api: Api, demo):
    # given: the same field through 30 inline fragments, and login twice through a fragment
    repeated = "{ " + " ".join(["... { me { id } }"] * 30) + " }"
    logins = (
        'mutation { ... on Mutation { a: login(username: "admin", password: "guess-one") '
        '{ token } b: login(username: "admin", password: "guess-two") { token } } }'
    )
    spread = (
        'mutation { ...L } fragment L on Mutation { a: login(username: "admin", '
        'password: "guess-one") { token } b: login(username: "admin", password: "x-y-z-1") '
        "{ token } }"
    )
    # then
    assert code_of(await api.raw(repeated, as_="resident1")) == REFUSED
    for query in (logins, spread):
        body = await api.raw(query)
        assert code_of(body) == REFUSED
        assert "once per request" in body["errors"][0]["message"]


def test_connections_count_their_default_page_and_variables_their_defaults():
    def cost(query: str) -> int:
        return measure(graphql_schema._schema, parse(query), None, SIGNED_IN)

    tree = "{ orgNodes%s { edges { node { id children%s { edges { node { id } } } } } } }"
    # a connection without `first` returns its default page (20)
    assert cost(tree % ("", "")) == cost(tree % ("(first: 20)", "(first: 20)")) > 400
    # a variable left out takes its declared default
    with_default = "query($n: Int = 100) " + tree % ("(first: $n)", "(first: $n)")
    assert cost(with_default) == cost(tree % ("(first: 100)", "(first: 100)"))
