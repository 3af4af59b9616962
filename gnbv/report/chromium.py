"""Static images and PDFs drawn on the server by Debian's Chromium, driven by Playwright.

Plotly figures are drawn by the plotly.js that ships inside the plotly package, and every request the
page makes is answered from local files (``page.route``): the renderer works in a room without
internet, as the dashboard does. Fonts come from the system (Debian's fonts-noto-core covers
Vietnamese); Chromium embeds them in the PDFs it prints.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import plotly
import plotly.graph_objects as go

CHROMIUM = os.environ.get("GNBV_CHROMIUM", "/usr/bin/chromium")
# The same flags for the pack, the screenshots and the browser tests: no sandbox (root in CI), and none
# of Chromium's own background traffic, which a room without internet would only wait on.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--font-render-hinting=none",
]
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
STATIC = Path(__file__).resolve().parents[2] / "static"
HOST = "http://gnbv.render"
FONT_FAMILY = "'Noto Sans', 'DejaVu Sans', sans-serif"
_PAGE = (
    '<!doctype html><html><head><meta charset="utf-8"><script src="/plotly.min.js"></script>'
    f"<style>body{{margin:0;font-family:{FONT_FAMILY}}}</style></head>"
    '<body><div id="chart"></div></body></html>'
)


class ChromiumMissing(RuntimeError):
    """Chromium or Playwright is not installed (``make browser-deps`` installs Debian's Chromium)."""


def _serve_local(route) -> None:
    """Answer the page's requests from local files; anything else is refused, never fetched."""
    path = route.request.url.removeprefix(HOST)
    if path == "/" or path.startswith("/?"):
        return route.fulfill(body=_PAGE, content_type="text/html; charset=utf-8")
    if path == "/plotly.min.js":
        return route.fulfill(path=str(PLOTLY_JS), content_type="application/javascript")
    if path.startswith("/app/static/"):
        local = (STATIC / path.removeprefix("/app/static/")).resolve()
        if local.is_file() and STATIC.resolve() in local.parents:
            return route.fulfill(path=str(local), content_type="application/json")
    return route.abort()


class ChromiumPage:
    """One Chromium page reused for every image of a pack."""

    def __init__(self, page):
        self._page = page

    def png(self, figure: go.Figure, width: int = 1600, height: int = 900, scale: float = 1.0) -> bytes:
        """The figure as a PNG, drawn by plotly.js itself (geo maps read their GeoJSON from static/)."""
        spec = json.loads(figure.to_json())
        spec["layout"].update({"width": width, "height": height})
        spec["layout"].setdefault("font", {})["family"] = FONT_FAMILY
        data_url = self._page.evaluate(
            """async ([spec, scale]) => {
                const div = document.getElementById('chart');
                await Plotly.newPlot(div, spec.data, spec.layout,
                    {staticPlot: true, topojsonURL: '/app/static/topojson/'});
                return await Plotly.toImage(div, {format: 'png', width: spec.layout.width,
                    height: spec.layout.height, scale: scale});
            }""",
            [spec, scale],
        )
        return base64.b64decode(data_url.split(",", 1)[1])

    def pdf(self, html: str, width: str = "297mm", height: str = "167mm") -> bytes:
        """An HTML document printed to PDF by Chromium (fonts embedded), one CSS page per slide."""
        page = self._page.context.new_page()
        try:
            page.set_content(html, wait_until="load")
            page.evaluate("document.fonts.ready")
            return page.pdf(width=width, height=height, print_background=True, prefer_css_page_size=True)
        finally:
            page.close()


@contextmanager
def open_chromium() -> Iterator[ChromiumPage]:
    if not Path(CHROMIUM).is_file():
        raise ChromiumMissing(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:  # pragma: no cover - playwright is in requirements.txt
        raise ChromiumMissing("playwright is not installed") from error
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="vi-VN")
            context.route("**/*", _serve_local)
            page = context.new_page()
            page.goto(HOST + "/")
            page.wait_for_function("typeof Plotly !== 'undefined'")
            yield ChromiumPage(page)
        finally:
            browser.close()
