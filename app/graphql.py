"""The GraphQL endpoint: strawberry's ASGI view, our context, JSON errors for bad requests, and
request bodies bounded before strawberry (or starlette's multipart parser) reads them."""

from contextlib import suppress
from datetime import timedelta
from typing import Any

from cross_web import HTTPException
from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.schema.base import BaseSchema
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    ErrorMessage,
    SubscribeMessage,
)

import app.graphiql
from resolvers.auth import build_context
from resolvers.context import Context, Services
from resolvers.live.session import sign_in
from resolvers.messages import http_reason, negotiate, render
from schema.limits import SIGNED_IN


class BodyTooLarge(Exception):
    """The request body grew past its limit while it was read."""


def _error(message: str, code: str, status_code: int) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status_code
    )


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def _bounded(receive: Receive, limit: int) -> Receive:
    """`receive` that raises BodyTooLarge once the body read so far exceeds `limit` bytes (a
    chunked body declares no length, and a declared one is checked before this)."""
    received = 0

    async def bounded() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge
        return message

    return bounded


def _is_subscription(payload: object) -> bool:
    """Does a `subscribe` message's document run a subscription? A document that does not parse
    counts as one: strawberry then answers it with its syntax error."""
    if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
        return True
    try:
        document = parse(payload["query"], no_location=True, max_tokens=SIGNED_IN.max_tokens)
    except GraphQLError:
        return True
    name = payload.get("operationName")
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [o for o in operations if name is None or (o.name and o.name.value == name)]
    return len(chosen) != 1 or chosen[0].operation is OperationType.SUBSCRIPTION


WS_FORBIDDEN = 4403
WS_TOO_MANY_CONNECTIONS = 4429


class SubscriptionsOnly(BaseGraphQLTransportWSHandler[Context, None]):
    """graphql-transport-ws for subscriptions only: queries and mutations go over HTTP, where
    every request reads the caller's grants again, is rate-limited and logged. A connection
    signs in with its first `connection_init` and takes one of its user's places
    (resolvers/live/connections.py): past the cap it is closed with 4429, before any
    acknowledgement; it gives the place back when it closes."""

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        payload = message.get("payload", {})
        first = not (self.connection_timed_out or self.connection_init_received)
        if first and isinstance(payload, dict):
            # Signed in here, before strawberry's own steps (on_ws_connect reads the result),
            # so that a connection over the cap is refused without an acknowledgement. The
            # init arrived in time: the wait for it is over, however long the sign-in takes.
            if self.connection_init_timeout_task:
                self.connection_init_timeout_task.cancel()
            self.context.connection_params = payload
            if await sign_in(self.context) and not await self._take_place():
                self.connection_init_received = True
                await self.websocket.close(WS_TOO_MANY_CONNECTIONS, "Too many connections")
                return
        await super().handle_connection_init(message)

    async def _take_place(self) -> bool:
        session = self.context.live
        assert session is not None  # signed in
        opening = self.context.services.live_connections.open(id(self), session, self._end)
        for end in opening.ended:
            await end()
        return opening.granted

    async def _end(self) -> None:
        """Close this connection: its session ended (a newer sign-in of its user dropped it)."""
        with suppress(Exception):  # closed already, by either side
            await self.websocket.close(WS_FORBIDDEN, "Forbidden")

    async def shutdown(self) -> None:
        try:
            await super().shutdown()
        finally:
            if self.context.live is not None:
                places = self.context.services.live_connections
                places.close(id(self), self.context.live.user_id)

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        if self.connection_acknowledged and not _is_subscription(message.get("payload")):
            text = render("request.subscriptions_only", {}, self.context.language)
            error = GraphQLError(text, extensions={"code": "BAD_REQUEST"})
            refusal: ErrorMessage = {
                "id": message["id"],
                "type": "error",
                "payload": [error.formatted],
            }
            await self.send_message(refusal)
            return
        await super().handle_subscribe(message)


class GraphQLApp(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = SubscriptionsOnly

    def __init__(
        self,
        schema: BaseSchema,
        *,
        max_body_bytes: int,
        max_upload_bytes: int,
        max_subscriptions: int = 20,
        init_seconds: float = 10.0,
        **options: Any,
    ) -> None:
        # Subscriptions: graphql-transport-ws only (not the legacy graphql-ws protocol).
        super().__init__(
            schema,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=timedelta(seconds=init_seconds),
            max_subscriptions_per_connection=max_subscriptions,
            **options,
        )
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes

    async def on_ws_connect(self, context: Context) -> dict[str, object] | None:
        """The connection signed in with its `connection_init` payload's bearer token
        (SubscriptionsOnly.handle_connection_init); without a good one it is closed with 4403
        Forbidden (the protocol's rejection)."""
        if context.live is None:
            raise ConnectionRejectionError
        return None

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        services: Services = request.state.services
        return await build_context(services, request)

    async def render_graphql_ide(self, request: Request) -> Response:
        # Our own page: every file from this server (app/graphiql.py), none from a CDN.
        return app.graphiql.page()

    def parse_json(self, data: str | bytes) -> Any:
        parsed = super().parse_json(data)
        # A batch (list) is refused by strawberry itself; anything else but an object is ours to.
        if not isinstance(parsed, dict | list) or (
            isinstance(parsed, list) and not all(isinstance(item, dict) for item in parsed)
        ):
            raise HTTPException(400, "request.not_object")
        return parsed

    def body_limit(self, scope: Scope) -> int:
        content_type = (_header(scope, b"content-type") or "").lower()
        if content_type.startswith("multipart/form-data"):
            return self.max_upload_bytes
        return self.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            # Inbound messages are bounded here too, not only by the server's ws_max_size.
            await super().__call__(scope, _ws_bounded(receive, send, self.max_body_bytes), send)
            return
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        limit = self.body_limit(scope)
        language = negotiate(_header(scope, b"accept-language"))
        too_large = _error(
            render("request.too_large", {"limit": limit}, language), "PAYLOAD_TOO_LARGE", 413
        )
        declared = _header(scope, b"content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > limit:
            await too_large(scope, receive, send)  # the body is never read
            return
        # Strawberry answers a malformed request body in plain text; clients expect GraphQL errors.
        request = Request(scope=scope, receive=_bounded(receive, limit))
        response: Any
        try:
            response = await self.run(request)
        except HTTPException as error:
            reason = http_reason(error.reason, language)
            response = _error(reason, "BAD_REQUEST", error.status_code)
        except BodyTooLarge:
            response = too_large
        await response(scope, receive, send)


WS_MESSAGE_TOO_BIG = 1009  # RFC 6455


def _ws_bounded(receive: Receive, send: Send, limit: int) -> Receive:
    """`receive` for a WebSocket whose inbound messages are at most `limit` bytes: a larger
    one closes the connection with 1009 (Message Too Big) and the handler sees a disconnect,
    so the message is never parsed."""

    async def bounded() -> Message:
        message = await receive()
        if message["type"] == "websocket.receive":
            data = message.get("bytes")
            if data is None:
                text = message.get("text") or ""
                # A character is at most 4 bytes: encode only when it could be too big.
                size = len(text) if len(text) * 4 <= limit else len(text.encode())
            else:
                size = len(data)
            if size > limit:
                await send({"type": "websocket.close", "code": WS_MESSAGE_TOO_BIG, "reason": ""})
                return {"type": "websocket.disconnect", "code": WS_MESSAGE_TOO_BIG}
        return message

    return bounded
