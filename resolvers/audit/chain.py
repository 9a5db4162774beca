"""Appending to the hash chain, and walking it (`loudong audit verify`).

Each record's hash is SHA-256 over the canonical JSON (sorted keys, no spaces, UTF-8) of its
fields and the previous record's hash. Appends lock the one head row (SELECT ... FOR UPDATE
on PostgreSQL; SQLite has one writer at a time), so two writers never chain onto the same
record. An edited record no longer matches its hash; a deleted one leaves a gap in `seq` and
a `prev_hash` that names no record; reordered ones break both.
"""

import hashlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import models

BATCH = 1_000


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def timestamp(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def hashed_fields(record: models.AuditRecord) -> dict[str, Any]:
    """Everything a record says, as the hash covers it."""
    return {
        "seq": record.seq,
        "at": timestamp(record.at),
        "user_id": record.user_id,
        "role": record.role,
        "grant_path": record.grant_path,
        "operation": record.operation,
        "error_code": record.error_code,
        "object_ids": record.object_ids,
        "node_path": record.node_path,
        "changes": record.changes,
        "client_address": record.client_address,
        "request_id": record.request_id,
        "prev_hash": record.prev_hash,
    }


def digest(record: models.AuditRecord) -> str:
    return hashlib.sha256(canonical(hashed_fields(record)).encode()).hexdigest()


async def append(record: models.AuditRecord) -> models.AuditRecord:
    """Chain `record` (unsaved, without seq and hashes) onto the head and save it. Call it
    inside the transaction of the change it records: the head stays locked until it ends."""
    head = await models.AuditHead.select_for_update().get_or_none(id=1)
    if head is None:  # a database made without the migrations (generate_schemas)
        head = await models.AuditHead.create(id=1)
    record.seq = head.seq + 1
    record.prev_hash = head.hash
    record.hash = digest(record)
    await record.save()
    await models.AuditHead.filter(id=1).update(seq=record.seq, hash=record.hash)
    return record


@dataclass(frozen=True)
class Problem:
    """The first record that breaks the chain, and how."""

    seq: int | None
    record_id: int | None
    message: str

    def __str__(self) -> str:
        where = f"record {self.record_id} (seq {self.seq})" if self.record_id else "the chain"
        return f"{where}: {self.message}"


async def _in_order() -> AsyncIterator[models.AuditRecord]:
    after = 0
    while True:
        rows = await models.AuditRecord.filter(seq__gt=after).order_by("seq").limit(BATCH)
        for row in rows:
            yield row
        if len(rows) < BATCH:
            return
        after = rows[-1].seq


async def verify() -> tuple[int, Problem | None]:
    """(records checked, the first problem or None). Walks the records in `seq` order."""
    expected_seq, previous_hash, previous_id, count = 1, models.GENESIS_HASH, 0, 0
    async for record in _in_order():
        count += 1
        if record.id < previous_id:
            return count, Problem(record.seq, record.id, "out of order (reordered records)")
        if record.seq != expected_seq:
            return count, Problem(
                record.seq,
                record.id,
                f"expected seq {expected_seq}: the record(s) before it were deleted",
            )
        if record.prev_hash != previous_hash:
            return count, Problem(
                record.seq,
                record.id,
                "its previous hash names no record before it (deleted or reordered records)",
            )
        if digest(record) != record.hash:
            return count, Problem(
                record.seq, record.id, "edited: its content does not match its hash"
            )
        expected_seq, previous_hash, previous_id = record.seq + 1, record.hash, record.id
    head = await models.AuditHead.get_or_none(id=1)
    last_seq = expected_seq - 1
    if head is not None and (head.seq, head.hash) != (last_seq, previous_hash):
        return count, Problem(
            None,
            None,
            f"the head names seq {head.seq}, the last record is {last_seq}: "
            "records at the end were deleted",
        )
    return count, None
