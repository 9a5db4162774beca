"""Every free text goes through one cleaner, which refuses control and bidi characters (issue 8,
item 18): a name with NUL, BEL or U+202E is refused wherever a client can write one."""

from typing import Any

import pytest

import models
from tests.api.test_cases import first_building
from tests.api.test_party import LOG_CONTACT, SET_PARTY, grid1_node, mobile_in
from tests.api.test_people import CREATE_RESIDENT
from tests.helpers import Api, gid

SUBMIT = """
mutation($input: SubmitCaseInput!) { submitCase(input: $input) { case { id } errors { field } } }
"""
ADD_CATEGORY = """
mutation($c: ID!, $name: String!) {
  addCaseCategory(communityId: $c, code: "parking", name: $name) { errors { field } }
}
"""
RENAME_NODE = """
mutation($id: ID!, $name: String!) { renameOrgNode(id: $id, name: $name) { errors { field } } }
"""
TODAY = "2026-01-02"
EVIL = ["\u202eevil", "bell\x07", "nul\x00", "zero\u200bwidth"]


async def _submit(text: str) -> tuple[str, dict[str, Any], str]:
    node = gid(await first_building())
    return SUBMIT, {"input": {"kind": "DEMAND", "nodeId": node, "title": text,
                              "description": "d"}}, "title"  # fmt: skip


async def _description(text: str) -> tuple[str, dict[str, Any], str]:
    node = gid(await first_building())
    return SUBMIT, {"input": {"kind": "DEMAND", "nodeId": node, "title": "t",
                              "description": text}}, "description"  # fmt: skip


async def _parties(text: str) -> tuple[str, dict[str, Any], str]:
    node = gid(await first_building())
    return SUBMIT, {"input": {"kind": "DISPUTE", "nodeId": node, "title": "t",
                              "description": "d", "parties": text}}, "parties"  # fmt: skip


async def _category(text: str) -> tuple[str, dict[str, Any], str]:
    building = await first_building()
    community = await models.OrgNode.get(id=building.ancestor_ids[1])
    return ADD_CATEGORY, {"c": gid(community), "name": text}, "name"


async def _node_name(text: str) -> tuple[str, dict[str, Any], str]:
    return RENAME_NODE, {"id": gid(await first_building()), "name": text}, "name"


async def _resident(text: str) -> tuple[str, dict[str, Any], str]:
    household = await models.Household.filter(building_id=(await first_building()).id).first()
    assert household is not None
    return CREATE_RESIDENT, {"input": {"householdId": gid(household), "name": text}}, "name"


async def _employer(text: str) -> tuple[str, dict[str, Any], str]:
    grid = await grid1_node()
    resident = await models.Resident.filter(
        household__building__path__startswith=grid.path, party_member=None
    ).first()
    assert resident is not None
    variables = {"id": gid(resident), "input": {"kind": "MOBILE", "employer": text}}
    return SET_PARTY, variables, "employer"


async def _contact_note(text: str) -> tuple[str, dict[str, Any], str]:
    member = (await mobile_in(await grid1_node()))[0]
    variables = {"id": gid(member), "input": {"contactedOn": TODAY, "channel": "PHONE",
                                              "note": text}}  # fmt: skip
    return LOG_CONTACT, variables, "note"


WRITES = {
    "submitCase.title": _submit,
    "submitCase.description": _description,
    "submitCase.parties": _parties,
    "addCaseCategory.name": _category,
    "renameOrgNode.name": _node_name,
    "createResident.name": _resident,
    "setPartyMember.employer": _employer,
    "logContact.note": _contact_note,
}


@pytest.mark.parametrize("text", EVIL)
@pytest.mark.parametrize("write", sorted(WRITES))
async def test_control_and_bidi_characters_are_refused_in_every_free_text(
    api: Api, demo, write, text
):
    # given
    query, variables, field = await WRITES[write](f"名字{text}")
    # when
    data = await api.gql(query, variables, as_="community1")
    # then
    (payload,) = data.values()
    assert payload["errors"], (write, text)
    assert payload["errors"][0]["field"] == field, payload
