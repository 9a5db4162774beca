"""The `loudong` command line."""

import argparse
import asyncio
import getpass
import os
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

from tortoise import Tortoise

from app import db
from app.seed import DEMO_PASSWORD, PRESETS, SeedRefused, database_is_empty, seed
from app.settings import Settings, SettingsError


async def _with_database(settings: Settings, work: Callable[[], Awaitable[None]]) -> None:
    await Tortoise.init(config=db.tortoise_config(settings.database_url))
    try:
        await work()
    finally:
        await Tortoise.close_connections()


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from app.logs import configure_logging

    configure_logging(settings.log_format, settings.log_level)
    # Several workers keep their metrics in files that /metrics adds up (prometheus-client's
    # multiprocess mode): a folder of this run's own, set before any worker starts.
    own_folder = None
    if args.workers > 1 and "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        own_folder = tempfile.mkdtemp(prefix="loudong-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = own_folder
    try:
        # proxy_headers=False: uvicorn would otherwise take the client from X-Forwarded-For of
        # any loopback peer; the app reads that header itself, only from trusted proxies.
        # On SIGTERM uvicorn stops accepting and lets requests in flight finish, for at most
        # --shutdown-timeout seconds.
        uvicorn.run(
            "app.main:served_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            proxy_headers=False,
            timeout_graceful_shutdown=args.shutdown_timeout,
            # Our logging (app/logs.py): uvicorn's lines through our formatter, and one line
            # per request of our own instead of its access log (which shows query strings).
            log_config=None,
            access_log=False,
            # A WebSocket message (subscriptions) is bounded as a request body is.
            ws_max_size=settings.max_body_bytes,
        )
    finally:
        if own_folder is not None:
            shutil.rmtree(own_folder, ignore_errors=True)
    return 0


def cmd_check_config(settings: Settings | None, args: argparse.Namespace) -> int:
    from app.checks import production_problems

    problems = production_problems(os.environ)
    for problem in problems:
        print(problem)
    if not problems:
        print("ready for production")
    return 1 if problems else 0


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    asyncio.run(db.migrate(settings))
    print("migrations applied")
    return 0


class SeedBar:
    """A tqdm bar over the rows a seed inserts: its total starts from the preset's estimates
    and each phase's estimate is replaced by the exact count once the seed has made the rows,
    so the bar ends at exactly what was written."""

    def __init__(self, estimates: dict[str, int], *, disable: bool = False) -> None:
        from tqdm import tqdm

        self.estimates = dict(estimates)
        self.total = sum(self.estimates.values())
        self.written = 0
        self.bar = tqdm(total=self.total, unit="row", disable=disable)

    def planned(self, phase: str, rows: int) -> None:
        self.total += rows - self.estimates.pop(phase, 0)
        self.bar.total = self.total
        self.bar.refresh()

    def update(self, rows: int) -> None:
        self.written += rows
        self.bar.update(rows)

    def close(self) -> None:
        self.bar.close()


def cmd_seed(settings: Settings, args: argparse.Namespace) -> int:
    if settings.is_production:
        print("seed is refused when LOUDONG_ENV=production", file=sys.stderr)
        return 2

    async def work() -> None:
        if not await database_is_empty():
            if not args.if_empty:
                raise SeedRefused
            print("database already has data; seed skipped")
            return
        bar = SeedBar(PRESETS[args.preset].estimates, disable=args.preset == "demo")
        try:
            written = await seed(
                args.preset,
                seed_value=args.seed,
                password=args.password,
                password_profile=settings.password_profile,
                progress=bar.update,
                planned=bar.planned,
                as_of=args.as_of,
            )
        finally:
            bar.close()
        print(", ".join(f"{name}: {count}" for name, count in written.items()))

    try:
        asyncio.run(_with_database(settings, work))
    except SeedRefused:
        print(
            "seed refused: the database already holds data (use --if-empty to skip quietly)",
            file=sys.stderr,
        )
        return 1
    return 0


def cmd_create_admin(settings: Settings, args: argparse.Namespace) -> int:
    import models
    from resolvers.auth import check_new_password
    from resolvers.errors import DomainError
    from resolvers.passwords import make_hasher
    from resolvers.text import clean_text, clean_username

    password = args.password or os.environ.get("LOUDONG_ADMIN_PASSWORD") or getpass.getpass()
    try:
        username = clean_username(args.username)
        display_name = clean_text(args.display_name or username, "displayName", limit=100)
        check_new_password(password)
    except DomainError as error:
        print(error.message, file=sys.stderr)
        return 2

    # Hashed before the event loop starts: a command line has nothing else to serve meanwhile.
    password_hash = make_hasher(settings.password_profile).hash(password)

    async def work() -> None:
        from app.main import build_services
        from resolvers.audit import trail as audit
        from resolvers.auth import context_for

        # Audited as a mutation is (no user, client address "unknown"): a grant is made.
        context = await context_for(build_services(settings), None)
        with audit.mutation(context, "createAdmin"):
            async with audit.writing(context):
                user = await models.User.create(
                    username=username,
                    display_name=display_name,
                    password_hash=password_hash,
                )
                grant = await models.RoleGrant.create(
                    user=user, role=models.Role.SYSTEM_ADMIN, node=None
                )
                audit.touched(context, user)
                audit.touched(context, grant)
        print(f"created system admin {user.username}")

    asyncio.run(_with_database(settings, work))
    return 0


