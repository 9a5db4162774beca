"""Topics on meetings (issue 13): `topic_agenda_link` (an agenda item names a topic) and
`topic_resolution_link` (the topic an ADOPT_TOPIC resolution adopts when it passes). Depends on
both the topics' and the meetings' migrations."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0017_meetings')]

    initial = False

    operations = [
        ops.CreateModel(
            name='TopicAgendaLink',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('agenda_item', fields.OneToOneField('models.MeetingAgendaItem', source_field='agenda_item_id', db_constraint=True, to_field='id', related_name='topic_link', on_delete=OnDelete.CASCADE)),
                ('topic', fields.ForeignKeyField('models.Topic', source_field='topic_id', db_index=True, db_constraint=True, to_field='id', related_name='agenda_links', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'topic_agenda_link', 'app': 'models', 'pk_attr': 'id', 'table_description': "A meeting's agenda item that names a topic (议程中的议题): a topic raised in the"},
            bases=['IdMixin', 'Model'],
        ),
        ops.CreateModel(
            name='TopicResolutionLink',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('resolution', fields.OneToOneField('models.Resolution', source_field='resolution_id', db_constraint=True, to_field='id', related_name='topic_link', on_delete=OnDelete.CASCADE)),
                ('topic', fields.ForeignKeyField('models.Topic', source_field='topic_id', db_index=True, db_constraint=True, to_field='id', related_name='resolution_links', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'topic_resolution_link', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The topic an ADOPT_TOPIC resolution (议题采纳决议) adopts when it passes.'},
            bases=['IdMixin', 'Model'],
        ),
    ]
