"""One DataLoader per `<thing>_by_<key>`, new for every request.

A loader that can reach a row outside the viewer's scope filters it in SQL with the same
`policies.authorizer` filter as the single-row read, so an out-of-scope relation comes back null.
The unscoped ones say on their line why they cannot cross a scope boundary.
"""

from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, overload

from strawberry.dataloader import DataLoader
from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.models import Model

import models
from policies.alerts import readable_devices_filter
from policies.authorizer import (
    Viewer,
    readable_awards_filter,
    readable_campaigns_filter,
    readable_candidates_filter,
    readable_grants_filter,
    readable_households_filter,
    readable_nodes_filter,
    readable_teams_filter,
    readable_users_filter,
)
from policies.meetings import (
    readable_conventions_filter,
    readable_meetings_filter,
    readable_resolutions_filter,
)
from policies.topics import readable_topics_filter
from resolvers.evaluations.points import ranks
from resolvers.validation import today

V = TypeVar("V")
M = TypeVar("M", bound=Model)
W = TypeVar("W")


def _and(base: Q, scope: Q | None) -> Q:
    return base if scope is None else Q(base, scope)


def _one(
    rows_for: Callable[[list[int]], Awaitable[list[V]]], key_of: Callable[[V], int]
) -> DataLoader[int, V | None]:
    """A loader of the row (or null) each key names: `rows_for(keys)`, aligned by `key_of`."""

    async def load(keys: list[int]) -> list[V | None]:
        by_key = {key_of(row): row for row in await rows_for(keys)}
        return [by_key.get(key) for key in keys]

    return DataLoader(load_fn=load)


def _by_id(model: type[M]) -> DataLoader[int, M | None]:
    """A loader of the row each id names, unscoped: only for rows whose reader already reads
    what points at them (each use says why)."""
    return _one(lambda keys: model.filter(id__in=keys), _id_of)


def _readable_by_id(
    model: type[M], readable: Callable[[Viewer], Q | None], viewer: Viewer
) -> DataLoader[int, M | None]:
    """A loader of the row each id names, or null where the policy's `readable` filter hides
    it from `viewer` (a read outside scope looks like a missing row)."""
    return _one(lambda keys: model.filter(_and(Q(id__in=keys), readable(viewer))), _id_of)


@overload
def _many(
    rows_for: Callable[[list[int]], Awaitable[list[V]]], key_of: Callable[[V], int]
) -> DataLoader[int, list[V]]: ...


@overload
def _many(
    rows_for: Callable[[list[int]], Awaitable[list[V]]],
    key_of: Callable[[V], int],
    value: Callable[[V], W],
) -> DataLoader[int, list[W]]: ...


def _many(
    rows_for: Callable[[list[int]], Awaitable[list[V]]],
    key_of: Callable[[V], int],
    value: Callable[[V], Any] | None = None,
) -> DataLoader[int, list[Any]]:
    """A loader of the rows each key groups, in the order `rows_for(keys)` returns them, each
    mapped by `value` (a link row to what it links) when given."""

    async def load(keys: list[int]) -> list[list[object]]:
        grouped: dict[int, list[object]] = defaultdict(list)
        for row in await rows_for(keys):
            grouped[key_of(row)].append(row if value is None else value(row))
        return [grouped.get(key, []) for key in keys]

    return DataLoader(load_fn=load)


def _row_by(model: type[M], key: str) -> DataLoader[int, M | None]:
    """A loader of the row whose `key` column holds each key (one at most), unscoped: only
    for what the viewer already reads the owner of (each use says why)."""
    return _one(
        lambda keys: model.filter(**{f"{key}__in": keys}), lambda row: int(getattr(row, key))
    )


def _rows_by(model: type[M], key: str, *order: str) -> DataLoader[int, list[M]]:
    """A loader of the rows whose `key` column holds each key, in `order`, unscoped: only for
    the rows of something the viewer already reads (each use says why)."""
    return _many(
        lambda keys: model.filter(**{f"{key}__in": keys}).order_by(*order),
        lambda row: int(getattr(row, key)),
    )


