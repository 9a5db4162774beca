"""Every grant given or revoked goes through resolvers/users/grant_writes.py, which tells the
holder's live subscriptions (Topic.GRANT): no other resolver writes RoleGrant rows (review 14)."""

import re
from pathlib import Path

RESOLVERS = Path(__file__).resolve().parents[3] / "resolvers"
WRITES = re.compile(
    r"RoleGrant\.(create|bulk_create|update_or_create|get_or_create)\b"
    r"|\.update\(\s*revoked_at\s*="
    r"|revoked_at\s*=\s*(datetime|now|moment)"
)


def test_only_grant_writes_writes_grants() -> None:
    writers = sorted(
        str(path.relative_to(RESOLVERS))
        for path in RESOLVERS.rglob("*.py")
        if WRITES.search(path.read_text(encoding="utf-8"))
    )
    assert writers == ["users/grant_writes.py"]
