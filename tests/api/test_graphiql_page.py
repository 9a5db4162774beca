"""GET /graphql in a browser is our own GraphiQL page, every file of it served by this app from
a fixed table, with headers that keep the page to its own files (issue 10)."""

import base64
import dataclasses
import hashlib
import re
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager

from app.main import create_app
from app.settings import Settings

HTML = {"Accept": "text/html"}


@pytest.fixture
async def browser(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the app with GraphiQL on (the other tests' app has it off)."""
    app = create_app(dataclasses.replace(settings, graphiql=True))
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http


async def test_the_page_keeps_to_its_own_files(browser: httpx.AsyncClient):
    # when
    response = await browser.get("/graphql", headers=HTML)
    # then
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert script_src.strip() == "script-src 'self'"  # no inline script, no eval
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "unpkg" not in response.text
    assert not re.search(r"(https?:)?//", response.text)


async def test_every_file_the_page_loads_is_served_as_its_integrity_says(
    browser: httpx.AsyncClient,
):
    # given
    page = (await browser.get("/graphql", headers=HTML)).text
    loaded = re.findall(r'(?:src|href)="(graphiql/[^"]+)" integrity="sha384-([^"]+)"', page)
    assert len(loaded) == 8
    for url, integrity in loaded:
        # when
        response = await browser.get(f"/{url}")
        # then
        assert response.status_code == 200, url
        expected = "text/javascript" if url.split("?")[0].endswith(".js") else "text/css"
        assert response.headers["content-type"].startswith(expected), url
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        digest = base64.b64encode(hashlib.sha384(response.content).digest()).decode()
        assert digest == integrity, url


async def test_files_are_gzipped_for_browsers_that_accept_it(browser: httpx.AsyncClient):
    plain = await browser.get("/graphiql/graphiql.min.js", headers={"Accept-Encoding": "identity"})
    # when
    zipped = await browser.get("/graphiql/graphiql.min.js", headers={"Accept-Encoding": "gzip"})
    # then: httpx unzips it again
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < len(plain.content) // 3
    assert zipped.content == plain.content
    # without the page's version, a browser asks again (and gets 304 for the same file)
    assert plain.headers["cache-control"] == "no-cache"
    again = await browser.get(
        "/graphiql/graphiql.min.js", headers={"If-None-Match": plain.headers["etag"]}
    )
    assert again.status_code == 304
    assert not again.content


@pytest.mark.parametrize(
    "path",
    [
        "/graphiql/manifest.json",
        "/graphiql/graphiql.min.js.map",
        "/graphiql/graphiql.html",
        "/graphiql/..%2Fgraphiql.py",
        "/graphiql/%2e%2e%2fsettings.py",
        "/graphiql/..%5c..%5cpyproject.toml",
        "/graphiql/graphiql%2Fgraphiql.min.js",
        "/graphiql/static/graphiql-page.js",
        "/graphiql/",
        "/graphiql/GRAPHIQL.MIN.JS",
    ],
)
async def test_nothing_but_the_named_files_is_served(browser: httpx.AsyncClient, path: str):
    response = await browser.get(path)
    assert response.status_code == 404, path


async def test_without_graphiql_there_is_no_page_and_no_file(client: httpx.AsyncClient):
    # the `client` app runs with LOUDONG_GRAPHIQL off, as in production
    page = await client.get("/graphql", headers=HTML)
    assert "graphiql" not in page.text.lower()
    assert (await client.get("/graphiql/graphiql.min.js")).status_code == 404
