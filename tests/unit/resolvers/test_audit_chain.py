"""The hash chain: `loudong audit verify` names the first edited, deleted or reordered record;
on PostgreSQL the table refuses changes (tests tamper as its owner, the trigger off)."""

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tortoise import connections
from tortoise.transactions import in_transaction

import models
from app.cli import verify_audit_trail
from resolvers.audit.chain import append

POSTGRES = os.environ.get("LOUDONG_TEST_BACKEND", "sqlite") == "postgres"


async def chain_of(length: int) -> list[models.AuditRecord]:
    written = []
    for n in range(length):
        async with in_transaction():
            record = models.AuditRecord(
                at=datetime.now(UTC),
                user_id=n,
                operation="renameOrgNode",
                object_ids=" T3JnTm9kZTox ",
                node_path="/1/",
                changes=f'[["T3JnTm9kZTox","name","a{n}","b{n}"]]',
                client_address="127.0.0.1",
                request_id=f"r{n}",
            )
            written.append(await append(record))
    return written


async def tamper(*statements: str) -> None:
    """As the table's owner, around the append-only trigger (PostgreSQL)."""
    connection = connections.get("default")
    if POSTGRES:
        await connection.execute_script("ALTER TABLE audit_record DISABLE TRIGGER USER")
    for statement in statements:
        await connection.execute_script(statement)
    if POSTGRES:
        await connection.execute_script("ALTER TABLE audit_record ENABLE TRIGGER USER")


async def test_an_intact_chain_verifies(app) -> None:
    await chain_of(5)
    assert await verify_audit_trail() == (5, None)


@pytest.mark.parametrize(
    ("statement", "named", "says"),
    [
        pytest.param(
            "UPDATE audit_record SET user_id = 99 WHERE id = {2}", 2, "edited", id="edited"
        ),
        # A deleted record is named by the one after it.
        pytest.param("DELETE FROM audit_record WHERE id = {1}", 2, "deleted", id="deleted"),
        # Deleting the last records is seen by the head.
        pytest.param(
            "DELETE FROM audit_record WHERE id = {4}",
            None,
            "at the end were deleted",
            id="deleted-last",
        ),
    ],
)
async def test_a_changed_record_is_named(app, statement: str, named: int | None, says: str) -> None:
    # given
    records = await chain_of(5)
    # when: the statement, with {n} the id of the record at index n
    await tamper(statement.format(*(record.id for record in records)))
    # then
    _, problem = await verify_audit_trail()
    assert problem is not None
    if named is not None:
        assert f"record {records[named].id} " in problem
    assert says in problem


async def test_reordered_records_are_named(app) -> None:
    # given
    records = await chain_of(5)
    second, third = records[1], records[2]
    # when: the second and third records swap places (their sequence numbers)
    await tamper(
        f"UPDATE audit_record SET seq = -1 WHERE id = {second.id}",
        f"UPDATE audit_record SET seq = {second.seq} WHERE id = {third.id}",
        f"UPDATE audit_record SET seq = {third.seq} WHERE id = {second.id}",
    )
    # then
    _, problem = await verify_audit_trail()
    assert problem is not None
    assert f"record {third.id} " in problem


@pytest.mark.skipif(not POSTGRES, reason="the append-only trigger is PostgreSQL's")
async def test_postgresql_refuses_to_change_or_delete_records(app) -> None:
    from asyncpg.exceptions import RaiseError

    records = await chain_of(1)
    connection = connections.get("default")
    for statement in (
        f"UPDATE audit_record SET user_id = 99 WHERE id = {records[0].id}",
        f"DELETE FROM audit_record WHERE id = {records[0].id}",
        "TRUNCATE audit_record",
    ):
        with pytest.raises(RaiseError, match="append-only"):
            await connection.execute_script(statement)
    assert await verify_audit_trail() == (1, None)


def test_loudong_audit_verify_exits_non_zero_naming_the_record(
    tmp_path,
    migrated_sqlite: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # given: a migrated SQLite file holding a chain of three
    import asyncio
    import sqlite3

    from tortoise import Tortoise

    from app import db
    from app.cli import main

    url = f"sqlite://{tmp_path / 'audit.sqlite3'}"
    shutil.copyfile(migrated_sqlite, tmp_path / "audit.sqlite3")

    async def fill() -> list[models.AuditRecord]:
        await Tortoise.init(config=db.tortoise_config(url))
        try:
            return await chain_of(3)
        finally:
            await Tortoise.close_connections()

    records = asyncio.run(fill())
    monkeypatch.setenv("LOUDONG_DATABASE_URL", url)
    monkeypatch.setenv("LOUDONG_DATA_DIR", str(tmp_path))
    assert main(["audit", "verify"]) == 0
    assert "intact: 3 records" in capsys.readouterr().out
    # when
    with sqlite3.connect(tmp_path / "audit.sqlite3") as connection:
        connection.execute("UPDATE audit_record SET changes = '[]' WHERE id = ?", (records[1].id,))
    # then
    assert main(["audit", "verify"]) == 1
    assert f"record {records[1].id} (seq 2): edited" in capsys.readouterr().err
