"""explainAccess: may this user do this action on this object, and why.

The decision is the enforcing code's own: the object is read as the user through the getter
`node(id)` uses, and a changing action is decided by the function its mutation asks
(policies.explain.decide) and the rules of policies/rules.py it applies; the user's viewer
carries a `Trace` that records each check those functions take. The explanation only adds
the reading of each check: which grant's role holds the action (and by which policy.csv
lines), whose subtree holds the target.
"""

from dataclasses import dataclass, field

import models
from policies.actions import READS, Action
from policies.authorizer import GrantCheck, PolicyLine, Trace, Viewer
from policies.explain import (
    FieldMasking,
    RuleNote,
    applicable_rules,
    decide,
    field_masking,
    reads_itself,
    unmasked_at,
)
from resolvers.access.targets import Getters, household_of, target_path
from resolvers.auth import context_for, require_user
from resolvers.context import Context
from resolvers.errors import Forbidden, Invalid, NotFound
from resolvers.ids import decode_global_id
from resolvers.scoping import found
from resolvers.users.accounts import get_user

UNMASKING = frozenset({Action.PERSON_SEE_PHONE, Action.PERSON_SEE_ID_NUMBER})


@dataclass(frozen=True)
class GrantReading:
    """One grant in one check: the grant row, how it took part, and the policy lines."""

    grant: models.RoleGrant
    check: GrantCheck
    lines: list[PolicyLine]
    casbin_rule: list[str]


@dataclass(frozen=True)
class CheckReading:
    action: Action
    allowed: bool
    listing: bool
    below: bool
    grants: list[GrantReading]


@dataclass
class Explanation:
    allowed: bool
    action: Action
    user: models.User
    target_id: str
    target_type: str
    target_path: str | None
    readable: bool
    decided: bool | None
    grants: list[models.RoleGrant]
    checks: list[CheckReading] = field(default_factory=list)
    rules: list[RuleNote] = field(default_factory=list)
    fields: list[FieldMasking] = field(default_factory=list)


def parse_action(text: str, field_name: str = "action") -> Action:
    try:
        return Action(text.strip().lower())
    except ValueError:
        raise Invalid("access.unknown_action", field=field_name, action=text[:64]) from None


async def explain_access(
    ctx: Context, user_id: int, target_id: str, action_text: str, getters: Getters
) -> Explanation:
    require_user(ctx)
    if not ctx.viewer.has_any(Action.ACCESS_EXPLAIN):
        raise Forbidden("access.may_not_explain")
    action = parse_action(action_text)
    type_name, pk = decode_global_id(target_id, field="targetId")
    getter = getters.get(type_name)
    user = found(await get_user(ctx, user_id), "users.no_user", "userId")
    row = await getter(ctx, pk) if getter is not None else None
    if getter is None or row is None:
        raise NotFound("access.no_target", field="targetId")
    path = await target_path(row)
    if path is not None and not ctx.viewer.can(Action.ACCESS_EXPLAIN, path):
        raise NotFound("access.no_target", field="targetId")

    trace = Trace()
    as_user = await context_for(ctx.services, user, trace=trace)
    as_user.language = ctx.language
    readable = (await getter(as_user, pk)) is not None
    viewer = as_user.viewer
    rules = applicable_rules(viewer, type_name, row, action, path)
    decided: bool | None = None
    household = await household_of(row)
    masks: list[FieldMasking] | None = None  # read once; the trace keeps the order of checks
    if action in UNMASKING:
        if household is not None:
            masks = field_masking(viewer, household.building_path, household.id)
            allowed = readable and all(m.clear for m in masks if m.action is action)
        else:
            allowed = readable and unmasked_at(viewer, type_name, row, action, path)
    elif reads_itself(type_name, action):
        allowed = readable
    elif action in READS:
        decided = viewer.can(action, path)
        allowed = readable and decided
    else:
        decided = decide(viewer, action, path)
        allowed = readable and decided and all(r.holds for r in rules if r.required)

    explanation = Explanation(
        allowed=allowed,
        action=action,
        user=user,
        target_id=target_id,
        target_type=type_name,
        target_path=path,
        readable=readable,
        decided=decided,
        grants=await _visible_grants(ctx, user, path),
        rules=rules,
    )
    if household is not None:
        if masks is None:
            masks = field_masking(viewer, household.building_path, household.id)
        explanation.fields = masks
    explanation.checks = _readings(ctx, viewer, trace, path, explanation.grants)
    return explanation


async def _visible_grants(
    ctx: Context, user: models.User, target: str | None
) -> list[models.RoleGrant]:
    """The user's active grants the caller may see: in the caller's user-read scope, or
    holding the target (its ancestors); a grant elsewhere is not the caller's business."""
    rows = await models.RoleGrant.filter(user_id=user.id, revoked_at__isnull=True).select_related(
        "node"
    )
    shown = []
    for grant in rows:
        path = grant.node.path if grant.node is not None else None
        holds_target = path is None or (target is not None and target.startswith(path))
        if holds_target or (path is not None and ctx.viewer.can(Action.USER_READ, path)):
            shown.append(grant)
    return sorted(shown, key=lambda g: g.id)


def _readings(
    ctx: Context,
    viewer: Viewer,
    trace: Trace,
    path: str | None,
    grants: list[models.RoleGrant],
) -> list[CheckReading]:
    """Each distinct check the trace holds, read grant by grant against the target's path."""
    authorizer = ctx.services.authorizer
    by_scope = {(g.role, g.node.path if g.node is not None else None): g for g in grants}
    seen: set[tuple[Action, bool, bool]] = set()
    readings = []
    for check in trace.checks:
        key = (check.action, check.listing, check.below)
        if key in seen or (check.path is not None and check.path != path):
            continue
        seen.add(key)
        per_grant = viewer.grant_checks(check.action, path, below=check.below)
        grant_readings = [
            GrantReading(
                grant=grant,
                check=one,
                lines=authorizer.policy_lines(one.grant.role, check.action),
                casbin_rule=authorizer.matched_rule(one.grant.role, check.action),
            )
            for one in per_grant
            if (grant := by_scope.get((one.grant.role, one.grant.path))) is not None
        ]
        # A list's scope (SQL) holds the target when a grant's role holds the action and its
        # subtree holds the target's path: the prefix condition `scope_filter` writes.
        # A check without a target (`Viewer.has_any`: the action held anywhere) is read
        # from the grants shown only: a grant elsewhere is not the caller's business.
        if check.listing:
            allowed = any(one.role_allows and one.contains for one in per_grant)
        elif check.path is None:
            allowed = any(
                one.role_allows for one in per_grant if (one.grant.role, one.grant.path) in by_scope
            )
        else:
            allowed = check.allowed
        readings.append(
            CheckReading(check.action, allowed, check.listing, check.below, grant_readings)
        )
    return readings
