"""create_app(settings) -> Starlette: routes, middleware and a lifespan with typed state."""

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import TypedDict

from anyio import CapacityLimiter
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Route, WebSocketRoute
from tortoise.context import TortoiseContext, set_global_context

from app import logs, ops
from app.attachments import attachment
from app.db import is_postgres, listen_connector, tortoise_config
from app.devices import device_events
from app.exports import export
from app.graphiql import routes as graphiql_routes
from app.graphql import GraphQLApp
from app.settings import Settings
from models.workflows.alerts import AlertRules
from policies.authorizer import Authorizer
from resolvers.alerts.sweep import sweep_forever
from resolvers.context import Services
from resolvers.live.bus import Bus, PostgresBus
from resolvers.live.connections import LiveConnections
from resolvers.passwords import Passwords, make_hasher
from schema import schema


class State(TypedDict):
    services: Services
    settings: Settings


def build_services(settings: Settings) -> Services:
    return Services(
        authorizer=Authorizer.from_files(),
        secret=settings.secret,
        token_ttl=timedelta(hours=settings.token_ttl_hours),
        passwords=Passwords(
            make_hasher(settings.password_profile), CapacityLimiter(settings.hash_workers)
        ),
        file_limiter=CapacityLimiter(settings.file_workers),
        data_dir=settings.data_dir,
        rating_window=timedelta(days=settings.rating_window_days),
        introspection=settings.introspection,
        suggestions=settings.suggestions,
        trusted_proxies=settings.trusted_proxies,
        export_max_rows=settings.export_max_rows,
        attachment_url_ttl=timedelta(minutes=settings.attachment_url_minutes),
        live=live_bus(settings),
        live_connections=LiveConnections(settings.live_max_connections_per_user),
        alert_rules=alert_rules(settings),
    )


def alert_rules(settings: Settings) -> AlertRules:
    return AlertRules(
        urgent_ack=timedelta(minutes=settings.alert_ack_urgent_minutes),
        ack=timedelta(minutes=settings.alert_ack_minutes),
        door_quiet=timedelta(hours=settings.door_quiet_hours),
    )


def live_bus(settings: Settings) -> Bus:
    """On PostgreSQL, LISTEN/NOTIFY: an event reaches the subscribers of every server process."""
    if is_postgres(settings.database_url):
        return PostgresBus(listen_connector(settings.database_url, settings.db_timeout))
    return Bus()


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_environ()
    graphql = GraphQLApp(
        schema,
        graphql_ide="graphiql" if settings.graphiql else None,
        multipart_uploads_enabled=True,  # importResidents takes a CSV/XLSX file
        max_body_bytes=settings.max_body_bytes,
        max_upload_bytes=settings.max_upload_bytes,
        max_subscriptions=settings.live_max_subscriptions,
        init_seconds=settings.live_init_seconds,
        # A page on another origin may open the WebSocket only where it may call over HTTP.
        allowed_origins=settings.cors_origins,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[State]:
        orm = TortoiseContext()
        # Requests run in other tasks than the lifespan: they find the ORM as the process's
        # fallback context (cleared again when its connections close).
        set_global_context(orm)
        ops.warn_at_start(settings)
        services: Services | None = None
        sweeper: asyncio.Task[None] | None = None
        try:
            await orm.init(config=tortoise_config(settings.database_url, settings.db_timeout))
            services = build_services(settings)
            await services.live.start()
            # Made now, in a worker thread, so that the first unknown username is not slower.
            await services.passwords.dummy_hash()
            if settings.gc_freeze:
                gc.collect()
                gc.freeze()
            # Every process sweeps alerts; the sweep is safe to run in several at once.
            if settings.alert_sweep_seconds > 0:
                sweeper = asyncio.create_task(
                    sweep_forever(
                        services.alert_rules, settings.alert_sweep_seconds, bus=services.live
                    )
                )
            yield {"services": services, "settings": settings}
        finally:
            if sweeper is not None:
                sweeper.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await sweeper
            if services is not None:
                await services.live.stop()
            await orm.close_connections()
            ops.process_ended()

    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Route("/healthz", ops.healthz),
        Route("/readyz", ops.readyz),
        Route("/metrics", ops.metrics_endpoint),
        Route("/attachments/{attachment_id:int}", attachment),
        Route("/exports/{file}", export, methods=["GET"]),
        # Elder care (issue 14): signed events of devices' gateways.
        Route("/devices/events", device_events, methods=["POST"]),
    ]
    if settings.graphiql:
        routes += graphiql_routes()
    return Starlette(routes=routes, middleware=middleware(settings), lifespan=lifespan)


def served_app() -> Starlette:
    """The app as `loudong serve` runs it (in each worker process): logging set up first."""
    settings = Settings.from_environ()
    logs.configure_logging(settings.log_format, settings.log_level)
    return create_app(settings)


def middleware(settings: Settings) -> list[Middleware]:
    # Outermost: every response, CORS preflights and 503s included, carries X-Request-ID.
    request_log = Middleware(logs.RequestLog)
    observed = Middleware(ops.Observed)
    if not settings.cors_origins:
        return [
            request_log,
            observed,
        ]  # no CORS headers at all: a page on another origin cannot read answers
    # Bearer tokens, never cookies: no credentials mode, so no origin rides on a session.
    cors = Middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
        allow_credentials=False,
        # A download's file name (/exports/...) and when to try again after a 503.
        expose_headers=["Content-Disposition", "Retry-After", "X-Request-ID"],
        max_age=600,
    )
    return [request_log, cors, observed]
