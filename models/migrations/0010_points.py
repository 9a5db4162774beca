"""The points system (issue 12): `point_rule` (versioned 积分条款) and `point_entry`, one ledger
for volunteer and duty points. The duty points of `duty_point_entry` (issue 5) move into it as
DUTY entries of source CASE, at the case's node. On PostgreSQL a trigger keeps the ledger
append-only (only the copied node_path may follow a moved subtree)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from models.points import PointKind, PointSource, RuleCategory
from tortoise.fields.base import OnDelete
from tortoise import fields

INDEXES = {
    "point_entry_resident_at_idx": "point_entry (resident_id, at)",
    "point_entry_household_at_idx": "point_entry (household_id, at)",
    "point_entry_user_at_idx": "point_entry (user_id, at)",
    "point_entry_at_id_idx": "point_entry (at, id)",
    "point_rule_node_code_idx": "point_rule (node_id, code)",
}
PATH_INDEX = "point_entry_node_path_idx"
# One current version per (node, code): two concurrent edits cannot both become current.
CURRENT_RULE_INDEX = "point_rule_current_unique"
APPEND_ONLY = [
    """CREATE OR REPLACE FUNCTION point_entry_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'node_path') = (to_jsonb(OLD) - 'node_path') THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'point_entry is append-only';
    END
    $$""",
    "CREATE TRIGGER point_entry_append_only BEFORE UPDATE OR DELETE ON point_entry "
    "FOR EACH ROW EXECUTE FUNCTION point_entry_append_only()",
    "CREATE TRIGGER point_entry_no_truncate BEFORE TRUNCATE ON point_entry "
    "FOR EACH STATEMENT EXECUTE FUNCTION point_entry_append_only()",
]
# A dispute's title (in the old reason) is not copied: the ledger is read wider than disputes
# are and cannot be corrected later (append-only); see policies.masking.credit_reason.
MOVE_DUTY_POINTS = """INSERT INTO point_entry
    (kind, user_id, node_id, node_path, amount, reason, source, case_id, recorded_by_id, at)
SELECT 'DUTY', d.user_id, c.node_id, c.node_path, d.amount,
    CASE WHEN c.kind = 'DISPUTE' THEN 'Verified dispute' ELSE d.reason END, 'CASE', d.case_id,
    d.created_by_id, d.created_at
FROM duty_point_entry d JOIN cases c ON c.id = d.case_id ORDER BY d.id"""
RESTORE_DUTY_POINTS = """INSERT INTO duty_point_entry
    (user_id, amount, reason, case_id, created_by_id, created_at)
