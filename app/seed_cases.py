"""Deterministic cases in every state, spread over the last half year, with their history.

Each case takes its steps through the same pure workflow the API applies
(models/workflows/cases.py), so the seeded fields and deadlines are those the API would write.
"""

import random
from datetime import timedelta

import models
from app.seed_people import write_phase
from app.seed_stage import Stage
from models.workflows import cases as workflow
from models.workflows.cases import Step
from policies.masking import credit_reason
from resolvers.cases.rules import DEFAULT_DUTY_POINTS, default_hours

TITLES: dict[models.CaseKind, list[tuple[str, str]]] = {
    models.CaseKind.DEMAND: [
        ("楼道灯不亮，请求维修", "WATER_ELECTRIC_REPAIR"),
        ("家中水管漏水需要维修", "WATER_ELECTRIC_REPAIR"),
        ("咨询公租房申请条件", "RENTING"),
        ("孩子秋季入学咨询", "SCHOOLING"),
        ("独居老人需要就医陪诊", "MEDICAL_CARE"),
        ("希望社区提供招聘信息", "EMPLOYMENT"),
        ("老人助餐服务需求", "ELDER_CARE"),
        ("微心愿：想要一台收音机", "OTHER"),
    ],
    models.CaseKind.HAZARD: [
        ("楼道堆放杂物影响通行", models.HazardType.CLUTTER),
        ("电动车在楼道内充电", models.HazardType.FIRE_SAFETY),
        ("外墙瓷砖松动有坠落危险", models.HazardType.STRUCTURAL),
        ("消防通道被车辆占用", models.HazardType.FIRE_SAFETY),
        ("楼顶水箱渗漏", models.HazardType.WATER_LEAK),
        ("配电箱电线老化裸露", models.HazardType.ELECTRICAL),
    ],
    models.CaseKind.DISPUTE: [
        ("楼上漏水引发邻里纠纷", ""),
        ("夜间噪音扰民矛盾", ""),
        ("公共区域占用纠纷", ""),
        ("宠物扰民引发争执", ""),
    ],
}
KINDS = [(models.CaseKind.DEMAND, 65), (models.CaseKind.HAZARD, 25), (models.CaseKind.DISPUTE, 10)]
# The steps each case takes after its submission, with their weights.
PATHS: list[tuple[list[Step], int]] = [
    ([], 10),
    ([Step.ACCEPT], 10),
    ([Step.ACCEPT, Step.CLAIM], 15),
    ([Step.ACCEPT, Step.CLAIM, Step.RESOLVE], 10),
    ([Step.ACCEPT, Step.CLAIM, Step.RESOLVE, Step.RATE], 10),
    ([Step.ACCEPT, Step.CLAIM, Step.RESOLVE, Step.RATE, Step.VERIFY], 35),
    ([Step.REJECT], 10),
]
REJECT_REASON = "不属于社区受理范围"
# Demo accounts that can handle cases, by street number: granted at the street's first nodes.
HANDLER_STEMS = ["volunteer", "building", "grid", "community", "street"]
# Disputes are mediated by community staff and up: only they read disputes.
DISPUTE_HANDLER_STEMS = ["community", "street"]


def _handler(
    path: str,
    street_number: int,
    users: dict[str, tuple[int, str]],
    fallback: int,
    kind: models.CaseKind,
) -> int:
    """A demo account whose scope covers the case, the narrowest first."""
    stems = DISPUTE_HANDLER_STEMS if kind is models.CaseKind.DISPUTE else HANDLER_STEMS
    for stem in stems:
        found = users.get(f"{stem}{street_number}")
        if found is not None and path.startswith(found[1]):
            return found[0]
    return fallback


