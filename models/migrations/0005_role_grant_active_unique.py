"""At most one active grant per user, role and node: two concurrent grantRole calls cannot
both land. SYSTEM_ADMIN grants have no node (NULL, which a plain unique index lets repeat),
so the index takes COALESCE(node_id, 0). PostgreSQL and SQLite both read this SQL."""

from tortoise import migrations
from tortoise.migrations import operations as ops

INDEX = "role_grant_active_uniq"

# A duplicate added nothing to the first grant: record it as revoked when it was made.
REVOKE_DUPLICATES = """
UPDATE role_grant SET revoked_at = created_at
WHERE revoked_at IS NULL AND id NOT IN (
    SELECT MIN(id) FROM role_grant WHERE revoked_at IS NULL
    GROUP BY user_id, role, COALESCE(node_id, 0)
)
"""

CREATE_INDEX = (
    f"CREATE UNIQUE INDEX IF NOT EXISTS {INDEX} "
    "ON role_grant (user_id, role, COALESCE(node_id, 0)) WHERE revoked_at IS NULL"
)


class Migration(migrations.Migration):
    dependencies = [("models", "0004_cases")]

    operations = [
        ops.RunSQL([REVOKE_DUPLICATES, CREATE_INDEX], [f"DROP INDEX IF EXISTS {INDEX}"]),
    ]
