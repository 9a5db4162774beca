"""Moving a case along its workflow: every step is a conditional update plus a CaseEvent."""

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import models
from policies.actions import Action
from policies.rules import may_rate, may_resolve, may_verify
from resolvers import case_rules
from resolvers.auth import active_grants, require_user
from resolvers.case_flow import LOW_RATING, Step, next_status
from resolvers.cases import case_for, get_case, now
from resolvers.context import Context
from resolvers.errors import Conflict, Forbidden, Invalid, InvalidTransition, NotFound

MAX_NOTE = 1_000


async def _path_of(case: models.Case) -> str:
    node = await models.OrgNode.get(id=case.node_id)
    return node.path


async def _require(ctx: Context, case: models.Case, action: Action, what: str) -> str:
    """The case node's path, once the viewer may take `action` there."""
    path = await _path_of(case)
    if not ctx.viewer.can(action, path):
        raise Forbidden(f"You may not {what} this case.", field="id")
    return path


def _note(text: str, field: str, *, required: bool = False) -> str:
    cleaned = text.strip()
    if required and not cleaned:
        raise Invalid("Say why.", field=field)
    if len(cleaned) > MAX_NOTE:
        raise Invalid(f"At most {MAX_NOTE:,} characters.", field=field)
    return cleaned


async def _move(
    ctx: Context,
    case: models.Case,
    step: Step,
    note: str = "",
    changes: dict[str, Any] | None = None,
    on_moved: Callable[[models.Case], Awaitable[None]] | None = None,
) -> models.Case:
    """Take `step` if the case is still where we found it; someone faster gets CONFLICT.

    Only a step changes a case, and every step changes its status, so the row as read plus
    `values` is the row as written: no need to read it back.
    """
    from_status = case.status
    target = next_status(step, from_status)
    at = now()
    values: dict[str, Any] = {"status": target, "updated_at": at, **(changes or {})}
    for key, value in values.items():
        setattr(case, key, value)
    values["due_at"] = case.due_at = await case_rules.due_at(case, at)
    moved = await models.Case.filter(id=case.id, status=from_status).update(**values)
    if moved == 0:
        raise Conflict("Someone else changed this case first; reload it.", field="id")
    await models.CaseEvent.create(
        case_id=case.id,
        actor_id=ctx.viewer.user_id,
        from_status=from_status,
        to_status=target,
        note=note,
    )
    if on_moved is not None:
        await on_moved(case)
    return case


async def accept_case(ctx: Context, pk: int) -> models.Case:
    require_user(ctx)
    case = await case_for(ctx, pk)
    await _require(ctx, case, Action.CASE_ACCEPT, "accept")
    return await _move(ctx, case, Step.ACCEPT, changes={"accepted_at": now()})


async def reject_case(ctx: Context, pk: int, reason: str) -> models.Case:
    require_user(ctx)
    case = await case_for(ctx, pk)
    await _require(ctx, case, Action.CASE_REJECT, "reject")
    return await _move(ctx, case, Step.REJECT, _note(reason, "reason", required=True))


async def _may_claim(ctx: Context, user_id: int, path: str) -> bool:
    grants = await active_grants(user_id)
    return ctx.services.authorizer.viewer(user_id, grants).can(Action.CASE_CLAIM, path)


async def assign_case(ctx: Context, pk: int, assignee_id: int) -> models.Case:
    """Dispatch (派单) to a cadre or volunteer who could claim the case themselves."""
    require_user(ctx)
    case = await case_for(ctx, pk)
    path = await _require(ctx, case, Action.CASE_ASSIGN, "dispatch")
    next_status(Step.ASSIGN, case.status)  # a wrong state says so before anything else
    assignee = await models.User.get_or_none(id=assignee_id, is_active=True)
    if assignee is None:
        raise NotFound("No such user.", field="assigneeId")
    if not await _may_claim(ctx, assignee.id, path):
        raise Invalid("This user cannot handle cases here.", field="assigneeId")
    note = f"assigned to {assignee.display_name}"
    return await _move(ctx, case, Step.ASSIGN, note, {"assignee_id": assignee.id})


