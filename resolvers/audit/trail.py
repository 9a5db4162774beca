"""The audit of the mutation running now: begun by the mutation's field (schema/audit.py),
flushed by `schema.mutations.mutate` inside the mutation's transaction.

A ContextVar carries it from the field to `mutate`, which sees no context; resolvers reach it
as `ctx.audit`.
"""

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from tortoise.models import Model
from tortoise.transactions import in_transaction

import models
from models import path_ids
from policies.authorizer import authorising_grant
from policies.masking import audit_value
from resolvers.audit.chain import append, canonical
from resolvers.audit.recorder import Recorder, values_of
from resolvers.clients import client_ip
from resolvers.context import Context
from resolvers.ids import encode_global_id

_running: ContextVar[Recorder | None] = ContextVar("audit_recorder", default=None)


@contextmanager
def mutation(ctx: Context, operation: str) -> Iterator[Recorder]:
    """Audit the mutation field `operation` while it runs."""
    recorder = Recorder(
        operation=operation,
        viewer=ctx.viewer,
        client_address=client_ip(ctx),
        request_id=ctx.request_id,
        first_decision=len(ctx.viewer.decisions),
        user_id=ctx.viewer.user_id,
    )
    previous = ctx.audit
    ctx.audit = recorder
    token = _running.set(recorder)
    try:
        yield recorder
    finally:
        _running.reset(token)
        ctx.audit = previous


def running() -> Recorder | None:
    """The audit of the mutation running now (None outside a mutation field)."""
    return _running.get()


def _rows_in(result: Any) -> Iterator[Model]:
    """The model rows in what a mutation's work returned (a row, or rows in a tuple or list);
    strings such as tokens are never taken."""
    if isinstance(result, Model):
        yield result
    elif isinstance(result, tuple | list):
        for item in result:
            yield from _rows_in(item)


def _path_of(row: Model) -> str | None:
    if isinstance(row, models.OrgNode):
        return row.path
    if isinstance(row, models.Case | models.Activity | models.ActivitySignUp):
        return row.node_path or None
    if isinstance(row, models.Household):
        return row.building_path or None
    return None


async def _changes(recorder: Recorder, failed: bool) -> list[list[Any]]:
    """[object id, field, before, after] for each changed field; a made row lists its fields
    (before null). Values are masked as an auditor sees them."""
    changes: list[list[Any]] = []
    for key, row in recorder.rows.items():
        object_id = encode_global_id(*key)
        before = recorder.before_values.get(key)
        if before is not None:
            if failed:
                continue
            # Read again: conditional updates change the database, not the row in memory.
            current = await type(row).get_or_none(pk=row.pk)
            after = values_of(current) if current is not None else {}
        else:
            after = values_of(row)
        for name in sorted(set(before or {}) | set(after)):
            old, new = (before or {}).get(name), after.get(name)
            if (before is None and new is None) or (before is not None and old == new):
                continue
            changes.append([object_id, name, audit_value(name, old), audit_value(name, new)])
    changes.extend([[None, name, None, value] for name, value in recorder.notes])
    return changes


async def flush(recorder: Recorder, result: Any = None, error_code: str | None = None) -> None:
    """Write the record, once; inside the transaction of the change it records."""
    if recorder.flushed:
        return
    recorder.flushed = True
    for row in _rows_in(result):
        recorder.touched(row)
    decisions = recorder.viewer.decisions[recorder.first_decision :]
    decision = decisions[-1] if decisions else None
    grant = authorising_grant(recorder.viewer, decision) if decision else None
    node_path = decision.path if decision and decision.path else recorder.node_path
    if node_path is None:
        node_path = next((p for p in map(_path_of, recorder.rows.values()) if p), None)
    if node_path is not None and not path_ids(node_path):
        node_path = None
    object_ids = [encode_global_id(*key) for key in recorder.rows]
    await append(
        models.AuditRecord(
            at=datetime.now(UTC),
            user_id=recorder.user_id,
            role=grant.role.value if grant else None,
            grant_path=grant.path if grant else None,
            operation=recorder.operation,
            error_code=error_code,
            object_ids=f" {' '.join(object_ids)} " if object_ids else "",
            node_path=node_path,
            changes=canonical(await _changes(recorder, error_code is not None)),
            client_address=recorder.client_address,
            request_id=recorder.request_id,
        )
    )


@asynccontextmanager
async def writing(ctx: Context) -> AsyncIterator[None]:
    """For mutations without a transaction of their own (`atomic=False`): their one write and
    its audit record in one short transaction. The record is written as the block ends."""
    async with in_transaction():
        yield
        if ctx.audit is not None:
            await flush(ctx.audit)


def node_of(path: str | None) -> int | None:
    ids = path_ids(path) if path else []
    return ids[-1] if ids else None


def before(ctx: Context, row: Model) -> None:
    """Remember `row` as read, before the running mutation changes it (`Recorder.before`)."""
    if ctx.audit is not None:
        ctx.audit.before(row)


def at(ctx: Context, path: str | None) -> None:
    """Where the running mutation happens, for one allowed without a scoped decision (the
    reporter or assignee of a case): without a node, a record is read by system admins alone."""
    if ctx.audit is not None and path:
        ctx.audit.node_path = path


def note(ctx: Context, name: str, value: Any) -> None:
    """A summary of the running mutation's change (`Recorder.note`)."""
    if ctx.audit is not None:
        ctx.audit.note(name, value)


def touched(ctx: Context, row: Model) -> None:
    """A row the running mutation made (`Recorder.touched`)."""
    if ctx.audit is not None:
        ctx.audit.touched(row)
