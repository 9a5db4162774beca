"""Demo notices (公告, 公示) at every level, the notices of the published points notices, and a
party group leader (楼栋党小组组长) per building (issue 13). A few dozen rows for the demo.

Each street and community posts a current announcement; communities also a public notice (公示)
that expired and one scheduled ahead; a third of the grids and buildings post one of their
own, some expired, some scheduled. Consents (`show_publicly`) and pledges of party members are
seeded with the people (app/seed_people.py).
"""

import random
from datetime import datetime, timedelta

import models
from app.seed_people import write_phase
from app.seed_stage import Stage
from models.workflows import notices as workflow

GENERAL = models.NoticeKind.GENERAL
PUBLIC = models.NoticeKind.PUBLIC_NOTICE
TEXTS: dict[models.OrgLevel, list[tuple[models.NoticeKind, str, str]]] = {
    models.OrgLevel.STREET: [
        (GENERAL, "关于开展冬季消防安全大排查的通知", "请各社区组织楼栋长、红管家对楼道杂物、"
         "电动车充电进行排查，发现隐患及时上报。"),
    ],
    models.OrgLevel.COMMUNITY: [
        (GENERAL, "社区“邻里互助日”活动通知", "本周六上午九点在社区广场举办邻里互助日，"
         "欢迎居民参加义诊、理发、家电维修等便民服务。"),
        (PUBLIC, "社区服务事项清单公示", "经居民议事会商议，拟定本年度社区服务事项，"
         "公示期内如有意见请向社区党委反映。"),
        (PUBLIC, "老旧小区改造方案公示", "改造方案已张贴于社区公告栏，欢迎居民提出意见建议。"),
    ],
    models.OrgLevel.GRID: [
        (GENERAL, "网格停水通知", "因管网维修，本网格周三9:00至17:00停水，请提前储水。"),
        (GENERAL, "网格议事会召开通知", "本月议事会讨论楼道照明和垃圾分类点位，欢迎居民参加。"),
    ],
    models.OrgLevel.BUILDING: [
        (GENERAL, "楼道清洁志愿活动", "本周日上午开展楼道清洁，请各户清理楼道堆放物品。"),
        (GENERAL, "电梯年检通知", "本楼电梯周五上午年检，期间暂停使用，请合理安排出行。"),
        (PUBLIC, "楼栋公约修订意见征集", "楼栋公约修订稿已张贴在一楼大厅，请各户提出意见。"),
    ],
}  # fmt: skip


def _notice(
    node: models.OrgNode,
    kind: models.NoticeKind,
    title: str,
    body: str,
    published_at: datetime,
    expires_at: datetime | None,
    by: int | None,
) -> models.Notice:
    return models.Notice(
        node_id=node.id, node_path=node.path, kind=kind, title=title, body=body,
        published_at=published_at, expires_at=expires_at, created_by_id=by,
    )  # fmt: skip


def build_notices(
    levels: dict[models.OrgLevel, list[models.OrgNode]],
    rng: random.Random,
    now: datetime,
    by: int | None,
) -> list[models.Notice]:
    rows: list[models.Notice] = []
    for street in levels[models.OrgLevel.STREET]:
        kind, title, body = TEXTS[models.OrgLevel.STREET][0]
        rows.append(_notice(street, kind, title, body, now - timedelta(days=10), None, by))
    for community in levels[models.OrgLevel.COMMUNITY]:
        texts = TEXTS[models.OrgLevel.COMMUNITY]
        rows.append(
            _notice(community, *texts[0], now - timedelta(days=3), now + timedelta(days=30), by)
        )
        # expired: a public notice whose period is over
        rows.append(
            _notice(community, *texts[1], now - timedelta(days=40), now - timedelta(days=33), by)
        )
        # scheduled: published in a week
        rows.append(
            _notice(community, *texts[2], now + timedelta(days=7), now + timedelta(days=14), by)
        )
    for level in (models.OrgLevel.GRID, models.OrgLevel.BUILDING):
        for n, node in enumerate(levels[level]):
            if n % 3:
                continue
            kind, title, body = rng.choice(TEXTS[level])
            shape = (n // 3) % 3  # current, expired, scheduled in turn
            start = now + timedelta(days=(-2, -20, 3)[shape], hours=rng.randrange(24))
            end = start + timedelta(days=(10, 5, 10)[shape])
            rows.append(_notice(node, kind, title, body, start, end, by))
    return rows  # fmt: skip


async def seed_notices(
    stage: Stage,
) -> dict[str, int]:
    notices = build_notices(stage.levels, stage.rng, stage.end, stage.admin_id)
    for points in await models.PointsNotice.all().order_by("id"):
        notices.append(
            models.Notice(
                **workflow.points_notice_values(
                    points.node_id, points.node_path, points.title, points.published_at,
                    points.id, points.published_by_id,
                )
            )
        )  # fmt: skip
    leaders = await _party_group_leaders(stage.levels[models.OrgLevel.BUILDING])
    await write_phase("notices", (notices, leaders), stage.progress, stage.planned)
    return {"notices": len(notices), "party_group_leaders": len(leaders)}


async def _party_group_leaders(buildings: list[models.OrgNode]) -> list[models.Title]:
    """Each building's party group leader: its second party member (the first is usually its
    red steward), else its only one."""
    rows = (
        await models.PartyMember.filter(resident__active=True)
        .order_by("resident_id")
        .values_list("resident_id", "resident__household__building_id")
    )
    members: dict[int, list[int]] = {}
    for resident_id, building_id in rows:
        members.setdefault(building_id, []).append(resident_id)
    titles: list[models.Title] = []
    for building in buildings:
        here = members.get(building.id, [])
        if here:
            leader = here[1] if len(here) > 1 else here[0]
            titles.append(
                models.Title(
                    node_id=building.id,
                    resident_id=leader,
                    kind=models.TitleKind.PARTY_GROUP_LEADER,
                )
            )
    return titles
