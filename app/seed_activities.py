"""Deterministic volunteer activities (志愿活动) with sign-ups and attendance, and the points
their check-outs credited, consistent with the ledger's caps.

Every activity, sign-up, check-in and check-out goes through the same pure rules the API
applies (models/workflows/activities.py, models/workflows/points.py): the window, the minutes
served, the rule's points cut to its caps.
"""

import secrets
from datetime import timedelta

import models
from app.seed_people import next_id, write_phase
from app.seed_points import SeedCaps
from app.seed_stage import Stage
from models.workflows import activities as workflow

ACTIVITIES_PER_COMMUNITY = 36
ACTIVE_BUILDINGS = 6  # per community: where the volunteers live and building activities are
RULE_CODE = "HD01"
RULE_POINTS = 5
RULE_CAP_PER_MONTH = 30
TITLES = [
    ("楼道清洁", "打扫楼道、清理杂物", "各单元楼道"),
    ("消防安全检查", "检查灭火器和消防通道", "小区消防通道"),
    ("走访独居老人", "上门看望独居老人，了解需求", "社区服务中心集合"),
    ("垃圾分类宣传", "入户宣传垃圾分类知识", "小区广场"),
    ("文明劝导", "劝导电动车楼道充电等不文明行为", "小区大门"),
    ("义务理发", "为老人义务理发", "社区活动室"),
]


async def seed_activities(
    stage: Stage,
) -> dict[str, int]:
    """Activities lie in the 90 days before `stage.end`, and a few in the two weeks after it (open
    for sign-up)."""
    admin = stage.admin_id
    leaders = stage.accounts_at("community")
    rules: list[models.PointRule] = []
    activities: list[models.Activity] = []
    sign_ups: list[models.ActivitySignUp] = []
    entries: list[models.PointEntry] = []
    next_rule = await next_id(models.PointRule)
    next_activity = await next_id(models.Activity)
    next_entry = await next_id(models.PointEntry)
    caps = SeedCaps()  # what each resident earned by each rule, as the ledger would sum it
    for community in stage.levels[models.OrgLevel.COMMUNITY]:
        rule = models.PointRule(
            id=next_rule, node_id=community.id, code=RULE_CODE,
            category=models.RuleCategory.VOLUNTEERING, description="参加志愿服务活动（每次）",
            points=RULE_POINTS, cap_per_month=RULE_CAP_PER_MONTH, created_by_id=admin,
        )  # fmt: skip
        next_rule += 1
        rules.append(rule)
        buildings = [
            node
            for node in stage.levels[models.OrgLevel.BUILDING]
            if node.path.startswith(community.path)
        ]
        active = stage.rng.sample(buildings, min(len(buildings), ACTIVE_BUILDINGS))
        grids = [
            node
            for node in stage.levels[models.OrgLevel.GRID]
            if any(b.path.startswith(node.path) for b in active)
        ]
        nodes = [community, *grids, *active]
        people = await _residents_of(active)
        if not people:
            continue
        organiser = leaders.get(community.path, admin)
        for _ in range(ACTIVITIES_PER_COMMUNITY):
            node = stage.rng.choice(nodes)
            title, description, place = stage.rng.choice(TITLES)
            starts = stage.end + timedelta(hours=stage.rng.randrange(-90 * 24, 14 * 24))
            starts = starts.replace(minute=0, second=0, microsecond=0)
            ends = starts + timedelta(hours=stage.rng.choice([1, 2, 3]))
            upcoming = ends > stage.end
            status = (
                stage.rng.choice([models.ActivityStatus.OPEN] * 3 + [models.ActivityStatus.PLANNED])
                if upcoming
                else stage.rng.choice(
                    [models.ActivityStatus.CLOSED] * 9 + [models.ActivityStatus.CANCELLED]
                )
            )
            activity = models.Activity(
                id=next_activity, node_id=node.id, node_path=node.path, title=title,
                description=description, place=place, starts_at=starts, ends_at=ends,
                capacity=stage.rng.choice([10, 15, 20, 30]), status=status, rule_id=rule.id,
                organiser_id=organiser, qr_token=secrets.token_urlsafe(24),
                created_at=starts - timedelta(days=7),
            )  # fmt: skip
            workflow.check_plan(workflow.Plan(starts, ends, activity.capacity))
            next_activity += 1
            activities.append(activity)
            if status is models.ActivityStatus.PLANNED:
                continue
            audience = [p for p in people if p[3].startswith(node.path)]
            chosen = stage.rng.sample(audience, min(len(audience), stage.rng.randint(3, 8)))
            for resident_id, household_id, building_id, building_path in chosen:
                sign_up = models.ActivitySignUp(
                    activity_id=activity.id, node_path=node.path, resident_id=resident_id,
                    signed_up_by_id=admin, created_at=activity.created_at,
                )  # fmt: skip
                sign_ups.append(sign_up)
                if (
                    upcoming
                    or status is models.ActivityStatus.CANCELLED
                    or stage.rng.random() < 0.1
                ):
                    continue
                checked_in = starts + timedelta(minutes=stage.rng.randrange(-20, 30))
                workflow.check_in_window(status, starts, ends, checked_in)
                sign_up.status = models.SignUpStatus.CHECKED_IN
                sign_up.checked_in_at, sign_up.checked_in_by_id = checked_in, organiser
                sign_up.check_in_method = stage.rng.choice(list(models.AttendanceMethod))
                if stage.rng.random() < 0.05:  # never checked out: no hours, no points
                    continue
                checked_out = ends + timedelta(minutes=stage.rng.randrange(-30, 40))
                workflow.check_out_window(status, ends, checked_out)
                sign_up.status = models.SignUpStatus.CHECKED_OUT
                sign_up.checked_out_at, sign_up.checked_out_by_id = checked_out, organiser
                sign_up.check_out_method = sign_up.check_in_method
                sign_up.minutes = workflow.minutes_served(starts, ends, checked_in, checked_out)
                room = caps.room(resident_id, rule, checked_out)
                served = workflow.served_enough(sign_up.minutes, starts, ends)
                amount = workflow.points_to_credit(rule.points, room, served)
                sign_up.points = amount
                if amount <= 0:
                    continue
                caps.add(resident_id, rule, amount, checked_out)
                entries.append(
                    models.PointEntry(
                        id=next_entry, kind=models.PointKind.VOLUNTEER, resident_id=resident_id,
                        household_id=household_id, node_id=building_id, node_path=building_path,
                        amount=amount, rule_id=rule.id, reason=f"志愿活动：{title}",
                        source=models.PointSource.ACTIVITY, source_id=activity.id,
                        recorded_by_id=organiser, at=checked_out,
                    )
                )  # fmt: skip
                sign_up.point_entry_id = next_entry
                next_entry += 1
            activity.signed_up = len(chosen)
    tables = (rules, activities, entries, sign_ups)
    await write_phase("activities", tables, stage.progress, stage.planned, stage.batch_size)
    return {
        "activity_rules": len(rules),
        "activities": len(activities),
        "activity_sign_ups": len(sign_ups),
        "activity_points": len(entries),
    }


async def _residents_of(buildings: list[models.OrgNode]) -> list[tuple[int, int, int, str]]:
    """The active residents of `buildings`: (id, household, building, building path)."""
    rows = (
        await models.Resident.filter(
            active=True, household__building_id__in=[b.id for b in buildings]
        )
        .order_by("id")
        .values_list("id", "household_id", "household__building_id", "household__building_path")
    )
    return [(int(a), int(b), int(c), str(d)) for a, b, c, d in rows]
