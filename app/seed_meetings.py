"""Demo deliberation (议事, issue 13), per community: a community council (社区议事会) that agreed
the community's service items (服务事项, a few dozen) with recorded votes, building councils
(楼栋议事会) that adopted two versions of their building's convention (楼栋公约) for the first
buildings, an open draft of a third, a steward roundtable (楼栋管家圆桌会) held with its minutes,
and a grid council (小区议事会) still to come. Driven through models/workflows/meetings.py and
conventions.py (statuses, quorum, pass rule); a few hundred rows per community at most."""

import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import models
from app.seed_stage import Stage
from models.workflows import conventions as convention_rules
from models.workflows import meetings as workflow

BUILDINGS_WITH_CONVENTIONS = 3  # per community
ATTENDEES = 8  # residents invited to each meeting (a quorum is present)
C = models.ServiceCategory
SERVICES: list[tuple[models.ServiceCategory, str, str]] = [
    (C.ELDERLY, "独居老人每周探访", "党员中心户每周上门探望独居老人一次"),
    (C.ELDERLY, "老年人助餐服务", "社区食堂为70岁以上老人提供优惠午餐"),
    (C.ELDERLY, "代购代办", "红色代办队为行动不便的老人代购药品和生活用品"),
    (C.ELDERLY, "适老化改造咨询", "为高龄老人家庭提供扶手、防滑等改造建议"),
    (C.ELDERLY, "健康手环预警响应", "手环报警后十分钟内楼栋管家上门"),
    (C.CHILDREN, "四点半课堂", "放学后为双职工家庭子女提供看护和作业辅导"),
    (C.CHILDREN, "暑期托管班", "暑假期间开展托管和兴趣活动"),
    (C.CHILDREN, "留守儿童结对帮扶", "党员与留守儿童一对一结对"),
    (C.HEALTH, "家庭医生签约", "社区卫生服务站上门签约家庭医生"),
    (C.HEALTH, "慢病随访", "高血压、糖尿病患者每月随访"),
    (C.HEALTH, "义诊进楼栋", "每季度组织义诊进楼栋"),
    (C.EMPLOYMENT, "就业岗位推送", "每周在楼栋群推送招聘信息"),
    (C.EMPLOYMENT, "技能培训报名", "组织家政、电工等技能培训"),
    (C.EMPLOYMENT, "创业贷款政策咨询", "为返乡创业人员解读贷款政策"),
    (C.CONVENIENCE, "水电维修预约", "楼栋管家登记，物业两日内上门维修"),
    (C.CONVENIENCE, "便民理发", "每月一次志愿者义务理发"),
    (C.CONVENIENCE, "证件代办", "协助办理居住证、社保卡等"),
    (C.CONVENIENCE, "快递代收", "社区服务站代收快递"),
    (C.CONVENIENCE, "租房信息登记", "为出租和求租居民登记撮合"),
    (C.ENVIRONMENT, "楼道杂物清理", "每月组织一次楼道清理"),
    (C.ENVIRONMENT, "垃圾分类指导", "志愿者定点指导垃圾分类"),
    (C.ENVIRONMENT, "绿化认领", "居民认领楼前绿地养护"),
    (C.SAFETY, "消防器材检查", "每季度检查楼道灭火器和消防栓"),
    (C.SAFETY, "电动车充电管理", "集中充电桩，禁止入户充电"),
    (C.SAFETY, "夜间巡逻", "平安志愿者夜间巡逻"),
    (C.SAFETY, "防诈骗宣传", "每月开展防诈骗宣传进楼栋"),
    (C.CULTURE, "广场舞队", "每周二、四晚在小区广场活动"),
    (C.CULTURE, "道德讲堂", "每月一次身边好人事迹分享"),
    (C.CULTURE, "邻里节", "每年举办邻里节和百家宴"),
    (C.LEGAL, "法律咨询", "律师每月驻点提供免费咨询"),
    (C.LEGAL, "矛盾纠纷调解", "调解员上门调解邻里纠纷"),
    (C.LEGAL, "普法讲座", "每季度一次普法讲座"),
]
S = models.ConventionSection
CONVENTION: dict[models.ConventionSection, list[str]] = {
    S.RESPECT_ELDERS: ["尊敬老人，关爱儿童。", "邻里老人有困难，主动搭把手。"],
    S.NEIGHBOURLY_HELP: ["邻里之间互帮互助，遇事多商量。", "新住户入住，楼栋长上门走访。"],
    S.PUBLIC_MORALITY: ["不在楼道内吸烟。", "晚十点后不制造噪音。"],
    S.HYGIENE: ["不在楼道堆放杂物。", "垃圾分类投放，不高空抛物。"],
    S.DOG_KEEPING: ["遛狗拴绳，及时清理粪便。", "犬只办证并按时免疫。"],
}
# What each later version adds, section by section.
REVISIONS: list[dict[models.ConventionSection, list[str]]] = [
    {S.FIRE_SAFETY: ["电动车不进楼道、不入户充电。"], S.HYGIENE: ["每月第一个周六为楼道清洁日。"]},
    {
        S.PARKING: ["车辆停放在划线车位内，不占用消防通道。"],
        S.DOG_KEEPING: ["大型犬出门佩戴嘴套。"],
    },
]


