"""Elder care's settings (LOUDONG_ALERT_*, issue 14) and `loudong sweep-alerts`."""

from datetime import timedelta
from pathlib import Path

import pytest

from app.main import alert_rules
from app.settings import Settings, SettingsError
from tests.unit.app.test_cli import loudong


def test_the_alert_settings_and_their_defaults() -> None:
    defaults = Settings.from_environ({"LOUDONG_SECRET": "x" * 40})
    assert defaults.alert_sweep_seconds == 60
    rules = alert_rules(
        Settings.from_environ(
            {
                "LOUDONG_SECRET": "x" * 40,
                "LOUDONG_ALERT_SWEEP_SECONDS": "0",
                "LOUDONG_ALERT_ACK_URGENT_MINUTES": "5",
                "LOUDONG_ALERT_ACK_MINUTES": "30",
                "LOUDONG_DOOR_QUIET_HOURS": "12",
            }
        )
    )
    assert (rules.urgent_ack, rules.ack, rules.door_quiet) == (
        timedelta(minutes=5),
        timedelta(minutes=30),
        timedelta(hours=12),
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LOUDONG_ALERT_SWEEP_SECONDS", "-1"),
        ("LOUDONG_ALERT_ACK_URGENT_MINUTES", "0"),
        ("LOUDONG_ALERT_ACK_MINUTES", "-5"),
        ("LOUDONG_DOOR_QUIET_HOURS", "0"),
    ],
)
def test_impossible_alert_settings_are_refused(name: str, value: str) -> None:
    with pytest.raises(SettingsError):
        Settings.from_environ({"LOUDONG_SECRET": "x" * 40, name: value})


@pytest.mark.slow
def test_sweep_alerts_from_the_command_line_sweeps_once(tmp_path: Path) -> None:
    assert loudong(tmp_path, "migrate").returncode == 0
    assert loudong(tmp_path, "seed", "--preset", "demo").returncode == 0
    first = loudong(tmp_path, "sweep-alerts")
    second = loudong(tmp_path, "sweep-alerts")
    assert first.returncode == 0, first.stderr
    assert "alerts swept:" in first.stdout
    assert "alerts swept: 0 escalated, 0 quiet doors raised" in second.stdout
