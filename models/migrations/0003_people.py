from tortoise import migrations
from tortoise.migrations import operations as ops
from models.party import ContactChannel, PartyMemberKind, TitleKind
from models.people import Gender, ResidentTag
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0002_org_path_pattern_index')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Household',
            fields=[
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('building', fields.ForeignKeyField('models.OrgNode', source_field='building_id', db_constraint=True, to_field='id', related_name='households', on_delete=OnDelete.RESTRICT)),
                ('number', fields.CharField(max_length=32)),
                ('central_household', fields.ForeignKeyField('models.OrgNode', source_field='central_household_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='linked_households', on_delete=OnDelete.SET_NULL)),
                ('active', fields.BooleanField(default=True)),
            ],
            options={'table': 'household', 'app': 'models', 'unique_together': (('building', 'number'),), 'pk_attr': 'id', 'table_description': 'A dwelling in a building, optionally looked after by a party-member central household.'},
            bases=['TimestampMixin', 'Model'],
        ),
        ops.CreateModel(
            name='Resident',
            fields=[
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('household', fields.ForeignKeyField('models.Household', source_field='household_id', db_index=True, db_constraint=True, to_field='id', related_name='members', on_delete=OnDelete.RESTRICT)),
                ('name', fields.CharField(db_index=True, max_length=50)),
                ('gender', fields.CharEnumField(null=True, description='MALE: MALE\nFEMALE: FEMALE', enum_type=Gender, max_length=8)),
                ('birth_date', fields.DateField(null=True)),
                ('phone', fields.CharField(null=True, db_index=True, max_length=11)),
                ('id_number', fields.CharField(null=True, unique=True, max_length=18)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', null=True, db_constraint=True, to_field='id', related_name='resident_profiles', on_delete=OnDelete.SET_NULL)),
                ('active', fields.BooleanField(default=True)),
            ],
            options={'table': 'resident', 'app': 'models', 'pk_attr': 'id'},
            bases=['TimestampMixin', 'Model'],
        ),
        ops.CreateModel(
            name='PartyMember',
            fields=[
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('resident', fields.OneToOneField('models.Resident', source_field='resident_id', db_constraint=True, to_field='id', related_name='party_member', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(db_index=True, description='IN_SERVICE: IN_SERVICE\nRETIRED_CADRE: RETIRED_CADRE\nVETERAN: VETERAN\nMOBILE: MOBILE', enum_type=PartyMemberKind, max_length=16)),
                ('reports_to', fields.ForeignKeyField('models.OrgNode', source_field='reports_to_id', null=True, db_constraint=True, to_field='id', related_name='reporting_members', on_delete=OnDelete.SET_NULL)),
                ('pledge', fields.CharField(default='', max_length=500)),
                ('show_publicly', fields.BooleanField(default=False)),
                ('work_city', fields.CharField(default='', max_length=50)),
                ('employer', fields.CharField(default='', max_length=100)),
            ],
            options={'table': 'party_member', 'app': 'models', 'pk_attr': 'id'},
            bases=['TimestampMixin', 'Model'],
        ),
        ops.CreateModel(
            name='ContactLog',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('member', fields.ForeignKeyField('models.PartyMember', source_field='member_id', db_index=True, db_constraint=True, to_field='id', related_name='contact_logs', on_delete=OnDelete.CASCADE)),
                ('contacted_on', fields.DateField(db_index=True)),
                ('channel', fields.CharEnumField(description='PHONE: PHONE\nWECHAT: WECHAT\nVISIT: VISIT\nMAIL: MAIL', enum_type=ContactChannel, max_length=8)),
                ('note', fields.CharField(default='', max_length=1000)),
                ('material_sent', fields.CharField(default='', max_length=200)),
                ('recorded_by', fields.ForeignKeyField('models.User', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name='contact_logs', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'contact_log', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MobileContactPerson',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('member', fields.ForeignKeyField('models.PartyMember', source_field='member_id', db_constraint=True, to_field='id', related_name='contact_persons', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='mobile_members_kept', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'mobile_contact_person', 'app': 'models', 'unique_together': (('member', 'user'),), 'pk_attr': 'id', 'table_description': 'Who keeps in touch with a mobile member ("1+1" one to one, "1+N" one cadre to many).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ResidentTagLink',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('resident', fields.ForeignKeyField('models.Resident', source_field='resident_id', db_constraint=True, to_field='id', related_name='tags', on_delete=OnDelete.CASCADE)),
                ('tag', fields.CharEnumField(db_index=True, description='ELDER_LIVING_ALONE: ELDER_LIVING_ALONE\nDISABLED: DISABLED\nCHILD_LEFT_BEHIND: CHILD_LEFT_BEHIND\nLOW_INCOME: LOW_INCOME\nVETERAN: VETERAN\nSERIOUSLY_ILL: SERIOUSLY_ILL\nUNEMPLOYED: UNEMPLOYED\nRENTER: RENTER', enum_type=ResidentTag, max_length=32)),
            ],
            options={'table': 'resident_tag', 'app': 'models', 'unique_together': (('resident', 'tag'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Title',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('node', fields.ForeignKeyField('models.OrgNode', source_field='node_id', db_index=True, db_constraint=True, to_field='id', related_name='titles', on_delete=OnDelete.CASCADE)),
                ('resident', fields.ForeignKeyField('models.Resident', source_field='resident_id', db_index=True, db_constraint=True, to_field='id', related_name='titles', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='BUILDING_HEAD: BUILDING_HEAD\nRED_STEWARD: RED_STEWARD\nGRID_WORKER: GRID_WORKER\nPART_TIME_COMMITTEE_MEMBER: PART_TIME_COMMITTEE_MEMBER', enum_type=TitleKind, max_length=32)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'title', 'app': 'models', 'unique_together': (('node', 'resident', 'kind'),), 'pk_attr': 'id', 'table_description': 'A title held at a node: 楼栋长 or 红管家 at a building, 网格员 at a grid, ...'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='VolunteerTeam',
            fields=[
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('node', fields.ForeignKeyField('models.OrgNode', source_field='node_id', db_constraint=True, to_field='id', related_name='volunteer_teams', on_delete=OnDelete.RESTRICT)),
                ('name', fields.CharField(max_length=100)),
                ('leader', fields.ForeignKeyField('models.Resident', source_field='leader_id', null=True, db_constraint=True, to_field='id', related_name='teams_led', on_delete=OnDelete.SET_NULL)),
                ('active', fields.BooleanField(default=True)),
            ],
            options={'table': 'volunteer_team', 'app': 'models', 'unique_together': (('node', 'name'),), 'pk_attr': 'id', 'table_description': 'A volunteer team ("红色代办") belonging to a node.'},
            bases=['TimestampMixin', 'Model'],
        ),
        ops.CreateModel(
            name='VolunteerTeamMember',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('team', fields.ForeignKeyField('models.VolunteerTeam', source_field='team_id', db_constraint=True, to_field='id', related_name='members', on_delete=OnDelete.CASCADE)),
                ('resident', fields.ForeignKeyField('models.Resident', source_field='resident_id', db_index=True, db_constraint=True, to_field='id', related_name='team_memberships', on_delete=OnDelete.CASCADE)),
                ('joined_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'volunteer_team_member', 'app': 'models', 'unique_together': (('team', 'resident'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='RoleGrant',
            name='node',
            field=fields.ForeignKeyField('models.OrgNode', source_field='node_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='grants', on_delete=OnDelete.RESTRICT),
        ),
    ]
