"""One unanswered objection (异议) per person and shortlisted candidate: each one holds the
award until it is answered, so filing the same one again and again would stall a campaign.
PostgreSQL and SQLite both read this SQL."""

from tortoise import migrations
from tortoise.migrations import operations as ops

INDEX = "evaluation_objection_open_uniq"

CREATE_INDEX = (
    f"CREATE UNIQUE INDEX IF NOT EXISTS {INDEX} "
    "ON evaluation_objection (candidate_id, filed_by_id) WHERE answered_at IS NULL"
)


class Migration(migrations.Migration):
    dependencies = [("models", "0014_points_periods")]

    operations = [
        ops.RunSQL([CREATE_INDEX], [f"DROP INDEX IF EXISTS {INDEX}"]),
    ]
