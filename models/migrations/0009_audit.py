"""The audit trail (issue 11): `audit_record`, append-only and hash-chained, and its one head
row. On PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE of records, and the node
path gets a varchar_pattern_ops index for the scope's LIKE 'prefix%'; (at, id) serves
`auditLog`'s AT_ASC and AT_DESC keyset orders (as 0008 does for the other lists)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

GENESIS_HASH = "0" * 64
PATH_INDEX = "audit_record_node_path_idx"
AT_INDEX = "audit_record_at_id_idx"
APPEND_ONLY = [
    """CREATE OR REPLACE FUNCTION audit_record_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit_record is append-only';
    END
    $$""",
    "CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record "
    "FOR EACH ROW EXECUTE FUNCTION audit_record_append_only()",
    "CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_record_append_only()",
]


async def head_and_guards(apps, schema_editor) -> None:
    client = schema_editor.client
    await client.execute_script(
        f"INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '{GENESIS_HASH}')"
    )
    await client.execute_script(f"CREATE INDEX IF NOT EXISTS {AT_INDEX} ON audit_record (at, id)")
    if client.capabilities.dialect == "postgres":
        await client.execute_script(
            f"CREATE INDEX IF NOT EXISTS {PATH_INDEX} ON audit_record "
            "(node_path varchar_pattern_ops)"
        )
        for statement in APPEND_ONLY:
            await client.execute_script(statement)
    else:
        await client.execute_script(
            f"CREATE INDEX IF NOT EXISTS {PATH_INDEX} ON audit_record (node_path)"
        )


async def drop_guards(apps, schema_editor) -> None:
    client = schema_editor.client
    await client.execute_script(f"DROP INDEX IF EXISTS {PATH_INDEX}")
    await client.execute_script(f"DROP INDEX IF EXISTS {AT_INDEX}")
    if client.capabilities.dialect == "postgres":
        await client.execute_script("DROP TRIGGER IF EXISTS audit_record_append_only ON audit_record")
        await client.execute_script("DROP TRIGGER IF EXISTS audit_record_no_truncate ON audit_record")
        await client.execute_script("DROP FUNCTION IF EXISTS audit_record_append_only()")
    await client.execute_script("DELETE FROM audit_head")

class Migration(migrations.Migration):
    dependencies = [('models', '0008_list_orders')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AuditHead',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('seq', fields.BigIntField(default=0)),
                ('hash', fields.CharField(default='0000000000000000000000000000000000000000000000000000000000000000', max_length=64)),
            ],
            options={'table': 'audit_head', 'app': 'models', 'pk_attr': 'id', 'table_description': "The chain's one head row (id 1): the last record's seq and hash. Appends lock it (SELECT"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditRecord',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('seq', fields.BigIntField(unique=True)),
                ('at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('user_id', fields.IntField(null=True, db_index=True)),
                ('role', fields.CharField(null=True, max_length=32)),
                ('grant_path', fields.CharField(null=True, max_length=255)),
                ('operation', fields.CharField(db_index=True, max_length=64)),
                ('error_code', fields.CharField(null=True, max_length=32)),
                ('object_ids', fields.TextField(unique=False)),
                ('node_path', fields.CharField(null=True, max_length=255)),
                ('changes', fields.TextField(unique=False)),
                ('client_address', fields.CharField(max_length=64)),
                ('request_id', fields.CharField(max_length=64)),
                ('prev_hash', fields.CharField(max_length=64)),
                ('hash', fields.CharField(unique=True, max_length=64)),
            ],
            options={'table': 'audit_record', 'app': 'models', 'pk_attr': 'id', 'table_description': 'Who changed what, where, with which grant. `hash` is SHA-256 over the canonical JSON of'},
            bases=['Model'],
        ),
        ops.RunPython(head_and_guards, drop_guards),
    ]
