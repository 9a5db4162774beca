"""Submitting a case (signed in; QR submission shares the checks)."""

from dataclasses import dataclass
from typing import Any

import models
from models.workflows import cases as workflow
from policies.actions import Action
from resolvers.auth import require_user
from resolvers.cases import rules as case_rules
from resolvers.cases.reading import now
from resolvers.context import Context
from resolvers.errors import Invalid
from resolvers.live.events import Topic, announce
from resolvers.org import node_to_act_on
from resolvers.text import clean_text

MAX_TITLE = 200


MAX_DESCRIPTION = 5_000
MAX_PARTIES = 500


CASE_LEVELS = (models.OrgLevel.GRID, models.OrgLevel.BUILDING, models.OrgLevel.CENTRAL_HOUSEHOLD)


@dataclass(frozen=True)
class SubmitInput:
    kind: models.CaseKind
    node_id: int
    title: str
    description: str
    category: str | None = None
    severity: models.HazardSeverity | None = None
    hazard_type: models.HazardType | None = None
    parties: str = ""


def community_of(node: models.OrgNode) -> int:
    ids = models.path_ids(node.path)
    return ids[1]


def case_content(data: SubmitInput) -> dict[str, Any]:
    """What a new case says, checked and cleaned without the database (title, description,
    severity, parties); `case_values` adds where it is and its category."""
    content: dict[str, Any] = {
        "kind": data.kind,
        "title": clean_text(data.title, "title", limit=MAX_TITLE, what="A title"),
        "description": clean_text(
            data.description,
            "description",
            limit=MAX_DESCRIPTION,
            what="A description",
            required=False,
            multiline=True,
        ),
    }
    if data.kind is models.CaseKind.HAZARD:
        content["severity"] = data.severity or models.HazardSeverity.MEDIUM
        content["hazard_type"] = data.hazard_type
    elif data.severity is not None or data.hazard_type is not None:
        raise Invalid("case.hazard_only", field="severity")
    if data.kind is models.CaseKind.DISPUTE:
        content["parties"] = clean_text(
            data.parties, "parties", limit=MAX_PARTIES, what="The parties", required=False
        )
    elif data.parties.strip():
        raise Invalid("case.dispute_only", field="parties")
    return content


async def case_values(node: models.OrgNode, data: SubmitInput) -> dict[str, Any]:
    """The validated fields of a new case about `node` (shared by login and QR submission)."""
    if node.level not in CASE_LEVELS:
        raise Invalid("case.node_level", field="nodeId")
    if node.archived:
        raise Invalid("org.archived", field="nodeId")
    community_id = community_of(node)
    content = case_content(data)
    return content | {
        "node_id": node.id,
        "node_path": node.path,
        "community_id": community_id,
        "category": await case_rules.check_category(community_id, data.category),
        "status": workflow.START,
    }


async def create_case(values: dict[str, Any], actor_id: int | None, note: str) -> models.Case:
    """Insert the case with its deadline and its first event (in the mutation's transaction)."""
    case = await models.Case.create(**values)
    case.due_at = await case_rules.due_at(case, now())
    await case.save(update_fields=["due_at"])
    await models.CaseEvent.create(
        case_id=case.id, actor_id=actor_id, from_status=None, to_status=case.status, note=note
    )
    announce(Topic.CASE, case.id, case.node_path)
    return case


async def submit_case(ctx: Context, data: SubmitInput) -> models.Case:
    user = require_user(ctx)
    node = await node_to_act_on(
        ctx, data.node_id, "nodeId", may=Action.CASE_SUBMIT,
        refused="case.may_not_submit", live=False,  # case_values says why
    )  # fmt: skip
    values = await case_values(node, data)
    resident = await models.Resident.filter(user_id=user.id, active=True).first()
    values |= {
        "reporter_user_id": user.id,
        "reporter_resident_id": resident.id if resident else None,
        "reporter_name": resident.name if resident else user.display_name,
        "reporter_phone": resident.phone if resident else None,
    }
    return await create_case(values, user.id, "")
