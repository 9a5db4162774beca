"""The workflow's steps: 社区接单、党员干部接单、群众评单、组织验单."""

from collections.abc import Awaitable, Callable
from typing import Concatenate, ParamSpec

import strawberry

import models
import resolvers.cases.steps
from resolvers.context import Context
from schema.cases.case import CasePayload, case_pk
from schema.info import Info
from schema.users import user_pk

P = ParamSpec("P")


def _step(
    step: Callable[Concatenate[Context, int, P], Awaitable[models.Case]],
    info: Info,
    id: strawberry.ID,
    *args: P.args,
    **kwargs: P.kwargs,
) -> Awaitable[CasePayload]:
    """`step` on the case `id` names, decoded inside the mutation (a bad id is a payload error)."""
    return CasePayload.mutate(lambda: step(info.context, case_pk(id), *args, **kwargs))


@strawberry.type
class CaseStepsMutation:
    @strawberry.mutation(description="社区接单: the community (or grid) accepts the case.")
    async def accept_case(self, info: Info, id: strawberry.ID) -> CasePayload:
        return await _step(resolvers.cases.steps.accept_case, info, id)

    @strawberry.mutation
    async def reject_case(self, info: Info, id: strawberry.ID, reason: str) -> CasePayload:
        return await _step(resolvers.cases.steps.reject_case, info, id, reason)

    @strawberry.mutation(description="派单: dispatch to a cadre or volunteer.")
    async def assign_case(
        self, info: Info, id: strawberry.ID, assignee_id: strawberry.ID
    ) -> CasePayload:
        return await CasePayload.mutate(
            lambda: resolvers.cases.steps.assign_case(
                info.context, case_pk(id), user_pk(assignee_id, "assigneeId")
            )
        )

    @strawberry.mutation(description="党员干部接单: first come, first served; others get CONFLICT.")
    async def claim_case(self, info: Info, id: strawberry.ID) -> CasePayload:
        return await _step(resolvers.cases.steps.claim_case, info, id)

    @strawberry.mutation
    async def resolve_case(self, info: Info, id: strawberry.ID, note: str) -> CasePayload:
        return await _step(resolvers.cases.steps.resolve_case, info, id, note)

    @strawberry.mutation(description="群众评单: 1 or 2 reopens the case to its handler.")
    async def rate_case(
        self, info: Info, id: strawberry.ID, rating: int, comment: str | None = None
    ) -> CasePayload:
        return await _step(resolvers.cases.steps.rate_case, info, id, rating, comment)

    @strawberry.mutation(description="组织验单: closes the case and credits duty points.")
    async def verify_case(self, info: Info, id: strawberry.ID) -> CasePayload:
        return await _step(resolvers.cases.steps.verify_case, info, id)
