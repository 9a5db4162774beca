"""Logging: one JSON object per line (or plain text while developing), every line of a request
carrying its request id, operation and user id; secrets and personal values masked as a last
defence; and the middleware that names each request (X-Request-ID) and logs it in one line."""

import json
import logging
import re
import sys
import time
from datetime import UTC, datetime
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.responses import JSONResponse
from starlette.types import Message, Receive, Scope, Send

from app.middleware import HttpMiddleware
from resolvers import requestlog

logger = logging.getLogger("loudong.request")

# Fields a record may carry (from the request's contextvar, or `extra=`), in this order.
FIELDS = ("request_id", "operation", "user_id", "duration_ms", "code")
MASK = "***"

# What must never reach a log, whatever logged it: bearer tokens and JWTs, ID numbers
# (18 characters, the last may be X), mobile numbers, and password=/token=-style values.
_REDACTIONS = (
    (re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+"), MASK),
    (re.compile(r"(?i)\b(bearer\s+)[\w.~+/=-]+"), r"\1" + MASK),
    (re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])"), MASK),
    (re.compile(r"(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9A-Za-z])"), MASK),
    (
        re.compile(
            r"(?i)\b(password|passwd|pwd|secret|token|idnumber|id_number|phone)"
            r"(\"?'?\s*[:=]\s*\"?'?)[^\s\"',&;})\]]+"
        ),
        r"\1\2" + MASK,
    ),
)


def redact(text: str) -> str:
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class Redact(logging.Filter):
    """Masks secrets and personal values in a record's message and its arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: keep what it meant, not its arguments
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        return True


class RequestFields(logging.Filter):
    """Puts the current request's id, operation and user id on every record logged in it."""

    def filter(self, record: logging.LogRecord) -> bool:
        fields = requestlog.request_fields.get()
        for name in FIELDS:
            if not hasattr(record, name):
                setattr(record, name, fields.get(name) if fields else None)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (ISO-8601, UTC), level, logger, message, the request's
    fields when set, and `exc` (the traceback, masked too) for errors."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        for name in ("method", "path", "status"):
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exc"] = record.exc_text
        return redact(json.dumps(entry, ensure_ascii=False, default=str))


class TextFormatter(logging.Formatter):
    """Plain lines for a developer's terminal, with the request id and the masked traceback."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def formatException(self, ei: Any) -> str:
        return redact(super().formatException(ei))


_OURS = "_loudong_handler"


def make_handler(log_format: str, stream: Any = None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(RequestFields())
    handler.addFilter(Redact())
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    return handler


def configure_logging(log_format: str, level: str) -> None:
    """The root logger writes through one handler of ours (replacing an earlier one of ours);
    uvicorn's loggers pass their lines to it, and its access log is off (RequestLog's line
    replaces it). SQL statements (tortoise, DEBUG) hold values: never below INFO."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _OURS, False):
            root.removeHandler(handler)
    handler = make_handler(log_format)
    setattr(handler, _OURS, True)
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        named = logging.getLogger(name)
        named.handlers.clear()
        named.propagate = True
    logging.getLogger("uvicorn.access").disabled = True
    # casbin writes the whole model and policy at INFO on every load.
    logging.getLogger("casbin").setLevel(max(logging.WARNING, logging.getLevelName(level)))
    logging.getLogger("tortoise").setLevel(max(logging.INFO, logging.getLevelName(level)))


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


async def _internal_error(scope: Scope, receive: Receive, send: Send) -> None:
    body = {"errors": [{"message": "Internal Server Error", "extensions": {"code": "INTERNAL"}}]}
    await JSONResponse(body, status_code=500)(scope, receive, send)


class RequestLog(HttpMiddleware):
    """Names each HTTP request: X-Request-ID when the client (or a proxy) sent a safe one, else
    a fresh id; every log line in the request carries it, and every response returns it. Ends
    with one line: method, path (never the query string: signed URLs carry signatures there),
    status, duration, operation and user id; at ERROR with the traceback when the app failed."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_id = requestlog.request_id_from(_header(scope, b"x-request-id"))
        fields: dict[str, Any] = {"request_id": request_id, "operation": None, "user_id": None}
        token = requestlog.request_fields.set(fields)
        status, started = 500, False

        async def send_with_id(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status, started = message["status"], True
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        began = time.perf_counter()
        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            self._log(scope, 500, began, fields, exc_info=True)
            if not started:  # answered here, so that the 500 carries the request id too
                await _internal_error(scope, receive, send_with_id)
            raise
        else:
            self._log(scope, status, began, fields)
        finally:
            requestlog.request_fields.reset(token)

    @staticmethod
    def _log(
        scope: Scope, status: int, began: float, fields: dict[str, Any], *, exc_info: bool = False
    ) -> None:
        duration_ms = round((time.perf_counter() - began) * 1000, 1)
        method, path = scope.get("method", "-"), scope.get("path", "-")
        logger.log(
            logging.ERROR if exc_info else logging.INFO,
            "%s %s %s %.1f ms",
            method,
            path,
            status,
            duration_ms,
            exc_info=exc_info,
            extra={
                **fields,
                "method": method,
                "path": path,
                "status": status,
                "duration_ms": duration_ms,
            },
        )
