"""Points rules (积分条款): a community's list and a street's defaults, versioned."""

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry

import models
import resolvers.points.rules
from resolvers.points.rules import RuleFilter, RuleInput
from schema.ids import IdOf
from schema.info import Info
from schema.inputs import decoded
from schema.mutations import Payload
from schema.org import OrgNode, OrgNodeId, anchor_node, org_node_pk
from schema.paging import list_field
from schema.relay import (
    Node,
)
from schema.rows import FromModel

rule_pk = IdOf("PointRule", "ruleId")
PointRuleId = Annotated[strawberry.ID, rule_pk]


@strawberry.type
class PointRule(Node, FromModel[models.PointRule]):
    row: strawberry.Private[models.PointRule]
    id: strawberry.ID
    code: str
    version: int
    kind: models.PointKind
    category: models.RuleCategory
    description: str
    points: int
    variable: bool
    cap_per_week: int | None
    cap_per_month: int | None
    current: bool
    created_at: datetime

    @strawberry.field
    async def node(self, info: Info) -> OrgNode:
        return await anchor_node(info, self.row.node_id)

    @strawberry.field
    async def copied_from(self, info: Info) -> "PointRule | None":
        if self.row.copied_from_id is None:
            return None
        row = await info.context.loaders.point_rule_by_id.load(self.row.copied_from_id)
        return PointRule.from_model(row) if row is not None else None


@strawberry.type
class PointRulePayload(Payload[models.PointRule], result=PointRule.from_model):
    rule: PointRule | None = None


@strawberry.type
class CopyPointRulesPayload(Payload[list[models.PointRule]]):
    rules: list[PointRule] = strawberry.field(default_factory=list)

    @classmethod
    def from_result(cls, rows: list[models.PointRule], /) -> "CopyPointRulesPayload":
        return cls(rules=[PointRule.from_model(row) for row in rows])


@strawberry.enum
class PointRuleOrder(Enum):
    ID = "ID"
    CODE = "CODE"
    POINTS_DESC = "POINTS_DESC"
    CREATED_DESC = "CREATED_DESC"


@strawberry.input
class PointRuleFilter:
    node_id: OrgNodeId | None = None
    kind: models.PointKind | None = None
    category: models.RuleCategory | None = None
    code: str | None = None
    include_retired: bool = False
    search: str | None = None

    def to_filter(self) -> RuleFilter:
        return decoded(self, RuleFilter)


@strawberry.input
class PointRuleInput:
    description: str
    points: int
    category: models.RuleCategory
    cap_per_week: int | None = None
    cap_per_month: int | None = None
    variable: bool = False

    def to_input(self, kind: models.PointKind = models.PointKind.VOLUNTEER) -> RuleInput:
        return decoded(self, RuleInput, kind=kind)


@strawberry.type
class PointRulesQuery:
    point_rules = list_field(
        resolvers.points.rules.point_rules, PointRuleFilter, PointRuleOrder.CODE, PointRule
    )


@strawberry.type
class PointRulesMutation:
    @strawberry.mutation
    async def create_point_rule(
        self,
        info: Info,
        node_id: strawberry.ID,
        code: str,
        input: PointRuleInput,
        kind: models.PointKind = models.PointKind.VOLUNTEER,
    ) -> PointRulePayload:
        return await PointRulePayload.mutate(
            lambda: resolvers.points.rules.create_point_rule(
                info.context, org_node_pk(node_id, "nodeId"), code, input.to_input(kind)
            )
        )

    @strawberry.mutation
    async def update_point_rule(
        self, info: Info, id: strawberry.ID, input: PointRuleInput
    ) -> PointRulePayload:
        return await PointRulePayload.mutate(
            lambda: resolvers.points.rules.update_point_rule(
                info.context, rule_pk(id, "id"), input.to_input()
            )
        )

    @strawberry.mutation
    async def retire_point_rule(self, info: Info, id: strawberry.ID) -> PointRulePayload:
        return await PointRulePayload.mutate(
            lambda: resolvers.points.rules.retire_point_rule(info.context, rule_pk(id, "id"))
        )

    @strawberry.mutation
    async def copy_point_rules(
        self,
        info: Info,
        community_id: strawberry.ID,
        rule_ids: list[strawberry.ID] | None = None,
    ) -> CopyPointRulesPayload:
        return await CopyPointRulesPayload.mutate(
            lambda: resolvers.points.rules.copy_point_rules(
                info.context,
                org_node_pk(community_id, "communityId"),
                None if rule_ids is None else [rule_pk(pk, "ruleIds") for pk in rule_ids],
            )
        )
