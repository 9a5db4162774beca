"""The benchmark's databases, its viewers, and PostGraphile's role and row-level security.

Nothing here changes rows of the benchmark database once it is seeded: the viewers sign in with
tokens minted here (no login, so no rate-limit rows), and PostGraphile's setup adds a role,
grants, policies and one function (`org_node_ancestors`). Loudong connects as the tables' owner,
which row-level security does not apply to (no FORCE), so it is unaffected. `--teardown` takes
the policies and the function away again.
"""

import asyncio
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import jwt

DEFAULT_URLS = {
    "district": "postgres://loudong:loudong@127.0.0.1:5432/loudong_bench",
    "demo": "postgres://loudong:loudong@127.0.0.1:5432/loudong_bench_demo",
}
URL_VARIABLES = {"district": "BENCH_DATABASE_URL", "demo": "BENCH_DEMO_DATABASE_URL"}
PG_ROLE = "loudong_postgraphile"
RLS_TABLES = ("org_node", "cases", "household", "resident")
SCOPED_ROLES = {"STREET_ADMIN", "COMMUNITY_ADMIN"}


def database_url(preset: str) -> str:
    return os.environ.get(URL_VARIABLES[preset], DEFAULT_URLS[preset])


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def loudong_env(url: str, data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "LOUDONG_DATABASE_URL": url,
        "LOUDONG_ENV": "development",
        "LOUDONG_DATA_DIR": str(data_dir),
    }


async def ensure_database(url: str, preset: str, loudong: Path, log: Path) -> None:
    """Create the database if missing, migrate it, and seed `preset` if it is empty."""
    name = database_name(url)
    admin = await asyncpg.connect(with_database(url, "postgres"))
    try:
        exists = await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            print(f"creating database {name}")
            await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    with tempfile.TemporaryDirectory() as data_dir, log.open("a") as out:
        env = loudong_env(url, Path(data_dir))
        for command in (
            ["migrate"],
            ["seed", "--preset", preset, "--if-empty"],
        ):
            print(f"loudong {' '.join(command)} ({name})")
            await asyncio.to_thread(
                subprocess.run,
                [str(loudong), *command],
                env=env,
                check=True,
                stdout=out,
                stderr=out,
            )


@dataclass(frozen=True)
class ViewerInfo:
    username: str
    user_id: int
    token_version: int
    # "/" for everything, else the one granted path prefix.
    scope_path: str
    breadcrumbs: tuple[int, ...]

    def token(self, secret: str) -> str:
        """A Loudong login token (resolvers/auth.py issue_token), without signing in."""
        now = datetime.now(UTC)
        claims = {
            "sub": str(self.user_id),
            "ver": self.token_version,
            "iat": now,
            "exp": now + timedelta(hours=12),
        }
        return jwt.encode(claims, secret, algorithm="HS256")

    def postgraphile_headers(self) -> dict[str, str]:
        return {
            "x-loudong-user": str(self.user_id),
            "x-loudong-scope": self.scope_path,
            "x-loudong-breadcrumbs": ",".join(str(i) for i in self.breadcrumbs),
        }


async def viewer_info(conn: asyncpg.Connection, username: str) -> ViewerInfo:
    rows = await conn.fetch(
        """SELECT u.id, u.token_version, g.role, n.path FROM app_user u
           JOIN role_grant g ON g.user_id = u.id AND g.revoked_at IS NULL
           LEFT JOIN org_node n ON n.id = g.node_id
           WHERE u.username = $1 AND u.is_active""",
        username,
    )
    if not rows:
        raise SystemExit(f"no active user {username!r} with a grant in the benchmark database")
    user_id, version = rows[0]["id"], rows[0]["token_version"]
    roles = {row["role"] for row in rows}
    if "SYSTEM_ADMIN" in roles:
        return ViewerInfo(username, user_id, version, "/", ())
    paths = {row["path"] for row in rows}
    if not roles <= SCOPED_ROLES or len(paths) != 1:
        raise SystemExit(f"{username}: the benchmark models one admin grant, not {rows}")
    path = paths.pop()
    crumbs = tuple(int(part) for part in path.strip("/").split("/")[:-1])
    return ViewerInfo(username, user_id, version, path, crumbs)


async def sizes(conn: asyncpg.Connection) -> dict[str, int]:
    return {
        table: await conn.fetchval(f"SELECT count(*) FROM {table}")
        for table in ("cases", "resident", "household", "org_node")
    }


