"""`node(id)`: any object by global id; missing and out of scope both give null."""

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

import resolvers.activities.reading
import resolvers.alerts.reading
import resolvers.cases.reading
import resolvers.conventions.lists
import resolvers.devices.reading
import resolvers.evaluations.awards
import resolvers.evaluations.campaigns
import resolvers.evaluations.candidates
import resolvers.evaluations.objections
import resolvers.meetings.reading
import resolvers.notices.reading
import resolvers.org
import resolvers.party.members
import resolvers.party.teams
import resolvers.party.titles
import resolvers.people.households
import resolvers.people.residents
import resolvers.points.notices
import resolvers.points.reading
import resolvers.points.rules
import resolvers.redemption.catalogue
import resolvers.redemption.dividends
import resolvers.redemption.redeeming
import resolvers.topics.reading
import resolvers.users.accounts
import resolvers.users.grants
from resolvers.context import Context
from resolvers.ids import decode_global_id
from schema.activities.types import Activity, ActivitySignUp
from schema.alerts.alerts import Alert
from schema.alerts.devices import Device
from schema.cases.case import Case, CaseAttachment
from schema.conventions.types import ConventionVersion, ServiceItem
from schema.evaluations.types import (
    EvaluationAward,
    EvaluationCampaign,
    EvaluationCandidate,
    EvaluationObjection,
)
from schema.info import Info
from schema.meetings.types import Meeting, Resolution
from schema.notices.notices import Notice
from schema.org import OrgNode
from schema.party.teams import VolunteerTeam
from schema.party.titles import Title
from schema.people.types import Household, PartyMember, Resident
from schema.points.entries import PointEntry
from schema.points.rankings import PointsNotice
from schema.points.rules import PointRule
from schema.redemption.catalogue import RedemptionGood
from schema.redemption.dividends import DividendDistribution, DividendLine
from schema.redemption.redemptions import Redemption
from schema.relay import Node
from schema.topics.types import Topic, TopicSupport
from schema.users import RoleGrant, User

# type name -> (scoped getter returning a row or None, GraphQL type built from the row)
NODE_TYPES: dict[str, tuple[Callable[[Context, int], Awaitable[Any]], Callable[[Any], Node]]] = {
    "OrgNode": (resolvers.org.get_org_node, OrgNode.from_model),
    "User": (resolvers.users.accounts.get_user, User.from_model),
    "RoleGrant": (resolvers.users.grants.get_grant, RoleGrant.from_model),
    "Resident": (resolvers.people.residents.get_resident, Resident.from_model),
    "Household": (resolvers.people.households.get_household, Household.from_model),
    "PartyMember": (resolvers.party.members.get_party_member, PartyMember.from_model),
    "VolunteerTeam": (resolvers.party.teams.get_team, VolunteerTeam.from_model),
    "Title": (resolvers.party.titles.get_title, Title.from_model),
    "Case": (resolvers.cases.reading.get_case, Case.from_model),
    "CaseAttachment": (resolvers.cases.reading.get_attachment, CaseAttachment.from_model),
    "Activity": (resolvers.activities.reading.get_activity, Activity.from_model),
    "ActivitySignUp": (resolvers.activities.reading.get_sign_up, ActivitySignUp.from_model),
    "EvaluationCampaign": (
        resolvers.evaluations.campaigns.get_campaign,
        EvaluationCampaign.from_model,
    ),
    "EvaluationCandidate": (
        resolvers.evaluations.candidates.get_candidate,
        EvaluationCandidate.from_model,
    ),
    "EvaluationObjection": (
        resolvers.evaluations.objections.get_objection,
        EvaluationObjection.from_model,
    ),
    "EvaluationAward": (resolvers.evaluations.awards.get_award, EvaluationAward.from_model),
    "RedemptionGood": (resolvers.redemption.catalogue.get_good, RedemptionGood.from_model),
    "Redemption": (resolvers.redemption.redeeming.get_redemption, Redemption.from_model),
    "DividendDistribution": (
        resolvers.redemption.dividends.get_distribution,
        DividendDistribution.from_model,
    ),
    "DividendLine": (resolvers.redemption.dividends.get_line, DividendLine.from_model),
    "PointRule": (resolvers.points.rules.get_point_rule, PointRule.from_model),
    "PointEntry": (resolvers.points.reading.get_point_entry, PointEntry.from_model),
    "PointsNotice": (resolvers.points.notices.get_points_notice, PointsNotice.from_model),
    # Topics (议题, issue 13)
    "Topic": (resolvers.topics.reading.get_topic, Topic.from_model),
    "TopicSupport": (resolvers.topics.reading.get_support, TopicSupport.from_model),
    # notices (issue 13)
    "Notice": (resolvers.notices.reading.get_notice, Notice.from_model),
    # meetings (issue 13)
    "Meeting": (resolvers.meetings.reading.get_meeting, Meeting.from_model),
    "Resolution": (resolvers.meetings.reading.get_resolution, Resolution.from_model),
    "ServiceItem": (resolvers.conventions.lists.get_service_item, ServiceItem.from_model),
    "ConventionVersion": (
        resolvers.conventions.lists.get_convention_version,
        ConventionVersion.from_model,
    ),
    # elder care (issue 14)
    "Device": (resolvers.devices.reading.get_device, Device.from_model),
    "Alert": (resolvers.alerts.reading.get_alert, Alert.from_model),
}


async def resolve_node(info: Info, global_id: strawberry.ID) -> Node | None:
    type_name, pk = decode_global_id(global_id)
    if type_name not in NODE_TYPES:
        return None
    get, convert = NODE_TYPES[type_name]
    row = await get(info.context, pk)
    return convert(row) if row is not None else None


@strawberry.type
class NodeQuery:
    @strawberry.field
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await resolve_node(info, id)
