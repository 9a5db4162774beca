"""Deterministic households, residents, party members, titles, teams and mobile members."""

import random
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any, TypeVar

from tortoise.models import Model

import models
from resolvers.validation import id_check_char

M = TypeVar("M", bound=Model)

REGION = "520302"  # 红花岗区
PLEDGES = [
    "每月走访楼栋独居老人不少于两次",
    "带头清理楼道杂物，保持消防通道畅通",
    "为邻里提供水电维修志愿服务",
    "调解邻里矛盾，当好楼栋和事佬",
    "每周参加一次楼栋环境卫生整治",
    "帮助困难群众办理代办事项",
]
CITIES = ["广州", "深圳", "上海", "杭州", "贵阳", "重庆", "成都", "东莞", "宁波", "苏州"]
EMPLOYERS = ["建筑公司", "电子厂", "物流公司", "餐饮店", "汽车配件厂", "家政服务公司"]
PARTY_KINDS = [
    (models.PartyMemberKind.IN_SERVICE, 50),
    (models.PartyMemberKind.RETIRED_CADRE, 25),
    (models.PartyMemberKind.VETERAN, 10),
    (models.PartyMemberKind.MOBILE, 15),
]


def make_id_number(born: date, seq: int, male: bool) -> str:
    """A valid GB 11643 number: region, birth date, sequence (odd for men), check digit."""
    order = seq * 2 + (1 if male else 0)
    first17 = f"{REGION}{born:%Y%m%d}{order % 1000:03d}"
    return first17 + id_check_char(first17)


