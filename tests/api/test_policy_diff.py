"""`loudong policy diff NEW_POLICY.csv` (issue 15): the (role, action) pairs a changed policy
adds and removes, with the users and objects each reaches, on the demo data."""

from pathlib import Path

import models
from app.cli import main
from models import Role
from policies import POLICY_DIR
from policies.actions import Action
from policies.authorizer import Authorizer
from resolvers.access.policy_diff import policy_diff


async def test_a_changed_policy_names_each_pair_and_whom_it_reaches(demo, tmp_path: Path) -> None:
    # given: grid leaders no longer accept cases, volunteers read every case in scope
    text = (POLICY_DIR / "policy.csv").read_text(encoding="utf-8")
    assert "p, GRID_LEADER, case, accept, allow\n" in text
    new = tmp_path / "policy.csv"
    new.write_text(
        text.replace("p, GRID_LEADER, case, accept, allow\n", "")
        + "p, VOLUNTEER, case, read, allow\n",
        encoding="utf-8",
    )
    # when
    changes = await policy_diff(Authorizer.from_files(), new)
    # then: the removal reaches every role inheriting it, the addition every role above
    # VOLUNTEER that lacked it (none: building leaders read cases already) and VOLUNTEER
    pairs = {(c.role, c.action, c.added): c for c in changes}
    removed = {role for role, action, added in pairs if action is Action.CASE_ACCEPT}
    assert removed == {
        Role.GRID_LEADER,
        Role.COMMUNITY_ADMIN,
        Role.STREET_ADMIN,
        Role.SYSTEM_ADMIN,
    }
    assert {(r, a) for r, a, added in pairs if added} == {
        (Role.VOLUNTEER, Action.CASE_READ),
        (Role.CENTRAL_HOUSEHOLD, Action.CASE_READ),
    }
    grid = pairs[(Role.GRID_LEADER, Action.CASE_ACCEPT, False)]
    leaders = await models.RoleGrant.filter(role=Role.GRID_LEADER, revoked_at__isnull=True)
    assert grid.users == len({g.user_id for g in leaders})
    paths = [
        (await models.OrgNode.get(id=g.node_id)).path for g in leaders if g.node_id is not None
    ]
    in_scope = [c for c in await models.Case.all() if any(c.node_path.startswith(p) for p in paths)]
    assert grid.objects == len(in_scope)
    assert grid.objects_kind == "cases"
    admin = pairs[(Role.SYSTEM_ADMIN, Action.CASE_ACCEPT, False)]
    assert admin.objects == await models.Case.all().count()


async def test_the_same_policy_changes_nothing(demo) -> None:
    assert await policy_diff(Authorizer.from_files(), POLICY_DIR / "policy.csv") == []


def test_a_missing_file_is_an_error(tmp_path: Path, capsys) -> None:
    assert main(["policy", "diff", str(tmp_path / "none.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
