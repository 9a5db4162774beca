"""Pure rules that casbin's role table does not express."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from models import LEVEL_ORDER, OrgLevel, Role, path_ids
from models.workflows.evaluations import Subject

# Where each role may be granted; None means any level. SYSTEM_ADMIN has no node at all.
GRANT_LEVEL: dict[Role, OrgLevel | None] = {
    Role.STREET_ADMIN: OrgLevel.STREET,
    Role.COMMUNITY_ADMIN: OrgLevel.COMMUNITY,
    Role.GRID_LEADER: OrgLevel.GRID,
    Role.BUILDING_LEADER: OrgLevel.BUILDING,
    Role.CENTRAL_HOUSEHOLD: OrgLevel.CENTRAL_HOUSEHOLD,
    Role.RESIDENT: OrgLevel.BUILDING,
    Role.VOLUNTEER: None,
    Role.AUDITOR: None,
}
# A user account tied to a resident holds this role at the resident's building: it reads its
# own household unmasked and submits and rates its own cases.
LINKED_ACCOUNT_ROLE = Role.RESIDENT


# A household is looked after by a central household of its own grid (its party branch): a
# link across grids would let a central household, and whoever reads through it, see a
# household of another grid (another community after a move).
GRID_DEPTH = LEVEL_ORDER.index(OrgLevel.GRID) + 1


def grid_prefix(path: str) -> str:
    """The path of the grid a node at `path` lies in (above grid level: the node's own path)."""
    return "".join(f"/{part}" for part in path_ids(path)[:GRID_DEPTH]) + "/"


COMMUNITY_DEPTH = LEVEL_ORDER.index(OrgLevel.COMMUNITY) + 1


def community_prefix(path: str) -> str | None:
    """The path of the community a node at `path` lies in; None for a street (above it)."""
    ids = path_ids(path)
    if len(ids) < COMMUNITY_DEPTH:
        return None
    return "".join(f"/{part}" for part in ids[:COMMUNITY_DEPTH]) + "/"


def same_grid(building_path: str, central_household_path: str) -> bool:
    """May a household of the building at `building_path` be linked to the central household
    at `central_household_path`? Only in the same grid; checked when linking, when a subtree
    moves (links it breaks are dropped) and in the linked-read scope (policies.authorizer)."""
    return central_household_path.startswith(grid_prefix(building_path))


def grant_level_problem(role: Role, level: OrgLevel | None) -> tuple[str, dict[str, object]] | None:
    """Why `role` cannot be granted at a node of `level` (None: no node), as a message key and
    its parameters (resolvers.messages), or None if it can."""
    if role is Role.SYSTEM_ADMIN:
        return None if level is None else ("grants.admin_without_node", {"role": role})
    if level is None:
        return ("grants.needs_node", {"role": role})
    wanted = GRANT_LEVEL[role]
    if wanted is not None and wanted is not level:
        return ("grants.wrong_level", {"role": role, "wanted": wanted, "level": level})
    return None


def may_resolve(assignee_id: int | None, user_id: int | None) -> bool:
    """Only the assignee resolves a claimed case."""
    return user_id is not None and assignee_id == user_id


def may_rate(
    reporter_user_id: int | None, user_id: int | None, resolved_by_id: int | None = None
) -> bool:
    """Only the reporter rates the result, and never a result of their own."""
    return user_id is not None and reporter_user_id == user_id and resolved_by_id != user_id


def may_handle_own_report(reporter_user_id: int | None, handler_id: int | None) -> bool:
    """Separation of duties: nobody claims, or is dispatched, a case they reported themselves
    (they would resolve it, and it would earn them duty points)."""
    return handler_id is None or reporter_user_id != handler_id


def earns_duty_points(
    *,
    reporter_user_id: int | None,
    resolver_id: int | None,
    resolver_created_by_id: int | None,
    resolver_created_at: datetime | None,
    verifier_id: int,
    verified_at: datetime,
    rating_window: timedelta,
) -> bool:
    """Whether verifying a case pays its resolver duty points (履职积分). Not when:

    - nobody resolved it, or the resolver is its reporter (a case made to be paid for);
    - the verifier created the resolver's account within the rating window before verifying:
      staff could otherwise open an account, work their own cases through it and pay it.
      An account that old has a life of its own (and grants someone else may review).
    The case is verified all the same; only the points are withheld, and the event says why.
    """
    if resolver_id is None or resolver_id == reporter_user_id:
        return False
    fresh = resolver_created_at is not None and verified_at - resolver_created_at < rating_window
    return not (resolver_created_by_id == verifier_id and fresh)


def credits_self(
    *,
    recorder_id: int | None,
    own_household_ids: Collection[int],
    owner_user_id: int | None,
    owner_household_id: int | None,
) -> bool:
    """Self-dealing in points: the recorder would credit their own account (a resident linked
    to it, or their own duty points) or a member of a household they live in. Refused for
    every recording, whatever the recorder's role."""
    if recorder_id is None:
        return False
    if owner_user_id is not None and owner_user_id == recorder_id:
        return True
    return owner_household_id is not None and owner_household_id in own_household_ids


def may_verify(resolved_by_id: int | None, user_id: int | None) -> bool:
    """Separation of duties: whoever resolved a case never verifies it."""
    return user_id is not None and resolved_by_id != user_id


class LinkRefusal(StrEnum):
    """Why an account cannot be tied to a resident (`link_refusal`)."""

    OWN_ACCOUNT = "OWN_ACCOUNT"
    CREATED_BY_CALLER = "CREATED_BY_CALLER"
    STAFF_ACCOUNT = "STAFF_ACCOUNT"
    ACCOUNT_LINKED = "ACCOUNT_LINKED"
    RESIDENT_LINKED = "RESIDENT_LINKED"


def link_refusal(
    *,
    caller_id: int | None,
    user_id: int,
    user_created_by_id: int | None,
    user_roles: Collection[Role],
    linked_resident_ids: Collection[int],
    resident_id: int,
    resident_user_id: int | None,
) -> LinkRefusal | None:
    """May the account `user_id` be tied to the resident `resident_id`?

    Tying an account makes it read that household unmasked, so a member of staff who ties
    their own account (or any account holding a role other than the linked-account role) to a
    resident unmasks any household they may write, and can walk it through their area by
    moving the resident. Hence: never the caller's own account, nor an account the caller
    created (they chose its password: it is as good as their own), never an account holding any
    role but the linked-account role (a staff account never becomes a resident here); one
    account, one resident; and a resident tied to another account is unlinked first, on
    purpose (unlinkResidentAccount), never silently re-tied, which would end that person's
    access without a word.
    """
    if caller_id is not None and user_id == caller_id:
        return LinkRefusal.OWN_ACCOUNT
    if caller_id is not None and user_created_by_id == caller_id:
        return LinkRefusal.CREATED_BY_CALLER
    if any(role is not LINKED_ACCOUNT_ROLE for role in user_roles):
        return LinkRefusal.STAFF_ACCOUNT
    if any(other != resident_id for other in linked_resident_ids):
        return LinkRefusal.ACCOUNT_LINKED
    if resident_user_id is not None and resident_user_id != user_id:
        return LinkRefusal.RESIDENT_LINKED
    return None


def records_own_attendance(
    recorder_id: int | None,
    attendee_user_id: int | None,
    recorder_household_ids: Collection[int] = (),
    attendee_household_id: int | None = None,
) -> bool:
    """Separation of duties: staff never check their own resident profile in or out (which
    would credit them points), nor a member of their own household (whose points are the
    household's: its dividend, its model-family score). Someone else records those."""
    if recorder_id is not None and recorder_id == attendee_user_id:
        return True
    return attendee_household_id is not None and attendee_household_id in recorder_household_ids


# ------------------------------------------------------------------ evaluations (评选)


@dataclass(frozen=True)
class Ties:
    """Who a user is among an evaluation's possible subjects: their account, the resident
    records tied to it, those residents' households and buildings, and the buildings they
    serve through a grant at the building or below it (a 楼栋长 judging their own building)."""

    user_id: int
    resident_ids: frozenset[int] = frozenset()
    household_ids: frozenset[int] = frozenset()
    building_ids: frozenset[int] = frozenset()
    served_building_ids: frozenset[int] = frozenset()


BUILDING_DEPTH = LEVEL_ORDER.index(OrgLevel.BUILDING)


def buildings_served(grant_paths: Collection[str | None]) -> frozenset[int]:
    """The buildings of grants held at a building or below it (a central household)."""
    return frozenset(
        path_ids(path)[BUILDING_DEPTH]
        for path in grant_paths
        if path is not None and len(path_ids(path)) > BUILDING_DEPTH
    )


def self_dealing(
    ties: Ties,
    subject: Subject,
    *,
    node_id: int | None,
    household_id: int | None,
    resident_id: int | None,
    user_id: int | None,
) -> bool:
    """Would the user be judging (nominating, scoring, answering an objection about, awarding)
    themselves? Their own account or resident record, their own household, or, for a model
    building, the building they live in. A merchant at their building is not theirs."""
    if user_id is not None and user_id == ties.user_id:
        return True
    if resident_id is not None and resident_id in ties.resident_ids:
        return True
    if household_id is not None and household_id in ties.household_ids:
        return True
    buildings = ties.building_ids | ties.served_building_ids
    return subject is Subject.BUILDING and node_id is not None and node_id in buildings


def may_score(reviewer_user_ids: Collection[int], user_id: int | None) -> bool:
    """Only the users assigned to a campaign as reviewers (民主评议) score its candidates."""
    return user_id is not None and user_id in reviewer_user_ids


def may_review_in(grant_paths: Collection[str | None], campaign_path: str) -> bool:
    """May an account holding active grants at `grant_paths` review a campaign at
    `campaign_path`? Only someone of its area: a grant at a node inside the campaign's subtree
    (a resident representative, a grid's staff) or at or above its node (community staff)."""
    return any(
        path is not None and (path.startswith(campaign_path) or campaign_path.startswith(path))
        for path in grant_paths
    )


def is_cadre_in(grants: Collection[tuple[Role, str | None]], campaign_path: str) -> bool:
    """May an account be a candidate of a cadre campaign (优秀党员 / 最美干部 for staff) at
    `campaign_path`? It holds an active staff grant (any role but the linked resident's and
    the auditor's) at a node in the campaign's subtree."""
    return any(
        role not in (LINKED_ACCOUNT_ROLE, Role.AUDITOR)
        and path is not None
        and path.startswith(campaign_path)
        for role, path in grants
    )