async def ensure_role(conn: asyncpg.Connection) -> None:
    """PostGraphile's role, NOLOGIN, which the database user may SET ROLE to. Creating it needs
    CREATEROLE: as the database user if it has it, else BENCH_SUPERUSER_URL, else (as root)
    `su postgres -c psql` over the local socket."""
    me = await conn.fetchval("SELECT current_user")
    exists = await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", PG_ROLE)
    member = exists and await conn.fetchval("SELECT pg_has_role($1, $2, 'MEMBER')", me, PG_ROLE)
    if member:
        return
    sql = ("" if exists else f"CREATE ROLE {PG_ROLE} NOLOGIN; ") + f'GRANT {PG_ROLE} TO "{me}";'
    try:
        await conn.execute(sql)
        return
    except asyncpg.InsufficientPrivilegeError:
        pass
    superuser = os.environ.get("BENCH_SUPERUSER_URL")
    if superuser:
        other = await asyncpg.connect(superuser)
        try:
            await other.execute(sql)
        finally:
            await other.close()
        return
    if os.geteuid() == 0 and shutil.which("su") and shutil.which("psql"):
        print(f"creating role {PG_ROLE} as the postgres superuser (su postgres -c psql)")
        command = ["su", "postgres", "-c", f"psql -v ON_ERROR_STOP=1 -qc '{sql}'"]
        await asyncio.to_thread(subprocess.run, command, check=True)
        return
    raise SystemExit(
        f"PostGraphile needs a role {PG_ROLE} that {me} may SET ROLE to; run as a superuser:\n"
        f"  {sql}\nor set BENCH_SUPERUSER_URL, or leave PostGraphile out (--only loudong,floor)"
    )


# The scope comes from pgSettings (postgraphile_server.js). Each policy starts with the
# unrestricted case, and reaches the tree with `IN (SELECT ...)`: a per-row EXISTS made
# PostgreSQL plan (and JIT-compile) far more expensively (README, facts about our dependencies).
SCOPE = "current_setting('loudong.scope_path')"
IN_SCOPE = f"path LIKE {SCOPE} || '%'"
EVERYTHING = f"{SCOPE} = '/'"
ME = "current_setting('loudong.user_id')::int"
POLICIES = {
    "org_node": f"""{EVERYTHING} OR {IN_SCOPE}
        OR id = ANY (current_setting('loudong.breadcrumbs')::int[])""",
    # Community admins and up read every case in their subtree (disputes too) and whatever
    # they reported or handle (policies/authorizer.py readable_cases_filter).
    "cases": f"""{EVERYTHING}
        OR node_id IN (SELECT id FROM org_node WHERE {IN_SCOPE})
        OR assignee_id = {ME} OR reporter_user_id = {ME}""",
    "household": f"{EVERYTHING} OR building_id IN (SELECT id FROM org_node WHERE {IN_SCOPE})",
    "resident": f"""{EVERYTHING} OR household_id IN (
        SELECT h.id FROM household h JOIN org_node b ON b.id = h.building_id
        WHERE b.{IN_SCOPE})""",
}
ANCESTORS = """
CREATE OR REPLACE FUNCTION org_node_ancestors(n org_node) RETURNS SETOF org_node
LANGUAGE sql STABLE AS $$
  SELECT a.* FROM unnest(string_to_array(btrim(n.path, '/'), '/')::int[]) WITH ORDINALITY
    AS t(id, ord)
  JOIN org_node a ON a.id = t.id
  WHERE a.id <> n.id
  ORDER BY t.ord
$$;
COMMENT ON FUNCTION org_node_ancestors(org_node) IS
  'Root first, this node excluded (bench/compare: PostGraphile''s OrgNode.ancestors).';
"""


async def install_rls(conn: asyncpg.Connection) -> None:
    """Grants, policies and the ancestors function for PostGraphile; idempotent."""
    await ensure_role(conn)
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {PG_ROLE}",
        f"GRANT SELECT ON org_node, cases, household, resident, resident_tag TO {PG_ROLE}",
        f"GRANT SELECT (id, username, display_name) ON app_user TO {PG_ROLE}",
        ANCESTORS,
        f"GRANT EXECUTE ON FUNCTION org_node_ancestors(org_node) TO {PG_ROLE}",
    ]
    for table, condition in POLICIES.items():
        statements += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS bench_scope ON {table}",
            f"CREATE POLICY bench_scope ON {table} FOR SELECT TO {PG_ROLE} USING ({condition})",
        ]
    async with conn.transaction():
        for statement in statements:
            await conn.execute(statement)


async def teardown(conn: asyncpg.Connection) -> None:
    """Take PostGraphile's policies, grants and function away (the role stays)."""
    async with conn.transaction():
        for table in RLS_TABLES:
            await conn.execute(f"DROP POLICY IF EXISTS bench_scope ON {table}")
            await conn.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        await conn.execute("DROP FUNCTION IF EXISTS org_node_ancestors(org_node)")
        role = await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", PG_ROLE)
        if role:
            await conn.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {PG_ROLE}")
            await conn.execute(f"REVOKE ALL ON SCHEMA public FROM {PG_ROLE}")
