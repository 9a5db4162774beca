"""Masked personal data gives nothing back (issue 8, item 1): no visible field, filter, export
or error lets a viewer below community level rebuild an ID number, a birth date or a phone."""

import csv
import io
from datetime import date

import pytest

import models
import resolvers.people.masking
import resolvers.people.residents
from tests.helpers import Api, first_node_of, gid, node_named

RESIDENT = """
query Resident($id: ID!) {
  node(id: $id) { ... on Resident { id gender phone idNumber birthDate birthYear age } }
}
"""

AGES = """
query Ages($min: Int, $max: Int) {
  residents(filter: {minAge: $min, maxAge: $max}, first: 100) { edges { node { id } } }
}
"""

EXPORT = "query { residentsCsv }"

UPDATE = """
mutation Update($id: ID!, $input: ResidentInput!) {
  updateResident(id: $id, input: $input) { resident { id } errors { field code message } }
}
"""

TODAY = date(2026, 6, 15)
ID_NUMBER = "520302199001011230"  # born 1990-01-01, check digit 0
PHONE = "13885551234"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ages and age filters on a known day (the exact and the masked answers then differ)."""
    monkeypatch.setattr(resolvers.people.masking, "today", lambda: TODAY)
    monkeypatch.setattr(resolvers.people.residents, "today", lambda: TODAY)


async def first_building(street: int = 0) -> models.OrgNode:
    return await first_node_of(
        models.OrgLevel.BUILDING, await node_named(models.OrgLevel.STREET, street)
    )


async def resident_of(building: models.OrgNode, index: int = 0) -> models.Resident:
    """A resident of the building's first household (resident1's own, linked to household1's
    central household, for street 1's first building)."""
    household = await models.Household.filter(building_id=building.id).order_by("id").first()
    assert household is not None
    row = await models.Resident.filter(household_id=household.id).order_by("id").offset(index)
    assert row, (building.name, index)
    return row[0]


async def target() -> models.Resident:
    resident = await resident_of(await first_building())
    resident.id_number, resident.birth_date, resident.phone = ID_NUMBER, date(1990, 1, 1), PHONE
    resident.gender = models.Gender.FEMALE
    await resident.save()
    return resident


@pytest.mark.parametrize("user", ["grid1", "building1", "household1", "auditor1"])
async def test_masked_viewers_cannot_rebuild_the_id_number(api: Api, demo, user):
    # given: the audit's attack: the mask's hidden digits are the birth date shown beside it
    resident = await target()
    # when
    seen = (await api.gql(RESIDENT, {"id": gid(resident)}, as_=user))["node"]
    # then: the date is nowhere, and the mask keeps only the province and prefecture
    assert seen["birthDate"] is None
    assert seen["idNumber"] == "5203**************"
    assert (seen["birthYear"], seen["age"]) == (1990, 36)  # the age reached this year
    assert "0101" not in str(seen)
    assert seen["phone"] in (PHONE, "138****1234")


@pytest.mark.parametrize("user", ["community1", "resident1"])
async def test_community_staff_and_the_household_itself_see_everything(api: Api, demo, user):
    resident = await target()
    seen = (await api.gql(RESIDENT, {"id": gid(resident)}, as_=user))["node"]
    assert (seen["idNumber"], seen["birthDate"], seen["phone"]) == (ID_NUMBER, "1990-01-01", PHONE)
    assert (seen["birthYear"], seen["age"]) == (1990, 36)


async def test_the_export_follows_the_screen(api: Api, demo):
    # given
    resident = await target()
    # when
    rows = {
        user: next(
            row
            for row in csv.DictReader(
                io.StringIO((await api.gql(EXPORT, as_=user))["residentsCsv"])
            )
            if row["name"] == resident.name and row["id_number"].startswith("5203")
        )
        for user in ("building1", "community1")
    }
    # then: the masked export has the year alone, the community's the whole date
    masked, clear = rows["building1"], rows["community1"]
    assert (masked["birth_date"], masked["id_number"]) == ("1990", "5203**************")
    assert (clear["birth_date"], clear["id_number"]) == ("1990-01-01", ID_NUMBER)


async def born_in_1990(building: models.OrgNode) -> tuple[models.Resident, models.Resident]:
    """Two residents of `building`, born on 2 January and on 30 December 1990: on 15 June 2026
    one is 36 and the other 35, but both reach 36 this year."""
    early, late = await resident_of(building, 0), await resident_of(building, 1)
    await models.Resident.filter(id=early.id).update(birth_date=date(1990, 1, 2), id_number=None)
    await models.Resident.filter(id=late.id).update(birth_date=date(1990, 12, 30), id_number=None)
    return early, late


async def matched(api: Api, user: str, minimum: int | None, maximum: int | None) -> set[str]:
    data = await api.gql(AGES, {"min": minimum, "max": maximum}, as_=user)
    return {edge["node"]["id"] for edge in data["residents"]["edges"]}


AGE_FILTERS = [(36, None), (None, 35), (36, 36), (35, 35), (35, 36), (37, None), (None, 36)]


async def test_masked_age_filters_cannot_tell_two_birthdays_of_one_year_apart(api: Api, demo):
    # given
    early, late = await born_in_1990(await first_building())
    pair = {gid(early), gid(late)}
    for minimum, maximum in AGE_FILTERS:
        # when: a building leader bisects with every age filter
        found = await matched(api, "building1", minimum, maximum) & pair
        # then: both or neither, never one: the filter compares birth years
        assert found in (set(), pair), (minimum, maximum)
    # and the community admin, who sees birth dates, filters by exact age
    assert await matched(api, "community1", 36, 36) & pair == {gid(early)}
    assert await matched(api, "community1", None, 35) & pair == {gid(late)}


async def test_age_filters_follow_the_mask_row_by_row(api: Api, demo):
    # given: building1 also becomes community admin in the other street's first community
    mine = await born_in_1990(await first_building(0))
    theirs = await born_in_1990(await first_building(1))
    user = await models.User.get(username="building1")
    community = await first_node_of(
        models.OrgLevel.COMMUNITY, await node_named(models.OrgLevel.STREET, 1)
    )
    await models.RoleGrant.create(
        user_id=user.id, role=models.Role.COMMUNITY_ADMIN, node_id=community.id
    )
    # when
    found = await matched(api, "building1", 36, 36)
    # then: masked in their building (birth year), exact in the community they administer
    assert {gid(r) for r in mine} <= found
    assert {gid(r) for r in theirs} & found == {gid(theirs[0])}


async def test_a_masked_viewer_cannot_probe_the_birth_date_by_updating_it(api: Api, demo):
    # given
    resident = await target()
    # when: building1 tries the right date and a wrong one
    answers = [
        (
            await api.gql(
                UPDATE, {"id": gid(resident), "input": {"birthDate": day}}, as_="building1"
            )
        )["updateResident"]["errors"]
        for day in ("1990-01-01", "1990-01-02")
    ]
    # then: the same refusal, whatever the guess
    assert answers[0] == answers[1]
    assert answers[0][0]["code"] == "INVALID"
    # and the community admin, who sees the number, may confirm it
    confirmed = await api.gql(
        UPDATE, {"id": gid(resident), "input": {"birthDate": "1990-01-01"}}, as_="community1"
    )
    assert confirmed["updateResident"]["errors"] == []
