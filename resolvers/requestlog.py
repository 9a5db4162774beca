"""What each log line of a request carries (request id, operation, user id), kept in a
contextvar that app/logs.py's filter reads, and the rules for a client's X-Request-ID."""

import re
import uuid
from contextvars import ContextVar
from typing import Any

# A client's (or proxy's) X-Request-ID is kept only when it is a plain token of this shape;
# anything else (too long, spaces, quotes, control characters) is replaced by a fresh id.
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
OPERATION_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")

# The fields of the request being served: request_id, operation, user_id (None outside one).
request_fields: ContextVar[dict[str, Any] | None] = ContextVar("request_fields", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex


def request_id_from(header: str | None) -> str:
    """The header's id when it is a safe token, else a fresh one."""
    if header is not None and REQUEST_ID.fullmatch(header):
        return header
    return new_request_id()


def current_request_id() -> str | None:
    fields = request_fields.get()
    return None if fields is None else fields.get("request_id")


def note(**values: Any) -> None:
    """Adds `values` to the current request's log fields (nothing outside a request)."""
    fields = request_fields.get()
    if fields is not None:
        fields.update(values)


def operation_name(name: str | None) -> str | None:
    """A client's operation name as logged: names of GraphQL's shape only (bounded length)."""
    if name is None:
        return None
    return name if OPERATION_NAME.fullmatch(name) else "invalid"