SELECT user_id, amount, reason, case_id, recorded_by_id, at
FROM point_entry WHERE kind = 'DUTY' AND case_id IS NOT NULL ORDER BY id"""


async def ledger_and_guards(apps, schema_editor) -> None:
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    await client.execute_script(MOVE_DUTY_POINTS)
    for name, target in INDEXES.items():
        await client.execute_script(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
    await client.execute_script(
        f"CREATE UNIQUE INDEX IF NOT EXISTS {CURRENT_RULE_INDEX} ON point_rule (node_id, code) "
        + ("WHERE current" if postgres else "WHERE current = 1")
    )
    pattern = " varchar_pattern_ops" if postgres else ""
    await client.execute_script(
        f"CREATE INDEX IF NOT EXISTS {PATH_INDEX} ON point_entry (node_path{pattern})"
    )
    if postgres:
        for statement in APPEND_ONLY:
            await client.execute_script(statement)


async def drop_guards(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        await client.execute_script("DROP TRIGGER IF EXISTS point_entry_append_only ON point_entry")
        await client.execute_script("DROP TRIGGER IF EXISTS point_entry_no_truncate ON point_entry")
        await client.execute_script("DROP FUNCTION IF EXISTS point_entry_append_only()")
    for name in [*INDEXES, PATH_INDEX, CURRENT_RULE_INDEX]:
        await client.execute_script(f"DROP INDEX IF EXISTS {name}")
    await client.execute_script(RESTORE_DUTY_POINTS)


class Migration(migrations.Migration):
    dependencies = [('models', '0009_audit')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PointRule',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('node', fields.ForeignKeyField('models.OrgNode', source_field='node_id', db_constraint=True, to_field='id', related_name='point_rules', on_delete=OnDelete.RESTRICT)),
                ('code', fields.CharField(max_length=32)),
                ('version', fields.IntField(default=1)),
                ('kind', fields.CharEnumField(default=PointKind.VOLUNTEER, description='VOLUNTEER: VOLUNTEER\nDUTY: DUTY', enum_type=PointKind, max_length=16)),
                ('category', fields.CharEnumField(description='VOLUNTEERING: VOLUNTEERING\nNEIGHBOURLINESS: NEIGHBOURLINESS\nENVIRONMENT: ENVIRONMENT\nSAFETY: SAFETY\nCIVILITY: CIVILITY\nDUTY: DUTY', enum_type=RuleCategory, max_length=24)),
                ('description', fields.CharField(max_length=200)),
                ('points', fields.IntField()),
                ('cap_per_week', fields.IntField(null=True)),
                ('cap_per_month', fields.IntField(null=True)),
                ('current', fields.BooleanField(default=True)),
                ('copied_from', fields.ForeignKeyField('models.PointRule', source_field='copied_from_id', null=True, db_constraint=True, to_field='id', related_name='copies', on_delete=OnDelete.SET_NULL)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='point_rules', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'point_rule', 'app': 'models', 'unique_together': (('node', 'code', 'version'),), 'pk_attr': 'id', 'table_description': 'One version of a rule (积分条款) of a community, or a default a street publishes for its'},
            bases=['IdMixin', 'Model'],
        ),
        ops.CreateModel(
            name='PointEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(description='VOLUNTEER: VOLUNTEER\nDUTY: DUTY', enum_type=PointKind, max_length=16)),
                ('resident', fields.ForeignKeyField('models.Resident', source_field='resident_id', null=True, db_constraint=True, to_field='id', related_name='point_entries', on_delete=OnDelete.RESTRICT)),
                ('household', fields.ForeignKeyField('models.Household', source_field='household_id', null=True, db_constraint=True, to_field='id', related_name='point_entries', on_delete=OnDelete.RESTRICT)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', null=True, db_constraint=True, to_field='id', related_name='point_entries', on_delete=OnDelete.RESTRICT)),
                ('node', fields.ForeignKeyField('models.OrgNode', source_field='node_id', db_constraint=True, to_field='id', related_name='point_entries', on_delete=OnDelete.RESTRICT)),
                ('node_path', fields.CharField(default='', db_default='', max_length=255)),
                ('amount', fields.IntField()),
                ('rule', fields.ForeignKeyField('models.PointRule', source_field='rule_id', null=True, db_constraint=True, to_field='id', related_name='entries', on_delete=OnDelete.RESTRICT)),
                ('reason', fields.CharField(max_length=200)),
                ('source', fields.CharEnumField(description='ACTIVITY: ACTIVITY\nCASE: CASE\nMANUAL: MANUAL\nCORRECTION: CORRECTION\nREDEMPTION: REDEMPTION\nDIVIDEND: DIVIDEND', enum_type=PointSource, max_length=16)),
                ('source_id', fields.IntField(null=True)),
                ('case', fields.ForeignKeyField('models.Case', source_field='case_id', null=True, db_constraint=True, to_field='id', related_name='point_entries', on_delete=OnDelete.RESTRICT)),
                ('reverses', fields.OneToOneField('models.PointEntry', source_field='reverses_id', null=True, db_constraint=True, to_field='id', related_name='reversed_by', on_delete=OnDelete.RESTRICT)),
                ('recorded_by', fields.ForeignKeyField('models.User', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name='points_recorded', on_delete=OnDelete.RESTRICT)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'point_entry', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The ledger (积分台账). Entries are never edited or deleted (on PostgreSQL a trigger refuses'},
            bases=['IdMixin', 'Model'],
        ),
        ops.RunPython(ledger_and_guards, drop_guards),
        ops.DeleteModel(name='DutyPointEntry'),
    ]
