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
"""

from __future__ import annotations

import gzip
import mimetypes
import re
import threading
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
    """The two rules of the module's docstring, as plain ASGI (nothing else is touched)."""

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
        if method == "GET" and path.startswith("/static/") and (path.endswith(".js") or path.endswith(".css")):
            headers = dict(scope.get("headers") or [])
            if b"gzip" in headers.get(b"accept-encoding", b""):
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
        await self.app(scope, receive, send)


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