class Loaders:
    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer
        # Scoped: nodes the viewer reads (their subtrees, and the ancestors above as breadcrumbs),
        # archived ones included as `node(id)` does. A parent, an ancestor, a volunteer team's
        # node or a grant's node is always among them; a reportsTo or centralHousehold may not be.
        self.org_node_by_id: DataLoader[int, models.OrgNode | None] = _readable_by_id(
            models.OrgNode, readable_nodes_filter, self.viewer
        )
        # Unscoped on purpose, and asked only for the node a readable case, household or title
        # stands at: reading the row includes knowing where it is (its non-null `node` or
        # `building`), even when that lies outside the viewer's org scope (a case they reported
        # or were assigned, a household linked to their central household in the next
        # building). Its parent, ancestors and children go through the scoped loaders.
        self.anchor_node_by_id: DataLoader[int, models.OrgNode | None] = _by_id(models.OrgNode)
        # Unscoped: asked for a readable grant's holder (readable by definition) and for the
        # users named on a readable case (assignee, event actors), part of its record.
        self.user_by_id: DataLoader[int, models.User | None] = _by_id(models.User)
        # Scoped: accounts the viewer reads (`user(id)`), null otherwise: for a user named on
        # a row the viewer reads without the account being part of it (a grant's granter).
        self.readable_user_by_id: DataLoader[int, models.User | None] = _readable_by_id(
            models.User, readable_users_filter, self.viewer
        )
        # Scoped: the children the viewer reads, archived ones left out.
        self.children_by_parent_id: DataLoader[int, list[models.OrgNode]] = _many(
            lambda keys: models.OrgNode.filter(
                _and(Q(parent_id__in=keys, archived=False), readable_nodes_filter(self.viewer))
            ).order_by("id"),
            lambda row: row.parent_id or 0,
        )
        # Scoped: the viewer's own grants, and those at nodes in their user-read scope.
        self.grants_by_user_id: DataLoader[int, list[models.RoleGrant]] = _many(
            lambda keys: models.RoleGrant.filter(
                _and(
                    Q(user_id__in=keys, revoked_at__isnull=True),
                    readable_grants_filter(self.viewer),
                )
            ).order_by("id"),
            lambda row: row.user_id,
        )
        # Scoped as `get_resident`: a party member's or title holder's record, or null.
        self.resident_by_id: DataLoader[int, models.Resident | None] = _one(
            lambda keys: models.Resident.filter(
                _and(Q(id__in=keys), readable_households_filter(self.viewer, "household__"))
            ).select_related("household__building"),
            _id_of,
        )
        # Scoped, both: active members whose records the viewer reads.
        self.members_by_household_id: DataLoader[int, list[models.Resident]] = _many(
            lambda keys: (
                models.Resident.filter(
                    _and(
                        Q(household_id__in=keys, active=True),
                        readable_households_filter(self.viewer, "household__"),
                    )
                )
                .select_related("household__building")
                .order_by("id")
            ),
            lambda row: row.household_id,
        )
        self.members_by_team_id: DataLoader[int, list[models.Resident]] = _many(
            lambda keys: (
                models.VolunteerTeamMember.filter(
                    _and(
                        Q(team_id__in=keys, resident__active=True),
                        readable_households_filter(self.viewer, "resident__household__"),
                    )
                )
                .select_related("resident__household__building")
                .order_by("resident_id")
            ),
            lambda link: link.team_id,
            lambda link: link.resident,
        )
        # Unscoped: the rule of an entry or an activity the viewer reads (rules are public in
        # the tree).
        self.point_rule_by_id: DataLoader[int, models.PointRule | None] = _by_id(models.PointRule)
        # Unscoped: the rows of notices the viewer reads (published notices are public).
        self.notice_rows_by_notice_id: DataLoader[int, list[models.PointsNoticeRow]] = _rows_by(
            models.PointsNoticeRow, "notice_id", "rank", "id"
        )
        # Notices (issue 13). Unscoped: the points notice of a notice (kind POINTS) the viewer
        # reads; both stand at the same node and are public in the tree alike.
        self.points_notice_by_id: DataLoader[int, models.PointsNotice | None] = _by_id(
            models.PointsNotice
        )
        # Unscoped: asked only for residents the viewer already reads.
        self.tags_by_resident_id: DataLoader[int, list[models.ResidentTag]] = _many(
            lambda keys: models.ResidentTagLink.filter(resident_id__in=keys).order_by("tag"),
            lambda link: link.resident_id,
            lambda link: link.tag,
        )
        # Unscoped: the profile of a resident the viewer already reads.
        self.party_member_by_resident_id: DataLoader[int, models.PartyMember | None] = _row_by(
            models.PartyMember, "resident_id"
        )
        # Unscoped: asked only for cases the viewer already reads.
        self.events_by_case_id: DataLoader[int, list[models.CaseEvent]] = _rows_by(
            models.CaseEvent, "case_id", "id"
        )
        # Unscoped: asked only for cases the viewer already reads.
        self.attachments_by_case_id: DataLoader[int, list[models.CaseAttachment]] = _rows_by(
            models.CaseAttachment, "case_id", "id"
        )
        # Unscoped: who keeps in touch with a member the viewer already reads, part of its record.
        self.contact_persons_by_member_id: DataLoader[int, list[models.User]] = _many(
            lambda keys: models.MobileContactPerson.filter(member_id__in=keys).select_related(
                "user"
            ),
            lambda link: link.member_id,
            lambda link: link.user,
        )
        # Unscoped: asked only for party members the viewer already reads.
        self.contact_logs_by_member_id: DataLoader[int, list[models.ContactLog]] = _rows_by(
            models.ContactLog, "member_id", "-contacted_on", "-id"
        )
        # Unscoped: the activity of a sign-up the viewer already reads (part of its record).
        self.activity_by_id: DataLoader[int, models.Activity | None] = _by_id(models.Activity)
        # Scoped as `volunteerTeams`: a readable activity's team, or null.
        self.team_by_id: DataLoader[int, models.VolunteerTeam | None] = _readable_by_id(
            models.VolunteerTeam, readable_teams_filter, self.viewer
        )
        # The viewer's own sign-up (through the resident their account is tied to) per activity.
        self.my_sign_up_by_activity_id: DataLoader[int, models.ActivitySignUp | None] = _one(
            lambda keys: models.ActivitySignUp.filter(
                activity_id__in=keys, resident__user_id=self.viewer.user_id or 0
            ),
            lambda row: row.activity_id,
        )
        # Scoped as `get_household`: a candidate's or a dividend line's household, or null.
        self.household_by_id: DataLoader[int, models.Household | None] = _one(
            lambda keys: models.Household.filter(
                _and(Q(id__in=keys), readable_households_filter(self.viewer))
            ).select_related("building"),
            _id_of,
        )
        self._evaluations()
        self._redemption()
        self._topics()
        self._meetings()
        self._elder_care()

    def _evaluations(self) -> None:
        """Evaluations (评选): campaigns, candidates and current titles."""
        # Scoped as `get_campaign`: the campaign of a readable candidate, objection or award.
        self.campaign_by_id: DataLoader[int, models.EvaluationCampaign | None] = _readable_by_id(
            models.EvaluationCampaign, readable_campaigns_filter, self.viewer
        )
        # Scoped as `get_candidate`: the candidate of a readable objection or award.
        self.candidate_by_id: DataLoader[int, models.EvaluationCandidate | None] = _readable_by_id(
            models.EvaluationCandidate, readable_candidates_filter, self.viewer
        )
        # Unscoped: asked only for campaigns the viewer already reads.
        self.criteria_by_campaign_id: DataLoader[int, list[models.EvaluationCriterion]] = _rows_by(
            models.EvaluationCriterion, "campaign_id", "id"
        )
        self.reviewers_by_campaign_id: DataLoader[int, list[models.EvaluationReviewer]] = _many(
            lambda keys: (
                models.EvaluationReviewer.filter(campaign_id__in=keys)
                .select_related("user")
                .order_by("id")
            ),
            lambda row: row.campaign_id,
        )
        # Unscoped: ranks of candidates the viewer already reads (one statement per page).
        self.rank_by_candidate_id: DataLoader[int, int | None] = DataLoader(
            load_fn=lambda keys: _ranks_of(list(keys))
        )
        # Scoped: the titles valid today that the viewer may read, by what holds them.
        self.awards_by_node_id = self._awards("node_id")
        self.awards_by_household_id = self._awards("household_id")
        self.awards_by_resident_id = self._awards("resident_id")
        self.awards_by_user_id = self._awards("user_id")

    def _redemption(self) -> None:
        """Redemption (兑换): goods, their stock changes, dividend distributions."""
        # Unscoped: the goods of a redemption the viewer already reads, part of its record.
        self.good_by_id: DataLoader[int, models.RedemptionGood | None] = _by_id(
            models.RedemptionGood
        )
        # Unscoped: asked only for goods the viewer already reads; newest first.
        self.stock_changes_by_good_id: DataLoader[int, list[models.StockChange]] = _rows_by(
            models.StockChange, "good_id", "-id"
        )
        # Unscoped: the distribution of a dividend line the viewer already reads.
        self.distribution_by_id: DataLoader[int, models.DividendDistribution | None] = _by_id(
            models.DividendDistribution
        )

    def _topics(self) -> None:
        """Topics (议题, issue 13): topics, their steps, the viewer's follows and supports."""
        # Scoped as `get_topic`: a support's topic, a merged topic's target, or null.
        self.topic_by_id: DataLoader[int, models.Topic | None] = _readable_by_id(
            models.Topic, readable_topics_filter, self.viewer
        )
        # Unscoped: asked only for topics the viewer already reads (part of their record).
        self.steps_by_topic_id: DataLoader[int, list[models.TopicStep]] = _rows_by(
            models.TopicStep, "topic_id", "id"
        )
        self.follower_count_by_topic_id: DataLoader[int, int] = DataLoader(
            load_fn=lambda keys: _follower_counts(list(keys))
        )
        # The viewer's own follow and support (through the resident tied to their account).
        self.my_follow_by_topic_id: DataLoader[int, models.TopicFollow | None] = _one(
            lambda keys: models.TopicFollow.filter(
                topic_id__in=keys, user_id=self.viewer.user_id or 0
            ),
            lambda row: row.topic_id,
        )
        self.my_support_by_topic_id: DataLoader[int, models.TopicSupport | None] = _one(
            lambda keys: models.TopicSupport.filter(
                topic_id__in=keys, resident__user_id=self.viewer.user_id or 0
            ),
            lambda row: row.topic_id,
        )
        # Scoped as `get_meeting`: the meetings whose agenda names a topic, soonest first.
        self.meetings_by_topic_id: DataLoader[int, list[models.Meeting]] = DataLoader(
            load_fn=lambda keys: _meetings_of_topics(list(keys), self.viewer)
        )
        # Unscoped: a community's thresholds are public to whoever reads its topics.
        self.topic_thresholds_by_community_id: DataLoader[int, models.TopicThresholds | None] = (
            _row_by(models.TopicThresholds, "community_id")
        )

    def _meetings(self) -> None:
        """Meetings (议事会, issue 13): agenda, attendees, resolutions, votes, conventions."""
        # Unscoped: asked only for meetings the viewer already reads.
        self.agenda_by_meeting_id: DataLoader[int, list[models.MeetingAgendaItem]] = _rows_by(
            models.MeetingAgendaItem, "meeting_id", "position"
        )
        self.attendees_by_meeting_id: DataLoader[int, list[models.MeetingAttendee]] = _rows_by(
            models.MeetingAttendee, "meeting_id", "id"
        )
        self.resolutions_by_meeting_id: DataLoader[int, list[models.Resolution]] = _rows_by(
            models.Resolution, "meeting_id", "id"
        )
        # Unscoped: asked only for resolutions read in a meeting-read scope (policies/meetings.py).
        self.votes_by_resolution_id: DataLoader[int, list[models.ResolutionVote]] = _rows_by(
            models.ResolutionVote, "resolution_id", "id"
        )
        # Unscoped: the attendee of a vote the viewer already reads.
        self.attendee_by_id: DataLoader[int, models.MeetingAttendee | None] = _by_id(
            models.MeetingAttendee
        )
        # Scoped as `get_meeting`: the meeting of a readable resolution.
        self.meeting_by_id: DataLoader[int, models.Meeting | None] = _readable_by_id(
            models.Meeting, readable_meetings_filter, self.viewer
        )
        # Scoped as `get_resolution`: the resolution that created a service item.
        self.resolution_by_id: DataLoader[int, models.Resolution | None] = _readable_by_id(
            models.Resolution, readable_resolutions_filter, self.viewer
        )
        # Unscoped: the items a readable resolution created (service items are public).
        self.service_items_by_resolution_id: DataLoader[int, list[models.ServiceItem]] = _rows_by(
            models.ServiceItem, "resolution_id", "number"
        )
        # Scoped as `get_convention_version`: the version a readable resolution adopts.
        self.convention_version_by_id: DataLoader[int, models.ConventionVersion | None] = (
            _readable_by_id(models.ConventionVersion, readable_conventions_filter, self.viewer)
        )
        # Unscoped: asked only for versions the viewer already reads.
        self.sections_by_version_id: DataLoader[int, list[models.ConventionSectionText]] = _rows_by(
            models.ConventionSectionText, "version_id", "position"
        )

    def _elder_care(self) -> None:
        """Elder care (issue 14): an alert's device."""
        # Scoped as `get_device`: null for a viewer who reads the alert but not devices.
        self.device_by_id: DataLoader[int, models.Device | None] = _readable_by_id(
            models.Device, readable_devices_filter, self.viewer
        )

    def _awards(self, key: str) -> DataLoader[int, list[models.EvaluationAward]]:
        def rows_for(keys: list[int]) -> Awaitable[list[models.EvaluationAward]]:
            day = today()
            within: dict[str, Any] = {f"{key}__in": keys}
            base = Q(Q(**within), valid_from__lte=day, valid_until__gte=day)
            scope = readable_awards_filter(self.viewer)
            return models.EvaluationAward.filter(_and(base, scope)).order_by("-valid_from", "id")

        return _many(rows_for, lambda row: int(getattr(row, key)))


