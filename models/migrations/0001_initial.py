from tortoise import migrations
from tortoise.migrations import operations as ops
from models.org import OrgLevel
from models.users import Role
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='OrgNode',
            fields=[
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=100)),
                ('level', fields.CharEnumField(description='STREET: STREET\nCOMMUNITY: COMMUNITY\nGRID: GRID\nBUILDING: BUILDING\nCENTRAL_HOUSEHOLD: CENTRAL_HOUSEHOLD', enum_type=OrgLevel, max_length=20)),
                ('parent', fields.ForeignKeyField('models.OrgNode', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='children', on_delete=OnDelete.RESTRICT)),
                ('path', fields.CharField(db_index=True, max_length=255)),
                ('archived', fields.BooleanField(default=False)),
            ],
            options={'table': 'org_node', 'app': 'models', 'unique_together': (('parent', 'name'),), 'pk_attr': 'id', 'table_description': 'A node of the tree. `path` is `/<root id>/.../<own id>/`, so a subtree is one prefix.'},
            bases=['TimestampMixin', 'Model'],
        ),
        ops.CreateModel(
            name='User',
            fields=[
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('username', fields.CharField(unique=True, max_length=64)),
                ('display_name', fields.CharField(max_length=100)),
                ('password_hash', fields.CharField(max_length=255)),
                ('token_version', fields.IntField(default=0)),
                ('is_active', fields.BooleanField(default=True)),
            ],
            options={'table': 'app_user', 'app': 'models', 'pk_attr': 'id'},
            bases=['TimestampMixin', 'Model'],
        ),
        ops.CreateModel(
            name='RoleGrant',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='grants', on_delete=OnDelete.CASCADE)),
                ('role', fields.CharEnumField(description='SYSTEM_ADMIN: SYSTEM_ADMIN\nSTREET_ADMIN: STREET_ADMIN\nCOMMUNITY_ADMIN: COMMUNITY_ADMIN\nGRID_LEADER: GRID_LEADER\nBUILDING_LEADER: BUILDING_LEADER\nCENTRAL_HOUSEHOLD: CENTRAL_HOUSEHOLD\nVOLUNTEER: VOLUNTEER\nRESIDENT: RESIDENT\nAUDITOR: AUDITOR', enum_type=Role, max_length=32)),
                ('node', fields.ForeignKeyField('models.OrgNode', source_field='node_id', null=True, db_constraint=True, to_field='id', related_name='grants', on_delete=OnDelete.RESTRICT)),
                ('granted_by', fields.ForeignKeyField('models.User', source_field='granted_by_id', null=True, db_constraint=True, to_field='id', related_name='grants_given', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'role_grant', 'app': 'models', 'indexes': [Index(fields=['user_id', 'revoked_at'])], 'pk_attr': 'id', 'table_description': 'A role held at a node (its subtree). Revoked grants stay for the record.'},
            bases=['Model'],
        ),
    ]
