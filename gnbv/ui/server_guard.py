"""What the web server does before a request reaches Streamlit (installed by gnbv/ui/serve.py).

* **Uploads only from sessions that may load.** Streamlit stores any file PUT to
  ``/_stcore/upload_file/<session>/<file>`` for any live session, before a script decides anything: an
  anonymous visitor pushed four 150 MB bodies that stayed in memory. Here a PUT is refused (403, before
  its body is read) unless its session showed the Dữ liệu page's uploader to someone who may load
  (``allow_uploads``, called by the page; gnbv/ui/uploads.py checks the account again on the load).
* **Static files compressed once, cached by the browser.** Streamlit serves its JavaScript uncompressed
  (its gzip skips static paths), and the plotly chunk weighs 4.7 MB. Every hashed file under
  ``/static/`` is gzipped once, in memory, at its first request, and sent compressed with a year-long
  immutable cache header: the second visit of a browser loads nothing, the first downloads a fifth.
* **The chart code asked for at once.** Streamlit's page asks for its plotly chunk only when the first
  chart arrives, after the frame has loaded and the script has run (1.4 s into a first visit here), and
  plotly asks for the map's boundaries only once that chunk is compiled. The page Streamlit sends is
  given a ``modulepreload`` of the chunk, so that the browser downloads and compiles it while the frame
  starts, and the landing page a ``preload`` of the national boundaries it draws
  (docs/performance.md, «fifth stop»).
"""

from __future__ import annotations

import gzip
import mimetypes
import re
import threading
from functools import cache
from pathlib import Path

from starlette.middleware import Middleware
from starlette.types import ASGIApp, Receive, Scope, Send

UPLOAD_PATH = re.compile(r"/_stcore/upload_file/(?P<session>[^/]+)/")
# Streamlit's built scripts and stylesheets carry their content hash in the name (index.Bx3kz.js): a name
# never changes content, so the browser may keep it for a year.
STATIC_ROOT = Path(__import__("streamlit").__file__).parent / "static"

_allowed_sessions: set[str] = set()
_allowed_lock = threading.Lock()
_compressed: dict[str, bytes] = {}
_compressed_lock = threading.Lock()
# Paths Streamlit answers with its own files or endpoints; every other GET is a page (its index.html).
NOT_PAGES = ("/static/", "/_stcore/", "/app/static/", "/media/", "/component/", "/favicon")


@cache
def _preload_tags(landing: bool) -> bytes:
    """The link tags put before ``</head>`` of a page: the plotly chunk of the installed Streamlit build (none
    if a later build names it otherwise), and on the landing page the boundaries of today's national map."""
    tags = [
        f'<link rel="modulepreload" crossorigin href="./static/js/{chunk.name}">'
        for chunk in sorted((STATIC_ROOT / "static" / "js").glob("PlotlyChart.*.js"))
    ]
    if landing:
        from data import geo

        try:
            layer = geo.map_layer(geo.load_index(), "from_2025", "VN")
        except geo.GeoDataMissing:
            layer = None
        if layer is not None:
            # plotly fetches the boundaries itself (same origin, credentials same-origin): as=fetch and
            # crossorigin make the preloaded response the one it is given
            tags.append(f'<link rel="preload" as="fetch" crossorigin href="{layer["url"]}">')
    return "".join(tags).encode()


def allow_uploads(session_id: str) -> None:
    with _allowed_lock:
        _allowed_sessions.add(session_id)


def forget_session(session_id: str) -> None:
    with _allowed_lock:
        _allowed_sessions.discard(session_id)


def may_upload(session_id: str) -> bool:
    with _allowed_lock:
        return session_id in _allowed_sessions


def _compressed_asset(path: str) -> bytes | None:
    """The gzip of a static file of Streamlit's build, made once per process."""
    with _compressed_lock:
        if path in _compressed:
            return _compressed[path]
    file = (STATIC_ROOT / path.lstrip("/")).resolve()
    if STATIC_ROOT.resolve() not in file.parents or not file.is_file():
        return None
    data = gzip.compress(file.read_bytes(), compresslevel=6, mtime=0)
    with _compressed_lock:
        _compressed[path] = data
    return data


class GuardMiddleware:
    """The three rules of the module's docstring, as plain ASGI (nothing else is touched)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        method = scope.get("method", "GET")
        upload = UPLOAD_PATH.match(path)
        if upload and method in ("PUT", "POST") and not may_upload(upload.group("session")):
            await _respond(send, 403, b"Uploads need a signed-in data officer on the data page.", "text/plain")
            return
        script = path.startswith("/static/") and (path.endswith(".js") or path.endswith(".css"))
        if method == "GET" and script and b"gzip" in _header(scope, b"accept-encoding"):
            data = _compressed_asset(path)
            if data is not None:
                kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
                await _respond(
                    send,
                    200,
                    data,
                    kind,
                    [
                        (b"content-encoding", b"gzip"),
                        (b"vary", b"Accept-Encoding"),
                        (b"cache-control", b"public, max-age=31536000, immutable"),
                    ],
                )
                return
        if method == "GET" and not path.startswith(NOT_PAGES) and b"text/html" in _header(scope, b"accept"):
            await self._page_with_preloads(scope, receive, send, landing=path == "/")
            return
        await self.app(scope, receive, send)

    async def _page_with_preloads(self, scope: Scope, receive: Receive, send: Send, landing: bool) -> None:
        """Streamlit's answer to a page request, its HTML given the preload tags. Asked for uncompressed
        (index.html is 8 KB) so that the tags can be put in; anything but a 200 HTML answer passes as is."""
        headers = [(name, value) for name, value in scope.get("headers") or [] if name != b"accept-encoding"]
        started: dict = {}
        parts: list[bytes] = []

        async def collect(message: dict) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            parts.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(parts)
            response_headers = list(started.get("headers") or [])
            kind = dict(response_headers).get(b"content-type", b"")
            if started.get("status") == 200 and kind.startswith(b"text/html") and b"</head>" in body:
                body = body.replace(b"</head>", _preload_tags(landing) + b"</head>", 1)
                response_headers = [
                    (name, str(len(body)).encode() if name == b"content-length" else value)
                    for name, value in response_headers
                ]
            await send({**started, "headers": response_headers})
            await send({"type": "http.response.body", "body": body})

        await self.app({**scope, "headers": headers}, receive, collect)


def _header(scope: Scope, name: bytes) -> bytes:
    return dict(scope.get("headers") or []).get(name, b"")


async def _respond(send: Send, status: int, body: bytes, kind: str, extra: list | None = None) -> None:
    headers = [(b"content-type", kind.encode()), (b"content-length", str(len(body)).encode()), *(extra or [])]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def install() -> None:
    """Put the guard in front of Streamlit's own middleware (the managed Starlette server builds its app by
    calling create_streamlit_middleware at start: Streamlit is pinned in requirements.txt, and
    tests/test_server_guard.py checks on a served app that both rules hold)."""
    from streamlit.web.server.starlette import starlette_app

    original = starlette_app.create_streamlit_middleware
    if getattr(original, "gnbv_guard", False):
        return

    def with_guard() -> list[Middleware]:
        return [Middleware(GuardMiddleware), *original()]

    with_guard.gnbv_guard = True  # type: ignore[attr-defined]
    starlette_app.create_streamlit_middleware = with_guard
