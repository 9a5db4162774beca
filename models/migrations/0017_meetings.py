from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.conventions import ConventionSection, ConventionStatus, ServiceCategory, ServiceItemStatus
from models.meetings import AttendeeKind, MeetingStatus, MeetingType, ResolutionKind, ResolutionStatus, VoteChoice
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

"""Meetings (议事会), attendees, agenda, resolutions (决议) with votes, service items (服务事项)
and building conventions (楼栋公约) in versions (issue 13).

- The copied node paths get an index (on PostgreSQL with varchar_pattern_ops, so the scope's
  LIKE 'prefix%' is an index range, as 0007 does for cases).
- One open draft per building: a partial unique index (both databases).
- An adopted convention version never changes: on PostgreSQL a trigger refuses UPDATE (but of
  the copied node_path, which follows a moved subtree) and DELETE of an adopted version, and
  any write to the sections of one.
"""

PATH_INDEXES = {
    "meeting_node_path_like_idx": "meeting",
    "resolution_node_path_like_idx": "resolution",
    "service_item_node_path_like_idx": "service_item",
    "convention_version_node_path_like_idx": "convention_version",
}
INDEXES = {
    "meeting_node_starts_idx": "meeting (node_id, starts_at, id)",
    "service_item_number_idx": "service_item (community_id, status, number)",
}
ONE_DRAFT = (
    "CREATE UNIQUE INDEX IF NOT EXISTS convention_version_one_draft "
    "ON convention_version (building_id) WHERE status = 'DRAFT'"
)
FROZEN = [
    """CREATE OR REPLACE FUNCTION convention_version_frozen() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF OLD.status <> 'ADOPTED' THEN
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END IF;
        IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'node_path') = (to_jsonb(OLD) - 'node_path') THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'an adopted convention version never changes';
    END
    $$""",
    """CREATE OR REPLACE FUNCTION convention_section_frozen() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' AND EXISTS (
            SELECT 1 FROM convention_version v WHERE v.id = OLD.version_id AND v.status = 'ADOPTED'
        ) THEN
            RAISE EXCEPTION 'an adopted convention version never changes';
        END IF;
        IF TG_OP <> 'DELETE' AND EXISTS (
            SELECT 1 FROM convention_version v WHERE v.id = NEW.version_id AND v.status = 'ADOPTED'
        ) THEN
            RAISE EXCEPTION 'an adopted convention version never changes';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END
    $$""",
    "CREATE TRIGGER convention_version_frozen BEFORE UPDATE OR DELETE ON convention_version "
    "FOR EACH ROW EXECUTE FUNCTION convention_version_frozen()",
    "CREATE TRIGGER convention_section_frozen BEFORE INSERT OR UPDATE OR DELETE "
    "ON convention_section FOR EACH ROW EXECUTE FUNCTION convention_section_frozen()",
]


