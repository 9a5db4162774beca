"""Drafting a building's convention (楼栋公约) and changing a community's service items
(服务事项). A draft is adopted only by a passed resolution (resolvers/meetings/resolutions.py)."""

from dataclasses import dataclass

import models
from models.workflows import conventions as workflow
from policies.meetings import may_draft_convention, may_manage_service_item, may_rewrite_draft
from resolvers.audit import trail as audit
from resolvers.context import Context
from resolvers.conventions.lists import SERVICE_ITEMS, VERSIONS, refusing
from resolvers.errors import Conflict, Forbidden, unique_or
from resolvers.org import node_to_act_on
from resolvers.text import clean_text

MAX_TITLE = 100
MAX_BODY = 4000


@dataclass(frozen=True)
class DraftText:
    title: str
    sections: list[tuple[models.ConventionSection, str]]


def _clean(data: DraftText) -> tuple[str, list[tuple[models.ConventionSection, str]]]:
    title = clean_text(data.title, "title", limit=MAX_TITLE, what="A title")
    sections = [
        (
            section,
            clean_text(body, "sections", limit=MAX_BODY, what="A text", multiline=True),
        )
        for section, body in data.sections
    ]
    with refusing():
        workflow.check_sections(sections)
    return title, sections


async def _write_sections(
    version_id: int, sections: list[tuple[models.ConventionSection, str]]
) -> None:
    await models.ConventionSectionText.filter(version_id=version_id).delete()
    await models.ConventionSectionText.bulk_create(
        [
            models.ConventionSectionText(
                version_id=version_id, section=section, position=i, body=body
            )
            for i, (section, body) in enumerate(sections, start=1)
        ]
    )


async def draft_convention_version(
    ctx: Context, building_id: int, data: DraftText
) -> models.ConventionVersion:
    """A new draft (the next number) of the building's convention; one open draft at a time."""
    building = await node_to_act_on(
        ctx,
        building_id,
        "buildingId",
        may=may_draft_convention,
        refused="conventions.may_not_draft",
        level=models.OrgLevel.BUILDING,
    )
    title, sections = _clean(data)
    if await models.ConventionVersion.exists(
        building_id=building.id, status=models.ConventionStatus.DRAFT
    ):
        raise Conflict("conventions.draft_open", field="buildingId")
    last = (
        await models.ConventionVersion.filter(building_id=building.id).order_by("-number").first()
    )
    # One draft and one number at a time.
    async with unique_or(Conflict("conventions.draft_open", field="buildingId")):
        version = await models.ConventionVersion.create(
            building_id=building.id,
            node_path=building.path,
            number=(last.number if last is not None else 0) + 1,
            title=title,
            drafted_by_id=ctx.viewer.user_id,
        )
    await _write_sections(version.id, sections)
    return version


async def _draft_to_change(ctx: Context, pk: int) -> models.ConventionVersion:
    version = await VERSIONS.require(ctx, pk)
    if not may_draft_convention(ctx.viewer, version.node_path):
        raise Forbidden("conventions.may_not_draft", field="id")
    version = await models.ConventionVersion.select_for_update().get(id=version.id)
    with refusing():
        workflow.require_draft(version.status)
    audit.before(ctx, version)
    return version


async def update_convention_draft(
    ctx: Context, pk: int, data: DraftText
) -> models.ConventionVersion:
    """Rewrite a draft in place; an adopted version never changes (INVALID_TRANSITION)."""
    version = await _draft_to_change(ctx, pk)
    if not may_rewrite_draft(ctx.viewer, version.drafted_by_id):
        raise Forbidden("conventions.not_your_draft", field="id")
    title, sections = _clean(data)
    if await models.Resolution.exists(
        convention_version_id=version.id, status=models.ResolutionStatus.VOTING
    ):
        raise Conflict("conventions.draft_on_vote", field="id")
    changed = await models.ConventionVersion.filter(
        id=version.id, status=models.ConventionStatus.DRAFT
    ).update(title=title, drafted_by_id=version.drafted_by_id or ctx.viewer.user_id)
    if not changed:
        raise Conflict("conventions.changed_meanwhile", field="id")
    await _write_sections(version.id, sections)
    audit.note(ctx, "sections", len(sections))
    return await models.ConventionVersion.get(id=version.id)


async def discard_convention_draft(ctx: Context, pk: int) -> models.ConventionVersion:
    version = await _draft_to_change(ctx, pk)
    if await models.Resolution.exists(
        convention_version_id=version.id, status=models.ResolutionStatus.VOTING
    ):
        raise Conflict("conventions.draft_on_vote", field="id")
    await models.ConventionVersion.filter(
        id=version.id, status=models.ConventionStatus.DRAFT
    ).update(status=models.ConventionStatus.DISCARDED)
    return await models.ConventionVersion.get(id=version.id)


async def _item_step(ctx: Context, pk: int, step: workflow.ItemStep) -> models.ServiceItem:
    item = await SERVICE_ITEMS.require(ctx, pk)
    if not may_manage_service_item(ctx.viewer, item.node_path):
        raise Forbidden("conventions.may_not_manage_items", field="id")
    audit.before(ctx, item)
    with refusing():
        status = workflow.next_item_status(step, item.status)
    changed = await models.ServiceItem.filter(id=item.id, status=item.status).update(
        status=status, status_changed_by_id=ctx.viewer.user_id
    )
    if not changed:
        raise Conflict("conventions.changed_meanwhile", field="id")
    return await models.ServiceItem.get(id=item.id)


async def suspend_service_item(ctx: Context, pk: int) -> models.ServiceItem:
    return await _item_step(ctx, pk, workflow.ItemStep.SUSPEND)


async def resume_service_item(ctx: Context, pk: int) -> models.ServiceItem:
    return await _item_step(ctx, pk, workflow.ItemStep.RESUME)


async def retire_service_item(ctx: Context, pk: int) -> models.ServiceItem:
    return await _item_step(ctx, pk, workflow.ItemStep.RETIRE)
