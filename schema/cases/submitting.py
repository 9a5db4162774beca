"""Submitting a case, signed in."""

import strawberry

import models
import resolvers.cases.submitting
from schema.cases.case import CasePayload
from schema.info import Info
from schema.inputs import decoded
from schema.org import OrgNodeId


@strawberry.input
class SubmitCaseInput:
    kind: models.CaseKind
    node_id: OrgNodeId
    title: str
    description: str
    category: str | None = None
    severity: models.HazardSeverity | None = None
    hazard_type: models.HazardType | None = None
    parties: str = strawberry.field(default="", description="Disputes: who is involved.")

    def to_input(self) -> resolvers.cases.submitting.SubmitInput:
        return decoded(self, resolvers.cases.submitting.SubmitInput)


@strawberry.type
class SubmittingMutation:
    @strawberry.mutation
    async def submit_case(self, info: Info, input: SubmitCaseInput) -> CasePayload:
        return await CasePayload.mutate(
            lambda: resolvers.cases.submitting.submit_case(info.context, input.to_input()),
        )
