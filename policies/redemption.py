"""Who reads and changes what of redemption (兑换) and dividends (分红): SQL filters and per-row
decisions, on top of the authorizer's scopes (policies/authorizer.py).

A community's catalogue, window and dividend distributions belong to the community node, but
the residents and building staff who redeem hold their grants below it: `redemption.browse`
reads a community's from a grant in, at or above that community (never a sibling's).
Redemptions and dividend lines are read by the resident's building (subtree scope), or as the
resident's own.
"""

from collections.abc import Collection

from tortoise.expressions import Q

from models import in_subtree
from policies.actions import Action
from policies.authorizer import Viewer
from policies.conditions import q
from policies.rules import community_prefix


def readable_communities_filter(viewer: Viewer, path_field: str = "node_path") -> Q | None:
    """Rows at a community (`path_field` a community's path) the viewer browses: communities in
    the subtree of a street (or community) grant, and the community holding a grant below it."""
    unrestricted, prefixes = viewer.scope_of(Action.REDEMPTION_BROWSE)
    if unrestricted:
        return None
    parts: list[Q] = []
    exact: set[str] = set()
    for prefix in sorted(prefixes):
        community = community_prefix(prefix)
        if community is None or community == prefix:
            parts.append(in_subtree(prefix, path_field))
        else:
            exact.add(community)
    if exact:
        parts.append(q(f"{path_field}__in", sorted(exact)))
    if not parts:
        return Q(**{path_field: ""})  # no path is empty: matches nothing
    return parts[0] if len(parts) == 1 else Q(*parts, join_type=Q.OR)


def may_browse_community(viewer: Viewer, community_path: str) -> bool:
    """The per-row twin of `readable_communities_filter`."""
    unrestricted, prefixes = viewer.scope_of(Action.REDEMPTION_BROWSE)
    return unrestricted or any(
        community_path.startswith(prefix) or community_prefix(prefix) == community_path
        for prefix in prefixes
    )


def readable_redemptions_filter(viewer: Viewer) -> Q | None:
    """Redemptions in a redemption-read scope (by the resident's building), and the viewer's
    own (the resident linked to their account)."""
    scope = viewer.scope_filter(Action.REDEMPTION_READ, "node_path")
    if scope is None:
        return None
    if viewer.user_id is not None and viewer.has_any(Action.REDEMPTION_READ_OWN):
        return Q(scope, Q(resident__user_id=viewer.user_id), join_type=Q.OR)
    return scope


def readable_dividend_lines_filter(viewer: Viewer) -> Q | None:
    """Dividend lines in a redemption-read scope (by the household's building), and those of the
    viewer's own household."""
    scope = viewer.scope_filter(Action.REDEMPTION_READ, "building_path")
    if scope is None:
        return None
    if viewer.own_household_ids and viewer.has_any(Action.REDEMPTION_READ_OWN):
        own = Q(household_id__in=sorted(viewer.own_household_ids))
        return Q(scope, own, join_type=Q.OR)
    return scope


def may_redeem_for(viewer: Viewer, resident_user_id: int | None, building_path: str) -> bool:
    """Staff at the counter redeem for a resident of a building in scope; a resident redeems
    their own points (the resident linked to their account)."""
    own = viewer.user_id is not None and resident_user_id == viewer.user_id
    if own and viewer.can(Action.REDEMPTION_REDEEM_OWN, building_path):
        return True
    return viewer.can(Action.REDEMPTION_REDEEM, building_path)


def may_cancel_redemption(
    viewer: Viewer,
    resident_user_id: int | None,
    building_path: str,
    *,
    household_id: int | None = None,
    own_household_ids: Collection[int] = (),
) -> bool:
    """A cancellation gives points and stock back: staff in scope, never for their own
    redemption nor one of their own household's (the goods would stay home and the points
    come back). `own_household_ids`: the households of the residents tied to the account."""
    if viewer.user_id is not None and resident_user_id == viewer.user_id:
        return False
    if household_id is not None and household_id in own_household_ids:
        return False
    return viewer.can(Action.REDEMPTION_CANCEL, building_path)


def may_redeem_anywhere(viewer: Viewer) -> bool:
    """Checked before anything is looked up: may the viewer redeem for anyone at all?"""
    return viewer.has_any(Action.REDEMPTION_REDEEM) or viewer.has_any(Action.REDEMPTION_REDEEM_OWN)
