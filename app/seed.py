"""Deterministic demo and load data, modelled on the Zunyi source pages."""

import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from tortoise import Tortoise

import models
from app.seed_activities import seed_activities
from app.seed_alerts import seed_alerts
from app.seed_cases import seed_cases
from app.seed_evaluations import seed_evaluations
from app.seed_meetings import seed_meetings
from app.seed_notices import seed_notices
from app.seed_people import build_people, seed_people, split_evenly
from app.seed_points import seed_points
from app.seed_redemption import ROWS_PER_COMMUNITY, seed_redemption
from app.seed_stage import Stage
from app.seed_topics import seed_topics
from resolvers.passwords import make_hasher

DEMO_PASSWORD = "loudong-demo"
CENTRAL_HOUSEHOLDS_PER_BUILDING = 2


@dataclass(frozen=True)
class Preset:
    streets: int
    communities: int
    grids: int
    buildings: int
    households: int
    residents: int
    cases: int
    point_entries: int

    @property
    def estimates(self) -> dict[str, int]:
        """Roughly how many rows each phase writes, until `seed` reports the exact number."""
        nodes = self.streets + self.communities + self.grids + self.buildings * 3
        return {
            "tree": nodes,
            "people": self.households + int(self.residents * 1.25),
            "cases": self.cases * 5,
            "activities": self.communities * 36 * 9,
            # six campaigns per community (app/seed_evaluations.py), about 40 rows each
            "evaluations": self.communities * 6 * 40,
            "redemption": self.communities * ROWS_PER_COMMUNITY,
            "points": self.point_entries,
            # Topics (议题, issue 13): eight per community with steps, supports and follows
            "topics": self.communities * 80,
            # notices and party group leaders (app/seed_notices.py)
            "notices": self.streets + self.communities * 3 + self.grids // 3 + self.buildings,
            # meetings (issue 13): a few meetings, dozens of service items, conventions
            "meetings": self.communities * 200,
            # elder care (issue 14): a dozen devices and eight alerts per community
            "alerts": self.communities * 20,
        }

    @property
    def rows(self) -> int:
        """Roughly how many rows a seed writes."""
        return sum(self.estimates.values())


PRESETS = {
    "demo": Preset(2, 4, 12, 60, households=1_200, residents=3_000, cases=300, point_entries=5_000),
    "district": Preset(
        10,
        60,
        500,
        5_000,
        households=100_000,
        residents=250_000,
        cases=50_000,
        point_entries=500_000,
    ),
    "city": Preset(
        150,
        900,
        7_500,
        75_000,
        households=1_500_000,
        residents=3_750_000,
        cases=750_000,
        point_entries=7_500_000,
    ),
}

STREETS = [
    "老城", "万里路", "中华路", "南门关", "延安路", "中山路", "北京路", "舟水桥", "长征",
    "忠庄", "南关", "新蒲", "礼仪", "海龙", "巷口", "金鼎山", "深溪", "高坪", "新舟", "虾子",
]  # fmt: skip
COMMUNITIES = [
    "纪念馆", "丁字口", "石龙路", "碧云", "沙坝", "凤凰", "杨柳", "大兴", "捞沙巷", "红军街",
    "子尹路", "湘江", "桃源", "金桥", "滨江", "玉屏", "龙泉", "官井", "白杨", "青杠坡",
]  # fmt: skip
COMPOUNDS = [
    "阳光", "和平", "幸福", "锦绣", "翠苑", "东风", "红花", "湘山", "桂花", "山水",
    "怡景", "兴隆", "紫荆", "书香", "金色", "康乐", "丽都", "铜锣", "雅居", "春晖",
]  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"  # noqa: E501
GIVEN = "建国秀英桂兰志强永红德明文华玉梅海燕国庆春花晓东丽娟明辉小平淑珍光荣秋菊红梅家乐思远雨欣"
NUMERALS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    if n < 20:
        return "十" + (NUMERALS[n - 11] if n > 10 else "")
    tens, ones = divmod(n, 10)
    return NUMERALS[tens - 1] + "十" + (NUMERALS[ones - 1] if ones else "")


def person_name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return rng.choice(SURNAMES) + given


def unique_names(names: Iterator[str]) -> Iterator[str]:
    """Sibling names are unique: repeat a name with a number after it."""
    seen: dict[str, int] = {}
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        yield name if seen[name] == 1 else f"{name}{seen[name]}"


