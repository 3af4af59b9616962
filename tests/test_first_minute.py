"""`make run` on a machine without the national demo: the seed is served at once, the national database is
built in the background with its progress on the page, and the page switches to it when it is written,
without a restart or a reload (gnbv/ui/serve.py, data/build_progress.py).

The background build here is of the seed's scope (GNBV_NATIONAL_SCOPE=seed: a minute, not ten), and the
database served first is the seed without Hòa Bình, so that the switch shows in the figures."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from data import build_progress, rollup
from data.database import connect
from gnbv.deployment import wait_until_up
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, OUTPUT, ROOT, free_port, metric_value

pytestmark = pytest.mark.browser

COUNTRY_HOUSEHOLDS_2024 = "select households from unit_year_summary where level = 'country' and year = 2024"


def country_households(path) -> int:
    con = connect(str(path), read_only=True)
    try:
        return con.sql(COUNTRY_HOUSEHOLDS_2024).fetchall()[0][0]
    finally:
        con.close()


@pytest.fixture()
def empty_demo_folder(tmp_path, demo_path):
    """A data folder with the seed only (what make run's prerequisites build), Hòa Bình's households taken
    out of it so that the seed shown first and the database built in the background differ."""
    seed = tmp_path / "gnbv_seed.duckdb"
    shutil.copy(demo_path, seed)
    con = connect(str(seed))
    con.execute("delete from household_review where province_code = '17' and scheme = 'legacy_63'")
    rollup.rebuild(con, rollup.panel_provinces(con, "legacy_63", ["17"]))
    con.execute("checkpoint")
    con.close()
    return tmp_path


def test_make_run_shows_the_seed_at_once_and_switches_to_the_built_database(empty_demo_folder, demo_path):
    from playwright.sync_api import sync_playwright

    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("GNBV_DATABASE", "GNBV_READ_ONLY")}
    env |= {"GNBV_DEMO_FOLDER": str(empty_demo_folder), "GNBV_NATIONAL_SCOPE": "seed"}
    OUTPUT.mkdir(exist_ok=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "gnbv.ui.serve", "--build-national", "--server.port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=open(OUTPUT / "server_first_minute.log", "w"),  # noqa: SIM115 - closed with the process
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    built = empty_demo_folder / "gnbv.duckdb"
    try:
        started = time.perf_counter()
        wait_until_up(url + "/_stcore/health", 60, server)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
            page.set_default_timeout(60_000)
            page.goto(url + "/?year=2024")
            page.get_by_text("Đang dựng cơ sở dữ liệu mô phỏng toàn quốc").first.wait_for()
            first = metric_value(page, "Tổng số hộ")
            first_seconds = time.perf_counter() - started
            page.screenshot(path=str(OUTPUT / "first_minute_building.png"))
            assert not built.exists()  # the figures came from the seed, while the build runs
            assert first == f"{country_households(empty_demo_folder / 'gnbv_seed.duckdb'):,}".replace(",", ".")
            page.evaluate("window.__same_page = true")  # gone if the browser reloaded

            deadline = time.time() + 420
            while time.time() < deadline:
                state = build_progress.read(built)
                if state is not None and state.state in ("done", "failed", "stopped"):
                    break
                time.sleep(2)
            assert state is not None and state.state == "done", state
            page.get_by_text("Đang dựng cơ sở dữ liệu mô phỏng toàn quốc").first.wait_for(state="detached")
            expected = f"{country_households(demo_path):,}".replace(",", ".")  # the build wrote the whole seed
            page.locator('[data-testid="stMetricValue"]', has_text=expected).first.wait_for()
            assert expected != first
            assert page.evaluate("window.__same_page") is True  # switched in place, no reload
            page.screenshot(path=str(OUTPUT / "first_minute_switched.png"))
            browser.close()
        assert server.poll() is None  # the same server, never restarted
        print(f"first page with figures after {first_seconds:.1f} s")
    finally:
        server.terminate()
        server.wait(timeout=30)
