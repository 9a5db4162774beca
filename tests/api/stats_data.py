"""A small street built by hand for the figures tests (test_stats.py): its own subtree beside
the demo's, so that every expected number is counted here, not read back from the seed.

    S 统计街道
    ├── C1 一社区 (deadline rule: DEMAND resolved within 100 hours)
    │   ├── G1 一网格 ── B1 (+ a case raised at G1 itself)
    │   └── G2 二网格 ── B2
    └── C2 二社区
        └── G3 三网格 ── B3

Times are local (Asia/Shanghai) and March 2026 is the range the tests ask for.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import models
from models import CaseKind as K
from models import CaseStatus as S
from models import OrgLevel, Role

SH = ZoneInfo("Asia/Shanghai")
_serial = count(1)


def local(text: str) -> datetime:
    """'2026-03-02 10:00' in Shanghai."""
    return datetime.fromisoformat(text).replace(tzinfo=SH)


@dataclass
class Street:
    nodes: dict[str, models.OrgNode] = field(default_factory=dict)
    residents: dict[str, models.Resident] = field(default_factory=dict)


async def node(
    street: Street, key: str, level: OrgLevel, parent: str | None, name: str
) -> models.OrgNode:
    up = street.nodes[parent] if parent else None
    row = await models.OrgNode.create(
        name=name, level=level, parent_id=up.id if up else None, path="pending"
    )
    row.path = models.child_path(up.path if up else None, row.id)
    await row.save(update_fields=["path"])
    street.nodes[key] = row
    return row


async def user(username: str, role: Role, at: models.OrgNode | None) -> None:
    """An account with the demo password (the admin's hash) and one grant."""
    admin = await models.User.get(username="admin")
    account = await models.User.create(
        username=username, display_name=username, password_hash=admin.password_hash
    )
    await models.RoleGrant.create(user=account, role=role, node_id=at.id if at else None)


def community_of(street: Street, key: str) -> models.OrgNode:
    building = street.nodes[key]
    for name in ("C1", "C2"):
        if building.path.startswith(street.nodes[name].path):
            return street.nodes[name]
    raise AssertionError(key)


async def case(
    street: Street,
    at: str,
    kind: K,
    status: S,
    created: str,
    *,
    accepted: str | None = None,
    resolved: str | None = None,
    rating: int | None = None,
) -> models.Case:
    where = street.nodes[at]
    community = street.nodes["C1"] if at == "G1" else community_of(street, at)
    return await models.Case.create(
        kind=kind,
        status=status,
        title=f"case {next(_serial)}",
        description="-",
        node=where,
        node_path=where.path,
        community=community,
        reporter_name="x",
        rating=rating,
        created_at=local(created),
        accepted_at=local(accepted) if accepted else None,
        resolved_at=local(resolved) if resolved else None,
    )


async def build_tree(street: Street) -> None:
    await node(street, "S", OrgLevel.STREET, None, "统计街道")
    await node(street, "C1", OrgLevel.COMMUNITY, "S", "一社区")
    await node(street, "C2", OrgLevel.COMMUNITY, "S", "二社区")
    await node(street, "G1", OrgLevel.GRID, "C1", "一网格")
    await node(street, "G2", OrgLevel.GRID, "C1", "二网格")
    await node(street, "G3", OrgLevel.GRID, "C2", "三网格")
    await node(street, "B1", OrgLevel.BUILDING, "G1", "1栋")
    await node(street, "B2", OrgLevel.BUILDING, "G2", "2栋")
    await node(street, "B3", OrgLevel.BUILDING, "G3", "3栋")


async def build_cases(street: Street) -> None:
    await models.CaseDeadline.create(
        community=street.nodes["C1"], kind=K.DEMAND, category="", accept_hours=24,
        resolve_hours=100,
    )  # fmt: skip
    # 1: 24 h, on time; rated 5
    await case(street, "B1", K.DEMAND, S.VERIFIED, "2026-03-02 10:00",
               accepted="2026-03-02 12:00", resolved="2026-03-03 12:00", rating=5)  # fmt: skip
    # 2: 96 h: late by the default 72 h, on time by C1's rule of 100 h; rated 3
    await case(street, "B1", K.DEMAND, S.RATED, "2026-03-05 09:00",
               accepted="2026-03-05 10:00", resolved="2026-03-09 10:00", rating=3)  # fmt: skip
    # 3: a hazard being handled
    await case(street, "B1", K.HAZARD, S.CLAIMED, "2026-03-06 09:00", accepted="2026-03-06 10:00")
    # 4: a dispute mediated in 24 h; rated 4
    await case(street, "B1", K.DISPUTE, S.VERIFIED, "2026-03-07 09:00",
               accepted="2026-03-07 09:00", resolved="2026-03-08 09:00", rating=4)  # fmt: skip
    # 5: a hazard fixed in 20 h, not rated
    await case(street, "B2", K.HAZARD, S.RESOLVED, "2026-03-09 00:00",
               accepted="2026-03-09 00:00", resolved="2026-03-09 20:00")  # fmt: skip
    # 6: waiting
    await case(street, "B3", K.DEMAND, S.SUBMITTED, "2026-03-10 08:00")
    # 7: submitted in February, resolved on 1 March at 07:30 local (still 28 February in UTC)
    await case(street, "B1", K.DEMAND, S.VERIFIED, "2026-02-28 23:30",
               accepted="2026-03-01 01:00", resolved="2026-03-01 07:30", rating=4)  # fmt: skip
    # 8: a minute before the range ends (local), and 30 s after it (1 April, still 31 March UTC)
    await case(street, "B2", K.DEMAND, S.SUBMITTED, "2026-03-31 23:59")
    await case(street, "B2", K.DEMAND, S.SUBMITTED, "2026-04-01 00:00:30")
    # 9: raised at the grid itself
    await case(street, "G1", K.DEMAND, S.SUBMITTED, "2026-03-12 10:00")
    # 10: 96 h in C2, which keeps the default 72 h: late; rated 5
    await case(street, "B3", K.DEMAND, S.VERIFIED, "2026-03-11 09:00",
               accepted="2026-03-11 10:00", resolved="2026-03-15 10:00", rating=5)  # fmt: skip
    # 11: resolved, then sent back by a low rating (CLAIMED again): not resolved
    await case(street, "B2", K.DEMAND, S.CLAIMED, "2026-03-02 08:00",
               accepted="2026-03-02 09:00", resolved="2026-03-03 09:00", rating=None)  # fmt: skip


async def build_people(street: Street) -> None:
    async def household(at: str, number: str, active: bool = True) -> models.Household:
        b = street.nodes[at]
        return await models.Household.create(
            building=b, building_path=b.path, number=number, active=active
        )

    async def resident(key: str, home: models.Household, active: bool = True) -> None:
        street.residents[key] = await models.Resident.create(
            household=home, name=f"居民{key}", active=active
        )

    h1, h2 = await household("B1", "1-101"), await household("B1", "1-102", active=False)
    h3, h4 = await household("B2", "2-101"), await household("B3", "3-101")
    await resident("r1", h1)
    await resident("r4", h1)
    await resident("r5", h2)  # an inactive household: not counted
    await resident("r6", h3)
    await resident("r7", h3, active=False)  # moved away: not counted
    await resident("r2", h4)
    await resident("r3", h4)
    for key in ("r1", "r6"):
        await models.PartyMember.create(
            resident=street.residents[key], kind=models.PartyMemberKind.RETIRED_CADRE
        )
    for key in ("r4", "r6", "r5"):
        await models.ResidentTagLink.create(
            resident=street.residents[key], tag=models.ResidentTag.ELDER_LIVING_ALONE
        )


async def build_volunteering(street: Street) -> None:
    rule = await models.PointRule.create(
        node=street.nodes["C1"], code="V01", category=models.RuleCategory.VOLUNTEERING,
        description="楼道清扫", points=10,
    )  # fmt: skip

    async def served(at: str, who: str, minutes: int, out: str) -> None:
        where = street.nodes[at]
        ends = local(out)
        activity = await models.Activity.create(
            node=where, node_path=where.path, title="清扫", description="-", place="-",
            starts_at=ends - timedelta(hours=3), ends_at=ends, capacity=10, rule=rule,
            status=models.ActivityStatus.CLOSED, qr_token=f"stats-{next(_serial)}",
        )  # fmt: skip
        await models.ActivitySignUp.create(
            activity=activity, node_path=where.path, resident=street.residents[who],
            status=models.SignUpStatus.CHECKED_OUT, checked_out_at=ends, minutes=minutes,
        )  # fmt: skip

    await served("B1", "r1", 120, "2026-03-03 11:00")
    await served("B2", "r1", 60, "2026-03-20 11:00")  # the same person in another grid
    await served("B3", "r2", 60, "2026-03-04 11:00")
    await served("B1", "r3", 90, "2026-04-01 00:10")  # after the range (local)

    async def entry(at: str, amount: int, source: models.PointSource, when: str,
                    reverses: models.PointEntry | None = None) -> models.PointEntry:  # fmt: skip
        where = street.nodes[at]
        return await models.PointEntry.create(
            kind=models.PointKind.VOLUNTEER, resident=street.residents["r1"], node=where,
            node_path=where.path, amount=amount, reason="-", source=source, at=local(when),
            reverses=reverses,
        )  # fmt: skip

    P = models.PointSource
    await entry("B1", 10, P.ACTIVITY, "2026-03-03 11:00")
    manual = await entry("B1", 5, P.MANUAL, "2026-03-05 10:00")
    await entry("B1", -5, P.CORRECTION, "2026-03-06 10:00", reverses=manual)
    spent = await entry("B1", -8, P.REDEMPTION, "2026-03-10 10:00")
    await entry("B1", 8, P.CORRECTION, "2026-03-11 10:00", reverses=spent)  # cancelled
    await entry("B3", -6, P.REDEMPTION, "2026-03-12 10:00")
    await entry("B2", 15, P.CASE, "2026-03-09 21:00")
    await entry("B1", 100, P.MANUAL, "2026-04-01 00:00")  # after the range (local)


async def build_alerts(street: Street) -> None:
    """Open alerts: B1 one raised (the grid's only) and one escalated; B2 one escalated and
    acknowledged since; B1 one closed (not open)."""
    S_ = models.AlertStatus

    async def alert(at: str, who: str, status: models.AlertStatus, escalated: bool) -> None:
        where, elder = street.nodes[at], street.residents[who]
        device = await models.Device.create(
            uid=f"stats-device-{next(_serial)}", kind=models.DeviceKind.DOOR_SENSOR,
            resident=elder, building=where, building_path=where.path, secret_salt="x" * 32,
        )  # fmt: skip
        raised = local("2026-03-20 08:00")
        await models.Alert.create(
            kind=models.AlarmKind.FALL, status=status, device=device, resident=elder,
            node=where, node_path=where.path, raised_at=raised,
            deadline_at=raised + timedelta(minutes=15),
            escalated_at=raised + timedelta(minutes=15) if escalated else None,
        )  # fmt: skip

    await alert("B1", "r4", S_.RAISED, escalated=False)
    await alert("B1", "r4", S_.ESCALATED, escalated=True)
    await alert("B1", "r4", S_.CLOSED, escalated=True)
    await alert("B2", "r6", S_.ACKNOWLEDGED, escalated=True)


async def build_street() -> Street:
    street = Street()
    await build_tree(street)
    await build_cases(street)
    await build_people(street)
    await build_volunteering(street)
    await build_alerts(street)
    n = street.nodes
    await user("stats_street", Role.STREET_ADMIN, n["S"])
    await user("stats_c1", Role.COMMUNITY_ADMIN, n["C1"])
    await user("stats_g1", Role.GRID_LEADER, n["G1"])
    await user("stats_b1", Role.BUILDING_LEADER, n["B1"])
    await user("stats_vol", Role.VOLUNTEER, n["G1"])
    await user("stats_auditor", Role.AUDITOR, n["S"])
    return street
