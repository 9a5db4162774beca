"""The mutation helper: one transaction per mutation, domain errors as payload errors."""

import pytest
import strawberry

import models
from resolvers.errors import Conflict, ErrorCode
from schema.mutations import mutate
from schema.org import OrgNodePayload, org_node_pk


async def _street(name: str = "新街道") -> models.OrgNode:
    return await models.OrgNode.create(
        name=name, level=models.OrgLevel.STREET, parent_id=None, path="/0/"
    )


async def test_the_result_is_converted_by_the_payload(app):
    # when
    payload = await mutate(OrgNodePayload, _street)
    # then
    assert payload.errors == []
    assert payload.org_node is not None
    assert payload.org_node.name == "新街道"
    assert await models.OrgNode.filter(name="新街道").count() == 1


async def test_a_domain_error_after_a_write_rolls_the_write_back(app):
    # given: work that writes, then finds a reason to refuse
    async def work() -> models.OrgNode:
        await _street()
        raise Conflict("Clashes after the first write.", field="name")

    # when
    payload = await mutate(OrgNodePayload, work)
    # then
    assert payload.org_node is None
    assert [(e.field, e.code, e.error.message) for e in payload.errors] == [
        ("name", ErrorCode.CONFLICT, "Clashes after the first write.")
    ]
    assert not await models.OrgNode.exists(name="新街道")


async def test_an_unexpected_error_rolls_back_and_propagates(app):
    # given
    async def work() -> models.OrgNode:
        await _street()
        raise RuntimeError("a bug")

    # when / then: MaskErrors will hide it; the write is gone either way
    with pytest.raises(RuntimeError, match="a bug"):
        await mutate(OrgNodePayload, work)
    assert not await models.OrgNode.exists(name="新街道")


async def test_without_atomic_each_write_stands_alone(app):
    # given
    async def work() -> models.OrgNode:
        await _street()
        raise Conflict()

    # when
    payload = await mutate(OrgNodePayload, work, atomic=False)
    # then: the error is reported, and the write before it stays (hence "writes once")
    assert [e.code for e in payload.errors] == [ErrorCode.CONFLICT]
    assert await models.OrgNode.exists(name="新街道")


async def test_a_malformed_id_decoded_in_the_work_is_a_payload_error(app):
    # when
    payload = await mutate(
        OrgNodePayload, lambda: models.OrgNode.get(id=org_node_pk(strawberry.ID("nonsense")))
    )
    # then
    assert payload.org_node is None
    assert [(e.field, e.code) for e in payload.errors] == [("id", ErrorCode.INVALID)]
