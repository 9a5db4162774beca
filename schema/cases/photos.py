"""Photos of a case."""

import strawberry
from strawberry.file_uploads import Upload

import models
import resolvers.cases.photos
from schema.cases.case import CaseAttachment, case_pk
from schema.info import Info
from schema.mutations import Payload
from schema.uploads import read_upload


@strawberry.type
class CaseAttachmentPayload(Payload[models.CaseAttachment], result=CaseAttachment.from_model):
    attachment: CaseAttachment | None = None


@strawberry.type
class PhotosMutation:
    @strawberry.mutation(description="A JPEG, PNG or WebP photo of at most 10 MB.")
    async def add_case_attachment(
        self, info: Info, case_id: strawberry.ID, file: Upload
    ) -> CaseAttachmentPayload:
        async def work() -> models.CaseAttachment:
            content = await read_upload(file, resolvers.cases.photos.MAX_PHOTO_BYTES)
            return await resolvers.cases.photos.add_case_attachment(
                info.context, case_pk(case_id, "caseId"), content
            )

        # One insert; reading and storing a 10 MB photo need not hold the database.
        return await CaseAttachmentPayload.mutate(work, atomic=False)