def cmd_import_residents(settings: Settings, args: argparse.Namespace) -> int:
    import models
    from app.main import build_services
    from resolvers.audit import trail as audit
    from resolvers.auth import context_for
    from resolvers.errors import DomainError
    from resolvers.ids import decode_id_of
    from resolvers.people.files import import_residents
    from resolvers.text import normal_username

    content = Path(args.file).read_bytes()
    outcome: list[int] = []

    async def work() -> None:
        username = normal_username(args.as_user)
        user = await models.User.get_or_none(username=username or "", is_active=True)
        if user is None:
            print(f"no active user {args.as_user}", file=sys.stderr)
            outcome.append(2)
            return
        context = await context_for(build_services(settings), user)
        try:
            node_id = int(args.node) if args.node.isdigit() else decode_id_of(args.node, "OrgNode")
            # Audited as the API's importResidents is (client address "unknown").
            with audit.mutation(context, "importResidents"):
                report = await import_residents(context, node_id, content)
        except DomainError as error:
            print(f"{error.code}: {error.message}", file=sys.stderr)
            outcome.append(2)
            return
        for bad in report.errors:
            print(f"line {bad.row}, {bad.column or '-'}: {bad.message}", file=sys.stderr)
        print(
            f"{report.rows} rows: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.households_created} households created"
            + ("; nothing imported" if report.errors else "")
        )
        outcome.append(1 if report.errors else 0)

    asyncio.run(_with_database(settings, work))
    return outcome[0]


async def verify_audit_trail() -> tuple[int, str | None]:
    """(records checked, the first broken record named, or None): `loudong audit verify`."""
    from resolvers.audit.chain import verify

    count, problem = await verify()
    return count, str(problem) if problem else None


def cmd_audit_verify(settings: Settings, args: argparse.Namespace) -> int:
    outcome: list[int] = []

    async def work() -> None:
        count, problem = await verify_audit_trail()
        if problem is not None:
            print(f"audit trail broken at {problem}", file=sys.stderr)
            outcome.append(1)
            return
        print(f"audit trail intact: {count} records")
        outcome.append(0)

    asyncio.run(_with_database(settings, work))
    return outcome[0]


def cmd_sweep_alerts(settings: Settings, args: argparse.Namespace) -> int:
    """One sweep of the alerts now: escalations, quiet doors (as each server does every
    LOUDONG_ALERT_SWEEP_SECONDS); safe beside running servers."""
    from datetime import UTC, datetime

    from app.main import alert_rules, live_bus
    from resolvers.alerts.sweep import sweep_alerts
    from resolvers.live.events import publishing

    async def work() -> None:
        # On PostgreSQL, the servers' consoles hear what this sweep raised and escalated.
        async with publishing(live_bus(settings)):
            swept = await sweep_alerts(alert_rules(settings), datetime.now(UTC))
        print(
            f"alerts swept: {swept.escalated} escalated, {swept.doors_raised} quiet doors raised, "
            f"{swept.signatures_forgotten} old event signatures forgotten"
        )

    asyncio.run(_with_database(settings, work))
    return 0


def cmd_policy_diff(settings: Settings, args: argparse.Namespace) -> int:
    """What NEW_POLICY.csv would add (+) and remove (-), and whom and what each pair reaches."""
    from policies.authorizer import Authorizer
    from resolvers.access.policy_diff import policy_diff

    new_policy = Path(args.file)
    if not new_policy.is_file():
        print(f"no such file: {new_policy}", file=sys.stderr)
        return 2
    lines: list[str] = []

    async def work() -> None:
        for change in await policy_diff(Authorizer.from_files(), new_policy):
            sign = "+" if change.added else "-"
            lines.append(
                f"{sign} {change.role.value} {change.action.value}: {change.users} users, "
                f"{change.objects} {change.objects_kind}"
            )

    asyncio.run(_with_database(settings, work))
    print("\n".join(lines) if lines else "no (role, action) pair changes")
    return 0


def cmd_export_schema(settings: Settings | None, args: argparse.Namespace) -> int:
    from schema import schema

    sys.stdout.write(schema.as_str() + "\n")
    return 0


