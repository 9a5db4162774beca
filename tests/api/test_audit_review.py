"""Audit records found wanting by an outside review: where a photo was added (a record without a
node is read by system admins alone), and what a record keeps of a photo and of a dispute."""

import json
from typing import Any

import models
from resolvers.ids import decode_global_id
from tests.api.audit_inputs import run, setup
from tests.api.test_audit import AUDIT_LOG
from tests.helpers import Api, image_bytes

ATTACH = (
    "mutation($case: ID!, $file: Upload!) { addCaseAttachment(caseId: $case, file: $file) "
    "{ attachment { id } errors { field code message } } }"
)


async def submit(api: Api, state: dict[str, Any], kind: str, title: str) -> str:
    case = {"kind": kind, "nodeId": state["building"], "title": title, "description": "详情"}
    variables = {"input": ("SubmitCaseInput!", case)}
    payload = await run(api, "submitCase", "(input: $input)", variables, "resident1", "case { id }")
    assert payload["errors"] == [], payload
    case_id: str = payload["case"]["id"]
    return case_id


async def test_a_photo_the_reporter_adds_is_audited_at_the_cases_node(api: Api, demo) -> None:
    # given: resident1 adds a photo to their own case (no scoped decision: they reported it)
    state: dict[str, Any] = {}
    await setup(state)
    case_id = await submit(api, state, "DEMAND", "楼道灯坏了")
    data = await api.upload(ATTACH, {"case": case_id}, image_bytes("PNG"), as_="resident1",
                            name="p.png")  # fmt: skip
    assert data["addCaseAttachment"]["errors"] == []
    # when
    [record] = await models.AuditRecord.filter(operation="addCaseAttachment")
    seen = await api.gql(AUDIT_LOG, {"filter": {"operation": "addCaseAttachment"}}, as_="auditor1")
    # then: at the case's node, so the street's auditor reads it
    case = await models.Case.get(id=decode_global_id(case_id)[1])
    assert record.node_path == case.node_path
    assert seen["auditLog"]["totalCount"] == 1


async def test_no_photo_content_hash_is_recorded(api: Api, demo) -> None:
    # given
    state: dict[str, Any] = {}
    await setup(state)
    case_id = await submit(api, state, "DEMAND", "楼道灯坏了")
    await api.upload(ATTACH, {"case": case_id}, image_bytes("PNG"), as_="resident1", name="p.png")
    # when
    [record] = await models.AuditRecord.filter(operation="addCaseAttachment")
    attachment = await models.CaseAttachment.get()
    # then: "never passwords, tokens or hashes": not the photo's SHA-256 either
    assert attachment.sha256 not in record.changes
    assert "sha256" not in {field for _, field, _, _ in json.loads(record.changes)}


async def test_a_dispute_record_does_not_say_who_reported_it(api: Api, demo) -> None:
    # given: a dispute submitted for a resident
    state: dict[str, Any] = {}
    await setup(state)
    await submit(api, state, "DISPUTE", "邻里纠纷")
    # when
    [record] = await models.AuditRecord.filter(operation="submitCase")
    fields = {field for _, field, _, _ in json.loads(record.changes)}
    # then: what happened to it (kind, status, where), not who reported it
    assert "kind" in fields
    assert not fields & {"reporter_user_id", "reporter_resident_id", "reporter_name"}
