"""Demo topics (议题): eight per community, one at every stage ("楼栋听事、小区议事、社区决事"):
open at a building, escalated to the grid, climbed by itself at the threshold, at the community,
adopted, declined and merged; with supporters (residents of the building) and followers (the
demo accounts). Every climb and decision goes through the workflow's own functions
(models/workflows/topics.py). Cheap at every preset: a few dozen rows per community.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

import models
from app.seed_people import bulk_insert, next_id
from app.seed_stage import Stage
from models.workflows import topics as workflow

C = models.TopicCategory
S = models.TopicStepKind
BUILDINGS = 4  # per community: where its topics are raised
# Communities with an even index set their own thresholds; the others keep the defaults.
OWN_THRESHOLDS = workflow.Thresholds(to_grid=8, to_community=15)


@dataclass(frozen=True)
class Plan:
    title: str
    description: str
    category: models.TopicCategory
    building: int  # index among the community's topic buildings
    climbs: int  # levels escalated by hand (0, 1 or 2)
    supporters: int  # -1: the community's threshold to the grid (it climbs by itself)
    decision: workflow.Decision | None = None
    note: str = ""


PLANS = [
    Plan(
        "楼道堆放杂物影响通行", "三单元楼道长期堆放纸箱和旧家具，存在消防隐患。", C.SAFETY, 0, 0, 3
    ),
    Plan("夜间电动车乱停放", "小区门口夜间电动车乱停，影响车辆进出。", C.PARKING, 1, 0, 2),
    Plan("电梯老化经常故障", "2号电梯一个月故障三次，老人上下楼困难。", C.PROPERTY, 0, 1, 4),
    Plan("垃圾分类投放点太远", "希望在楼栋附近增设分类投放点。", C.ENVIRONMENT, 2, 0, -1),
    Plan("希望增设老年助餐点", "社区独居老人多，希望就近解决吃饭问题。", C.ELDER_CARE, 1, 2, 6),
    Plan(
        "楼顶漏水维修费用分摊",
        "顶楼住户反映雨季漏水，维修费用如何分摊需议定。",
        C.PROPERTY,
        0,
        2,
        7,
        workflow.Decision.ADOPT,
        "纳入社区服务事项，由物业牵头维修",
    ),
    Plan(
        "广场舞音量扰民",
        "晚间广场舞音量过大，影响休息。",
        C.NEIGHBOURHOOD,
        2,
        2,
        3,
        workflow.Decision.DECLINE,
        "已由小区议事会协商限定时段和音量，无需社区决事",
    ),
    Plan(
        "小区停车位不足",
        "小区车位紧张，夜间乱停车。",
        C.PARKING,
        3,
        2,
        3,
        workflow.Decision.MERGE,
        "与老年助餐点议题一并在社区议事会讨论",
    ),
]
MERGE_INTO = 4  # the plan (index) merged topics go into: open at the community


async def seed_topics(
    stage: Stage,
) -> dict[str, int]:
    """Topics lie in the 60 days before `stage.end`."""
    buildings: dict[int, list[models.OrgNode]] = defaultdict(list)
    for building in stage.levels[models.OrgLevel.BUILDING]:
        community_id = models.path_ids(workflow.community_path(building.path))[-1]
        if len(buildings[community_id]) < BUILDINGS:
            buildings[community_id].append(building)
    residents = await _residents_of([b.id for group in buildings.values() for b in group])
    staff = stage.accounts_at("community", "grid", "building")
    rows = _Rows(await next_id(models.Topic))
    for index, community in enumerate(stage.levels[models.OrgLevel.COMMUNITY]):
        thresholds = OWN_THRESHOLDS if index % 2 == 0 else workflow.Thresholds()
        if index % 2 == 0:
            rows.thresholds.append(
                models.TopicThresholds(
                    community_id=community.id,
                    to_grid=thresholds.to_grid,
                    to_community=thresholds.to_community,
                )
            )
        group = buildings[community.id]
        if len(group) < BUILDINGS:
            continue
        rows.community(group, thresholds, residents, staff, stage.rng, stage.end)
    for name, (uid, path) in stage.users.items():
        if name.startswith(("resident", "community")):
            rows.follow(uid, path, only_at_community=name.startswith("community"))
    links = await _on_council_agendas(rows.topics)
    written = {
        "topics": len(rows.topics),
        "topic_steps": len(rows.steps),
        "topic_supports": len(rows.supports),
        "topic_follows": len(rows.follows),
        "topic_thresholds": len(rows.thresholds),
        "topic_agenda_links": len(links),
    }
    if stage.planned:
        stage.planned("topics", sum(written.values()))
    # Targets before the topics merged into them (a merged topic names its target).
    rows.topics.sort(key=lambda topic: topic.merged_into_id is not None)
    batches = (rows.topics, rows.steps, rows.supports, rows.follows, rows.thresholds, links)
    for batch in batches:
        if batch:
            await bulk_insert(batch, stage.batch_size, stage.progress)
    return written


async def _on_council_agendas(topics: list[models.Topic]) -> list[models.TopicAgendaLink]:
    """Each community's open topic at the community is the first item on the agenda of its
    community council (社区议事会), when the meetings' seed made one."""
    waiting = {
        models.path_ids(topic.node_path)[-1]: topic.id
        for topic in topics
        if topic.level is models.TopicLevel.COMMUNITY and topic.status is models.TopicStatus.OPEN
    }
    items: dict[int, int] = {}
    for start in range(0, len(waiting), 2_000):
        found = await models.MeetingAgendaItem.filter(
            meeting__node_id__in=sorted(waiting)[start : start + 2_000],
            meeting__type=models.MeetingType.COMMUNITY_COUNCIL,
            position=1,
        ).values_list("id", "meeting__node_id")
        for item_id, community_id in sorted(found):
            items.setdefault(int(community_id), int(item_id))
    return [
        models.TopicAgendaLink(agenda_item_id=item_id, topic_id=waiting[community_id])
        for community_id, item_id in items.items()
    ]


