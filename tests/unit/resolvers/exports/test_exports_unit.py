"""The pieces of a download that need no database: labels, names, the gate, the writers."""

import io
import os
from urllib.parse import unquote

import openpyxl
import pytest

import models
from resolvers.errors import RateLimited
from resolvers.exports.download import clean_filename, content_disposition
from resolvers.exports.gate import ExportGate
from resolvers.exports.residents import COLUMNS
from resolvers.exports.tabular import Column, CsvWriter, Lang, XlsxWriter


def test_every_tag_and_gender_has_a_chinese_label():
    for enum in (models.ResidentTag, models.Gender):
        for member in enum:
            assert member.label, member
            assert not member.label.isascii(), member
    assert models.ResidentTag.ELDER_LIVING_ALONE.label == "独居老人"
    labels = [tag.label for tag in models.ResidentTag]
    assert len(set(labels)) == len(labels)


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("居民名单-第一社区-20260615", "居民名单-第一社区-20260615"),
        ('a"b\\c/d:e*f?g<h>i|j;k%l', "a_b_c_d_e_f_g_h_i_j_k_l"),
        ("名单\u202egpj.exe", "名单_gpj.exe"),
        ("x\r\ny\tz\x00", "x__y_z_"),
        ("  ..  ", "export"),
        ("长" * 200, "长" * 80),
    ],
)
def test_filenames_are_cleaned(name, cleaned):
    assert clean_filename(name) == cleaned


def test_content_disposition_encodes_every_odd_byte():
    header = content_disposition('居民 "x"; y.csv', 'a"\r\nb.csv')
    assert header.startswith("attachment; filename=\"a___b.csv\"; filename*=UTF-8''")
    encoded = header.split("''", 1)[1]
    assert all(c.isalnum() or c in "%-._~" for c in encoded)
    assert unquote(encoded) == "居民 _x__ y.csv"


def test_the_gate_bounds_exports_per_user_and_in_all():
    gate = ExportGate(at_once=3, per_user=2)
    first, _ = gate.enter(1), gate.enter(1)
    with pytest.raises(RateLimited):
        gate.enter(1)
    third = gate.enter(2)
    with pytest.raises(RateLimited):
        gate.enter(3)
    first()
    first()  # leaving twice gives back one place only
    gate.enter(3)
    with pytest.raises(RateLimited):
        gate.enter(4)
    third()
    gate.enter(4)


def test_the_csv_writer_marks_text_columns_and_neutralises_the_rest():
    columns = [Column("姓名", "name"), Column("身份证号", "id_number", as_text=True)]
    writer = CsvWriter(columns, Lang.ZH)
    data = writer.header() + writer.rows([["=1+1", "520302199001011230"]]) + writer.note("-x")
    assert data.decode("utf-8") == ("\ufeff姓名,身份证号\r\n'=1+1,\t520302199001011230\r\n'-x\r\n")


def test_the_xlsx_writer_writes_strings_and_cleans_up_when_abandoned(tmp_path):
    writer = XlsxWriter(COLUMNS, Lang.EN, "residents")
    writer.header()
    writer.rows([["=cmd", "", "1990", "13800000000", "520302199001011230", "1", "b", ""]])
    temporary = writer._sheet._writer.out  # openpyxl's own file, until the workbook is saved
    writer.discard()
    assert not os.path.exists(temporary)
    # and a finished one holds string cells only
    writer = XlsxWriter(COLUMNS, Lang.EN, "residents")
    writer.header()
    writer.rows([["=cmd", "", "1990", "13800000000", "520302199001011230", "1", "b", ""]])
    file = writer.finish()
    sheet = openpyxl.load_workbook(io.BytesIO(file.read())).worksheets[0]
    writer.discard()
    row = next(sheet.iter_rows(min_row=2, values_only=True))
    assert row[:5] == ("'=cmd", None, "1990", "13800000000", "520302199001011230")
