"""GET /attachments/{id}: a case photo, for viewers who may read the case (else 404), asked for
with the Authorization header or by a signed URL (resolvers/cases/photo_urls.py), which an
`<img>` can use."""

import time

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from resolvers.auth import build_context
from resolvers.cases import photo_urls
from resolvers.cases.photos import readable_attachment
from resolvers.context import Services

# The database's integer: a larger id names no row (and must not reach the database).
MAX_ID = 2**31 - 1


def not_found() -> JSONResponse:
    # One answer for missing, unreadable, forged, tampered and expired: none says which.
    return JSONResponse({"error": "not found"}, status_code=404)


async def attachment(request: Request) -> Response:
    services: Services = request.state.services
    attachment_id = int(request.path_params["attachment_id"])
    if not 0 < attachment_id <= MAX_ID:
        return not_found()
    # With the Authorization header, the browser asks again each time: a revoked grant ends
    # access at once, as it does for a signed link once that expires.
    cache = "private, no-cache"
    if photo_urls.is_signed(request.query_params):
        query = {name: request.query_params.getlist(name) for name in photo_urls.PARAMS}
        signed = photo_urls.parse(query)
        now = time.time()
        found = (
            await photo_urls.signed_attachment(services, attachment_id, signed, now)
            if signed is not None
            else None
        )
        if signed is not None:
            # The browser keeps it no longer than the link is good.
            cache = f"private, max-age={max(0, int(signed.expires - now))}"
    else:
        context = await build_context(services, request)
        found = await readable_attachment(context, attachment_id)
    if found is None or not found[1].exists():
        return not_found()
    row, path = found
    extension = row.content_type.rsplit("/", 1)[1]
    headers = {
        "Cache-Control": cache,
        # Never guessed into something else, never run as a page, shown as the image it is.
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Content-Disposition": f'inline; filename="case-photo-{row.id}.{extension}"',
        # The signed URL is not sent on as anyone's Referer.
        "Referrer-Policy": "no-referrer",
    }
    return FileResponse(path, media_type=row.content_type, headers=headers)
