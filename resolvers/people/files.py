"""Residents from and to spreadsheets: validate every row, then import all or nothing.

Columns (English or Chinese headers): building 楼栋 (needed when importing into a grid),
household 户号, name 姓名, gender 性别, birth_date 出生日期, phone 手机, id_number 身份证号,
tags 标签 (separated by ; , 、). Rows are matched on the ID-card number, so importing the
same file again changes nothing; a number held by anyone outside the node is refused with the
same words whoever holds it.

A file is read in a worker thread within READ_SECONDS, no further than MAX_ROWS rows below the
header (empty rows count: a 31 KB workbook can claim a million of them) and MAX_COLUMNS columns,
and a workbook whose parts unpack to more than MAX_UNPACKED_BYTES is refused before it is opened.
"""

import csv
import io
import re
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl import load_workbook
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

import models
from policies.actions import Action
from policies.masking import PersonalData
from resolvers.context import Context
from resolvers.errors import DomainError, Invalid
from resolvers.offload import run_off_loop
from resolvers.org import node_to_act_on
from resolvers.people import PEOPLE_REFUSED
from resolvers.people.limits import spend_id_number_checks
from resolvers.people.masking import visible
from resolvers.people.residents import ID_NUMBER_REFUSED, ResidentFilter, filtered_residents
from resolvers.spreadsheets import CsvSheet, unescape_cell
from resolvers.text import clean_text
from resolvers.validation import clean_id_number, clean_phone

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 50
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_PARTS = 1_000
READ_SECONDS = 20.0
BATCH = 500

COLUMNS = {
    "building": ("building", "楼栋", "楼栋名称"),
    "household": ("household", "household_number", "户号", "房号"),
    "name": ("name", "姓名"),
    "gender": ("gender", "性别"),
    "birth_date": ("birth_date", "birthdate", "出生日期"),
    "phone": ("phone", "手机", "手机号", "电话"),
    "id_number": ("id_number", "idnumber", "身份证号", "身份证号码"),
    "tags": ("tags", "标签"),
}
HEADER_OF = {alias.lower(): column for column, aliases in COLUMNS.items() for alias in aliases}
GENDERS = {
    "男": models.Gender.MALE,
    "m": models.Gender.MALE,
    "male": models.Gender.MALE,
    "女": models.Gender.FEMALE,
    "f": models.Gender.FEMALE,
    "female": models.Gender.FEMALE,
}
# The labels exports write (models.RESIDENT_TAG_LABELS), and the shorter words files use too.
TAG_LABELS = {label: tag for tag, label in models.RESIDENT_TAG_LABELS.items()} | {
    "低保": models.ResidentTag.LOW_INCOME,
    "低收入": models.ResidentTag.LOW_INCOME,
    "重病": models.ResidentTag.SERIOUSLY_ILL,
    "失业": models.ResidentTag.UNEMPLOYED,
}
EXPORT_HEADER = [
    "building",
    "household",
    "name",
    "gender",
    "birth_date",
    "phone",
    "id_number",
    "tags",
]


@dataclass(frozen=True)
class RowError:
    row: int
    column: str | None
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    households_created: int = 0
    errors: list[RowError] = field(default_factory=list)


@dataclass(frozen=True)
class ParsedRow:
    line: int
    building_id: int
    household: str
    name: str
    gender: models.Gender | None
    birth_date: date
    phone: str | None
    id_number: str
    tags: frozenset[models.ResidentTag]


# ------------------------------------------------------------------ reading files


class Deadline:
    """READ_SECONDS from now; `check` refuses the file once they have passed."""

    def __init__(self, seconds: float | None = None) -> None:
        self.at = time.monotonic() + (READ_SECONDS if seconds is None else seconds)

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise Invalid("The file took too long to read.", field="file")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unescape_cell(str(value).strip())


