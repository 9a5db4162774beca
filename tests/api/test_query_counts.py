"""No N+1 anywhere: every list takes as many SQL statements for 30 rows as for 3.

The queries are built from the schema itself: each connection field of Query selects every
scalar and enum of its node type, every object or list field one level down with their scalars,
and the connection fields one level down at the same page size. A new list is covered without
touching this file; one with a required argument fails until ARGUMENTS gives it a value or
SKIPPED says why it is left out.

Statements are compared by their SQL with the parameters left out (and `IN (?, ?, ?)` folded),
so the test names the statement that runs per row. One difference is not an N+1 and is allowed:
a batch the small page had nothing to load for (none of its three rows has a party profile,
say) runs once in the large page only.
"""

import json
import re
from collections import Counter
from dataclasses import dataclass, field

import pytest
from graphql import (
    GraphQLField,
    GraphQLNamedType,
    GraphQLObjectType,
    get_named_type,
    is_interface_type,
    is_leaf_type,
    is_non_null_type,
    is_object_type,
)
from graphql.pyutils import Undefined

import models
from bench.list_queries import QUERIES
from resolvers.ids import encode_global_id
from resolvers.points.reading import today
from schema import schema
from tests.helpers import Api, QueryCounter, node_named

SMALL, LARGE = 3, 30
# A scoped viewer (one community, with the street above as a breadcrumb) and the whole system.
USERS = ("admin", "community1")

# GraphQL literals for arguments, by "Type.field": required ones, and those whose default would
# leave too few rows to compare two page sizes.
ARGUMENTS: dict[str, dict[str, str]] = {
    # The default (not contacted for 30 days) leaves a handful; null lists every mobile member.
    "Query.mobilePartyMembers": {"notContactedWithinDays": "null"},
    # The demo's first community (streets take ids 1 and 2), this month, by residents.
    "Query.pointsRanking": {
        "nodeId": json.dumps(encode_global_id("OrgNode", 3)),
        "day": json.dumps(today().isoformat()),
        "subject": "RESIDENTS",
    },
    # access review (issue 15): the demo's first community
    "Query.accessReview": {"nodeId": json.dumps(encode_global_id("OrgNode", 3))},
}
# "Type.field" -> why it is not walked.
SKIPPED: dict[str, str] = {}


@dataclass
class Walk:
    """One query per connection field of Query, and the fields it could not select."""

    queries: dict[str, str] = field(default_factory=dict)
    unhandled: list[str] = field(default_factory=list)


def _is_connection(graphql_type: GraphQLNamedType) -> bool:
    return is_object_type(graphql_type) and graphql_type.name.endswith("Connection")


def _node_type(connection: GraphQLObjectType) -> GraphQLObjectType:
    edge = get_named_type(connection.fields["edges"].type)
    assert isinstance(edge, GraphQLObjectType), connection
    node = get_named_type(edge.fields["node"].type)
    assert isinstance(node, GraphQLObjectType), edge
    return node


def _arguments(owner: str, name: str, graphql_field: GraphQLField, walk: Walk) -> str | None:
    """`(a: 1, ...)` for the field, "" without arguments; None when a required one has no value."""
    given = dict(ARGUMENTS.get(f"{owner}.{name}", {}))
    if "first" in graphql_field.args and _is_connection(get_named_type(graphql_field.type)):
        given["first"] = "$first"
    missing = [
        arg
        for arg, definition in graphql_field.args.items()
        if is_non_null_type(definition.type)
        and definition.default_value is Undefined
        and arg not in given
    ]
    if missing:
        walk.unhandled.append(f"{owner}.{name} needs {', '.join(missing)}")
        return None
    return f"({', '.join(f'{k}: {v}' for k, v in given.items())})" if given else ""


def _leaves(graphql_type: GraphQLNamedType, walk: Walk) -> str:
    """Every scalar and enum field of an object or interface type."""
    assert isinstance(graphql_type, GraphQLObjectType) or is_interface_type(graphql_type)
    names = []
    for name, graphql_field in graphql_type.fields.items():
        if is_leaf_type(get_named_type(graphql_field.type)):
            arguments = _arguments(graphql_type.name, name, graphql_field, walk)
            if arguments is not None:
                names.append(name + arguments)
    return " ".join(names) or "__typename"


