"""Evaluation campaigns (评选活动): the lists and the mutations that run a campaign."""

from datetime import date, datetime
from enum import Enum

import strawberry

import models
import resolvers.evaluations.awards
import resolvers.evaluations.campaigns
import resolvers.evaluations.candidates
import resolvers.evaluations.objections
import resolvers.evaluations.reviews
import resolvers.evaluations.stages
from schema.evaluations.types import (
    EvaluationAward,
    EvaluationCampaign,
    EvaluationCampaignId,
    EvaluationCandidate,
    EvaluationCandidateId,
    EvaluationObjection,
    campaign_pk,
    candidate_pk,
    objection_pk,
)
from schema.info import Info
from schema.inputs import decoded
from schema.mutations import Payload
from schema.org import OrgNodeId, org_node_pk
from schema.paging import ORDER_FIRST, list_field
from schema.people.types import household_pk, resident_pk
from schema.relay import (
    lookup_field,
)
from schema.users import user_pk

ID = strawberry.enum_value("ID", description="By id, in the order they were made.")
CREATED_ASC = strawberry.enum_value("CREATED_ASC", description="Oldest first.")
CREATED_DESC = strawberry.enum_value("CREATED_DESC", description="Newest first.")


@strawberry.enum(description="The order of `evaluationCampaigns`; every order pages by keyset.")
class EvaluationCampaignOrder(Enum):
    ID = ID
    CREATED_DESC = CREATED_DESC
    CREATED_ASC = CREATED_ASC
    TITLE = strawberry.enum_value("TITLE", description="By title (名称), then id.")


@strawberry.enum(description="The order of `evaluationCandidates`; every order pages by keyset.")
class EvaluationCandidateOrder(Enum):
    SCORE_DESC = strawberry.enum_value(
        "SCORE_DESC", description="The ranking (排名): the highest weighted score first."
    )
    NAME = strawberry.enum_value("NAME", description="By name, then id.")
    CREATED_ASC = CREATED_ASC
    ID = ID


@strawberry.enum(description="The order of `evaluationObjections`; every order pages by keyset.")
class EvaluationObjectionOrder(Enum):
    ID = ID
    CREATED_ASC = CREATED_ASC
    CREATED_DESC = CREATED_DESC


@strawberry.enum(description="The order of `evaluationAwards`; every order pages by keyset.")
class EvaluationAwardOrder(Enum):
    ID = ID
    CREATED_DESC = CREATED_DESC
    CREATED_ASC = CREATED_ASC


@strawberry.input(description="Which evaluation campaigns (评选活动) a list holds; conditions AND.")
class EvaluationCampaignFilter:
    node_id: OrgNodeId | None = strawberry.field(
        default=None, description="Only campaigns at nodes in this node's subtree."
    )
    kind: models.CampaignKind | None = strawberry.field(default=None, description="Of this kind.")
    stage: list[models.CampaignStage] | None = strawberry.field(
        default=None, description="In one of these stages."
    )
    search: str | None = strawberry.field(default=None, description="Title contains.")
    period_from: date | None = strawberry.field(
        default=None, description="Only campaigns whose period ends on or after this day."
    )
    period_to: date | None = strawberry.field(
        default=None, description="Only campaigns whose period starts on or before this day."
    )

    def to_filter(self) -> resolvers.evaluations.campaigns.CampaignFilter:
        return decoded(self, resolvers.evaluations.campaigns.CampaignFilter)


@strawberry.input(description="Which candidates (候选对象) a list holds; conditions AND.")
class EvaluationCandidateFilter:
    campaign_id: EvaluationCampaignId | None = strawberry.field(
        default=None, description="Of this campaign; one the viewer cannot read is NOT_FOUND."
    )
    status: list[models.CandidateStatus] | None = strawberry.field(
        default=None, description="In one of these statuses."
    )
    search: str | None = strawberry.field(default=None, description="Name contains.")

    def to_filter(self) -> resolvers.evaluations.candidates.CandidateFilter:
        return decoded(self, resolvers.evaluations.candidates.CandidateFilter)


@strawberry.input(description="Which objections (异议) a list holds; conditions AND.")
class EvaluationObjectionFilter:
    campaign_id: EvaluationCampaignId | None = strawberry.field(
        default=None, description="Of this campaign."
    )
    candidate_id: EvaluationCandidateId | None = strawberry.field(
        default=None, description="About this candidate."
    )
    answered: bool | None = strawberry.field(
        default=None, description="Answered (true) or still open (false)."
    )

    def to_filter(self) -> resolvers.evaluations.objections.ObjectionFilter:
        return decoded(self, resolvers.evaluations.objections.ObjectionFilter)


