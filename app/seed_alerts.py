"""Demo elder care (issue 14): smart devices for a few elders living alone per community and
their alerts in every status. About twenty rows per community, whatever the preset.

Per community, its first six elders living alone (独居老人) wear a health watch; every second one
has a door sensor, every third a smoke detector, the fifth a vital-sign monitor. Most devices
were seen minutes ago; one in five is offline, a few run low. One door sensor per community has
been quiet for 30 hours, so the first sweep raises its DOOR_NOT_OPENED alert. The alerts
(models/workflows/alerts.py sets their deadlines): an SOS just raised, a fall acknowledged,
abnormal vital signs and a fall escalated to the community, and a history of closed ones with
their follow-ups. Device secrets are derived as resolvers/devices/signing.py does, from a salt
drawn here: nobody knows them without LOUDONG_SECRET, so a demo gateway rotates a device's
secret to get one.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

import models
from app.seed_people import write_phase
from app.seed_stage import Stage
from models import path_ids
from models.workflows import alerts as workflow

ELDERS_PER_COMMUNITY = 6
DEVICES = models.DeviceKind
ALARMS = models.AlarmKind
RULES = workflow.AlertRules()
NOTES = {
    models.FollowUpKind.VISIT: "网格员上门查看，老人身体无碍，已叮嘱注意防滑。",
    models.FollowUpKind.CALL: "电话联系老人，确认安全，系误触按键。",
    models.FollowUpKind.HOSPITAL: "联系家属并拨打120送医，现已出院回家。",
    models.FollowUpKind.FALSE_ALARM: "设备误报，已联系厂家检修。",
}


@dataclass(frozen=True)
class Elder:
    resident_id: int
    building_id: int
    building_path: str


async def _elders_by_community() -> dict[int, list[Elder]]:
    rows = (
        await models.ResidentTagLink.filter(
            tag=models.ResidentTag.ELDER_LIVING_ALONE, resident__active=True
        )
        .order_by("resident_id")
        .values_list(
            "resident_id", "resident__household__building_id", "resident__household__building_path"
        )
    )
    by_community: dict[int, list[Elder]] = {}
    for resident_id, building_id, path in rows:
        elders = by_community.setdefault(path_ids(path)[1], [])
        if len(elders) < ELDERS_PER_COMMUNITY:
            elders.append(Elder(resident_id, building_id, path))
    return by_community


def _kinds(index: int) -> list[models.DeviceKind]:
    kinds = [DEVICES.HEALTH_WATCH]
    if index % 2 == 0:
        kinds.append(DEVICES.DOOR_SENSOR)
    if index % 3 == 0:
        kinds.append(DEVICES.SMOKE_DETECTOR)
    if index % 5 == 4:
        kinds.append(DEVICES.VITAL_SIGN_MONITOR)
    return kinds


def build_devices(
    by_community: dict[int, list[Elder]], rng: random.Random, now: datetime
) -> list[models.Device]:
    devices: list[models.Device] = []
    for community_id in sorted(by_community):
        quiet_door = True
        for index, elder in enumerate(by_community[community_id]):
            for kind in _kinds(index):
                offline = rng.random() < 0.2
                seen = now - (
                    timedelta(hours=rng.randint(2, 30))
                    if offline
                    else timedelta(minutes=rng.randint(0, 20))
                )
                door = None
                if kind is DEVICES.DOOR_SENSOR:
                    door = now - timedelta(hours=30 if quiet_door else rng.randint(1, 8))
                    quiet_door = False
                devices.append(
                    models.Device(
                        uid=f"dev-{rng.getrandbits(96):024x}",
                        kind=kind,
                        label=models.DEVICE_KIND_LABELS[kind],
                        resident_id=elder.resident_id,
                        building_id=elder.building_id,
                        building_path=elder.building_path,
                        secret_salt=f"{rng.getrandbits(128):032x}",
                        last_seen_at=seen,
                        battery=rng.choice([8, 15, *range(40, 101, 5)]),
                        last_door_activity_at=door,
                    )
                )
    return devices


def _staff(scopes: dict[str, tuple[int, str]], path: str, prefix: str) -> int | None:
    """A demo account of a staff role (by its name's prefix) whose grant covers `path`."""
    for name, (user_id, scope) in sorted(scopes.items()):
        if name.startswith(prefix) and path.startswith(scope) and scope != "/":
            return user_id
    return None


def _alert(
    device: models.Device,
    kind: models.AlarmKind,
    raised_at: datetime,
    status: models.AlertStatus,
    scopes: dict[str, tuple[int, str]],
    rng: random.Random,
    *,
    escalated: bool = False,
) -> models.Alert:
    deadline = workflow.deadline_for(kind, raised_at, RULES)
    building, community = (
        _staff(scopes, device.building_path, "building"),
        _staff(scopes, device.building_path, "community"),
    )
    row = models.Alert(
        kind=kind, status=status, device_id=device.id, resident_id=device.resident_id,
        node_id=device.building_id, node_path=device.building_path, raised_at=raised_at,
        deadline_at=deadline,
        details={"heartRate": rng.choice([38, 42, 128, 135])}
        if kind is ALARMS.ABNORMAL_VITALS else None,
    )  # fmt: skip
    if escalated:
        row.escalated_at = deadline
    handled_at = deadline + timedelta(minutes=10) if escalated else raised_at + timedelta(minutes=6)
    handler = community if escalated else building
    if status in (models.AlertStatus.ACKNOWLEDGED, models.AlertStatus.CLOSED):
        row.acknowledged_at, row.acknowledged_by_id = handled_at, handler
    if status is models.AlertStatus.CLOSED:
        follow_up = rng.choice(list(models.FollowUpKind))
        row.closed_at, row.closed_by_id = handled_at + timedelta(minutes=40), handler
        row.follow_up, row.note = follow_up, NOTES[follow_up]
    if kind is ALARMS.DOOR_NOT_OPENED:
        since = raised_at - RULES.door_quiet
        row.dedupe_key = workflow.door_quiet_key(device.id, since)
    return row


def build_alerts(
    devices: list[models.Device],
    scopes: dict[str, tuple[int, str]],
    rng: random.Random,
    now: datetime,
) -> list[models.Alert]:
    by_community: dict[int, dict[models.DeviceKind, list[models.Device]]] = {}
    for device in devices:
        kinds = by_community.setdefault(path_ids(device.building_path)[1], {})
        kinds.setdefault(device.kind, []).append(device)
    status = models.AlertStatus
    alerts: list[models.Alert] = []

    def add(device: models.Device, kind: models.AlarmKind, ago: timedelta,
            state: models.AlertStatus, escalated: bool = False) -> None:  # fmt: skip
        alerts.append(_alert(device, kind, now - ago, state, scopes, rng, escalated=escalated))

    for community_id in sorted(by_community):
        kinds = by_community[community_id]
        watches = kinds[DEVICES.HEALTH_WATCH]
        doors = kinds.get(DEVICES.DOOR_SENSOR, [])
        smoke = kinds.get(DEVICES.SMOKE_DETECTOR, [])
        add(watches[0], ALARMS.SOS, timedelta(minutes=5), status.RAISED)
        add(watches[1 % len(watches)], ALARMS.FALL, timedelta(minutes=40), status.ACKNOWLEDGED)
        add(watches[2 % len(watches)], ALARMS.ABNORMAL_VITALS, timedelta(hours=3),
            status.ESCALATED, True)  # fmt: skip
        add(watches[3 % len(watches)], ALARMS.FALL, timedelta(hours=5), status.ESCALATED, True)
        for day in (2, 9, 23, 51):
            kind = rng.choice([ALARMS.FALL, ALARMS.SOS, ALARMS.ABNORMAL_VITALS])
            device = watches[day % len(watches)]
            if day == 23 and doors:
                device, kind = doors[-1], ALARMS.DOOR_NOT_OPENED
            elif day == 51 and smoke:
                device, kind = smoke[0], ALARMS.SMOKE
            add(device, kind, timedelta(days=day, hours=rng.randint(0, 12)), status.CLOSED,
                escalated=day in (9, 51))  # fmt: skip
    return alerts


async def seed_alerts(
    stage: Stage,
) -> dict[str, int]:
    devices = build_devices(await _elders_by_community(), stage.rng, stage.end)
    # Ids given here, so that the alerts name their devices before either is written (the seed
    # moves PostgreSQL's sequence past them afterwards).
    last = await models.Device.all().order_by("-id").first()
    for offset, device in enumerate(devices, start=(last.id if last else 0) + 1):
        device.id = offset
    alerts = build_alerts(devices, stage.users, stage.rng, stage.end)
    await write_phase("alerts", (devices, alerts), stage.progress, stage.planned)
    return {"devices": len(devices), "alerts": len(alerts)}
