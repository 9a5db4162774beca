"""The public building page (三亮): `publicBuilding(qrToken)` and `publicBuildingById(id)`.

No login; the same answer signed in or not. What it shows is policies/public.py: the building
and the names of the nodes above it, its party group and leader, building heads and red
stewards (names and titles only), the party members who consented with their kind and
pledge, titles earned, current notices, how to submit a case by QR code (never a token), the
building's current convention (楼栋公约) and its community's active service items (服务事项).

An unknown token, a rotated one and a malformed one all answer null; a malformed token or id
answers before anything is counted. Every well-formed request spends from its client address's
budget (RATE_LIMITED when spent). Assembled pages are cached per building for a minute
(resolvers/public/cache.py); the token is looked up in the database on every request.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

import models
from policies.public import (
    PUBLIC_TITLES,
    public_awards_filter,
    public_notices_filter,
    public_party_members_filter,
    public_titles_filter,
)
from resolvers.clients import client_address
from resolvers.context import Context
from resolvers.conventions.reading import current_convention_sections, service_items_of
from resolvers.errors import Invalid
from resolvers.ids import decode_global_id
from resolvers.ratelimit import Budget, spend_or_refuse

# Per client address: a person scanning codes along a street, not a crawler of every building.
PUBLIC_PER_ADDRESS = Budget("public-address", limit=30, seconds=60.0)
TOO_MANY = "public.too_many"
# The shape of a QR token (resolvers/cases/qr.py makes them): anything else answers null.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")
MAX_NOTICES = 20
SUBMIT_MUTATION = "submitCaseByQr"
SUBMIT_KINDS = (models.CaseKind.DEMAND, models.CaseKind.HAZARD)
SUBMIT_INSTRUCTIONS = (
    "扫描楼栋入口的二维码，填写姓名、电话和诉求内容即可提交（码上扫心愿、社区马上办）；"
    "无需登录。矛盾纠纷请联系网格员或社区。"
)
TITLE_LABELS = {
    models.TitleKind.PARTY_GROUP_LEADER: "楼栋党小组组长",
    models.TitleKind.BUILDING_HEAD: "楼栋长",
    models.TitleKind.RED_STEWARD: "红管家",
}
MEMBER_KIND_LABELS = {
    models.PartyMemberKind.IN_SERVICE: "在职党员",
    models.PartyMemberKind.RETIRED_CADRE: "离退休干部党员",
    models.PartyMemberKind.VETERAN: "退役军人党员",
    models.PartyMemberKind.MOBILE: "流动党员",
}


@dataclass(frozen=True)
class PublicPerson:
    name: str
    title: models.TitleKind
    title_label: str


@dataclass(frozen=True)
class PublicMember:
    name: str
    kind: models.PartyMemberKind
    kind_label: str
    pledge: str


@dataclass(frozen=True)
class PublicAward:
    kind: models.CampaignKind
    title: str
    valid_from: date
    valid_until: date


@dataclass(frozen=True)
class PublicNotice:
    kind: models.NoticeKind
    kind_label: str
    title: str
    body: str
    level: models.OrgLevel
    posted_at: str  # the node's name: 某社区, 某网格
    published_at: datetime
    expires_at: datetime | None


@dataclass(frozen=True)
class PublicSection:
    section: str
    label: str
    body: str


@dataclass(frozen=True)
class PublicConvention:
    """The building's current (adopted) convention (楼栋公约)."""

    title: str
    number: int
    adopted_at: datetime | None
    sections: tuple[PublicSection, ...]


@dataclass(frozen=True)
class PublicServiceItem:
    """An active service item (服务事项) of the building's community."""

    number: int
    category: str
    category_label: str
    title: str
    description: str


@dataclass(frozen=True)
class CaseSubmission:
    mutation: str
    kinds: tuple[models.CaseKind, ...]
    instructions: str


@dataclass(frozen=True)
class PublicPage:
    building_id: int
    name: str
    street: str
    community: str
    grid: str
    party_group: str
    party_group_leaders: tuple[PublicPerson, ...]
    building_heads: tuple[PublicPerson, ...]
    red_stewards: tuple[PublicPerson, ...]
    party_members: tuple[PublicMember, ...]
    awards: tuple[PublicAward, ...]
    notices: tuple[PublicNotice, ...]
    submit_case: CaseSubmission
    convention: PublicConvention | None
    service_items: tuple[PublicServiceItem, ...]


def _now() -> datetime:
    return datetime.now(UTC)


