"""Elder care (issue 14): devices registered to elders living alone, the signatures of the
events they sent within the replay window, and alerts.

- `device.building_path` and `alert.node_path` are copied from the building (models/paths.py),
  so each list's scope is an index range (`varchar_pattern_ops` on PostgreSQL).
- `(raised_at, id)` and `(deadline_at, id)` serve the alert list's orders, `(status,
  deadline_at)` the sweep's escalation; `device_event_seen.signature` is unique (replays).
"""

from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.alerts import AlarmKind, AlertStatus, DeviceKind, FollowUpKind
from tortoise.fields.base import OnDelete
from tortoise import fields

PATTERN_INDEXES = {
    "device_building_path_idx": "device (building_path{pattern})",
    "alert_node_path_idx": "alert (node_path{pattern})",
}
INDEXES = {
    "alert_raised_id_idx": "alert (raised_at, id)",
    "alert_deadline_id_idx": "alert (deadline_at, id)",
    "alert_status_deadline_idx": "alert (status, deadline_at)",
    "alert_resident_idx": "alert (resident_id)",
    "device_resident_idx": "device (resident_id)",
}


async def create_indexes(apps, schema_editor) -> None:
    client = schema_editor.client
    pattern = " varchar_pattern_ops" if client.capabilities.dialect == "postgres" else ""
    for name, target in PATTERN_INDEXES.items():
        target = target.format(pattern=pattern)
        await client.execute_script(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
    for name, target in INDEXES.items():
        await client.execute_script(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


async def drop_indexes(apps, schema_editor) -> None:
    client = schema_editor.client
    for name in [*PATTERN_INDEXES, *INDEXES]:
        await client.execute_script(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [('models', '0019_notices')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Device',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('uid', fields.CharField(unique=True, max_length=40)),
                ('kind', fields.CharEnumField(description='HEALTH_WATCH: HEALTH_WATCH\nVITAL_SIGN_MONITOR: VITAL_SIGN_MONITOR\nDOOR_SENSOR: DOOR_SENSOR\nSMOKE_DETECTOR: SMOKE_DETECTOR', enum_type=DeviceKind, max_length=24)),
                ('label', fields.CharField(default='', max_length=100)),
                ('resident', fields.ForeignKeyField('models.Resident', source_field='resident_id', db_constraint=True, to_field='id', related_name='devices', on_delete=OnDelete.RESTRICT)),
                ('building', fields.ForeignKeyField('models.OrgNode', source_field='building_id', db_constraint=True, to_field='id', related_name='devices', on_delete=OnDelete.RESTRICT)),
                ('building_path', fields.CharField(default='', db_default='', max_length=255)),
                ('secret_salt', fields.CharField(max_length=64)),
                ('secret_version', fields.IntField(default=1)),
                ('registered_by', fields.ForeignKeyField('models.User', source_field='registered_by_id', null=True, db_constraint=True, to_field='id', related_name='devices_registered', on_delete=OnDelete.SET_NULL)),
                ('retired_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_seen_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('battery', fields.IntField(null=True)),
                ('last_reading', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('last_door_activity_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'device', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A device registered to an elder living alone, at the building they live in.'},
            bases=['IdMixin', 'TimestampMixin', 'Model'],
        ),
        ops.CreateModel(
            name='Alert',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('kind', fields.CharEnumField(description='FALL: FALL\nSOS: SOS\nABNORMAL_VITALS: ABNORMAL_VITALS\nDOOR_NOT_OPENED: DOOR_NOT_OPENED\nSMOKE: SMOKE', enum_type=AlarmKind, max_length=24)),
                ('status', fields.CharEnumField(db_index=True, description='RAISED: RAISED\nACKNOWLEDGED: ACKNOWLEDGED\nESCALATED: ESCALATED\nCLOSED: CLOSED', enum_type=AlertStatus, max_length=16)),
                ('device', fields.ForeignKeyField('models.Device', source_field='device_id', db_constraint=True, to_field='id', related_name='alerts', on_delete=OnDelete.RESTRICT)),
                ('resident', fields.ForeignKeyField('models.Resident', source_field='resident_id', db_constraint=True, to_field='id', related_name='alerts', on_delete=OnDelete.RESTRICT)),
                ('node', fields.ForeignKeyField('models.OrgNode', source_field='node_id', db_constraint=True, to_field='id', related_name='alerts', on_delete=OnDelete.RESTRICT)),
                ('node_path', fields.CharField(default='', db_default='', max_length=255)),
                ('raised_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('deadline_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('details', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('acknowledged_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('acknowledged_by', fields.ForeignKeyField('models.User', source_field='acknowledged_by_id', null=True, db_constraint=True, to_field='id', related_name='alerts_acknowledged', on_delete=OnDelete.SET_NULL)),
                ('escalated_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('closed_by', fields.ForeignKeyField('models.User', source_field='closed_by_id', null=True, db_constraint=True, to_field='id', related_name='alerts_closed', on_delete=OnDelete.SET_NULL)),
                ('follow_up', fields.CharEnumField(null=True, description='VISIT: VISIT\nCALL: CALL\nHOSPITAL: HOSPITAL\nFALSE_ALARM: FALSE_ALARM', enum_type=FollowUpKind, max_length=16)),
                ('note', fields.TextField(default='', unique=False)),
                ('dedupe_key', fields.CharField(null=True, unique=True, max_length=100)),
            ],
            options={'table': 'alert', 'app': 'models', 'pk_attr': 'id', 'table_description': "An alarm of an elder's device (告警), at the building they live in, to be acknowledged"},
            bases=['IdMixin', 'TimestampMixin', 'Model'],
        ),
        ops.CreateModel(
            name='DeviceEventSeen',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('signature', fields.CharField(unique=True, max_length=64)),
                ('device', fields.ForeignKeyField('models.Device', source_field='device_id', db_constraint=True, to_field='id', related_name='events_seen', on_delete=OnDelete.CASCADE)),
                ('seen_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'device_event_seen', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The signature of each accepted device event within the replay window: the unique index'},
            bases=['IdMixin', 'Model'],
        ),
        ops.RunPython(create_indexes, drop_indexes),
    ]