class TreeBuilder:
    """Builds nodes with ids assigned here, so paths are known before the insert."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.next_id = 1
        self.levels: dict[models.OrgLevel, list[models.OrgNode]] = {}

    def add_level(
        self,
        level: models.OrgLevel,
        parents: Sequence[models.OrgNode | None],
        counts: list[int],
        name_for: Callable[[models.OrgNode | None, int], str],
    ) -> list[models.OrgNode]:
        rows: list[models.OrgNode] = []
        for parent, count in zip(parents, counts, strict=True):
            names = unique_names(name_for(parent, i) for i in range(1, count + 1))
            for name in names:
                node_id = self.next_id
                self.next_id += 1
                rows.append(
                    models.OrgNode(
                        id=node_id,
                        name=name,
                        level=level,
                        parent_id=parent.id if parent else None,
                        path=models.child_path(parent.path if parent else None, node_id),
                    )
                )
        self.levels[level] = rows
        return rows


def build_tree(preset: Preset, rng: random.Random) -> TreeBuilder:
    level = models.OrgLevel
    # Level by level, top down: the name of a parent's i-th child, and how many nodes in all
    # (spread evenly over the level above).
    names: dict[models.OrgLevel, Callable[[models.OrgNode | None, int], str]] = {
        level.STREET: lambda _, i: STREETS[(i - 1) % len(STREETS)] + "街道",
        level.COMMUNITY: lambda _, i: rng.choice(COMMUNITIES) + "社区",
        level.GRID: lambda _, i: f"第{chinese_number(i)}网格",
        level.BUILDING: lambda _, i: f"{rng.choice(COMPOUNDS)}小区{rng.randint(1, 30)}栋",
        level.CENTRAL_HOUSEHOLD: lambda _, i: person_name(rng) + "党员中心户",
    }
    totals = {
        level.STREET: preset.streets,
        level.COMMUNITY: preset.communities,
        level.GRID: preset.grids,
        level.BUILDING: preset.buildings,
    }
    tree = TreeBuilder(rng)
    parents: Sequence[models.OrgNode | None] = [None]
    for at, name_for in names.items():
        total = totals.get(at, CENTRAL_HOUSEHOLDS_PER_BUILDING * len(parents))
        parents = tree.add_level(at, parents, split_evenly(total, len(parents)), name_for)
    return tree


# Demo accounts per street: (username stem, role, level of the node it is granted at).
DEMO_ACCOUNTS: list[tuple[str, models.Role, models.OrgLevel]] = [
    ("street", models.Role.STREET_ADMIN, models.OrgLevel.STREET),
    ("community", models.Role.COMMUNITY_ADMIN, models.OrgLevel.COMMUNITY),
    ("grid", models.Role.GRID_LEADER, models.OrgLevel.GRID),
    ("building", models.Role.BUILDING_LEADER, models.OrgLevel.BUILDING),
    ("household", models.Role.CENTRAL_HOUSEHOLD, models.OrgLevel.CENTRAL_HOUSEHOLD),
    ("volunteer", models.Role.VOLUNTEER, models.OrgLevel.GRID),
    ("resident", models.Role.RESIDENT, models.OrgLevel.BUILDING),
    ("auditor", models.Role.AUDITOR, models.OrgLevel.STREET),
]


def first_in(nodes: list[models.OrgNode], under: models.OrgNode) -> models.OrgNode:
    return next(node for node in nodes if node.path.startswith(under.path))


async def reset_sequence(table: str) -> None:
    """After rows were inserted with explicit ids, PostgreSQL's sequence continues past them."""
    connection = Tortoise.get_connection("default")
    if connection.capabilities.dialect == "postgres":
        await connection.execute_script(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
        )


async def database_is_empty() -> bool:
    return not await models.OrgNode.exists()


class SeedRefused(Exception):
    """The database already holds data."""


