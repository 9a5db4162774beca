"""Evaluations (评选): campaigns for model buildings, families, merchants, party members and
cadres, their criteria, candidates, reviewers, scores, objections and awards.

The stages and what each allows live in models/workflows/evaluations.py; who may do what in
policies/.
"""

from enum import StrEnum

from tortoise import fields
from tortoise.fields import CASCADE, RESTRICT
from tortoise.models import Model

from models.base import IdMixin, TimestampMixin, fk, nullable_fk
from models.org import OrgNode
from models.people import Household, Resident
from models.users import User


class CampaignKind(StrEnum):
    MODEL_BUILDING = "MODEL_BUILDING"  # 红色美丽楼栋
    MODEL_FAMILY = "MODEL_FAMILY"  # 美丽家庭
    RED_STAR_MERCHANT = "RED_STAR_MERCHANT"  # 红星商户
    OUTSTANDING_PARTY_MEMBER = "OUTSTANDING_PARTY_MEMBER"  # 优秀党员
    MODEL_CADRE = "MODEL_CADRE"  # 最美干部


class CampaignStage(StrEnum):
    DRAFT = "DRAFT"
    NOMINATING = "NOMINATING"
    SCORING = "SCORING"
    SHORTLIST = "SHORTLIST"  # 公示: published, open to objections until objection_ends_at
    AWARDED = "AWARDED"
    CANCELLED = "CANCELLED"


class Criterion(StrEnum):
    # The five goods (五好), scored 0-100 by reviewers.
    ENVIRONMENT = "ENVIRONMENT"  # 环境卫生好
    NEIGHBOURLINESS = "NEIGHBOURLINESS"  # 邻里关系好
    LAW_ABIDING = "LAW_ABIDING"  # 遵纪守法好
    PUBLIC_MORALITY = "PUBLIC_MORALITY"  # 社会公德好
    HONESTY = "HONESTY"  # 诚实守信好
    # Computed from the points ledger, 0-100 relative to the best candidate.
    VOLUNTEER_POINTS = "VOLUNTEER_POINTS"  # 志愿积分 (per household)
    DUTY_POINTS = "DUTY_POINTS"  # 履职积分


class ReviewerType(StrEnum):
    COMMUNITY = "COMMUNITY"  # 社区
    OWNERS_COMMITTEE = "OWNERS_COMMITTEE"  # 业委会
    RESIDENT_REPRESENTATIVE = "RESIDENT_REPRESENTATIVE"  # 居民代表


class CandidateStatus(StrEnum):
    NOMINATED = "NOMINATED"
    SHORTLISTED = "SHORTLISTED"  # on the published shortlist (公示名单)
    STRUCK = "STRUCK"  # taken off the shortlist by an upheld objection
    AWARDED = "AWARDED"


class EvaluationCampaign(IdMixin, TimestampMixin, Model):
    """A campaign (评选活动) at a node for one kind of title and a period."""

    node: fields.ForeignKeyRelation[OrgNode] = fk("OrgNode", "evaluation_campaigns", RESTRICT)
    node_id: int
    # The node's path, copied for the scope filter (see Case.node_path, models/paths.py).
    node_path = fields.CharField(max_length=255, db_index=True)
    kind = fields.CharEnumField(CampaignKind, max_length=32)
    title = fields.CharField(max_length=100)
    period_start = fields.DateField()
    period_end = fields.DateField()
    stage = fields.CharEnumField(CampaignStage, max_length=16, default=CampaignStage.DRAFT)
    shortlist_size = fields.IntField(null=True)
    objection_ends_at = fields.DatetimeField(null=True)
    created_by: fields.ForeignKeyNullableRelation[User] = nullable_fk(
        "User", "evaluation_campaigns_created"
    )
    created_by_id: int | None

    class Meta:
        table = "evaluation_campaign"
        indexes = (("created_at", "id"), ("title", "id"))


class EvaluationCriterion(IdMixin, Model):
    """A criterion of a campaign and its weight (0-100, the weights of a campaign sum above 0)."""

    campaign: fields.ForeignKeyRelation[EvaluationCampaign] = fk(
        "EvaluationCampaign", "criteria", CASCADE
    )
    campaign_id: int
    criterion = fields.CharEnumField(Criterion, max_length=24)
    weight = fields.IntField()

    class Meta:
        table = "evaluation_criterion"
        unique_together = (("campaign", "criterion"),)


class EvaluationCandidate(IdMixin, Model):
    """A candidate: a building, a household, a resident, a cadre's account, or a merchant (a
    name at a node). `subject_key` names the subject once per campaign."""

    campaign: fields.ForeignKeyRelation[EvaluationCampaign] = fk(
        "EvaluationCampaign", "candidates", CASCADE
    )
    campaign_id: int
    subject_key = fields.CharField(max_length=140)
    name = fields.CharField(max_length=100)
    node: fields.ForeignKeyNullableRelation[OrgNode] = nullable_fk(
        "OrgNode", "evaluation_candidacies", RESTRICT, db_index=True
    )
    node_id: int | None
    household: fields.ForeignKeyNullableRelation[Household] = nullable_fk(
        "Household", "evaluation_candidacies", RESTRICT, db_index=True
    )
    household_id: int | None
    resident: fields.ForeignKeyNullableRelation[Resident] = nullable_fk(
        "Resident", "evaluation_candidacies", RESTRICT, db_index=True
    )
    resident_id: int | None
    user: fields.ForeignKeyNullableRelation[User] = nullable_fk(
        "User", "evaluation_candidacies", RESTRICT, db_index=True
    )
    user_id: int | None
    status = fields.CharEnumField(CandidateStatus, max_length=16, default=CandidateStatus.NOMINATED)
    # The weighted average of all criteria in hundredths (0-10000), recomputed in SQL whenever
    # a score is written or the computed criterion is refreshed.
    score_centi = fields.IntField(default=0)
    # The computed criterion: the raw points figure (hundredths) and its 0-10000 score.
    points_centi = fields.IntField(default=0)
    points_score_centi = fields.IntField(default=0)
    nominated_by: fields.ForeignKeyNullableRelation[User] = nullable_fk(
        "User", "evaluation_nominations"
    )
    nominated_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "evaluation_candidate"
        unique_together = (("campaign", "subject_key"),)
        indexes = (("campaign_id", "score_centi", "id"), ("campaign_id", "name", "id"))