@strawberry.input(description="Which awards (授予) a list holds; conditions AND.")
class EvaluationAwardFilter:
    campaign_id: EvaluationCampaignId | None = strawberry.field(
        default=None, description="Of this campaign; one the viewer cannot read is NOT_FOUND."
    )
    kind: models.CampaignKind | None = strawberry.field(default=None, description="Of this kind.")
    current: bool | None = strawberry.field(
        default=None, description="Valid today (true) or not (false)."
    )

    def to_filter(self) -> resolvers.evaluations.awards.AwardFilter:
        return decoded(self, resolvers.evaluations.awards.AwardFilter)


@strawberry.input
class CreateEvaluationCampaignInput:
    node_id: strawberry.ID
    kind: models.CampaignKind
    title: str
    period_start: date
    period_end: date


@strawberry.input
class EvaluationWeightInput:
    criterion: models.Criterion
    weight: int


@strawberry.input
class EvaluationScoreInput:
    criterion: models.Criterion
    score: int


@strawberry.input
class NominateEvaluationCandidateInput:
    node_id: strawberry.ID | None = None
    household_id: strawberry.ID | None = None
    resident_id: strawberry.ID | None = None
    user_id: strawberry.ID | None = None
    name: str | None = None


@strawberry.type
class EvaluationCampaignPayload(
    Payload[models.EvaluationCampaign], result=EvaluationCampaign.from_model
):
    campaign: EvaluationCampaign | None = None


@strawberry.type
class EvaluationCandidatePayload(
    Payload[models.EvaluationCandidate], result=EvaluationCandidate.from_model
):
    candidate: EvaluationCandidate | None = None


@strawberry.type
class EvaluationObjectionPayload(
    Payload[models.EvaluationObjection], result=EvaluationObjection.from_model
):
    objection: EvaluationObjection | None = None


@strawberry.type
class EvaluationsQuery:
    evaluation_campaigns = list_field(
        resolvers.evaluations.campaigns.evaluation_campaigns,
        EvaluationCampaignFilter,
        EvaluationCampaignOrder.CREATED_DESC,
        EvaluationCampaign,
        layout=ORDER_FIRST,
    )

    evaluation_campaign = lookup_field(
        resolvers.evaluations.campaigns.evaluation_campaign, campaign_pk, EvaluationCampaign
    )

    evaluation_candidates = list_field(
        resolvers.evaluations.candidates.evaluation_candidates,
        EvaluationCandidateFilter,
        EvaluationCandidateOrder.SCORE_DESC,
        EvaluationCandidate,
        layout=ORDER_FIRST,
    )

    evaluation_objections = list_field(
        resolvers.evaluations.objections.evaluation_objections,
        EvaluationObjectionFilter,
        EvaluationObjectionOrder.CREATED_DESC,
        EvaluationObjection,
        layout=ORDER_FIRST,
    )

    evaluation_awards = list_field(
        resolvers.evaluations.awards.evaluation_awards,
        EvaluationAwardFilter,
        EvaluationAwardOrder.CREATED_DESC,
        EvaluationAward,
        layout=ORDER_FIRST,
    )


