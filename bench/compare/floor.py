"""The floor: the same JSON as Loudong for the benchmark's documents, from hand-written SQL.

A bare ASGI app (served by uvicorn as `loudong serve` is) with an asyncpg pool. It does what
Loudong must do per request and nothing more: verify the bearer token (HS256, the same secret),
read the user and their active grants, then one statement for the page with everything it
shows and one for the count, on one pooled connection. It recognises the documents of
`bench.compare.queries` by operation name, not by parsing GraphQL.

The viewer's scope is applied in SQL as Loudong's policies define it, for the viewers the
benchmark uses: SYSTEM_ADMIN (everything), STREET_ADMIN and COMMUNITY_ADMIN (their subtrees:
every case there, disputes included, and the cases they reported or handle; every household
and its residents, unmasked; the nodes, plus the ancestors of the grant nodes as breadcrumbs).
Other roles get an error rather than a wrong answer.

Run: BENCH_FLOOR_DATABASE_URL=postgres://... BENCH_SECRET=... uvicorn bench.compare.floor:app
"""

import base64
import json
import os
import re
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

import asyncpg
import jwt

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

PATH_SHAPE = re.compile(r"(/[0-9]+)+/")
SCOPED_ROLES = {"STREET_ADMIN", "COMMUNITY_ADMIN"}
MAX_PAGE = 100


class Refused(Exception):
    """A request the floor does not answer (bad token, a role it does not model)."""


@dataclass(frozen=True)
class Viewer:
    user_id: int
    # None: everything (SYSTEM_ADMIN). Otherwise the minimal granted path prefixes.
    prefixes: tuple[str, ...] | None

    def path_in_scope(self, column: str) -> str:
        """`column LIKE '<prefix>%' OR ...`, the prefixes inlined as constants so that the
        planner can use the path's pattern index (they are checked to be digits and slashes)."""
        assert self.prefixes is not None
        return "(" + " OR ".join(f"{column} LIKE '{p}%'" for p in self.prefixes) + ")"

    def breadcrumbs(self) -> list[int]:
        assert self.prefixes is not None
        ids: set[int] = set()
        for prefix in self.prefixes:
            ids.update(int(part) for part in prefix.strip("/").split("/")[:-1])
        return sorted(ids)