IMPORT_HELP = """\
Import residents into a building or a grid. Every row is checked first; if any row is bad
nothing is written and each problem is printed (line, column as the file names it, message).
Rows are matched on the ID-card number, so importing the same file again changes nothing.

The first row is the header; columns may come in any order, in English or Chinese:

  building    楼栋, 楼栋名称        the building's name; needed when importing into a grid
  household   户号, 房号            unit and room, e.g. 2-301 (required)
  name        姓名                  (required)
  gender      性别                  男 or 女 (or MALE, FEMALE, M, F); may be empty
  birth_date  出生日期              YYYY-MM-DD (also YYYY/MM/DD, YYYY.MM.DD); may be empty, the
                                    ID-card number gives it, and must match it when given
  phone       手机, 手机号, 电话    an 11-digit mainland mobile number (+86 allowed); may be empty
  id_number   身份证号, 身份证号码  18 characters, the last a check digit or X (required)
  tags        标签                  separated by ; , 、 : 独居老人 残疾人 留守儿童 低保 低收入
                                    退役军人 重病 失业 租户 (or ELDER_LIVING_ALONE, DISABLED,
                                    CHILD_LEFT_BEHIND, LOW_INCOME, VETERAN, SERIOUSLY_ILL,
                                    UNEMPLOYED, RENTER)

Files: CSV in UTF-8 (with or without BOM) or GBK/GB18030 (as Chinese Excel saves it), or an
XLSX workbook (its first sheet); at most 20 MB and 100,000 rows. Masked values from an export
(138****5678) are refused; type ID-card numbers into Excel as text, since a number keeps only
15 digits (5.20302E+17).
"""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("loudong")
    except PackageNotFoundError:  # run from a checkout without installing
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="loudong", description=__doc__)
    parser.add_argument("--version", action="version", version=f"loudong {_version()}")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser(
        "serve",
        help="serve the API and GraphiQL",
        description="Serve /graphql (GraphiQL unless LOUDONG_ENV=production), /attachments and "
        "/healthz with uvicorn. Settings come from LOUDONG_* variables (see the README).",
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)",
    )
    serve.add_argument("--port", type=int, default=8000, help="TCP port (default 8000)")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes (default 1); they share rate limits through the database, so "
        "use PostgreSQL with more than one",
    )
    serve.add_argument(
        "--shutdown-timeout",
        type=float,
        default=30.0,
        help="seconds to finish requests in flight on SIGTERM (default 30)",
    )
    serve.set_defaults(handler=cmd_serve)

    commands.add_parser(
        "check-config", help="print what LOUDONG_ENV=production would refuse (exit 1 if any)"
    ).set_defaults(handler=cmd_check_config, no_settings=True)

    commands.add_parser("migrate", help="apply database migrations").set_defaults(
        handler=cmd_migrate
    )

    seed_cmd = commands.add_parser("seed", help="fill an empty database with generated data")
    seed_cmd.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        default="demo",
        help="demo: 3,000 residents, 300 cases; district: 250,000 and 50,000; city: 15 times "
        "a district (default demo)",
    )
    seed_cmd.add_argument("--seed", type=int, default=1, help="random seed (deterministic)")
    seed_cmd.add_argument("--password", default=DEMO_PASSWORD, help="demo users' password")
    seed_cmd.add_argument("--if-empty", action="store_true", help="do nothing if data exists")
    seed_cmd.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=None,
        help="the day the data ends (YYYY-MM-DD; default today, so deadlines stay current)",
    )
    seed_cmd.set_defaults(handler=cmd_seed)

    admin = commands.add_parser("create-admin", help="create a SYSTEM_ADMIN user")
    admin.add_argument("--username", default="admin")
    admin.add_argument("--display-name", default="")
    admin.add_argument("--password", help="or LOUDONG_ADMIN_PASSWORD, or asked for")
    admin.set_defaults(handler=cmd_create_admin)

    importing = commands.add_parser("import", help="import data from a file")
    kinds = importing.add_subparsers(dest="kind", required=True)
    residents = kinds.add_parser(
        "residents",
        help="residents from CSV or XLSX, all or nothing",
        description=IMPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    residents.add_argument("file", help="a .csv (UTF-8, with or without BOM, or GBK) or .xlsx file")
    residents.add_argument(
        "--node",
        required=True,
        help="the building or grid to import into: its global id (from orgNodes) or its number",
    )
    residents.add_argument(
        "--as",
        dest="as_user",
        default="admin",
        help="act as this user (default admin); the import is checked against their grants",
    )
    residents.set_defaults(handler=cmd_import_residents)

    audit = commands.add_parser("audit", help="the audit trail")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    audit_commands.add_parser(
        "verify", help="walk the hash chain; name the first edited, deleted or reordered record"
    ).set_defaults(handler=cmd_audit_verify)

    commands.add_parser(
        "sweep-alerts",
        help="escalate overdue alerts and raise quiet doors' alerts once, now",
    ).set_defaults(handler=cmd_sweep_alerts)
    policy = commands.add_parser("policy", help="the access policy (policies/policy.csv)")
    policy_commands = policy.add_subparsers(dest="policy_command", required=True)
    diff = policy_commands.add_parser(
        "diff",
        help="which (role, action) pairs a changed policy.csv adds or removes, and how many "
        "users (active grants of the role) and objects (in their subtrees) each reaches",
    )
    diff.add_argument("file", metavar="NEW_POLICY.csv")
    diff.set_defaults(handler=cmd_policy_diff)

    commands.add_parser("export-schema", help="print the GraphQL SDL").set_defaults(
        handler=cmd_export_schema, no_settings=True
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "no_settings", False):
        return int(args.handler(None, args))
    try:
        settings = Settings.from_environ()
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    return int(args.handler(settings, args))


if __name__ == "__main__":
    sys.exit(main())
