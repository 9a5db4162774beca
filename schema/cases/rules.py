"""Community rules for cases, and the duty-points ledger."""

from typing import Self

import strawberry

import models
import resolvers.cases.rules
from schema.info import Info
from schema.mutations import Payload
from schema.org import org_node_pk


@strawberry.type
class CaseCategory:
    code: str
    name: str


@strawberry.type
class CaseRulesPayload(Payload[dict[str, str] | None]):
    ok: bool = False
    categories: list[CaseCategory] = strawberry.field(default_factory=list)

    @classmethod
    def from_result(cls, categories: dict[str, str] | None, /) -> Self:
        """The community's categories after adding one; None after setting a rule."""
        return cls(ok=True, categories=_categories(categories or {}))


@strawberry.type
class DutyPointEntry:
    amount: int
    reason: str


@strawberry.type
class DutyPoints:
    total: int
    entries: list[DutyPointEntry] = strawberry.field(description="Newest first, at most 100.")


def _categories(mapping: dict[str, str]) -> list[CaseCategory]:
    return [CaseCategory(code=code, name=name) for code, name in mapping.items()]


@strawberry.type
class CaseRulesQuery:
    @strawberry.field(description="Built-in categories plus the community's own.")
    async def case_categories(self, info: Info, community_id: strawberry.ID) -> list[CaseCategory]:
        pk = org_node_pk(community_id, "communityId")
        return _categories(await resolvers.cases.rules.case_categories(info.context, pk))

    @strawberry.field(description="The signed-in user's duty points (履职积分).")
    async def my_duty_points(self, info: Info) -> DutyPoints:
        total, rows = await resolvers.cases.rules.my_duty_points(info.context)
        return DutyPoints(
            total=total, entries=[DutyPointEntry(amount=r.amount, reason=r.reason) for r in rows]
        )


@strawberry.type
class CaseRulesMutation:
    @strawberry.mutation
    async def add_case_category(
        self, info: Info, community_id: strawberry.ID, code: str, name: str
    ) -> CaseRulesPayload:
        return await CaseRulesPayload.mutate(
            lambda: resolvers.cases.rules.add_case_category(
                info.context, org_node_pk(community_id, "communityId"), code, name
            ),
        )

    @strawberry.mutation(description="Hours to accept and to resolve, per kind (and category).")
    async def set_case_deadline(
        self,
        info: Info,
        community_id: strawberry.ID,
        kind: models.CaseKind,
        accept_hours: int,
        resolve_hours: int,
        category: str | None = None,
    ) -> CaseRulesPayload:
        return await CaseRulesPayload.mutate(
            lambda: resolvers.cases.rules.set_case_deadline(
                info.context,
                org_node_pk(community_id, "communityId"),
                kind,
                category,
                accept_hours,
                resolve_hours,
            ),
        )

    @strawberry.mutation(description="Duty points credited when a case of this kind is verified.")
    async def set_duty_point_rule(
        self, info: Info, community_id: strawberry.ID, kind: models.CaseKind, points: int
    ) -> CaseRulesPayload:
        return await CaseRulesPayload.mutate(
            lambda: resolvers.cases.rules.set_duty_point_rule(
                info.context, org_node_pk(community_id, "communityId"), kind, points
            ),
        )
