"""Elder care's alerts (告警): raised, read, acknowledged, closed, and swept (issue 14)."""