async def seed_cases(
    stage: Stage,
    count: int,
    residents_by_building: dict[int, models.Resident],
) -> dict[str, int]:
    """`count` cases, created in the half year before `stage.end`."""
    buildings = stage.levels[models.OrgLevel.BUILDING]
    streets = {
        node.id: index + 1 for index, node in enumerate(stage.levels[models.OrgLevel.STREET])
    }
    admin = stage.admin_id
    resident_user = stage.accounts_at("resident")
    cases: list[models.Case] = []
    events: list[models.CaseEvent] = []
    points: list[models.PointEntry] = []
    for case_id in range(1, count + 1):
        building = buildings[stage.rng.randrange(len(buildings))]
        kind = stage.rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
        steps = stage.rng.choices([p for p, _ in PATHS], [w for _, w in PATHS])[0]
        title, extra = stage.rng.choice(TITLES[kind])
        severity = (
            stage.rng.choice(list(models.HazardSeverity))
            if kind is models.CaseKind.HAZARD
            else None
        )
        created = stage.end - timedelta(minutes=stage.rng.randrange(0, 180 * 24 * 60))
        ids = models.path_ids(building.path)
        handler = _handler(building.path, streets[ids[0]], stage.users, admin, kind)
        reporter = residents_by_building.get(building.id)
        case = models.Case(
            id=case_id,
            kind=kind,
            status=workflow.START,
            title=title,
            description=f"{building.name}：{title}。请尽快处理。",
            category=extra if kind is models.CaseKind.DEMAND else None,
            severity=severity,
            hazard_type=extra if kind is models.CaseKind.HAZARD else None,
            parties="两户邻居" if kind is models.CaseKind.DISPUTE else "",
            node_id=building.id,
            node_path=building.path,
            community_id=ids[1],
            reporter_user_id=resident_user.get(building.path),
            reporter_resident_id=reporter.id if reporter else None,
            reporter_name=reporter.name if reporter else "匿名群众",
            reporter_phone=reporter.phone if reporter else None,
            created_at=created,
        )
        events.append(
            models.CaseEvent(
                case_id=case_id,
                actor_id=case.reporter_user_id,
                from_status=None,
                to_status=case.status,
                note="",
                created_at=created,
            )
        )
        moment = created
        for step in steps:
            # Recent cases are still under way: nothing happens after `stage.end`.
            moment = min(moment + timedelta(hours=stage.rng.uniform(1, 60)), stage.end)
            move = workflow.plan(case, _request(step, handler, stage.rng), moment)
            workflow.apply(case, move)
            events.append(
                models.CaseEvent(
                    case_id=case_id,
                    actor_id=handler if step in (Step.CLAIM, Step.RESOLVE) else admin,
                    from_status=move.source,
                    to_status=move.target,
                    note=REJECT_REASON if step is Step.REJECT else "",
                    created_at=moment,
                )
            )
            if move.credit_user_id is not None:
                points.append(
                    models.PointEntry(
                        kind=models.PointKind.DUTY,
                        user_id=move.credit_user_id,
                        node_id=building.id,
                        node_path=building.path,
                        amount=DEFAULT_DUTY_POINTS[kind],
                        reason=credit_reason(kind.value, title),
                        source=models.PointSource.CASE,
                        case_id=case_id,
                        recorded_by_id=admin,
                        at=moment,
                    )
                )
        case.due_at = workflow.due_at(case, default_hours(kind, severity), moment)
        cases.append(case)
    await write_phase(
        "cases", (cases, events, points), stage.progress, stage.planned, stage.batch_size
    )
    return {"cases": len(cases), "case_events": len(events), "duty_points": len(points)}


def _request(step: Step, handler: int, rng: random.Random) -> workflow.Request:
    """What the demo's people ask for at `step`: the handler claims and resolves, the reporter
    rates well (a low rating would reopen the case)."""
    match step:
        case Step.ACCEPT:
            return workflow.Accept()
        case Step.REJECT:
            return workflow.Reject()
        case Step.CLAIM:
            return workflow.Claim(handler)
        case Step.RESOLVE:
            return workflow.Resolve(handler)
        case Step.RATE:
            return workflow.Rate(rng.choice([3, 4, 5, 5, 5]))
        case Step.VERIFY:
            return workflow.Verify()
    raise ValueError(f"the seed does not take the step {step}")
