"""Convention versions and service items as lists and single rows, in scope, and the diff
between two versions."""

from contextlib import AbstractContextManager
from dataclasses import dataclass

import models
from models.workflows import conventions as workflow
from policies.meetings import readable_conventions_filter, readable_service_items_filter
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.cursors import Key, by, orders
from resolvers.errors import Invalid
from resolvers.errors import refusing as refusing_rules
from resolvers.filters import listed, narrows, searches, within
from resolvers.org import get_org_node
from resolvers.pagination import Page, Window, paginate
from resolvers.scoping import Readable, found

NUMBER = Key("number", int)
VERSION_ORDER = {
    "ID": by("ConventionVersion.ID"),
    "NUMBER_DESC": by("ConventionVersion.NUMBER_DESC", NUMBER, descending=True),
    "NUMBER_ASC": by("ConventionVersion.NUMBER_ASC", NUMBER),
}
SERVICE_ITEM_ORDER = orders("ServiceItem", NUMBER=NUMBER, TITLE=Key("title", str))


def refusing() -> AbstractContextManager[None]:
    """Runs the workflow's checks: a refusal raises the error the API answers."""
    return refusing_rules(workflow.WorkflowError)


VERSIONS = Readable(models.ConventionVersion, readable_conventions_filter, "conventions.no_version")
SERVICE_ITEMS = Readable(models.ServiceItem, readable_service_items_filter, "conventions.no_item")
# The name `node(id:)` (schema/node.py) calls.
get_convention_version = VERSIONS.get
get_service_item = SERVICE_ITEMS.get


async def convention_version(ctx: Context, pk: int) -> models.ConventionVersion | None:
    return await get_convention_version(ctx, pk)


async def current_convention(ctx: Context, building_id: int) -> models.ConventionVersion | None:
    """`currentConvention(buildingId:)`: the building's adopted version of highest number, if
    the viewer reads it; a building they cannot read answers null, as one without any."""
    require_user(ctx)
    return (
        await VERSIONS.rows(ctx)
        .filter(building_id=building_id, status=models.ConventionStatus.ADOPTED)
        .order_by("-number")
        .first()
    )


@dataclass(frozen=True)
class VersionFilter:
    building_id: int | None = narrows("building_id")
    node_id: int | None = within("node_path")
    status: list[models.ConventionStatus] | None = narrows("status__in")


async def convention_versions(
    ctx: Context, where: VersionFilter, order: str, window: Window
) -> Page[models.ConventionVersion]:
    if where.building_id is not None:
        found(await get_org_node(ctx, where.building_id), "org.no_node", "buildingId")
    query = await listed(ctx, VERSIONS.rows, where)
    return await paginate(query, VERSION_ORDER[order], window)


@dataclass(frozen=True)
class ServiceItemFilter:
    community_id: int | None = narrows("community_id")
    category: models.ServiceCategory | None = narrows("category")
    status: list[models.ServiceItemStatus] | None = narrows("status__in")
    search: str | None = searches("title")


async def service_items(
    ctx: Context, where: ServiceItemFilter, order: str, window: Window
) -> Page[models.ServiceItem]:
    query = await listed(ctx, SERVICE_ITEMS.rows, where)
    return await paginate(query, SERVICE_ITEM_ORDER[order], window)


async def sections(
    ctx: Context, row: models.ConventionVersion
) -> list[models.ConventionSectionText]:
    return await ctx.loaders.sections_by_version_id.load(row.id)


async def convention_diff(ctx: Context, from_id: int, to_id: int) -> list[workflow.SectionDiff]:
    """What changed from one version to another (both readable, of the same building)."""
    older = await VERSIONS.require(ctx, from_id, "fromId")
    newer = await VERSIONS.require(ctx, to_id, "toId")
    if older.building_id != newer.building_id:
        raise Invalid("conventions.other_building", field="toId")
    texts = {
        version: {s.section: s.body for s in await sections(ctx, row)}
        for version, row in (("older", older), ("newer", newer))
    }
    return workflow.diff(texts["older"], texts["newer"])
