"""Community rules for cases: categories, deadlines and duty points, with the defaults."""

from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.functions import Sum

import models
from models.workflows import cases as workflow
from policies.actions import Action
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import Conflict, Invalid, NotFound
from resolvers.org import get_org_node, node_to_act_on
from resolvers.text import clean_text

DEFAULT_CATEGORIES = {
    "RENTING": "租房",
    "WATER_ELECTRIC_REPAIR": "水电维修",
    "EMPLOYMENT": "就业",
    "MEDICAL_CARE": "就医",
    "SCHOOLING": "入学",
    "ELDER_CARE": "养老",
    "OTHER": "其他",
}
MAX_CATEGORY_NAME = 50
DEFAULT_HOURS = (24, 72)  # to accept, to resolve
CRITICAL_HAZARD_HOURS = (2, 24)
DEFAULT_DUTY_POINTS = {
    models.CaseKind.DEMAND: 10,
    models.CaseKind.HAZARD: 15,
    models.CaseKind.DISPUTE: 20,
}


async def categories(community_id: int) -> dict[str, str]:
    custom = await models.CaseCategory.filter(community_id=community_id).order_by("id")
    return DEFAULT_CATEGORIES | {row.code: row.name for row in custom}


async def check_category(community_id: int, category: str | None) -> str | None:
    if category is None or not category.strip():
        return None
    code = category.strip().upper()
    if code not in await categories(community_id):
        raise Invalid("rules.unknown_category", field="category", code=code)
    return code


async def deadline_hours(
    community_id: int,
    kind: models.CaseKind,
    category: str | None,
    severity: models.HazardSeverity | None,
) -> tuple[int, int]:
    """The community's own rule for (kind, category), else for the kind, else the default."""
    rules = {
        row.category: (row.accept_hours, row.resolve_hours)
        for row in await models.CaseDeadline.filter(community_id=community_id, kind=kind)
    }
    if category and category in rules:
        return rules[category]
    if "" in rules:
        return rules[""]
    return default_hours(kind, severity)


def default_hours(kind: models.CaseKind, severity: models.HazardSeverity | None) -> tuple[int, int]:
    """(to accept, to resolve) where the community has no rule of its own."""
    if kind is models.CaseKind.HAZARD and severity is models.HazardSeverity.CRITICAL:
        return CRITICAL_HAZARD_HOURS
    return DEFAULT_HOURS


async def due_at(case: models.Case, now: datetime) -> datetime | None:
    """The deadline of the case's current stage (the workflow says which) by community rules."""
    if workflow.deadline_stage(case.status) is None:
        return None
    hours = await deadline_hours(case.community_id, case.kind, case.category, case.severity)
    return workflow.due_at(case, hours, now)


async def duty_points(community_id: int, kind: models.CaseKind) -> int:
    rule = await models.DutyPointRule.get_or_none(community_id=community_id, kind=kind)
    return rule.points if rule else DEFAULT_DUTY_POINTS[kind]


async def _community_to_configure(ctx: Context, community_id: int) -> models.OrgNode:
    return await node_to_act_on(
        ctx, community_id, "communityId", may=Action.CASE_CONFIGURE,
        refused="rules.refused", what="community",
        level=models.OrgLevel.COMMUNITY, wrong_level="rules.per_community", live=False,
    )  # fmt: skip


async def add_case_category(
    ctx: Context, community_id: int, code: str, name: str
) -> dict[str, str]:
    community = await _community_to_configure(ctx, community_id)
    code = code.strip().upper()
    if not code.replace("_", "").isalnum() or not 1 <= len(code) <= 40:
        raise Invalid("rules.code_shape", field="code")
    name = clean_text(name, "name", limit=MAX_CATEGORY_NAME, what="A name")
    if code in DEFAULT_CATEGORIES:
        raise Conflict("rules.built_in", field="code")
    try:
        audit.touched(
            ctx, await models.CaseCategory.create(community_id=community.id, code=code, name=name)
        )
    except IntegrityError as error:
        raise Conflict("rules.category_exists", field="code") from error
    return await categories(community.id)


async def set_case_deadline(
    ctx: Context,
    community_id: int,
    kind: models.CaseKind,
    category: str | None,
    accept_hours: int,
    resolve_hours: int,
) -> None:
    community = await _community_to_configure(ctx, community_id)
    code = await check_category(community.id, category) or ""
    for field, hours in (("acceptHours", accept_hours), ("resolveHours", resolve_hours)):
        if not 1 <= hours <= 24 * 90:
            raise Invalid("rules.hours", field=field)
    key: dict[str, Any] = {"community_id": community.id, "kind": kind, "category": code}
    existing = await models.CaseDeadline.get_or_none(**key)
    if existing is not None:
        audit.before(ctx, existing)
    row, _ = await models.CaseDeadline.update_or_create(
        {"accept_hours": accept_hours, "resolve_hours": resolve_hours}, **key
    )
    audit.touched(ctx, row)


async def set_duty_point_rule(
    ctx: Context, community_id: int, kind: models.CaseKind, points: int
) -> None:
    community = await _community_to_configure(ctx, community_id)
    if not 0 <= points <= 1000:
        raise Invalid("rules.points", field="points")
    existing = await models.DutyPointRule.get_or_none(community_id=community.id, kind=kind)
    if existing is not None:
        audit.before(ctx, existing)
    row, _ = await models.DutyPointRule.update_or_create(
        {"points": points}, community_id=community.id, kind=kind
    )
    audit.touched(ctx, row)


async def case_categories(ctx: Context, community_id: int) -> dict[str, str]:
    require_user(ctx)
    node = await get_org_node(ctx, community_id)
    if node is None or node.level is not models.OrgLevel.COMMUNITY:
        raise NotFound("rules.no_community", field="communityId")
    return await categories(node.id)


async def my_duty_points(ctx: Context) -> tuple[int, list[models.PointEntry]]:
    user = require_user(ctx)
    mine = models.PointEntry.filter(user_id=user.id, kind=models.PointKind.DUTY)
    rows = await mine.order_by("-id").limit(100)
    summed = (
        await models.PointEntry.filter(user_id=user.id, kind=models.PointKind.DUTY)
        .annotate(total=Sum("amount"))
        .first()
        .values("total")
    )
    return (int((summed or {}).get("total") or 0), rows)
