"""Rate limits shared by every server process (kept in the database, not in a process)."""

from tortoise import fields
from tortoise.models import Model


class RateLimit(Model):
    """One limited key (a hash of what is limited, e.g. an account and an address): either a
    budget, whose `tat` runs ahead of the clock by what was spent (GCRA), or a back-off, whose
    `count` counts failures in a row and whose `tat` is the earliest time of the next attempt.
    A row means nothing after `expires_at` and may be deleted then."""

    key = fields.CharField(max_length=64, primary_key=True)
    tat = fields.FloatField()
    count = fields.IntField(default=0)
    expires_at = fields.FloatField(db_index=True)

    class Meta:
        table = "rate_limit"
