"""Case photos and building QR codes."""

import strawberry
from strawberry.file_uploads import Upload

import models
import resolvers.case_files
from schema.cases import CaseAttachment, case_pk
from schema.errors import UserError
from schema.info import Info
from schema.mutations import mutate
from schema.org import org_node_pk
from schema.uploads import read_upload


@strawberry.type
class CaseAttachmentPayload:
    attachment: CaseAttachment | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def from_result(cls, row: models.CaseAttachment) -> "CaseAttachmentPayload":
        return cls(attachment=CaseAttachment.from_model(row))


@strawberry.type
class QrTokenPayload:
    token: str | None = strawberry.field(
        default=None, description="Print it in the building's QR code; submitCaseByQr takes it."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def from_result(cls, token: str) -> "QrTokenPayload":
        return cls(token=token)


@strawberry.type
class CaseFilesMutation:
    @strawberry.mutation(description="A JPEG, PNG or WebP photo of at most 10 MB.")
    async def add_case_attachment(
        self, info: Info, case_id: strawberry.ID, file: Upload
    ) -> CaseAttachmentPayload:
        async def work() -> models.CaseAttachment:
            content = await read_upload(file, resolvers.case_files.MAX_PHOTO_BYTES)
            return await resolvers.case_files.add_attachment(
                info.context, case_pk(case_id, "caseId"), content
            )

        # One insert; reading and storing a 10 MB photo need not hold the database.
        return await mutate(CaseAttachmentPayload, work, atomic=False)

    @strawberry.mutation(description="The building's QR token, made on first use.")
    async def building_qr_token(self, info: Info, building_id: strawberry.ID) -> QrTokenPayload:
        return await mutate(
            QrTokenPayload,
            lambda: resolvers.case_files.qr_token(
                info.context, org_node_pk(building_id, "buildingId")
            ),
        )

    @strawberry.mutation(description="Replaces the building's QR token; the old one stops working.")
    async def rotate_building_qr_token(
        self, info: Info, building_id: strawberry.ID
    ) -> QrTokenPayload:
        return await mutate(
            QrTokenPayload,
            lambda: resolvers.case_files.rotate_qr_token(
                info.context, org_node_pk(building_id, "buildingId")
            ),
        )