def _id_of(row: Any) -> int:
    return int(row.id)


async def _meetings_of_topics(keys: list[int], viewer: Viewer) -> list[list[models.Meeting]]:
    links = await models.TopicAgendaLink.filter(topic_id__in=keys).values_list(
        "topic_id", "agenda_item__meeting_id"
    )
    topics_of: dict[int, set[int]] = defaultdict(set)
    for topic_id, meeting_id in links:
        topics_of[int(meeting_id)].add(int(topic_id))
    meetings = await models.Meeting.filter(
        _and(Q(id__in=sorted(topics_of)), readable_meetings_filter(viewer))
    ).order_by("starts_at", "id")
    grouped: dict[int, list[models.Meeting]] = defaultdict(list)
    for meeting in meetings:
        for topic_id in topics_of[meeting.id]:
            grouped[topic_id].append(meeting)
    return [grouped.get(key, []) for key in keys]


async def _follower_counts(keys: list[int]) -> list[int]:
    rows = (
        await models.TopicFollow.filter(topic_id__in=keys)
        .annotate(followers=Count("id"))
        .group_by("topic_id")
        .values_list("topic_id", "followers")
    )
    found = {int(topic_id): int(count) for topic_id, count in rows}
    return [found.get(key, 0) for key in keys]


async def _ranks_of(keys: list[int]) -> list[int | None]:
    found = await ranks(keys)
    return [found.get(key) for key in keys]
