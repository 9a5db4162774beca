"""The audit log (审计日志): its records, their changes, and the list and CSV that read them.
(AuditRecord, AuditChange and AuditLogFilter describe their other items inline.)"""

from schema.descriptions.shared import connection

DESCRIPTIONS: dict[str, str] = {
    **connection("AuditRecord", "audit log records (审计日志)"),
    "Query.auditLogCsv(filter)": "Only the records matching every condition given.",
    "AuditRecord.id": "Global id of the audit log record (审计日志) (opaque).",
    "AuditRecord.at": "When the change was committed (UTC, ISO 8601 with offset).",
    "AuditRecord.objectIds": "Global ids of the objects it made, changed or removed.",
    "AuditRecord.changes": (
        "Each changed field, before and after, personal data masked as the auditor may see it."
    ),
    "AuditRecord.clientAddress": "The caller's address (behind trusted proxies, the client's).",
    "AuditRecord.requestId": "Names the request that made it (one per HTTP request).",
    "AuditRecord.previousHash": (
        "The hash of the record before it (64 zeros for the first): the chain `loudong audit "
        "verify` walks."
    ),
    "AuditRecord.hash": "SHA-256 (hex) over this record's fields and `previousHash`.",
    "AuditChange.after": "Null for an object the change removed.",
}