async def claim_case(ctx: Context, pk: int) -> models.Case:
    user = require_user(ctx)
    case = await get_case(ctx, pk)
    if case is None:
        await _raise_if_claimed_meanwhile(ctx, pk)
        raise NotFound("No such case.", field="id")
    await _require(ctx, case, Action.CASE_CLAIM, "claim")
    if case.status is models.CaseStatus.CLAIMED:
        raise Conflict("Someone else claimed this case first.", field="id")
    return await _move(ctx, case, Step.CLAIM, changes={"assignee_id": user.id})


async def _raise_if_claimed_meanwhile(ctx: Context, pk: int) -> None:
    """A volunteer reads a case only while it waits to be claimed, so the one who lost the race
    no longer sees it: tell them CONFLICT rather than NOT_FOUND, for cases they could claim."""
    case = await models.Case.get_or_none(id=pk, status=models.CaseStatus.CLAIMED)
    if case is None or case.kind is models.CaseKind.DISPUTE:
        return
    path = await _path_of(case)
    if ctx.viewer.can(Action.CASE_READ_OPEN, path) and ctx.viewer.can(Action.CASE_CLAIM, path):
        raise Conflict("Someone else claimed this case first.", field="id")


async def resolve_case(ctx: Context, pk: int, note: str) -> models.Case:
    user = require_user(ctx)
    case = await case_for(ctx, pk)
    next_status(Step.RESOLVE, case.status)
    if not may_resolve(case.assignee_id, user.id):
        raise Forbidden("Only the assignee resolves this case.", field="id")
    changes = {"resolved_by_id": user.id, "resolved_at": now()}
    return await _move(ctx, case, Step.RESOLVE, _note(note, "note", required=True), changes)


async def rate_case(ctx: Context, pk: int, rating: int, comment: str | None) -> models.Case:
    """The reporter rates 1-5; a 1 or 2 sends the case back to its handler, comment on record."""
    user = require_user(ctx)
    case = await case_for(ctx, pk)
    if not may_rate(case.reporter_user_id, user.id):
        raise Forbidden("Only the reporter rates this case.", field="id")
    if not 1 <= rating <= 5:
        raise Invalid("A rating is 1 to 5.", field="rating")
    text = _note(comment or "", "comment")
    step = Step.REOPEN if rating <= LOW_RATING else Step.RATE
    changes: dict[str, Any] = {"rating": rating, "rating_comment": text}
    if step is Step.REOPEN:
        changes |= {"resolved_at": None, "resolved_by_id": None, "accepted_at": now()}
    return await _move(ctx, case, step, f"rating {rating}: {text}".rstrip(": "), changes)


async def verify_case(ctx: Context, pk: int) -> models.Case:
    """组织验单: credits the handler's duty points in the same transaction."""
    user = require_user(ctx)
    case = await case_for(ctx, pk)
    await _require(ctx, case, Action.CASE_VERIFY, "verify")
    next_status(Step.VERIFY, case.status)
    if case.status is models.CaseStatus.RESOLVED and not _rating_window_over(ctx, case.resolved_at):
        raise InvalidTransition(
            "The reporter may still rate this case; verify it after they do or once their "
            "time to rate has passed.",
            field="id",
        )
    if not may_verify(case.resolved_by_id, user.id):
        raise Forbidden("Whoever resolved a case cannot verify it.", field="id")

    async def credit(fresh: models.Case) -> None:
        if fresh.resolved_by_id is None:
            return
        await models.DutyPointEntry.create(
            user_id=fresh.resolved_by_id,
            amount=await case_rules.duty_points(fresh.community_id, fresh.kind),
            reason=f"Verified case: {fresh.title}"[:200],
            case_id=fresh.id,
            created_by_id=user.id,
        )

    return await _move(ctx, case, Step.VERIFY, changes={"verified_at": now()}, on_moved=credit)


def _rating_window_over(ctx: Context, resolved_at: datetime | None) -> bool:
    return resolved_at is not None and now() - resolved_at >= ctx.services.rating_window
