"""On PostgreSQL, index org_node.path for LIKE 'prefix%' under any database locale."""

from tortoise import migrations
from tortoise.migrations import operations as ops

INDEX = "org_node_path_pattern_idx"


async def create_pattern_index(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect == "postgres":
        await schema_editor.client.execute_script(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON org_node (path varchar_pattern_ops)"
        )


async def drop_pattern_index(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect == "postgres":
        await schema_editor.client.execute_script(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("models", "0001_initial")]

    operations = [ops.RunPython(create_pattern_index, drop_pattern_index)]
