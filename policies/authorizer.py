"""The one module that imports casbin and turns its answers into decisions and SQL filters.

casbin answers "may ROLE do ACTION on RESOURCE?" once per (role, action) at start-up, into a
table. A user's grants (role at a node path) are loaded with each request; a decision about a
row is then a path-prefix lookup (O(depth), whatever the number of grants) and a list's scope
is a SQL prefix condition on the path column.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import casbin
from tortoise.expressions import Q, Subquery

from models import (
    PATH_SEPARATOR,
    CandidateStatus,
    CaseKind,
    EvaluationReviewer,
    Role,
    RoleGrant,
    in_subtree,
)
from models.workflows.activities import PUBLISHED as ACTIVITY_PUBLISHED
from models.workflows.cases import WAITING, Step
from models.workflows.evaluations import PUBLISHED as CAMPAIGN_PUBLISHED
from policies import POLICY_DIR
from policies.actions import READS, STEP_ACTION, Action
from policies.conditions import any_of, prefixes_of, q
from policies.rules import LINKED_ACCOUNT_ROLE, grid_prefix


@dataclass(frozen=True)
class Decision:
    """An allowed decision on a changing action: what a mutation was authorised by. `path` None:
    no target node (`has_any`); `below`: the target had to lie strictly below a grant node."""

    action: Action
    path: str | None
    below: bool = False


@dataclass(frozen=True)
class GrantScope:
    """One active grant as the authorizer sees it. `path` None means the whole system."""

    role: Role
    path: str | None


@dataclass(frozen=True)
class PolicyLine:
    """One `p` line of policy.csv: `p, ROLE, resource, verb, allow|deny`."""

    role: str
    resource: str
    verb: str
    effect: str

    @property
    def text(self) -> str:
        return f"p, {self.role}, {self.resource}, {self.verb}, {self.effect}"


@dataclass(frozen=True)
class GrantCheck:
    """How one grant took part in one decision: does its role hold the action (the policy
    table), and does its node's subtree hold the target (`prefix`: the matching path prefix)?"""

    grant: GrantScope
    role_allows: bool
    contains: bool
    prefix: str | None


@dataclass(frozen=True)
class Check:
    """One decision the enforcing code took, as an explanation records it. `path` None with
    `listing`: a list's SQL scope was built (rows then match by path prefix)."""

    action: Action
    path: str | None
    allowed: bool
    below: bool = False
    listing: bool = False


@dataclass
class Trace:
    """The collector an explanation passes down: every check the enforcing functions made
    (`Viewer.can`, `scope_filter` ...) is appended as it is decided; nothing is decided here."""

    checks: list[Check] = field(default_factory=list)


# The decision table of each policy read, by the files' text: casbin evaluates every (role,
# action) against every policy line, which costs a noticeable part of a second, and an app
# built again from the same files (tests build one per test) decides exactly the same.
_TABLES: dict[tuple[str, str], dict[Role, frozenset[Action]]] = {}


