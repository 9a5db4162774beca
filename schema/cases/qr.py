"""A building's QR code and submitting a case with it, without login (码上扫心愿)."""

from datetime import datetime
from typing import Annotated, Self

import strawberry

import models
import resolvers.cases.qr
import resolvers.cases.submitting
from resolvers.ids import encode_global_id
from schema.info import Info
from schema.mutations import Payload
from schema.org import org_node_pk
from schema.rows import same_fields


@strawberry.input
class QrCaseInput:
    kind: models.CaseKind
    title: str
    description: str
    name: str
    phone: str
    category: str | None = None
    severity: models.HazardSeverity | None = None
    hazard_type: models.HazardType | None = None

    def to_submission(self, token: str, idempotency_key: str) -> resolvers.cases.qr.QrSubmission:
        return resolvers.cases.qr.QrSubmission(
            token=token,
            idempotency_key=idempotency_key,
            name=self.name,
            phone=self.phone,
            case=same_fields(self, resolvers.cases.submitting.SubmitInput, node_id=0),
        )


@strawberry.type
class QrTokenPayload(Payload[str]):
    token: str | None = strawberry.field(
        default=None, description="Print it in the building's QR code; submitCaseByQr takes it."
    )

    @classmethod
    def from_result(cls, token: str, /) -> Self:
        return cls(token=token)


@strawberry.type(description="What an anonymous submitter gets back: never the case itself.")
class QrReceipt:
    reference: strawberry.ID = strawberry.field(
        description="The case's id, for staff; the submitter cannot read the case with it."
    )
    status: models.CaseStatus
    submitted_at: datetime

    @classmethod
    def from_receipt(cls, receipt: resolvers.cases.qr.QrReceipt) -> "QrReceipt":
        return same_fields(
            receipt, cls, reference=strawberry.ID(encode_global_id("Case", receipt.reference))
        )


@strawberry.type
class QrSubmissionPayload(Payload[resolvers.cases.qr.QrReceipt], result=QrReceipt.from_receipt):
    receipt: QrReceipt | None = None


@strawberry.type
class QrSubmissionMutation:
    @strawberry.mutation(
        description=(
            "码上扫心愿: no login. Answers a receipt; repeating an idempotency key with the same "
            "content answers the first receipt, with other content CONFLICT. Rate-limited per "
            "client address, per client and code, and per code."
        )
    )
    async def submit_case_by_qr(
        self,
        info: Info,
        token: str,
        input: QrCaseInput,
        idempotency_key: Annotated[
            str,
            strawberry.argument(
                description="8 to 64 letters, digits, '-', '_', '.' or ':'; new per submission."
            ),
        ],
    ) -> QrSubmissionPayload:
        # The resolver spends its rate limits first, each committed at once (a transaction
        # would hold their rows locked, queueing the client's other submissions behind it),
        # and then writes the case in a transaction of its own.
        return await QrSubmissionPayload.mutate(
            lambda: resolvers.cases.qr.submit_case_by_qr(
                info.context, input.to_submission(token, idempotency_key)
            ),
            atomic=False,
        )


# Listed after the photos in the schema (root.py), where these fields have always been.
@strawberry.type
class QrCodeMutation:
    @strawberry.mutation(description="The building's QR token, made on first use.")
    async def building_qr_token(self, info: Info, building_id: strawberry.ID) -> QrTokenPayload:
        return await QrTokenPayload.mutate(
            lambda: resolvers.cases.qr.building_qr_token(
                info.context, org_node_pk(building_id, "buildingId")
            ),
        )

    @strawberry.mutation(description="Replaces the building's QR token; the old one stops working.")
    async def rotate_building_qr_token(
        self, info: Info, building_id: strawberry.ID
    ) -> QrTokenPayload:
        return await QrTokenPayload.mutate(
            lambda: resolvers.cases.qr.rotate_building_qr_token(
                info.context, org_node_pk(building_id, "buildingId")
            ),
        )
