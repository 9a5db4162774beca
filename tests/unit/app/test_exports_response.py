"""A download ends however its client behaves: cut off after STREAM_SECONDS, always closed,
its place in the gate always given back."""

import time
from collections.abc import AsyncGenerator, MutableMapping
from typing import Any

import anyio
import pytest

import app.exports
from app.exports import DownloadResponse
from resolvers.exports.download import Download


class Endless:
    def __init__(self) -> None:
        self.closed = False
        self.released = 0

    async def chunks(self) -> AsyncGenerator[bytes, None]:
        try:
            while True:
                yield b"x" * 1024
        finally:
            self.closed = True

    def release(self) -> None:
        self.released += 1

    def download(self) -> Download:
        return Download(
            chunks=self.chunks(),
            media_type="text/csv; charset=utf-8",
            filename="居民名单.csv",
            fallback_filename="residents.csv",
            truncated=False,
            release=self.release,
        )


SCOPE: dict[str, Any] = {"type": "http", "method": "GET", "asgi": {"spec_version": "2.4"}}


async def never_disconnects() -> dict[str, Any]:
    await anyio.sleep_forever()
    raise AssertionError


async def test_a_client_that_stops_reading_is_cut_off(monkeypatch: pytest.MonkeyPatch):
    # given: a client that takes the headers and a first chunk, then reads nothing more
    monkeypatch.setattr(app.exports, "STREAM_SECONDS", 0.2)
    endless, sent = Endless(), list[Any]()

    async def stalls(message: MutableMapping[str, Any]) -> None:
        sent.append(message["type"])
        if len(sent) > 2:
            await anyio.sleep_forever()

    # when
    start = time.monotonic()
    await DownloadResponse(endless.download())(SCOPE, never_disconnects, stalls)
    # then: it returns, the stream is closed and the place given back once
    assert time.monotonic() - start < 2
    assert sent[0] == "http.response.start"
    assert (endless.closed, endless.released) == (True, 1)


async def test_head_builds_nothing_and_gives_the_place_back():
    endless, sent = Endless(), list[Any]()

    async def record(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    await DownloadResponse(endless.download())(
        {**SCOPE, "method": "HEAD"}, never_disconnects, record
    )
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    assert sent[1]["body"] == b""
    headers = dict(sent[0]["headers"])
    assert headers[b"content-disposition"].startswith(b"attachment; ")
    assert endless.released == 1