class Authorizer:
    def __init__(
        self, enforcer: "casbin.Enforcer", table: dict[Role, frozenset[Action]] | None = None
    ) -> None:
        self._enforcer = enforcer
        self._table: dict[Role, frozenset[Action]] = {}
        if table is None:
            self.rebuild()
        else:
            self._table = table

    @classmethod
    def from_files(cls, directory: Path = POLICY_DIR) -> "Authorizer":
        model, policy = directory / "model.conf", directory / "policy.csv"
        enforcer = casbin.Enforcer(str(model), str(policy))
        key = (model.read_text(encoding="utf-8"), policy.read_text(encoding="utf-8"))
        authorizer = cls(enforcer, _TABLES.get(key))
        _TABLES[key] = authorizer._table
        return authorizer

    def rebuild(self) -> None:
        """Ask casbin once per (role, action); call again whenever the policy changes."""
        self._table = {
            role: frozenset(
                action
                for action in Action
                if self._enforcer.enforce(role.value, action.resource, action.verb)
            )
            for role in Role
        }

    def role_allows(self, role: Role, action: Action) -> bool:
        return action in self._table[role]

    def policy_lines(self, role: Role, action: Action) -> list[PolicyLine]:
        """The policy.csv lines deciding `role`'s `action`: those of the role and of every role
        it inherits (the `g` hierarchy), allow and deny rows alike."""
        roles = self.inherited_roles(role)
        return [
            PolicyLine(*rule[:4])
            for rule in self._enforcer.get_policy()
            if rule[0] in roles and rule[1] == action.resource and rule[2] == action.verb
        ]

    def inherited_roles(self, role: Role) -> list[str]:
        """`role` and every role it holds the permissions of, nearest first."""
        return [role.value, *self._enforcer.get_implicit_roles_for_user(role.value)]

    def matched_rule(self, role: Role, action: Action) -> list[str]:
        """casbin's own explanation (`enforce_ex`): the rule it matched last, if any."""
        _, rule = self._enforcer.enforce_ex(role.value, action.resource, action.verb)
        return [str(part) for part in rule]

    @staticmethod
    def table_of(model: Path, policy: Path) -> dict[Role, frozenset[Action]]:
        """The decision table another policy file would give (`loudong policy diff`)."""
        return Authorizer(casbin.Enforcer(str(model), str(policy)))._table

    @property
    def table(self) -> dict[Role, frozenset[Action]]:
        return self._table

    def policy_actions(self) -> set[str]:
        """Every `resource.verb` named in the policy file (for consistency tests)."""
        return {f"{rule[1]}.{rule[2]}" for rule in self._enforcer.get_policy()}

    def may_handle_case(self, grants: Iterable[GrantScope], path: str) -> bool:
        """May a user holding `grants` be dispatched (派单) a case at `path`? Only if they could
        claim it themselves."""
        return self.viewer(None, grants).can(Action.CASE_CLAIM, path)

    def viewer(
        self,
        user_id: int | None,
        grants: Iterable[GrantScope] = (),
        own_household_ids: Iterable[int] = (),
        trace: Trace | None = None,
    ) -> "Viewer":
        return Viewer(self, user_id, tuple(grants), frozenset(own_household_ids), trace=trace)