async def _residents_of(building_ids: list[int]) -> dict[int, list[int]]:
    """Residents without an account, by building (the demo accounts support nothing here)."""
    found: dict[int, list[int]] = defaultdict(list)
    for start in range(0, len(building_ids), 2_000):
        rows = await models.Resident.filter(
            household__building_id__in=building_ids[start : start + 2_000],
            user_id=None,
            active=True,
        ).values_list("id", "household__building_id")
        for resident_id, building_id in sorted(rows):
            found[int(building_id)].append(int(resident_id))
    return found


class _Rows:
    def __init__(self, first_id: int) -> None:
        self.next_id = first_id
        self.topics: list[models.Topic] = []
        self.steps: list[models.TopicStep] = []
        self.supports: list[models.TopicSupport] = []
        self.follows: list[models.TopicFollow] = []
        self.thresholds: list[models.TopicThresholds] = []

    def community(
        self,
        group: list[models.OrgNode],
        thresholds: workflow.Thresholds,
        residents: dict[int, list[int]],
        staff: dict[str, int],
        rng: random.Random,
        end: datetime,
    ) -> None:
        made: list[models.Topic] = []
        used: dict[int, int] = defaultdict(int)  # residents taken per building so far
        for number, plan in enumerate(PLANS):
            building = group[plan.building]
            people = residents[building.id]
            at = end - timedelta(days=rng.randint(5, 60), minutes=rng.randint(0, 600))
            raiser = _staff_over(staff, building.path)
            first = used[building.id]
            topic = models.Topic(
                id=self.next_id, building_id=building.id, building_path=building.path,
                node_id=building.id, node_path=building.path, level=models.TopicLevel.BUILDING,
                title=plan.title, description=plan.description, category=plan.category,
                raised_by_id=raiser,
                raised_by_resident_id=people[first] if number % 2 == 0 and people else None,
                created_at=at, updated_at=at,
            )  # fmt: skip
            self.next_id += 1
            self._step(topic, S.RAISED, raiser, None, building.id, at)
            count = thresholds.to_grid if plan.supporters < 0 else plan.supporters
            supporters = people[first + 1 : first + 1 + count]
            used[building.id] = first + 1 + count
            for offset, resident_id in enumerate(supporters):
                self.supports.append(
                    models.TopicSupport(
                        topic_id=topic.id,
                        resident_id=resident_id,
                        created_at=at + timedelta(hours=offset + 1),
                    )
                )
            topic.supporter_count = len(supporters)
            if workflow.climbs_by_support(topic.status, topic.level, len(supporters), thresholds):
                note = f"附议人数达到 {thresholds.to_grid} 人，自动上报"
                self._climb(topic, S.AUTO_ESCALATED, None, at + timedelta(days=1), note)
            for climb in range(plan.climbs):
                actor = _staff_over(staff, topic.node_path)
                self._climb(topic, S.ESCALATED, actor, at + timedelta(days=2 + climb), "")
            if plan.decision is not None:
                self._decide(topic, plan, made, staff, at + timedelta(days=5))
            made.append(topic)
            self.topics.append(topic)

    def _climb(
        self, topic: models.Topic, kind: S, actor: int | None, at: datetime, note: str
    ) -> None:
        place = workflow.climb(topic.status, topic.level, topic.building_path)
        self._step(topic, kind, actor, topic.node_id, place.node_id, at, note)
        topic.node_id, topic.node_path, topic.level = place.node_id, place.node_path, place.level
        topic.updated_at = at

    def _decide(
        self,
        topic: models.Topic,
        plan: Plan,
        made: list[models.Topic],
        staff: dict[str, int],
        at: datetime,
    ) -> None:
        assert plan.decision is not None
        workflow.check_decision(topic.status, topic.level)
        workflow.check_reason(plan.decision, plan.note)
        actor = _staff_over(staff, topic.node_path)
        target = made[MERGE_INTO] if plan.decision is workflow.Decision.MERGE else None
        if target is not None:
            workflow.check_merge(
                topic.id, topic.building_path, target.id, target.status, target.building_path
            )
            mine = [s for s in self.supports if s.topic_id == topic.id]
            theirs = {s.resident_id for s in self.supports if s.topic_id == target.id}
            for support in mine:
                if support.resident_id not in theirs:
                    self.supports.append(
                        models.TopicSupport(
                            topic_id=target.id,
                            resident_id=support.resident_id,
                            via_topic_id=topic.id,
                            created_at=at,
                        )
                    )
                    target.supporter_count += 1
            target.updated_at = at
        status, kind = workflow.DECIDED[plan.decision]
        topic.status, topic.decided_at, topic.decided_by_id = status, at, actor
        topic.decision_note, topic.updated_at = plan.note, at
        topic.merged_into_id = target.id if target else None
        to_node = target.node_id if target else None
        self._step(topic, kind, actor, topic.node_id, to_node, at, plan.note)

    def _step(
        self,
        topic: models.Topic,
        kind: S,
        actor: int | None,
        from_node: int | None,
        to_node: int | None,
        at: datetime,
        note: str = "",
    ) -> None:
        self.steps.append(
            models.TopicStep(
                topic_id=topic.id,
                kind=kind,
                actor_id=actor,
                from_node_id=from_node,
                to_node_id=to_node,
                note=note,
                created_at=at,
            )
        )

    def follow(self, user_id: int, path: str, *, only_at_community: bool) -> None:
        for topic in self.topics:
            if not topic.building_path.startswith(path):
                continue
            if only_at_community and topic.level is not models.TopicLevel.COMMUNITY:
                continue
            self.follows.append(models.TopicFollow(topic_id=topic.id, user_id=user_id))


def _staff_over(staff: dict[str, int], path: str) -> int | None:
    """The demo account granted nearest above (or at) the node at `path`, if any."""
    best = max((p for p in staff if path.startswith(p)), key=len, default=None)
    return staff[best] if best is not None else None