def gid(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def minimal(paths: set[str]) -> tuple[str, ...]:
    return tuple(sorted(p for p in paths if not any(p != q and p.startswith(q) for q in paths)))


GRANTS = """
SELECT u.token_version, g.role, n.path
FROM app_user u
LEFT JOIN role_grant g ON g.user_id = u.id AND g.revoked_at IS NULL
LEFT JOIN org_node n ON n.id = g.node_id
WHERE u.id = $1 AND u.is_active
"""


async def viewer_for(conn: asyncpg.Connection, secret: str, authorization: str) -> Viewer:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refused("no bearer token")
    try:
        claims = jwt.decode(
            token.strip(), secret, algorithms=["HS256"], options={"require": ["exp"]}
        )
        user_id, version = int(claims["sub"]), int(claims["ver"])
    except (jwt.PyJWTError, KeyError, TypeError, ValueError) as error:
        raise Refused("bad token") from error
    rows = await conn.fetch(GRANTS, user_id)
    if not rows or rows[0]["token_version"] != version:
        raise Refused("unknown user or revoked token")
    roles = {row["role"] for row in rows if row["role"] is not None}
    if "SYSTEM_ADMIN" in roles:
        return Viewer(user_id, None)
    if not roles or not roles <= SCOPED_ROLES:
        raise Refused(f"the floor models admins only, not {sorted(roles)}")
    paths = {row["path"] for row in rows}
    if not all(isinstance(p, str) and PATH_SHAPE.fullmatch(p) for p in paths):
        raise Refused("unexpected path")
    return Viewer(user_id, minimal(paths))


def _nodes_scope(viewer: Viewer, alias: str) -> str:
    """Nodes the viewer reads: their subtrees and the breadcrumbs above (archived included)."""
    if viewer.prefixes is None:
        return "TRUE"
    crumbs = ",".join(str(i) for i in viewer.breadcrumbs())
    return f"({viewer.path_in_scope(f'{alias}.path')} OR {alias}.id = ANY('{{{crumbs}}}'::int[]))"


def _ancestors_join(viewer: Viewer, node: str) -> str:
    """Ancestor ids and names of `node`, root first, those the viewer may read."""
    return f"""
LEFT JOIN LATERAL (
  SELECT array_agg(a.id ORDER BY t.ord) AS ids, array_agg(a.name ORDER BY t.ord) AS names
  FROM unnest(string_to_array(btrim({node}.path, '/'), '/')::int[]) WITH ORDINALITY AS t(id, ord)
  JOIN org_node a ON a.id = t.id
  WHERE a.id <> {node}.id AND {_nodes_scope(viewer, "a")}
) anc ON TRUE"""


def _ancestors(ids: list[int] | None, names: list[str] | None) -> list[dict[str, Any]]:
    if not ids or not names:
        return []
    return [{"id": gid("OrgNode", i), "name": n} for i, n in zip(ids, names, strict=True)]


def _cases_scope(viewer: Viewer) -> str:
    if viewer.prefixes is None:
        return "TRUE"
    subtree = f"c.node_id IN (SELECT id FROM org_node WHERE {viewer.path_in_scope('path')})"
    return f"({subtree} OR c.assignee_id = $1 OR c.reporter_user_id = $1)"


async def cases(conn: asyncpg.Connection, viewer: Viewer, first: int) -> dict[str, Any]:
    where = _cases_scope(viewer)
    # $1 is the viewer (their own cases) when the scope names it.
    args: list[int] = [] if viewer.prefixes is None else [viewer.user_id]
    page = await conn.fetch(
        f"""
WITH page AS (
  SELECT c.id, c.kind, c.status, c.title, c.node_id, c.assignee_id, c.created_at
  FROM cases c WHERE {where}
  ORDER BY c.created_at DESC, c.id DESC LIMIT ${len(args) + 1}
)
SELECT p.id, p.kind, p.status, p.title, n.id AS n_id, n.name AS n_name, n.level AS n_level,
       anc.ids AS anc_ids, anc.names AS anc_names,
       u.id AS u_id, u.username, u.display_name
FROM page p
JOIN org_node n ON n.id = p.node_id
LEFT JOIN app_user u ON u.id = p.assignee_id
{_ancestors_join(viewer, "n")}
ORDER BY p.created_at DESC, p.id DESC""",
        *args,
        first,
    )
    total = await conn.fetchval(f"SELECT count(*) FROM cases c WHERE {where}", *args)
    edges = [
        {
            "node": {
                "id": gid("Case", r["id"]),
                "kind": r["kind"],
                "status": r["status"],
                "title": r["title"],
                "node": {
                    "id": gid("OrgNode", r["n_id"]),
                    "name": r["n_name"],
                    "level": r["n_level"],
                    "ancestors": _ancestors(r["anc_ids"], r["anc_names"]),
                },
                "assignee": None
                if r["u_id"] is None
                else {
                    "id": gid("User", r["u_id"]),
                    "username": r["username"],
                    "displayName": r["display_name"],
                },
            }
        }
        for r in page
    ]
    return {"cases": {"totalCount": total, "edges": edges}}


async def residents(conn: asyncpg.Connection, viewer: Viewer, first: int) -> dict[str, Any]:
    # Admins see phones and ID numbers unmasked wherever they read people.
    where = "TRUE" if viewer.prefixes is None else viewer.path_in_scope("b.path")
    base = f"""FROM resident r
JOIN household h ON h.id = r.household_id
JOIN org_node b ON b.id = h.building_id
WHERE r.active AND h.active AND {where}"""
    page = await conn.fetch(
        f"""
SELECT r.id, r.name, r.phone, r.id_number, h.id AS h_id, h.number, b.id AS b_id, b.name AS b_name,
       ARRAY(SELECT t.tag FROM resident_tag t WHERE t.resident_id = r.id ORDER BY t.tag) AS tags
{base}
ORDER BY r.id LIMIT $1""",
        first,
    )
    total = await conn.fetchval(f"SELECT count(*) {base}")
    edges = [
        {
            "node": {
                "id": gid("Resident", r["id"]),
                "name": r["name"],
                "phone": r["phone"],
                "idNumber": r["id_number"],
                "tags": list(r["tags"]),
                "household": {
                    "id": gid("Household", r["h_id"]),
                    "number": r["number"],
                    "building": {"id": gid("OrgNode", r["b_id"]), "name": r["b_name"]},
                },
            }
        }
        for r in page
    ]
    return {"residents": {"totalCount": total, "edges": edges}}


async def org_nodes(conn: asyncpg.Connection, viewer: Viewer, first: int) -> dict[str, Any]:
    where = f"NOT n.archived AND {_nodes_scope(viewer, 'n')}"
    page = await conn.fetch(
        f"""
SELECT n.id, n.name, n.level, p.id AS p_id, p.name AS p_name,
       anc.ids AS anc_ids, anc.names AS anc_names
FROM org_node n
LEFT JOIN org_node p ON p.id = n.parent_id AND {_nodes_scope(viewer, "p")}
{_ancestors_join(viewer, "n")}
WHERE {where}
ORDER BY n.id LIMIT $1""",
        first,
    )
    total = await conn.fetchval(f"SELECT count(*) FROM org_node n WHERE {where}")
    edges = [
        {
            "node": {
                "id": gid("OrgNode", r["id"]),
                "name": r["name"],
                "level": r["level"],
                "parent": None
                if r["p_id"] is None
                else {"id": gid("OrgNode", r["p_id"]), "name": r["p_name"]},
                "ancestors": _ancestors(r["anc_ids"], r["anc_names"]),
            }
        }
        for r in page
    ]
    return {"orgNodes": {"totalCount": total, "edges": edges}}


Handler = Callable[[asyncpg.Connection, Viewer, int], Awaitable[dict[str, Any]]]
OPERATIONS: dict[str, Handler] = {"Cases": cases, "Residents": residents, "OrgNodes": org_nodes}


def encode(data: object) -> bytes:
    # As strawberry encodes Loudong's answers.
    return json.dumps(data, separators=(",", ":")).encode()


class Floor:
    def __init__(self) -> None:
        self.pool: asyncpg.Pool | None = None
        self.secret = ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        if scope["method"] == "GET" and scope["path"] == "/healthz":
            await self.respond(send, 200, encode({"status": "ok"}))
            return
        if scope["method"] != "POST" or scope["path"] != "/graphql":
            await self.respond(send, 404, encode({"errors": [{"message": "Not found."}]}))
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = dict(scope["headers"])
        status, payload = await self.answer(body, headers.get(b"authorization", b"").decode())
        await self.respond(send, status, payload)

    async def answer(self, body: bytes, authorization: str) -> tuple[int, bytes]:
        try:
            request = json.loads(body)
            handler = OPERATIONS[request["operationName"]]
            first = min(int(request.get("variables", {}).get("first", 20)), MAX_PAGE)
        except (ValueError, KeyError, TypeError):
            return 400, encode({"errors": [{"message": "The floor answers only its documents."}]})
        assert self.pool is not None
        async with self.pool.acquire() as conn:
            try:
                viewer = await viewer_for(conn, self.secret, authorization)
            except Refused as error:
                return 200, encode({"data": None, "errors": [{"message": str(error)}]})
            data = await handler(conn, viewer, first)
        return 200, encode({"data": data})

    @staticmethod
    async def respond(send: Send, status: int, payload: bytes) -> None:
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(payload)).encode()),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})

    async def lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.secret = os.environ["BENCH_SECRET"]
                self.pool = await asyncpg.create_pool(
                    os.environ["BENCH_FLOOR_DATABASE_URL"], min_size=1, max_size=10
                )
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.pool is not None:
                    await self.pool.close()
                await send({"type": "lifespan.shutdown.complete"})
                return


app = Floor()
