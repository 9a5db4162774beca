from tortoise import migrations
from tortoise.migrations import operations as ops
from models.cases import CaseKind, CaseStatus, HazardSeverity, HazardType
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0003_people')]

    initial = False

    operations = [
        ops.CreateModel(
            name='BuildingQrToken',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('building', fields.OneToOneField('models.OrgNode', source_field='building_id', db_constraint=True, to_field='id', related_name='qr_token', on_delete=OnDelete.CASCADE)),
                ('token', fields.CharField(unique=True, max_length=64)),
                ('rotated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'building_qr_token', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The token printed in a building QR code ("码上扫心愿"). Rotating it retires the old one.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Case',
            fields=[
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(db_index=True, description='DEMAND: DEMAND\nHAZARD: HAZARD\nDISPUTE: DISPUTE', enum_type=CaseKind, max_length=16)),
                ('status', fields.CharEnumField(db_index=True, description='SUBMITTED: SUBMITTED\nACCEPTED: ACCEPTED\nCLAIMED: CLAIMED\nRESOLVED: RESOLVED\nRATED: RATED\nVERIFIED: VERIFIED\nREJECTED: REJECTED', enum_type=CaseStatus, max_length=16)),
                ('title', fields.CharField(max_length=200)),
                ('description', fields.TextField(unique=False)),
                ('category', fields.CharField(null=True, max_length=40)),
                ('severity', fields.CharEnumField(null=True, description='LOW: LOW\nMEDIUM: MEDIUM\nHIGH: HIGH\nCRITICAL: CRITICAL', enum_type=HazardSeverity, max_length=16)),
                ('hazard_type', fields.CharEnumField(null=True, description='FIRE_SAFETY: FIRE_SAFETY\nWATER_LEAK: WATER_LEAK\nELECTRICAL: ELECTRICAL\nSTRUCTURAL: STRUCTURAL\nCLUTTER: CLUTTER', enum_type=HazardType, max_length=16)),
                ('parties', fields.CharField(default='', max_length=500)),
                ('node', fields.ForeignKeyField('models.OrgNode', source_field='node_id', db_index=True, db_constraint=True, to_field='id', related_name='cases', on_delete=OnDelete.RESTRICT)),
                ('community', fields.ForeignKeyField('models.OrgNode', source_field='community_id', db_constraint=True, to_field='id', related_name='community_cases', on_delete=OnDelete.RESTRICT)),
                ('reporter_user', fields.ForeignKeyField('models.User', source_field='reporter_user_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='reported_cases', on_delete=OnDelete.SET_NULL)),
                ('reporter_resident', fields.ForeignKeyField('models.Resident', source_field='reporter_resident_id', null=True, db_constraint=True, to_field='id', related_name='reported_cases', on_delete=OnDelete.SET_NULL)),
                ('reporter_name', fields.CharField(default='', max_length=50)),
                ('reporter_phone', fields.CharField(null=True, max_length=11)),
                ('assignee', fields.ForeignKeyField('models.User', source_field='assignee_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='assigned_cases', on_delete=OnDelete.SET_NULL)),
                ('resolved_by', fields.ForeignKeyField('models.User', source_field='resolved_by_id', null=True, db_constraint=True, to_field='id', related_name='resolved_cases', on_delete=OnDelete.SET_NULL)),
                ('rating', fields.SmallIntField(null=True)),
                ('rating_comment', fields.CharField(default='', max_length=1000)),
                ('due_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('accepted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('resolved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('verified_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('qr_building', fields.ForeignKeyField('models.OrgNode', source_field='qr_building_id', null=True, db_constraint=True, to_field='id', related_name='qr_cases', on_delete=OnDelete.SET_NULL)),
                ('idempotency_key', fields.CharField(null=True, max_length=64)),
            ],
            options={'table': 'cases', 'app': 'models', 'unique_together': (('qr_building', 'idempotency_key'),), 'indexes': [Index(fields=['status', 'due_at']), Index(fields=['community_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['TimestampMixin', 'Model'],
        ),
        ops.CreateModel(
            name='CaseAttachment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('case', fields.ForeignKeyField('models.Case', source_field='case_id', db_index=True, db_constraint=True, to_field='id', related_name='attachments', on_delete=OnDelete.CASCADE)),
                ('sha256', fields.CharField(max_length=64)),
                ('content_type', fields.CharField(max_length=20)),
                ('size', fields.IntField()),
                ('uploaded_by', fields.ForeignKeyField('models.User', source_field='uploaded_by_id', null=True, db_constraint=True, to_field='id', related_name='case_attachments', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'case_attachment', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A photo stored by content hash under the data folder.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CaseCategory',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('models.OrgNode', source_field='community_id', db_constraint=True, to_field='id', related_name='case_categories', on_delete=OnDelete.CASCADE)),
                ('code', fields.CharField(max_length=40)),
                ('name', fields.CharField(max_length=50)),
            ],
            options={'table': 'case_category', 'app': 'models', 'unique_together': (('community', 'code'),), 'pk_attr': 'id', 'table_description': 'A demand category a community adds to the built-in list.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CaseDeadline',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('models.OrgNode', source_field='community_id', db_constraint=True, to_field='id', related_name='case_deadlines', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='DEMAND: DEMAND\nHAZARD: HAZARD\nDISPUTE: DISPUTE', enum_type=CaseKind, max_length=16)),
                ('category', fields.CharField(default='', max_length=40)),
                ('accept_hours', fields.IntField()),
                ('resolve_hours', fields.IntField()),
            ],
            options={'table': 'case_deadline', 'app': 'models', 'unique_together': (('community', 'kind', 'category'),), 'pk_attr': 'id', 'table_description': 'How long acceptance and resolution may take in a community, per kind (and category).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CaseEvent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('case', fields.ForeignKeyField('models.Case', source_field='case_id', db_index=True, db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.CASCADE)),
                ('actor', fields.ForeignKeyField('models.User', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='case_events', on_delete=OnDelete.SET_NULL)),
                ('from_status', fields.CharEnumField(null=True, description='SUBMITTED: SUBMITTED\nACCEPTED: ACCEPTED\nCLAIMED: CLAIMED\nRESOLVED: RESOLVED\nRATED: RATED\nVERIFIED: VERIFIED\nREJECTED: REJECTED', enum_type=CaseStatus, max_length=16)),
                ('to_status', fields.CharEnumField(description='SUBMITTED: SUBMITTED\nACCEPTED: ACCEPTED\nCLAIMED: CLAIMED\nRESOLVED: RESOLVED\nRATED: RATED\nVERIFIED: VERIFIED\nREJECTED: REJECTED', enum_type=CaseStatus, max_length=16)),
                ('note', fields.CharField(default='', max_length=1000)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'case_event', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One transition: who moved the case from which status to which, and why.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DutyPointEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_index=True, db_constraint=True, to_field='id', related_name='duty_points', on_delete=OnDelete.RESTRICT)),
                ('amount', fields.IntField()),
                ('reason', fields.CharField(max_length=200)),
                ('case', fields.ForeignKeyField('models.Case', source_field='case_id', null=True, db_constraint=True, to_field='id', related_name='duty_points', on_delete=OnDelete.RESTRICT)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='duty_points_given', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'duty_point_entry', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The duty-points ledger. Entries are never edited: a correction is a new entry.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DutyPointRule',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('models.OrgNode', source_field='community_id', db_constraint=True, to_field='id', related_name='duty_point_rules', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='DEMAND: DEMAND\nHAZARD: HAZARD\nDISPUTE: DISPUTE', enum_type=CaseKind, max_length=16)),
                ('points', fields.IntField()),
            ],
            options={'table': 'duty_point_rule', 'app': 'models', 'unique_together': (('community', 'kind'),), 'pk_attr': 'id', 'table_description': 'Duty points (履职积分) a community credits for a verified case of a kind.'},
            bases=['Model'],
        ),
    ]
