"""GET /exports/residents.csv|.xlsx: Excel-ready, scoped and masked as the residents list
(issue 10, "Excel-ready files")."""

import csv
import io
from typing import Any
from urllib.parse import unquote

import httpx
import openpyxl
import pytest

import models
from resolvers.spreadsheets import FORMULA_STARTS
from tests.api.test_csv_injection import CREATE_HOUSEHOLD, CREATE_RESIDENT, HYPERLINK
from tests.api.test_people_files import IMPORT
from tests.helpers import Api, first_node_of, gid, node_named

BOM = b"\xef\xbb\xbf"
HEADER_ZH = ["姓名", "性别", "出生日期", "手机号", "身份证号", "户号", "楼栋", "标签"]
HEADER_EN = ["name", "gender", "birth_date", "phone", "id_number", "household", "building", "tags"]
ID_NUMBER = "520302199001011230"

RESIDENTS = """
query($filter: ResidentFilter, $after: String) {
  residents(filter: $filter, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { name phone idNumber birthDate birthYear tags
                   household { number building { name } } } }
  }
}
"""


async def get(
    client: httpx.AsyncClient, api: Api, path: str, as_: str | None, **params: Any
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {await api.token(as_)}"} if as_ else {}
    return await client.get(path, params=params, headers=headers)


def csv_rows(response: httpx.Response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.content.startswith(BOM)
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_sheet(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]


async def street_building(street: int = 0) -> models.OrgNode:
    return await first_node_of(
        models.OrgLevel.BUILDING, await node_named(models.OrgLevel.STREET, street)
    )


async def screen(api: Api, user: str, filter: dict[str, Any]) -> list[tuple[str, ...]]:
    """The residents list, every page, as (name, phone, ID number, birth date or year)."""
    seen, after = [], None
    while True:
        page = (await api.gql(RESIDENTS, {"filter": filter, "after": after}, as_=user))["residents"]
        for edge in page["edges"]:
            node = edge["node"]
            born = node["birthDate"] or str(node["birthYear"] or "")
            seen.append((node["name"], node["phone"] or "", node["idNumber"] or "", born))
        if not page["pageInfo"]["hasNextPage"]:
            return sorted(seen)
        after = page["pageInfo"]["endCursor"]


async def test_csv_starts_with_the_bom_and_chinese_headers(api: Api, demo, client):
    # given: a tagged resident in building1's building
    building = await street_building()
    resident = await models.Resident.filter(household__building_id=building.id).first()
    assert resident is not None
    await models.ResidentTagLink.filter(resident_id=resident.id).delete()
    for tag in (models.ResidentTag.LOW_INCOME, models.ResidentTag.ELDER_LIVING_ALONE):
        await models.ResidentTagLink.create(resident_id=resident.id, tag=tag)
    # when
    response = await get(client, api, "/exports/residents.csv", "community1")
    # then: bytes that Chinese Excel reads as UTF-8, headers and labels in Chinese
    assert response.content.startswith(BOM + "姓名,性别".encode())
    rows = csv_rows(response)
    assert rows[0] == HEADER_ZH
    mine = next(row for row in rows if row[0] == resident.name and row[6] == building.name)
    assert mine[7] == "独居老人、低保户"
    assert mine[1] in ("男", "女")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-export-truncated"] == "false"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="residents-')
    assert unquote(disposition.split("filename*=UTF-8''")[1]).startswith("居民名单-")
    # the community's residents, no more and no fewer, one per line
    assert len(rows) - 1 == len(await screen(api, "community1", {}))


async def test_id_numbers_stay_text_in_csv_and_exact_in_xlsx(api: Api, demo, client):
    # given
    building = await street_building()
    resident = await models.Resident.filter(household__building_id=building.id).first()
    assert resident is not None
    await models.Resident.filter(id=resident.id).update(id_number=ID_NUMBER, phone="08515551234")
    params = {"nodeId": gid(building)}
    # when
    rows = csv_rows(await get(client, api, "/exports/residents.csv", "community1", **params))
    sheet = xlsx_sheet(await get(client, api, "/exports/residents.xlsx", "community1", **params))
    # then: in CSV behind the tab that keeps Excel from making a number of them
    row = next(row for row in rows if row[4].strip() == ID_NUMBER)
    assert (row[3], row[4]) == ("\t08515551234", "\t" + ID_NUMBER)
    # and in XLSX as string cells, all 18 digits, under a frozen Chinese header
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == HEADER_ZH
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["E"].width >= 18
    cells = next(r for r in sheet.iter_rows(min_row=2) if r[4].value == ID_NUMBER)
    assert (cells[4].data_type, cells[3].data_type) == ("s", "s")
    assert cells[3].value == "08515551234"
    id_numbers = [r[4] for r in values[1:] if r[4]]
    assert id_numbers
    assert all(isinstance(n, str) and len(n) == 18 for n in id_numbers)
    assert len(values) == len(rows)


async def test_english_headers_on_request(api: Api, demo, client):
    rows = csv_rows(await get(client, api, "/exports/residents.csv", "building1", lang="en"))
    assert rows[0] == HEADER_EN
    assert {row[1] for row in rows[1:]} <= {"MALE", "FEMALE", ""}


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
async def test_masking_equals_the_screen(api: Api, demo, client, extension):
    # given: building1 sees phones but not ID numbers or birth dates
    path = f"/exports/residents.{extension}"
    # when
    response = await get(client, api, path, "building1")
    if extension == "csv":
        cells = [[cell.removeprefix("\t") for cell in row] for row in csv_rows(response)[1:]]
    else:
        cells = [
            [cell or "" for cell in row]
            for row in xlsx_sheet(response).iter_rows(min_row=2, values_only=True)
        ]
    exported = sorted((row[0], row[3], row[4], row[2]) for row in cells)
    # then: exactly what the residents list shows this viewer
    assert exported == await screen(api, "building1", {})
    assert all(row[2].endswith("*" * 14) for row in exported if row[2])
    assert all(len(row[3]) <= 4 for row in exported)  # the birth year alone


async def test_a_sibling_community_is_out_of_reach(api: Api, demo, client):
    # given: community1 administers street 1's first community; its sibling is the second
    street = await node_named(models.OrgLevel.STREET, 0)
    communities = await models.OrgNode.filter(
        level=models.OrgLevel.COMMUNITY, parent_id=street.id
    ).order_by("id")
    mine, sibling = communities[0], communities[1]
    sibling_buildings = set(
        await models.OrgNode.filter(
            level=models.OrgLevel.BUILDING, path__startswith=sibling.path
        ).values_list("name", flat=True)
    ) - set(
        await models.OrgNode.filter(
            level=models.OrgLevel.BUILDING, path__startswith=mine.path
        ).values_list("name", flat=True)
    )
    assert sibling_buildings
    # when: the whole scope, then the sibling by id, then an id nobody has
    everything = csv_rows(await get(client, api, "/exports/residents.csv", "community1"))
    out_of_scope = await get(
        client, api, "/exports/residents.xlsx", "community1", nodeId=gid(sibling)
    )
    missing = await get(
        client,
        api,
        "/exports/residents.xlsx",
        "community1",
        nodeId=gid(models.OrgNode(id=2_000_000_000)),
    )
    # then: none of the sibling's buildings, and its id answers exactly as a missing one
    assert {row[6] for row in everything[1:]} & sibling_buildings == set()
    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.content == missing.content
    assert out_of_scope.json()["error"]["code"] == "NOT_FOUND"
    assert "content-disposition" not in out_of_scope.headers


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
async def test_formulas_are_neutralised(api: Api, demo, client, extension):
    # given: a basement household "-1-101" with a resident named like a formula
    building = await street_building()
    household = await api.gql(
        CREATE_HOUSEHOLD,
        {"input": {"buildingId": gid(building), "number": "-1-101"}},
        as_="building1",
    )
    created = await api.gql(
        CREATE_RESIDENT,
        {"input": {"householdId": household["createHousehold"]["household"]["id"],
                   "name": HYPERLINK, "idNumber": ID_NUMBER}},
        as_="building1",
    )  # fmt: skip
    assert created["createResident"]["errors"] == []
    # when
    response = await get(
        client, api, f"/exports/residents.{extension}", "community1", nodeId=gid(building)
    )
    # then: no cell is a formula, nor starts like one once its tab is read as text
    if extension == "csv":
        rows = csv_rows(response)
        for row in rows:
            for cell in row:
                assert not cell.removeprefix("\t").startswith(FORMULA_STARTS), row
        row = next(row for row in rows if row[4] == "\t" + ID_NUMBER)
    else:
        sheet = xlsx_sheet(response)
        for cells in sheet.iter_rows():
            for cell in cells:
                assert cell.data_type != "f", cell.value
                assert not str(cell.value or "").startswith(FORMULA_STARTS), cell.value
        row = next(list(r) for r in sheet.iter_rows(values_only=True) if r[4] == ID_NUMBER)
    assert (row[0], row[5]) == ("'" + HYPERLINK, "'-1-101")


async def test_a_chinese_export_imports_back_unchanged(api: Api, demo, client):
    # given
    building = await street_building()
    response = await get(client, api, "/exports/residents.csv", "community1", nodeId=gid(building))
    rows = csv_rows(response)
    # when: the file goes back in as it came
    again = await api.upload(IMPORT, {"node": gid(building)}, response.content, as_="community1")
    # then: every row is recognised, nothing changes
    report = again["importResidents"]["report"]
    assert report["rowErrors"] == []
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, len(rows) - 1)


async def test_a_filename_cannot_inject_headers(api: Api, demo, client):
    # given: a node whose name (written past the API's checks) tries to end the header
    building = await street_building()
    evil = 'x";\r\nSet-Cookie: a=b; filename="evil.exe\u202egpj.csv'
    await models.OrgNode.filter(id=building.id).update(name=evil)
    # when
    response = await get(client, api, "/exports/residents.csv", "community1", nodeId=gid(building))
    # then: one Content-Disposition, every odd byte percent-encoded, no bidi override left
    assert response.status_code == 200
    assert "set-cookie" not in response.headers
    disposition = response.headers["content-disposition"]
    assert disposition.count(";") == 2
    name = unquote(disposition.split("filename*=UTF-8''")[1])
    assert not set(name) & set('"\\/\r\n;:\u202e')
    assert name.startswith("居民名单-x_")
    assert name.endswith(".csv")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"minAge": "x"}, "minAge"),
        ({"minAge": "2147483647"}, "minAge"),
        ({"minAge": "99999999999999999999"}, "minAge"),
        ({"minAge": "٣"}, "minAge"),
        ({"maxAge": "-1"}, "maxAge"),
        ({"tag": "NOPE"}, "tag"),
        ({"partyMemberKind": "x"}, "partyMemberKind"),
        ({"includeInactive": "maybe"}, "includeInactive"),
        ({"lang": "fr"}, "lang"),
        ({"nodeId": "not-an-id"}, "nodeId"),
        ({"nodeId": "T3JnTm9kZTo5OTk5OTk5OTk5OTk5"}, "nodeId"),  # OrgNode:9999999999999
        ({"nodeid": "x"}, "nodeid"),
        ({"search": "王" * 201}, "search"),
        ({"search": "王\x00"}, "search"),
        ({"search": "\r\n"}, "search"),
    ],
)
async def test_bad_parameters_are_400_with_a_code(api: Api, demo, client, params, field):
    response = await get(client, api, "/exports/residents.csv", "community1", **params)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"]["code"] == "INVALID"
    assert response.json()["error"]["field"] == field


