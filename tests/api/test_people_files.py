"""Importing residents from CSV/XLSX (all or nothing, idempotent) and exporting them as CSV."""

import asyncio
import csv
import io
import os
import sys
from datetime import date, timedelta

import openpyxl
import pytest

import models
import resolvers.people.files
from app.seed_people import make_id_number
from tests.helpers import Api, first_node_of, gid, node_named

IMPORT = """
mutation Import($node: ID!, $file: Upload!) {
  importResidents(nodeId: $node, file: $file) {
    report { rows created updated unchanged householdsCreated
             rowErrors { row column message } }
    errors { field code message }
  }
}
"""

EXPORT = "query($filter: ResidentFilter) { residentsCsv(filter: $filter) }"
HEADER = ["building", "household", "name", "gender", "birth_date", "phone", "id_number", "tags"]


def generated_rows(buildings: list[models.OrgNode], count: int, start: int = 0) -> list[list[str]]:
    """`count` valid people spread over the buildings, 3 to a household."""
    rows = []
    for n in range(start, start + count):
        born = date(1940, 1, 1) + timedelta(days=(n * 7) % 25_000)
        building = buildings[n % len(buildings)]
        rows.append(
            [
                building.name,
                f"{n // 3 % 40 + 1}-{n // 120 + 1:03d}",
                f"导入居民{n}",
                "男" if n % 2 else "女",
                born.isoformat(),
                f"139{n:08d}",
                make_id_number(born, n // 25_000 + 400, bool(n % 2)),
                "独居老人;低保" if n % 10 == 0 else "",
            ]
        )
    return rows


def to_csv(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


async def grid1_with_buildings() -> tuple[models.OrgNode, list[models.OrgNode]]:
    grid = await first_node_of(models.OrgLevel.GRID, await node_named(models.OrgLevel.STREET, 0))
    return grid, await models.OrgNode.filter(parent_id=grid.id).order_by("id")


@pytest.mark.slow
async def test_ten_thousand_rows_import_and_reimport_changes_nothing(api: Api, demo):
    # given
    grid, buildings = await grid1_with_buildings()
    content = to_csv(generated_rows(buildings, 10_000))
    before = await models.Resident.all().count()
    # when
    first = await api.upload(IMPORT, {"node": gid(grid)}, content, as_="grid1")
    second = await api.upload(IMPORT, {"node": gid(grid)}, content, as_="grid1")
    # then
    report = first["importResidents"]["report"]
    assert first["importResidents"]["errors"] == []
    assert (report["rows"], report["created"], report["updated"]) == (10_000, 10_000, 0)
    assert await models.Resident.all().count() == before + 10_000
    again = second["importResidents"]["report"]
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 10_000)
    assert again["householdsCreated"] == 0
    tagged = await models.ResidentTagLink.filter(resident__name__startswith="导入居民").count()
    assert tagged == 2 * 1_000


async def test_one_bad_row_imports_nothing_and_names_the_row(api: Api, demo):
    # given
    grid, buildings = await grid1_with_buildings()
    rows = generated_rows(buildings, 50)
    rows[36][5] = "12345"  # line 38 (the header is line 1)
    rows[40][6] = rows[40][6][:-1] + ("0" if rows[40][6][-1] != "0" else "1")
    before = await models.Resident.all().count()
    # when
    data = await api.upload(IMPORT, {"node": gid(grid)}, to_csv(rows), as_="grid1")
    # then
    payload = data["importResidents"]
    assert payload["errors"][0]["code"] == "INVALID"
    assert [(e["row"], e["column"]) for e in payload["report"]["rowErrors"]] == [
        (38, "phone"),
        (42, "id_number"),
    ]
    assert await models.Resident.all().count() == before


async def test_updates_are_counted_and_applied(api: Api, demo):
    grid, buildings = await grid1_with_buildings()
    rows = generated_rows(buildings, 30)
    await api.upload(IMPORT, {"node": gid(grid)}, to_csv(rows), as_="grid1")
    rows[0][2] = "改名居民"
    rows[1][7] = "退役军人"
    data = await api.upload(IMPORT, {"node": gid(grid)}, to_csv(rows), as_="grid1")
    report = data["importResidents"]["report"]
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 2, 28)
    assert await models.Resident.filter(name="改名居民", id_number=rows[0][6]).exists()
    veteran = await models.Resident.get(id_number=rows[1][6])
    assert [t.tag for t in await models.ResidentTagLink.filter(resident_id=veteran.id)] == [
        models.ResidentTag.VETERAN
    ]


