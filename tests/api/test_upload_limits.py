"""Imports and uploads cannot block the server: request bodies are bounded before they are
parsed, and a spreadsheet is read no further than its row and column caps, within a time limit,
in a worker thread (issue 8, item 13)."""

import asyncio
import dataclasses
import io
import json
import time
import zipfile
from collections.abc import AsyncIterator
from typing import Any

import httpx
import openpyxl
import pytest
from asgi_lifespan import LifespanManager
from starlette.types import ASGIApp, Message

import resolvers.people.files
from app.main import create_app
from app.settings import Settings
from resolvers.people.files import MAX_COLUMNS, MAX_ROWS, read_table
from tests.api.test_people_files import IMPORT, generated_rows, grid1_with_buildings, to_csv
from tests.helpers import Api, gid

HEADER = ["household", "name", "id_number"]


def workbook(rows: list[tuple[int, int, str]], header: list[str] = HEADER) -> bytes:
    """An XLSX with the header in row 1 and `value` at each (row, column)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row, column, value in rows:
        sheet.cell(row=row, column=column, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_error(data: dict[str, Any]) -> str:
    errors = data["importResidents"]["errors"]
    assert errors, data
    assert errors[0]["code"] == "INVALID", data
    assert errors[0]["field"] == "file"
    message: str = errors[0]["message"]
    return message


async def ticking_while(work: "asyncio.Future[Any]") -> list[float]:
    """The gaps between ticks of a 10 ms ticker on the loop while `work` runs."""
    gaps: list[float] = []
    last = time.perf_counter()
    while not work.done():
        await asyncio.sleep(0.01)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    return gaps


async def test_a_workbook_of_a_million_empty_rows_is_refused_while_the_loop_turns(api: Api, demo):
    # given: a 5 KB workbook whose one value sits in row 1,000,000 (empty rows between)
    content = workbook([(1_000_000, 1, "x")])
    assert len(content) < 10_000
    grid, _ = await grid1_with_buildings()
    await api.token("grid1")
    # when
    started = time.perf_counter()
    upload = asyncio.ensure_future(api.upload(IMPORT, {"node": gid(grid)}, content, as_="grid1"))
    gaps = await ticking_while(upload)
    elapsed = time.perf_counter() - started
    # then: refused at the row cap (empty rows count) rather than read to the end ...
    assert f"at most {MAX_ROWS:,} rows" in import_error(await upload)
    # ... and the event loop kept turning meanwhile: no tick waited for the file
    report = f"import {elapsed:.2f} s, {len(gaps)} ticks, longest gap {max(gaps):.3f} s"
    assert gaps, report
    assert max(gaps) < max(0.25, elapsed / 3), report


def test_columns_beyond_the_cap_are_never_read():
    # given: a value in the last column Excel has (XFD): every row would be 16,384 cells wide
    content = workbook([(2, 1, "1-101"), (2, 2, "张三"), (3, 16_384, "x")])
    # when
    table = read_table(content)
    # then: only the first MAX_COLUMNS columns were read
    assert MAX_COLUMNS < 16_384
    assert [line for line, _ in table] == [2]
    assert table[0][1] == {"household": "1-101", "name": "张三", "id_number": ""}


async def test_a_csv_of_empty_lines_counts_them(api: Api, demo):
    grid, _ = await grid1_with_buildings()
    content = b"household,name,id_number\n" + b",,\n" * (MAX_ROWS + 1)
    data = await api.upload(IMPORT, {"node": gid(grid)}, content, as_="grid1")
    assert f"at most {MAX_ROWS:,} rows" in import_error(data)


async def test_a_file_that_takes_too_long_to_read_is_refused(
    api: Api, demo, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(resolvers.people.files, "READ_SECONDS", 0.0)
    grid, buildings = await grid1_with_buildings()
    content = to_csv(generated_rows(buildings, 20))
    data = await api.upload(IMPORT, {"node": gid(grid)}, content, as_="grid1")
    assert import_error(data) == "The file took too long to read."


async def test_a_workbook_that_unpacks_to_too_much_is_refused_unopened(
    api: Api, demo, monkeypatch: pytest.MonkeyPatch
):
    # given: a zip whose sheet unpacks to a thousand times its size, past the (lowered) cap
    monkeypatch.setattr(resolvers.people.files, "MAX_UNPACKED_BYTES", 4 * 1024 * 1024)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (5 * 1024 * 1024))
    assert len(out.getvalue()) < 10_000
    grid, _ = await grid1_with_buildings()
    # when
    data = await api.upload(IMPORT, {"node": gid(grid)}, out.getvalue(), as_="grid1")
    # then
    assert import_error(data) == "The workbook is too large once unpacked."


async def test_unreadable_csv_is_invalid_not_an_unexpected_error(api: Api, demo):
    # given: a quote never closed, running past the csv module's field limit
    content = b'household,name,id_number\n1-101,"' + b"x" * 200_000 + b"\n"
    grid, _ = await grid1_with_buildings()
    data = await api.upload(IMPORT, {"node": gid(grid)}, content, as_="grid1")
    assert import_error(data).startswith("The CSV file cannot be read on line")


# ------------------------------------------------------------------ request bodies


async def asgi_call(app: ASGIApp, headers: dict[str, str]) -> tuple[int, dict[str, Any], int]:
    """POST /graphql with these headers straight through ASGI; (status, JSON body, how many
    times the app asked for the request body)."""
    reads = 0

    async def receive() -> Message:
        nonlocal reads
        reads += 1
        return {"type": "http.request", "body": b"{}", "more_body": True}

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/graphql", "raw_path": b"/graphql", "query_string": b"",
        "root_path": "", "server": ("test", 80), "client": ("127.0.0.1", 1234),
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }  # fmt: skip
    await app(scope, receive, send)
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], json.loads(body), reads


@pytest.mark.parametrize(
    ("content_type", "length"),
    [
        ("multipart/form-data; boundary=x", 150 * 1024 * 1024),  # the audit's 150 MB upload
        ("application/json", 3 * 1024 * 1024),  # a 3 MB search or username
    ],
)
async def test_a_declared_body_over_the_limit_is_refused_unread(
    app: ASGIApp, content_type: str, length: int
):
    status, body, reads = await asgi_call(
        app, {"content-type": content_type, "content-length": str(length)}
    )
    assert status == 413
    assert body["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert reads == 0


@pytest.fixture
async def small_limits(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The app with bodies of at most 64 KB (uploads) and 16 KB (anything else)."""
    limited = dataclasses.replace(settings, max_upload_bytes=65_536, max_body_bytes=16_384)
    async with LifespanManager(create_app(limited)) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


@pytest.mark.parametrize(
    ("content_type", "start", "limit"),
    [
        (
            "multipart/form-data; boundary=x",
            b'--x\r\nContent-Disposition: form-data; name="0"; filename="a.csv"\r\n\r\n',
            65_536,
        ),
        ("application/json", b'{"query": "{ me { id } }", "variables": {"s": "', 16_384),
    ],
)
async def test_a_chunked_body_growing_past_the_limit_is_cut_off(
    small_limits: httpx.AsyncClient, content_type: str, start: bytes, limit: int
):
    # given: a body without a length that would grow to 40 MB, 4 KB at a time
    chunk = 4_096
    sent = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal sent
        yield start
        for _ in range(10_000):
            sent += chunk
            yield b"a" * chunk

    # when
    response = await small_limits.post(
        "/graphql", content=endless(), headers={"content-type": content_type}
    )
    # then: refused as soon as it passed the limit, the rest never read
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert sent <= limit + 2 * chunk


async def test_bodies_under_the_limit_are_served(small_limits: httpx.AsyncClient):
    response = await small_limits.post("/graphql", json={"query": "{ __typename }"})
    assert response.json() == {"data": {"__typename": "Query"}}
