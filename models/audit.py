"""The audit trail (审计日志): one append-only, hash-chained record per mutation.

Nothing in the app updates or deletes an `audit_record` (on PostgreSQL a trigger refuses it,
see migration 0009); `resolvers/audit/chain.py` appends, `loudong audit verify` checks.
"""

from tortoise import fields
from tortoise.models import Model

from models.base import IdMixin

GENESIS_HASH = "0" * 64


class AuditRecord(Model):
    """Who changed what, where, with which grant. `hash` is SHA-256 over the canonical JSON of
    the other fields and `prev_hash`, the hash of the record before it (seq - 1)."""

    # Not IdMixin and fk(): a BigInt id, and `user_id` without a foreign key, since the trail
    # outlives the users it names and no row of it is ever updated (SET NULL would be one).

    id = fields.BigIntField(primary_key=True)
    seq = fields.BigIntField(unique=True)
    at = fields.DatetimeField(db_index=True)
    user_id = fields.IntField(null=True, db_index=True)
    # The grant that authorised it: its role and node path (null path: SYSTEM_ADMIN).
    role = fields.CharField(max_length=32, null=True)
    grant_path = fields.CharField(max_length=255, null=True)
    operation = fields.CharField(max_length=64, db_index=True)
    # Null when the mutation succeeded; the error code of an audited failure (a login).
    error_code = fields.CharField(max_length=32, null=True)
    # Global ids, each between spaces: ' <id> <id> '.
    object_ids = fields.TextField()
    node_path = fields.CharField(max_length=255, null=True)
    # Canonical JSON list of [object id, field, before, after], personal fields masked.
    changes = fields.TextField()
    client_address = fields.CharField(max_length=64)
    request_id = fields.CharField(max_length=64)
    prev_hash = fields.CharField(max_length=64)
    hash = fields.CharField(max_length=64, unique=True)

    class Meta:
        table = "audit_record"


class AuditHead(IdMixin, Model):
    """The chain's one head row (id 1): the last record's seq and hash. Appends lock it (SELECT
    ... FOR UPDATE), so concurrent writers queue and never fork the chain."""

    seq = fields.BigIntField(default=0)
    hash = fields.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        table = "audit_head"
