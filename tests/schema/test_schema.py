"""The committed SDL matches the served schema, and the core contract holds."""

import subprocess
import sys
from pathlib import Path

from schema import schema

ROOT = Path(__file__).resolve().parents[2]
CHECK_CONTRACT = ROOT.parent / "shared" / "tools" / "check_contract.py"

# Cases (issue 4) are not built yet: their breaks, and only theirs, remain.
NOT_YET_BUILT = {
    "TYPE_REMOVED: CaseKind was removed.",
    "TYPE_REMOVED: CaseStatus was removed.",
    "TYPE_REMOVED: Case was removed.",
    "TYPE_REMOVED: CaseEdge was removed.",
    "TYPE_REMOVED: CaseConnection was removed.",
    "TYPE_REMOVED: CaseFilter was removed.",
    "TYPE_REMOVED: SubmitCaseInput was removed.",
    "TYPE_REMOVED: CasePayload was removed.",
    "FIELD_REMOVED: Field Query.residents was removed.",
    "FIELD_REMOVED: Field Query.cases was removed.",
    "FIELD_REMOVED: Field Mutation.submitCase was removed.",
    "FIELD_REMOVED: Field Mutation.acceptCase was removed.",
    "FIELD_REMOVED: Field Mutation.rejectCase was removed.",
    "FIELD_REMOVED: Field Mutation.assignCase was removed.",
    "FIELD_REMOVED: Field Mutation.claimCase was removed.",
    "FIELD_REMOVED: Field Mutation.resolveCase was removed.",
    "FIELD_REMOVED: Field Mutation.rateCase was removed.",
    "FIELD_REMOVED: Field Mutation.verifyCase was removed.",
}


def test_committed_schema_matches_the_served_schema() -> None:
    committed = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed == schema.as_str() + "\n", "run `make schema` and commit schema.graphql"


def test_export_schema_command_prints_the_same_sdl() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "export-schema"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == (ROOT / "schema.graphql").read_text(encoding="utf-8")


def test_contract_breaks_only_in_parts_not_built_yet() -> None:
    result = subprocess.run(
        [sys.executable, str(CHECK_CONTRACT), str(ROOT / "schema.graphql")],
        capture_output=True,
        text=True,
        check=False,
    )
    breaks = {line for line in result.stdout.splitlines() if not line.startswith("contract:")}
    assert breaks <= NOT_YET_BUILT, sorted(breaks - NOT_YET_BUILT)
    # Every org-tree, user, role and people part of the contract is served.
    served = ("OrgNode", "User", "Role", "Node", "Resident", "Household", "DateTime")
    assert not any(name in line for line in breaks for name in served)
