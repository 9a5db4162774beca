"""GET /exports/<name>.csv|.xlsx: a download, with the same `Authorization: Bearer` as /graphql.

Client errors answer before the first byte, as JSON `{"error": {"code", "field", "message"}}`:
401 without a valid token, 400 for a bad parameter, 404 for an unknown file or a node out of
scope (exactly as for a missing one), 429 while too many downloads run. A download that has
not finished after STREAM_SECONDS is cut off, however slowly its client reads.
"""

from collections.abc import Awaitable, Callable

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from resolvers.auth import build_context, require_user
from resolvers.context import Context, Services
from resolvers.errors import DomainError, ErrorCode, NotFound
from resolvers.exports.access import access_review_export
from resolvers.exports.activities import attendance_export
from resolvers.exports.alerts import alerts_export
from resolvers.exports.download import Download
from resolvers.exports.evaluations import evaluation_ranking_export
from resolvers.exports.meetings import service_items_export
from resolvers.exports.params import Params
from resolvers.exports.points import points_notice_export, points_ranking_export
from resolvers.exports.redemption import dividend_export, redemptions_export
from resolvers.exports.residents import residents_export
from resolvers.exports.stats import stats_export
from resolvers.exports.tabular import Format
from resolvers.exports.topics import topics_export
from resolvers.messages import ENGLISH, Language

Export = Callable[[Context, Params, Format], Awaitable[Download]]

# One line per export; points, evaluations and figures come here.
EXPORTS: dict[str, Export] = {
    "residents": residents_export,
    "activity-attendance": attendance_export,
    "evaluation-ranking": evaluation_ranking_export,
    "redemptions": redemptions_export,
    "dividend": dividend_export,
    "points-ranking": points_ranking_export,
    "points-notice": points_notice_export,
    # Topics (议题, issue 13)
    "topics": topics_export,
    # meetings (issue 13)
    "service-items": service_items_export,
    # elder care (issue 14)
    "alerts": alerts_export,
    # figures (issue 14)
    "stats": stats_export,
    # access review (issue 15)
    "access-review": access_review_export,
}
STREAM_SECONDS = 600.0
STATUS = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.RATE_LIMITED: 429,
}


def error_response(error: DomainError, language: Language = ENGLISH) -> JSONResponse:
    status = STATUS.get(error.code, 400)
    headers = {"Cache-Control": "no-store"}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    elif status == 429:
        headers["Retry-After"] = "10"
    message = error.message_in(language)
    body = {"error": {"code": error.code.value, "field": error.field, "message": message}}
    return JSONResponse(body, status_code=status, headers=headers)


class DownloadResponse(StreamingResponse):
    """Streams a Download within STREAM_SECONDS; always closes it and gives its place back."""

    def __init__(self, download: Download) -> None:
        super().__init__(
            download.chunks, media_type=download.media_type, headers=download.headers()
        )
        self.download = download

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            if scope.get("method") == "HEAD":  # the headers alone: nothing is read or built
                start = {"status": self.status_code, "headers": self.raw_headers}
                await send({"type": "http.response.start", **start})
                await send({"type": "http.response.body", "body": b""})
                return
            with anyio.move_on_after(STREAM_SECONDS):
                await super().__call__(scope, receive, send)
        finally:
            with anyio.CancelScope(shield=True):
                await self.download.chunks.aclose()
            self.download.release()


async def export(request: Request) -> Response:
    services: Services = request.state.services
    name, _, extension = str(request.path_params["file"]).rpartition(".")
    maker, fmt = EXPORTS.get(name), next((f for f in Format if f.value == extension), None)
    context = await build_context(services, request)
    try:
        require_user(context)  # before anything else is looked at
        if maker is None or fmt is None:
            raise NotFound("export.no_such_download")
        download = await maker(context, Params(request.query_params.multi_items()), fmt)
    except DomainError as error:
        return error_response(error, context.language)
    return DownloadResponse(download)
