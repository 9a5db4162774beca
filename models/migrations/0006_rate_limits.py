from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0005_role_grant_active_unique')]

    initial = False

    operations = [
        ops.CreateModel(
            name='RateLimit',
            fields=[
                ('key', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('tat', fields.FloatField()),
                ('count', fields.IntField(default=0)),
                ('expires_at', fields.FloatField(db_index=True)),
            ],
            options={'table': 'rate_limit', 'app': 'models', 'pk_attr': 'key', 'table_description': 'One limited key (a hash of what is limited, e.g. an account and an address): either a'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Case',
            name='qr_content_hash',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddField(
            model_name='User',
            name='created_by',
            field=fields.ForeignKeyField('models.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='accounts_created', on_delete=OnDelete.SET_NULL),
        ),
    ]
