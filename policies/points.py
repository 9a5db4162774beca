"""Who reads what of the points system, as SQL conditions (the lists) and per-row decisions.

The ledger is read by whoever holds points.read at an entry's node (its copied path); rules
(积分条款) and published notices (积分公示) are public within the tree: whoever reads a node,
its subtree or, as a breadcrumb, the nodes above it, reads its rules and notices, so a
resident reads those of their building, grid, community and street and nothing of a
neighbouring building.
"""

from tortoise.expressions import Q

from policies.actions import Action
from policies.authorizer import Viewer
from policies.conditions import q


def readable_point_entries_filter(viewer: Viewer) -> Q | None:
    """Ledger entries at nodes in a points-read scope."""
    return viewer.scope_filter(Action.POINTS_READ, "node_path")


def _public_at_node(viewer: Viewer, path_field: str, id_field: str) -> Q | None:
    scope = viewer.scope_filter(Action.ORG_READ, path_field)
    if scope is None:
        return None
    above = viewer.breadcrumb_ids(Action.ORG_READ)
    if not above:
        return scope
    return Q(scope, q(f"{id_field}__in", sorted(above)), join_type=Q.OR)


def readable_point_rules_filter(viewer: Viewer) -> Q | None:
    """Rules of the nodes the viewer reads, and of those above them (a street's defaults)."""
    return _public_at_node(viewer, "node__path", "node_id")


def readable_notices_filter(viewer: Viewer) -> Q | None:
    """Published notices at the nodes the viewer reads and at those above them."""
    return _public_at_node(viewer, "node_path", "node_id")


def may_read_points_at(viewer: Viewer, path: str) -> bool:
    """Rankings, period totals and balances of the subtree at `path`."""
    return viewer.can(Action.POINTS_READ, path)


def recordable_residents_filter(viewer: Viewer) -> Q | None:
    """Residents the viewer may record volunteer points for: of buildings in a points-record
    scope (a building leader: its building)."""
    return viewer.scope_filter(Action.POINTS_RECORD, "household__building_path")


def cadre_grants_filter(viewer: Viewer) -> Q | None:
    """Grants that make their holder a cadre the viewer may credit duty points: active staff
    grants at nodes in a duty-record scope."""
    return viewer.scope_filter(Action.POINTS_RECORD_DUTY, "node__path")
