"""Notices (公告, 公示) of issue 13, and the party group leader's title (楼栋党小组组长).

- `notice`: posts at a node with a publish time (maybe ahead: scheduled), an optional expiry and
  a withdrawal; `node_path` is copied from the node (models/paths.py) so the list's scope is an
  index range (`varchar_pattern_ops` on PostgreSQL), and `(published_at, id)` serves the order.
- Every quarterly points notice already published gets its notice of kind POINTS (the same
  node, title and time), as publishPointsNotice writes one from now on in its transaction.
- `title.kind` may be PARTY_GROUP_LEADER (the model state only: the column is unchanged).
"""

from tortoise import migrations
from tortoise.migrations import operations as ops
from models.notices import NoticeKind
from models.party import TitleKind
from tortoise.fields.base import OnDelete
from tortoise import fields

PATTERN_INDEX = "notice_node_path_idx"
INDEXES = {
    "notice_published_id_idx": "notice (published_at, id)",
    "notice_kind_idx": "notice (kind)",
}
BACKFILL = """
INSERT INTO notice (node_id, node_path, kind, title, body, published_at, points_notice_id,
                    created_by_id, created_at, updated_at)
SELECT p.node_id, p.node_path, 'POINTS', p.title, '', p.published_at, p.id,
       p.published_by_id, p.published_at, p.published_at
FROM points_notice p
WHERE NOT EXISTS (SELECT 1 FROM notice n WHERE n.points_notice_id = p.id)
"""


async def indexes_and_backfill(apps, schema_editor) -> None:
    client = schema_editor.client
    pattern = " varchar_pattern_ops" if client.capabilities.dialect == "postgres" else ""
    await client.execute_script(
        f"CREATE INDEX IF NOT EXISTS {PATTERN_INDEX} ON notice (node_path{pattern})"
    )
    for name, target in INDEXES.items():
        await client.execute_script(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
    await client.execute_script(BACKFILL)


async def drop_indexes(apps, schema_editor) -> None:
    client = schema_editor.client
    for name in [PATTERN_INDEX, *INDEXES]:
        await client.execute_script(f"DROP INDEX IF EXISTS {name}")


class AlterEnumChoices(ops.AlterField):
    """A new value of a CharEnumField: the model state changes, the database does not (the
    column is a VARCHAR either way and its comment only lists the values). Tortoise's SQLite
    alter would rebuild `title` and lose its unique constraint and indexes."""

    async def database_forward(self, app_label, old_state, new_state, state_editor=None) -> None:
        return None

    async def database_backward(self, app_label, old_state, new_state, state_editor=None) -> None:
        return None


class Migration(migrations.Migration):
    dependencies = [('models', '0018_topic_links')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Notice',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('node', fields.ForeignKeyField('models.OrgNode', source_field='node_id', db_constraint=True, to_field='id', related_name='notices', on_delete=OnDelete.RESTRICT)),
                ('node_path', fields.CharField(default='', db_default='', max_length=255)),
                ('kind', fields.CharEnumField(description='GENERAL: GENERAL\nPUBLIC_NOTICE: PUBLIC_NOTICE\nPOINTS: POINTS', enum_type=NoticeKind, max_length=16)),
                ('title', fields.CharField(max_length=200)),
                ('body', fields.TextField(default='', unique=False)),
                ('published_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('withdrawn_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('points_notice', fields.OneToOneField('models.PointsNotice', source_field='points_notice_id', null=True, db_constraint=True, to_field='id', related_name='notice', on_delete=OnDelete.RESTRICT)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='notices_created', on_delete=OnDelete.SET_NULL)),
                ('withdrawn_by', fields.ForeignKeyField('models.User', source_field='withdrawn_by_id', null=True, db_constraint=True, to_field='id', related_name='notices_withdrawn', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'notice', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A notice (公告, 公示) posted at a node for the staff and residents of its subtree.'},
            bases=['IdMixin', 'Model'],
        ),
        AlterEnumChoices(
            model_name='Title',
            name='kind',
            field=fields.CharEnumField(description='BUILDING_HEAD: BUILDING_HEAD\nRED_STEWARD: RED_STEWARD\nGRID_WORKER: GRID_WORKER\nPART_TIME_COMMITTEE_MEMBER: PART_TIME_COMMITTEE_MEMBER\nPARTY_GROUP_LEADER: PARTY_GROUP_LEADER', enum_type=TitleKind, max_length=32),
        ),
        ops.RunPython(indexes_and_backfill, drop_indexes),
    ]
