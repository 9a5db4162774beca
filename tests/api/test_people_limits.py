"""Answers about ID-card numbers are rate-limited per account (issue 8, item 3): creating,
changing and importing residents spend from one budget, also when the answer is a refusal."""

from datetime import date, timedelta

import pytest

import models
import resolvers.people.limits
from app.seed_people import make_id_number
from resolvers.ratelimit import Budget
from tests.api.test_people import CREATE_RESIDENT, UPDATE_RESIDENT
from tests.api.test_people_files import IMPORT, generated_rows, grid1_with_buildings, to_csv
from tests.helpers import Api, gid, node_named


@pytest.fixture
def five_a_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        resolvers.people.limits, "ID_NUMBER_CHECKS", Budget("id-number-checks", 5, 86_400.0)
    )


async def _elsewhere() -> str:
    """The ID number of a resident of the other street."""
    street2 = await node_named(models.OrgLevel.STREET, 1)
    row = await models.Resident.filter(
        household__building__path__startswith=street2.path, id_number__not_isnull=True
    ).first()
    assert row is not None
    assert row.id_number
    return row.id_number


async def test_probing_id_numbers_one_by_one_is_cut_off(api: Api, demo, five_a_day):
    # given: a building leader's household, and a number registered in the other street
    _, buildings = await grid1_with_buildings()
    household = await models.Household.filter(building_id=buildings[0].id).first()
    assert household is not None
    taken = await _elsewhere()
    probe = {"input": {"householdId": gid(household), "name": "探", "idNumber": taken}}
    # when: the same question again and again (each answer rolls its mutation back)
    codes = []
    for _ in range(7):
        data = await api.gql(CREATE_RESIDENT, probe, as_="grid1")
        codes.append(data["createResident"]["errors"][0]["code"])
    # then
    assert "RATE_LIMITED" not in codes[:5]
    assert codes[5:] == ["RATE_LIMITED"] * 2
    # and updating a resident's number spends from the same budget
    resident = await models.Resident.filter(household_id=household.id).first()
    assert resident is not None
    update = await api.gql(
        UPDATE_RESIDENT, {"id": gid(resident), "input": {"idNumber": taken}}, as_="grid1"
    )
    assert update["updateResident"]["errors"][0]["code"] == "RATE_LIMITED"
    # and changes that ask about no number are not limited
    renamed = await api.gql(
        UPDATE_RESIDENT, {"id": gid(resident), "input": {"name": "新名字"}}, as_="grid1"
    )
    assert renamed["updateResident"]["errors"] == []


async def test_an_import_spends_one_check_per_row(api: Api, demo, five_a_day):
    # given: six candidate numbers for one birth date, one of which is taken elsewhere
    grid, buildings = await grid1_with_buildings()
    rows = generated_rows(buildings, 6)
    born = date(1950, 1, 1) + timedelta(days=3)
    for n, row in enumerate(rows):
        row[4], row[6] = born.isoformat(), make_id_number(born, 900 + n, bool(n % 2))
    rows[3][6] = await _elsewhere()
    rows[3][4] = ""
    # when
    data = await api.upload(IMPORT, {"node": gid(grid)}, to_csv(rows), as_="grid1")
    # then: refused whole, naming no row
    payload = data["importResidents"]
    assert payload["errors"][0]["code"] == "RATE_LIMITED"
    assert payload["report"] is None
    # and a file within the budget is answered
    small = await api.upload(IMPORT, {"node": gid(grid)}, to_csv(rows[:5]), as_="grid1")
    assert small["importResidents"]["errors"][0]["code"] != "RATE_LIMITED"
