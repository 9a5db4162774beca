"""The GraphQL endpoint: strawberry's ASGI view, our context, JSON errors for bad requests."""

from typing import Any

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from resolvers.auth import build_context
from resolvers.context import Context, Services


class GraphQLApp(GraphQL[Context, None]):
    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        services: Services = request.state.services
        return await build_context(services, request)

    def parse_json(self, data: str | bytes) -> Any:
        parsed = super().parse_json(data)
        # A batch (list) is refused by strawberry itself; anything else but an object is ours to.
        if not isinstance(parsed, dict | list) or (
            isinstance(parsed, list) and not all(isinstance(item, dict) for item in parsed)
        ):
            raise HTTPException(400, "The request body must be a JSON object.")
        return parsed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        # Strawberry answers a malformed request body in plain text; clients expect GraphQL errors.
        request = Request(scope=scope, receive=receive)
        try:
            response: Any = await self.run(request)
        except HTTPException as error:
            response = JSONResponse(
                {"errors": [{"message": error.reason, "extensions": {"code": "BAD_REQUEST"}}]},
                status_code=error.status_code,
            )
        await response(scope, receive, send)