@dataclass
class Viewer:
    """What one request's user may do: built per request from their active grants."""

    authorizer: Authorizer
    user_id: int | None
    grants: tuple[GrantScope, ...]
    # Households the user lives in (their resident profiles); loaded only for resident roles.
    own_household_ids: frozenset[int] = frozenset()
    _prefixes: dict[Action, tuple[bool, frozenset[str]]] = field(default_factory=dict)
    # Allowed decisions on changing actions, in order: the audit trail's "which grant".
    decisions: list[Decision] = field(default_factory=list)
    # An explanation's collector (explainAccess): every decision is recorded as it is taken.
    trace: Trace | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    def _scope(self, action: Action) -> tuple[bool, frozenset[str]]:
        """(unrestricted, minimal set of granted path prefixes) for `action`."""
        cached = self._prefixes.get(action)
        if cached is None:
            allowed = [g for g in self.grants if self.authorizer.role_allows(g.role, action)]
            unrestricted = any(g.path is None for g in allowed)
            paths = {g.path for g in allowed if g.path is not None}
            # Drop grants inside another grant's subtree: O(depth) each, not O(grants).
            minimal = {p for p in paths if not any(a in paths for a in prefixes_of(p)[:-1])}
            cached = (unrestricted, frozenset(minimal))
            self._prefixes[action] = cached
        return cached

    def scope_of(self, action: Action) -> tuple[bool, frozenset[str]]:
        """(unrestricted, the minimal set of granted path prefixes) for `action`."""
        return self._scope(action)

    def can(self, action: Action, path: str | None) -> bool:
        """May the viewer do `action` on a target at `path` (None: a system-level target)?"""
        unrestricted, prefixes = self._scope(action)
        allowed = unrestricted or (
            path is not None and any(prefix in prefixes for prefix in prefixes_of(path))
        )
        if allowed and action not in READS:
            self.decisions.append(Decision(action, path))
        if self.trace is not None:
            self._record(action, path, allowed)
        return allowed

    def _record(
        self, action: Action, path: str | None, allowed: bool, *, below: bool = False
    ) -> None:
        """Append a decision just taken (only with a trace); how each grant took part in it is
        `grant_checks` of the same arguments."""
        assert self.trace is not None
        self.trace.checks.append(Check(action, path, allowed, below))

    def grant_checks(
        self, action: Action, path: str | None, *, below: bool = False
    ) -> tuple[GrantCheck, ...]:
        """Each grant against a target at `path` (None: no node): role and subtree."""
        prefixes = prefixes_of(path) if path is not None else []
        if below:
            prefixes = prefixes[:-1]
        checks = []
        for grant in self.grants:
            role_allows = self.authorizer.role_allows(grant.role, action)
            if grant.path is None:
                checks.append(GrantCheck(grant, role_allows, True, None))
                continue
            contains = grant.path in prefixes
            checks.append(
                GrantCheck(grant, role_allows, contains, grant.path if contains else None)
            )
        return tuple(checks)

    def can_below(self, action: Action, path: str) -> bool:
        """Like `can`, but the target must lie strictly below a grant node ("nodes below it")."""
        unrestricted, prefixes = self._scope(action)
        allowed = unrestricted or any(prefix in prefixes for prefix in prefixes_of(path)[:-1])
        if allowed and action not in READS:
            self.decisions.append(Decision(action, path, below=True))
        if self.trace is not None:
            self._record(action, path, allowed, below=True)
        return allowed

    def needs_own_households(self) -> bool:
        return self.has_any(Action.PERSON_READ_OWN)

    def has_any(self, action: Action) -> bool:
        unrestricted, prefixes = self._scope(action)
        allowed = unrestricted or bool(prefixes)
        if allowed and action not in READS:
            self.decisions.append(Decision(action, None))
        if self.trace is not None:
            self._record(action, None, allowed)
        return allowed

    def scope_filter(self, action: Action, path_field: str = "path") -> Q | None:
        """A SQL condition on `path_field` limiting a list to the viewer's scope; None: no limit."""
        unrestricted, prefixes = self._scope(action)
        if self.trace is not None:
            self.trace.checks.append(
                Check(action, None, unrestricted or bool(prefixes), listing=True)
            )
        if unrestricted:
            return None
        if not prefixes:
            return Q(**{path_field: ""})  # no path is empty: matches nothing
        return Q(*(in_subtree(prefix, path_field) for prefix in sorted(prefixes)), join_type=Q.OR)

    def scope_parts(self, action: Action, path_field: str) -> list[Q] | None:
        """The start of a readable-rows filter that ORs several parts (see `any_of`): None when
        `action` reaches every row, else a list holding its scope where it is granted at all."""
        everything = self.scope_filter(action, path_field)
        if everything is None:
            return None
        return [everything] if self.has_any(action) else []

    def breadcrumb_ids(self, action: Action) -> set[int]:
        """Ids of the nodes above the viewer's grant nodes: visible by name only, as breadcrumbs."""
        _, prefixes = self._scope(action)
        ids: set[int] = set()
        for prefix in prefixes:
            parts = [int(p) for p in prefix.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)]
            ids.update(parts[:-1])
        return ids


