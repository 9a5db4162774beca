"""The audit log (审计日志): who changed what, where, with which grant; for auditors and
street admins in their scope (system admins see everything)."""

import json
from datetime import datetime
from enum import Enum

import strawberry

import models
import resolvers.audit.reading
from resolvers.audit.reading import Change
from resolvers.ids import decode_global_id, encode_global_id
from schema.info import Info
from schema.inputs import decoded
from schema.org import OrgNodeId, node_id_of
from schema.paging import list_field
from schema.users import UserId


def _text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


@strawberry.type(description="One changed field of one object, as an auditor sees it (masked).")
class AuditChange:
    object_id: strawberry.ID | None = strawberry.field(
        description="The changed object; null for a summary (an import's counts)."
    )
    field: str = strawberry.field(description="The stored field's name (snake_case).")
    before: str | None = strawberry.field(description="Null for an object the change made.")
    after: str | None

    @classmethod
    def from_change(cls, change: Change) -> "AuditChange":
        object_id = strawberry.ID(change.object_id) if change.object_id else None
        return cls(
            object_id=object_id,
            field=change.field,
            before=_text(change.before),
            after=_text(change.after),
        )


@strawberry.type(
    description=(
        "审计日志 (audit log) record: one mutation, written in the transaction of its change. "
        "Append-only and hash-chained: `hash` covers the record and `previousHash`."
    )
)
class AuditRecord:
    row: strawberry.Private[models.AuditRecord]
    id: strawberry.ID
    at: datetime
    operation: str = strawberry.field(description="The mutation's field name, e.g. grantRole.")
    error_code: str | None = strawberry.field(
        description="Null when it succeeded; the code of an audited failure (a failed login)."
    )
    user_id: strawberry.ID | None = strawberry.field(
        description="Who (a User id); null for an unknown username or without login."
    )
    role: models.Role | None = strawberry.field(
        description="The role of the grant that authorised it; null when the caller's own."
    )
    grant_node_id: strawberry.ID | None = strawberry.field(
        description="Where that grant is held; null for SYSTEM_ADMIN or no grant."
    )
    node_id: strawberry.ID | None = strawberry.field(description="Where it happened.")
    object_ids: list[strawberry.ID]
    changes: list[AuditChange]
    client_address: str
    request_id: str
    previous_hash: str
    hash: str

    @classmethod
    def from_model(cls, row: models.AuditRecord) -> "AuditRecord":
        return cls(
            row=row,
            id=strawberry.ID(encode_global_id("AuditRecord", row.id)),
            at=row.at,
            operation=row.operation,
            error_code=row.error_code,
            user_id=strawberry.ID(encode_global_id("User", row.user_id)) if row.user_id else None,
            role=models.Role(row.role) if row.role else None,
            grant_node_id=node_id_of(row.grant_path),
            node_id=node_id_of(row.node_path),
            object_ids=[strawberry.ID(i) for i in resolvers.audit.reading.object_ids_of(row)],
            changes=[AuditChange.from_change(c) for c in resolvers.audit.reading.changes_of(row)],
            client_address=row.client_address,
            request_id=row.request_id,
            previous_hash=row.prev_hash,
            hash=row.hash,
        )


@strawberry.input(description="Records matching every given condition.")
class AuditLogFilter:
    operation: str | None = strawberry.field(default=None, description="A mutation's name.")
    user_id: UserId | None = strawberry.field(default=None, description="Who (a User).")
    node_id: OrgNodeId | None = strawberry.field(
        default=None, description="Records at this node or below it."
    )
    object_id: strawberry.ID | None = strawberry.field(
        default=None, description="Records about this object (any global id)."
    )
    since: datetime | None = strawberry.field(default=None, description="At or after.")
    until: datetime | None = strawberry.field(default=None, description="Before.")

    def to_filter(self) -> resolvers.audit.reading.AuditFilter:
        if self.object_id:
            decode_global_id(self.object_id, field="objectId")  # a malformed id says so
        return decoded(self, resolvers.audit.reading.AuditFilter)


@strawberry.enum(
    description="The order of `auditLog` (审计日志); every order pages by keyset cursors."
)
class AuditLogOrder(Enum):
    ID = strawberry.enum_value(
        "ID", description="By id: the hash chain's order, oldest record first (the default)."
    )
    AT_ASC = strawberry.enum_value("AT_ASC", description="By time (`at`), oldest record first.")
    AT_DESC = strawberry.enum_value("AT_DESC", description="By time (`at`), newest record first.")


@strawberry.type
class AuditQuery:
    audit_log = list_field(
        resolvers.audit.reading.audit_log,
        AuditLogFilter,
        AuditLogOrder.ID,
        AuditRecord,
        description=(
            "审计日志 (audit log), in the chain's order unless `orderBy` says otherwise: for "
            "auditors and street admins, the records at nodes in their scope; system admins see "
            "all (sign-ins and accounts too)."
        ),
    )

    @strawberry.field(
        description="审计日志导出: the audit log records the viewer reads, as CSV (formula-safe)."
    )
    async def audit_log_csv(self, info: Info, filter: AuditLogFilter | None = None) -> str:
        where = (filter or AuditLogFilter()).to_filter()
        return await resolvers.audit.reading.audit_log_csv(info.context, where)
