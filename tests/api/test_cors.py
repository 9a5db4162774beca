"""LOUDONG_CORS_ORIGINS: a page on a listed origin may call the API from a browser (preflight
and the request itself); any other origin gets no CORS header, and no origin gets credentials
(issue 10)."""

import dataclasses
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager

from app.main import create_app
from app.settings import Settings

ALLOWED = "https://console.example.org"
QUERY = {"query": "{ __typename }"}


def preflight(origin: str, headers: str = "authorization, content-type") -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": headers,
    }


@pytest.fixture
async def cors(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    configured = dataclasses.replace(settings, cors_origins=(ALLOWED, "http://localhost:5173"))
    async with LifespanManager(create_app(configured)) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http


async def test_an_allowed_origin_passes_the_preflight(cors: httpx.AsyncClient):
    # when
    response = await cors.options("/graphql", headers=preflight(ALLOWED))
    # then
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED
    methods = {m.strip() for m in response.headers["access-control-allow-methods"].split(",")}
    assert methods == {"GET", "POST", "OPTIONS"}
    allowed = response.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed
    assert "content-type" in allowed
    assert "access-control-allow-credentials" not in response.headers
    assert "origin" in response.headers["vary"].lower()


async def test_an_allowed_origin_reads_the_answer(cors: httpx.AsyncClient):
    # when
    response = await cors.post(
        "/graphql", json=QUERY, headers={"Origin": ALLOWED, "Authorization": "Bearer nothing"}
    )
    # then
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "access-control-allow-credentials" not in response.headers
    assert "origin" in response.headers["vary"].lower()
    # a download's file name is readable by the page
    assert "content-disposition" in response.headers["access-control-expose-headers"].lower()


@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.example.net",
        "https://console.example.org.evil.example.net",
        "http://console.example.org",
        "https://console.example.org:8443",
        "null",
    ],
)
async def test_another_origin_gets_no_cors_header(cors: httpx.AsyncClient, origin: str):
    # when
    refused = await cors.options("/graphql", headers=preflight(origin))
    answered = await cors.post("/graphql", json=QUERY, headers={"Origin": origin})
    # then: the browser withholds the answer; the server's own work is no different
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers
    assert "access-control-allow-origin" not in answered.headers
    assert answered.json() == {"data": {"__typename": "Query"}}


async def test_other_methods_and_headers_are_not_allowed(cors: httpx.AsyncClient):
    headers = {**preflight(ALLOWED), "Access-Control-Request-Method": "DELETE"}
    assert (await cors.options("/graphql", headers=headers)).status_code == 400
    cookie = preflight(ALLOWED, headers="authorization, x-csrftoken")
    assert (await cors.options("/graphql", headers=cookie)).status_code == 400


async def test_no_origins_no_cors_at_all(client: httpx.AsyncClient):
    # the default app: LOUDONG_CORS_ORIGINS empty
    response = await client.options("/graphql", headers=preflight(ALLOWED))
    answered = await client.post("/graphql", json=QUERY, headers={"Origin": ALLOWED})
    assert response.status_code == 405
    assert not any(key.startswith("access-control-") for key in response.headers)
    assert not any(key.startswith("access-control-") for key in answered.headers)
