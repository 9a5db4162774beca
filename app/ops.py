"""What operators and orchestrators use: /healthz, /readyz, /metrics, and the middleware that
times requests and answers a lost database as UNAVAILABLE (503) rather than a bare 500."""

import hashlib
import hmac
import logging
import os
import pkgutil
import time
from typing import Any

import anyio
import anyio.to_thread
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Message, Receive, Scope, Send
from tortoise import connections

import models.migrations
from app.middleware import HttpMiddleware
from app.settings import Settings
from resolvers import metrics
from resolvers.context import Services
from resolvers.faults import UNAVAILABLE_MESSAGE, database_unavailable

logger = logging.getLogger("loudong")

# /readyz gives the database this long to answer (a probe must not hang with it).
READY_TIMEOUT = 1.0
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
_APPLIED = "SELECT name FROM tortoise_migrations WHERE app = 'models'"


async def healthz(request: Request) -> JSONResponse:
    """The process is alive and serving; the database is not asked."""
    return JSONResponse({"status": "ok"}, headers={"Cache-Control": "no-store"})


def migration_names() -> frozenset[str]:
    """The migrations the installed package ships (models/migrations/NNNN_*.py)."""
    return frozenset(
        module.name
        for module in pkgutil.iter_modules(models.migrations.__path__)
        if module.name[:4].isdigit()
    )


async def _database_checks() -> tuple[str, str]:
    """(database, migrations) states; never an error's text (it may name hosts or users)."""
    try:
        with anyio.fail_after(READY_TIMEOUT):  # both statements together
            client = connections.get("default")
            await client.execute_query("SELECT 1")
            try:
                rows = await client.execute_query_dict(_APPLIED)
            except Exception as error:
                if database_unavailable(error):
                    raise
                return "ok", "pending"  # reachable, but no migrations table: never migrated
    except TimeoutError:
        return "timeout", "unknown"
    except Exception:
        return "unreachable", "unknown"
    applied = {row["name"] for row in rows}
    return "ok", "ok" if migration_names() <= applied else "pending"


async def readyz(request: Request) -> JSONResponse:
    """Ready to serve: the database answers within a second, every migration the package ships
    is applied, and the access policy is loaded. 503 otherwise."""
    services: Services = request.state.services
    database, migrations = await _database_checks()
    checks = {
        "database": database,
        "migrations": migrations,
        "policy": "ok" if services.authorizer.policy_actions() else "empty",
    }
    ready = all(state == "ok" for state in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status_code=200 if ready else 503,
        headers={"Cache-Control": "no-store"},
    )


def _digest(text: str) -> bytes:
    # Equal-length digests: the comparison's time tells nothing of the token's length either.
    return hashlib.sha256(text.encode()).digest()


def _authorized(request: Request, token: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    ok = hmac.compare_digest(_digest(given.strip()), _digest(token))
    return ok and scheme.lower() == "bearer"


def _exposition() -> bytes:
    if MULTIPROC_ENV not in os.environ:
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return generate_latest(registry)


async def metrics_endpoint(request: Request) -> Response:
    """Prometheus text format; with LOUDONG_METRICS_TOKEN set, only for that bearer token."""
    settings: Settings = request.state.settings
    if not settings.metrics:
        return Response("Not Found", status_code=404, media_type="text/plain")
    if settings.metrics_token and not _authorized(request, settings.metrics_token):
        return Response(
            "Unauthorized",
            status_code=401,
            media_type="text/plain",
            headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
        )
    sample_pool()
    body = await anyio.to_thread.run_sync(_exposition)  # reads every worker's files
    return Response(body, media_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})


def sample_pool() -> None:
    """The PostgreSQL pool's open and lent connections, into their gauges."""
    try:
        pool: Any = getattr(connections.get("default"), "_pool", None)
    except Exception:  # no ORM in this context (a test's app without one)
        return
    if pool is None:  # SQLite, or no connection made yet
        return
    size = pool.get_size()
    metrics.DB_POOL_SIZE.set(size)
    metrics.DB_POOL_IN_USE.set(size - pool.get_idle_size())


async def _unavailable(scope: Scope, receive: Receive, send: Send) -> None:
    response = JSONResponse(
        {"errors": [{"message": UNAVAILABLE_MESSAGE, "extensions": {"code": metrics.UNAVAILABLE}}]},
        status_code=503,
        headers={"Retry-After": "5"},
    )
    await response(scope, receive, send)


class Observed(HttpMiddleware):
    """Times each /graphql request by operation (the schema's Observe extension names it) and
    turns a lost database before any response (building the context, an attachment) into a
    JSON 503 with code UNAVAILABLE."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        labels = {"operation": metrics.NOT_EXECUTED}
        token = metrics.request_labels.set(labels)
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        began = time.perf_counter()
        try:
            await self.app(scope, receive, tracking_send)
        except Exception as error:
            if started or not database_unavailable(error):
                raise
            metrics.count_error(metrics.UNAVAILABLE, "top")
            logger.warning("database unavailable: %s", type(error).__name__)
            await _unavailable(scope, receive, send)
        finally:
            metrics.request_labels.reset(token)
            if scope["path"] == "/graphql":
                seconds = time.perf_counter() - began
                metrics.REQUEST_SECONDS.labels(labels["operation"]).observe(seconds)
            sample_pool()


def warn_at_start(settings: Settings) -> None:
    if settings.is_production and settings.database_url.startswith("sqlite"):
        logger.warning(
            "LOUDONG_ENV=production runs on SQLite (%s): one process, one disk; set "
            "LOUDONG_DATABASE_URL=postgres://... for a district (docs/deploy.md)",
            settings.database_url,
        )


def process_ended() -> None:
    """A worker leaving: its live gauges stop counting (prometheus-client multiprocess)."""
    if MULTIPROC_ENV in os.environ:
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]
