"""Moving a case along its workflow (models/workflows/cases.py): each step is a conditional
update plus a CaseEvent."""

import dataclasses

import models
from models.workflows import cases as workflow
from models.workflows.cases import Step
from policies.authorizer import could_claim_while_waiting, may_take_step
from policies.masking import credit_reason
from policies.rules import (
    earns_duty_points,
    may_handle_own_report,
    may_rate,
    may_resolve,
    may_verify,
)
from resolvers.audit import trail as audit
from resolvers.auth import active_grants, require_user
from resolvers.cases import rules as case_rules
from resolvers.cases.reading import case_for, get_case, now
from resolvers.context import Context
from resolvers.errors import Conflict, Forbidden, Invalid, InvalidTransition, NotFound
from resolvers.live.events import Topic, announce
from resolvers.messages import Noun
from resolvers.points import ledger
from resolvers.text import clean_text

MAX_NOTE = 1_000


async def _path_of(case: models.Case) -> str:
    node = await models.OrgNode.get(id=case.node_id)
    return node.path


async def _require(ctx: Context, case: models.Case, step: Step, what: str) -> str:
    """The case node's path, once the viewer may take `step` there."""
    path = await _path_of(case)
    if not may_take_step(ctx.viewer, step, path):
        raise Forbidden("case.may_not_step", field="id", step=Noun(what))
    return path


def _plan(case: models.Case, request: workflow.Request) -> workflow.Move:
    """The workflow's move, its refusals turned into the API's errors (the one place)."""
    try:
        return workflow.plan(case, request, now())
    except workflow.TakenMeanwhile as error:
        raise Conflict(error.key, field="id", **error.params) from error
    except workflow.Refused as error:
        raise InvalidTransition(error.key, field="id", **error.params) from error


async def _write(
    ctx: Context, case: models.Case, move: workflow.Move, note: str = ""
) -> models.Case:
    """Write `move` if the case is still where we found it; someone faster gets CONFLICT.

    Only a step changes a case, and every step changes its status, so the row as read plus
    the move is the row as written: no need to read it back. The step was decided on the
    status and the assignee as read (a re-dispatch keeps the status but changes the assignee),
    so both must still hold.
    """
    audit.before(ctx, case)
    assignee_as_read = case.assignee_id
    workflow.apply(case, move)
    case.due_at = await case_rules.due_at(case, move.at)
    values = {**move.changes, "status": move.target, "updated_at": move.at, "due_at": case.due_at}
    # The mutation's transaction (schema/mutations.py) holds the update, event and points.
    moved = await models.Case.filter(
        id=case.id, status=move.source, assignee_id=assignee_as_read
    ).update(**values)
    if moved == 0:
        raise Conflict("case.changed_meanwhile", field="id")
    await models.CaseEvent.create(
        case_id=case.id,
        actor_id=ctx.viewer.user_id,
        from_status=move.source,
        to_status=move.target,
        note=note,
    )
    announce(Topic.CASE, case.id, case.node_path)
    # Through the ledger's one writer (its owner lock, amount rules); a rule of 0 credits none.
    if move.credit_user_id is not None:
        points = await case_rules.duty_points(case.community_id, case.kind)
        if points > 0:
            await ledger.append(
                ledger.Owner.user(move.credit_user_id),
                amount=points,
                source=models.PointSource.CASE,
                reason=credit_reason(case.kind.value, case.title),
                node=await models.OrgNode.get(id=case.node_id),
                at=move.at,
                recorded_by_id=ctx.viewer.user_id,
                case_id=case.id,
            )
    return case


async def accept_case(ctx: Context, pk: int) -> models.Case:
    require_user(ctx)
    case = await case_for(ctx, pk)
    await _require(ctx, case, Step.ACCEPT, "accept")
    return await _write(ctx, case, _plan(case, workflow.Accept()))


async def reject_case(ctx: Context, pk: int, reason: str) -> models.Case:
    require_user(ctx)
    case = await case_for(ctx, pk)
    await _require(ctx, case, Step.REJECT, "reject")
    note = clean_text(reason, "reason", limit=MAX_NOTE, what="A reason", multiline=True)
    return await _write(ctx, case, _plan(case, workflow.Reject()), note)


