"""Import residents from CSV/XLSX (multipart upload) and export them as CSV."""

from typing import Self

import strawberry
from strawberry.file_uploads import Upload

import resolvers.people.files
from resolvers.errors import DomainError, Invalid
from schema.errors import UserError
from schema.info import Info
from schema.mutations import Payload
from schema.org import org_node_pk
from schema.people.residents import ResidentFilter
from schema.rows import same_fields
from schema.uploads import read_upload


@strawberry.type(
    description="A bad row of an import: line number (header is 1) and column (as the file's "
    "header names it); a row has an entry for each of its problems."
)
class ImportRowError:
    row: int
    column: str | None
    error: strawberry.Private[DomainError]

    @strawberry.field(
        description=(
            "What is wrong with the row, in the request's language "
            "(`Accept-Language`: zh-CN or en)."
        )
    )
    def message(self, info: Info) -> str:
        return self.error.message_in(info.context.language)


@strawberry.type
class ImportReport:
    rows: int
    created: int
    updated: int
    unchanged: int
    households_created: int
    row_errors: list[ImportRowError]

    @classmethod
    def from_report(cls, report: resolvers.people.files.ImportReport) -> "ImportReport":
        return same_fields(
            report,
            cls,
            row_errors=[same_fields(e, ImportRowError) for e in report.errors],
        )


@strawberry.type
class ImportResidentsPayload(Payload[resolvers.people.files.ImportReport]):
    report: ImportReport | None = None

    @classmethod
    def from_result(cls, report: resolvers.people.files.ImportReport, /) -> Self:
        payload = cls(report=ImportReport.from_report(report))
        if report.errors:
            bad = Invalid("file.bad_rows", field="file", count=len(report.errors))
            payload.errors = [UserError.of(bad)]
        return payload


@strawberry.type
class PeopleFilesQuery:
    @strawberry.field(
        description=(
            "The residents the viewer reads, as CSV, masked as on screen. Prefer the download "
            "`GET /exports/residents.csv` or `.xlsx` (same filter as query parameters, "
            "`Authorization: Bearer`): streamed, Excel-ready (BOM, Chinese headers, ID numbers "
            "kept as text) and capped; this field stays for compatibility, its content unchanged."
        )
    )
    async def residents_csv(self, info: Info, filter: ResidentFilter | None = None) -> str:
        where = (filter or ResidentFilter()).to_filter()
        return await resolvers.people.files.residents_csv(info.context, where)


@strawberry.type
class PeopleFilesMutation:
    @strawberry.mutation(
        description=(
            "Imports residents into a building or grid: every row is checked first; if any "
            "is bad nothing is written and `report.rowErrors` names each. Upserts by ID number."
        )
    )
    async def import_residents(
        self, info: Info, node_id: strawberry.ID, file: Upload
    ) -> ImportResidentsPayload:
        async def work() -> resolvers.people.files.ImportReport:
            return await resolvers.people.files.import_residents(
                info.context,
                org_node_pk(node_id, "nodeId"),
                await read_upload(file, resolvers.people.files.MAX_BYTES),
            )

        # The resolver writes in a transaction of its own (the command line uses it too);
        # reading and parsing a 20 MB file need not hold the database.
        return await ImportResidentsPayload.mutate(work, atomic=False)