def authorising_grant(viewer: Viewer, decision: Decision) -> GrantScope | None:
    """The grant that authorised `decision`: the most specific of the viewer's grants whose
    role allows the action at the target's path (for a target without a node, the broadest
    grant allowing it). None when no grant does (a decision made for another viewer)."""
    allowed = [g for g in viewer.grants if viewer.authorizer.role_allows(g.role, decision.action)]
    if decision.path is None:
        return min(
            allowed, key=lambda g: (g.path is not None, len(g.path or ""), g.path), default=None
        )
    prefixes = prefixes_of(decision.path)
    if decision.below:
        prefixes = prefixes[:-1]
    covering = [g for g in allowed if g.path is None or g.path in prefixes]
    return max(covering, key=lambda g: len(g.path or ""), default=None)


def readable_audit_filter(viewer: Viewer) -> Q | None:
    """Audit records the viewer may read: those at nodes in an audit-read scope. A record
    without a node (a sign-in, an account made) is read only where the scope is everything."""
    return viewer.scope_filter(Action.AUDIT_READ, "node_path")


def reviewable_audit_filter(viewer: Viewer) -> Q | None:
    """Audit records an access review may draw on (a grant's last use): those at nodes in the
    viewer's access-review scope; a change elsewhere is not the reviewer's business."""
    return viewer.scope_filter(Action.ACCESS_REVIEW, "node_path")


def readable_nodes_filter(viewer: Viewer) -> Q | None:
    """Org nodes the viewer may read: their subtrees, plus the ancestors above as breadcrumbs."""
    scope = viewer.scope_filter(Action.ORG_READ)
    if scope is None:
        return None
    breadcrumbs = viewer.breadcrumb_ids(Action.ORG_READ)
    return Q(scope, Q(id__in=sorted(breadcrumbs)), join_type=Q.OR) if breadcrumbs else scope


def readable_grants_filter(viewer: Viewer) -> Q | None:
    """Grants the viewer may read: their own, and those at nodes in their user-read scope."""
    scope = viewer.scope_filter(Action.USER_READ, "node__path")
    if scope is None:
        return None
    return Q(scope, Q(user_id=viewer.user_id or 0), join_type=Q.OR)


def readable_users_filter(viewer: Viewer) -> Q | None:
    """Users the viewer may read: themselves, holders of an active grant in scope, and accounts
    the viewer made that nobody has placed yet (no active grant anywhere), so that a new
    account can be given its first role by whoever made it."""
    scope = viewer.scope_filter(Action.USER_READ, "grants__node__path")
    if scope is None:
        return None
    me = viewer.user_id or 0
    in_scope = Q(scope, Q(grants__revoked_at__isnull=True))
    placed = RoleGrant.filter(revoked_at__isnull=True).values("user_id")
    unplaced = Q(Q(created_by_id=me), ~Q(id__in=Subquery(placed)))
    return Q(in_scope, Q(id=me), unplaced, join_type=Q.OR)


def readable_households_filter(viewer: Viewer, prefix: str = "") -> Q | None:
    """Households the viewer may read: in a person-read scope (by building), linked to their
    central household, or their own. `prefix` reaches the household from another model."""
    scope = viewer.scope_filter(Action.PERSON_READ, f"{prefix}building_path")
    if scope is None:
        return None
    parts = [scope]
    if viewer.has_any(Action.PERSON_READ_LINKED):
        linked = _linked_households(viewer, prefix)
        if linked is None:
            return None
        parts.append(linked)
    if viewer.own_household_ids and viewer.has_any(Action.PERSON_READ_OWN):
        parts.append(_own_households(viewer, prefix))
    return any_of(parts)


def _linked_households(viewer: Viewer, prefix: str) -> Q | None:
    """Households linked to a central household in a linked-read scope, whose own building
    lies in that central household's grid too (`policies.rules.same_grid`): a stale link
    across grids, which a move drops anyway, reads nothing."""
    unrestricted, prefixes = viewer._scope(Action.PERSON_READ_LINKED)
    if unrestricted:
        return None
    parts = [
        Q(
            in_subtree(path, f"{prefix}central_household__path"),
            in_subtree(grid_prefix(path), f"{prefix}building_path"),
        )
        for path in sorted(prefixes)
    ]
    return Q(*parts, join_type=Q.OR)