async def test_xlsx_with_chinese_headers(api: Api, demo):
    _, buildings = await grid1_with_buildings()
    building = buildings[0]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["户号", "姓名", "性别", "出生日期", "手机", "身份证号", "标签"])
    born = date(1951, 3, 4)
    sheet.append(
        ["8-808", "表格居民", "女", born, 13912345678, make_id_number(born, 901, False), "独居老人"]
    )
    out = io.BytesIO()
    workbook.save(out)
    data = await api.upload(
        IMPORT, {"node": gid(building)}, out.getvalue(), as_="building1", name="people.xlsx"
    )
    assert data["importResidents"]["report"]["created"] == 1, data
    resident = await models.Resident.get(name="表格居民")
    assert (resident.phone, resident.birth_date) == ("13912345678", born)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "neither CSV nor XLSX"),
        (b"PK\x03\x04broken zip", "XLSX"),
        (b"name,phone\n", "lacks"),
        (b"", "empty"),
    ],
)
async def test_files_that_are_not_resident_tables(api: Api, demo, content, message):
    grid, _ = await grid1_with_buildings()
    data = await api.upload(IMPORT, {"node": gid(grid)}, content, as_="grid1")
    error = data["importResidents"]["errors"][0]
    assert (error["code"], error["field"]) == ("INVALID", "file")
    assert message in error["message"]


async def test_files_over_the_limit_are_refused(api: Api, demo, monkeypatch):
    monkeypatch.setattr(resolvers.people.files, "MAX_BYTES", 2_000)
    grid, buildings = await grid1_with_buildings()
    data = await api.upload(
        IMPORT, {"node": gid(grid)}, to_csv(generated_rows(buildings, 40)), as_="grid1"
    )
    assert "20 MB" in data["importResidents"]["errors"][0]["message"]


async def test_import_is_scoped(api: Api, demo):
    grid, buildings = await grid1_with_buildings()
    sibling = await models.OrgNode.filter(parent_id=grid.parent_id).exclude(id=grid.id).first()
    assert sibling is not None
    content = to_csv(generated_rows(buildings, 3))
    foreign = await api.upload(IMPORT, {"node": gid(sibling)}, content, as_="grid1")
    assert foreign["importResidents"]["errors"][0]["code"] == "NOT_FOUND"
    auditor = await api.upload(IMPORT, {"node": gid(grid)}, content, as_="auditor1")
    assert auditor["importResidents"]["errors"][0]["code"] == "FORBIDDEN"
    community = await models.OrgNode.get(id=grid.parent_id)
    wrong_level = await api.upload(IMPORT, {"node": gid(community)}, content, as_="community1")
    assert wrong_level["importResidents"]["errors"][0]["field"] == "nodeId"
    # someone registered in another grid cannot be pulled in by an import
    elsewhere = await models.Resident.filter(household__building__parent_id=sibling.id).first()
    assert elsewhere is not None
    assert elsewhere.id_number
    row = generated_rows(buildings, 1)[0]
    row[4], row[6] = (
        elsewhere.birth_date.isoformat() if elsewhere.birth_date else "",
        elsewhere.id_number,
    )
    moved = await api.upload(IMPORT, {"node": gid(grid)}, to_csv([row]), as_="community1")
    assert moved["importResidents"]["report"]["rowErrors"][0]["column"] == "id_number"


async def test_export_is_masked_and_scoped(api: Api, demo):
    building = await first_node_of(
        models.OrgLevel.BUILDING, await node_named(models.OrgLevel.STREET, 0)
    )
    text = (await api.gql(EXPORT, as_="building1"))["residentsCsv"]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == await models.Resident.filter(household__building_id=building.id).count()
    assert {row["building"] for row in rows} == {building.name}
    assert all("*" not in row["phone"] for row in rows)  # building staff see phones
    assert all(row["id_number"][6:14] == "********" for row in rows)  # but not ID numbers
    building2 = await first_node_of(
        models.OrgLevel.BUILDING, await node_named(models.OrgLevel.STREET, 1)
    )
    other = (await api.gql(EXPORT, as_="building2"))["residentsCsv"]
    assert (
        len(list(csv.DictReader(io.StringIO(other))))
        == await models.Resident.filter(household__building_id=building2.id).count()
    )


async def test_command_line_import(api: Api, demo, settings, tmp_path):
    grid, buildings = await grid1_with_buildings()
    path = tmp_path / "people.csv"
    path.write_bytes(to_csv(generated_rows(buildings, 20, start=50_000)))
    env = {
        **os.environ,
        "LOUDONG_DATABASE_URL": settings.database_url,
        "LOUDONG_DATA_DIR": str(tmp_path),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "app.cli", "import", "residents", str(path),
        "--node", str(grid.id), "--as", "grid1",
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    assert "20 created" in out.decode()
    assert await models.Resident.filter(name__startswith="导入居民5").count() == 20