class EvaluationReviewer(IdMixin, Model):
    """A user assigned to review (民主评议) a campaign, as community, owners' committee or
    resident representative."""

    campaign: fields.ForeignKeyRelation[EvaluationCampaign] = fk(
        "EvaluationCampaign", "reviewers", CASCADE
    )
    campaign_id: int
    user: fields.ForeignKeyRelation[User] = fk("User", "evaluation_reviews", CASCADE, db_index=True)
    user_id: int
    type = fields.CharEnumField(ReviewerType, max_length=24)
    assigned_by: fields.ForeignKeyNullableRelation[User] = nullable_fk(
        "User", "evaluation_reviewers_assigned"
    )
    assigned_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "evaluation_reviewer"
        unique_together = (("campaign", "user"),)


class EvaluationScore(IdMixin, Model):
    """One reviewer's score (0-100) of one candidate on one criterion: written once, never
    changed (a unique index refuses a second)."""

    campaign: fields.ForeignKeyRelation[EvaluationCampaign] = fk(
        "EvaluationCampaign", "scores", CASCADE
    )
    campaign_id: int
    candidate: fields.ForeignKeyRelation[EvaluationCandidate] = fk(
        "EvaluationCandidate", "scores", CASCADE
    )
    candidate_id: int
    reviewer: fields.ForeignKeyRelation[EvaluationReviewer] = fk(
        "EvaluationReviewer", "scores", CASCADE, db_index=True
    )
    reviewer_id: int
    criterion = fields.CharEnumField(Criterion, max_length=24)
    score = fields.IntField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "evaluation_score"
        unique_together = (("candidate", "reviewer", "criterion"),)


class EvaluationObjection(IdMixin, Model):
    """An objection (异议) to a shortlisted candidate during the public notice, and its answer."""

    campaign: fields.ForeignKeyRelation[EvaluationCampaign] = fk(
        "EvaluationCampaign", "objections", CASCADE
    )
    campaign_id: int
    candidate: fields.ForeignKeyRelation[EvaluationCandidate] = fk(
        "EvaluationCandidate", "objections", CASCADE, db_index=True
    )
    candidate_id: int
    filed_by: fields.ForeignKeyRelation[User] = fk(
        "User", "evaluation_objections", CASCADE, db_index=True
    )
    filed_by_id: int
    reason = fields.CharField(max_length=1000)
    answer = fields.CharField(max_length=1000, default="")
    upheld = fields.BooleanField(null=True)
    answered_by: fields.ForeignKeyNullableRelation[User] = nullable_fk(
        "User", "evaluation_objections_answered"
    )
    answered_by_id: int | None
    answered_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "evaluation_objection"
        indexes = (("campaign_id", "created_at", "id"), ("created_at", "id"))


class EvaluationAward(IdMixin, Model):
    """A title awarded (授予) to a candidate, valid from one day to another. The subject's ids
    are copied from the candidate so that a building, household or person finds its titles."""

    campaign: fields.ForeignKeyRelation[EvaluationCampaign] = fk(
        "EvaluationCampaign", "awards", CASCADE
    )
    campaign_id: int
    candidate: fields.OneToOneRelation[EvaluationCandidate] = fields.OneToOneField(
        "models.EvaluationCandidate", related_name="award", on_delete=CASCADE
    )
    candidate_id: int
    kind = fields.CharEnumField(CampaignKind, max_length=32)
    title = fields.CharField(max_length=100)
    name = fields.CharField(max_length=100)
    node: fields.ForeignKeyNullableRelation[OrgNode] = nullable_fk(
        "OrgNode", "evaluation_awards", RESTRICT, db_index=True
    )
    node_id: int | None
    household: fields.ForeignKeyNullableRelation[Household] = nullable_fk(
        "Household", "evaluation_awards", RESTRICT, db_index=True
    )
    household_id: int | None
    resident: fields.ForeignKeyNullableRelation[Resident] = nullable_fk(
        "Resident", "evaluation_awards", RESTRICT, db_index=True
    )
    resident_id: int | None
    user: fields.ForeignKeyNullableRelation[User] = nullable_fk(
        "User", "evaluation_awards", RESTRICT, db_index=True
    )
    user_id: int | None
    valid_from = fields.DateField()
    valid_until = fields.DateField()
    awarded_by: fields.ForeignKeyNullableRelation[User] = nullable_fk(
        "User", "evaluation_awards_given"
    )
    awarded_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "evaluation_award"
        indexes = (("created_at", "id"), ("valid_until", "id"))