def unmasked_filter(viewer: Viewer, action: Action, prefix: str = "household__") -> Q | None:
    """Rows whose `action` field (phone, ID number) the viewer sees unmasked, as SQL."""
    scope = viewer.scope_filter(action, f"{prefix}building_path")
    if scope is None or not viewer.own_household_ids:
        return scope
    return Q(scope, _own_households(viewer, prefix), join_type=Q.OR)


def by_masking(
    viewer: Viewer, action: Action, clear: Q, masked: Q, prefix: str = "household__"
) -> Q:
    """`clear` over rows whose `action` field the viewer sees unmasked, `masked` over the rest:
    a filter on a masked field may tell no more than the mask shows (policies/masking.py)."""
    seen = unmasked_filter(viewer, action, prefix)
    if seen is None:
        return clear
    if not viewer.has_any(action) and not viewer.own_household_ids:
        return masked
    return Q(Q(seen, clear), Q(~seen, masked), join_type=Q.OR)


def sees_unmasked(viewer: Viewer, action: Action, building_path: str, household_id: int) -> bool:
    """The per-row twin of `unmasked_filter`: own household, or `action` granted in scope."""
    return household_id in viewer.own_household_ids or viewer.can(action, building_path)


def readable_cases_filter(viewer: Viewer) -> Q | None:
    """Cases the viewer may read, as SQL: non-disputes in a case-read scope, disputes in a
    dispute scope (community level and up), cases waiting to be claimed in a volunteer's
    scope, and whatever they reported or is assigned to them (a dispute's mediator)."""
    everything = viewer.scope_filter(Action.CASE_READ, "node_path")
    disputes = viewer.scope_filter(Action.CASE_READ_DISPUTE, "node_path")
    if everything is None and disputes is None:
        return None
    not_dispute = ~Q(kind=CaseKind.DISPUTE)
    parts: list[Q] = []
    if viewer.has_any(Action.CASE_READ):
        parts.append(not_dispute if everything is None else Q(everything, not_dispute))
    if viewer.has_any(Action.CASE_READ_DISPUTE):
        dispute = Q(kind=CaseKind.DISPUTE)
        parts.append(dispute if disputes is None else Q(disputes, dispute))
    if viewer.has_any(Action.CASE_READ_OPEN):
        open_scope = viewer.scope_filter(Action.CASE_READ_OPEN, "node_path")
        waiting = Q(not_dispute, status__in=sorted(WAITING))
        parts.append(waiting if open_scope is None else Q(open_scope, waiting))
    if viewer.user_id is not None:
        parts.append(Q(assignee_id=viewer.user_id))
        parts.append(Q(reporter_user_id=viewer.user_id))
    return any_of(parts)


def readable_teams_filter(viewer: Viewer) -> Q | None:
    """Volunteer teams the viewer may read: those of the nodes they read (not breadcrumbs)."""
    return viewer.scope_filter(Action.ORG_READ, "node__path")


def readable_activities_filter(viewer: Viewer) -> Q | None:
    """Volunteer activities (志愿活动) the viewer may read: any status at nodes in an
    activity-read scope (staff: their subtree), and published ones at the node of a read-above
    grant and the nodes above it (a resident: their building, grid, community and street).
    Nothing of a sibling subtree."""
    everything = viewer.scope_filter(Action.ACTIVITY_READ, "node_path")
    if everything is None:
        return None
    above = sorted(
        {
            prefix
            for grant in viewer.grants
            if grant.path is not None
            and viewer.authorizer.role_allows(grant.role, Action.ACTIVITY_READ_ABOVE)
            for prefix in prefixes_of(grant.path)
        }
    )
    if not above:
        return everything
    published = Q(node_path__in=above, status__in=sorted(ACTIVITY_PUBLISHED))
    return Q(everything, published, join_type=Q.OR)


