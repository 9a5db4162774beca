"""Creating and running an activity: its details, its status (open, close, cancel), its QR code.

BUILDING_LEADER and up do it in their subtree (`policies.authorizer.may_manage_activity`); the
rules of each step are models/workflows/activities.py.
"""

import secrets
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime

import models
from models.workflows import activities as workflow
from policies.authorizer import may_manage_activity
from resolvers.activities.reading import ACTIVITIES, now
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import Forbidden, Invalid
from resolvers.errors import refusing as refusing_rules
from resolvers.org import node_to_act_on
from resolvers.party.teams import get_team
from resolvers.text import clean_text

# A rule belongs to a community (a street's: defaults it publishes); an activity earns a rule of
# its community, or, at a street, of the street.
COMMUNITY_DEPTH = 2


def refusing() -> AbstractContextManager[None]:
    """Runs the workflow's checks: a refusal raises the error the API answers."""
    return refusing_rules(workflow.ActivityError)


@dataclass(frozen=True)
class ActivityInput:
    title: str | None = None
    description: str | None = None
    place: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    capacity: int | None = None
    rule_id: int | None = None
    team_id: int | None = None


def rule_home_id(node_path: str) -> int:
    """The node whose rules an activity at `node_path` earns: its community (or its street)."""
    return models.path_ids(node_path)[:COMMUNITY_DEPTH][-1]


async def _rule_for(ctx: Context, node_path: str, rule_id: int) -> models.PointRule:
    """A current volunteer-points rule of the activity's community; any other (another
    community's, a retired version, a duty rule, none) is the same INVALID."""
    rule = await models.PointRule.get_or_none(
        id=rule_id, node_id=rule_home_id(node_path), current=True, kind=models.PointKind.VOLUNTEER
    )
    if rule is None:
        raise Invalid("activities.rule_elsewhere", field="ruleId")
    return rule


async def _team_for(ctx: Context, node_path: str, team_id: int) -> models.VolunteerTeam:
    """A team the viewer reads, of the activity's community (or street)."""
    team = await get_team(ctx, team_id)
    home = f"/{'/'.join(map(str, models.path_ids(node_path)[:COMMUNITY_DEPTH]))}/"
    node = await models.OrgNode.get_or_none(id=team.node_id) if team is not None else None
    if team is None or node is None or not node.path.startswith(home):
        raise Invalid("activities.team_elsewhere", field="teamId")
    return team


def _texts(data: ActivityInput, partial: bool = True) -> dict[str, str]:
    values: dict[str, str] = {}
    if data.title is not None or not partial:
        values["title"] = clean_text(
            data.title or "", "title", limit=workflow.MAX_TITLE, what="A title"
        )
    if data.description is not None:
        values["description"] = clean_text(
            data.description, "description", limit=workflow.MAX_DESCRIPTION,
            what="A description", required=False, multiline=True,
        )  # fmt: skip
    if data.place is not None or not partial:
        values["place"] = clean_text(
            data.place or "", "place", limit=workflow.MAX_PLACE, what="A place"
        )
    return values


def _check_plan(plan: workflow.Plan, signed_up: int = 0) -> None:
    with refusing():
        workflow.check_plan(plan, signed_up=signed_up)


async def create_activity(ctx: Context, node_id: int, data: ActivityInput) -> models.Activity:
    user = require_user(ctx)
    node = await node_to_act_on(
        ctx, node_id, "nodeId", may=may_manage_activity, refused="activities.may_not_manage"
    )
    # The schema's CreateActivityInput requires each of these.
    starts_at, ends_at, capacity, rule_id = (
        data.starts_at,
        data.ends_at,
        data.capacity,
        data.rule_id,
    )
    if starts_at is None or ends_at is None or capacity is None or rule_id is None:
        raise Invalid("activities.required")
    texts = _texts(data, partial=False)
    _check_plan(workflow.Plan(starts_at, ends_at, capacity))
    rule = await _rule_for(ctx, node.path, rule_id)
    team = await _team_for(ctx, node.path, data.team_id) if data.team_id else None
    return await models.Activity.create(
        node_id=node.id,
        node_path=node.path,
        title=texts["title"],
        description=texts.get("description", ""),
        place=texts["place"],
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        rule_id=rule.id,
        team_id=team.id if team else None,
        organiser_id=user.id,
        qr_token=secrets.token_urlsafe(24),
    )


async def activity_to_change(ctx: Context, pk: int) -> models.Activity:
    """The activity, locked until the mutation ends (sign-ups wait for it), after the viewer
    may read it (else NOT_FOUND) and run it (else FORBIDDEN)."""
    require_user(ctx)
    await ACTIVITIES.require(ctx, pk)
    row = await models.Activity.filter(id=pk).select_for_update().get()
    if not may_manage_activity(ctx.viewer, row.node_path):
        raise Forbidden("activities.may_not_manage", field="id")
    audit.before(ctx, row)
    return row


async def _attended(activity: models.Activity) -> bool:
    checked = (models.SignUpStatus.CHECKED_IN, models.SignUpStatus.CHECKED_OUT)
    return await models.ActivitySignUp.exists(activity_id=activity.id, status__in=checked)


async def update_activity(ctx: Context, pk: int, data: ActivityInput) -> models.Activity:
    row = await activity_to_change(ctx, pk)
    with refusing():
        workflow.check_editable(row.status, await _attended(row))
    changes: dict[str, object] = dict(_texts(data))
    plan = workflow.Plan(
        data.starts_at or row.starts_at,
        data.ends_at or row.ends_at,
        row.capacity if data.capacity is None else data.capacity,
    )
    _check_plan(plan, row.signed_up)
    changes |= {"starts_at": plan.starts_at, "ends_at": plan.ends_at, "capacity": plan.capacity}
    if data.rule_id is not None:
        changes["rule_id"] = (await _rule_for(ctx, row.node_path, data.rule_id)).id
    if data.team_id is not None:
        changes["team_id"] = (await _team_for(ctx, row.node_path, data.team_id)).id
    row.update_from_dict(changes)
    await row.save()
    return row


async def _move(ctx: Context, pk: int, target: models.ActivityStatus) -> models.Activity:
    row = await activity_to_change(ctx, pk)
    with refusing():
        workflow.check_move(row.status, target, row.ends_at, now())
        if target is models.ActivityStatus.CANCELLED:
            workflow.check_cancellable(await _attended(row))
    row.status = target
    await row.save(update_fields=["status", "updated_at"])
    return row


async def open_activity(ctx: Context, pk: int) -> models.Activity:
    """Publish it to the residents below (报名中), or reopen sign-ups."""
    return await _move(ctx, pk, models.ActivityStatus.OPEN)


async def close_activity(ctx: Context, pk: int) -> models.Activity:
    """Close sign-ups (报名截止); check-in and check-out go on."""
    return await _move(ctx, pk, models.ActivityStatus.CLOSED)


async def cancel_activity(ctx: Context, pk: int) -> models.Activity:
    return await _move(ctx, pk, models.ActivityStatus.CANCELLED)


async def rotate_activity_qr_token(ctx: Context, pk: int) -> models.Activity:
    """A new QR code for the activity; the old one stops working at once."""
    row = await activity_to_change(ctx, pk)
    row.qr_token = secrets.token_urlsafe(24)
    await row.save(update_fields=["qr_token", "updated_at"])
    audit.note(ctx, "qr_rotated", True)
    return row
