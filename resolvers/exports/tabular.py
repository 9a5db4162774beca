"""Columns and the two file writers. Writers do CPU work only (no I/O but their temporary
files): call them in a worker thread (resolvers/offload.py), one call at a time per writer.

Every cell is text and passes resolvers/spreadsheets.py on its way out: formulas are
neutralised in both formats, and in CSV a column that holds digits (`as_text`) gets the tab
that keeps Excel from turning an ID number into `5.20302E+17`.
"""

import csv
import io
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum, StrEnum
from typing import IO, TypeVar

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from models.workflows.points import LOCAL_TZ
from resolvers.spreadsheets import csv_text_cell, safe_cell, xlsx_cell

E = TypeVar("E", bound=Enum)
Row = Sequence[str]
BOM = "\ufeff"


class Lang(StrEnum):
    """Headers and labels: Chinese by default, English (the import's column names) on request."""

    ZH = "zh"
    EN = "en"

    def pick(self, zh: str, en: str) -> str:
        """The text in this language."""
        return zh if self is Lang.ZH else en

    def label(self, labels: Mapping[E, str], value: E) -> str:
        """An enum value as a cell: its Chinese label, or in English its value."""
        return self.pick(labels[value], str(value.value))


def local_minute(value: datetime | None) -> str:
    """A moment as a cell: local time to the minute, or blank."""
    return "" if value is None else value.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M")


class Format(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"

    @property
    def media_type(self) -> str:
        if self is Format.CSV:
            return "text/csv; charset=utf-8"
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    title: str  # the Chinese header
    key: str  # the English header (lang=en); an import's column name where there is one
    width: int = 12  # XLSX width, in Latin characters (a Chinese one takes two)
    as_text: bool = False  # digits Excel must keep as they are (ID numbers, phones)

    def header(self, lang: Lang) -> str:
        return lang.pick(self.title, self.key)


class CsvWriter:
    """UTF-8 with a BOM (so Chinese Excel does not read it as GBK), CRLF lines, as Excel writes."""

    def __init__(self, columns: Sequence[Column], lang: Lang) -> None:
        self._columns = columns
        self._lang = lang
        self._as_text = [column.as_text for column in columns]

    def header(self) -> bytes:
        cells = [safe_cell(column.header(self._lang)) for column in self._columns]
        return BOM.encode() + self._lines([cells])

    def rows(self, rows: Sequence[Row]) -> bytes:
        return self._lines(
            [
                csv_text_cell(cell) if as_text else safe_cell(cell)
                for cell, as_text in zip(row, self._as_text, strict=True)
            ]
            for row in rows
        )

    def note(self, text: str) -> bytes:
        return self._lines([[safe_cell(text)]])

    @staticmethod
    def _lines(rows: Iterable[Iterable[str]]) -> bytes:
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        return out.getvalue().encode("utf-8")


class XlsxWriter:
    """One sheet written row by row (openpyxl's write-only mode keeps no rows in memory: each
    goes to a temporary file), header frozen, a width per column; every cell a string cell."""

    def __init__(self, columns: Sequence[Column], lang: Lang, title: str) -> None:
        self._columns = columns
        self._lang = lang
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet(title=title)
        self._saved = False
        self._file: IO[bytes] | None = None
        # Both are written with the sheet's start, so they come before the first row.
        for index, column in enumerate(columns, start=1):
            self._sheet.column_dimensions[get_column_letter(index)].width = column.width
        self._sheet.freeze_panes = "A2"

    def header(self) -> None:
        bold = Font(bold=True)
        cells = []
        for column in self._columns:
            cell = WriteOnlyCell(self._sheet, value=xlsx_cell(column.header(self._lang)))
            cell.font = bold
            cells.append(cell)
        self._sheet.append(cells)

    def rows(self, rows: Sequence[Row]) -> None:
        for row in rows:
            self._sheet.append([xlsx_cell(cell) if cell else None for cell in row])

    def note(self, text: str) -> None:
        cell = WriteOnlyCell(self._sheet, value=xlsx_cell(text))
        cell.font = Font(bold=True, color="C00000")
        self._sheet.append([cell])

    def finish(self) -> IO[bytes]:
        """The workbook, in an unnamed temporary file read from its start; the caller closes it."""
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (handed to the caller)
        self._book.save(self._file)
        self._saved = True
        self._file.seek(0)
        return self._file

    def discard(self) -> None:
        """Remove what an unfinished workbook left (openpyxl's temporary sheet file)."""
        writer = getattr(self._sheet, "_writer", None)
        if not self._saved and writer is not None:
            try:
                self._sheet.close()
            finally:
                writer.cleanup()
            self._saved = True
        if self._file is not None:
            self._file.close()
