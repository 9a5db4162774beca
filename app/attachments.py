"""GET /attachments/{id}: a case photo, for viewers who may read the case (else 404)."""

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from resolvers.auth import build_context
from resolvers.cases.photos import readable_attachment
from resolvers.context import Services


async def attachment(request: Request) -> Response:
    services: Services = request.state.services
    context = await build_context(services, request)
    found = await readable_attachment(context, int(request.path_params["attachment_id"]))
    if found is None or not found[1].exists():
        return JSONResponse({"error": "not found"}, status_code=404)
    row, path = found
    extension = row.content_type.rsplit("/", 1)[1]
    headers = {
        "Cache-Control": "private, max-age=3600",
        # Never guessed into something else, never run as a page, shown as the image it is.
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Content-Disposition": f'inline; filename="case-photo-{row.id}.{extension}"',
    }
    return FileResponse(path, media_type=row.content_type, headers=headers)
