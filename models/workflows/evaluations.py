"""The evaluation workflow (评选): DRAFT -> NOMINATING -> SCORING -> SHORTLIST (公示, open to
objections until its end) -> AWARDED, or CANCELLED from any stage before AWARDED.

Pure: the steps and the stages they lead from and to, what each stage allows (criteria,
nominations, reviewers, scores, objections), the criteria each kind of campaign takes and their
default weights, the checks of weights, scores, periods and the shortlist, and how the computed
points criterion becomes a 0-100 score. The resolvers write what it decides and the seed drives
the same functions; who may do what is decided in policies/.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from models.evaluations import (
    CampaignKind,
    CampaignStage,
    Criterion,
    EvaluationCampaign,
    EvaluationCandidate,
)
from models.workflows.refusals import RuleRefusal

S = CampaignStage
K = CampaignKind


class Step(StrEnum):
    OPEN_NOMINATIONS = "OPEN_NOMINATIONS"
    OPEN_SCORING = "OPEN_SCORING"
    PUBLISH_SHORTLIST = "PUBLISH_SHORTLIST"
    AWARD = "AWARD"
    CANCEL = "CANCEL"


TRANSITIONS: dict[Step, tuple[frozenset[CampaignStage], CampaignStage]] = {
    Step.OPEN_NOMINATIONS: (frozenset({S.DRAFT}), S.NOMINATING),
    Step.OPEN_SCORING: (frozenset({S.NOMINATING}), S.SCORING),
    Step.PUBLISH_SHORTLIST: (frozenset({S.SCORING}), S.SHORTLIST),
    Step.AWARD: (frozenset({S.SHORTLIST}), S.AWARDED),
    Step.CANCEL: (frozenset({S.DRAFT, S.NOMINATING, S.SCORING, S.SHORTLIST}), S.CANCELLED),
}


class Activity(StrEnum):
    """What a campaign's stage allows besides its steps."""

    SET_CRITERIA = "SET_CRITERIA"
    NOMINATE = "NOMINATE"
    ASSIGN_REVIEWER = "ASSIGN_REVIEWER"
    SCORE = "SCORE"
    OBJECT = "OBJECT"
    ANSWER_OBJECTION = "ANSWER_OBJECTION"


ALLOWED_IN: dict[Activity, frozenset[CampaignStage]] = {
    Activity.SET_CRITERIA: frozenset({S.DRAFT}),
    Activity.NOMINATE: frozenset({S.DRAFT, S.NOMINATING}),
    Activity.ASSIGN_REVIEWER: frozenset({S.DRAFT, S.NOMINATING}),
    Activity.SCORE: frozenset({S.SCORING}),
    Activity.OBJECT: frozenset({S.SHORTLIST}),
    Activity.ANSWER_OBJECTION: frozenset({S.SHORTLIST}),
}
# Stages whose shortlist (and then awards) residents of the campaign's area read (公示).
PUBLISHED = frozenset({S.SHORTLIST, S.AWARDED})

FIVE_GOODS = (
    Criterion.ENVIRONMENT,
    Criterion.NEIGHBOURLINESS,
    Criterion.LAW_ABIDING,
    Criterion.PUBLIC_MORALITY,
    Criterion.HONESTY,
)
# The criterion each kind computes from the points ledger (none for merchants).
COMPUTED: dict[CampaignKind, Criterion | None] = {
    K.MODEL_BUILDING: Criterion.VOLUNTEER_POINTS,
    K.MODEL_FAMILY: Criterion.VOLUNTEER_POINTS,
    K.RED_STAR_MERCHANT: None,
    K.OUTSTANDING_PARTY_MEMBER: Criterion.DUTY_POINTS,
    K.MODEL_CADRE: Criterion.DUTY_POINTS,
}
SCORES = range(101)  # a reviewer's score, and a weight
MAX_SHORTLIST = 100
MAX_OBJECTION_PERIOD = timedelta(days=30)
MAX_CAMPAIGN_DAYS = 2 * 366
MAX_AWARD_DAYS = 5 * 366
MAX_CANDIDATES = 500  # per campaign: the ranking and its export are read whole


