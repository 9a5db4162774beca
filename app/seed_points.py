"""Deterministic points data: rules per community (street defaults and their copies, each
community's own, duty rules), a year of ledger entries at the preset's size, a few
corrections and one published quarterly notice.

Entries obey the same pure rules the API applies (models/workflows/points.py): a rule's
amount, its weekly and monthly caps (an entry over a cap is not made), corrections reverse an
earned entry once, in its own period. Rows are bulk-inserted in batches with explicit ids.
"""

import random
from collections import Counter
from datetime import date, datetime, timedelta

from tortoise import Tortoise

import models
from app.seed_people import next_id, write_phase
from app.seed_stage import Stage
from models.workflows import points as ledger_rules
from resolvers.points.rankings import name_rows, ranked_rows

# (code, description, points, category, cap per week, cap per month, variable)
STREET_DEFAULTS = [
    ("S01", "参加楼栋环境卫生大扫除", 5, models.RuleCategory.ENVIRONMENT, 10, 30, False),
    ("S02", "参加消防安全隐患排查", 10, models.RuleCategory.SAFETY, None, 40, False),
    ("S03", "看望慰问独居老人", 5, models.RuleCategory.NEIGHBOURLINESS, 10, None, False),
]
COMMUNITY_RULES = [
    ("V01", "清扫楼道、清理杂物", 3, models.RuleCategory.ENVIRONMENT, 9, 30, False),
    ("V02", "参与垃圾分类劝导", 2, models.RuleCategory.ENVIRONMENT, 6, 20, False),
    ("V03", "参加社区志愿服务（按时长）", 10, models.RuleCategory.VOLUNTEERING, 20, 60, True),
    ("V04", "帮助邻居代办事项", 3, models.RuleCategory.NEIGHBOURLINESS, None, 15, False),
    ("V05", "调解邻里矛盾", 8, models.RuleCategory.NEIGHBOURLINESS, None, None, False),
    ("V06", "参加夜间巡逻", 5, models.RuleCategory.SAFETY, 10, 30, False),
    ("V07", "劝阻楼道电动车充电", 3, models.RuleCategory.SAFETY, None, 12, False),
    ("V08", "参加文明实践活动", 4, models.RuleCategory.CIVILITY, None, 16, False),
    ("V09", "移风易俗、婚事新办", 10, models.RuleCategory.CIVILITY, None, None, False),
    ("V10", "爱心捐赠", 5, models.RuleCategory.VOLUNTEERING, None, 20, True),
    ("V11", "参与楼栋议事会", 2, models.RuleCategory.CIVILITY, 2, 8, False),
    ("V12", "照看留守儿童", 5, models.RuleCategory.NEIGHBOURLINESS, 10, None, False),
    ("V13", "维护小区绿化", 3, models.RuleCategory.ENVIRONMENT, None, 12, False),
    ("V14", "协助疫苗接种等宣传", 3, models.RuleCategory.VOLUNTEERING, None, 12, False),
    ("V15", "见义勇为", 20, models.RuleCategory.SAFETY, None, None, False),
    ("V16", "红色代办志愿服务", 5, models.RuleCategory.VOLUNTEERING, 15, 45, False),
    ("V17", "助老助残服务", 4, models.RuleCategory.NEIGHBOURLINESS, 12, None, False),
]
DUTY_RULES = [
    ("D01", "入户走访群众", 2, models.RuleCategory.DUTY, None, 40, False),
    ("D02", "组织楼栋议事会", 5, models.RuleCategory.DUTY, None, 20, False),
]
REASONS = {code: description for code, description, *_ in STREET_DEFAULTS + COMMUNITY_RULES}
CORRECTION_REASON = "重复记录，予以更正"