def _connection(selection: str) -> str:
    return (
        "{ totalCount pageInfo { hasNextPage endCursor } "
        f"edges {{ cursor node {{ {selection} }} }} }}"
    )


def _node_selection(node: GraphQLObjectType, walk: Walk) -> str:
    """The node's scalars, its object and list fields with their scalars, its connections."""
    parts = []
    for name, graphql_field in node.fields.items():
        named = get_named_type(graphql_field.type)
        key = f"{node.name}.{name}"
        if key in SKIPPED:
            continue
        arguments = _arguments(node.name, name, graphql_field, walk)
        if arguments is None:
            continue
        if is_leaf_type(named):
            parts.append(name + arguments)
        elif _is_connection(named):
            assert isinstance(named, GraphQLObjectType)
            parts.append(name + arguments + " " + _connection(_leaves(_node_type(named), walk)))
        else:
            parts.append(f"{name}{arguments} {{ {_leaves(named, walk)} }}")
    return " ".join(parts)


def walk_schema() -> Walk:
    walk = Walk()
    query_type = schema._schema.query_type
    assert query_type is not None
    for name, graphql_field in query_type.fields.items():
        named = get_named_type(graphql_field.type)
        if not _is_connection(named) or f"Query.{name}" in SKIPPED:
            continue
        assert isinstance(named, GraphQLObjectType)
        arguments = _arguments("Query", name, graphql_field, walk)
        if arguments is None:
            continue
        if "first" not in graphql_field.args:
            walk.unhandled.append(f"Query.{name} has no `first` to vary the page size")
            continue
        selection = _node_selection(_node_type(named), walk)
        walk.queries[name] = (
            f"query List($first: Int!) {{ {name}{arguments} {_connection(selection)} }}"
        )
    return walk


WALK = walk_schema()


def test_every_connection_field_is_walked_or_skipped_with_a_reason():
    # then: nothing needs an argument the table lacks, and the known lists are all there
    assert WALK.unhandled == [], "give ARGUMENTS values or a SKIPPED reason"
    known = {"users", "orgNodes", "residents", "households", "mobilePartyMembers", "cases"}
    redemption = {"redemptionGoods", "redemptions", "dividendDistributions", "dividendLines"}
    assert known | {"volunteerTeams"} | redemption <= set(WALK.queries)
    assert "children(first: $first)" in WALK.queries["orgNodes"]


async def _more_teams_in_community1() -> None:
    """The demo has one team per community: three more, with the same members, for community1."""
    team = await models.VolunteerTeam.get(node_id=(await node_named(models.OrgLevel.COMMUNITY)).id)
    members = await models.VolunteerTeamMember.filter(team_id=team.id)
    for number in (2, 3, 4):
        more = await models.VolunteerTeam.create(
            node_id=team.node_id, name=f"{team.name}{number}", leader_id=team.leader_id
        )
        await models.VolunteerTeamMember.bulk_create(
            [
                models.VolunteerTeamMember(team_id=more.id, resident_id=m.resident_id)
                for m in members
            ]
        )


async def _audit_records_in_community1() -> None:
    """The demo's seed writes no audit records: forty at community1's community."""
    from datetime import UTC, datetime

    from tortoise.transactions import in_transaction

    from resolvers.audit.chain import append

    community = await node_named(models.OrgLevel.COMMUNITY)
    for n in range(40):
        async with in_transaction():
            await append(models.AuditRecord(
                at=datetime.now(UTC), operation="renameOrgNode", object_ids="", changes="[]",
                node_path=community.path, client_address="127.0.0.1", request_id=f"r{n}",
            ))  # fmt: skip


async def _more_distributions_in_community1() -> None:
    """The demo has one dividend distribution per community: four more for community1's."""
    community = await node_named(models.OrgLevel.COMMUNITY)
    seeded = await models.DividendDistribution.get(community_id=community.id)
    for number in range(2, 6):
        await models.DividendDistribution.create(
            community_id=community.id, node_path=community.path,
            cooperative=f"{seeded.cooperative}{number}", income_fen=seeded.income_fen,
            period_start=seeded.period_start, period_end=seeded.period_end,
            total_points=seeded.total_points,
        )  # fmt: skip


