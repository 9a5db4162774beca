"""Registering an ID-card number someone else holds gets one neutral answer: it never says
that, or where, the person is registered, whether their household lies in the caller's scope
or not, and it costs the same queries either way (issue 8, item 3)."""

from datetime import date

import models
from resolvers.messages import render
from resolvers.people import residents
from tests.api.test_people_files import HEADER, IMPORT, to_csv
from tests.helpers import Api, QueryCounter, first_node_of, gid, node_named

# What every refused number gets, in English.
ID_NUMBER_REFUSED = render(residents.ID_NUMBER_REFUSED, {})

CREATE_RESIDENT = """
mutation Create($input: CreateResidentInput!) {
  createResident(input: $input) { resident { id } errors { field code message } }
}
"""

UPDATE_RESIDENT = """
mutation Update($id: ID!, $input: ResidentInput!) {
  updateResident(id: $id, input: $input) { resident { id } errors { field code message } }
}
"""

WORDS_THAT_TELL = ("registered in", "household", "another resident", "outside")


async def first_building() -> models.OrgNode:
    return await first_node_of(
        models.OrgLevel.BUILDING, await node_named(models.OrgLevel.STREET, 0)
    )


async def resident_in(building: models.OrgNode) -> models.Resident:
    row = await models.Resident.filter(
        household__building_id=building.id, id_number__isnull=False
    ).first()
    assert row is not None
    assert row.id_number
    return row


async def holders() -> tuple[models.OrgNode, models.Resident, models.Resident]:
    """building1's building; a resident next door (grid1 reads them, building1 does not); and
    a resident of street 2 (nobody in street 1 reads them)."""
    building = await first_building()
    next_door = await models.OrgNode.filter(parent_id=building.parent_id).exclude(id=building.id)
    street2 = await node_named(models.OrgLevel.STREET, 1)
    far = await first_node_of(models.OrgLevel.BUILDING, street2)
    return building, await resident_in(next_door[0]), await resident_in(far)


def row_with(number: str, born: date | None, name: str) -> list[str]:
    return ["", "99-901", name, "", born.isoformat() if born else "", "", number, ""]


async def test_import_answers_alike_for_a_number_next_door_and_one_outside_scope(api: Api, demo):
    # given: a file with the number of a resident next door and of one in the other street
    building, near, far = await holders()
    rows = [
        row_with(near.id_number or "", near.birth_date, "邻栋的人"),
        row_with(far.id_number or "", far.birth_date, "别处的人"),
    ]
    before = await models.Resident.all().count()
    for user in ("building1", "grid1"):  # building1 reads neither; grid1 reads `near`
        # when
        data = await api.upload(IMPORT, {"node": gid(building)}, to_csv(rows, HEADER), as_=user)
        # then: the same words for both, naming neither a household nor a registration
        errors = data["importResidents"]["report"]["rowErrors"]
        assert [(e["row"], e["column"], e["message"]) for e in errors] == [
            (2, "id_number", ID_NUMBER_REFUSED),
            (3, "id_number", ID_NUMBER_REFUSED),
        ], user
        assert not any(word in ID_NUMBER_REFUSED.lower() for word in WORDS_THAT_TELL)
    assert await models.Resident.all().count() == before


async def test_import_costs_the_same_queries_for_a_number_in_scope_or_outside(
    api: Api, demo, queries: QueryCounter
):
    building, near, far = await holders()
    counts = []
    for holder in (near, far):
        content = to_csv([row_with(holder.id_number or "", holder.birth_date, "某人")], HEADER)
        await api.token("grid1")
        queries.reset()
        data = await api.upload(IMPORT, {"node": gid(building)}, content, as_="grid1")
        counts.append(queries.count)
        assert data["importResidents"]["report"]["rowErrors"][0]["message"] == ID_NUMBER_REFUSED
    assert counts[0] == counts[1], counts


async def test_create_and_update_answer_alike_for_a_number_in_scope_or_outside(
    api: Api, demo, queries: QueryCounter
):
    # given: grid1 reads `near` (its grid) but not `far` (the other street)
    building, near, far = await holders()
    household = await models.Household.filter(building_id=building.id).first()
    assert household is not None
    own = await resident_in(building)
    await api.token("grid1")
    answers, counts = [], []
    for holder in (near, far):
        # when: a new resident, and an existing one, are given the holder's number
        queries.reset()
        created = await api.gql(
            CREATE_RESIDENT,
            {
                "input": {
                    "householdId": gid(household),
                    "name": "新人",
                    "idNumber": holder.id_number,
                }
            },
            as_="grid1",
        )
        counts.append(queries.count)
        updated = await api.gql(
            UPDATE_RESIDENT, {"id": gid(own), "input": {"idNumber": holder.id_number}}, as_="grid1"
        )
        answers.append((created["createResident"], updated["updateResident"]))
    # then: INVALID with the same neutral words, for both holders and both mutations
    refused = {"resident": None, "errors": [
        {"field": "idNumber", "code": "INVALID", "message": ID_NUMBER_REFUSED}
    ]}  # fmt: skip
    assert answers == [(refused, refused), (refused, refused)]
    assert counts[0] == counts[1], counts
    assert (await models.Resident.get(id=own.id)).id_number == own.id_number
