"""Figures (统计, issue 14): an index of the ledger's corrections.

`stats` counts a correction as what it reverses (points issued or redeemed), so it reads the
subtree's corrections of the range with their `reverses_id`. Corrections are rare (about one
entry in a thousand), but without an index of their own PostgreSQL finds them by reading
every entry of the subtree from the heap (33 ms of a street's 12 months at the district
preset, bench/RESULTS.md "stats"). A partial index of corrections alone, by copied path and
time (the pattern operator class on PostgreSQL), with what the statement reads included, makes
that an index-only scan of a few rows.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

CORRECTIONS_INDEX = "point_entry_corrections_idx"


async def create_index(apps, schema_editor) -> None:
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    pattern = " varchar_pattern_ops" if postgres else ""
    include = " INCLUDE (amount, reverses_id)" if postgres else ""
    await client.execute_script(
        f"CREATE INDEX IF NOT EXISTS {CORRECTIONS_INDEX} ON point_entry (node_path{pattern}, at)"
        f"{include} WHERE source = 'CORRECTION'"
    )


async def drop_index(apps, schema_editor) -> None:
    await schema_editor.client.execute_script(f"DROP INDEX IF EXISTS {CORRECTIONS_INDEX}")


class Migration(migrations.Migration):
    dependencies = [('models', '0020_alerts')]

    initial = False

    operations = [
        ops.RunPython(create_index, drop_index),
    ]
