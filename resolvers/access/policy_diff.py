"""`loudong policy diff NEW_POLICY.csv`: what a changed policy would add and remove, before it
is deployed. Both tables come from casbin through the authorizer (`Authorizer.table_of`); each
(role, action) pair that changes is weighed by the users holding an active grant of the role
and by the rows of the action's resource in those grants' subtrees."""

from dataclasses import dataclass
from pathlib import Path

from tortoise.expressions import Q
from tortoise.models import Model

import models
from models import in_subtree
from policies import POLICY_DIR
from policies.actions import Action
from policies.authorizer import Authorizer

# resource -> (the rows an action on it reaches, their path column, what the count names).
# A resource missing here is weighed by the org nodes of the subtrees.
RESOURCE_ROWS: dict[str, tuple[type[Model], str, str]] = {
    "org": (models.OrgNode, "path", "nodes"),
    "person": (models.Resident, "household__building_path", "residents"),
    "team": (models.VolunteerTeam, "node__path", "teams"),
    "case": (models.Case, "node_path", "cases"),
    "qr": (models.OrgNode, "path", "nodes"),
    "user": (models.RoleGrant, "node__path", "grants"),
    "grant": (models.RoleGrant, "node__path", "grants"),
    "activity": (models.Activity, "node_path", "activities"),
    "audit": (models.AuditRecord, "node_path", "audit records"),
    "evaluation": (models.EvaluationCampaign, "node_path", "campaigns"),
    "points": (models.PointEntry, "node_path", "point entries"),
    "topic": (models.Topic, "node_path", "topics"),
    "meeting": (models.Meeting, "node_path", "meetings"),
}
FALLBACK = (models.OrgNode, "path", "nodes")


@dataclass(frozen=True)
class PairChange:
    """One (role, action) pair the new policy adds (`added`) or removes."""

    role: models.Role
    action: Action
    added: bool
    users: int
    objects: int
    objects_kind: str


def changed_pairs(
    current: Authorizer, new_policy: Path, model: Path = POLICY_DIR / "model.conf"
) -> list[tuple[models.Role, Action, bool]]:
    new = Authorizer.table_of(model, new_policy)
    pairs = []
    for role in models.Role:
        before, after = current.table[role], new[role]
        pairs += [(role, action, True) for action in sorted(after - before)]
        pairs += [(role, action, False) for action in sorted(before - after)]
    return pairs


def _minimal(paths: set[str | None]) -> list[str] | None:
    """The subtrees the paths span (None: everything)."""
    if None in paths:
        return None
    real = {p for p in paths if p is not None}
    return sorted(p for p in real if not any(p != o and p.startswith(o) for o in real))


async def policy_diff(current: Authorizer, new_policy: Path) -> list[PairChange]:
    changes = []
    holders: dict[models.Role, tuple[int, list[str] | None]] = {}
    for role, action, added in changed_pairs(current, new_policy):
        if role not in holders:
            rows = await models.RoleGrant.filter(role=role, revoked_at__isnull=True).values_list(
                "user_id", "node__path"
            )
            holders[role] = (len({u for u, _ in rows}), _minimal({p for _, p in rows}))
        users, subtrees = holders[role]
        model, path_field, kind = RESOURCE_ROWS.get(action.resource, FALLBACK)
        if users == 0:
            objects = 0
        elif subtrees is None:
            objects = await model.all().count()
        else:
            scope = Q(*(in_subtree(p, path_field) for p in subtrees), join_type=Q.OR)
            objects = await model.filter(scope).count()
        changes.append(PairChange(role, action, added, users, objects, kind))
    return changes