async def indexes_and_guards(apps, schema_editor) -> None:
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    pattern = " varchar_pattern_ops" if postgres else ""
    for name, table in PATH_INDEXES.items():
        await client.execute_script(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} (node_path{pattern})"
        )
    for name, target in INDEXES.items():
        await client.execute_script(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
    await client.execute_script(ONE_DRAFT)
    if postgres:
        for statement in FROZEN:
            await client.execute_script(statement)


async def drop_indexes_and_guards(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        await client.execute_script(
            "DROP TRIGGER IF EXISTS convention_version_frozen ON convention_version"
        )
        await client.execute_script(
            "DROP TRIGGER IF EXISTS convention_section_frozen ON convention_section"
        )
        await client.execute_script("DROP FUNCTION IF EXISTS convention_version_frozen()")
        await client.execute_script("DROP FUNCTION IF EXISTS convention_section_frozen()")
    for name in [*PATH_INDEXES, *INDEXES, "convention_version_one_draft"]:
        await client.execute_script(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [('models', '0016_topics')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Meeting',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('node', fields.ForeignKeyField('models.OrgNode', source_field='node_id', db_constraint=True, to_field='id', related_name='meetings', on_delete=OnDelete.RESTRICT)),
                ('node_path', fields.CharField(db_index=True, max_length=255)),
                ('type', fields.CharEnumField(description='BUILDING_COUNCIL: BUILDING_COUNCIL\nSTEWARD_ROUNDTABLE: STEWARD_ROUNDTABLE\nGRID_COUNCIL: GRID_COUNCIL\nCOMMUNITY_COUNCIL: COMMUNITY_COUNCIL', enum_type=MeetingType, max_length=24)),
                ('title', fields.CharField(max_length=100)),
                ('starts_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('place', fields.CharField(max_length=100)),
                ('status', fields.CharEnumField(default=MeetingStatus.SCHEDULED, description='SCHEDULED: SCHEDULED\nHELD: HELD\nCLOSED: CLOSED\nCANCELLED: CANCELLED', enum_type=MeetingStatus, max_length=16)),
                ('minutes', fields.TextField(default='', unique=False)),
                ('minutes_by', fields.ForeignKeyField('models.User', source_field='minutes_by_id', null=True, db_constraint=True, to_field='id', related_name='meeting_minutes', on_delete=OnDelete.SET_NULL)),
                ('minutes_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('cancel_reason', fields.CharField(default='', max_length=500)),
                ('convened_by', fields.ForeignKeyField('models.User', source_field='convened_by_id', null=True, db_constraint=True, to_field='id', related_name='meetings_convened', on_delete=OnDelete.SET_NULL)),
                ('held_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'meeting', 'app': 'models', 'indexes': [Index(fields=['starts_at', 'id']), Index(fields=['created_at', 'id']), Index(fields=['title', 'id'])], 'pk_attr': 'id', 'table_description': 'A meeting (议事会) at a building, grid or community node.'},
            bases=['IdMixin', 'TimestampMixin', 'Model'],
        ),
        ops.CreateModel(
            name='MeetingAgendaItem',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('meeting', fields.ForeignKeyField('models.Meeting', source_field='meeting_id', db_constraint=True, to_field='id', related_name='agenda_items', on_delete=OnDelete.CASCADE)),
                ('position', fields.IntField()),
                ('text', fields.CharField(max_length=500)),
            ],
            options={'table': 'meeting_agenda_item', 'app': 'models', 'unique_together': (('meeting', 'position'),), 'pk_attr': 'id', 'table_description': "One item of a meeting's agenda (议程), in order."},
            bases=['IdMixin', 'Model'],
        ),
        ops.CreateModel(
            name='MeetingAttendee',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('meeting', fields.ForeignKeyField('models.Meeting', source_field='meeting_id', db_constraint=True, to_field='id', related_name='attendees', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='RESIDENT: RESIDENT\nSTAFF: STAFF\nPROPERTY_COMPANY: PROPERTY_COMPANY\nOWNERS_COMMITTEE: OWNERS_COMMITTEE\nOTHER_PARTY: OTHER_PARTY', enum_type=AttendeeKind, max_length=24)),
                ('subject_key', fields.CharField(max_length=140)),
                ('name', fields.CharField(max_length=100)),
                ('organisation', fields.CharField(default='', max_length=100)),
                ('resident', fields.ForeignKeyField('models.Resident', source_field='resident_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='meeting_attendances', on_delete=OnDelete.RESTRICT)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='meeting_attendances', on_delete=OnDelete.RESTRICT)),
                ('present', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'meeting_attendee', 'app': 'models', 'unique_together': (('meeting', 'subject_key'),), 'pk_attr': 'id', 'table_description': "Someone invited to a meeting (列席/参会): a resident of the node's subtree, a staff user, or"},
            bases=['IdMixin', 'Model'],
        ),
        ops.CreateModel(
            name='ConventionVersion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('building', fields.ForeignKeyField('models.OrgNode', source_field='building_id', db_constraint=True, to_field='id', related_name='convention_versions', on_delete=OnDelete.RESTRICT)),
                ('node_path', fields.CharField(db_index=True, max_length=255)),
                ('number', fields.IntField()),
                ('title', fields.CharField(max_length=100)),
                ('status', fields.CharEnumField(default=ConventionStatus.DRAFT, description='DRAFT: DRAFT\nADOPTED: ADOPTED\nDISCARDED: DISCARDED', enum_type=ConventionStatus, max_length=16)),
                ('drafted_by', fields.ForeignKeyField('models.User', source_field='drafted_by_id', null=True, db_constraint=True, to_field='id', related_name='convention_versions_drafted', on_delete=OnDelete.SET_NULL)),
                ('adopted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'convention_version', 'app': 'models', 'unique_together': (('building', 'number'),), 'pk_attr': 'id', 'table_description': "One version (第 n 版) of a building's convention (楼栋公约). A draft may change, an adopted"},
            bases=['IdMixin', 'TimestampMixin', 'Model'],
        ),
        ops.CreateModel(
            name='ConventionSectionText',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('version', fields.ForeignKeyField('models.ConventionVersion', source_field='version_id', db_constraint=True, to_field='id', related_name='sections', on_delete=OnDelete.CASCADE)),
                ('section', fields.CharEnumField(description='RESPECT_ELDERS: RESPECT_ELDERS\nNEIGHBOURLY_HELP: NEIGHBOURLY_HELP\nPUBLIC_MORALITY: PUBLIC_MORALITY\nHYGIENE: HYGIENE\nDOG_KEEPING: DOG_KEEPING\nFIRE_SAFETY: FIRE_SAFETY\nPARKING: PARKING\nOTHER: OTHER', enum_type=ConventionSection, max_length=24)),
                ('position', fields.IntField()),
                ('body', fields.CharField(max_length=4000)),
            ],
            options={'table': 'convention_section', 'app': 'models', 'unique_together': (('version', 'section'),), 'pk_attr': 'id', 'table_description': 'The text of one section of a convention version, in order.'},
            bases=['IdMixin', 'Model'],
        ),
        ops.CreateModel(
            name='Resolution',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('meeting', fields.ForeignKeyField('models.Meeting', source_field='meeting_id', db_constraint=True, to_field='id', related_name='resolutions', on_delete=OnDelete.RESTRICT)),
                ('node_path', fields.CharField(db_index=True, max_length=255)),
                ('kind', fields.CharEnumField(description='GENERAL: GENERAL\nADD_SERVICE_ITEMS: ADD_SERVICE_ITEMS\nADOPT_CONVENTION: ADOPT_CONVENTION\nADOPT_TOPIC: ADOPT_TOPIC', enum_type=ResolutionKind, max_length=24)),
                ('title', fields.CharField(max_length=100)),
                ('text', fields.CharField(default='', max_length=2000)),
                ('status', fields.CharEnumField(default=ResolutionStatus.VOTING, description='VOTING: VOTING\nPASSED: PASSED\nREJECTED: REJECTED\nWITHDRAWN: WITHDRAWN', enum_type=ResolutionStatus, max_length=16)),
                ('proposed_items', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('convention_version', fields.ForeignKeyField('models.ConventionVersion', source_field='convention_version_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='resolutions', on_delete=OnDelete.RESTRICT)),
                ('votes_for', fields.IntField(default=0)),
                ('votes_against', fields.IntField(default=0)),
                ('votes_abstain', fields.IntField(default=0)),
                ('proposed_by', fields.ForeignKeyField('models.User', source_field='proposed_by_id', null=True, db_constraint=True, to_field='id', related_name='resolutions_proposed', on_delete=OnDelete.SET_NULL)),
                ('decided_by', fields.ForeignKeyField('models.User', source_field='decided_by_id', null=True, db_constraint=True, to_field='id', related_name='resolutions_decided', on_delete=OnDelete.SET_NULL)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'resolution', 'app': 'models', 'indexes': [Index(fields=['meeting_id', 'created_at', 'id']), Index(fields=['created_at', 'id'])], 'pk_attr': 'id', 'table_description': "A resolution (决议) put to the vote in a held meeting, and its outcome. The meeting's node"},
            bases=['IdMixin', 'TimestampMixin', 'Model'],
        ),
        ops.CreateModel(
            name='ResolutionVote',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('resolution', fields.ForeignKeyField('models.Resolution', source_field='resolution_id', db_constraint=True, to_field='id', related_name='votes', on_delete=OnDelete.CASCADE)),
                ('attendee', fields.ForeignKeyField('models.MeetingAttendee', source_field='attendee_id', db_index=True, db_constraint=True, to_field='id', related_name='votes', on_delete=OnDelete.RESTRICT)),
                ('choice', fields.CharEnumField(description='FOR: FOR\nAGAINST: AGAINST\nABSTAIN: ABSTAIN', enum_type=VoteChoice, max_length=8)),
                ('by_recorder', fields.BooleanField(default=True)),
                ('recorded_by', fields.ForeignKeyField('models.User', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name='votes_recorded', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'resolution_vote', 'app': 'models', 'unique_together': (('resolution', 'attendee'),), 'pk_attr': 'id', 'table_description': "One present attendee's vote on a resolution: written once (a unique index refuses a"},
            bases=['IdMixin', 'Model'],
        ),
        ops.CreateModel(
            name='ServiceItem',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('community', fields.ForeignKeyField('models.OrgNode', source_field='community_id', db_constraint=True, to_field='id', related_name='service_items', on_delete=OnDelete.RESTRICT)),
                ('node_path', fields.CharField(db_index=True, max_length=255)),
                ('resolution', fields.ForeignKeyField('models.Resolution', source_field='resolution_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='service_items', on_delete=OnDelete.RESTRICT)),
                ('number', fields.IntField()),
                ('category', fields.CharEnumField(description='ELDERLY: ELDERLY\nCHILDREN: CHILDREN\nHEALTH: HEALTH\nEMPLOYMENT: EMPLOYMENT\nCONVENIENCE: CONVENIENCE\nENVIRONMENT: ENVIRONMENT\nSAFETY: SAFETY\nCULTURE: CULTURE\nLEGAL: LEGAL', enum_type=ServiceCategory, max_length=16)),
                ('title', fields.CharField(max_length=100)),
                ('description', fields.CharField(default='', max_length=1000)),
                ('status', fields.CharEnumField(default=ServiceItemStatus.ACTIVE, description='ACTIVE: ACTIVE\nSUSPENDED: SUSPENDED\nRETIRED: RETIRED', enum_type=ServiceItemStatus, max_length=16)),
                ('status_changed_by', fields.ForeignKeyField('models.User', source_field='status_changed_by_id', null=True, db_constraint=True, to_field='id', related_name='service_items_changed', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'service_item', 'app': 'models', 'unique_together': (('community', 'number'),), 'indexes': [Index(fields=['title', 'id']), Index(fields=['created_at', 'id'])], 'pk_attr': 'id', 'table_description': 'One agreed service (服务事项) of a community, created by a passed resolution.'},
            bases=['IdMixin', 'TimestampMixin', 'Model'],
        ),
        ops.RunPython(indexes_and_guards, drop_indexes_and_guards),
    ]
