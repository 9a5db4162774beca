"""Who reads which figures (统计, issue 14).

`stats.read` at a node lets a viewer ask for the figures of that node's subtree and of each of
its children (all inside the subtree, so inside the scope). Figures are counts, and a count is
information about the rows it counts: each group of figures is shown for a row only when the
viewer also holds the read action of those rows at the row's node, so that a figure never says
more than the lists the viewer may open. A hidden group is null, never zero.

- cases (demands, hazards): counts by kind and status, resolved, within deadline, rating:
  case.read (building leader and up, auditor);
- disputes (矛盾纠纷), in every case figure and as "disputes mediated": case.read_dispute
  (community admin and up);
- volunteers (active volunteers, hours): activity.read (building leader and up, auditor);
- points issued and redeemed: points.read (building leader and up, auditor);
- residents, households, party members, elders living alone (独居老人): person.read
  (building leader and up, auditor);
- open alerts (告警): alert.read (the building's stewards and the grid: every open alert), else
  alert.read_escalated (the community and above, which policy.csv denies alert.read: only the
  open alerts that were escalated to them, as their alert list shows them), else null.

Without dispute reading, every case figure leaves disputes out (a total minus the visible
kinds would otherwise give their number), so a building leader's "cases submitted" counts
demands and hazards only.
"""

from models.workflows.stats import Figure
from policies.actions import Action
from policies.authorizer import Viewer

# The read action each group of figures needs at the row's node.
FIGURE_ACTION: dict[Figure, Action] = {
    Figure.CASES: Action.CASE_READ,
    Figure.DISPUTES: Action.CASE_READ_DISPUTE,
    Figure.VOLUNTEERS: Action.ACTIVITY_READ,
    Figure.POINTS: Action.POINTS_READ,
    Figure.PEOPLE: Action.PERSON_READ,
    Figure.ALERTS: Action.ALERT_READ,
    Figure.ALERTS_ESCALATED: Action.ALERT_READ_ESCALATED,
}


def may_read_stats_at(viewer: Viewer, path: str) -> bool:
    """Figures of the subtree at `path` (and of its children)."""
    return viewer.can(Action.STATS_READ, path)


def visible_figures(viewer: Viewer, path: str) -> frozenset[Figure]:
    """The groups of figures the viewer reads for the row of the node at `path`."""
    if not may_read_stats_at(viewer, path):
        return frozenset()
    return frozenset(figure for figure, action in FIGURE_ACTION.items() if viewer.can(action, path))
