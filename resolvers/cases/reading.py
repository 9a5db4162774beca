"""Cases: reading in scope and the staff-console list."""

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.expressions import Q

import models
from models.workflows import cases as workflow
from policies.authorizer import readable_cases_filter, sees_reporter_phone
from policies.masking import mask_phone
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.cursors import Key, by
from resolvers.filters import listed, narrows, searches, within
from resolvers.pagination import Page, Window, paginate
from resolvers.scoping import Readable
from resolvers.text import column_holds

CREATED = Key("created_at", datetime)
# PostgreSQL indexes (migration 0007) serve each order in both directions: (created_at, id),
# (due_at, id) with NULL last, (updated_at, id).
CASE_ORDER = {
    "ID": by("Case.ID"),
    "CREATED_DESC": by("Case.CREATED_DESC", CREATED, descending=True),
    "CREATED_ASC": by("Case.CREATED_ASC", CREATED),
    "DUE_ASC": by("Case.DUE_ASC", Key("due_at", datetime, nullable=True)),
    "UPDATED_DESC": by("Case.UPDATED_DESC", Key("updated_at", datetime), descending=True),
}


def now() -> datetime:
    return datetime.now(UTC)


# Out of scope, or a dispute the viewer may not see: it looks missing.
CASES = Readable(models.Case, readable_cases_filter, "case.no_case")
# The names `node(id:)` (schema/node.py) and the tests call.
get_case = CASES.get
case_for = CASES.require


async def case(ctx: Context, pk: int) -> models.Case | None:
    """`case(id:)`: as `node(id:)` reads a case."""
    return await get_case(ctx, pk)


async def get_attachment(ctx: Context, pk: int) -> models.CaseAttachment | None:
    """A photo of a case the viewer may read; any other looks exactly like missing."""
    require_user(ctx)
    row = await models.CaseAttachment.get_or_none(id=pk)
    if row is None or await get_case(ctx, row.case_id) is None:
        return None
    return row


@dataclass(frozen=True)
class CaseFilter:
    kind: models.CaseKind | None = narrows("kind")
    status: list[models.CaseStatus] | None = narrows("status__in")
    node_id: int | None = within("node_path")
    assigned_to_me: bool | None = None
    category: str | None = None
    severity: models.HazardSeverity | None = narrows("severity")
    assignee_id: int | None = narrows("assignee_id")
    reporter_id: int | None = narrows("reporter_user_id")
    created_after: datetime | None = narrows("created_at__gte")
    created_before: datetime | None = narrows("created_at__lt")
    due_after: datetime | None = narrows("due_at__gte")
    due_before: datetime | None = narrows("due_at__lt")
    overdue: bool | None = None
    search: str | None = searches("title")


async def cases(ctx: Context, where: CaseFilter, order: str, window: Window) -> Page[models.Case]:
    query = await listed(ctx, CASES.rows, where)
    if where.assigned_to_me:
        query = query.filter(assignee_id=ctx.viewer.user_id)
    if where.category:
        category = where.category.strip().upper()
        # Longer than the column: no case has it (and tortoise refuses to compare it).
        fits = column_holds(models.Case, "category", category)
        query = query.filter(category=category) if fits else query.filter(id=0)
    if where.overdue is not None:
        # Only open stages carry a due date; overdue is computed by the database.
        late = Q(due_at__lt=now(), status__in=sorted(workflow.OPEN))
        query = query.filter(late if where.overdue else ~late)
    return await paginate(query, CASE_ORDER[order], window)


async def load_related(
    ctx: Context, rows: list[models.Case], *, nodes: bool, ancestors: bool, assignees: bool
) -> None:
    """Load the page's nodes, their ancestors and its assignees, one batch each and at once,
    into the request's loaders (the same statements the fields would run one by one)."""
    loaders = ctx.loaders
    batches: list[Awaitable[object]] = []
    if nodes or ancestors:
        batches.append(loaders.anchor_node_by_id.load_many([row.node_id for row in rows]))
    if assignees:
        assigned = sorted({row.assignee_id for row in rows if row.assignee_id is not None})
        batches.append(loaders.user_by_id.load_many(assigned))
    if ancestors:
        # Every ancestor id is in the case's copied path: no need to wait for the nodes.
        above = sorted({pk for row in rows for pk in models.path_ids(row.node_path)[:-1]})
        batches.append(loaders.org_node_by_id.load_many(above))
    await asyncio.gather(*batches)


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
