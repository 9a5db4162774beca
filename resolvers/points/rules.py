"""Points rules (积分条款): a community's list, a street's defaults, versions and copies.

A rule is never changed in place: an edit retires the current version (a conditional UPDATE,
so of two concurrent edits one finds it retired and gets CONFLICT) and adds the next, and
entries keep the version they used. The partial unique index of migration 0010 holds one
current version per (node, code) whatever happens.
"""

from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, fields, replace

from tortoise.exceptions import IntegrityError
from tortoise.functions import Max

import models
from models.workflows import points as ledger_rules
from policies.actions import Action
from policies.points import readable_point_rules_filter
from resolvers.audit import trail as audit
from resolvers.context import Context
from resolvers.cursors import CREATED, Key, by
from resolvers.errors import Conflict, Forbidden, Invalid, NotFound
from resolvers.errors import refusing as refusing_rules
from resolvers.filters import listed, narrows, search_text, searches, within
from resolvers.org import node_to_act_on
from resolvers.pagination import Page, Window, paginate
from resolvers.scoping import Readable, found
from resolvers.text import clean_text

MAX_DESCRIPTION = 200
POINT_RULE_ORDER = {
    "ID": by("PointRule.ID"),
    "CODE": by("PointRule.CODE", Key("code", str)),
    "POINTS_DESC": by("PointRule.POINTS_DESC", Key("points", int), descending=True),
    "CREATED_DESC": by("PointRule.CREATED_DESC", CREATED, descending=True),
}


@dataclass(frozen=True)
class RuleInput:
    description: str
    points: int
    category: models.RuleCategory
    kind: models.PointKind = models.PointKind.VOLUNTEER
    cap_per_week: int | None = None
    cap_per_month: int | None = None
    variable: bool = False

    @classmethod
    def of(cls, rule: models.PointRule) -> "RuleInput":
        """The terms of an existing rule, to copy."""
        return cls(**{f.name: getattr(rule, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class RuleFilter:
    node_id: int | None = within("node__path")
    kind: models.PointKind | None = narrows("kind")
    category: models.RuleCategory | None = narrows("category")
    code: str | None = None
    include_retired: bool = False
    search: str | None = searches("description")


def refusing() -> AbstractContextManager[None]:
    """Runs the ledger's checks: a refusal is INVALID."""
    return refusing_rules(ledger_rules.LedgerError)


RULES = Readable(models.PointRule, readable_point_rules_filter)
# The name `node(id:)` (schema/node.py) calls.
get_point_rule = RULES.get


async def point_rules(
    ctx: Context, where: RuleFilter, order: str, window: Window
) -> Page[models.PointRule]:
    query = await listed(ctx, RULES.rows, where)
    if not where.include_retired:
        query = query.filter(current=True)
    code = search_text(where.code)
    if code:
        query = query.filter(code=code.upper())
    return await paginate(query, POINT_RULE_ORDER[order], window)


def _checked(data: RuleInput) -> RuleInput:
    with refusing():
        ledger_rules.check_rule(
            kind=data.kind,
            category=data.category,
            points=data.points,
            cap_per_week=data.cap_per_week,
            cap_per_month=data.cap_per_month,
        )
    text = clean_text(data.description, "description", limit=MAX_DESCRIPTION, what="A description")
    return replace(data, description=text)


async def _rule_node(ctx: Context, node_id: int, field: str) -> models.OrgNode:
    node = await node_to_act_on(
        ctx, node_id, field, may=Action.POINTS_CONFIGURE, refused="points.may_not_configure"
    )
    if node.level not in ledger_rules.RULE_LEVELS:
        raise Invalid("points.rule_level", field=field)
    return node


async def _next_version(node_id: int, code: str) -> int:
    row = (
        await models.PointRule.filter(node_id=node_id, code=code)
        .annotate(top=Max("version"))
        .first()
        .values("top")
    )
    return int((row or {}).get("top") or 0) + 1


async def _add_version(
    ctx: Context,
    node: models.OrgNode,
    code: str,
    data: RuleInput,
    copied_from_id: int | None = None,
) -> models.PointRule:
    try:
        rule = await models.PointRule.create(
            node_id=node.id,
            code=code,
            version=await _next_version(node.id, code),
            **asdict(data),
            current=True,
            copied_from_id=copied_from_id,
            created_by_id=ctx.viewer.user_id,
        )
    except IntegrityError as error:  # the mutation's transaction rolls back
        raise Conflict("points.rule_exists", field="code") from error
    audit.touched(ctx, rule)
    return rule


async def create_point_rule(
    ctx: Context, node_id: int, code: str, data: RuleInput
) -> models.PointRule:
    node = await _rule_node(ctx, node_id, "nodeId")
    with refusing():
        code = ledger_rules.check_code(code)
    data = _checked(data)
    if await models.PointRule.exists(node_id=node.id, code=code, current=True):
        raise Conflict("points.rule_exists", field="code")
    return await _add_version(ctx, node, code, data)


async def _rule_to_change(ctx: Context, pk: int) -> tuple[models.PointRule, models.OrgNode]:
    rule = found(await get_point_rule(ctx, pk), "points.no_rule", "id")
    node = await models.OrgNode.get(id=rule.node_id)
    if not ctx.viewer.can(Action.POINTS_CONFIGURE, node.path):
        raise Forbidden("points.may_not_configure", field="id")
    if not rule.current:
        raise Conflict("points.rule_changed", field="id")
    return rule, node


async def _retire(ctx: Context, rule: models.PointRule) -> None:
    """Retire `rule` if it is still current; CONFLICT if an edit or retirement came first."""
    audit.before(ctx, rule)
    changed = await models.PointRule.filter(id=rule.id, current=True).update(current=False)
    if changed != 1:
        raise Conflict("points.rule_changed", field="id")
    audit.touched(ctx, rule)


async def update_point_rule(ctx: Context, pk: int, data: RuleInput) -> models.PointRule:
    rule, node = await _rule_to_change(ctx, pk)
    data = _checked(replace(data, kind=rule.kind))
    await _retire(ctx, rule)
    return await _add_version(ctx, node, rule.code, data, rule.copied_from_id)


async def retire_point_rule(ctx: Context, pk: int) -> models.PointRule:
    rule, _ = await _rule_to_change(ctx, pk)
    await _retire(ctx, rule)
    await rule.refresh_from_db()
    return rule


async def copy_point_rules(
    ctx: Context, community_id: int, rule_ids: list[int] | None
) -> list[models.PointRule]:
    """Copy the current defaults of the street above into the community (all of them, or
    those named); a code the community already has is left as it is."""
    community = await node_to_act_on(
        ctx, community_id, "communityId", may=Action.POINTS_CONFIGURE,
        refused="points.may_not_configure", level=models.OrgLevel.COMMUNITY,
        wrong_level="points.rule_level",
    )  # fmt: skip
    if community.parent_id is None:
        raise Invalid("points.no_street", field="communityId")
    defaults = models.PointRule.filter(node_id=community.parent_id, current=True)
    if rule_ids is not None:
        defaults = defaults.filter(id__in=rule_ids)
    rows = await defaults.order_by("code")
    if rule_ids is not None and len(rows) != len(set(rule_ids)):
        raise NotFound("points.no_rule", field="ruleIds")
    current = models.PointRule.filter(node_id=community.id, current=True)
    taken = {str(code) for code in await current.values_list("code", flat=True)}
    copies: list[models.PointRule] = []
    for default in rows:
        if default.code in taken:
            continue
        copies.append(
            await _add_version(ctx, community, default.code, RuleInput.of(default), default.id)
        )
    return copies