async def _notices_in_community1() -> None:
    """The demo publishes one notice: forty more at community1's community, each with rows."""
    from datetime import UTC, datetime

    community = await node_named(models.OrgLevel.COMMUNITY)
    for n in range(40):
        notice = await models.PointsNotice.create(
            node_id=community.id, node_path=community.path, title=f"公示{n}", year=2000 + n,
            quarter=1, subject=models.RankingSubject.RESIDENTS, published_at=datetime.now(UTC),
        )  # fmt: skip
        await models.PointsNoticeRow.create(notice_id=notice.id, rank=1, name="张*明", points=9)


# Lists the demo holds too few rows of (for the scoped viewer) to fill two page sizes.
MORE_ROWS = {
    "volunteerTeams": _more_teams_in_community1,
    "auditLog": _audit_records_in_community1,
    "dividendDistributions": _more_distributions_in_community1,
    "pointsNotices": _notices_in_community1,
}
# Lists the scoped viewer above may not read at all: read by this scoped reader instead.
SCOPED_READER = {"auditLog": "auditor1", "accessReview": "auditor1"}


def _template(statement: str) -> str:
    """The SQL without its parameters and with `IN (...)` folded: one per loader, any batch."""
    sql = statement.rsplit(": [", 1)[0]
    sql = re.sub(r"\$\d+", "?", sql)  # PostgreSQL numbers its parameters
    return re.sub(r"\(\?(?:\s*,\s*\?)*\)", "(?)", sql)


async def _run(api: Api, queries: QueryCounter, query: str, first: int, user: str):
    queries.reset()
    data = await api.gql(query, {"first": first}, as_=user)
    return next(iter(data.values())), list(queries.statements)


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("name", sorted(WALK.queries))
async def test_statements_do_not_depend_on_the_page_size(
    api: Api, demo, queries: QueryCounter, name: str, user: str
):
    # given
    if name in MORE_ROWS:
        await MORE_ROWS[name]()
    query = WALK.queries[name]
    user = SCOPED_READER.get(name, user) if user != "admin" else user
    await api.token(user)
    # when
    small, small_statements = await _run(api, queries, query, SMALL, user)
    large, large_statements = await _run(api, queries, query, LARGE, user)
    # then: the large page has more rows, and runs no statement more often than the small one
    assert len(small["edges"]) == SMALL, f"{name} as {user}: too few rows to compare"
    assert len(large["edges"]) > SMALL, f"{name} as {user}: too few rows to compare"
    before = Counter(map(_template, small_statements))
    after = Counter(map(_template, large_statements))
    per_row = {
        sql: f"{before[sql]} for {SMALL} rows, {times} for {len(large['edges'])}"
        for sql, times in after.items()
        if times > before[sql] and (before[sql], times) != (0, 1)
    }
    assert per_row == {}, json.dumps({"query": query, **per_row}, ensure_ascii=False, indent=1)
    new_batches = sum(1 for sql in after if sql not in before)
    assert len(large_statements) == len(small_statements) + new_batches, json.dumps(
        {"small": small_statements, "large": large_statements}, ensure_ascii=False, indent=1
    )[:6000]


# The statements of the benchmark's list queries, as README.md and bench/RESULTS.md quote them.
EXACT = {
    # user, grants, page, count, children batch, parents and ancestors batch
    "orgNodes(first: 100) with parent, ancestors, children": 6,
    # user, grants, page (household and building joined, so buildings cost nothing), count,
    # tags, party profiles, central households, reportsTo
    "residents(first: 100) with household, building, party profile": 8,
    # user, grants, page, count, case nodes, events, assignees, ancestors
    "cases(first: 50) with node, ancestors, assignee, events": 8,
}


def test_every_benchmark_query_has_an_exact_count():
    assert set(EXACT) == set(QUERIES)


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("label", sorted(EXACT))
async def test_main_lists_take_the_quoted_number_of_statements(
    api: Api, demo, queries: QueryCounter, label: str, user: str
):
    # given
    await api.token(user)
    queries.reset()
    # when
    data = await api.gql(QUERIES[label], {"first": 50}, as_=user)
    # then
    assert len(next(iter(data.values()))["edges"]) == 50
    assert queries.count == EXACT[label], json.dumps(queries.statements, ensure_ascii=False)
