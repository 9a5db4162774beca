"""A small district built from a plan that hypothesis draws, for the scope property test
(test_scope_property.py): the database rows, written with the models directly (the API would be
slow), and the same district as the test sees it, with parents it keeps itself. Subtrees are
moved through the API, and the test's tree with them."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hypothesis import strategies as st
from tortoise import Tortoise
from tortoise.exceptions import IntegrityError

import models
from app.seed_people import make_id_number
from models import CaseKind, CaseStatus, OrgLevel, Role
from resolvers.ids import encode_global_id
from tests.helpers import Api

LEVELS = [OrgLevel.STREET, OrgLevel.COMMUNITY, OrgLevel.GRID, OrgLevel.BUILDING]
# "granted at" in domain.md; None: any node.
GRANTED_AT: dict[Role, OrgLevel | None] = {
    Role.STREET_ADMIN: OrgLevel.STREET,
    Role.COMMUNITY_ADMIN: OrgLevel.COMMUNITY,
    Role.GRID_LEADER: OrgLevel.GRID,
    Role.BUILDING_LEADER: OrgLevel.BUILDING,
    Role.CENTRAL_HOUSEHOLD: OrgLevel.CENTRAL_HOUSEHOLD,
    Role.VOLUNTEER: None,
    Role.AUDITOR: None,
}
STAFF_ROLES = list(GRANTED_AT)


# ------------------------------------------------------------------ the plan hypothesis draws

Building = tuple[bool, tuple[int, ...]]  # (has a central household, residents per household)


@dataclass(frozen=True)
class Plan:
    """Choices are indices, resolved modulo the candidates when the district is built."""

    streets: tuple[tuple[tuple[tuple[Building, ...], ...], ...], ...]
    links: tuple[int | None, ...]  # per household: a central household of its grid, or none
    accounts: tuple[tuple[tuple[Role, int], ...] | int, ...]  # staff grants, or a resident
    cases: tuple[tuple[int, CaseKind, CaseStatus, int | None, int | None], ...]
    teams: tuple[tuple[int, int | None, tuple[int, ...]], ...]
    members: tuple[tuple[int, bool, int, tuple[int, ...]], ...]  # resident, mobile, reportsTo
    titles: tuple[tuple[int, bool], ...]  # resident, at the grid (else the building)
    moves: tuple[tuple[OrgLevel, int, int], ...]


def _building() -> st.SearchStrategy[Building]:
    sizes = st.lists(st.integers(1, 2), min_size=1, max_size=2).map(tuple)
    return st.tuples(st.booleans(), sizes)


def _some(inner: st.SearchStrategy[Any], most: int) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(inner, min_size=1, max_size=most).map(tuple)


CHOICE = st.integers(0, 50)
GRANT = st.tuples(st.sampled_from(STAFF_ROLES), CHOICE)
PLANS = st.builds(
    Plan,
    streets=st.tuples(*[_some(_some(_some(_building(), 2), 2), 2)] * 2),
    links=st.lists(st.none() | CHOICE, max_size=12).map(tuple),
    accounts=st.lists(_some(GRANT, 2) | CHOICE, min_size=2, max_size=5).map(tuple),
    cases=st.lists(
        st.tuples(
            CHOICE,
            st.sampled_from(CaseKind),
            st.sampled_from([CaseStatus.SUBMITTED, CaseStatus.ACCEPTED, CaseStatus.CLAIMED]),
            st.none() | CHOICE,
            st.none() | CHOICE,
        ),
        max_size=4,
    ).map(tuple),
    teams=st.lists(
        st.tuples(CHOICE, st.none() | CHOICE, st.lists(CHOICE, max_size=2).map(tuple)),
        max_size=2,
    ).map(tuple),
    members=st.lists(
        st.tuples(
            CHOICE, st.booleans(), st.integers(0, 2), st.lists(CHOICE, max_size=2).map(tuple)
        ),
        max_size=3,
    ).map(tuple),
    titles=st.lists(st.tuples(CHOICE, st.booleans()), max_size=2).map(tuple),
    moves=st.lists(
        st.tuples(
            st.sampled_from(
                [OrgLevel.COMMUNITY, OrgLevel.GRID, OrgLevel.BUILDING, OrgLevel.CENTRAL_HOUSEHOLD]
            ),
            CHOICE,
            CHOICE,
        ),
        max_size=2,
    ).map(tuple),
)


# ------------------------------------------------------------------ the world as this test sees it


@dataclass
class World:
    """Everything built, keyed by database id, with parents kept by the test itself."""

    level: dict[int, OrgLevel] = field(default_factory=dict)
    parent: dict[int, int | None] = field(default_factory=dict)
    households: dict[int, tuple[int, int | None]] = field(default_factory=dict)  # building, ch
    residents: dict[int, int] = field(default_factory=dict)  # household
    resident_user: dict[int, int] = field(default_factory=dict)
    phones: dict[str, int] = field(default_factory=dict)  # phone -> resident
    id_numbers: dict[str, int] = field(default_factory=dict)
    users: list[int] = field(default_factory=list)
    grants: dict[int, tuple[int, Role, int | None]] = field(default_factory=dict)
    cases: dict[int, "Ticket"] = field(default_factory=dict)
    reporter_phones: dict[str, int] = field(default_factory=dict)  # phone -> case
    teams: dict[int, int] = field(default_factory=dict)  # node
    members: dict[int, tuple[int, int | None, tuple[int, ...]]] = field(default_factory=dict)
    titles: dict[int, tuple[int, int]] = field(default_factory=dict)  # node, resident
    tokens: dict[str, int] = field(default_factory=dict)  # "~N12~" -> id of what it names

    def ancestors(self, node: int) -> list[int]:
        chain: list[int] = []
        up = self.parent[node]
        while up is not None:
            chain.insert(0, up)
            up = self.parent[up]
        return chain

    def under(self, node: int, top: int) -> bool:
        return node == top or top in self.ancestors(node)

    def path(self, node: int) -> str:
        return "/" + "".join(f"{n}/" for n in [*self.ancestors(node), node])

    def of_level(self, level: OrgLevel) -> list[int]:
        return sorted(n for n, lv in self.level.items() if lv is level)

    def community_of(self, node: int) -> int | None:
        found = [n for n in [*self.ancestors(node), node] if self.level[n] is OrgLevel.COMMUNITY]
        return found[0] if found else None

    def building_of(self, resident: int) -> int:
        return self.households[self.residents[resident]][0]


@dataclass(frozen=True)
class Ticket:
    node: int
    kind: CaseKind
    status: CaseStatus
    reporter: int | None
    assignee: int | None
    actors: tuple[int, ...]


def pick(items: list[int], choice: int) -> int | None:
    return items[choice % len(items)] if items else None


# ------------------------------------------------------------------ building it


class Builder:
    def __init__(self) -> None:
        self.world = World()
        self.counter = 0

    def token(self, kind: str, owner: int) -> str:
        self.counter += 1
        token = f"~{kind}{self.counter}~"
        self.world.tokens[token] = owner
        return token

    async def build(self, plan: Plan) -> World:
        w = self.world
        await self._tree(plan)
        await self._people(plan)
        await self._accounts(plan)
        await self._cases(plan)
        await self._teams(plan)
        await self._members(plan)
        await self._titles(plan)
        return w

    async def _tree(self, plan: Plan) -> None:
        w, next_id = self.world, 1
        rows: list[models.OrgNode] = []
        households: list[models.Household] = []

        def node(level: OrgLevel, parent: int | None) -> int:
            nonlocal next_id
            pk, next_id = next_id, next_id + 1
            w.level[pk], w.parent[pk] = level, parent
            rows.append(
                models.OrgNode(
                    id=pk, name=self.token("N", pk), level=level, parent_id=parent, path=w.path(pk)
                )
            )
            return pk

        for communities in plan.streets:
            street = node(OrgLevel.STREET, None)
            for grids in communities:
                community = node(OrgLevel.COMMUNITY, street)
                for buildings in grids:
                    grid = node(OrgLevel.GRID, community)
                    for has_central, sizes in buildings:
                        building = node(OrgLevel.BUILDING, grid)
                        if has_central:
                            node(OrgLevel.CENTRAL_HOUSEHOLD, building)
                        for size in sizes:
                            pk = len(households) + 1
                            w.households[pk] = (building, None)
                            households.append(
                                models.Household(
                                    id=pk,
                                    building_id=building,
                                    building_path=w.path(building),
                                    number=self.token("H", pk),
                                )
                            )
                            w.residents.update({len(w.residents) + 1 + i: pk for i in range(size)})
        await models.OrgNode.bulk_create(rows)
        # Links: a central household of the household's grid, as createHousehold allows.
        for household, choice in zip(households, plan.links, strict=False):
            if choice is None:
                continue
            its_grid = w.parent[household.building_id]
            assert its_grid is not None
            centrals = [c for c in w.of_level(OrgLevel.CENTRAL_HOUSEHOLD) if w.under(c, its_grid)]
            household.central_household_id = pick(centrals, choice)
            w.households[household.id] = (household.building_id, household.central_household_id)
        await models.Household.bulk_create(households)

    async def _people(self, plan: Plan) -> None:
        w = self.world
        rows = []
        for pk, household in w.residents.items():
            phone, number = f"139{pk:08d}", make_id_number(date(1950, 1, 1), pk, pk % 2 == 0)
            w.phones[phone], w.id_numbers[number] = pk, pk
            rows.append(
                models.Resident(
                    id=pk, household_id=household, name=self.token("R", pk), phone=phone,
                    id_number=number, birth_date=date(1950, 1, 1),
                )
            )  # fmt: skip
        await models.Resident.bulk_create(rows)

    async def _accounts(self, plan: Plan) -> None:
        w = self.world
        users, grants = [], []
        everything = sorted(w.level)
        for index, account in enumerate(plan.accounts):
            pk = index + 1
            users.append(
                models.User(
                    id=pk, username=f"user{pk}", display_name=self.token("U", pk),
                    password_hash="not-a-hash",
                )
            )  # fmt: skip
            w.users.append(pk)
            if isinstance(account, int):  # a resident's own account, at their building
                resident = pick(sorted(w.residents), account)
                assert resident is not None
                w.resident_user[resident] = pk
                held = [(Role.RESIDENT, w.building_of(resident))]
            else:
                held = []
                for role, choice in account:
                    level = GRANTED_AT[role]
                    node = pick(everything if level is None else w.of_level(level), choice)
                    if node is not None and (role, node) not in held:
                        held.append((role, node))
            for role, node in held:
                grant = len(w.grants) + 1
                w.grants[grant] = (pk, role, node)
                grants.append(models.RoleGrant(id=grant, user_id=pk, role=role, node_id=node))
        await models.User.bulk_create(users)
        await models.RoleGrant.bulk_create(grants)
        for resident, user in w.resident_user.items():
            await models.Resident.filter(id=resident).update(user_id=user)

    async def _cases(self, plan: Plan) -> None:
        w = self.world
        cases, events = [], []
        for index, (where, kind, status, reporter_choice, assignee_choice) in enumerate(plan.cases):
            pk = index + 1
            node = pick(w.of_level(OrgLevel.BUILDING), where)
            assert node is not None
            reporter = None if reporter_choice is None else pick(w.users, reporter_choice)
            assignee = None
            if status is CaseStatus.CLAIMED and assignee_choice is not None:
                assignee = pick(w.users, assignee_choice)
            phone = f"137{pk:08d}"
            w.reporter_phones[phone] = pk
            community = w.community_of(node)
            assert community is not None
            cases.append(
                models.Case(
                    id=pk, kind=kind, status=status, title=self.token("C", pk), description="",
                    node_id=node, node_path=w.path(node), community_id=community,
                    reporter_user_id=reporter,
                    reporter_name=self.token("P", pk), reporter_phone=phone, assignee_id=assignee,
                )
            )  # fmt: skip
            steps: list[tuple[CaseStatus | None, CaseStatus, int | None]] = [
                (None, CaseStatus.SUBMITTED, reporter)
            ]
            if status is not CaseStatus.SUBMITTED:
                steps.append((CaseStatus.SUBMITTED, CaseStatus.ACCEPTED, None))
            if status is CaseStatus.CLAIMED:
                steps.append((CaseStatus.ACCEPTED, CaseStatus.CLAIMED, assignee))
            for before, after, actor in steps:
                events.append(
                    models.CaseEvent(
                        case_id=pk, from_status=before, to_status=after, actor_id=actor
                    )
                )
            actors = tuple(actor for _, _, actor in steps if actor is not None)
            w.cases[pk] = Ticket(node, kind, status, reporter, assignee, actors)
        await models.Case.bulk_create(cases)
        await models.CaseEvent.bulk_create(events)

    async def _teams(self, plan: Plan) -> None:
        w = self.world
        residents = sorted(w.residents)
        places = [n for n in sorted(w.level) if w.level[n] is not OrgLevel.CENTRAL_HOUSEHOLD]
        for index, (where, leader_choice, member_choices) in enumerate(plan.teams):
            node = pick(places, where)
            assert node is not None
            local = [r for r in residents if w.under(w.building_of(r), node)]
            leader = None if leader_choice is None else pick(local, leader_choice)
            team = await models.VolunteerTeam.create(
                id=index + 1, node_id=node, name=self.token("T", index + 1), leader_id=leader
            )
            w.teams[team.id] = node
            chosen = {pick(local, c) for c in member_choices} | {leader}
            for resident in sorted(r for r in chosen if r is not None):
                await models.VolunteerTeamMember.create(team_id=team.id, resident_id=resident)

    async def _members(self, plan: Plan) -> None:
        w = self.world
        residents = sorted(w.residents)
        for index, (who, mobile, reports, contact_choices) in enumerate(plan.members):
            resident = pick(residents, who)
            assert resident is not None
            if any(m[0] == resident for m in w.members.values()):
                continue
            ancestors = w.ancestors(w.building_of(resident))  # street, community, grid
            reports_to = None if reports == 0 else ancestors[-reports]
            contacts = tuple(sorted({u for c in contact_choices if (u := pick(w.users, c))}))
            kind = models.PartyMemberKind.MOBILE if mobile else models.PartyMemberKind.IN_SERVICE
            member = await models.PartyMember.create(
                id=index + 1, resident_id=resident, kind=kind, reports_to_id=reports_to
            )
            w.members[member.id] = (resident, reports_to, contacts)
            for user in contacts:
                await models.MobileContactPerson.create(member_id=member.id, user_id=user)

    async def _titles(self, plan: Plan) -> None:
        w = self.world
        residents = sorted(w.residents)
        for index, (who, at_grid) in enumerate(plan.titles):
            resident = pick(residents, who)
            assert resident is not None
            building = w.building_of(resident)
            node = w.parent[building] if at_grid else building
            assert node is not None
            if (node, resident) in w.titles.values():
                continue
            kind = models.TitleKind.GRID_WORKER if at_grid else models.TitleKind.BUILDING_HEAD
            await models.Title.create(id=index + 1, node_id=node, resident_id=resident, kind=kind)
            w.titles[index + 1] = (node, resident)


MOVE = """
mutation($id: ID!, $parent: ID!) {
  moveOrgNode(id: $id, newParentId: $parent) { orgNode { id } errors { code message } }
}
"""


async def move_subtrees(api: Api, token: str, world: World, plan: Plan) -> None:
    """The plan's moves through the API (as a system admin); the test moves its own tree too."""
    for level, which, where in plan.moves:
        node = pick(world.of_level(level), which)
        if node is None:
            continue
        parent_level = LEVELS[LEVELS.index(level) - 1] if level in LEVELS else OrgLevel.BUILDING
        parents = [p for p in world.of_level(parent_level) if p != world.parent[node]]
        parent = pick(parents, where)
        if parent is None:
            continue
        response = await api.post(
            MOVE,
            {
                "id": encode_global_id("OrgNode", node),
                "parent": encode_global_id("OrgNode", parent),
            },
            token=token,
        )
        errors = response.json()["data"]["moveOrgNode"]["errors"]
        # A move the rules refuse (say, one that would strand a link) is no leak: skip it.
        assert all(e["code"] in ("INVALID", "CONFLICT") for e in errors), response.text
        if not errors:
            world.parent[node] = parent
    paths = dict(await models.OrgNode.all().values_list("id", "path"))
    assert paths == {node: world.path(node) for node in world.level}, "moved paths differ"
    # The copies the scope filters read moved with the tree (models.refresh_copied_paths).
    for copy, key in ((models.Case, "node"), (models.Household, "building")):
        copied = await copy.all().values_list(f"{key}_path", f"{key}__path")
        assert all(mine == source for mine, source in copied), f"stale {copy.__name__} path"


async def empty_database() -> None:
    """Delete every row the previous example left (children before parents, nodes upwards);
    the audit trail is append-only (PostgreSQL refuses to delete from it) and stays."""
    kept = {models.AuditRecord, models.AuditHead}
    pending = [model for model in Tortoise.apps["models"].values() if model not in kept]
    for _ in range(len(pending) + 1):
        left = []
        for model in pending:
            try:
                if model is models.OrgNode:
                    for level in reversed(models.LEVEL_ORDER):
                        await models.OrgNode.filter(level=level).delete()
                else:
                    await model.all().delete()
            except IntegrityError:
                left.append(model)
        pending = left
        if not pending:
            return
    raise AssertionError(f"cannot empty {pending}")
