"""Titles held at a node: building head, red steward (红管家), grid worker, committee member."""

from tortoise.exceptions import IntegrityError

import models
from policies.actions import Action
from policies.authorizer import readable_households_filter
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import Conflict, Forbidden, Invalid, NotFound
from resolvers.org import get_org_node, node_to_act_on
from resolvers.people import PEOPLE_REFUSED
from resolvers.people.residents import resident_to_change

TITLE_LEVEL = {
    models.TitleKind.BUILDING_HEAD: models.OrgLevel.BUILDING,
    models.TitleKind.RED_STEWARD: models.OrgLevel.BUILDING,
    models.TitleKind.GRID_WORKER: models.OrgLevel.GRID,
    models.TitleKind.PART_TIME_COMMITTEE_MEMBER: models.OrgLevel.COMMUNITY,
    models.TitleKind.PARTY_GROUP_LEADER: models.OrgLevel.BUILDING,  # 楼栋党小组组长 (issue 13)
}
# Titles only a party member holds, and the message refusing anyone else.
MEMBERS_ONLY = {
    models.TitleKind.RED_STEWARD: "titles.red_steward",
    models.TitleKind.PARTY_GROUP_LEADER: "titles.party_group_leader",
}


async def title_resident(ctx: Context, title: models.Title) -> models.Resident | None:
    return await ctx.loaders.resident_by_id.load(title.resident_id)


async def titles(ctx: Context, node_id: int) -> list[models.Title]:
    """Titles held at a node the viewer reads, by residents the viewer reads."""
    node = await get_org_node(ctx, node_id)
    if node is None:
        return []
    scope = readable_households_filter(ctx.viewer, "resident__household__")
    query = models.Title.filter(node_id=node.id)
    return await (query if scope is None else query.filter(scope)).order_by("id")


async def get_title(ctx: Context, pk: int) -> models.Title | None:
    """A title whose holder's record the viewer may read."""
    require_user(ctx)
    scope = readable_households_filter(ctx.viewer, "resident__household__")
    query = models.Title.filter(id=pk)
    row: models.Title | None = await (query if scope is None else query.filter(scope)).first()
    return row


async def assign_title(
    ctx: Context, node_id: int, resident_id: int, kind: models.TitleKind
) -> models.Title:
    node = await node_to_act_on(
        ctx, node_id, "nodeId", may=Action.PERSON_WRITE, refused=PEOPLE_REFUSED,
        level=TITLE_LEVEL[kind],
    )  # fmt: skip
    resident = await resident_to_change(ctx, resident_id, "residentId")
    if not resident.household.building.path.startswith(node.path):
        raise Invalid("titles.outside_area", field="residentId", kind=kind)
    if kind in MEMBERS_ONLY and not await models.PartyMember.exists(resident_id=resident.id):
        raise Invalid(MEMBERS_ONLY[kind], field="residentId")
    ctx.services.public_pages.forget_under(node.path)  # 三亮 page, issue 13
    try:
        return await models.Title.create(node_id=node.id, resident_id=resident.id, kind=kind)
    except IntegrityError as error:
        raise Conflict("titles.held", field="kind") from error


async def remove_title(ctx: Context, title_id: int) -> models.Title:
    title = await models.Title.get_or_none(id=title_id)
    node = await get_org_node(ctx, title.node_id) if title else None
    if title is None or node is None:
        raise NotFound("titles.no_title", field="id")
    if not ctx.viewer.can(Action.PERSON_WRITE, node.path):
        raise Forbidden("titles.may_not_change", field="id")
    audit.before(ctx, title)  # recorded as removed: its fields before, nothing after
    ctx.services.public_pages.forget_under(node.path)  # 三亮 page, issue 13
    await title.delete()
    return title