async def seed_meetings(
    stage: Stage,
) -> dict[str, int]:
    written: dict[str, int] = defaultdict(int)
    buildings: dict[str, list[models.OrgNode]] = defaultdict(list)
    for building in stage.levels[models.OrgLevel.BUILDING]:
        buildings[_community_path(building.path)].append(building)
    grids: dict[str, list[models.OrgNode]] = defaultdict(list)
    for grid in stage.levels[models.OrgLevel.GRID]:
        grids[_community_path(grid.path)].append(grid)
    chosen = [b.id for group in buildings.values() for b in group[:ATTENDEES]]
    residents: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for start in range(0, len(chosen), 2_000):
        rows = await models.Resident.filter(
            household__building_id__in=chosen[start : start + 2_000], active=True
        ).values_list("id", "name", "household__building_id")
        for pk, name, building_id in sorted(rows):
            if len(residents[building_id]) < ATTENDEES:
                residents[building_id].append((int(pk), str(name)))
    for community in stage.levels[models.OrgLevel.COMMUNITY]:
        convener = _convener(stage.users, community.path)
        group = buildings[community.path]
        invitees = [r for b in group[:ATTENDEES] for r in residents.get(b.id, [])[:1]]
        counts = await _community_council(community, invitees, convener, stage.rng, stage.end)
        for index, building in enumerate(group[:BUILDINGS_WITH_CONVENTIONS]):
            drafter = _drafter(stage.users, building.path, convener)
            counts += await _conventions(
                building,
                residents.get(building.id, []),
                convener,
                drafter,
                index,
                stage.rng,
                stage.end,
            )
        if group:
            counts += await _roundtable(
                group[0], residents.get(group[0].id, []), convener, stage.end
            )
        for grid in grids[community.path][:1]:
            counts += await _meeting(
                grid, models.MeetingType.GRID_COUNCIL, f"{grid.name}小区议事会",
                stage.end + timedelta(days=7), convener, [], [],
                ["电动车充电桩选址", "小区停车秩序"],
            )  # fmt: skip
        written["meetings"] += counts
        if stage.progress:
            stage.progress(counts)
    if stage.planned:
        stage.planned("meetings", sum(written.values()))
    return dict(written)


def _community_path(path: str) -> str:
    ids = models.path_ids(path)
    return models.PATH_SEPARATOR + models.PATH_SEPARATOR.join(map(str, ids[:2])) + "/"


def _convener(users: dict[str, tuple[int, str]], path: str) -> int | None:
    staff = sorted(
        uid for name, (uid, grant) in users.items()
        if grant.startswith(path) and name.startswith(("community", "building", "grid"))
    )  # fmt: skip
    admin = users.get("admin")
    return staff[0] if staff else (admin[0] if admin else None)


def _drafter(users: dict[str, tuple[int, str]], path: str, convener: int | None) -> int | None:
    """The building's leader drafts its conventions; never the convener, who decides their
    adoption (nobody decides the adoption of their own draft): none then."""
    leaders = sorted(
        uid for name, (uid, grant) in users.items()
        if grant.startswith(path) and name.startswith("building")
    )  # fmt: skip
    return next((uid for uid in leaders if uid != convener), None)


