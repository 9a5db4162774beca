"""Malformed requests get GraphQL errors with a 4xx status, never a 500 or a traceback."""

import httpx
import pytest


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"", b"[1, 2", b'"just a string"', b"null", b"42", b"[1, 2]"],
)
async def test_malformed_json_is_a_400_with_a_graphql_error(client: httpx.AsyncClient, body):
    response = await client.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[0]["message"]


async def test_graphql_syntax_error(client: httpx.AsyncClient):
    response = await client.post("/graphql", json={"query": "{ orgNodes { "})
    body = response.json()
    assert response.status_code == 200  # GraphQL over HTTP: a parse error is a result
    assert body["errors"][0]["message"].startswith("Syntax Error")
    assert "Traceback" not in response.text


async def test_unknown_fields_are_validation_errors(client: httpx.AsyncClient):
    response = await client.post("/graphql", json={"query": "{ nothingHere }"})
    assert "Cannot query field" in response.json()["errors"][0]["message"]


async def test_too_deep_queries_are_refused(client: httpx.AsyncClient):
    deep = "{ orgNodes { edges { node { " + "parent { " * 15 + "id" + " }" * 15 + " } } } }"
    response = await client.post("/graphql", json={"query": deep})
    assert "exceeds maximum operation depth" in response.json()["errors"][0]["message"]


async def test_malformed_node_id_is_an_invalid_error(client: httpx.AsyncClient, api, demo):
    token = await api.token("admin")
    response = await client.post(
        "/graphql",
        json={"query": '{ node(id: "%%%") { id } }'},
        headers={"Authorization": f"Bearer {token}"},
    )
    body = response.json()
    assert response.status_code == 200
    assert body["errors"][0]["extensions"]["code"] == "INVALID"


async def test_healthz(client: httpx.AsyncClient):
    response = await client.get("/healthz")
    assert response.json() == {"status": "ok"}
