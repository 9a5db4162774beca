"""One DataLoader per `<thing>_by_<key>`, new for every request.

A loader that can reach a row outside the viewer's scope filters it in SQL with the same
`policies.authorizer` filter as the single-row read, so an out-of-scope relation comes back null.
The unscoped ones say on their line why they cannot cross a scope boundary.
"""

from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import TypeVar

from strawberry.dataloader import DataLoader
from tortoise.expressions import Q

import models
from policies.authorizer import (
    Viewer,
    readable_grants_filter,
    readable_households_filter,
    readable_nodes_filter,
)

K = TypeVar("K")
V = TypeVar("V")


def _and(base: Q, scope: Q | None) -> Q:
    return base if scope is None else Q(base, scope)


def _aligned(rows: list[V], keys: list[int], key_of: Callable[[V], int]) -> list[V | None]:
    by_key = {key_of(row): row for row in rows}
    return [by_key.get(key) for key in keys]


def _grouped(rows: list[V], keys: list[int], key_of: Callable[[V], int]) -> list[list[V]]:
    grouped: dict[int, list[V]] = defaultdict(list)
    for row in rows:
        grouped[key_of(row)].append(row)
    return [grouped.get(key, []) for key in keys]


def _loader(load_fn: Callable[[list[K]], Awaitable[list[V]]]) -> DataLoader[K, V]:
    return DataLoader(load_fn=load_fn)


