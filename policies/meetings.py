"""Who reads and runs meetings (议事会), resolutions and votes, conventions (楼栋公约) and service
items (服务事项): SQL conditions for the lists, per-row decisions for the rest.

- Meetings, their attendees, resolutions and votes: staff with meeting.read read those at nodes
  in their subtree; a resident reads the meetings held at their own building (not a neighbour's,
  not the grid's), and anyone reads the meetings they attend. Who voted what is read by staff
  in scope only (a resident reads the tallies); residents attending read attendees' names of
  other residents masked (`张*明`), as a public notice shows them.
- Meetings are run (convened, edited, attendance, minutes, resolutions, votes recorded, decided,
  closed, cancelled) by meeting.convene at the meeting's node: the node's level fixes the type
  (models/workflows/meetings.py), so a building leader runs their building's meetings, a grid
  leader the grid's, a community admin the community's (社区决事).
- Convention versions: staff read every version at buildings in scope (drafts too) and draft at
  buildings in scope; residents read the adopted versions of their building only.
- Service items: read where the community meets a grant node (at or above it: the residents and
  staff of the community; below it: staff above the community); suspended, resumed and retired
  by service_item.manage at the community.
"""

from collections.abc import Callable

from tortoise.expressions import Q, Subquery

from models import ConventionStatus, MeetingAttendee, in_subtree
from policies.actions import Action
from policies.authorizer import Viewer
from policies.conditions import any_of, prefixes_of, q


def _subtree_or_own_building(
    viewer: Viewer,
    subtree: Action,
    own_building: Action,
    path_field: str,
    at_own: Callable[[list[str]], Q],
) -> list[Q] | None:
    """The parts of a rows filter: the subtree of each `subtree` grant, and `at_own(paths)` for
    the nodes of the `own_building` grants (read at the grant node only, not below); None when
    either action is unrestricted."""
    parts = viewer.scope_parts(subtree, path_field)
    if parts is None:
        return None
    unrestricted, own = viewer.scope_of(own_building)
    if unrestricted:
        return None
    if own:
        parts.append(at_own(sorted(own)))
    return parts


def _attended(viewer: Viewer, meeting_id_field: str) -> Q | None:
    """Meetings the viewer attends: invited as a staff user, or as the resident tied to their
    account."""
    if viewer.user_id is None:
        return None
    attending = MeetingAttendee.filter(
        Q(user_id=viewer.user_id, resident__user_id=viewer.user_id, join_type=Q.OR)
    ).values("meeting_id")
    return q(f"{meeting_id_field}__in", Subquery(attending))


def _meeting_rows_filter(viewer: Viewer, path_field: str, meeting_id_field: str) -> Q | None:
    parts = _subtree_or_own_building(
        viewer,
        Action.MEETING_READ,
        Action.MEETING_READ_BUILDING,
        path_field,
        lambda own: q(f"{path_field}__in", own),
    )
    if parts is None:
        return None
    attended = _attended(viewer, meeting_id_field)
    if attended is not None:
        parts.append(attended)
    return any_of(parts)


def readable_meetings_filter(viewer: Viewer) -> Q | None:
    """Meetings the viewer reads (see the module's docstring)."""
    return _meeting_rows_filter(viewer, "node_path", "id")


def readable_resolutions_filter(viewer: Viewer) -> Q | None:
    """Resolutions of the meetings the viewer reads."""
    return _meeting_rows_filter(viewer, "node_path", "meeting_id")


def sees_meeting_details(viewer: Viewer, meeting_path: str) -> bool:
    """Who voted what, and residents' names among the attendees unmasked: staff in scope."""
    return viewer.can(Action.MEETING_READ, meeting_path)


def may_convene(viewer: Viewer, node_path: str) -> bool:
    """Convene and run a meeting at the node at `node_path`."""
    return viewer.can(Action.MEETING_CONVENE, node_path)


def may_cast_own_vote(viewer: Viewer, is_own_attendance: bool) -> bool:
    """Cast one's own vote as a present attendee (never an auditor's: meeting.vote is denied)."""
    return is_own_attendance and viewer.has_any(Action.MEETING_VOTE)


def may_decide_adoption(viewer: Viewer, drafted_by_id: int | None) -> bool:
    """Nobody decides the adoption of a convention version they drafted themselves: the
    recorder records every vote, so a second person decides (who runs the meeting too)."""
    return drafted_by_id is None or drafted_by_id != viewer.user_id


def may_rewrite_draft(viewer: Viewer, drafted_by_id: int | None) -> bool:
    """A draft is rewritten only by whoever drafted it (or, drafted by nobody, by whoever may
    draft there, who becomes its drafter): a rewriter would otherwise write the text and then
    decide its adoption (may_decide_adoption). Another leader discards it and drafts anew."""
    return drafted_by_id is None or drafted_by_id == viewer.user_id


def readable_conventions_filter(viewer: Viewer) -> Q | None:
    """Convention versions the viewer reads: every one at buildings in a convention-read
    scope, the adopted ones of the buildings of a read-building grant."""
    parts = _subtree_or_own_building(
        viewer,
        Action.CONVENTION_READ,
        Action.CONVENTION_READ_BUILDING,
        "node_path",
        lambda own: Q(node_path__in=own, status=ConventionStatus.ADOPTED),
    )
    return None if parts is None else any_of(parts)


def may_draft_convention(viewer: Viewer, building_path: str) -> bool:
    return viewer.can(Action.CONVENTION_DRAFT, building_path)


def _area(viewer: Viewer, action: Action, path_field: str) -> Q | None:
    """Rows whose path meets a grant node of `action`: at or above it, or inside its subtree."""
    unrestricted, prefixes = viewer.scope_of(action)
    if unrestricted:
        return None
    if not prefixes:
        return Q(**{path_field: ""})  # matches nothing
    above = sorted({p for prefix in prefixes for p in prefixes_of(prefix)})
    parts = [q(f"{path_field}__in", above)]
    parts.extend(in_subtree(prefix, path_field) for prefix in sorted(prefixes))
    return Q(*parts, join_type=Q.OR)


def readable_service_items_filter(viewer: Viewer) -> Q | None:
    """Service items of the communities whose area meets the viewer's grant nodes: staff with
    service_item.read (inherited by every staff role) and residents."""
    return _area(viewer, Action.SERVICE_ITEM_READ, "node_path")


def may_manage_service_item(viewer: Viewer, community_path: str) -> bool:
    return viewer.can(Action.SERVICE_ITEM_MANAGE, community_path)