def readable_sign_ups_filter(viewer: Viewer) -> Q | None:
    """Sign-ups and attendance the viewer may read: all of the activities in their
    activity-read scope (who comes is the organisers' business), and their own (the resident
    their account is tied to)."""
    scope = viewer.scope_filter(Action.ACTIVITY_READ, "node_path")
    if scope is None:
        return None
    return Q(scope, Q(resident__user_id=viewer.user_id or 0), join_type=Q.OR)


# ------------------------------------------------------------------ evaluations (评选)
# Staff read every campaign at a node in their evaluation-read scope. Residents and staff read
# a campaign once it is published (its shortlist, then its awards) where its area and their
# grant node meet: the campaign stands at or above their node (a community's campaign for its
# residents), or inside their subtree. Reviewers read the campaigns they are assigned to.


def _area_prefixes(viewer: Viewer, action: Action) -> tuple[bool, list[str], list[str]]:
    """(unrestricted, the viewer's grant paths for `action`, the paths at or above them)."""
    unrestricted, prefixes = viewer._scope(action)
    above = sorted({p for prefix in prefixes for p in prefixes_of(prefix)})
    return unrestricted, sorted(prefixes), above


def _area_filter(viewer: Viewer, action: Action, path_field: str) -> Q | None:
    """Rows whose campaign path (`path_field`) meets a grant node of `action`: at or above it,
    or below it. None: no limit."""
    unrestricted, prefixes, above = _area_prefixes(viewer, action)
    if unrestricted:
        return None
    if not prefixes:
        return Q(**{path_field: ""})  # matches nothing
    parts = [q(f"{path_field}__in", above)]
    parts.extend(in_subtree(prefix, path_field) for prefix in prefixes)
    return Q(*parts, join_type=Q.OR)


def meets_area(viewer: Viewer, action: Action, campaign_path: str) -> bool:
    """The per-row twin of `_area_filter` (and an allowed decision on a changing action)."""
    unrestricted, prefixes = viewer._scope(action)
    met = unrestricted or any(
        campaign_path.startswith(prefix) or prefix.startswith(campaign_path) for prefix in prefixes
    )
    if met and action not in READS:
        viewer.decisions.append(Decision(action, campaign_path))
    return met


def _reviewed(viewer: Viewer, campaign_id_field: str) -> Q:
    reviewed = EvaluationReviewer.filter(user_id=viewer.user_id or 0).values("campaign_id")
    return q(f"{campaign_id_field}__in", Subquery(reviewed))


def readable_campaigns_filter(viewer: Viewer, prefix: str = "") -> Q | None:
    """Campaigns the viewer reads: all in an evaluation-read scope, published ones meeting a
    read-published grant's area, and those they review. `prefix` reaches the campaign from
    another model (`campaign__`)."""
    path = f"{prefix}node_path"
    parts = viewer.scope_parts(Action.EVALUATION_READ, path)
    if parts is None:
        return None
    if viewer.has_any(Action.EVALUATION_READ_PUBLISHED):
        area = _area_filter(viewer, Action.EVALUATION_READ_PUBLISHED, path)
        published = q(f"{prefix}stage__in", sorted(CAMPAIGN_PUBLISHED))
        parts.append(published if area is None else Q(area, published))
    if viewer.user_id is not None:
        parts.append(_reviewed(viewer, f"{prefix}id" if prefix else "id"))
    return any_of(parts)


def readable_candidates_filter(viewer: Viewer) -> Q | None:
    """Candidates the viewer reads: every candidate of a campaign in their evaluation-read
    scope or one they review; of a published campaign meeting their area, those on the
    shortlist (公示名单) and those awarded."""
    parts = viewer.scope_parts(Action.EVALUATION_READ, "campaign__node_path")
    if parts is None:
        return None
    if viewer.has_any(Action.EVALUATION_READ_PUBLISHED):
        area = _area_filter(viewer, Action.EVALUATION_READ_PUBLISHED, "campaign__node_path")
        shown = Q(
            campaign__stage__in=sorted(CAMPAIGN_PUBLISHED),
            status__in=sorted({CandidateStatus.SHORTLISTED, CandidateStatus.AWARDED}),
        )
        parts.append(shown if area is None else Q(area, shown))
    if viewer.user_id is not None:
        parts.append(_reviewed(viewer, "campaign_id"))
    return any_of(parts)


