"""The app sweeps alerts by itself every LOUDONG_ALERT_SWEEP_SECONDS (other tests turn it off
and sweep with an explicit `now`)."""

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

import models
from app.settings import Settings
from models.workflows.alerts import AlertRules
from resolvers.alerts.raising import raise_alert
from tests.api.alerts_helpers import first_building, make_device


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The suite's settings, sweeping every 50 ms."""
    return replace(settings, alert_sweep_seconds=0.05)


async def test_the_app_escalates_an_overdue_alert_by_itself(demo: dict[str, int]) -> None:
    # given: an alert two hours past its deadline
    device, _ = await make_device(await first_building())
    past = datetime.now(UTC) - timedelta(hours=2)
    alert = await raise_alert(device, models.AlarmKind.FALL, past, AlertRules())
    # when: the app's sweeper turns a few times
    row = alert
    for _ in range(100):
        await asyncio.sleep(0.05)
        row = await models.Alert.get(id=alert.id)
        if row.status is models.AlertStatus.ESCALATED:
            break
    # then
    assert row.status is models.AlertStatus.ESCALATED
