"""Residents from and to spreadsheets: validate every row, then import all or nothing.

Columns (English or Chinese headers): building 楼栋 (needed when importing into a grid),
household 户号, name 姓名, gender 性别, birth_date 出生日期, phone 手机, id_number 身份证号,
tags 标签 (separated by ; , 、). Rows are matched on the ID-card number, so importing the
same file again changes nothing.
"""

import csv
import io
import re
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
from resolvers.context import Context
from resolvers.errors import DomainError, Invalid
from resolvers.offload import run_off_loop
from resolvers.org import node_to_act_on
from resolvers.people import PEOPLE_REFUSED
from resolvers.people.limits import spend_id_number_checks
from resolvers.people.masking import visible_id_number, visible_phone
from resolvers.people.residents import ResidentFilter, filtered_residents
from resolvers.text import clean_text
from resolvers.validation import clean_id_number, clean_phone

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
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
TAG_LABELS = {
    "独居老人": models.ResidentTag.ELDER_LIVING_ALONE,
    "残疾人": models.ResidentTag.DISABLED,
    "留守儿童": models.ResidentTag.CHILD_LEFT_BEHIND,
    "低保": models.ResidentTag.LOW_INCOME,
    "低收入": models.ResidentTag.LOW_INCOME,
    "退役军人": models.ResidentTag.VETERAN,
    "重病": models.ResidentTag.SERIOUSLY_ILL,
    "失业": models.ResidentTag.UNEMPLOYED,
    "租户": models.ResidentTag.RENTER,
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


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(content: bytes) -> Iterator[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise Invalid("The file is not a readable XLSX workbook.", field="file") from error
    sheet = workbook.worksheets[0]
    for values in sheet.iter_rows(values_only=True):
        yield [_cell(value) for value in values]
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
    for values in csv.reader(io.StringIO(text)):
        yield [value.strip() for value in values]


def read_table(content: bytes) -> list[tuple[int, dict[str, str]]]:
    """(line number, values by column) for every non-empty row below the header."""
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
        if not any(values):
            continue
        if len(table) >= MAX_ROWS:
            raise Invalid(f"A file holds at most {MAX_ROWS} rows.", field="file")
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


async def _tags_of(resident_ids: list[int]) -> dict[int, set[models.ResidentTag]]:
    tags: dict[int, set[models.ResidentTag]] = {rid: set() for rid in resident_ids}
    for start in range(0, len(resident_ids), BATCH):
        rows = await models.ResidentTagLink.filter(
            resident_id__in=resident_ids[start : start + BATCH]
        ).values_list("resident_id", "tag")
        for resident_id, tag in rows:
            tags[resident_id].add(models.ResidentTag(tag))
    return tags


def check_file(content: bytes, buildings: dict[str, int]) -> tuple[ImportReport, list[ParsedRow]]:
    """Read the file and check each row without the database (CPU work: a worker thread's)."""
    table = read_table(content)
    report = ImportReport(rows=len(table))
    parsed: list[ParsedRow] = []
    first_line_of: dict[str, int] = {}
    for line, values in table:
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
    await spend_id_number_checks(ctx, len(parsed))
    existing = await _existing_residents([row.id_number for row in parsed])
    for row in parsed:
        current = existing.get(row.id_number)
        if current is not None and not current.household.building.path.startswith(node.path):
            message = "This person is registered in a household outside this node."
            report.errors.append(RowError(row.line, "id_number", message))
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
            await models.Household.bulk_create(
                [models.Household(building_id=b, number=n) for b, n in missing], batch_size=BATCH
            )
            households = {
                (h.building_id, h.number): h
                for h in await models.Household.filter(building_id__in=building_ids)
            }
        report.households_created = len(missing)
        current_tags = await _tags_of([r.id for r in existing.values()])
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
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_HEADER)
    last_id = 0
    while True:
        page = await query.filter(id__gt=last_id).order_by("id").limit(BATCH)
        if not page:
            break
        tags = await _tags_of([r.id for r in page])
        rows = [
            [
                r.household.building.name,
                r.household.number,
                r.name,
                {"MALE": "男", "FEMALE": "女"}.get(r.gender or "", ""),
                r.birth_date.isoformat() if r.birth_date else "",
                visible_phone(ctx, r) or "",
                visible_id_number(ctx, r) or "",
                ";".join(sorted(tags[r.id])),
            ]
            for r in page
        ]
        # Masking stays here (it asks the viewer); quoting and joining go to a worker thread.
        await run_off_loop(ctx.services.file_limiter, writer.writerows, rows)
        last_id = page[-1].id
    return out.getvalue()
