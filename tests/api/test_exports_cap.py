"""A download holds at most LOUDONG_EXPORT_MAX_ROWS rows, and says so when it is cut."""

import dataclasses

import pytest

import models
from app.settings import Settings
from tests.api.test_exports import HEADER_ZH, csv_rows, get, xlsx_sheet
from tests.helpers import Api

CAP = 7


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, export_max_rows=CAP)


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
async def test_a_capped_export_says_so_in_a_header_and_at_its_end(
    api: Api, demo, client, extension
):
    # when: community1 reads hundreds of residents
    response = await get(client, api, f"/exports/residents.{extension}", "community1")
    # then
    assert response.headers["x-export-truncated"] == "true"
    if extension == "csv":
        rows = csv_rows(response)
    else:
        rows = [
            [cell or "" for cell in row] for row in xlsx_sheet(response).iter_rows(values_only=True)
        ]
    assert rows[0] == HEADER_ZH
    assert len(rows) == 1 + CAP + 1
    note = rows[-1][0]
    assert note.startswith("注意：结果超过 7 行，本文件只含前 7 行")
    assert all(cell == "" for cell in rows[-1][1:])
    # the rows are the first CAP residents in id order
    exported = [row[0] for row in rows[1:-1]]
    assert len(exported) == CAP


async def test_an_export_under_the_cap_has_no_note(api: Api, demo, client):
    resident = await models.Resident.all().order_by("id").first()
    assert resident is not None
    response = await get(
        client, api, "/exports/residents.csv", "community1", search=resident.name, lang="en"
    )
    rows = csv_rows(response)
    assert response.headers["x-export-truncated"] == "false"
    assert 1 < len(rows) <= CAP
    assert not any(row[0].startswith("Note:") for row in rows)


async def test_english_note(api: Api, demo, client):
    rows = csv_rows(await get(client, api, "/exports/residents.csv", "community1", lang="en"))
    assert rows[-1] == [
        "Note: more than 7 rows matched; this file holds the first 7. "
        "Narrow the filter to export the rest."
    ]
