"""Cases: reading in scope, the staff-console list, and submitting."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

import models
from models.workflows import cases as workflow
from policies.actions import Action
from policies.authorizer import readable_cases_filter, sees_reporter_phone
from resolvers import case_rules
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import Forbidden, Invalid, NotFound
from resolvers.org import get_org_node
from resolvers.pagination import Page, paginate_sorted
from resolvers.validation import mask_phone

MAX_TITLE = 200
MAX_DESCRIPTION = 5_000
CASE_LEVELS = (models.OrgLevel.GRID, models.OrgLevel.BUILDING, models.OrgLevel.CENTRAL_HOUSEHOLD)
CASE_ORDER = {
    "CREATED_DESC": ("-created_at",),
    "CREATED_ASC": ("created_at",),
    "DUE_ASC": ("due_at",),
    "UPDATED_DESC": ("-updated_at",),
}


def now() -> datetime:
    return datetime.now(UTC)


def readable_cases(ctx: Context) -> QuerySet[models.Case]:
    scope = readable_cases_filter(ctx.viewer)
    return models.Case.all() if scope is None else models.Case.filter(scope)


async def get_case(ctx: Context, pk: int) -> models.Case | None:
    """A case the viewer may read; out of scope (or a dispute they may not see) looks missing."""
    require_user(ctx)
    row: models.Case | None = await readable_cases(ctx).get_or_none(id=pk)
    return row


async def case_for(ctx: Context, pk: int) -> models.Case:
    case = await get_case(ctx, pk)
    if case is None:
        raise NotFound("No such case.", field="id")
    return case


@dataclass(frozen=True)
class CaseFilter:
    kind: models.CaseKind | None = None
    status: list[models.CaseStatus] | None = None
    node_id: int | None = None
    assigned_to_me: bool | None = None
    category: str | None = None
    severity: models.HazardSeverity | None = None
    assignee_id: int | None = None
    reporter_id: int | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    due_after: datetime | None = None
    due_before: datetime | None = None
    overdue: bool | None = None
    search: str | None = None


async def cases(
    ctx: Context, where: CaseFilter, order: str, first: int | None, after: str | None
) -> Page[models.Case]:
    require_user(ctx)
    query = readable_cases(ctx)
    if where.node_id is not None:
        node = await get_org_node(ctx, where.node_id)
        if node is None:
            raise NotFound("No such node.", field="nodeId")
        query = query.filter(models.in_subtree(node.path, "node__path"))
    if where.kind is not None:
        query = query.filter(kind=where.kind)
    if where.status:
        query = query.filter(status__in=where.status)
    if where.assigned_to_me:
        query = query.filter(assignee_id=ctx.viewer.user_id)
    if where.category:
        query = query.filter(category=where.category.strip().upper())
    if where.severity is not None:
        query = query.filter(severity=where.severity)
    if where.assignee_id is not None:
        query = query.filter(assignee_id=where.assignee_id)
    if where.reporter_id is not None:
        query = query.filter(reporter_user_id=where.reporter_id)
    for field, value in (
        ("created_at__gte", where.created_after),
        ("created_at__lt", where.created_before),
        ("due_at__gte", where.due_after),
        ("due_at__lt", where.due_before),
    ):
        if value is not None:
            query = query.filter(**{field: value})
    if where.overdue is not None:
        # Only open stages carry a due date; overdue is computed by the database.
        late = Q(due_at__lt=now(), status__in=sorted(workflow.OPEN))
        query = query.filter(late if where.overdue else ~late)
    if where.search and where.search.strip():
        query = query.filter(title__icontains=where.search.strip())
    return await paginate_sorted(query, CASE_ORDER[order], first, after)


def is_overdue(case: models.Case) -> bool:
    return case.status in workflow.OPEN and case.due_at is not None and case.due_at < now()


async def reporter_phone(ctx: Context, case: models.Case) -> str | None:
    """Masked as people's phones are (policies decide who sees it unmasked)."""
    if case.reporter_phone is None:
        return None
    node = await ctx.loaders.anchor_node_by_id.load(case.node_id)
    path = node.path if node is not None else None
    if sees_reporter_phone(ctx.viewer, case.reporter_user_id, path):
        return case.reporter_phone
    return mask_phone(case.reporter_phone)


# ------------------------------------------------------------------ submitting


def clean_title(title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise Invalid("A title cannot be empty.", field="title")
    if len(cleaned) > MAX_TITLE:
        raise Invalid(f"A title has at most {MAX_TITLE} characters.", field="title")
    return cleaned


def clean_description(description: str) -> str:
    cleaned = description.strip()
    if len(cleaned) > MAX_DESCRIPTION:
        raise Invalid(
            f"A description has at most {MAX_DESCRIPTION:,} characters.", field="description"
        )
    return cleaned


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


async def case_values(node: models.OrgNode, data: SubmitInput) -> dict[str, Any]:
    """The validated fields of a new case about `node` (shared by login and QR submission)."""
    if node.level not in CASE_LEVELS:
        raise Invalid("A case is about a grid, a building or a central household.", field="nodeId")
    if node.archived:
        raise Invalid("The node is archived.", field="nodeId")
    community_id = community_of(node)
    values: dict[str, Any] = {
        "kind": data.kind,
        "node_id": node.id,
        "community_id": community_id,
        "title": clean_title(data.title),
        "description": clean_description(data.description),
        "category": await case_rules.check_category(community_id, data.category),
        "status": workflow.START,
    }
    if data.kind is models.CaseKind.HAZARD:
        values["severity"] = data.severity or models.HazardSeverity.MEDIUM
        values["hazard_type"] = data.hazard_type
    elif data.severity is not None or data.hazard_type is not None:
        raise Invalid("Only hazards have a severity and a hazard type.", field="severity")
    if data.kind is models.CaseKind.DISPUTE:
        values["parties"] = " ".join(data.parties.split())[:500]
    elif data.parties.strip():
        raise Invalid("Only disputes have parties.", field="parties")
    return values


async def create_case(values: dict[str, Any], actor_id: int | None, note: str) -> models.Case:
    """Insert the case with its deadline and its first event (in the mutation's transaction)."""
    case = await models.Case.create(**values)
    case.due_at = await case_rules.due_at(case, now())
    await case.save(update_fields=["due_at"])
    await models.CaseEvent.create(
        case_id=case.id, actor_id=actor_id, from_status=None, to_status=case.status, note=note
    )
    return case


async def submit_case(ctx: Context, data: SubmitInput) -> models.Case:
    user = require_user(ctx)
    node = await get_org_node(ctx, data.node_id)
    if node is None:
        raise NotFound("No such node.", field="nodeId")
    if not ctx.viewer.can(Action.CASE_SUBMIT, node.path):
        raise Forbidden("You may not submit cases here.", field="nodeId")
    values = await case_values(node, data)
    resident = await models.Resident.filter(user_id=user.id, active=True).first()
    values |= {
        "reporter_user_id": user.id,
        "reporter_resident_id": resident.id if resident else None,
        "reporter_name": resident.name if resident else user.display_name,
        "reporter_phone": resident.phone if resident else None,
    }
    return await create_case(values, user.id, "")
