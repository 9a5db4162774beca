"""Property: an audit record is in `auditLog` (and `auditLogCsv`) for a viewer iff it lies in
their audit scope: auditors and street admins read the records at nodes of their subtree,
system admins every record (those without a node too), everyone else none (README "Audit
trail", shared/domain.md: AUDITOR "subtree incl. the audit log").

Hypothesis draws records at random nodes of the demo tree (any level, or no node at all) and a
viewer among the demo users, and pages through the whole log with a random page size, order and
direction; the expected set is computed here from the viewer's grants, not from `policies/`.
A filter by an out-of-scope node or user gives nothing more.
"""

import csv
import io
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import models
from models import Role
from resolvers.audit.chain import append
from resolvers.ids import encode_global_id
from tests.helpers import Api, one_database_settings

VIEWERS = [
    "admin", "street1", "street2", "auditor1", "auditor2", "community1", "grid1",
    "building1", "volunteer1", "resident1",
]  # fmt: skip
READERS = {Role.AUDITOR, Role.STREET_ADMIN}
PAGE = """
query($first: Int, $after: String, $last: Int, $before: String, $order: AuditLogOrder,
      $filter: AuditLogFilter) {
  auditLog(first: $first, after: $after, last: $last, before: $before, orderBy: $order,
           filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { node { id nodeId } }
  }
}
"""
CSV = "query($filter: AuditLogFilter) { auditLogCsv(filter: $filter) }"


def expected(grants: list[tuple[Role, str | None]], node_path: str | None) -> bool:
    if any(role is Role.SYSTEM_ADMIN for role, _ in grants):
        return True
    if node_path is None:
        return False
    return any(
        role in READERS and path is not None and node_path.startswith(path) for role, path in grants
    )


async def read_all(api: Api, as_: str, size: int, order: str, forward: bool) -> list[str]:
    """Every record id the viewer gets, page by page, forwards or backwards."""
    ids: list[str] = []
    cursor: str | None = None
    for _ in range(1_000):
        variables: dict[str, Any] = {"order": order}
        if forward:
            variables.update(first=size, after=cursor)
        else:
            variables.update(last=size, before=cursor)
        page = (await api.gql(PAGE, variables, as_=as_))["auditLog"]
        got = [edge["node"]["id"] for edge in page["edges"]]
        ids.extend(got if forward else reversed(got))
        info = page["pageInfo"]
        more = info["hasNextPage"] if forward else info["hasPreviousPage"]
        if not more:
            return ids
        cursor = info["endCursor"] if forward else info["startCursor"]
    raise AssertionError("paging never ended")


@pytest.mark.slow
@one_database_settings(max_examples=25)  # some 0.4 s each
@given(
    at=st.lists(st.integers(min_value=-1, max_value=10_000), min_size=1, max_size=6),
    viewer=st.sampled_from(VIEWERS),
    size=st.integers(min_value=1, max_value=100),
    order=st.sampled_from(["ID", "AT_ASC", "AT_DESC"]),
    forward=st.booleans(),
)
async def test_an_audit_record_is_read_iff_in_the_viewers_scope(
    api: Api, demo, at: list[int], viewer: str, size: int, order: str, forward: bool
) -> None:
    # given: the demo's tree and grants (read once), and records at the drawn nodes
    state: dict[str, Any] | None = getattr(api, "_audit_state", None)
    if state is None:
        nodes = await models.OrgNode.all().order_by("id").values_list("id", "path")
        users = {u.username: u.id for u in await models.User.filter(username__in=VIEWERS)}
        grants: dict[str, list[tuple[Role, str | None]]] = {name: [] for name in users}
        names = {pk: name for name, pk in users.items()}
        for role, path, user_id in await models.RoleGrant.filter(
            revoked_at__isnull=True, user_id__in=list(names)
        ).values_list("role", "node__path", "user_id"):
            grants[names[user_id]].append((Role(role), path))
        state = {"nodes": nodes, "users": users, "grants": grants, "made": {}}
        api._audit_state = state  # type: ignore[attr-defined]
    made: dict[str, str | None] = state["made"]
    for index in at:
        path = None if index < 0 else state["nodes"][index % len(state["nodes"])][1]
        record = await append(
            models.AuditRecord(
                at=datetime.now(UTC),
                user_id=state["users"]["admin"],
                operation="renameOrgNode",
                object_ids="",
                node_path=path,
                changes="[]",
                client_address="127.0.0.1",
                request_id="property",
            )
        )
        made[encode_global_id("AuditRecord", record.id)] = path
    # when
    seen = await read_all(api, viewer, size, order, forward)
    # then: exactly the records in scope, each once, whatever the order, size and direction
    mine = [record for record in seen if record in made]
    assert len(mine) == len(set(mine)), "a record came twice"
    wanted = {rid for rid, path in made.items() if expected(state["grants"][viewer], path)}
    assert set(mine) == wanted, (viewer, sorted(set(mine) ^ wanted))
    # and the CSV export holds the same records (by their hash chain position)
    exported = (await api.gql(CSV, as_=viewer))["auditLogCsv"]
    rows = list(csv.DictReader(io.StringIO(exported)))
    seqs = {int(row["seq"]) for row in rows}
    by_seq = {
        encode_global_id("AuditRecord", pk): seq
        for pk, seq in await models.AuditRecord.all().values_list("id", "seq")
    }
    assert {rid for rid in made if by_seq[rid] in seqs} == wanted


async def test_a_filter_by_a_node_or_user_out_of_scope_adds_nothing(api: Api, demo) -> None:
    # given: a record at a building of the second street
    street2 = await models.OrgNode.filter(level=models.OrgLevel.STREET).order_by("id").offset(1)
    building = await models.OrgNode.filter(
        level=models.OrgLevel.BUILDING, path__startswith=street2[0].path
    ).first()
    assert building is not None
    admin = await models.User.get(username="admin")
    await append(
        models.AuditRecord(
            at=datetime.now(UTC), user_id=admin.id, operation="renameOrgNode", object_ids="",
            node_path=building.path, changes="[]", client_address="127.0.0.1", request_id="x",
        )
    )  # fmt: skip
    # when: the first street's auditor filters by that building, and by the admin
    for filter_ in (
        {"nodeId": encode_global_id("OrgNode", building.id)},
        {"userId": encode_global_id("User", admin.id)},
    ):
        page = (await api.gql(PAGE, {"first": 100, "filter": filter_}, as_="auditor1"))["auditLog"]
        # then
        assert page["edges"] == [], filter_
        assert page["totalCount"] == 0, filter_
