"""Query and Mutation, merged from the domain modules: the one list of what the API offers."""

from strawberry.tools import merge_types

from schema.access import AccessQuery
from schema.access_review import AccessReviewQuery
from schema.activities.fields import ActivitiesMutation, ActivitiesQuery

# elder care: devices and alerts (issue 14)
from schema.alerts.alerts import AlertsMutation, AlertsQuery
from schema.alerts.devices import DevicesMutation, DevicesQuery
from schema.audit import AuditQuery
from schema.cases.case import CasesQuery
from schema.cases.photos import PhotosMutation
from schema.cases.qr import QrCodeMutation, QrSubmissionMutation
from schema.cases.rules import CaseRulesMutation, CaseRulesQuery
from schema.cases.steps import CaseStepsMutation
from schema.cases.submitting import SubmittingMutation
from schema.conventions.fields import ConventionsMutation, ConventionsQuery
from schema.evaluations.campaigns import EvaluationsMutation, EvaluationsQuery
from schema.live import LiveSubscription
from schema.meetings.fields import MeetingsMutation, MeetingsQuery
from schema.mutations import audit_every_field
from schema.node import NodeQuery

# notices and the public building page (issue 13)
from schema.notices.notices import NoticesMutation, NoticesQuery
from schema.org import OrgMutation, OrgQuery
from schema.party.members import PartyMembersMutation
from schema.party.mobile import MobileMutation, MobileQuery
from schema.party.teams import TeamsMutation, TeamsQuery
from schema.party.titles import TitlesMutation, TitlesQuery
from schema.people.files import PeopleFilesMutation, PeopleFilesQuery
from schema.people.households import HouseholdsMutation, HouseholdsQuery
from schema.people.residents import ResidentsMutation, ResidentsQuery
from schema.points.entries import PointEntriesMutation, PointEntriesQuery
from schema.points.rankings import PointsNoticesMutation, PointsRankingQuery
from schema.points.rules import PointRulesMutation, PointRulesQuery
from schema.public.page import PublicMutation, PublicQuery
from schema.redemption.catalogue import CatalogueMutation, CatalogueQuery
from schema.redemption.dividends import DividendsMutation, DividendsQuery
from schema.redemption.redemptions import RedemptionsMutation, RedemptionsQuery

# figures (issue 14)
from schema.stats import StatsQuery
from schema.topics.fields import TopicsMutation, TopicsQuery
from schema.users import UsersMutation, UsersQuery

Query = merge_types(
    "Query",
    (
        NodeQuery,
        UsersQuery,
        OrgQuery,
        ResidentsQuery,
        HouseholdsQuery,
        PeopleFilesQuery,
        MobileQuery,
        TitlesQuery,
        TeamsQuery,
        CasesQuery,
        CaseRulesQuery,
        ActivitiesQuery,
        AuditQuery,
        EvaluationsQuery,
        CatalogueQuery,
        RedemptionsQuery,
        DividendsQuery,
        PointRulesQuery,
        PointEntriesQuery,
        PointsRankingQuery,
        # Topics (议题, issue 13)
        TopicsQuery,
        # notices and the public building page (issue 13)
        NoticesQuery,
        PublicQuery,
        # meetings (issue 13)
        MeetingsQuery,
        ConventionsQuery,
        # elder care: devices and alerts (issue 14)
        DevicesQuery,
        AlertsQuery,
        # figures (issue 14)
        StatsQuery,
        # access review (issue 15)
        AccessQuery,
        AccessReviewQuery,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        UsersMutation,
        OrgMutation,
        HouseholdsMutation,
        ResidentsMutation,
        PeopleFilesMutation,
        PartyMembersMutation,
        TitlesMutation,
        TeamsMutation,
        MobileMutation,
        SubmittingMutation,
        CaseStepsMutation,
        QrSubmissionMutation,
        PhotosMutation,
        QrCodeMutation,
        CaseRulesMutation,
        ActivitiesMutation,
        EvaluationsMutation,
        CatalogueMutation,
        RedemptionsMutation,
        DividendsMutation,
        PointRulesMutation,
        PointEntriesMutation,
        PointsNoticesMutation,
        # Topics (议题, issue 13)
        TopicsMutation,
        # notices and the public building page (issue 13)
        NoticesMutation,
        PublicMutation,
        # meetings (issue 13)
        MeetingsMutation,
        ConventionsMutation,
        # elder care: devices and alerts (issue 14)
        DevicesMutation,
        AlertsMutation,
    ),
)
# Every mutation writes an audit record (schema/mutations.py).
Mutation = audit_every_field(Mutation)
# Live consoles (issue 14): subscriptions over graphql-transport-ws.
Subscription = merge_types("Subscription", (LiveSubscription,))