def _check_archive(content: bytes) -> None:
    """Refuse a workbook that would unpack to too much (the sizes a zip declares bound what
    `zipfile` hands out, so they cannot lie)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise Invalid("The file is not a readable XLSX workbook.", field="file") from error
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
        raise Invalid("The workbook is too large once unpacked.", field="file")


# What openpyxl raises on a malformed workbook (XML syntax errors are SyntaxErrors).
UNREADABLE = (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, SyntaxError)


def _xlsx_rows(content: bytes) -> Iterator[list[str]]:
    _check_archive(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except UNREADABLE as error:
        raise Invalid("The file is not a readable XLSX workbook.", field="file") from error
    try:
        if not workbook.worksheets:
            raise Invalid("The workbook has no sheet.", field="file")
        # The header, MAX_ROWS rows and one more to tell a file that is too long: openpyxl
        # stops there, whatever number of rows or columns the sheet claims.
        rows = workbook.worksheets[0].iter_rows(
            max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS, values_only=True
        )
        for values in rows:
            if values.count(None) == len(values):
                yield []
            else:
                yield [_cell(value) for value in values]
    except UNREADABLE as error:
        raise Invalid("The file is not a readable XLSX workbook.", field="file") from error
    finally:
        workbook.close()


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    if b"\x00" in content[:4096]:
        raise Invalid("The file is neither CSV nor XLSX.", field="file")
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Invalid("The CSV file is neither UTF-8 nor GBK text.", field="file")
    reader = csv.reader(io.StringIO(text))
    try:
        for values in reader:
            yield [unescape_cell(value.strip()) for value in values[:MAX_COLUMNS]]
    except csv.Error as error:  # a NUL byte, or an unclosed quote running past the field limit
        message = f"The CSV file cannot be read on line {reader.line_num}."
        raise Invalid(message, field="file") from error


def read_table(
    content: bytes, deadline: Deadline | None = None
) -> list[tuple[int, dict[str, str]]]:
    """(line number, values by column) for every non-empty row below the header."""
    deadline = deadline or Deadline()
    if len(content) > MAX_BYTES:
        raise Invalid("The file is larger than 20 MB.", field="file")
    if not content.strip():
        raise Invalid("The file is empty.", field="file")
    rows = _xlsx_rows(content) if content.startswith(b"PK\x03\x04") else _csv_rows(content)
    header = next(rows, [])
    columns = [HEADER_OF.get(name.strip().lower()) for name in header]
    missing = [c for c in ("household", "name", "id_number") if c not in columns]
    if missing:
        raise Invalid(f"The header lacks the column(s): {', '.join(missing)}.", field="file")
    table: list[tuple[int, dict[str, str]]] = []
    for line, values in enumerate(rows, start=2):
        # Empty rows count too, so that a million of them stop here rather than being skipped.
        if line > MAX_ROWS + 1:
            message = f"A file holds at most {MAX_ROWS:,} rows below the header, empty ones too."
            raise Invalid(message, field="file")
        deadline.check()
        if not any(values):
            continue
        table.append((line, {c: v for c, v in zip(columns, values, strict=False) if c is not None}))
    return table


# ------------------------------------------------------------------ validating rows


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.replace("/", "-").replace(".", "-"))
    except ValueError as error:
        raise Invalid("Write dates as YYYY-MM-DD.", field="birth_date") from error


def _parse_tags(text: str) -> frozenset[models.ResidentTag]:
    tags = set()
    for part in (p.strip() for p in re.split(r"[;,，；、]", text)):
        if not part:
            continue
        tag = TAG_LABELS.get(part) or (
            models.ResidentTag(part.upper())
            if part.upper() in models.ResidentTag.__members__
            else None
        )
        if tag is None:
            raise Invalid(f"Unknown tag: {part}.", field="tags")
        tags.add(tag)
    return frozenset(tags)


def parse_row(line: int, values: dict[str, str], buildings: dict[str, int]) -> ParsedRow:
    """One row, or the first problem in it as an Invalid whose field is the column."""
    building_name = values.get("building", "")
    if len(buildings) == 1 and not building_name:
        building_id = next(iter(buildings.values()))
    elif building_name in buildings:
        building_id = buildings[building_name]
    else:
        raise Invalid(f"No building named “{building_name}” here.", field="building")
    household = clean_text(
        values.get("household", ""), "household", limit=32, what="A household number"
    )
    name = clean_text(values.get("name", ""), "name", limit=50, what="A name")
    gender_text = values.get("gender", "").lower()
    if gender_text and gender_text not in GENDERS:
        raise Invalid("Gender is 男 or 女 (or MALE, FEMALE).", field="gender")
    birth_text = values.get("birth_date", "")
    given_birth = _parse_date(birth_text) if birth_text else None
    try:
        id_number, born = clean_id_number(values.get("id_number", ""), given_birth, "id_number")
    except Invalid as error:
        error.field = "birth_date" if error.field == "birthDate" else "id_number"
        raise
    phone_text = values.get("phone", "")
    return ParsedRow(
        line=line,
        building_id=building_id,
        household=household,
        name=name,
        gender=GENDERS.get(gender_text),
        birth_date=born,
        phone=clean_phone(phone_text, "phone") if phone_text else None,
        id_number=id_number,
        tags=_parse_tags(values.get("tags", "")),
    )


# ------------------------------------------------------------------ importing


async def _buildings_of(node: models.OrgNode) -> dict[str, int]:
    if node.level is models.OrgLevel.BUILDING:
        return {node.name: node.id}
    if node.level is models.OrgLevel.GRID:
        rows = await models.OrgNode.filter(parent_id=node.id, archived=False)
        return {row.name: row.id for row in rows}
    raise Invalid("Import into a building or a grid.", field="nodeId")


async def _existing_residents(numbers: list[str]) -> dict[str, models.Resident]:
    found: dict[str, models.Resident] = {}
    for start in range(0, len(numbers), BATCH):
        rows = await models.Resident.filter(
            id_number__in=numbers[start : start + BATCH]
        ).select_related("household__building")
        found |= {row.id_number: row for row in rows if row.id_number}
    return found


async def tags_of(resident_ids: list[int]) -> dict[int, set[models.ResidentTag]]:
    tags: dict[int, set[models.ResidentTag]] = {rid: set() for rid in resident_ids}
    for start in range(0, len(resident_ids), BATCH):
        rows = await models.ResidentTagLink.filter(
            resident_id__in=resident_ids[start : start + BATCH]
        ).values_list("resident_id", "tag")
        for resident_id, tag in rows:
            tags[resident_id].add(models.ResidentTag(tag))
    return tags


def check_file(content: bytes, buildings: dict[str, int]) -> tuple[ImportReport, list[ParsedRow]]:
    """Read the file and check each row without the database (CPU work: a worker thread's),
    within READ_SECONDS from when the thread starts."""
    deadline = Deadline()
    table = read_table(content, deadline)
    report = ImportReport(rows=len(table))
    parsed: list[ParsedRow] = []
    first_line_of: dict[str, int] = {}
    for line, values in table:
        deadline.check()
        try:
            row = parse_row(line, values, buildings)
        except DomainError as error:
            report.errors.append(RowError(line, error.field, error.message))
            continue
        if row.id_number in first_line_of:
            message = f"The same ID-card number is on line {first_line_of[row.id_number]}."
            report.errors.append(RowError(line, "id_number", message))
            continue
        first_line_of[row.id_number] = line
        parsed.append(row)
    return report, parsed


async def import_residents(ctx: Context, node_id: int, content: bytes) -> ImportReport:
    """Validate every row first; write nothing unless all are good (one transaction)."""
    node = await node_to_act_on(
        ctx, node_id, "nodeId", may=Action.PERSON_WRITE, refused=PEOPLE_REFUSED
    )
    buildings = await _buildings_of(node)
    report, parsed = await run_off_loop(ctx.services.file_limiter, check_file, content, buildings)
    # The same queries and the same answer whether a number's holder lies in another node of
    # the caller's or outside their scope: nothing tells where a person is registered.
    await spend_id_number_checks(ctx, len(parsed))
    existing = await _existing_residents([row.id_number for row in parsed])
    for row in parsed:
        current = existing.get(row.id_number)
        if current is not None and not current.household.building.path.startswith(node.path):
            report.errors.append(RowError(row.line, "id_number", ID_NUMBER_REFUSED))
    if report.errors:
        report.errors.sort(key=lambda e: e.row)
        return report
    await _write(parsed, existing, report)
    return report


async def _write(
    parsed: list[ParsedRow], existing: dict[str, models.Resident], report: ImportReport
) -> None:
    building_ids = sorted({row.building_id for row in parsed})
    async with in_transaction():
        households = {
            (h.building_id, h.number): h
            for h in await models.Household.filter(building_id__in=building_ids)
        }
        missing = sorted({(r.building_id, r.household) for r in parsed} - households.keys())
        if missing:
            paths = dict(await models.OrgNode.filter(id__in=building_ids).values_list("id", "path"))
            await models.Household.bulk_create(
                [
                    models.Household(building_id=b, building_path=paths[b], number=n)
                    for b, n in missing
                ],
                batch_size=BATCH,
            )
            households = {
                (h.building_id, h.number): h
                for h in await models.Household.filter(building_id__in=building_ids)
            }
        report.households_created = len(missing)
        current_tags = await tags_of([r.id for r in existing.values()])
        new_rows, changed = [], []
        for row in parsed:
            household_id = households[(row.building_id, row.household)].id
            values = {
                "household_id": household_id,
                "name": row.name,
                "gender": row.gender,
                "birth_date": row.birth_date,
                "phone": row.phone,
            }
            current = existing.get(row.id_number)
            if current is None:
                new_rows.append(models.Resident(id_number=row.id_number, **values))
                continue
            if any(getattr(current, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(current, key, value)
                changed.append(current)
            elif current_tags[current.id] == set(row.tags):
                report.unchanged += 1
                continue
            else:
                report.updated += 1  # only the tags differ
        report.created = len(new_rows)
        report.updated += len(changed)
        if new_rows:
            await models.Resident.bulk_create(new_rows, batch_size=BATCH)
        if changed:
            await models.Resident.bulk_update(
                changed,
                fields=["household_id", "name", "gender", "birth_date", "phone"],
                batch_size=BATCH,
            )
        await _sync_tags(parsed, current_tags)


async def _sync_tags(parsed: list[ParsedRow], current: dict[int, set[models.ResidentTag]]) -> None:
    ids: dict[str, int] = {}
    numbers = [row.id_number for row in parsed]
    for start in range(0, len(numbers), BATCH):
        rows = await models.Resident.filter(
            id_number__in=numbers[start : start + BATCH]
        ).values_list("id_number", "id")
        ids |= dict(rows)
    to_add: list[models.ResidentTagLink] = []
    to_remove: list[Q] = []
    for row in parsed:
        resident_id = ids[row.id_number]
        have = current.get(resident_id, set())
        to_add += [models.ResidentTagLink(resident_id=resident_id, tag=t) for t in row.tags - have]
        stale = have - row.tags
        if stale:
            to_remove.append(Q(resident_id=resident_id, tag__in=sorted(stale)))
    for start in range(0, len(to_remove), BATCH):
        await models.ResidentTagLink.filter(
            Q(*to_remove[start : start + BATCH], join_type=Q.OR)
        ).delete()
    if to_add:
        await models.ResidentTagLink.bulk_create(to_add, batch_size=BATCH)


# ------------------------------------------------------------------ exporting


async def residents_csv(ctx: Context, where: ResidentFilter) -> str:
    """The import columns for every resident the viewer reads, masked as on screen."""
    query = await filtered_residents(ctx, where)
    sheet = CsvSheet(EXPORT_HEADER)
    last_id = 0
    while True:
        page = await query.filter(id__gt=last_id).order_by("id").limit(BATCH)
        if not page:
            break
        tags = await tags_of([r.id for r in page])
        rows = [_export_row(r, visible(ctx, r), tags[r.id]) for r in page]
        # Masking stays here (it asks the viewer); escaping, quoting and joining go to a worker
        # thread.
        await run_off_loop(ctx.services.file_limiter, sheet.add_rows, rows)
        last_id = page[-1].id
    return sheet.text()


def _export_row(r: models.Resident, seen: PersonalData, tags: set[models.ResidentTag]) -> list[str]:
    """The screen's rule (`visible`): a masked birth date is exported as its year alone."""
    born = seen.birth_date.isoformat() if seen.birth_date else str(seen.birth_year or "")
    return [
        r.household.building.name,
        r.household.number,
        r.name,
        {"MALE": "男", "FEMALE": "女"}.get(r.gender or "", ""),
        born,
        seen.phone or "",
        seen.id_number or "",
        ";".join(sorted(tags)),
    ]
