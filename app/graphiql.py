"""GraphiQL served from the package itself, never from a CDN: the page, its own script and style,
and the bundles that scripts/vendor_graphiql.py vendored (app/static/graphiql/vendor/, listed in
its manifest.json; third-party code, kept apart under `vendor` so tools that read our own code,
such as `duplicates`, leave it out).

Only the files named here are served, by name from a fixed table: no path from a request ever
reaches the file system.
"""

import base64
import functools
import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from string import Template

from anyio import to_thread
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

STATIC = Path(__file__).parent / "static"
VENDORED = STATIC / "graphiql" / "vendor"
# Where the page's files are served; relative to /graphql in the page, so a path prefix of a
# reverse proxy is kept.
PREFIX = "graphiql"

MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
# In the order the page loads them: React first, GraphiQL reads it, the explorer reads both.
STYLES = ("graphiql.min.css", "plugin-explorer.css", "graphiql-page.css")
SCRIPTS = (
    "react.production.min.js",
    "react-dom.production.min.js",
    "graphiql.min.js",
    "plugin-explorer.umd.js",
    "graphiql-page.js",
)
OWN = ("graphiql-page.css", "graphiql-page.js")

# The page runs only its own files: no inline script, nothing from another origin. GraphiQL's
# style sheet carries its fonts and icons as data: URLs; it queries this origin (fetch, and a
# WebSocket for subscriptions, which 'self' covers). Its dialogs add a <style> element of their
# own (react-remove-scroll), hence inline styles, never inline scripts.
PAGE_CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)
PAGE_HEADERS = {
    "Content-Security-Policy": PAGE_CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


@dataclass
class Asset:
    content: bytes
    media_type: str
    # The first 16 hex digits of its SHA-256: the `?v=` of the page's URLs.
    version: str
    integrity: str
    gzipped: bytes | None = None


def _asset(path: Path) -> Asset:
    content = path.read_bytes()
    return Asset(
        content=content,
        media_type=MEDIA_TYPES[path.suffix],
        version=hashlib.sha256(content).hexdigest()[:16],
        integrity="sha384-" + base64.b64encode(hashlib.sha384(content).digest()).decode(),
    )


@functools.cache
def assets() -> dict[str, Asset]:
    """Every file the page loads, by the name it is served under (read once per process)."""
    manifest = json.loads((VENDORED / "manifest.json").read_text(encoding="utf-8"))
    found = {
        name: _asset(VENDORED / name)
        for name in manifest["files"]
        if Path(name).suffix in MEDIA_TYPES
    }
    found.update({name: _asset(STATIC / name) for name in OWN})
    return found


def _url(name: str, asset: Asset) -> str:
    return f"{PREFIX}/{name}?v={asset.version}"


@functools.cache
def page_html() -> str:
    files = assets()
    styles = "\n".join(
        f'    <link rel="stylesheet" href="{_url(name, files[name])}"'
        f' integrity="{files[name].integrity}" />'
        for name in STYLES
    )
    scripts = "\n".join(
        f'    <script src="{_url(name, files[name])}" integrity="{files[name].integrity}"></script>'
        for name in SCRIPTS
    )
    template = Template((STATIC / "graphiql.html").read_text(encoding="utf-8"))
    return template.substitute(styles=styles, scripts=scripts)


def page() -> HTMLResponse:
    return HTMLResponse(page_html(), headers=PAGE_HEADERS)


def _accepts_gzip(request: Request) -> bool:
    codings = request.headers.get("accept-encoding", "").lower()
    return any(part.split(";")[0].strip() == "gzip" for part in codings.split(","))


async def asset(request: Request) -> Response:
    found = assets().get(request.path_params["name"])
    if found is None:
        return PlainTextResponse("Not Found", status_code=404)
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Vary": "Accept-Encoding",
        # The page asks for the file by its content's hash: that URL never changes meaning.
        "Cache-Control": (
            "public, max-age=31536000, immutable"
            if request.query_params.get("v") == found.version
            else "no-cache"
        ),
        "ETag": f'"{found.version}"',
    }
    if request.headers.get("if-none-match") == headers["ETag"]:
        return Response(status_code=304, headers=headers)
    content = found.content
    if _accepts_gzip(request):
        if found.gzipped is None:
            # Once per file and process; GraphiQL's bundle takes 3.5 MB, 0.7 MB gzipped.
            found.gzipped = await to_thread.run_sync(gzip.compress, found.content, 6)
        content = found.gzipped
        headers["Content-Encoding"] = "gzip"
    return Response(content, media_type=found.media_type, headers=headers)


def routes() -> list[Route]:
    return [Route(f"/{PREFIX}/{{name}}", asset, methods=["GET"])]