class Subject(StrEnum):
    """What a campaign's candidates are."""

    BUILDING = "BUILDING"
    HOUSEHOLD = "HOUSEHOLD"
    MERCHANT = "MERCHANT"  # a name at a node (no merchant register exists)
    PARTY_MEMBER = "PARTY_MEMBER"
    CADRE = "CADRE"  # a user account


SUBJECT: dict[CampaignKind, Subject] = {
    K.MODEL_BUILDING: Subject.BUILDING,
    K.MODEL_FAMILY: Subject.HOUSEHOLD,
    K.RED_STAR_MERCHANT: Subject.MERCHANT,
    K.OUTSTANDING_PARTY_MEMBER: Subject.PARTY_MEMBER,
    K.MODEL_CADRE: Subject.CADRE,
}


class WorkflowError(RuleRefusal):
    """A refusal with a message key (resolvers.messages) and its parameters."""


class Refused(WorkflowError):
    """Not in the campaign's current stage, or not yet (INVALID_TRANSITION)."""

    moves = True


class Broken(WorkflowError):
    """The input breaks a rule (INVALID)."""


def criteria_of(kind: CampaignKind) -> tuple[Criterion, ...]:
    computed = COMPUTED[kind]
    return FIVE_GOODS if computed is None else (*FIVE_GOODS, computed)


def default_weights(kind: CampaignKind) -> dict[Criterion, int]:
    """The five goods alike; with points, 16 each and 20 for the points (100 in all)."""
    if COMPUTED[kind] is None:
        return dict.fromkeys(FIVE_GOODS, 20)
    return {**dict.fromkeys(FIVE_GOODS, 16), COMPUTED[kind]: 20}  # type: ignore[dict-item]


def check_weights(
    kind: CampaignKind, weights: Sequence[tuple[Criterion, int]]
) -> dict[Criterion, int]:
    """Each criterion of the kind at most once, each weight 0-100, their sum above 0; a
    criterion left out weighs 0."""
    allowed = criteria_of(kind)
    checked: dict[Criterion, int] = dict.fromkeys(allowed, 0)
    seen: set[Criterion] = set()
    for criterion, weight in weights:
        if criterion not in allowed:
            raise Broken("evaluations.criterion_not_of_kind", "criteria", criterion=criterion)
        if criterion in seen:
            raise Broken("evaluations.criterion_twice", "criteria", criterion=criterion)
        if weight not in SCORES:
            raise Broken("evaluations.weight_range", "criteria", criterion=criterion)
        seen.add(criterion)
        checked[criterion] = weight
    if sum(checked.values()) <= 0:
        raise Broken("evaluations.weights_zero", "criteria")
    return checked


def check_period(start: date, end: date) -> None:
    if end < start:
        raise Broken("evaluations.period_order", "periodEnd")
    if (end - start).days > MAX_CAMPAIGN_DAYS:
        raise Broken("evaluations.period_long", "periodEnd", days=MAX_CAMPAIGN_DAYS)


def next_stage(step: Step, current: CampaignStage) -> CampaignStage:
    sources, target = TRANSITIONS[step]
    if current not in sources:
        raise Refused("evaluations.wrong_stage", "id", stage=current)
    return target


def require(activity: Activity, current: CampaignStage, field: str = "campaignId") -> None:
    if current not in ALLOWED_IN[activity]:
        raise Refused("evaluations.wrong_stage", field, stage=current)


def check_score(criterion: Criterion, score: int, kind: CampaignKind) -> None:
    """Reviewers score the five goods, 0-100; the points criterion is computed."""
    if criterion not in FIVE_GOODS:
        if criterion in criteria_of(kind):
            raise Broken("evaluations.computed_criterion", "scores", criterion=criterion)
        raise Broken("evaluations.criterion_not_of_kind", "scores", criterion=criterion)
    if score not in SCORES:
        raise Broken("evaluations.score_range", "scores", criterion=criterion)


def check_open_scoring(candidates: int, reviewers: int) -> None:
    if candidates == 0:
        raise Refused("evaluations.no_candidates", "id")
    if reviewers == 0:
        raise Refused("evaluations.no_reviewers", "id")