async def assign_case(ctx: Context, pk: int, assignee_id: int) -> models.Case:
    """Dispatch (派单) to a cadre or volunteer who could claim the case themselves."""
    require_user(ctx)
    case = await case_for(ctx, pk)
    path = await _require(ctx, case, Step.ASSIGN, "dispatch")
    move = _plan(case, workflow.Assign(assignee_id))  # a wrong state says so before the rest
    # One answer for unknown users and users who cannot handle it: no user lookup by id.
    assignee = await models.User.get_or_none(id=assignee_id, is_active=True)
    if assignee is None or not ctx.services.authorizer.may_handle_case(
        await active_grants(assignee.id), path
    ):
        raise NotFound("case.no_assignee", field="assigneeId")
    if not may_handle_own_report(case.reporter_user_id, assignee.id):
        raise Invalid("case.own_report_assignee", field="assigneeId")
    return await _write(ctx, case, move, f"assigned to {assignee.display_name}")


async def claim_case(ctx: Context, pk: int) -> models.Case:
    user = require_user(ctx)
    case = await get_case(ctx, pk)
    if case is None:
        await _raise_if_claimed_meanwhile(ctx, pk, user.id)
        raise NotFound("case.no_case", field="id")
    await _require(ctx, case, Step.CLAIM, "claim")
    move = _plan(case, workflow.Claim(user.id))
    if not may_handle_own_report(case.reporter_user_id, user.id):
        raise Forbidden("case.own_report_claim", field="id")
    return await _write(ctx, case, move)


async def _raise_if_claimed_meanwhile(ctx: Context, pk: int, user_id: int) -> None:
    """A volunteer reads a case only while it waits to be claimed, so the one who lost the race
    no longer sees it: tell them CONFLICT rather than NOT_FOUND, for cases they could claim."""
    case = await models.Case.get_or_none(id=pk, status__in=sorted(workflow.CLAIMED_MEANWHILE))
    # The case's copied path, not its node read again: a case elsewhere costs no statement
    # more than a missing one (the same answer in the same timing class).
    if case is not None and could_claim_while_waiting(ctx.viewer, case.kind, case.node_path):
        _plan(case, workflow.Claim(user_id))  # the workflow's CONFLICT for a lost claim


async def resolve_case(ctx: Context, pk: int, note: str) -> models.Case:
    user = require_user(ctx)
    case = await case_for(ctx, pk)
    move = _plan(case, workflow.Resolve(user.id))
    if not may_resolve(case.assignee_id, user.id):
        raise Forbidden("case.only_assignee_resolves", field="id")
    return await _write(
        ctx, case, move, clean_text(note, "note", limit=MAX_NOTE, what="A note", multiline=True)
    )


async def rate_case(ctx: Context, pk: int, rating: int, comment: str | None) -> models.Case:
    """The reporter rates 1-5; a low rating sends the case back to its handler, comment on
    record."""
    user = require_user(ctx)
    case = await case_for(ctx, pk)
    if not may_rate(case.reporter_user_id, user.id, case.resolved_by_id):
        raise Forbidden("case.only_reporter_rates", field="id")
    if rating not in workflow.RATINGS:
        raise Invalid("case.rating", field="rating")
    text = clean_text(
        comment or "", "comment", limit=MAX_NOTE, what="A comment", required=False, multiline=True
    )
    move = _plan(case, workflow.Rate(rating, text))
    return await _write(ctx, case, move, f"rating {rating}: {text}".rstrip(": "))


async def verify_case(ctx: Context, pk: int) -> models.Case:
    """组织验单: credits the handler's duty points in the same transaction."""
    user = require_user(ctx)
    case = await case_for(ctx, pk)
    await _require(ctx, case, Step.VERIFY, "verify")
    move = _plan(case, workflow.Verify(ctx.services.rating_window))
    if not may_verify(case.resolved_by_id, user.id):
        raise Forbidden("case.resolver_verifies", field="id")
    resolver = await models.User.get_or_none(id=case.resolved_by_id or 0)
    paid = earns_duty_points(
        reporter_user_id=case.reporter_user_id,
        resolver_id=case.resolved_by_id,
        resolver_created_by_id=resolver.created_by_id if resolver else None,
        resolver_created_at=resolver.created_at if resolver else None,
        verifier_id=user.id,
        verified_at=move.at,
        rating_window=ctx.services.rating_window,
    )
    if paid:
        return await _write(ctx, case, move)
    unpaid = dataclasses.replace(move, credit_user_id=None)
    return await _write(ctx, case, unpaid, "no duty points: separation of duties")