def make_phone(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


class PeopleBuilder:
    def __init__(self, rng: random.Random, today: date, name_of: Callable[[random.Random], str]):
        self.rng = rng
        self.today = today
        self.name_of = name_of
        self.households: list[models.Household] = []
        self.residents: list[models.Resident] = []
        self.tags: list[models.ResidentTagLink] = []
        self.party: list[models.PartyMember] = []
        self.building_of_household: dict[int, models.OrgNode] = {}
        self._sequences: dict[date, int] = {}

    def add_households(
        self, building: models.OrgNode, count: int, central: Sequence[models.OrgNode]
    ) -> list[models.Household]:
        rows = []
        for index in range(count):
            unit, rest = divmod(index, 24)
            floor, room = divmod(rest, 4)
            row = models.Household(
                id=len(self.households) + 1,
                building_id=building.id,
                building_path=building.path,
                number=f"{unit + 1}-{floor + 1}{room + 1:02d}",
                central_household_id=central[index % len(central)].id if central else None,
            )
            self.households.append(row)
            self.building_of_household[row.id] = building
            rows.append(row)
        return rows

    def add_resident(self, household: models.Household, grid: models.OrgNode) -> models.Resident:
        rng = self.rng
        born = self.today - timedelta(days=rng.randrange(3 * 365, 92 * 365))
        male = rng.random() < 0.5
        seq = self._sequences.get(born, 0)
        self._sequences[born] = seq + 1
        row = models.Resident(
            id=len(self.residents) + 1,
            household_id=household.id,
            name=self.name_of(rng),
            gender=models.Gender.MALE if male else models.Gender.FEMALE,
            birth_date=born,
            phone=make_phone(rng) if rng.random() < 0.85 else None,
            id_number=make_id_number(born, seq, male),
        )
        self.residents.append(row)
        age = (self.today - born).days // 365
        if age >= 70 and rng.random() < 0.2:
            self._tag(row, models.ResidentTag.ELDER_LIVING_ALONE)
        if age < 16 and rng.random() < 0.05:
            self._tag(row, models.ResidentTag.CHILD_LEFT_BEHIND)
        if rng.random() < 0.03:
            self._tag(row, models.ResidentTag.LOW_INCOME)
        if rng.random() < 0.02:
            self._tag(row, models.ResidentTag.DISABLED)
        if age >= 18 and rng.random() < 0.08:
            self._add_party_member(row, grid, age)
        return row

    def _tag(self, resident: models.Resident, tag: models.ResidentTag) -> None:
        self.tags.append(models.ResidentTagLink(resident_id=resident.id, tag=tag))

    def _add_party_member(self, resident: models.Resident, grid: models.OrgNode, age: int) -> None:
        rng = self.rng
        kind = rng.choices([k for k, _ in PARTY_KINDS], [w for _, w in PARTY_KINDS])[0]
        if age < 55 and kind is models.PartyMemberKind.RETIRED_CADRE:
            kind = models.PartyMemberKind.IN_SERVICE
        if kind is models.PartyMemberKind.VETERAN:
            self._tag(resident, models.ResidentTag.VETERAN)
        mobile = kind is models.PartyMemberKind.MOBILE
        self.party.append(
            models.PartyMember(
                id=len(self.party) + 1,
                resident_id=resident.id,
                kind=kind,
                reports_to_id=grid.id,
                pledge=rng.choice(PLEDGES),
                show_publicly=rng.random() < 0.7,
                work_city=rng.choice(CITIES) if mobile else "",
                employer=rng.choice(EMPLOYERS) if mobile else "",
            )
        )


def split_evenly(total: int, parts: int) -> list[int]:
    """How many children each of `parts` parents gets, so that a level's total is `total`."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


async def bulk_insert(
    rows: Sequence[M], batch_size: int, progress: Callable[[int], object] | None
) -> None:
    for start in range(0, len(rows), batch_size):
        batch = rows[start : start + batch_size]
        await type(batch[0]).bulk_create(list(batch))
        if progress:
            progress(len(batch))


async def write_phase(
    phase: str,
    tables: Sequence[Sequence[Model]],
    progress: Callable[[int], object] | None,
    planned: Callable[[str, int], object] | None,
    batch_size: int | None = None,
) -> None:
    """Write a phase's rows table by table, in this order, in batches (None: a table at once):
    `planned` hears how many rows the phase writes first, `progress` each batch written."""
    if planned:
        planned(phase, sum(len(rows) for rows in tables))
    for rows in tables:
        if rows:
            await bulk_insert(rows, batch_size or len(rows), progress)


async def next_id(model: type[Model]) -> int:
    """The id after the table's highest (the seed gives ids, so rows can name each other)."""
    row = await model.all().order_by("-id").first()
    return int(row.pk) + 1 if row is not None else 1


def build_people(
    levels: dict[models.OrgLevel, list[models.OrgNode]],
    households: int,
    residents: int,
    rng: random.Random,
    name_of: Callable[[random.Random], str],
    today: date,
) -> PeopleBuilder:
    people = PeopleBuilder(rng, today, name_of)
    buildings = levels[models.OrgLevel.BUILDING]
    central_by_building: dict[int, list[models.OrgNode]] = {}
    for node in levels[models.OrgLevel.CENTRAL_HOUSEHOLD]:
        central_by_building.setdefault(node.parent_id or 0, []).append(node)
    grids = {node.id: node for node in levels[models.OrgLevel.GRID]}
    made: list[tuple[models.Household, models.OrgNode]] = []
    for building, count in zip(buildings, split_evenly(households, len(buildings)), strict=True):
        grid = grids[building.parent_id or 0]
        for household in people.add_households(
            building, count, central_by_building.get(building.id, [])
        ):
            made.append((household, grid))
    for (household, grid), count in zip(made, split_evenly(residents, len(made)), strict=True):
        for _ in range(count):
            people.add_resident(household, grid)
    return people


def titles_and_teams(
    levels: dict[models.OrgLevel, list[models.OrgNode]], people: PeopleBuilder
) -> tuple[list[models.Title], list[models.VolunteerTeam], list[models.VolunteerTeamMember]]:
    """楼栋长 and 红管家 per building, 网格员 per grid, 兼职委员 and a team per community."""
    by_building: dict[int, list[models.Resident]] = {}
    for resident in people.residents:
        building = people.building_of_household[resident.household_id]
        by_building.setdefault(building.id, []).append(resident)
    party_ids = {member.resident_id for member in people.party}
    titles: list[models.Title] = []
    for building in levels[models.OrgLevel.BUILDING]:
        living = by_building.get(building.id, [])
        if not living:
            continue
        titles.append(
            models.Title(
                node_id=building.id, resident_id=living[0].id, kind=models.TitleKind.BUILDING_HEAD
            )
        )
        steward = next((r for r in living if r.id in party_ids), None)
        if steward is not None:
            titles.append(
                models.Title(
                    node_id=building.id, resident_id=steward.id, kind=models.TitleKind.RED_STEWARD
                )
            )
    first_resident_below: dict[int, models.Resident] = {}
    for building in levels[models.OrgLevel.BUILDING]:
        if building.id in by_building:
            for ancestor in building.ancestor_ids:
                first_resident_below.setdefault(ancestor, by_building[building.id][-1])

    def title_below(node: models.OrgNode, kind: models.TitleKind) -> None:
        """`kind` held at `node` by the first resident below it, if any."""
        if node.id in first_resident_below:
            resident_id = first_resident_below[node.id].id
            titles.append(models.Title(node_id=node.id, resident_id=resident_id, kind=kind))

    for grid in levels[models.OrgLevel.GRID]:
        title_below(grid, models.TitleKind.GRID_WORKER)
    teams: list[models.VolunteerTeam] = []
    members: list[models.VolunteerTeamMember] = []
    buildings_by_community: dict[int, list[models.OrgNode]] = {}
    for building in levels[models.OrgLevel.BUILDING]:
        buildings_by_community.setdefault(building.ancestor_ids[1], []).append(building)
    for community in levels[models.OrgLevel.COMMUNITY]:
        # One volunteer from each of the community's first twelve buildings.
        residents_here = [
            by_building[b.id][0]
            for b in buildings_by_community.get(community.id, [])
            if by_building.get(b.id)
        ][:12]
        title_below(community, models.TitleKind.PART_TIME_COMMITTEE_MEMBER)
        team = models.VolunteerTeam(
            id=len(teams) + 1,
            node_id=community.id,
            name=f"{community.name}红色代办志愿服务队",
            leader_id=residents_here[0].id if residents_here else None,
        )
        teams.append(team)
        members.extend(
            models.VolunteerTeamMember(team_id=team.id, resident_id=r.id) for r in residents_here
        )
    return titles, teams, members


def contact_logs(people: PeopleBuilder, rng: random.Random) -> list[models.ContactLog]:
    logs: list[models.ContactLog] = []
    for member in people.party:
        if member.kind is not models.PartyMemberKind.MOBILE:
            continue
        for _ in range(rng.randrange(0, 4)):
            logs.append(
                models.ContactLog(
                    member_id=member.id,
                    contacted_on=people.today - timedelta(days=rng.randrange(1, 120)),
                    channel=rng.choice(list(models.ContactChannel)),
                    note="了解务工近况，传达社区党组织通知",
                    material_sent=rng.choice(["", "党的二十大报告学习材料", "主题教育读本"]),
                )
            )
    return logs


async def seed_people(
    levels: dict[models.OrgLevel, list[models.OrgNode]],
    people: PeopleBuilder,
    batch_size: int,
    progress: Callable[[int], object] | None,
    planned: Callable[[str, int], object] | None = None,
) -> tuple[dict[str, int], dict[int, models.Resident]]:
    """Writes the `people` built for the tree's `levels` (`build_people`), with their titles,
    teams and contact logs. Counts written, and each building's first resident (who reports
    its seeded cases)."""
    titles, teams, members = titles_and_teams(levels, people)
    logs = contact_logs(people, people.rng)
    tables: list[tuple[str, Sequence[Any]]] = [
        ("households", people.households),
        ("residents", people.residents),
        ("resident_tags", people.tags),
        ("party_members", people.party),
        ("titles", titles),
        ("volunteer_teams", teams),
        ("team_members", members),
        ("contact_logs", logs),
    ]
    await write_phase("people", [rows for _, rows in tables], progress, planned, batch_size)
    first: dict[int, models.Resident] = {}
    for resident in people.residents:
        first.setdefault(people.building_of_household[resident.household_id].id, resident)
    return {name: len(rows) for name, rows in tables}, first
