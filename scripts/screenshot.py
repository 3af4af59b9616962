"""Screenshot a page of the running dashboard in headless Chromium at 1920x1080.

Usage: python scripts/screenshot.py URL OUT.png [--wait-text TEXT]
Also prints every request that left 127.0.0.1, which must be none.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from gnbv.report.chromium import CHROMIUM, CHROMIUM_ARGS


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--wait-text", default=None)
    parser.add_argument("--scroll", type=int, default=0, help="pixels to scroll the page down first")
    args = parser.parse_args()
    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.on(
            "request",
            lambda r: (
                outside.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", "localhost", None) else None
            ),
        )
        page.on("console", lambda m: print("CONSOLE", m.type, m.text[:300]) if m.type in ("error", "warning") else None)
        page.on("requestfailed", lambda r: print("FAILED", r.url, r.failure))
        page.on("response", lambda r: print("HTTP", r.status, r.url) if r.status >= 400 else None)
        page.goto(args.url)
        page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=30000)
        if args.wait_text:
            page.get_by_text(args.wait_text).first.wait_for(timeout=30000)
        page.wait_for_timeout(4000)
        if args.scroll:
            page.mouse.move(960, 600)
            page.mouse.wheel(0, args.scroll)
            page.wait_for_timeout(800)
        page.screenshot(path=args.out, full_page=False)
        browser.close()
    for url in outside:
        print("OUTSIDE REQUEST:", url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