def _rule(
    node: models.OrgNode, spec: tuple[object, ...], rule_id: int, **extra: object
) -> models.PointRule:
    code, description, points, category, week, month, variable = spec
    kind = (
        models.PointKind.DUTY
        if category is models.RuleCategory.DUTY
        else models.PointKind.VOLUNTEER
    )
    return models.PointRule(
        id=rule_id, node_id=node.id, code=code, version=1, kind=kind, category=category,
        description=description, points=points, cap_per_week=week, cap_per_month=month,
        variable=variable, current=True, **extra,
    )  # fmt: skip


def build_rules(levels: dict[models.OrgLevel, list[models.OrgNode]]) -> list[models.PointRule]:
    rules: list[models.PointRule] = []
    defaults: dict[int, list[models.PointRule]] = {}
    for street in levels[models.OrgLevel.STREET]:
        for spec in STREET_DEFAULTS:
            rule = _rule(street, spec, len(rules) + 1)
            rules.append(rule)
            defaults.setdefault(street.id, []).append(rule)
    for community in levels[models.OrgLevel.COMMUNITY]:
        for default in defaults.get(community.parent_id or 0, []):
            spec = next(s for s in STREET_DEFAULTS if s[0] == default.code)
            rules.append(_rule(community, spec, len(rules) + 1, copied_from_id=default.id))
        for spec in COMMUNITY_RULES + DUTY_RULES:
            rules.append(_rule(community, spec, len(rules) + 1))
    return rules


class SeedCaps:
    """What each resident earned by each rule per week and month, as the ledger would sum it:
    the seeds insert entries in bulk, past `ledger.append`, and keep its caps with this."""

    def __init__(self) -> None:
        self.earned: Counter[tuple[str, int, str, date]] = Counter()

    def _periods(
        self, resident_id: int, rule: models.PointRule, at: datetime
    ) -> tuple[tuple[str, int, str, date], tuple[str, int, str, date]]:
        day = ledger_rules.local_day(at)
        week_start = ledger_rules.period_start(ledger_rules.Period.WEEK, day)
        month_start = ledger_rules.period_start(ledger_rules.Period.MONTH, day)
        return ("W", resident_id, rule.code, week_start), ("M", resident_id, rule.code, month_start)

    def room(self, resident_id: int, rule: models.PointRule, at: datetime) -> int | None:
        """What the rule's caps still allow the resident at `at` (None: no cap)."""
        week, month = self._periods(resident_id, rule, at)
        return ledger_rules.room_under_caps(
            ledger_rules.Caps(
                rule.cap_per_week, rule.cap_per_month, self.earned[week], self.earned[month]
            )
        )

    def add(self, resident_id: int, rule: models.PointRule, amount: int, at: datetime) -> None:
        for period in self._periods(resident_id, rule, at):
            self.earned[period] += amount

    def allows(self, resident_id: int, rule: models.PointRule, amount: int, at: datetime) -> bool:
        """Record `amount` if the caps allow it whole (as `ledger.append` would)."""
        room = self.room(resident_id, rule, at)
        if room is not None and amount > room:
            return False
        self.add(resident_id, rule, amount, at)
        return True


