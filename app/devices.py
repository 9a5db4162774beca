"""POST /devices/events: a device gateway's signed event, read with a bound on its size and
handed to resolvers/devices/events.py, which checks and records it. Answers are JSON: 202
accepted, 400 malformed, 401 unsigned or not verified (one answer for every such reason, an
unknown device's included), 409 replayed, 413 too large."""

from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from resolvers.context import Services
from resolvers.devices import events


async def _body(request: Request) -> bytes | None:
    """The body, or None as soon as it is longer than an event may be (never read whole)."""
    length = request.headers.get("content-length", "")
    if length and (not length.isdigit() or int(length) > events.MAX_EVENT_BYTES):
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > events.MAX_EVENT_BYTES:
            return None
    return bytes(body)


async def device_events(request: Request) -> Response:
    services: Services = request.state.services
    body = await _body(request)
    if body is None:
        answer = events.refused(413, "too_large")
    else:
        answer = await events.receive(services, request.headers, body, datetime.now(UTC))
    headers = {"Cache-Control": "no-store"}
    if answer.status == 401:
        headers["WWW-Authenticate"] = 'HMAC-SHA256 realm="devices"'
    return JSONResponse(answer.body, status_code=answer.status, headers=headers)
