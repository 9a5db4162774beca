"""The staff console's lists are index ranges for a community viewer, not scans of the table.

On PostgreSQL, the demo's cases and households are copied until the tables have the district
preset's size, with every copy moved to a subtree no demo viewer reads (so a community holds a
district community's share of the rows). The statements the API sends for `cases` and
`residents` as community1 are then EXPLAINed: no sequential scan of `cases` or `household`."""

from typing import Any

import pytest

import models
from tests.helpers import Api, postgres_only

pytestmark = [postgres_only, pytest.mark.slow]

COPIES = 170  # 300 demo cases -> 51,300; 1,200 households -> 205,200

CASES = """
query { cases(first: 50) { totalCount edges { node { id title
  node { id name ancestors { id name } } assignee { id username } } } } }
"""
CASES_IN_ORDER = """
query ($order: CaseOrder!, $after: String) {
  cases(first: 50, orderBy: $order, after: $after) {
    totalCount pageInfo { endCursor hasPreviousPage } edges { node { id } } }
}
"""
RESIDENTS = "query { residents(first: 100) { totalCount edges { node { id name } } } }"
RESIDENTS_IN_ORDER = """
query ($order: ResidentOrder!, $after: String) {
  residents(first: 100, orderBy: $order, after: $after) {
    totalCount pageInfo { endCursor hasPreviousPage } edges { node { id name } } }
}
"""

GROW = [
    # Copies keep their real node (a foreign key) but carry a path under /9<copy>/, which no
    # viewer's scope prefix matches.
    f"""INSERT INTO cases (kind, status, title, description, category, severity, hazard_type,
        parties, node_id, community_id, node_path, reporter_user_id, reporter_resident_id,
        reporter_name, reporter_phone, assignee_id, resolved_by_id, rating, rating_comment,
        due_at, accepted_at, resolved_at, verified_at, created_at, updated_at)
    SELECT kind, status, title, description, category, severity, hazard_type,
        parties, node_id, community_id, '/9' || copy || node_path, reporter_user_id,
        reporter_resident_id, reporter_name, reporter_phone, assignee_id, resolved_by_id,
        rating, rating_comment, due_at, accepted_at, resolved_at, verified_at,
        created_at - copy * INTERVAL '1 minute', updated_at
    FROM cases, generate_series(1, {COPIES}) AS copy""",
    f"""INSERT INTO household (building_id, building_path, number, central_household_id,
        active, created_at, updated_at)
    SELECT building_id, '/9' || copy || building_path, number || '#' || copy,
        NULL, active, created_at, updated_at
    FROM household, generate_series(1, {COPIES}) AS copy""",
    "ANALYZE",
]


async def statements_of(
    api: Api, query: str, variables: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> list[tuple[str, list[Any]]]:
    db = models.Case._meta.db
    sent: list[tuple[str, list[Any]]] = []
    execute = type(db).execute_query

    async def recording(self: Any, sql: str, values: list[Any] | None = None) -> Any:
        sent.append((sql, list(values or [])))
        return await execute(self, sql, values)

    monkeypatch.setattr(type(db), "execute_query", recording)
    await api.gql(query, variables, as_="community1")
    monkeypatch.undo()
    return [(sql, values) for sql, values in sent if "cases" in sql or "household" in sql]


async def plan_of(sql: str, values: list[Any]) -> str:
    rows = await models.Case._meta.db.execute_query_dict(f"EXPLAIN {sql}", values)
    return "\n".join(row["QUERY PLAN"] for row in rows)


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (CASES, {}),
        *[(CASES_IN_ORDER, {"order": order}) for order in ("CREATED_ASC", "DUE_ASC")],
        (RESIDENTS, {}),
        # Page 2 of every order: the keyset condition and the flag for the way back.
        *[
            (CASES_IN_ORDER, {"order": order, "after": "page 2"})
            for order in ("CREATED_DESC", "CREATED_ASC", "DUE_ASC", "UPDATED_DESC", "ID")
        ],
        *[
            (RESIDENTS_IN_ORDER, {"order": order, "after": "page 2"})
            for order in ("ID", "NAME", "CREATED_DESC")
        ],
    ],
)
async def test_a_community_viewer_never_scans_cases_or_households(
    api: Api, demo, monkeypatch, query: str, variables: dict[str, Any]
):
    # given: district-sized tables
    db = models.Case._meta.db
    for statement in GROW:
        await db.execute_script(statement)
    assert await models.Case.all().count() > 50_000
    if variables.get("after"):
        page1 = await api.gql(query, {**variables, "after": None}, as_="community1")
        field = "cases" if "cases" in page1 else "residents"
        variables = {**variables, "after": page1[field]["pageInfo"]["endCursor"]}
    # when
    statements = await statements_of(api, query, variables, monkeypatch)
    # then
    assert len(statements) >= 2, "the page and its count, at least"
    for sql, values in statements:
        plan = await plan_of(sql, values)
        assert "Seq Scan on cases" not in plan, plan
        assert "Seq Scan on household" not in plan, plan
