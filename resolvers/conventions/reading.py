"""What anyone may read of a building's convention and a community's service items: the current
(adopted) convention of a building and the active service items of a community, as model rows.

No viewer and no scope: these are public (the building's page, "三亮"), so the caller (e.g.
resolvers/public/) decides which building or community it shows. Drafts, discarded versions and
retired or suspended items never appear here.
"""

import models


async def current_convention(building_id: int) -> models.ConventionVersion | None:
    """The building's adopted convention version of the highest number, or None."""
    return (
        await models.ConventionVersion.filter(
            building_id=building_id, status=models.ConventionStatus.ADOPTED
        )
        .order_by("-number")
        .first()
    )


async def convention_sections(version_id: int) -> list[models.ConventionSectionText]:
    """A version's sections in order."""
    return await models.ConventionSectionText.filter(version_id=version_id).order_by(
        "position", "id"
    )


async def current_convention_sections(
    building_id: int,
) -> tuple[models.ConventionVersion | None, list[models.ConventionSectionText]]:
    """The building's current convention and its sections (two statements at most)."""
    version = await current_convention(building_id)
    if version is None:
        return None, []
    return version, await convention_sections(version.id)


# At most this many service items on the (anonymous) public page: the first by number.
MAX_PUBLIC_ITEMS = 200


async def service_items_of(community_id: int) -> list[models.ServiceItem]:
    """The community's active service items (服务事项), by their number, the first
    `MAX_PUBLIC_ITEMS` of them."""
    return (
        await models.ServiceItem.filter(
            community_id=community_id, status=models.ServiceItemStatus.ACTIVE
        )
        .order_by("number", "id")
        .limit(MAX_PUBLIC_ITEMS)
    )