async def test_a_parameter_given_twice_is_refused(api: Api, demo, client):
    token = await api.token("community1")
    response = await client.get(
        "/exports/residents.csv?tag=RENTER&tag=VETERAN",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "INVALID",
        "field": "tag",
        "message": "The parameter tag is given twice.",
    }


async def test_the_filter_is_the_lists(api: Api, demo, client):
    filter = {"tag": "ELDER_LIVING_ALONE", "minAge": 60, "search": "王"}
    rows = csv_rows(
        await get(
            client, api, "/exports/residents.csv", "grid1", tag="ELDER_LIVING_ALONE",
            minAge="60", search="王",
        )
    )  # fmt: skip
    exported = sorted(
        (row[0], row[3].removeprefix("\t"), row[4].removeprefix("\t"), row[2]) for row in rows[1:]
    )
    assert exported == await screen(api, "grid1", filter)


@pytest.mark.parametrize("token", [None, "garbage", "Bearer"])
async def test_unauthenticated_is_401_json(demo, client, token):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    # an unknown file and a bad parameter say nothing either before the token is checked
    for path in ("/exports/residents.csv", "/exports/nope.csv", "/exports/residents.xlsx?x=1"):
        response = await client.get(path, headers=headers)
        assert response.status_code == 401, response.text
        assert response.json()["error"]["code"] == "UNAUTHENTICATED"
        assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("path", ["/exports/people.csv", "/exports/residents.pdf", "/exports/x"])
async def test_an_unknown_download_is_404(api: Api, demo, client, path):
    response = await get(client, api, path, "community1")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"


async def test_head_sends_the_headers_alone(api: Api, demo, client):
    token = await api.token("community1")
    response = await client.head(
        "/exports/residents.xlsx", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-disposition"].endswith(".xlsx")
