"""A file of rows streamed as they are read: a keyset source, a writer, the response's headers.

Rows are read in id order, BATCH at a time, each batch its own `id > last` query: no cursor,
transaction or connection is held between batches, so a client that reads slowly holds none.
Masking and the queries run on the event loop (cheap per row); the formatting runs in worker
threads bounded by the services' file limiter, so a large XLSX never stalls other requests.

A file holds at most `cap` rows. Whether it will be cut is known before the first byte (the
id of row `cap` + 1 is looked up), so the response can say so in a header; the file says it
again at its end (a last line in CSV, a note row in XLSX).
"""

import re
import unicodedata
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar
from urllib.parse import quote

from anyio import CapacityLimiter, to_thread
from tortoise.models import Model
from tortoise.queryset import QuerySet

from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.exports.tabular import Column, CsvWriter, Format, Lang, Row, XlsxWriter
from resolvers.offload import run_off_loop

BATCH = 500
CHUNK = 64 * 1024
MAX_FILENAME = 80

M = TypeVar("M", bound=Model)


class KeysetSource(Generic[M]):
    """The rows of `query` in id order, `to_rows` turning each batch of models into cells."""

    def __init__(
        self,
        query: QuerySet[M],
        to_rows: Callable[[list[M]], Awaitable[list[Row]]],
        cap: int,
        batch: int = BATCH,
    ) -> None:
        self._query = query
        self._to_rows = to_rows
        self.cap = max(cap, 1)
        self._batch = batch
        self._last_id: int | None = None
        self.truncated = False

    async def measure(self) -> None:
        """Whether more than `cap` rows match; if so, the file ends at row `cap`'s id."""
        rows = await self._query.order_by("id").offset(self.cap - 1).limit(2).values_list("id")
        if len(rows) == 2:  # row `cap` and one more
            self._last_id, self.truncated = int(rows[0][0]), True

    async def batches(self) -> AsyncIterator[list[Row]]:
        query = self._query
        if self._last_id is not None:
            query = query.filter(id__lte=self._last_id)
        last, sent = 0, 0
        while sent < self.cap:
            page = (
                await query.filter(id__gt=last)
                .order_by("id")
                .limit(min(self._batch, self.cap - sent))
            )
            if not page:
                return
            last, sent = page[-1].pk, sent + len(page)
            yield await self._to_rows(page)
        # Rows that came into scope since `measure` (moved residents) are cut here too.
        if not self.truncated and await query.filter(id__gt=last).exists():
            self.truncated = True


class Source(Protocol):
    """Where a file's rows come from: a KeysetSource, or rows computed whole (a ranking)."""

    cap: int
    truncated: bool

    async def measure(self) -> None: ...

    def batches(self) -> AsyncIterator[list[Row]]: ...


class ListSource:
    """Rows computed before the file (a ranking, at most `cap` + 1 asked of the database)."""

    def __init__(self, rows: list[Row], cap: int, batch: int = BATCH) -> None:
        self.cap = max(cap, 1)
        self.truncated = len(rows) > self.cap
        self._rows = rows[: self.cap]
        self._batch = batch

    async def measure(self) -> None:
        return None

    async def batches(self) -> AsyncIterator[list[Row]]:
        for start in range(0, len(self._rows), self._batch):
            yield list(self._rows[start : start + self._batch])


# Path separators, quotes and what a file system or a header refuses; control, format (bidi
# overrides: `名单‮xslx.exe`) and separator characters go too.
UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|;%]')


def clean_filename(name: str) -> str:
    name = unicodedata.normalize("NFC", name)
    kept = "".join(
        "_" if UNSAFE_IN_NAME.match(c) or (unicodedata.category(c)[0] in "CZ" and c != " ") else c
        for c in name
    )
    return kept.strip(" .")[:MAX_FILENAME] or "export"


def content_disposition(filename: str, fallback: str) -> str:
    """`attachment` with an ASCII `filename` and the real one RFC 5987-encoded (`filename*`):
    every byte outside letters, digits and `-._~` is percent-encoded, so no name can end the
    header, add a parameter or start another header."""
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", fallback)[:MAX_FILENAME] or "export"
    encoded = quote(clean_filename(filename), safe="")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}"


@dataclass
class Download:
    """A file to stream: its chunks, its headers, and the gate's place to give back."""

    chunks: AsyncGenerator[bytes, None]
    media_type: str
    filename: str
    fallback_filename: str
    truncated: bool
    release: Callable[[], None]

    def headers(self) -> dict[str, str]:
        return {
            "Content-Disposition": content_disposition(self.filename, self.fallback_filename),
            # Personal data: never kept by a browser or a proxy, never sniffed into a page.
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "X-Export-Truncated": "true" if self.truncated else "false",
        }


@dataclass(frozen=True)
class Sheet:
    """What a file is called and holds: its columns, names and the sheet's title."""

    columns: Sequence[Column]
    name: str  # 居民名单-第一社区-20260615 (extension added)
    fallback_name: str  # residents-20260615, ASCII
    title: str  # the XLSX sheet's name (at most 31 characters, none of []:*?/\)


def truncation_note(cap: int, lang: Lang) -> str:
    if lang is Lang.ZH:
        return f"注意：结果超过 {cap:,} 行，本文件只含前 {cap:,} 行。请缩小筛选范围后分批导出。"
    return (
        f"Note: more than {cap:,} rows matched; this file holds the first {cap:,}. "
        "Narrow the filter to export the rest."
    )


async def download(ctx: Context, sheet: Sheet, source: Source, fmt: Format, lang: Lang) -> Download:
    """The file, ready to stream; INVALID and NOT_FOUND are raised before this (by the scoped
    query), RATE_LIMITED here when too many downloads run."""
    user = require_user(ctx)
    release = ctx.services.export_gate.enter(user.id)  # before any work: a busy one costs none
    try:
        await source.measure()
    except BaseException:
        release()
        raise
    note = truncation_note(source.cap, lang)
    limiter = ctx.services.file_limiter
    if fmt is Format.CSV:
        chunks = _csv(CsvWriter(sheet.columns, lang), source, note, limiter)
    else:
        chunks = _xlsx(XlsxWriter(sheet.columns, lang, sheet.title), source, note, limiter)
    return Download(
        chunks=chunks,
        media_type=fmt.media_type,
        filename=f"{clean_filename(sheet.name)}.{fmt.value}",
        fallback_filename=f"{sheet.fallback_name}.{fmt.value}",
        truncated=source.truncated,
        release=release,
    )


async def _csv(
    writer: CsvWriter, source: Source, note: str, limiter: CapacityLimiter
) -> AsyncGenerator[bytes, None]:
    yield writer.header()
    async for rows in source.batches():
        yield await run_off_loop(limiter, writer.rows, rows)
    if source.truncated:
        yield writer.note(note)


async def _xlsx(
    writer: XlsxWriter, source: Source, note: str, limiter: CapacityLimiter
) -> AsyncGenerator[bytes, None]:
    """Rows go to the workbook's temporary file as they come; the zip is sent once written."""
    try:
        await run_off_loop(limiter, writer.header)
        async for rows in source.batches():
            await run_off_loop(limiter, writer.rows, rows)
        if source.truncated:
            await run_off_loop(limiter, writer.note, note)
        file = await run_off_loop(limiter, writer.finish)
        while chunk := await to_thread.run_sync(file.read, CHUNK):
            yield chunk
    finally:
        # A worker thread never runs on the writer now (cancelling waits for it to finish).
        writer.discard()
