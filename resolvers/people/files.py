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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from typing import Any, TypeVar

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
T = TypeVar("T")

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
    """What is wrong in a row: `column` as the file's header names it."""

    row: int
    column: str | None
    error: DomainError

    @property
    def message(self) -> str:
        return self.error.message


class Table(list[tuple[int, dict[str, str]]]):
    """(line number, values by column) for every non-empty row below the header; `names` are
    the columns as the header wrote them (出生日期 or birth_date)."""

    def __init__(self, names: dict[str, str]) -> None:
        super().__init__()
        self.names = names


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
            raise Invalid("file.too_slow", field="file")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        # Excel keeps 15 significant digits: an 18-digit ID number typed as a number is stored
        # as 5.20302198001011E+17; show it as Excel does (520302198001011000), not as the float.
        return str(int(Decimal(format(value, ".15g")))) if abs(value) >= 1e15 else str(int(value))
    return unescape_cell(str(value).strip())


def _check_archive(content: bytes) -> None:
    """Refuse a workbook that would unpack to too much (the sizes a zip declares bound what
    `zipfile` hands out, so they cannot lie)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise Invalid("file.not_xlsx", field="file") from error
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
        raise Invalid("file.unpacked_too_large", field="file")


# What openpyxl raises on a malformed workbook (XML syntax errors are SyntaxErrors).
UNREADABLE = (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, SyntaxError)


def _xlsx_rows(content: bytes) -> Iterator[list[str]]:
    _check_archive(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except UNREADABLE as error:
        raise Invalid("file.not_xlsx", field="file") from error
    try:
        if not workbook.worksheets:
            raise Invalid("file.no_sheet", field="file")
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
        raise Invalid("file.not_xlsx", field="file") from error
    finally:
        workbook.close()


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    if b"\x00" in content[:4096]:
        raise Invalid("file.not_table", field="file")
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Invalid("file.encoding", field="file")
    reader = csv.reader(io.StringIO(text))
    try:
        for values in reader:
            yield [unescape_cell(value.strip()) for value in values[:MAX_COLUMNS]]
    except csv.Error as error:  # a NUL byte, or an unclosed quote running past the field limit
        raise Invalid("file.bad_csv_line", field="file", line=reader.line_num) from error


def read_table(content: bytes, deadline: Deadline | None = None) -> Table:
    """(line number, values by column) for every non-empty row below the header."""
    deadline = deadline or Deadline()
    if len(content) > MAX_BYTES:
        raise Invalid("file.too_large", field="file")
    if not content.strip():
        raise Invalid("file.empty", field="file")
    rows = _xlsx_rows(content) if content.startswith(b"PK\x03\x04") else _csv_rows(content)
    header = next(rows, [])
    columns = [HEADER_OF.get(name.strip().lower()) for name in header]
    missing = [c for c in ("household", "name", "id_number") if c not in columns]
    if missing:
        raise Invalid("file.missing_columns", field="file", columns=", ".join(missing))
    table = Table({c: name.strip() for c, name in zip(columns, header, strict=False) if c})
    for line, values in enumerate(rows, start=2):
        # Empty rows count too, so that a million of them stop here rather than being skipped.
        if line > MAX_ROWS + 1:
            raise Invalid("file.too_many_rows", field="file", max=MAX_ROWS)
        deadline.check()
        if not any(values):
            continue
        table.append((line, {c: v for c, v in zip(columns, values, strict=False) if c is not None}))
    return table


# ------------------------------------------------------------------ validating rows


# A value an export masked (138****5678, 5203**************) or a number Excel cut to 15
# significant digits: 5.20302E+17 as CSV text, 520302198001011000 from a numeric cell.
MASKED = re.compile(r".*\*.*")
EXCEL_NUMBER = re.compile(r"\d(\.\d+)?[eE]\+?\d{1,2}|\d{15}000")
YEAR_ONLY = re.compile(r"\d{4}")


def _hint(column: str, value: str) -> Invalid | None:
    """A clearer word than the check's own for a value that came out of an export or Excel."""
    if MASKED.fullmatch(value):
        return Invalid("row.masked", field=column, value=value)
    if column == "id_number" and EXCEL_NUMBER.fullmatch(value):
        return Invalid("row.excel_number", field=column, value=value)
    if column == "birth_date" and YEAR_ONLY.fullmatch(value):
        return Invalid("row.year_only", field=column, value=value)
    return None


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.replace("/", "-").replace(".", "-"))
    except ValueError as error:
        raise Invalid("row.date", field="birth_date", value=text) from error


