"""A resident's devices and open alerts follow the resident (the one place, called in the
transaction of whatever changed the resident): a move takes them to the new building, so the
old building's steward no longer reads the elder's vital signs nor receives their alarms; a
resident who is no longer an elder living alone here (deactivated, their household deactivated,
the ELDER_LIVING_ALONE tag removed) has their devices retired: they sign nothing any more (401)
and raise_alert refuses them. Their alerts stay, to be closed as any other."""

from datetime import UTC, datetime

from tortoise.expressions import Q

import models
from models.workflows import alerts as workflow
from resolvers.live.events import Topic, announce


async def follow_resident(resident_id: int, building: models.OrgNode) -> None:
    """The resident now lives at `building`: their active devices and open alerts go there."""
    await models.Device.filter(resident_id=resident_id, retired_at__isnull=True).update(
        building_id=building.id, building_path=building.path, updated_at=datetime.now(UTC)
    )
    await models.Alert.filter(resident_id=resident_id, status__in=list(workflow.OPEN)).update(
        node_id=building.id, node_path=building.path, updated_at=datetime.now(UTC)
    )
    await announce_open_alerts(Q(resident_id=resident_id))


async def announce_open_alerts(where: Q) -> None:
    """Open alerts that moved (with their elder, or with a subtree) are heard again where they
    are now: the consoles of their new building and above learn of them."""
    moved = await models.Alert.filter(where, status__in=list(workflow.OPEN)).values_list(
        "id", "node_path"
    )
    for pk, path in moved:
        announce(Topic.ALERT, pk, path)


async def retire_devices_of(residents: Q) -> int:
    """Retire the active devices of the residents matching `residents` (a Q on Resident)."""
    ids: list[int] = await models.Resident.filter(residents).values_list(  # type: ignore[assignment]
        "id", flat=True
    )
    if not ids:
        return 0
    moment = datetime.now(UTC)
    return await models.Device.filter(resident_id__in=ids, retired_at__isnull=True).update(
        retired_at=moment, updated_at=moment
    )