async def _meeting(
    node: models.OrgNode,
    type: models.MeetingType,
    title: str,
    starts_at: datetime,
    convener: int | None,
    invitees: Sequence[tuple[int, str]],
    parties: Sequence[tuple[models.AttendeeKind, str, str]],
    agenda: Sequence[str],
    *,
    held: bool = False,
    minutes: str = "",
) -> int:
    """A meeting with its agenda and attendees (all present when held); the rows written."""
    status = models.MeetingStatus.SCHEDULED
    held_at = closed_at = None
    if held:
        status = workflow.next_status(workflow.Step.HOLD, status)
        held_at = starts_at
        if minutes:
            status = workflow.next_status(workflow.Step.CLOSE, status)
            closed_at = starts_at + timedelta(hours=2)
    meeting = await models.Meeting.create(
        node_id=node.id, node_path=node.path, type=type, title=title, starts_at=starts_at,
        place=f"{node.name}党群服务站", status=status, convened_by_id=convener, held_at=held_at,
        closed_at=closed_at, minutes=minutes, minutes_by_id=convener if minutes else None,
        minutes_at=closed_at,
    )  # fmt: skip
    await models.MeetingAgendaItem.bulk_create(
        [
            models.MeetingAgendaItem(meeting_id=meeting.id, position=i, text=text)
            for i, text in enumerate(agenda, start=1)
        ]
    )
    attendees = [
        models.MeetingAttendee(
            meeting_id=meeting.id, kind=models.AttendeeKind.RESIDENT,
            subject_key=f"resident:{pk}", name=name, resident_id=pk, present=held,
        )
        for pk, name in invitees
    ] + [
        models.MeetingAttendee(
            meeting_id=meeting.id, kind=kind, subject_key=f"party:{kind.value}:{org}:{name}",
            name=name, organisation=org, present=held,
        )
        for kind, name, org in parties
    ]  # fmt: skip
    await models.MeetingAttendee.bulk_create(attendees)
    return 1 + len(agenda) + len(attendees)


async def _resolve(
    node: models.OrgNode,
    kind: models.ResolutionKind,
    title: str,
    rng: random.Random,
    when: datetime,
    convener: int | None,
    **fields: Any,
) -> tuple[models.Resolution, int]:
    """A resolution of the node's latest meeting, every present attendee's vote recorded and
    decided by the workflow's pass rule (the seed's votes lean strongly for)."""
    meeting = await models.Meeting.filter(node_id=node.id).order_by("-id").first()
    assert meeting is not None
    seats = models.MeetingAttendee.filter(meeting_id=meeting.id, kind__in=sorted(workflow.COUNTED))
    present = await seats.filter(present=True).order_by("id")  # parties attend, not vote
    invited = await seats.count()
    workflow.require_quorum(meeting.type, invited, len(present))  # callers make sure of it
    choices = [
        models.VoteChoice.FOR if rng.random() < 0.85 else rng.choice(list(models.VoteChoice))
        for _ in present
    ]
    tally = {c: choices.count(c) for c in models.VoteChoice}
    resolution = await models.Resolution.create(
        meeting_id=meeting.id, node_path=meeting.node_path, kind=kind, title=title,
        status=workflow.outcome(kind, tally), votes_for=tally[models.VoteChoice.FOR],
        votes_against=tally[models.VoteChoice.AGAINST],
        votes_abstain=tally[models.VoteChoice.ABSTAIN], proposed_by_id=convener,
        decided_by_id=convener, decided_at=when, **fields,
    )  # fmt: skip
    await models.ResolutionVote.bulk_create(
        [
            models.ResolutionVote(
                resolution_id=resolution.id, attendee_id=a.id, choice=c, recorded_by_id=convener
            )
            for a, c in zip(present, choices, strict=True)
        ]
    )
    return resolution, 1 + len(present)