@strawberry.type
class EvaluationsMutation:
    @strawberry.mutation
    async def create_evaluation_campaign(
        self, info: Info, input: CreateEvaluationCampaignInput
    ) -> EvaluationCampaignPayload:
        return await EvaluationCampaignPayload.mutate(
            lambda: resolvers.evaluations.campaigns.create_evaluation_campaign(
                info.context,
                resolvers.evaluations.campaigns.NewCampaign(
                    node_id=org_node_pk(input.node_id, "nodeId"),
                    kind=input.kind,
                    title=input.title,
                    period_start=input.period_start,
                    period_end=input.period_end,
                ),
            )
        )

    @strawberry.mutation
    async def set_evaluation_criteria(
        self, info: Info, campaign_id: strawberry.ID, criteria: list[EvaluationWeightInput]
    ) -> EvaluationCampaignPayload:
        return await EvaluationCampaignPayload.mutate(
            lambda: resolvers.evaluations.campaigns.set_evaluation_criteria(
                info.context, campaign_pk(campaign_id), [(c.criterion, c.weight) for c in criteria]
            )
        )

    @strawberry.mutation
    async def open_evaluation_nominations(
        self, info: Info, id: strawberry.ID
    ) -> EvaluationCampaignPayload:
        return await EvaluationCampaignPayload.mutate(
            lambda: resolvers.evaluations.stages.open_evaluation_nominations(
                info.context, campaign_pk(id, "id")
            )
        )

    @strawberry.mutation
    async def open_evaluation_scoring(
        self, info: Info, id: strawberry.ID
    ) -> EvaluationCampaignPayload:
        return await EvaluationCampaignPayload.mutate(
            lambda: resolvers.evaluations.stages.open_evaluation_scoring(
                info.context, campaign_pk(id, "id")
            )
        )

    @strawberry.mutation
    async def publish_evaluation_shortlist(
        self, info: Info, id: strawberry.ID, size: int, objection_ends_at: datetime
    ) -> EvaluationCampaignPayload:
        return await EvaluationCampaignPayload.mutate(
            lambda: resolvers.evaluations.stages.publish_evaluation_shortlist(
                info.context, campaign_pk(id, "id"), size, objection_ends_at
            )
        )

    @strawberry.mutation
    async def award_evaluation_campaign(
        self, info: Info, id: strawberry.ID, valid_until: date, valid_from: date | None = None
    ) -> EvaluationCampaignPayload:
        return await EvaluationCampaignPayload.mutate(
            lambda: resolvers.evaluations.stages.award_evaluation_campaign(
                info.context, campaign_pk(id, "id"), valid_from, valid_until
            )
        )

    @strawberry.mutation
    async def cancel_evaluation_campaign(
        self, info: Info, id: strawberry.ID
    ) -> EvaluationCampaignPayload:
        return await EvaluationCampaignPayload.mutate(
            lambda: resolvers.evaluations.stages.cancel_evaluation_campaign(
                info.context, campaign_pk(id, "id")
            )
        )

    @strawberry.mutation
    async def add_evaluation_reviewer(
        self,
        info: Info,
        campaign_id: strawberry.ID,
        user_id: strawberry.ID,
        type: models.ReviewerType,
    ) -> EvaluationCampaignPayload:
        return await EvaluationCampaignPayload.mutate(
            lambda: resolvers.evaluations.reviews.add_evaluation_reviewer(
                info.context, campaign_pk(campaign_id), user_pk(user_id, "userId"), type
            )
        )

    @strawberry.mutation
    async def nominate_evaluation_candidate(
        self, info: Info, campaign_id: strawberry.ID, input: NominateEvaluationCandidateInput
    ) -> EvaluationCandidatePayload:
        return await EvaluationCandidatePayload.mutate(
            lambda: resolvers.evaluations.candidates.nominate_evaluation_candidate(
                info.context,
                campaign_pk(campaign_id),
                resolvers.evaluations.candidates.Nomination(
                    node_id=org_node_pk.optional(input.node_id, "nodeId"),
                    household_id=household_pk.optional(input.household_id, "householdId"),
                    resident_id=resident_pk.optional(input.resident_id, "residentId"),
                    user_id=user_pk.optional(input.user_id, "userId"),
                    name=input.name,
                ),
            )
        )

    @strawberry.mutation
    async def score_evaluation_candidate(
        self, info: Info, candidate_id: strawberry.ID, scores: list[EvaluationScoreInput]
    ) -> EvaluationCandidatePayload:
        return await EvaluationCandidatePayload.mutate(
            lambda: resolvers.evaluations.reviews.score_evaluation_candidate(
                info.context, candidate_pk(candidate_id), [(s.criterion, s.score) for s in scores]
            )
        )

    @strawberry.mutation
    async def file_evaluation_objection(
        self, info: Info, candidate_id: strawberry.ID, reason: str
    ) -> EvaluationObjectionPayload:
        return await EvaluationObjectionPayload.mutate(
            lambda: resolvers.evaluations.objections.file_evaluation_objection(
                info.context, candidate_pk(candidate_id), reason
            )
        )

    @strawberry.mutation
    async def answer_evaluation_objection(
        self, info: Info, id: strawberry.ID, answer: str, upheld: bool
    ) -> EvaluationObjectionPayload:
        return await EvaluationObjectionPayload.mutate(
            lambda: resolvers.evaluations.objections.answer_evaluation_objection(
                info.context, objection_pk(id), answer, upheld
            )
        )
