"""Prometheus metrics (prometheus-client), with bounded label values.

With several worker processes (`loudong serve --workers N`), `PROMETHEUS_MULTIPROC_DIR` is set
before any worker imports this module, and prometheus-client keeps each value in a file there;
`/metrics` then adds up every process's files (app/ops.py).
"""

import re
from contextvars import ContextVar

from prometheus_client import Counter, Gauge, Histogram

from resolvers.errors import ErrorCode

# Operation names are chosen by clients: only names of this shape become a label value, and
# only the first MAX_OPERATIONS distinct ones a process runs, of which anonymous callers may
# add at most MAX_ANONYMOUS (a sign-in form's); the rest share "other". A label value per name
# would let anyone grow the series without bound, or crowd out the consoles' names.
OPERATION_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
MAX_OPERATIONS = 100
MAX_ANONYMOUS = 10
OTHER = "other"
UNNAMED = "unnamed"
# Requests whose document never ran: malformed, refused by a limit, or failed before parsing.
NOT_EXECUTED = "not_executed"

# Codes a top-level or payload error may carry; any other becomes "other".
UNAVAILABLE = "UNAVAILABLE"
INTERNAL = "INTERNAL"
ERROR_CODES = frozenset(
    {code.value for code in ErrorCode}
    | {
        UNAVAILABLE,
        INTERNAL,
        "GRAPHQL_VALIDATION",
        "QUERY_TOO_COSTLY",
        "BAD_REQUEST",
        "PAYLOAD_TOO_LARGE",
    }
)

REQUEST_SECONDS = Histogram(
    "loudong_graphql_request_seconds",
    "Time from a /graphql request's arrival to its response, by operation name.",
    ["operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
ERRORS = Counter(
    "loudong_graphql_errors",
    "Errors answered, by code: top-level GraphQL errors and mutation payload errors.",
    ["code", "kind"],
)
LOGIN_FAILURES = Counter(
    "loudong_login_failures", "Sign-ins refused for a wrong username or password."
)
RATE_LIMIT_REFUSALS = Counter(
    "loudong_rate_limit_refusals",
    "Requests refused (or, for login-account, slowed down) by a rate limit, by limit name.",
    ["limit"],
)
# Sampled after each request and at each scrape; summed over live processes.
DB_POOL_SIZE = Gauge(
    "loudong_db_pool_connections",
    "Open connections in the PostgreSQL pool.",
    multiprocess_mode="livesum",
)
DB_POOL_IN_USE = Gauge(
    "loudong_db_pool_in_use",
    "Pool connections lent out to a request.",
    multiprocess_mode="livesum",
)

_operations: set[str] = set()
_anonymous_operations: set[str] = set()


def operation_label(name: str | None, signed_in: bool) -> str:
    if not name:
        return UNNAMED
    if name in _operations:
        return name
    if len(_operations) >= MAX_OPERATIONS or not OPERATION_NAME.fullmatch(name):
        return OTHER
    if not signed_in:
        if len(_anonymous_operations) >= MAX_ANONYMOUS:
            return OTHER
        _anonymous_operations.add(name)
    _operations.add(name)
    return name


def count_error(code: str, kind: str) -> None:
    ERRORS.labels(code if code in ERROR_CODES else OTHER, kind).inc()


# The running /graphql request's labels: the ASGI middleware (app/ops.py) puts a dict here and
# the schema extension fills in the operation once the document runs.
request_labels: ContextVar[dict[str, str] | None] = ContextVar("request_labels", default=None)
