"""The audit log (审计日志) read in scope: auditors and street admins see the records at nodes
in their subtree (system admins all), filtered, a page at a time or as a CSV file."""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.queryset import QuerySet

import models
from policies.authorizer import readable_audit_filter
from resolvers.audit.chain import timestamp
from resolvers.context import Context
from resolvers.cursors import Key, by
from resolvers.filters import listed, narrows
from resolvers.ids import encode_global_id
from resolvers.offload import run_off_loop
from resolvers.org import get_org_node
from resolvers.pagination import Page, Window, paginate
from resolvers.scoping import scoped
from resolvers.spreadsheets import CsvSheet
from resolvers.text import column_holds

BATCH = 1_000
# An export holds at most this many records: narrow the filter (a time range) for more.
MAX_EXPORT = 50_000

AT = Key("at", datetime)
# ID is the chain's order (seq follows id); AT_* index as (at, id), migration 0009.
AUDIT_ORDER = {
    "ID": by("AuditRecord.ID"),
    "AT_ASC": by("AuditRecord.AT_ASC", AT),
    "AT_DESC": by("AuditRecord.AT_DESC", AT, descending=True),
}


@dataclass(frozen=True)
class AuditFilter:
    operation: str | None = None
    user_id: int | None = narrows("user_id")
    node_id: int | None = None
    object_id: str | None = None
    since: datetime | None = narrows("at__gte")
    until: datetime | None = narrows("at__lt")


@dataclass(frozen=True)
class Change:
    object_id: str | None
    field: str
    before: Any
    after: Any


def changes_of(record: models.AuditRecord) -> list[Change]:
    return [Change(*item) for item in json.loads(record.changes or "[]")]


def object_ids_of(record: models.AuditRecord) -> list[str]:
    return record.object_ids.split()


def readable_records(ctx: Context) -> QuerySet[models.AuditRecord]:
    return scoped(models.AuditRecord, readable_audit_filter(ctx.viewer))


async def filtered_records(ctx: Context, where: AuditFilter) -> QuerySet[models.AuditRecord]:
    query = await listed(ctx, readable_records, where)
    if where.operation:
        # Longer than the column: no record has it (and tortoise refuses to compare it).
        fits = column_holds(models.AuditRecord, "operation", where.operation)
        query = query.filter(operation=where.operation) if fits else query.filter(id=0)
    if where.node_id is not None:
        node = await get_org_node(ctx, where.node_id)
        # An unknown node or one out of scope: no record (the same answer for both).
        query = query.filter(node_path__startswith=node.path) if node else query.filter(id=0)
    if where.object_id:
        query = query.filter(object_ids__contains=f" {where.object_id.strip()} ")
    return query


async def audit_log(
    ctx: Context, where: AuditFilter, order: str, window: Window
) -> Page[models.AuditRecord]:
    return await paginate(await filtered_records(ctx, where), AUDIT_ORDER[order], window)


EXPORT_HEADER = [
    "seq",
    "time",
    "operation",
    "error",
    "user",
    "role",
    "grant node",
    "node",
    "objects",
    "changes",
    "client address",
    "request id",
    "previous hash",
    "hash",
]


def _node_id(path: str | None) -> str:
    ids = models.path_ids(path) if path else []
    return encode_global_id("OrgNode", ids[-1]) if ids else ""


def _export_row(record: models.AuditRecord) -> list[str]:
    return [
        str(record.seq),
        timestamp(record.at),
        record.operation,
        record.error_code or "",
        encode_global_id("User", record.user_id) if record.user_id else "",
        record.role or "",
        _node_id(record.grant_path),
        _node_id(record.node_path),
        " ".join(object_ids_of(record)),
        record.changes,
        record.client_address,
        record.request_id,
        record.prev_hash,
        record.hash,
    ]


async def audit_log_csv(ctx: Context, where: AuditFilter) -> str:
    """The records the viewer reads, oldest first, every cell formula-safe (CsvSheet)."""
    query = await filtered_records(ctx, where)
    sheet = CsvSheet(EXPORT_HEADER)
    last_id, written = 0, 0
    while written < MAX_EXPORT:
        page = await query.filter(id__gt=last_id).order_by("id").limit(BATCH)
        if not page:
            break
        page = page[: MAX_EXPORT - written]
        await run_off_loop(ctx.services.file_limiter, sheet.add_rows, map(_export_row, page))
        last_id, written = page[-1].id, written + len(page)
    return sheet.text()