def readable_objections_filter(viewer: Viewer) -> Q | None:
    """Objections the viewer reads: those to campaigns in their evaluation-read scope, and
    their own."""
    scope = viewer.scope_filter(Action.EVALUATION_READ, "campaign__node_path")
    if scope is None:
        return None
    mine = Q(filed_by_id=viewer.user_id or 0)
    return Q(scope, mine, join_type=Q.OR) if viewer.has_any(Action.EVALUATION_READ) else mine


def readable_awards_filter(viewer: Viewer) -> Q | None:
    """Awards (titles) the viewer reads: those of campaigns in their evaluation-read scope and
    those of campaigns meeting a read-published grant's area (titles are public there)."""
    everything = viewer.scope_filter(Action.EVALUATION_READ, "campaign__node_path")
    if everything is None:
        return None
    area = _area_filter(viewer, Action.EVALUATION_READ_PUBLISHED, "campaign__node_path")
    if area is None:
        return None
    parts: list[Q] = []
    if viewer.has_any(Action.EVALUATION_READ):
        parts.append(everything)
    if viewer.has_any(Action.EVALUATION_READ_PUBLISHED):
        parts.append(area)
    return any_of(parts)


def may_manage_campaign(viewer: Viewer, campaign_path: str) -> bool:
    """Create or run a campaign at the node at `campaign_path` (its subtree is the area)."""
    return viewer.can(Action.EVALUATION_MANAGE, campaign_path)


def sees_reviewer_names(viewer: Viewer, campaign_path: str, reviewer_user_id: int) -> bool:
    """Who sits on a campaign's panel (民主评议) by name: staff reading the campaign in their
    evaluation-read scope, and the reviewer themselves. Residents and volunteers reading the
    public notice (公示) read the panel by kind only: a resident representative's name is a
    person's, outside what they may read, and a candidate's neighbours should not learn whom
    to press."""
    return viewer.user_id == reviewer_user_id or viewer.can(Action.EVALUATION_READ, campaign_path)


def may_object(viewer: Viewer, campaign_path: str) -> bool:
    """File an objection to a published shortlist: residents and staff of the campaign's area."""
    return meets_area(viewer, Action.EVALUATION_OBJECT, campaign_path)


# ------------------------------------------------------------------ per-row decisions


def may_manage_activity(viewer: Viewer, path: str) -> bool:
    """Change, open, close or cancel the activity at `path`, see its QR code, check people out
    (crediting points) and export its attendance: the organiser's and staff's, in scope."""
    return viewer.can(Action.ACTIVITY_MANAGE, path)


def may_scan_own_attendance(viewer: Viewer, path: str, organiser_id: int | None) -> bool:
    """Check oneself in or out by the QR code of the activity at `path`: residents who
    attend. Not whoever runs it (holds its code, sets its times, could credit themselves for
    an activity of their own making with nobody there) nor its organiser: another member of
    staff checks them in and out (`policies.rules.records_own_attendance`)."""
    if viewer.user_id is not None and viewer.user_id == organiser_id:
        return False
    return not may_manage_activity(viewer, path)


def may_check_in(viewer: Viewer, path: str) -> bool:
    """Check a signed-up resident in at an activity at `path` (volunteers at the door too)."""
    return viewer.can(Action.ACTIVITY_CHECK_IN, path)