async def _community_council(
    community: models.OrgNode,
    invitees: list[tuple[int, str]],
    convener: int | None,
    rng: random.Random,
    now: datetime,
) -> int:
    """The council that agreed the community's service items (共同商议制定服务事项)."""
    parties = [
        (models.AttendeeKind.PROPERTY_COMPANY, "王经理", "恒信物业"),
        (models.AttendeeKind.OWNERS_COMMITTEE, "刘主任", f"{community.name}业委会"),
    ]
    when = now - timedelta(days=60)
    council = models.MeetingType.COMMUNITY_COUNCIL
    invited = len(invitees)  # the parties attend without counting toward the quorum
    if not workflow.has_quorum(council, invited, invited):
        return 0
    rows = await _meeting(
        community, council, f"{community.name}社区议事会",
        when, convener, invitees, parties, ["审议社区服务事项清单", "通报上季度诉求办理情况"],
        held=True, minutes="会议审议通过社区服务事项清单，明确责任人和办理时限。",
    )  # fmt: skip
    picked = sorted(rng.sample(range(len(SERVICES)), k=rng.randint(24, len(SERVICES))))
    items = [
        {"category": SERVICES[i][0].value, "title": SERVICES[i][1], "description": SERVICES[i][2]}
        for i in picked
    ]
    workflow.check_items(items)
    # The community's list is agreed: the seed's council passes it (all present vote for).
    resolution, written = await _resolve(
        community, models.ResolutionKind.ADD_SERVICE_ITEMS, "通过社区服务事项清单",
        random.Random(0), when, convener, proposed_items=items,
    )  # fmt: skip
    statuses = [models.ServiceItemStatus.ACTIVE] * len(items)
    statuses[-1] = convention_rules.next_item_status(convention_rules.ItemStep.RETIRE, statuses[-1])
    statuses[-2] = convention_rules.next_item_status(
        convention_rules.ItemStep.SUSPEND, statuses[-2]
    )
    if resolution.status is models.ResolutionStatus.PASSED:
        await models.ServiceItem.bulk_create(
            [
                models.ServiceItem(
                    community_id=community.id, node_path=community.path,
                    resolution_id=resolution.id, number=number, status=status,
                    category=models.ServiceCategory(item["category"]), title=item["title"],
                    description=item["description"],
                )
                for number, (item, status) in enumerate(zip(items, statuses, strict=True), 1)
            ]
        )  # fmt: skip
        written += len(items)
    return rows + written


def _text(version: int) -> dict[models.ConventionSection, str]:
    sections = {section: list(lines) for section, lines in CONVENTION.items()}
    for revision in REVISIONS[: version - 1]:
        for section, lines in revision.items():
            sections.setdefault(section, []).extend(lines)
    return {section: "\n".join(lines) for section, lines in sections.items()}


async def _conventions(
    building: models.OrgNode,
    residents: list[tuple[int, str]],
    convener: int | None,
    drafter: int | None,
    index: int,
    rng: random.Random,
    now: datetime,
) -> int:
    """Two adopted versions, each by its own building council; the second building of a
    community also has an open draft of a third."""
    council = models.MeetingType.BUILDING_COUNCIL
    if not workflow.has_quorum(council, len(residents), len(residents)):
        return 0
    written = 0
    versions = 3 if index == 1 else 2
    for number in range(1, versions + 1):
        text = _text(number)
        convention_rules.check_sections(list(text.items()))
        version = await models.ConventionVersion.create(
            building_id=building.id, node_path=building.path, number=number,
            title=f"{building.name}楼栋公约（第{number}版）", drafted_by_id=drafter,
        )  # fmt: skip
        await models.ConventionSectionText.bulk_create(
            [
                models.ConventionSectionText(
                    version_id=version.id, section=section, position=i, body=body
                )
                for i, (section, body) in enumerate(text.items(), start=1)
            ]
        )
        written += 1 + len(text)
        if number == 3:
            break  # the open draft
        when = now - timedelta(days=400 - 200 * number)
        written += await _meeting(
            building, council, f"{building.name}楼栋议事会",
            when, convener, residents, [], [f"审议楼栋公约第{number}版"], held=True,
            minutes=f"全体参会居民审议楼栋公约第{number}版，表决通过。",
        )  # fmt: skip
        # A convention is the residents' own: the seed's councils adopt every version.
        resolution, rows = await _resolve(
            building, models.ResolutionKind.ADOPT_CONVENTION, f"通过楼栋公约第{number}版",
            random.Random(0), when, convener, convention_version_id=version.id,
        )  # fmt: skip
        written += rows
        assert resolution.status is models.ResolutionStatus.PASSED
        convention_rules.require_draft(version.status)
        await models.ConventionVersion.filter(id=version.id).update(
            status=models.ConventionStatus.ADOPTED, adopted_at=when
        )
    return written


async def _roundtable(
    building: models.OrgNode,
    residents: list[tuple[int, str]],
    convener: int | None,
    now: datetime,
) -> int:
    """A stewards' roundtable held last week, its minutes written, closed."""
    return await _meeting(
        building, models.MeetingType.STEWARD_ROUNDTABLE, f"{building.name}楼栋管家圆桌会",
        now - timedelta(days=7), convener, residents[:4],
        [(models.AttendeeKind.PROPERTY_COMPANY, "王经理", "恒信物业")],
        ["楼道照明维修", "高空抛物整治"], held=True,
        minutes="物业承诺一周内修复楼道照明；楼栋管家负责高空抛物宣传。",
    )  # fmt: skip
