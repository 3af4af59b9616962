"""The web server's own rules (gnbv/ui/server_guard.py), on a served app: a file may be sent only by a
session that showed the loading page to someone who may load, and Streamlit's scripts are sent compressed
with a year-long cache. Against 127.0.0.1 only."""

from __future__ import annotations

import gzip
import http.client
import re
import urllib.request

import pytest
from load_test import session_on_page
from test_browser import start_server

pytestmark = pytest.mark.slow


def put_upload(port: int, session: str, size: int = 2_000_000) -> int:
    """PUT a file to the upload endpoint as a browser's uploader does (with its XSRF cookie and header);
    the status, 403 only when the guard refused it (its own words in the body)."""
    from load_test import _fetch_cookies

    cookies = _fetch_cookies(f"http://127.0.0.1:{port}")
    xsrf = cookies.get("_streamlit_xsrf", "")
    boundary = "gnbvboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + b"x" * size
        + f"\r\n--{boundary}--\r\n".encode()
    )
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(
        "PUT",
        f"/_stcore/upload_file/{session}/file-1",
        body=body,
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-Xsrftoken": xsrf,
            "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
        },
    )
    response = connection.getresponse()
    status, text = response.status, response.read()
    connection.close()
    assert status != 403 or b"data officer" in text, text[:200]  # a 403 of Streamlit's own would be another cause
    return status


@pytest.fixture(scope="module")
def served(demo_path):
    url, process = start_server(demo_path, "guard.log")
    yield url
    process.terminate()
    process.wait(timeout=20)


def test_an_upload_is_refused_unless_its_session_may_load(served, tmp_path):
    """The demo database read-only (the tests' setting): no one may load, so no session may send a file,
    whatever page it opened; the refusal comes before the body is read."""
    port = int(served.rsplit(":", 1)[1])
    for page in ("", "du-lieu"):
        session, close = session_on_page(served, page, "province=33")
        try:
            assert session and put_upload(port, session) == 403
        finally:
            close()
    assert put_upload(port, "no-such-session") in (400, 403)


def test_streamlit_s_scripts_come_compressed_and_cached(served):
    with urllib.request.urlopen(served + "/", timeout=30) as response:
        page = response.read().decode()
    script = re.search(r'src="\.?/?(static/js/[^"]+\.js)"', page).group(1)
    request = urllib.request.Request(f"{served}/{script}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
        assert response.headers["Content-Encoding"] == "gzip"
        assert "immutable" in response.headers["Cache-Control"]
    assert len(gzip.decompress(body)) > len(body)


def test_a_session_that_may_load_may_send_a_file(demo_copy):
    """The demo database read-write with no account (demo mode): whoever opens the Dữ liệu page may load."""
    url, process = start_server(demo_copy, "guard-write.log", GNBV_READ_ONLY="0")
    try:
        port = int(url.rsplit(":", 1)[1])
        session, close = session_on_page(url, "du-lieu", "province=33")
        try:
            assert put_upload(port, session, size=1000) == 204
        finally:
            close()
    finally:
        process.terminate()
        process.wait(timeout=20)


def _page(url: str) -> str:
    request = urllib.request.Request(
        url, headers={"Accept": "text/html,application/xhtml+xml", "Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers.get("Content-Encoding") is None
        body = response.read()
        assert int(response.headers["Content-Length"]) == len(body)
    return body.decode()


def _answers(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status == 200 and len(response.read()) > 1000


def test_a_page_asks_for_the_chart_code_and_the_landing_map_at_once(served):
    """The plotly chunk is preloaded by every page, the national boundaries by the landing page only; both
    links point at files the server has (a later Streamlit build naming its chunk otherwise gets no link
    rather than a broken one)."""
    landing, trends = _page(served + "/"), _page(served + "/xu-huong?province=33")
    chunk = re.search(r'<link rel="modulepreload" crossorigin href="\./(static/js/PlotlyChart\.[^"]+\.js)">', landing)
    boundaries = re.search(
        r'<link rel="preload" as="fetch" crossorigin href="/(app/static/geo/[^"]+\.geojson)">', landing
    )
    assert chunk and boundaries
    assert landing.index(chunk.group(0)) < landing.index("</head>")
    assert _answers(f"{served}/{chunk.group(1)}") and _answers(f"{served}/{boundaries.group(1)}")
    assert chunk.group(0) in trends and "geojson" not in trends
    # what is not a page passes untouched
    with urllib.request.urlopen(served + "/_stcore/health", timeout=30) as response:
        assert response.read() == b"ok"
