"""Import row errors: the column as the file names it, every problem of a row, and what a masked
export value or an Excel-cut number is (issue 10)."""

import io
import json
import re
from typing import Any

import httpx
import openpyxl

from resolvers.people.files import read_table
from tests.api.test_people_files import IMPORT, generated_rows, grid1_with_buildings, to_csv
from tests.helpers import Api, gid

CHINESE_HEADER = ["楼栋", "户号", "姓名", "性别", "出生日期", "手机", "身份证号", "标签"]
ENGLISH_HEADER = ["building", "household", "name", "gender", "birth_date", "phone", "id_number"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def errors_of(data: dict[str, Any]) -> list[tuple[int, str, str]]:
    return [
        (e["row"], e["column"], e["message"])
        for e in data["importResidents"]["report"]["rowErrors"]
    ]


async def upload_as(
    client: httpx.AsyncClient, api: Api, node: str, content: bytes, headers: dict[str, str]
) -> dict[str, Any]:
    """`api.upload` with extra headers (Accept-Language)."""
    token = await api.token("grid1")
    operations = json.dumps({"query": IMPORT, "variables": {"node": node, "file": None}})
    response = await client.post(
        "/graphql",
        data={"operations": operations, "map": json.dumps({"0": ["variables.file"]})},
        files={"0": ("x.csv", content, "application/octet-stream")},
        headers={"Authorization": f"Bearer {token}"} | headers,
    )
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def test_columns_are_named_as_the_file_names_them(api: Api, demo):
    # given: the same bad birth date under a Chinese and an English header
    grid, buildings = await grid1_with_buildings()
    rows = generated_rows(buildings, 3)
    rows[1][4] = "1980-13-45"
    # when
    chinese = await api.upload(
        IMPORT, {"node": gid(grid)}, to_csv(rows, CHINESE_HEADER), as_="grid1"
    )
    english = await api.upload(
        IMPORT, {"node": gid(grid)}, to_csv([r[:7] for r in rows], ENGLISH_HEADER), as_="grid1"
    )
    # then
    assert [(r, c) for r, c, _ in errors_of(chinese)] == [(3, "出生日期")]
    assert [(r, c) for r, c, _ in errors_of(english)] == [(3, "birth_date")]


async def test_every_problem_of_a_row_is_reported(api: Api, demo):
    # given: one row wrong in four columns
    grid, buildings = await grid1_with_buildings()
    rows = generated_rows(buildings, 3)
    rows[0][3], rows[0][5], rows[0][6], rows[0][7] = "未知", "12345", "123", "外星人"
    # when
    data = await api.upload(IMPORT, {"node": gid(grid)}, to_csv(rows, CHINESE_HEADER), as_="grid1")
    # then
    assert [(r, c) for r, c, _ in errors_of(data)] == [
        (2, "性别"),
        (2, "身份证号"),
        (2, "手机"),
        (2, "标签"),
    ]
    assert "外星人" in errors_of(data)[3][2]


async def test_masked_export_values_are_named_as_such(api: Api, demo):
    # given: phone and ID number as an export masks them, the birth date as its year alone
    grid, buildings = await grid1_with_buildings()
    rows = generated_rows(buildings, 2)
    rows[0][5], rows[0][6], rows[0][4] = "138****5678", "5203**************", "1987"
    # when
    data = await api.upload(IMPORT, {"node": gid(grid)}, to_csv(rows), as_="grid1")
    # then
    messages = {column: message for _, column, message in errors_of(data)}
    assert set(messages) == {"birth_date", "phone", "id_number"}
    assert "masked" in messages["phone"]
    assert "masked" in messages["id_number"]
    assert "year alone" in messages["birth_date"]


async def test_an_id_number_excel_cut_is_named_as_such(api: Api, demo):
    # given: as Excel writes a number to CSV, and a numeric cell's 15 digits
    grid, buildings = await grid1_with_buildings()
    rows = generated_rows(buildings, 3)
    rows[0][6] = "5.20302E+17"
    rows[1][6] = rows[1][6][:15] + "000"
    # when
    data = await api.upload(IMPORT, {"node": gid(grid)}, to_csv(rows), as_="grid1")
    # then
    errors = errors_of(data)
    assert [(r, c) for r, c, _ in errors] == [(2, "id_number"), (3, "id_number")]
    assert all("Excel" in message for _, _, message in errors), errors


def test_a_numeric_xlsx_cell_reads_as_excel_shows_it():
    # given: an ID number typed into Excel as a number keeps 15 significant digits
    number = "520302198001011234"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["household", "name", "id_number"])
    sheet.append(["1-101", "张三", float(number[:15] + "000")])
    out = io.BytesIO()
    workbook.save(out)
    # when
    table = read_table(out.getvalue())
    # then: its digits as Excel shows them, not the float's 520302198001011008
    assert table[0][1]["id_number"] == "520302198001011000"


async def test_row_errors_follow_accept_language(client: httpx.AsyncClient, api: Api, demo):
    # given
    grid, buildings = await grid1_with_buildings()
    rows = generated_rows(buildings, 2)
    rows[0][6] = "5203**************"
    content = to_csv(rows, CHINESE_HEADER)
    # when
    zh = await upload_as(client, api, gid(grid), content, {"Accept-Language": "zh-CN"})
    en = await upload_as(client, api, gid(grid), content, {"Accept-Language": "en"})
    # then
    [(_, column, message)] = errors_of(zh)
    assert column == "身份证号"
    assert "打码" in message
    assert zh["importResidents"]["errors"][0]["message"] == "有 1 行有误，未导入任何数据。"
    assert not CJK.search(errors_of(en)[0][2].replace("5203**************", ""))
