"""The one way cells leave as a spreadsheet file (CSV today), safe to open in Excel or WPS.

A cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return before one) is a
formula to a spreadsheet: a resident named `=HYPERLINK("http://…"&G2,"详情")` would send the
next column (an ID number) to that address when clicked. Every exported cell that starts with
one of those characters gets a leading apostrophe, as OWASP recommends ("CSV Injection"); so
does a cell that starts with an apostrophe itself, so that `unescape_cell` gives back exactly
what was exported and an exported file imports again unchanged. No export holds numbers as
such (phones, ID numbers and dates are text), so nothing that was a number turns into text.
"""

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def safe_cell(value: str) -> str:
    """`value`, with an apostrophe in front when a spreadsheet would read it as a formula."""
    return ESCAPE + value if value.startswith((*FORMULA_STARTS, ESCAPE)) else value


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
