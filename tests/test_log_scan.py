"""The log of the whole test run holds no password, token or personal value: checked last
(tests/conftest.py orders it so), over every record logged at INFO and above, both as the code
logged it and as production writes it."""

import logging
import re

from app.logs import make_handler
from app.seed import DEMO_PASSWORD
from tests.conftest import RUN_LOG

SECRETS = {
    "the demo password": re.compile(re.escape(DEMO_PASSWORD)),
    "a JWT": re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+"),
    "an ID number": re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])"),
    "a mobile number": re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])"),
}


def findings(lines: list[str]) -> list[str]:
    """What looks secret or personal in `lines`, one entry per line and kind."""
    found = []
    for line in lines:
        for kind, pattern in SECRETS.items():
            match = pattern.search(line)
            if match:
                start = max(match.start() - 60, 0)
                found.append(f"{kind}: ...{line[start : match.end() + 20]}...")
    return found


def test_the_scan_finds_planted_secrets() -> None:
    planted = [
        f"login alice {DEMO_PASSWORD}",
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
        "resident 11010119900307771X added",
        "phone 13812345678",
        "case 42 resolved in 125 ms, request 4f1c2a9e0b7d4e36a1c3f0d2b9e8a7c6",
    ]
    kinds = [entry.split(":")[0] for entry in findings(planted)]
    assert kinds == ["the demo password", "a JWT", "an ID number", "a mobile number"]


def test_production_lines_mask_what_slips_through() -> None:
    """Defence in depth: even a careless log call is written masked (except the demo password,
    which is no pattern; the raw scan below catches code that would log it)."""
    handler = make_handler("json")
    record = logging.LogRecord(
        "loudong.test", logging.INFO, __file__, 1, "%s %s %s password=%s", None, None
    )
    record.args = (
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
        "11010119900307771X",
        "13812345678",
        "hunter2",
    )
    assert handler.filter(record)
    line = handler.format(record)
    assert findings([line]) == []
    assert "hunter2" not in line


def test_run_log_holds_no_secret_or_personal_value() -> None:
    assert RUN_LOG.written, "no log line was captured: is the handler installed?"
    assert findings(RUN_LOG.written) == [], "production's log lines hold secrets"
    assert findings(RUN_LOG.raw)[:20] == [], (
        "the code logs secrets (masked only by the last filter)"
    )