async def seed(
    preset_name: str,
    *,
    seed_value: int = 1,
    password: str = DEMO_PASSWORD,
    password_profile: str = "RFC_9106_LOW_MEMORY",
    progress: Callable[[int], object] | None = None,
    planned: Callable[[str, int], object] | None = None,
    batch_size: int = 2_000,
    as_of: date | None = None,
) -> dict[str, int]:
    """Fill an empty database; returns how many rows of each kind were written.

    `progress(n)` follows each batch inserted; `planned(phase, rows)` tells, once a phase's rows
    are made and before they are written, exactly how many it writes (the phases of
    `Preset.estimates`), so a progress bar's total becomes exact.

    The data ends on `as_of` (default today, UTC), so deadlines and "overdue" mean what they
    would on a live system; the same seed value and day give the same data."""
    day = as_of or datetime.now(UTC).date()
    if not await database_is_empty():
        raise SeedRefused("The database already holds an organisation tree; seed refused.")
    preset = PRESETS[preset_name]
    rng = random.Random(seed_value)
    tree = build_tree(preset, rng)
    if planned:
        planned("tree", sum(len(rows) for rows in tree.levels.values()))
    written: dict[str, int] = {}
    for level, rows in tree.levels.items():
        for start in range(0, len(rows), batch_size):
            await models.OrgNode.bulk_create(rows[start : start + batch_size])
            if progress:
                progress(len(rows[start : start + batch_size]))
        written[level.value] = len(rows)
    people = build_people(tree.levels, preset.households, preset.residents, rng, person_name, day)
    counts, first_residents = await seed_people(tree.levels, people, batch_size, progress, planned)
    written |= counts
    for table in SEEDED_WITH_IDS:
        await reset_sequence(table)
    written["users"] = await _seed_users(tree, password, password_profile)
    stage = Stage(
        levels=tree.levels,
        users=await _user_scopes(),
        admin_id=(await models.User.get(username="admin")).id,
        rng=rng,
        day=day,
        batch_size=batch_size,
        progress=progress,
        planned=planned,
    )
    written |= await seed_cases(stage, preset.cases, first_residents)
    await reset_sequence("cases")
    # Rules and a year of deeds first: activities, evaluations and redemption build on them.
    written |= await seed_points(
        stage, people.residents, people.building_of_household, preset.point_entries
    )
    written |= await seed_activities(stage)
    for table in ("point_rule", "activity", "point_entry"):
        await reset_sequence(table)
    written |= await seed_evaluations(stage)
    written |= await seed_redemption(stage)
    for table in REDEMPTION_TABLES:
        await reset_sequence(table)
    # meetings (issue 13)
    written |= await seed_meetings(stage)
    # Topics (议题, issue 13)
    written |= await seed_topics(stage)
    for table in TOPIC_TABLES:
        await reset_sequence(table)
    # Notices (公告, 公示) and party group leaders (issue 13), last: it draws
    # from the generator after the meetings' and topics' seeds.
    written |= await seed_notices(stage)
    # elder care (issue 14): devices and alerts, after everything else (it draws last)
    written |= await seed_alerts(stage)
    await reset_sequence("device")
    return written


async def _user_scopes() -> dict[str, tuple[int, str]]:
    rows = await models.RoleGrant.all().values_list("user__username", "user_id", "node__path")
    return {name: (uid, path or "/") for name, uid, path in rows}


REDEMPTION_TABLES = [
    "point_entry", "redemption_good", "redemption", "dividend", "redemption_stock_change",
    "dividend_line",
]  # fmt: skip
# Topics (议题, issue 13): the seed assigns the topics' ids (merged topics name their target).
TOPIC_TABLES = ["topic"]
# Tables whose ids the seed assigns itself (so PostgreSQL's sequences must catch up).
SEEDED_WITH_IDS = ["org_node", "household", "resident", "party_member", "volunteer_team"]


async def _seed_users(tree: TreeBuilder, password: str, password_profile: str) -> int:
    # Every demo account shares the password, so one (slow, salted) hash serves them all.
    password_hash = make_hasher(password_profile).hash(password)
    admin = await models.User.create(
        username="admin", display_name="系统管理员", password_hash=password_hash
    )
    await models.RoleGrant.create(user=admin, role=models.Role.SYSTEM_ADMIN, node=None)
    streets = tree.levels[models.OrgLevel.STREET]
    for number, street in enumerate(streets[:2], start=1):
        for stem, role, level in DEMO_ACCOUNTS:
            node = (
                street if level is models.OrgLevel.STREET else first_in(tree.levels[level], street)
            )
            user = await models.User.create(
                username=f"{stem}{number}",
                display_name=f"{node.name} {role.value.lower().replace('_', ' ')}",
                password_hash=password_hash,
            )
            await models.RoleGrant.create(user=user, role=role, node_id=node.id, granted_by=admin)
            await _link_demo_account(user, role, node)
    return 1 + len(DEMO_ACCOUNTS) * min(2, len(streets))


async def _link_demo_account(user: models.User, role: models.Role, node: models.OrgNode) -> None:
    """resident1 lives in the first household of its building; grid1 keeps in touch with the
    mobile party members of its grid."""
    if role is models.Role.RESIDENT:
        resident = (
            await models.Resident.filter(household__building_id=node.id).order_by("id").first()
        )
        if resident is not None:
            resident.user_id = user.id
            await resident.save(update_fields=["user_id"])
    elif role is models.Role.GRID_LEADER:
        mobile = await models.PartyMember.filter(
            reports_to_id=node.id, kind=models.PartyMemberKind.MOBILE
        )
        await models.MobileContactPerson.bulk_create(
            [models.MobileContactPerson(member_id=member.id, user_id=user.id) for member in mobile]
        )