async def _assemble(building: models.OrgNode) -> PublicPage:
    now = _now()
    above = {
        node.level: node
        for node in await models.OrgNode.filter(id__in=models.path_ids(building.path)[:-1])
    }
    names = {level: node.name for level, node in above.items()}
    titles = (
        await models.Title.filter(public_titles_filter(building.id))
        .order_by("id")
        .values_list("kind", "resident__name")
    )
    people = {
        kind: tuple(
            PublicPerson(name=name, title=kind, title_label=TITLE_LABELS[kind])
            for held, name in titles
            if held == kind
        )
        for kind in PUBLIC_TITLES
    }
    members = (
        await models.PartyMember.filter(public_party_members_filter(building.id))
        .order_by("id")
        .values_list("kind", "pledge", "resident__name")
    )
    awards = (
        await models.EvaluationAward.filter(public_awards_filter(building.id, now.date()))
        .order_by("-valid_from", "id")
        .values_list("kind", "title", "valid_from", "valid_until")
    )
    notices = (
        await models.Notice.filter(public_notices_filter(building.path, now))
        .order_by("-published_at", "-id")
        .limit(MAX_NOTICES)
    )
    node_of = {**{node.id: node for node in above.values()}, building.id: building}
    community = above.get(models.OrgLevel.COMMUNITY)
    items = await service_items_of(community.id) if community is not None else []
    return PublicPage(
        building_id=building.id,
        name=building.name,
        street=names.get(models.OrgLevel.STREET, ""),
        community=names.get(models.OrgLevel.COMMUNITY, ""),
        grid=names.get(models.OrgLevel.GRID, ""),
        party_group=f"{building.name}党小组",
        party_group_leaders=people[models.TitleKind.PARTY_GROUP_LEADER],
        building_heads=people[models.TitleKind.BUILDING_HEAD],
        red_stewards=people[models.TitleKind.RED_STEWARD],
        party_members=tuple(
            PublicMember(name=name, kind=kind, kind_label=MEMBER_KIND_LABELS[kind], pledge=pledge)
            for kind, pledge, name in members
        ),
        awards=tuple(
            PublicAward(kind=kind, title=title, valid_from=start, valid_until=end)
            for kind, title, start, end in awards
        ),
        notices=tuple(
            PublicNotice(
                kind=notice.kind,
                kind_label=models.NOTICE_KIND_LABELS[notice.kind],
                title=notice.title,
                body=notice.body,
                level=node_of[notice.node_id].level,
                posted_at=node_of[notice.node_id].name,
                published_at=notice.published_at,
                expires_at=notice.expires_at,
            )
            for notice in notices
        ),
        submit_case=CaseSubmission(
            mutation=SUBMIT_MUTATION, kinds=SUBMIT_KINDS, instructions=SUBMIT_INSTRUCTIONS
        ),
        convention=await _convention(building.id),
        service_items=tuple(
            PublicServiceItem(
                number=item.number,
                category=item.category.value,
                category_label=models.SERVICE_CATEGORY_LABELS[item.category],
                title=item.title,
                description=item.description,
            )
            for item in items
        ),
    )


async def _convention(building_id: int) -> PublicConvention | None:
    version, sections = await current_convention_sections(building_id)
    if version is None:
        return None
    return PublicConvention(
        title=version.title,
        number=version.number,
        adopted_at=version.adopted_at,
        sections=tuple(
            PublicSection(
                section=text.section.value,
                label=models.CONVENTION_SECTION_LABELS[text.section],
                body=text.body,
            )
            for text in sections
        ),
    )


async def _page_of(ctx: Context, building_id: int) -> PublicPage | None:
    cache = ctx.services.public_pages
    page: PublicPage | None = cache.get(building_id)
    if page is not None:
        return page
    building = await models.OrgNode.get_or_none(
        id=building_id, level=models.OrgLevel.BUILDING, archived=False
    )
    if building is None:
        return None
    page = await _assemble(building)
    cache.put(building.id, building.path, page)
    return page


async def _spend(ctx: Context) -> None:
    limits = ctx.services.rate_limits
    await spend_or_refuse(limits, PUBLIC_PER_ADDRESS, client_address(ctx), message_key=TOO_MANY)


async def public_building(ctx: Context, qr_token: str) -> PublicPage | None:
    """The page of the building whose current QR code holds `qr_token`; null for any other
    token (unknown, rotated, malformed: the same answer)."""
    if not TOKEN_SHAPE.fullmatch(qr_token):
        return None
    await _spend(ctx)
    code = await models.BuildingQrToken.get_or_none(token=qr_token)
    if code is None:
        return None
    return await _page_of(ctx, code.building_id)


async def public_building_by_id(ctx: Context, global_id: str) -> PublicPage | None:
    """The page of a building by its id; null for any other id (missing, archived, not a
    building, malformed)."""
    try:
        type_name, pk = decode_global_id(global_id)
    except Invalid:
        return None
    if type_name != "OrgNode":
        return None
    await _spend(ctx)
    return await _page_of(ctx, pk)
