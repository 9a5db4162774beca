"""GET /exports/residents.csv|.xlsx: the residents list as a file.

The same query as the `residents` list (`filtered_residents`: scope, nodeId, search, tag, ...)
and the same masking as the screen (`visible`); Chinese headers and labels unless `lang=en`,
whose headers are the import's column names, so either file imports back.
"""

import models
from policies.masking import PersonalData
from resolvers.context import Context
from resolvers.exports.download import Download, KeysetSource, Sheet, download
from resolvers.exports.params import Params
from resolvers.exports.tabular import Column, Format, Lang, Row
from resolvers.org import get_org_node
from resolvers.people.files import tags_of
from resolvers.people.masking import visible
from resolvers.people.residents import ResidentFilter, filtered_residents
from resolvers.validation import today

COLUMNS = (
    Column("姓名", "name", width=12),
    Column("性别", "gender", width=6),
    Column("出生日期", "birth_date", width=12),
    Column("手机号", "phone", width=14, as_text=True),
    Column("身份证号", "id_number", width=22, as_text=True),
    Column("户号", "household", width=10, as_text=True),
    Column("楼栋", "building", width=20),
    Column("标签", "tags", width=24),
)
TAG_SEPARATOR = {Lang.ZH: "、", Lang.EN: ";"}


def resident_filter(params: Params) -> ResidentFilter:
    """The `residents` list's filter (ResidentFilter in the schema), parameter for field."""
    return ResidentFilter(
        node_id=params.global_id("nodeId", "OrgNode"),
        search=params.text("search"),
        tag=params.choice("tag", models.ResidentTag),
        party_member_kind=params.choice("partyMemberKind", models.PartyMemberKind),
        min_age=params.integer("minAge"),
        max_age=params.integer("maxAge"),
        include_inactive=params.boolean("includeInactive") or False,
    )


def resident_row(
    resident: models.Resident, seen: PersonalData, tags: set[models.ResidentTag], lang: Lang
) -> Row:
    """As on screen (`seen`): a masked birth date is its year alone, as in residentsCsv."""
    born = seen.birth_date.isoformat() if seen.birth_date else str(seen.birth_year or "")
    gender = models.Gender(resident.gender) if resident.gender else None
    ordered = [tag for tag in models.ResidentTag if tag in tags]
    return [
        resident.name,
        "" if gender is None else gender.label if lang is Lang.ZH else gender.value,
        born,
        seen.phone or "",
        seen.id_number or "",
        resident.household.number,
        resident.household.building.name,
        TAG_SEPARATOR[lang].join(tag.label if lang is Lang.ZH else tag.value for tag in ordered),
    ]


async def residents_export(ctx: Context, params: Params, fmt: Format) -> Download:
    where = resident_filter(params)
    lang = params.lang()
    params.done()
    query = await filtered_residents(ctx, where)  # UNAUTHENTICATED, INVALID, NOT_FOUND first

    async def rows_of(page: list[models.Resident]) -> list[Row]:
        tags = await tags_of([r.id for r in page])
        return [resident_row(r, visible(ctx, r), tags[r.id], lang) for r in page]

    node = await get_org_node(ctx, where.node_id) if where.node_id else None
    day = today().strftime("%Y%m%d")
    sheet = Sheet(
        columns=COLUMNS,
        name="-".join(["居民名单", *([node.name] if node else []), day]),
        fallback_name=f"residents-{day}",
        title=lang.pick("居民", "residents"),
    )
    source = KeysetSource(query, rows_of, cap=ctx.services.export_max_rows)
    return await download(ctx, sheet, source, fmt, lang)