def check_publish(size: int, objection_ends_at: datetime, now: datetime) -> None:
    if not 1 <= size <= MAX_SHORTLIST:
        raise Broken("evaluations.shortlist_size", "size", limit=MAX_SHORTLIST)
    if objection_ends_at <= now:
        raise Broken("evaluations.objection_end_past", "objectionEndsAt")
    if objection_ends_at - now > MAX_OBJECTION_PERIOD:
        raise Broken(
            "evaluations.objection_period_long",
            "objectionEndsAt",
            days=MAX_OBJECTION_PERIOD.days,
        )


def shortlist(ranked: Sequence[tuple[int, int]], size: int) -> list[int]:
    """The ids on the shortlist from (candidate id, score) pairs: the best `size`, and any tied
    with the last of them (a tie is never broken by id)."""
    ordered = sorted(ranked, key=lambda pair: (-pair[1], pair[0]))
    if len(ordered) <= size:
        return [pk for pk, _ in ordered]
    cut = ordered[size - 1][1]
    return [pk for pk, score in ordered if score >= cut]


def check_objection(stage: CampaignStage, ends_at: datetime | None, now: datetime) -> None:
    """Objections are filed while the shortlist is published and its period runs."""
    require(Activity.OBJECT, stage)
    if ends_at is None or now >= ends_at:
        raise Refused("evaluations.objection_period_over", "candidateId")


@dataclass(frozen=True)
class AwardPlan:
    valid_from: date
    valid_until: date


def check_award(
    ends_at: datetime | None,
    open_objections: int,
    now: datetime,
    valid_from: date,
    valid_until: date,
) -> AwardPlan:
    """Awards follow the shortlist once its objection period is over and every objection is
    answered; a title is valid for at most MAX_AWARD_DAYS."""
    if ends_at is None or now < ends_at:
        raise Refused("evaluations.objection_period_runs", "id")
    if open_objections:
        raise Refused("evaluations.objections_open", "id", n=open_objections)
    if valid_until < valid_from:
        raise Broken("evaluations.validity_order", "validUntil")
    if (valid_until - valid_from).days > MAX_AWARD_DAYS:
        raise Broken("evaluations.validity_long", "validUntil", days=MAX_AWARD_DAYS)
    return AwardPlan(valid_from, valid_until)


def points_scores(points: Mapping[int, int]) -> dict[int, int]:
    """The computed criterion's score (hundredths, 0-10000) of each candidate from its points
    figure: relative to the best candidate's; nothing (or only negative figures) scores 0."""
    best = max(points.values(), default=0)
    if best <= 0:
        return dict.fromkeys(points, 0)
    return {pk: max(0, value) * 10_000 // best for pk, value in points.items()}


def award_subject(
    kind: CampaignKind,
    *,
    node_id: int | None,
    household_id: int | None,
    resident_id: int | None,
    user_id: int | None,
) -> dict[str, int | None]:
    """Where an award shows as a current title: a model building on the building, a merchant's
    on its node, a model family on its household, a party member on the resident, a cadre on
    the account (a candidate's other ids, such as a family's building, are not its own)."""
    subject = SUBJECT[kind]
    return {
        "node_id": node_id if subject in (Subject.BUILDING, Subject.MERCHANT) else None,
        "household_id": household_id if subject is Subject.HOUSEHOLD else None,
        "resident_id": resident_id if subject is Subject.PARTY_MEMBER else None,
        "user_id": user_id if subject is Subject.CADRE else None,
    }


def award_values(
    campaign: EvaluationCampaign,
    winner: EvaluationCandidate,
    valid_from: date,
    valid_until: date,
    awarded_by_id: int | None,
) -> dict[str, Any]:
    """The award (授予) of a campaign's title to a shortlisted winner, valid between two days."""
    return {
        "campaign_id": campaign.id,
        "candidate_id": winner.id,
        "kind": campaign.kind,
        "title": campaign.title,
        "name": winner.name,
        "valid_from": valid_from,
        "valid_until": valid_until,
        "awarded_by_id": awarded_by_id,
        **award_subject(
            campaign.kind,
            node_id=winner.node_id,
            household_id=winner.household_id,
            resident_id=winner.resident_id,
            user_id=winner.user_id,
        ),
    }


def is_current(valid_from: date, valid_until: date, day: date) -> bool:
    return valid_from <= day <= valid_until
