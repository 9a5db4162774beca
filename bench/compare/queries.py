"""The staff console's lists as each contender is asked for them, and how answers compare.

Loudong and the floor get the same document and must return equal `data`. PostGraphile has
its own schema, so it gets its own document with the same meaning; both answers are reduced
to plain tuples (primary keys, names, levels, in order) that must be equal.
"""

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Json = Any
Canonical = tuple[Any, ...]

CASES = """query Cases($first: Int) {
  cases(first: $first) {
    totalCount
    edges { node { id kind status title
                   node { id name level ancestors { id name } }
                   assignee { id username displayName } } }
  }
}"""

RESIDENTS = """query Residents($first: Int) {
  residents(first: $first) {
    totalCount
    edges { node { id name phone idNumber tags
                   household { id number building { id name } } } }
  }
}"""

ORG_NODES = """query OrgNodes($first: Int) {
  orgNodes(first: $first) {
    totalCount
    edges { node { id name level parent { id name } ancestors { id name } } }
  }
}"""

# PostGraphile orders by primary key unless told; Loudong's cases default to newest first
# with the id breaking ties. Residents: Loudong lists active residents of active households
# (the check below fails if an inactive household would make a difference).
PG_CASES = """query Cases($first: Int) {
  allCases(first: $first, orderBy: [CREATED_AT_DESC, PRIMARY_KEY_DESC]) {
    totalCount
    nodes { rowId kind status title
            orgNodeByNodeId { rowId name level ancestors { nodes { rowId name } } }
            appUserByAssigneeId { rowId username displayName } }
  }
}"""

PG_RESIDENTS = """query Residents($first: Int) {
  allResidents(first: $first, orderBy: PRIMARY_KEY_ASC, condition: {active: true}) {
    totalCount
    nodes { rowId name phone idNumber
            residentTagsByResidentId(orderBy: TAG_ASC) { nodes { tag } }
            householdByHouseholdId { rowId number orgNodeByBuildingId { rowId name } } }
  }
}"""

PG_ORG_NODES = """query OrgNodes($first: Int) {
  allOrgNodes(first: $first, orderBy: PRIMARY_KEY_ASC, condition: {archived: false}) {
    totalCount
    nodes { rowId name level orgNodeByParentId { rowId name } ancestors { nodes { rowId name } } }
  }
}"""


def pk(global_id: str) -> int:
    """The primary key in a Loudong relay id (base64 of `Type:pk`)."""
    return int(base64.b64decode(global_id).decode().split(":", 1)[1])


def _pair(node: Json, key: str = "id") -> tuple[int, str] | None:
    return None if node is None else (_id(node[key]), node["name"])


def _rows(node: Json) -> tuple[int, str] | None:
    return _pair(node, "rowId")


def _id(value: Any) -> int:
    return value if isinstance(value, int) else pk(value)


def cases_loudong(data: Json) -> Canonical:
    conn = data["cases"]
    rows = []
    for edge in conn["edges"]:
        c = edge["node"]
        n, u = c["node"], c["assignee"]
        rows.append(
            (
                pk(c["id"]), c["kind"], c["status"], c["title"],
                (pk(n["id"]), n["name"], n["level"], tuple(_pair(a) for a in n["ancestors"])),
                None if u is None else (pk(u["id"]), u["username"], u["displayName"]),
            )
        )  # fmt: skip
    return conn["totalCount"], tuple(rows)


def cases_postgraphile(data: Json) -> Canonical:
    conn = data["allCases"]
    rows = []
    for c in conn["nodes"]:
        n, u = c["orgNodeByNodeId"], c["appUserByAssigneeId"]
        ancestors = tuple(_rows(a) for a in n["ancestors"]["nodes"])
        rows.append(
            (
                c["rowId"], c["kind"], c["status"], c["title"],
                (n["rowId"], n["name"], n["level"], ancestors),
                None if u is None else (u["rowId"], u["username"], u["displayName"]),
            )
        )  # fmt: skip
    return conn["totalCount"], tuple(rows)


def residents_loudong(data: Json) -> Canonical:
    conn = data["residents"]
    rows = []
    for edge in conn["edges"]:
        r = edge["node"]
        h = r["household"]
        rows.append(
            (
                pk(r["id"]), r["name"], r["phone"], r["idNumber"], tuple(r["tags"]),
                (pk(h["id"]), h["number"], _pair(h["building"])),
            )
        )  # fmt: skip
    return conn["totalCount"], tuple(rows)


def residents_postgraphile(data: Json) -> Canonical:
    conn = data["allResidents"]
    rows = []
    for r in conn["nodes"]:
        h = r["householdByHouseholdId"]
        tags = tuple(t["tag"] for t in r["residentTagsByResidentId"]["nodes"])
        rows.append(
            (
                r["rowId"], r["name"], r["phone"], r["idNumber"], tags,
                (h["rowId"], h["number"], _rows(h["orgNodeByBuildingId"])),
            )
        )  # fmt: skip
    return conn["totalCount"], tuple(rows)


def org_nodes_loudong(data: Json) -> Canonical:
    conn = data["orgNodes"]
    rows = []
    for edge in conn["edges"]:
        n = edge["node"]
        ancestors = tuple(_pair(a) for a in n["ancestors"])
        rows.append((pk(n["id"]), n["name"], n["level"], _pair(n["parent"]), ancestors))
    return conn["totalCount"], tuple(rows)


def org_nodes_postgraphile(data: Json) -> Canonical:
    conn = data["allOrgNodes"]
    rows = []
    for n in conn["nodes"]:
        ancestors = tuple(_rows(a) for a in n["ancestors"]["nodes"])
        rows.append((n["rowId"], n["name"], n["level"], _rows(n["orgNodeByParentId"]), ancestors))
    return conn["totalCount"], tuple(rows)


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    viewer: str
    first: int
    document: str
    pg_document: str
    canonical: Callable[[Json], Canonical]
    pg_canonical: Callable[[Json], Canonical]

    def body(self, contender: str) -> dict[str, Any]:
        document = self.pg_document if contender == "postgraphile" else self.document
        name = document.split("(", 1)[0].removeprefix("query ").strip()
        return {"query": document, "variables": {"first": self.first}, "operationName": name}


SCENARIOS = [
    Scenario(
        "cases-community1", "`cases(first: 50)` as community1", "community1", 50,
        CASES, PG_CASES, cases_loudong, cases_postgraphile,
    ),
    Scenario(
        "cases-admin", "`cases(first: 50)` as admin", "admin", 50,
        CASES, PG_CASES, cases_loudong, cases_postgraphile,
    ),
    Scenario(
        "residents-community1", "`residents(first: 100)` as community1", "community1", 100,
        RESIDENTS, PG_RESIDENTS, residents_loudong, residents_postgraphile,
    ),
    Scenario(
        "orgnodes-admin", "`orgNodes(first: 100)` as admin", "admin", 100,
        ORG_NODES, PG_ORG_NODES, org_nodes_loudong, org_nodes_postgraphile,
    ),
]  # fmt: skip
