"""A resident's devices and open alerts follow the resident (the one place, called in the
transaction of whatever changed the resident): a move takes them to the new building, so the
old building's steward no longer reads the elder's vital signs nor receives their alarms."""

from datetime import UTC, datetime

import models
from models.workflows import alerts as workflow


async def follow_resident(resident_id: int, building: models.OrgNode) -> None:
    """The resident now lives at `building`: their active devices and open alerts go there."""
    await models.Device.filter(resident_id=resident_id, retired_at__isnull=True).update(
        building_id=building.id, building_path=building.path, updated_at=datetime.now(UTC)
    )
    await models.Alert.filter(resident_id=resident_id, status__in=list(workflow.OPEN)).update(
        node_id=building.id, node_path=building.path, updated_at=datetime.now(UTC)
    )
