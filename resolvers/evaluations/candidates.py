"""Candidates (候选对象): nominating one inside the campaign's area, reading them with their
ranking, and what a user is to them (`ties_of`, for the self-dealing rule)."""

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError

import models
from models.workflows import evaluations as workflow
from models.workflows.evaluations import Subject
from policies.authorizer import readable_candidates_filter
from policies.rules import Ties, buildings_served, is_cadre_in, self_dealing
from resolvers.audit import trail as audit
from resolvers.auth import active_grants, require_user
from resolvers.context import Context
from resolvers.cursors import CREATED, Key, by
from resolvers.errors import Conflict, Forbidden, Invalid
from resolvers.evaluations.campaigns import campaign_to_run, in_campaign, refusing
from resolvers.filters import listed, narrows, searches
from resolvers.org import get_org_node
from resolvers.pagination import Page, Window, paginate
from resolvers.people.households import get_household
from resolvers.people.residents import get_resident
from resolvers.scoping import Readable, found
from resolvers.text import clean_text
from resolvers.users.accounts import get_user

# (campaign_id, score_centi, id) and (campaign_id, name, id) serve a campaign's ranking.
CANDIDATE_ORDER = {
    "ID": by("EvaluationCandidate.ID"),
    "SCORE_DESC": by("EvaluationCandidate.SCORE_DESC", Key("score_centi", int), descending=True),
    "NAME": by("EvaluationCandidate.NAME", Key("name", str)),
    "CREATED_ASC": by("EvaluationCandidate.CREATED_ASC", CREATED),
}


CANDIDATES = Readable(
    models.EvaluationCandidate,
    readable_candidates_filter,
    "evaluations.no_candidate",
    "candidateId",
)
# The name `node(id:)` (schema/node.py) calls.
get_candidate = CANDIDATES.get


@dataclass(frozen=True)
class CandidateFilter:
    campaign_id: int | None = None
    status: list[models.CandidateStatus] | None = narrows("status__in")
    search: str | None = searches("name")


async def evaluation_candidates(
    ctx: Context, where: CandidateFilter, order: str, window: Window
) -> Page[models.EvaluationCandidate]:
    query = await listed(ctx, CANDIDATES.rows, where)
    query = await in_campaign(ctx, query, where.campaign_id)
    return await paginate(query, CANDIDATE_ORDER[order], window)


async def ties_of(user_id: int) -> Ties:
    """The user's account, resident records, households and buildings."""
    rows = await models.Resident.filter(user_id=user_id).values_list(
        "id", "household_id", "household__building_id"
    )
    grants = await models.RoleGrant.filter(user_id=user_id, revoked_at=None).values("node__path")
    grant_paths: list[str | None] = [row["node__path"] for row in grants]
    return Ties(
        user_id=user_id,
        resident_ids=frozenset(r for r, _, _ in rows),
        household_ids=frozenset(h for _, h, _ in rows),
        building_ids=frozenset(b for _, _, b in rows),
        served_building_ids=buildings_served(grant_paths),
    )


def deals_with_self(
    ties: Ties, campaign: models.EvaluationCampaign, candidate: models.EvaluationCandidate
) -> bool:
    return self_dealing(
        ties,
        workflow.SUBJECT[campaign.kind],
        node_id=candidate.node_id,
        household_id=candidate.household_id,
        resident_id=candidate.resident_id,
        user_id=candidate.user_id,
    )


@dataclass(frozen=True)
class Nomination:
    node_id: int | None = None
    household_id: int | None = None
    resident_id: int | None = None
    user_id: int | None = None
    name: str | None = None


def _inside(path: str, campaign: models.EvaluationCampaign, field: str) -> None:
    if not path.startswith(campaign.node_path):
        raise Invalid("evaluations.outside_area", field=field)


def _needs(value: int | None, field: str, subject: Subject) -> int:
    if value is None:
        raise Invalid("evaluations.subject_needed", field=field, subject=subject)
    return value


async def _subject(
    ctx: Context, campaign: models.EvaluationCampaign, data: Nomination
) -> models.EvaluationCandidate:
    """The candidate row the nomination names, once its subject is read and inside the area."""
    subject = workflow.SUBJECT[campaign.kind]
    row = models.EvaluationCandidate(campaign_id=campaign.id, nominated_by_id=ctx.viewer.user_id)
    if subject in (Subject.BUILDING, Subject.MERCHANT):
        node_id = _needs(data.node_id, "nodeId", subject)
        node = found(await get_org_node(ctx, node_id), "org.no_node", "nodeId")
        _inside(node.path, campaign, "nodeId")
        if subject is Subject.BUILDING:
            if node.level is not models.OrgLevel.BUILDING:
                raise Invalid("org.wrong_level", field="nodeId", level=models.OrgLevel.BUILDING,
                              actual=node.level)  # fmt: skip
            row.name, row.subject_key = node.name, f"node:{node.id}"
        else:
            name = clean_text(data.name or "", "name", limit=100, what="A name")
            row.name, row.subject_key = name, f"merchant:{node.id}:{name}"
        row.node_id = node.id
    elif subject is Subject.HOUSEHOLD:
        household = found(
            await get_household(ctx, _needs(data.household_id, "householdId", subject)),
            "people.no_household",
            "householdId",
        )
        _inside(household.building_path, campaign, "householdId")
        row.household_id, row.node_id = household.id, household.building_id
        row.name = f"{household.building.name} {household.number}"
        row.subject_key = f"household:{household.id}"
    elif subject is Subject.PARTY_MEMBER:
        resident = found(
            await get_resident(ctx, _needs(data.resident_id, "residentId", subject)),
            "people.no_resident",
            "residentId",
        )
        _inside(resident.household.building.path, campaign, "residentId")
        if not await models.PartyMember.exists(resident_id=resident.id):
            raise Invalid("evaluations.not_party_member", field="residentId")
        row.resident_id, row.household_id = resident.id, resident.household_id
        row.name, row.subject_key = resident.name, f"resident:{resident.id}"
    else:
        user = found(
            await get_user(ctx, _needs(data.user_id, "userId", subject)), "users.no_user", "userId"
        )
        grants = [(g.role, g.path) for g in await active_grants(user.id)]
        if not is_cadre_in(grants, campaign.node_path):
            raise Invalid("evaluations.not_cadre_here", field="userId")
        row.user_id, row.name, row.subject_key = user.id, user.display_name, f"user:{user.id}"
    return row


async def nominate_evaluation_candidate(
    ctx: Context, campaign_id: int, data: Nomination
) -> models.EvaluationCandidate:
    campaign = await campaign_to_run(ctx, campaign_id, lock=True)
    with refusing():
        workflow.require(workflow.Activity.NOMINATE, campaign.stage)
    candidate = await _subject(ctx, campaign, data)
    user = require_user(ctx)
    if deals_with_self(await ties_of(user.id), campaign, candidate):
        raise Forbidden("evaluations.self_dealing", field="campaignId")
    if await models.EvaluationCandidate.filter(campaign_id=campaign.id).count() >= (
        workflow.MAX_CANDIDATES
    ):
        raise Invalid("evaluations.too_many_candidates", field="campaignId",
                      limit=workflow.MAX_CANDIDATES)  # fmt: skip
    try:
        await candidate.save()
    except IntegrityError as error:  # the unique (campaign, subject) index decides
        raise Conflict("evaluations.nominated_already", field="campaignId") from error
    audit.touched(ctx, candidate)
    return candidate