class Loaders:
    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer
        # Scoped: nodes the viewer reads (their subtrees, and the ancestors above as breadcrumbs),
        # archived ones included as `node(id)` does. A parent, an ancestor, a volunteer team's
        # node or a grant's node is always among them; a reportsTo or centralHousehold may not be.
        self.org_node_by_id: DataLoader[int, models.OrgNode | None] = _loader(self._org_nodes)
        # Unscoped on purpose, and asked only for the node a readable case, household or title
        # stands at: reading the row includes knowing where it is (its non-null `node` or
        # `building`), even when that lies outside the viewer's org scope (a case they reported
        # or were assigned, a household linked to their central household in the next
        # building). Its parent, ancestors and children go through the scoped loaders.
        self.anchor_node_by_id: DataLoader[int, models.OrgNode | None] = _loader(self._anchor_nodes)
        # Unscoped: asked for a readable grant's holder (readable by definition) and for the
        # users named on a readable case (assignee, event actors), part of its record.
        self.user_by_id: DataLoader[int, models.User | None] = _loader(self._users)
        # Scoped: the children the viewer reads, archived ones left out.
        self.children_by_parent_id: DataLoader[int, list[models.OrgNode]] = _loader(self._children)
        # Scoped: the viewer's own grants, and those at nodes in their user-read scope.
        self.grants_by_user_id: DataLoader[int, list[models.RoleGrant]] = _loader(self._grants)
        # Scoped as `get_resident`: a party member's or title holder's record, or null.
        self.resident_by_id: DataLoader[int, models.Resident | None] = _loader(self._residents)
        # Scoped, both: active members whose records the viewer reads.
        self.members_by_household_id: DataLoader[int, list[models.Resident]] = _loader(
            self._members
        )
        self.members_by_team_id: DataLoader[int, list[models.Resident]] = _loader(
            self._team_members
        )
        # Unscoped: asked only for residents the viewer already reads.
        self.tags_by_resident_id: DataLoader[int, list[models.ResidentTag]] = _loader(self._tags)
        # Unscoped: the profile of a resident the viewer already reads.
        self.party_member_by_resident_id: DataLoader[int, models.PartyMember | None] = _loader(
            self._party_members
        )
        # Unscoped: asked only for cases the viewer already reads.
        self.events_by_case_id: DataLoader[int, list[models.CaseEvent]] = _loader(self._events)
        # Unscoped: asked only for cases the viewer already reads.
        self.attachments_by_case_id: DataLoader[int, list[models.CaseAttachment]] = _loader(
            self._attachments
        )
        # Unscoped: who keeps in touch with a member the viewer already reads, part of its record.
        self.contact_persons_by_member_id: DataLoader[int, list[models.User]] = _loader(
            self._contact_persons
        )
        # Unscoped: asked only for party members the viewer already reads.
        self.contact_logs_by_member_id: DataLoader[int, list[models.ContactLog]] = _loader(
            self._contact_logs
        )

    async def _org_nodes(self, keys: list[int]) -> list[models.OrgNode | None]:
        condition = _and(Q(id__in=keys), readable_nodes_filter(self.viewer))
        return _aligned(await models.OrgNode.filter(condition), keys, lambda row: row.id)

    async def _anchor_nodes(self, keys: list[int]) -> list[models.OrgNode | None]:
        return _aligned(await models.OrgNode.filter(id__in=keys), keys, lambda row: row.id)

    async def _users(self, keys: list[int]) -> list[models.User | None]:
        return _aligned(await models.User.filter(id__in=keys), keys, lambda row: row.id)

    async def _children(self, keys: list[int]) -> list[list[models.OrgNode]]:
        condition = _and(Q(parent_id__in=keys, archived=False), readable_nodes_filter(self.viewer))
        rows = await models.OrgNode.filter(condition).order_by("id")
        return _grouped(rows, keys, lambda row: row.parent_id or 0)

    async def _grants(self, keys: list[int]) -> list[list[models.RoleGrant]]:
        condition = _and(
            Q(user_id__in=keys, revoked_at__isnull=True), readable_grants_filter(self.viewer)
        )
        rows = await models.RoleGrant.filter(condition).order_by("id")
        return _grouped(rows, keys, lambda row: row.user_id)

    async def _residents(self, keys: list[int]) -> list[models.Resident | None]:
        condition = _and(Q(id__in=keys), readable_households_filter(self.viewer, "household__"))
        rows = await models.Resident.filter(condition).select_related("household__building")
        return _aligned(rows, keys, lambda row: row.id)

    async def _members(self, keys: list[int]) -> list[list[models.Resident]]:
        condition = _and(
            Q(household_id__in=keys, active=True),
            readable_households_filter(self.viewer, "household__"),
        )
        rows = (
            await models.Resident.filter(condition)
            .select_related("household__building")
            .order_by("id")
        )
        return _grouped(rows, keys, lambda row: row.household_id)

    async def _team_members(self, keys: list[int]) -> list[list[models.Resident]]:
        condition = _and(
            Q(team_id__in=keys, resident__active=True),
            readable_households_filter(self.viewer, "resident__household__"),
        )
        links = (
            await models.VolunteerTeamMember.filter(condition)
            .select_related("resident__household__building")
            .order_by("resident_id")
        )
        grouped = _grouped(links, keys, lambda link: link.team_id)
        return [[link.resident for link in group] for group in grouped]

    async def _tags(self, keys: list[int]) -> list[list[models.ResidentTag]]:
        rows = await models.ResidentTagLink.filter(resident_id__in=keys).order_by("tag")
        grouped = _grouped(rows, keys, lambda row: row.resident_id)
        return [[link.tag for link in links] for links in grouped]

    async def _party_members(self, keys: list[int]) -> list[models.PartyMember | None]:
        rows = await models.PartyMember.filter(resident_id__in=keys)
        return _aligned(rows, keys, lambda row: row.resident_id)

    async def _contact_persons(self, keys: list[int]) -> list[list[models.User]]:
        links = await models.MobileContactPerson.filter(member_id__in=keys).select_related("user")
        grouped = _grouped(links, keys, lambda link: link.member_id)
        return [[link.user for link in group] for group in grouped]

    async def _contact_logs(self, keys: list[int]) -> list[list[models.ContactLog]]:
        rows = await models.ContactLog.filter(member_id__in=keys).order_by("-contacted_on", "-id")
        return _grouped(rows, keys, lambda row: row.member_id)

    async def _events(self, keys: list[int]) -> list[list[models.CaseEvent]]:
        rows = await models.CaseEvent.filter(case_id__in=keys).order_by("id")
        return _grouped(rows, keys, lambda row: row.case_id)

    async def _attachments(self, keys: list[int]) -> list[list[models.CaseAttachment]]:
        rows = await models.CaseAttachment.filter(case_id__in=keys).order_by("id")
        return _grouped(rows, keys, lambda row: row.case_id)
