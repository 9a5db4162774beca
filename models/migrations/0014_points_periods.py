"""Periods, rankings and quarterly notices of points (issue 12).

- `point_rule.variable`: a rule whose points are the most one entry may give.
- `points_notice` and `points_notice_row`: published quarterly notices (积分公示), frozen: on
  PostgreSQL a trigger refuses UPDATE (but of the copied node_path, which follows a moved
  subtree), DELETE and TRUNCATE of either table.
- The monthly ranking's index: `point_entry (node_path, at)`, on PostgreSQL with the pattern
  operator class (so `node_path LIKE '/1/5/%'` is an index range) and the summed columns
  included, so a ranking of a community or a street is an index-only scan of its subtree's
  entries (bench/RESULTS.md, "points ranking").
"""

from tortoise import migrations
from tortoise.migrations import operations as ops
from models.notices import RankingSubject
from tortoise.fields.base import OnDelete
from tortoise import fields

RANKING_INDEX = "point_entry_path_at_idx"
RANKING_INCLUDE = "INCLUDE (kind, source, amount, resident_id, household_id, node_id)"
INDEXES = {
    "points_notice_row_rank_idx": "points_notice_row (notice_id, rank, id)",
    "points_notice_published_idx": "points_notice (published_at, id)",
}
NOTICE_PATH_INDEX = "points_notice_node_path_idx"
FROZEN = [
    """CREATE OR REPLACE FUNCTION points_notice_frozen() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'points_notice'
                AND (to_jsonb(NEW) - 'node_path') = (to_jsonb(OLD) - 'node_path') THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'a published points notice never changes';
    END
    $$""",
    *[
        f"CREATE TRIGGER {table}_frozen BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION points_notice_frozen()"
        for table in ("points_notice", "points_notice_row")
    ],
    *[
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION points_notice_frozen()"
        for table in ("points_notice", "points_notice_row")
    ],
]


async def indexes_and_guards(apps, schema_editor) -> None:
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    pattern = " varchar_pattern_ops" if postgres else ""
    include = f" {RANKING_INCLUDE}" if postgres else ""
    await client.execute_script(
        f"CREATE INDEX IF NOT EXISTS {RANKING_INDEX} ON point_entry (node_path{pattern}, at)"
        + include
    )
    await client.execute_script(
        f"CREATE INDEX IF NOT EXISTS {NOTICE_PATH_INDEX} ON points_notice (node_path{pattern})"
    )
    for name, target in INDEXES.items():
        await client.execute_script(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
    if postgres:
        for statement in FROZEN:
            await client.execute_script(statement)


async def drop_indexes_and_guards(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        for table in ("points_notice", "points_notice_row"):
            await client.execute_script(f"DROP TRIGGER IF EXISTS {table}_frozen ON {table}")
            await client.execute_script(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        await client.execute_script("DROP FUNCTION IF EXISTS points_notice_frozen()")
    for name in [RANKING_INDEX, NOTICE_PATH_INDEX, *INDEXES]:
        await client.execute_script(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [('models', '0013_redemption')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PointsNotice',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('node', fields.ForeignKeyField('models.OrgNode', source_field='node_id', db_constraint=True, to_field='id', related_name='points_notices', on_delete=OnDelete.RESTRICT)),
                ('node_path', fields.CharField(default='', db_default='', max_length=255)),
                ('title', fields.CharField(max_length=200)),
                ('year', fields.IntField()),
                ('quarter', fields.IntField()),
                ('subject', fields.CharEnumField(description='RESIDENTS: RESIDENTS\nHOUSEHOLDS: HOUSEHOLDS\nBUILDINGS: BUILDINGS', enum_type=RankingSubject, max_length=16)),
                ('published_by', fields.ForeignKeyField('models.User', source_field='published_by_id', null=True, db_constraint=True, to_field='id', related_name='points_notices', on_delete=OnDelete.RESTRICT)),
                ('published_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'points_notice', 'app': 'models', 'unique_together': (('node', 'year', 'quarter', 'subject'),), 'pk_attr': 'id', 'table_description': 'A published quarterly notice (积分公示) of a ranking at a node, frozen.'},
            bases=['IdMixin', 'Model'],
        ),
        ops.CreateModel(
            name='PointsNoticeRow',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('notice', fields.ForeignKeyField('models.PointsNotice', source_field='notice_id', db_constraint=True, to_field='id', related_name='rows', on_delete=OnDelete.RESTRICT)),
                ('rank', fields.IntField()),
                ('name', fields.CharField(max_length=200)),
                ('points', fields.IntField()),
                ('points_per_household', fields.IntField(null=True)),
            ],
            options={'table': 'points_notice_row', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One line of a published notice: rank, masked name and points, as they were.'},
            bases=['IdMixin', 'Model'],
        ),
        ops.AddField(
            model_name='PointRule',
            name='variable',
            field=fields.BooleanField(default=False),
        ),
        ops.RunPython(indexes_and_guards, drop_indexes_and_guards),
    ]
