"""Topics (议题, issue 13): `topic` (its origin building's and its holding node's paths copied),
`topic_step`, `topic_support` (unique per topic and resident: support once), `topic_follow`
(unique per topic and account) and `topic_thresholds` (one row per community). The copied paths
get varchar_pattern_ops indexes on PostgreSQL for the scope's LIKE 'prefix%'."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from models.topics import TopicCategory, TopicLevel, TopicStatus, TopicStepKind
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

PATH_INDEXES = {
    "topic_building_path_idx": "topic (building_path{pattern})",
    "topic_node_path_idx": "topic (node_path{pattern})",
}


async def path_indexes(apps, schema_editor) -> None:
    client = schema_editor.client
    pattern = " varchar_pattern_ops" if client.capabilities.dialect == "postgres" else ""
    for name, target in PATH_INDEXES.items():
        await client.execute_script(
            f"CREATE INDEX IF NOT EXISTS {name} ON {target.format(pattern=pattern)}"
        )


async def drop_path_indexes(apps, schema_editor) -> None:
    for name in PATH_INDEXES:
        await schema_editor.client.execute_script(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [('models', '0015_one_open_objection')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Topic',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('building', fields.ForeignKeyField('models.OrgNode', source_field='building_id', db_constraint=True, to_field='id', related_name='topics_raised', on_delete=OnDelete.RESTRICT)),
                ('building_path', fields.CharField(default='', db_default='', max_length=255)),
                ('node', fields.ForeignKeyField('models.OrgNode', source_field='node_id', db_constraint=True, to_field='id', related_name='topics_held', on_delete=OnDelete.RESTRICT)),
                ('node_path', fields.CharField(default='', db_default='', max_length=255)),
                ('level', fields.CharEnumField(default=TopicLevel.BUILDING, description='BUILDING: BUILDING\nGRID: GRID\nCOMMUNITY: COMMUNITY', enum_type=TopicLevel, max_length=16)),
                ('status', fields.CharEnumField(default=TopicStatus.OPEN, description='OPEN: OPEN\nADOPTED: ADOPTED\nDECLINED: DECLINED\nMERGED: MERGED', enum_type=TopicStatus, max_length=16)),
                ('title', fields.CharField(max_length=100)),
                ('description', fields.TextField(unique=False)),
                ('category', fields.CharEnumField(description='ENVIRONMENT: ENVIRONMENT\nSAFETY: SAFETY\nPARKING: PARKING\nPROPERTY: PROPERTY\nELDER_CARE: ELDER_CARE\nNEIGHBOURHOOD: NEIGHBOURHOOD\nOTHER: OTHER', enum_type=TopicCategory, max_length=16)),
                ('raised_by', fields.ForeignKeyField('models.User', source_field='raised_by_id', null=True, db_constraint=True, to_field='id', related_name='topics_raised', on_delete=OnDelete.SET_NULL)),
                ('raised_by_resident', fields.ForeignKeyField('models.Resident', source_field='raised_by_resident_id', null=True, db_constraint=True, to_field='id', related_name='topics_raised', on_delete=OnDelete.SET_NULL)),
                ('supporter_count', fields.IntField(default=0)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decided_by', fields.ForeignKeyField('models.User', source_field='decided_by_id', null=True, db_constraint=True, to_field='id', related_name='topics_decided', on_delete=OnDelete.SET_NULL)),
                ('decision_note', fields.CharField(default='', max_length=1000)),
                ('merged_into', fields.ForeignKeyField('models.Topic', source_field='merged_into_id', null=True, db_constraint=True, to_field='id', related_name='merged_topics', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'topic', 'app': 'models', 'indexes': [Index(fields=['created_at', 'id']), Index(fields=['updated_at', 'id']), Index(fields=['supporter_count', 'id'])], 'pk_attr': 'id'},
            bases=['IdMixin', 'TimestampMixin', 'Model'],
        ),
        ops.CreateModel(
            name='TopicFollow',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('topic', fields.ForeignKeyField('models.Topic', source_field='topic_id', db_constraint=True, to_field='id', related_name='follows', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_index=True, db_constraint=True, to_field='id', related_name='topic_follows', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'topic_follow', 'app': 'models', 'unique_together': (('topic', 'user'),), 'pk_attr': 'id', 'table_description': 'An account following (关注) a topic.'},
            bases=['IdMixin', 'Model'],
        ),
        ops.CreateModel(
            name='TopicStep',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('topic', fields.ForeignKeyField('models.Topic', source_field='topic_id', db_index=True, db_constraint=True, to_field='id', related_name='steps', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='RAISED: RAISED\nESCALATED: ESCALATED\nAUTO_ESCALATED: AUTO_ESCALATED\nADOPTED: ADOPTED\nDECLINED: DECLINED\nMERGED: MERGED', enum_type=TopicStepKind, max_length=16)),
                ('actor', fields.ForeignKeyField('models.User', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='topic_steps', on_delete=OnDelete.SET_NULL)),
                ('from_node', fields.ForeignKeyField('models.OrgNode', source_field='from_node_id', null=True, db_constraint=True, to_field='id', related_name='topic_steps_from', on_delete=OnDelete.RESTRICT)),
                ('to_node', fields.ForeignKeyField('models.OrgNode', source_field='to_node_id', null=True, db_constraint=True, to_field='id', related_name='topic_steps_to', on_delete=OnDelete.RESTRICT)),
                ('note', fields.CharField(default='', max_length=1000)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'topic_step', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One step of a topic (raised, escalated, decided ...): who, when, from and to which node.'},
            bases=['IdMixin', 'Model'],
        ),
        ops.CreateModel(
            name='TopicSupport',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('topic', fields.ForeignKeyField('models.Topic', source_field='topic_id', db_constraint=True, to_field='id', related_name='supports', on_delete=OnDelete.CASCADE)),
                ('resident', fields.ForeignKeyField('models.Resident', source_field='resident_id', db_index=True, db_constraint=True, to_field='id', related_name='topic_supports', on_delete=OnDelete.RESTRICT)),
                ('supported_by', fields.ForeignKeyField('models.User', source_field='supported_by_id', null=True, db_constraint=True, to_field='id', related_name='topic_supports', on_delete=OnDelete.SET_NULL)),
                ('via_topic', fields.ForeignKeyField('models.Topic', source_field='via_topic_id', null=True, db_constraint=True, to_field='id', related_name='supports_passed_on', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'topic_support', 'app': 'models', 'unique_together': (('topic', 'resident'),), 'indexes': [Index(fields=['created_at', 'id'])], 'pk_attr': 'id', 'table_description': "One resident's support (附议) of a topic: once per resident and topic (unique index)."},
            bases=['IdMixin', 'Model'],
        ),
        ops.CreateModel(
            name='TopicThresholds',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.OneToOneField('models.OrgNode', source_field='community_id', db_constraint=True, to_field='id', related_name='topic_thresholds', on_delete=OnDelete.CASCADE)),
                ('to_grid', fields.IntField()),
                ('to_community', fields.IntField()),
                ('updated_by', fields.ForeignKeyField('models.User', source_field='updated_by_id', null=True, db_constraint=True, to_field='id', related_name='topic_thresholds_set', on_delete=OnDelete.SET_NULL)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'topic_thresholds', 'app': 'models', 'pk_attr': 'id', 'table_description': "A community's supporter thresholds for the automatic climb (defaults when it has none)."},
            bases=['IdMixin', 'Model'],
        ),
        ops.RunPython(path_indexes, drop_path_indexes),
    ]