def build_entries(
    count: int,
    residents: list[models.Resident],
    building_of_household: dict[int, models.OrgNode],
    rules: list[models.PointRule],
    rng: random.Random,
    end: datetime,
    first_id: int,
    recorded_by_id: int,
) -> list[models.PointEntry]:
    """`count` attempts at an entry over the year before `end` (a few fall under a cap), then
    a correction of one in a thousand (at least five)."""
    by_community: dict[int, list[models.PointRule]] = {}
    for rule in rules:
        if rule.kind is models.PointKind.VOLUNTEER:
            by_community.setdefault(rule.node_id, []).append(rule)
    caps = SeedCaps()
    attempts = []
    for _ in range(count):
        resident = residents[rng.randrange(len(residents))]
        at = end - timedelta(seconds=rng.randrange(365 * 24 * 3600))
        attempts.append((at, resident))
    attempts.sort(key=lambda pair: (pair[0], pair[1].id))
    entries: list[models.PointEntry] = []
    for at, resident in attempts:
        building = building_of_household[resident.household_id]
        community_rules = by_community.get(models.path_ids(building.path)[1], [])
        if not community_rules:
            continue
        rule = community_rules[rng.randrange(len(community_rules))]
        amount = rng.randint(1, rule.points) if rule.variable else rule.points
        if not caps.allows(resident.id, rule, amount, at):
            continue
        entries.append(
            models.PointEntry(
                id=first_id + len(entries), kind=models.PointKind.VOLUNTEER,
                resident_id=resident.id, household_id=resident.household_id,
                node_id=building.id, node_path=building.path, amount=amount, rule_id=rule.id,
                reason=REASONS.get(rule.code, rule.description), source=models.PointSource.MANUAL,
                recorded_by_id=recorded_by_id, at=at,
            )
        )  # fmt: skip
    earned = list(entries)
    for original in rng.sample(earned, min(len(earned), max(5, len(earned) // 1000))):
        entries.append(
            models.PointEntry(
                id=first_id + len(entries), kind=original.kind, resident_id=original.resident_id,
                household_id=original.household_id, node_id=original.node_id,
                node_path=original.node_path, amount=ledger_rules.reversal_of(original.amount),
                rule_id=original.rule_id, reason=CORRECTION_REASON,
                source=models.PointSource.CORRECTION, reverses_id=original.id,
                recorded_by_id=recorded_by_id, at=original.at,
            )
        )  # fmt: skip
    return entries


def last_quarter_before(day: date) -> tuple[int, int]:
    quarter = (day.month - 1) // 3  # the quarter before the one holding `day`; 0: last year's Q4
    return (day.year, quarter) if quarter else (day.year - 1, 4)


async def publish_notice(
    community: models.OrgNode, end: datetime, published_by_id: int
) -> models.PointsNotice:
    """The first community's residents notice of the last quarter that has ended."""
    year, quarter = last_quarter_before(ledger_rules.local_day(end))
    start, stop = ledger_rules.quarter_bounds(year, quarter)
    subject = models.RankingSubject.RESIDENTS
    rows = await ranked_rows(community.path, start, stop, subject, limit=100)
    await name_rows(rows, masked=True)
    notice = await models.PointsNotice.create(
        node_id=community.id, node_path=community.path, year=year, quarter=quarter,
        subject=subject, published_by_id=published_by_id, published_at=stop,
        title=ledger_rules.notice_title(
            community.name, year, quarter, models.RANKING_SUBJECT_LABELS[subject]
        ),
    )  # fmt: skip
    await models.PointsNoticeRow.bulk_create(
        [
            models.PointsNoticeRow(notice_id=notice.id, rank=r.rank, name=r.name, points=r.points)
            for r in rows
        ]
    )
    return notice


async def seed_points(
    stage: Stage,
    residents: list[models.Resident],
    building_of_household: dict[int, models.OrgNode],
    count: int,
) -> dict[str, int]:
    rules = build_rules(stage.levels)
    first_id = await next_id(models.PointEntry)
    entries = build_entries(
        count,
        residents,
        building_of_household,
        rules,
        stage.rng,
        stage.end,
        first_id,
        stage.admin_id,
    )
    await write_phase("points", (rules, entries), stage.progress, stage.planned, stage.batch_size)
    connection = Tortoise.get_connection("default")
    if connection.capabilities.dialect == "postgres":
        for table in ("point_rule", "point_entry"):
            await connection.execute_script(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        await connection.execute_script("ANALYZE point_entry")
    communities = stage.levels[models.OrgLevel.COMMUNITY]
    if communities:  # a snapshot of what was written, not rows of its own (the bar's count)
        await publish_notice(communities[0], stage.end, stage.admin_id)
    corrections = sum(1 for e in entries if e.source is models.PointSource.CORRECTION)
    return {
        "point_rules": len(rules),
        "point_entries": len(entries) - corrections,
        "point_corrections": corrections,
    }
