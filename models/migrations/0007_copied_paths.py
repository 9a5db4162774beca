"""Copy each case's node path and each household's building path onto the row, and index the
lists' scope and orders, so that a community's page is an index range, not a scan of the
table (issue 9). `models.paths.refresh_copied_paths` keeps the copies right on a tree move."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

BACKFILL = [
    "UPDATE cases SET node_path = "
    "(SELECT org_node.path FROM org_node WHERE org_node.id = cases.node_id)",
    "UPDATE household SET building_path = "
    "(SELECT org_node.path FROM org_node WHERE org_node.id = household.building_id)",
]

# name: (table, columns); a path column gets varchar_pattern_ops on PostgreSQL, so that
# LIKE 'prefix%' uses it under any locale.
INDEXES = {
    "cases_node_path_idx": ("cases", "node_path"),
    "cases_created_idx": ("cases", "created_at, id"),
    "cases_due_idx": ("cases", "due_at, id"),
    "cases_updated_idx": ("cases", "updated_at, id"),
    "household_building_path_idx": ("household", "building_path"),
}
PATH_COLUMNS = {"node_path", "building_path"}


async def copy_and_index(apps, schema_editor) -> None:
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    for statement in BACKFILL:
        await client.execute_script(statement)
    for name, (table, columns) in INDEXES.items():
        if postgres and columns in PATH_COLUMNS:
            columns = f"{columns} varchar_pattern_ops"
        await client.execute_script(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")


async def drop_indexes(apps, schema_editor) -> None:
    for name in INDEXES:
        await schema_editor.client.execute_script(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("models", "0006_rate_limits")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Case",
            name="node_path",
            field=fields.CharField(default="", db_default="", max_length=255),
        ),
        ops.AddField(
            model_name="Household",
            name="building_path",
            field=fields.CharField(default="", db_default="", max_length=255),
        ),
        ops.RunPython(copy_and_index, drop_indexes),
    ]
