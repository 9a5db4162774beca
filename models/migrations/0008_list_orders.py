"""Index the orders the lists gained with keyset paging (issue 10): each as (key, id), which
serves the order and its reverse, and the keyset condition `key > $1 OR (key = $1 AND id > $2)`
as an index range. Cases' orders were indexed by 0007."""

from tortoise import migrations
from tortoise.migrations import operations as ops

INDEXES = {
    "org_node_name_id_idx": ("org_node", "name, id"),
    "org_node_created_id_idx": ("org_node", "created_at, id"),
    "resident_name_id_idx": ("resident", "name, id"),
    "resident_created_id_idx": ("resident", "created_at, id"),
    "household_number_id_idx": ("household", "number, id"),
    "household_created_id_idx": ("household", "created_at, id"),
}


async def create_indexes(apps, schema_editor) -> None:
    for name, (table, columns) in INDEXES.items():
        await schema_editor.client.execute_script(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})"
        )


async def drop_indexes(apps, schema_editor) -> None:
    for name in INDEXES:
        await schema_editor.client.execute_script(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("models", "0007_copied_paths")]

    initial = False

    operations = [ops.RunPython(create_indexes, drop_indexes)]