def may_sign_up(viewer: Viewer, is_own: bool, building_path: str) -> bool:
    """Sign a resident living in the building at `building_path` up for an activity (or cancel
    it): the resident's own account, or staff who enrol residents there."""
    if is_own and viewer.can(Action.ACTIVITY_SIGN_UP, building_path):
        return True
    return viewer.can(Action.ACTIVITY_ENROL, building_path)


def sees_reporter_phone(viewer: Viewer, reporter_user_id: int | None, path: str | None) -> bool:
    """A case's reporter phone is masked as people's phones are: unmasked for the reporter and
    for whoever sees phones at the case's node (`path` None: a node the viewer cannot read)."""
    if reporter_user_id is not None and reporter_user_id == viewer.user_id:
        return True
    return path is not None and viewer.can(Action.PERSON_SEE_PHONE, path)


def may_add_photos(
    viewer: Viewer, reporter_user_id: int | None, assignee_id: int | None, path: str
) -> bool:
    """The reporter, the assignee, and staff who handle cases at the case's node add photos to
    it; an auditor only reads."""
    involved = viewer.user_id is not None and viewer.user_id in (reporter_user_id, assignee_id)
    return involved or viewer.can(Action.CASE_ATTACH, path)


def may_take_step(viewer: Viewer, step: Step, path: str) -> bool:
    """The scoped part of a case step: its action (STEP_ACTION) at the case's node."""
    return viewer.can(STEP_ACTION[step], path)


def could_claim_while_waiting(viewer: Viewer, kind: CaseKind, path: str) -> bool:
    """Would the viewer have read and claimed this case while it waited to be claimed (the
    per-row twin of the waiting part of `readable_cases_filter`)? Such a viewer, once someone
    else has claimed it, hears CONFLICT rather than NOT_FOUND."""
    return (
        kind is not CaseKind.DISPUTE
        and viewer.can(Action.CASE_READ_OPEN, path)
        and viewer.can(Action.CASE_CLAIM, path)
    )


def may_log_contact(viewer: Viewer, is_contact_person: bool, building_path: str) -> bool:
    """A mobile party member's contact persons ("1+1", "1+N") record contacts with them, and so
    does whoever may change people at the member's building."""
    return is_contact_person or viewer.can(Action.PERSON_WRITE, building_path)


def may_link_account(viewer: Viewer, building_path: str) -> bool:
    """Tie an account to a resident of the building at `building_path`, or untie it: whoever
    changes the resident and may grant (and revoke) the linked-account role there. Which
    accounts may be tied is `policies.rules.link_refusal`."""
    return viewer.can(Action.PERSON_WRITE, building_path) and viewer.can(
        Action.grant(LINKED_ACCOUNT_ROLE), building_path
    )


def may_create_user(viewer: Viewer) -> bool:
    """Accounts hang at no node: whoever may create accounts anywhere may create one. What the
    account may then do is a grant, and granting is scoped (`may_grant`)."""
    return viewer.has_any(Action.USER_CREATE)


def may_grant(viewer: Viewer, role: Role, path: str | None) -> bool:
    """Grant (or revoke) `role` at a node at `path` (None: no node, SYSTEM_ADMIN)."""
    return viewer.can(Action.grant(role), path)


def may_create_child(viewer: Viewer, parent_path: str | None) -> bool:
    """Create a node under the node at `parent_path` (None: a street, at the top)."""
    return viewer.can(Action.ORG_CREATE, parent_path)


def may_change_node(viewer: Viewer, path: str) -> bool:
    """Rename, move or archive the node at `path`: only nodes strictly below a grant node."""
    return viewer.can_below(Action.ORG_UPDATE, path)


def may_move_under(viewer: Viewer, new_parent_path: str) -> bool:
    """Move a node under the node at `new_parent_path`: the grant node itself will do."""
    return viewer.can(Action.ORG_UPDATE, new_parent_path)


def _own_households(viewer: Viewer, prefix: str) -> Q:
    return q(f"{prefix}id__in", sorted(viewer.own_household_ids))