def _parse_tags(text: str) -> frozenset[models.ResidentTag]:
    tags, unknown = set(), []
    for part in (p.strip() for p in re.split(r"[;,，；、]", text)):
        if not part:
            continue
        tag = TAG_LABELS.get(part) or (
            models.ResidentTag(part.upper())
            if part.upper() in models.ResidentTag.__members__
            else None
        )
        if tag is None:
            unknown.append(part)
        else:
            tags.add(tag)
    if unknown:
        raise Invalid("row.tag", field="tags", tag="、".join(unknown))
    return frozenset(tags)


class RowErrors(Exception):
    """Every problem of one row, each an Invalid whose field is the column."""

    def __init__(self, errors: list[Invalid]) -> None:
        super().__init__(errors)
        self.errors = errors


def parse_row(line: int, values: dict[str, str], buildings: dict[str, int]) -> ParsedRow:
    """One row, or RowErrors naming every problem in it (a column each)."""
    errors: list[Invalid] = []

    def checked(column: str, check: Callable[[str], T], default: T) -> T:
        value = values.get(column, "")
        try:
            return check(value)
        except Invalid as error:
            if error.field not in COLUMNS:  # the check's own field name (idNumber, birthDate)
                error.field = "birth_date" if error.field == "birthDate" else column
            errors.append(_hint(error.field, values.get(error.field, "")) or error)
            return default

    building_id = checked("building", partial(_building_of, buildings), 0)
    household = checked(
        "household", partial(clean_text, field="household", limit=32, what="A household number"), ""
    )
    name = checked("name", partial(clean_text, field="name", limit=50, what="A name"), "")
    gender = checked("gender", _gender, None)
    given_birth = checked("birth_date", lambda text: _parse_date(text) if text else None, None)
    birth_failed = bool(errors) and errors[-1].field == "birth_date"
    id_number, born = checked(
        "id_number",
        # A birth date already refused is not compared with the number again.
        lambda text: clean_id_number(text, None if birth_failed else given_birth, "id_number"),
        ("", date.min),
    )
    phone = checked("phone", lambda text: clean_phone(text, "phone") if text else None, None)
    tags = checked("tags", _parse_tags, frozenset[models.ResidentTag]())
    if errors:
        raise RowErrors(errors)
    return ParsedRow(
        line=line,
        building_id=building_id,
        household=household,
        name=name,
        gender=gender,
        birth_date=born,
        phone=phone,
        id_number=id_number,
        tags=tags,
    )


def _building_of(buildings: dict[str, int], building_name: str) -> int:
    if len(buildings) == 1 and not building_name:
        return next(iter(buildings.values()))
    if building_name in buildings:
        return buildings[building_name]
    raise Invalid("row.building", field="building", name=building_name)


def _gender(text: str) -> models.Gender | None:
    if text and text.lower() not in GENDERS:
        raise Invalid("row.gender", field="gender")
    return GENDERS.get(text.lower())


# ------------------------------------------------------------------ importing


async def _buildings_of(node: models.OrgNode) -> dict[str, int]:
    if node.level is models.OrgLevel.BUILDING:
        return {node.name: node.id}
    if node.level is models.OrgLevel.GRID:
        rows = await models.OrgNode.filter(parent_id=node.id, archived=False)
        return {row.name: row.id for row in rows}
    raise Invalid("file.import_where", field="nodeId")


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


def check_file(
    content: bytes, buildings: dict[str, int]
) -> tuple[ImportReport, list[ParsedRow], dict[str, str]]:
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
        except RowErrors as bad:
            report.errors += [RowError(line, table.names.get(e.field or ""), e) for e in bad.errors]
            continue
        if row.id_number in first_line_of:
            same = Invalid(
                "row.same_id_number", field="id_number", line=first_line_of[row.id_number]
            )
            report.errors.append(RowError(line, table.names["id_number"], same))
            continue
        first_line_of[row.id_number] = line
        parsed.append(row)
    return report, parsed, table.names


async def import_residents(ctx: Context, node_id: int, content: bytes) -> ImportReport:
    """Validate every row first; write nothing unless all are good (one transaction)."""
    node = await node_to_act_on(
        ctx, node_id, "nodeId", may=Action.PERSON_WRITE, refused=PEOPLE_REFUSED
    )
    buildings = await _buildings_of(node)
    report, parsed, names = await run_off_loop(
        ctx.services.file_limiter, check_file, content, buildings
    )
    # The same queries and the same answer whether a number's holder lies in another node of
    # the caller's or outside their scope: nothing tells where a person is registered.
    await spend_id_number_checks(ctx, len(parsed))
    existing = await _existing_residents([row.id_number for row in parsed])
    for row in parsed:
        current = existing.get(row.id_number)
        if current is not None and not current.household.building.path.startswith(node.path):
            refused = Invalid(ID_NUMBER_REFUSED, field="id_number")
            report.errors.append(RowError(row.line, names["id_number"], refused))
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
