"""Volunteer activities (issue 12): `activity` at a node (its path copied, a random QR token,
the points rule it earns) and `activity_sign_up`, one row per person with their attendance.
The unique (activity, resident) index makes a sign-up once per person; on PostgreSQL the
copied paths get varchar_pattern_ops indexes for the scope's LIKE 'prefix%', and the
activity list's orders get (key, id) indexes."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from models.activities import ActivityStatus, AttendanceMethod, SignUpStatus
from tortoise.fields.base import OnDelete
from tortoise import fields

INDEXES = {
    "activity_starts_at_id_idx": "activity (starts_at, id)",
    "activity_created_at_id_idx": "activity (created_at, id)",
    "activity_sign_up_created_at_id_idx": "activity_sign_up (created_at, id)",
}
PATH_INDEXES = {
    "activity_node_path_idx": "activity",
    "activity_sign_up_node_path_idx": "activity_sign_up",
}


async def indexes(apps, schema_editor) -> None:
    client = schema_editor.client
    pattern = " varchar_pattern_ops" if client.capabilities.dialect == "postgres" else ""
    for name, target in INDEXES.items():
        await client.execute_script(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
    for name, table in PATH_INDEXES.items():
        await client.execute_script(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} (node_path{pattern})"
        )


async def drop_indexes(apps, schema_editor) -> None:
    for name in [*INDEXES, *PATH_INDEXES]:
        await schema_editor.client.execute_script(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [('models', '0010_points')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Activity',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('node', fields.ForeignKeyField('models.OrgNode', source_field='node_id', db_constraint=True, to_field='id', related_name='activities', on_delete=OnDelete.RESTRICT)),
                ('node_path', fields.CharField(default='', db_default='', max_length=255)),
                ('title', fields.CharField(max_length=100)),
                ('description', fields.TextField(unique=False)),
                ('place', fields.CharField(max_length=200)),
                ('starts_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('capacity', fields.IntField()),
                ('signed_up', fields.IntField(default=0)),
                ('status', fields.CharEnumField(default=ActivityStatus.PLANNED, description='PLANNED: PLANNED\nOPEN: OPEN\nCLOSED: CLOSED\nCANCELLED: CANCELLED', enum_type=ActivityStatus, max_length=16)),
                ('rule', fields.ForeignKeyField('models.PointRule', source_field='rule_id', db_constraint=True, to_field='id', related_name='activities', on_delete=OnDelete.RESTRICT)),
                ('team', fields.ForeignKeyField('models.VolunteerTeam', source_field='team_id', null=True, db_constraint=True, to_field='id', related_name='activities', on_delete=OnDelete.SET_NULL)),
                ('organiser', fields.ForeignKeyField('models.User', source_field='organiser_id', null=True, db_constraint=True, to_field='id', related_name='activities_organised', on_delete=OnDelete.SET_NULL)),
                ('qr_token', fields.CharField(max_length=64, unique=True)),
            ],
            options={'table': 'activity', 'app': 'models', 'pk_attr': 'id'},
            bases=['IdMixin', 'TimestampMixin', 'Model'],
        ),
        ops.CreateModel(
            name='ActivitySignUp',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('activity', fields.ForeignKeyField('models.Activity', source_field='activity_id', db_constraint=True, to_field='id', related_name='sign_ups', on_delete=OnDelete.RESTRICT)),
                ('node_path', fields.CharField(default='', db_default='', max_length=255)),
                ('resident', fields.ForeignKeyField('models.Resident', source_field='resident_id', db_constraint=True, to_field='id', related_name='activity_sign_ups', on_delete=OnDelete.RESTRICT, db_index=True)),
                ('status', fields.CharEnumField(default=SignUpStatus.SIGNED_UP, description='SIGNED_UP: SIGNED_UP\nCHECKED_IN: CHECKED_IN\nCHECKED_OUT: CHECKED_OUT\nCANCELLED: CANCELLED', enum_type=SignUpStatus, max_length=16)),
                ('signed_up_by', fields.ForeignKeyField('models.User', source_field='signed_up_by_id', null=True, db_constraint=True, to_field='id', related_name='activity_sign_ups_made', on_delete=OnDelete.SET_NULL)),
                ('checked_in_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('checked_in_by', fields.ForeignKeyField('models.User', source_field='checked_in_by_id', null=True, db_constraint=True, to_field='id', related_name='activity_check_ins', on_delete=OnDelete.SET_NULL)),
                ('check_in_method', fields.CharEnumField(null=True, description='STAFF: STAFF\nQR: QR', enum_type=AttendanceMethod, max_length=8)),
                ('checked_out_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('checked_out_by', fields.ForeignKeyField('models.User', source_field='checked_out_by_id', null=True, db_constraint=True, to_field='id', related_name='activity_check_outs', on_delete=OnDelete.SET_NULL)),
                ('check_out_method', fields.CharEnumField(null=True, description='STAFF: STAFF\nQR: QR', enum_type=AttendanceMethod, max_length=8)),
                ('minutes', fields.IntField(null=True)),
                ('points', fields.IntField(null=True)),
                ('point_entry', fields.ForeignKeyField('models.PointEntry', source_field='point_entry_id', null=True, db_constraint=True, to_field='id', related_name='activity_sign_ups', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'activity_sign_up', 'app': 'models', 'unique_together': (('activity', 'resident'),), 'pk_attr': 'id', 'table_description': 'One resident\'s sign-up for an activity and their attendance: one row per person.'},
            bases=['IdMixin', 'TimestampMixin', 'Model'],
        ),
        ops.RunPython(indexes, drop_indexes),
    ]
