"""Evaluations (评选) as read: campaigns, criteria, candidates with their ranking, reviewers,
objections and awards. Descriptions live in schema/descriptions/evaluations.py."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
import resolvers.evaluations.campaigns
import resolvers.evaluations.reviews
from models.workflows.evaluations import SUBJECT, Subject
from schema.ids import IdOf
from schema.info import Info
from schema.relay import Node
from schema.rows import FromModel, load_optional

if TYPE_CHECKING:
    from schema.org import OrgNode
    from schema.people.types import Household, Resident

strawberry.enum(models.CampaignKind, name="EvaluationKind")
strawberry.enum(models.CampaignStage, name="EvaluationStage")
strawberry.enum(models.Criterion, name="EvaluationCriterionKind")
strawberry.enum(models.ReviewerType, name="EvaluationReviewerType")
strawberry.enum(models.CandidateStatus, name="EvaluationCandidateStatus")
strawberry.enum(Subject, name="EvaluationSubject")

LazyOrgNode = Annotated["OrgNode", strawberry.lazy("schema.org")]
LazyHousehold = Annotated["Household", strawberry.lazy("schema.people.types")]
LazyResident = Annotated["Resident", strawberry.lazy("schema.people.types")]


def _centi(value: int) -> float:
    return value / 100


@strawberry.type
class EvaluationCriterion(FromModel[models.EvaluationCriterion]):
    criterion: models.Criterion
    weight: int


@strawberry.type
class EvaluationReviewer(FromModel[models.EvaluationReviewer]):
    row: strawberry.Private[models.EvaluationReviewer]
    type: models.ReviewerType

    @strawberry.field
    async def display_name(self, info: Info) -> str:
        return await resolvers.evaluations.reviews.reviewer_name(info.context, self.row)


@strawberry.type
class EvaluationCampaign(Node, FromModel[models.EvaluationCampaign]):
    row: strawberry.Private[models.EvaluationCampaign]
    id: strawberry.ID
    kind: models.CampaignKind
    title: str
    period_start: date
    period_end: date
    stage: models.CampaignStage
    shortlist_size: int | None
    objection_ends_at: datetime | None
    created_at: datetime

    @strawberry.field
    def subject(self) -> Subject:
        return SUBJECT[self.row.kind]

    @strawberry.field
    async def node(self, info: Info) -> LazyOrgNode:
        from schema.org import anchor_node

        return await anchor_node(info, self.row.node_id)

    @strawberry.field
    async def criteria(self, info: Info) -> list[EvaluationCriterion]:
        rows = await resolvers.evaluations.campaigns.criteria(info.context, self.row)
        return [EvaluationCriterion.from_model(row) for row in rows]

    @strawberry.field
    async def reviewers(self, info: Info) -> list[EvaluationReviewer]:
        rows = await resolvers.evaluations.reviews.evaluation_reviewers(info.context, self.row)
        return [EvaluationReviewer.from_model(row) for row in rows]


@strawberry.type
class EvaluationCandidate(Node, FromModel[models.EvaluationCandidate]):
    row: strawberry.Private[models.EvaluationCandidate]
    id: strawberry.ID
    name: str
    status: models.CandidateStatus
    created_at: datetime

    @strawberry.field
    def score(self) -> float:
        return _centi(self.row.score_centi)

    @strawberry.field
    def points(self) -> float:
        return _centi(self.row.points_centi)

    @strawberry.field
    def points_score(self) -> float:
        return _centi(self.row.points_score_centi)

    @strawberry.field
    async def rank(self, info: Info) -> int | None:
        return await info.context.loaders.rank_by_candidate_id.load(self.row.id)

    @strawberry.field
    async def campaign(self, info: Info) -> EvaluationCampaign | None:
        loader = info.context.loaders.campaign_by_id
        return await load_optional(loader, self.row.campaign_id, EvaluationCampaign.from_model)

    @strawberry.field
    async def node(self, info: Info) -> LazyOrgNode | None:
        from schema.org import OrgNode

        loader = info.context.loaders.org_node_by_id
        return await load_optional(loader, self.row.node_id, OrgNode.from_model)

    @strawberry.field
    async def household(self, info: Info) -> LazyHousehold | None:
        from schema.people.types import Household

        loader = info.context.loaders.household_by_id
        return await load_optional(loader, self.row.household_id, Household.from_model)

    @strawberry.field
    async def resident(self, info: Info) -> LazyResident | None:
        from schema.people.types import resident_of

        return await resident_of(info, self.row.resident_id)


@strawberry.type
class EvaluationObjection(Node, FromModel[models.EvaluationObjection]):
    row: strawberry.Private[models.EvaluationObjection]
    id: strawberry.ID
    reason: str
    answer: str
    upheld: bool | None
    answered_at: datetime | None
    created_at: datetime

    @strawberry.field
    async def candidate(self, info: Info) -> EvaluationCandidate | None:
        loader = info.context.loaders.candidate_by_id
        return await load_optional(loader, self.row.candidate_id, EvaluationCandidate.from_model)

    @strawberry.field
    async def campaign(self, info: Info) -> EvaluationCampaign | None:
        loader = info.context.loaders.campaign_by_id
        return await load_optional(loader, self.row.campaign_id, EvaluationCampaign.from_model)


@strawberry.type
class EvaluationAward(Node, FromModel[models.EvaluationAward]):
    row: strawberry.Private[models.EvaluationAward]
    id: strawberry.ID
    kind: models.CampaignKind
    title: str
    name: str
    valid_from: date
    valid_until: date
    created_at: datetime

    @strawberry.field
    async def campaign(self, info: Info) -> EvaluationCampaign | None:
        loader = info.context.loaders.campaign_by_id
        return await load_optional(loader, self.row.campaign_id, EvaluationCampaign.from_model)


def awards_of(rows: list[models.EvaluationAward]) -> list[EvaluationAward]:
    return [EvaluationAward.from_model(row) for row in rows]


campaign_pk = IdOf("EvaluationCampaign", "campaignId")
candidate_pk = IdOf("EvaluationCandidate", "candidateId")
objection_pk = IdOf("EvaluationObjection")
award_pk = IdOf("EvaluationAward")
EvaluationCampaignId = Annotated[strawberry.ID, campaign_pk]
EvaluationCandidateId = Annotated[strawberry.ID, candidate_pk]
