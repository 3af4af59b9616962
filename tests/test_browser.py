"""The served app in headless Chromium at 1920x1080: the map draws, a click drills down, nothing leaves the machine.

Screenshots are written to test-output/ for a person to look at.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from gnbv.deployment import wait_until_up
from gnbv.report.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test-output"

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(database: Path, log_name: str, **env: str):
    """Serve the dashboard on ``database`` on a free port; returns (url, process)."""
    if not (ROOT / "static" / "geo" / "index.json").is_file():
        subprocess.run([sys.executable, "-m", "data.geo"], cwd=ROOT, check=True)
    OUTPUT.mkdir(exist_ok=True)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gnbv.ui.serve", "--server.port", str(port)],
        cwd=ROOT,
        env=dict(os.environ, GNBV_DATABASE=str(database), **env),
        stdout=open(OUTPUT / log_name, "w"),  # noqa: SIM115 - closed with the process
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/_stcore/health", 60, process)
    except (TimeoutError, RuntimeError) as problem:
        process.kill()
        pytest.fail(f"the dashboard did not start: {problem}")
    return url, process


@pytest.fixture(scope="module")
def server(demo_path):
    url, process = start_server(demo_path, "server.log")
    yield url
    process.terminate()
    process.wait(timeout=20)


OFFICER_PASSWORD = "cán-bộ-dữ-liệu-2026"


@pytest.fixture(scope="module")
def loading_server(tmp_path_factory):
    """A department's own database, read-write, with units and reference facts but no households yet, and
    a data officer of today's Hưng Yên (Hưng Yên and Thái Bình) in the account store."""
    from data import accounts, build
    from data.database import connect

    folder = tmp_path_factory.mktemp("department")
    database = folder / "gnbv.duckdb"
    con = connect(database)
    build.populate(con, with_demo_households=False)
    con.close()
    store = folder / "accounts.sqlite"
    accounts.add("hungyen", "Cán bộ Hưng Yên", "data_officer", ["33"], OFFICER_PASSWORD, path=store)
    url, process = start_server(database, "server_loading.log", GNBV_READ_ONLY="0", GNBV_ACCOUNTS=str(store))
    yield url, database
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (make browser-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    page = context.new_page()
    # A fresh server imports its libraries on the first visit; a busy CI machine may need a while.
    page.set_default_timeout(60_000)
    page.outside_requests = []
    page.on(
        "request",
        lambda r: (
            page.outside_requests.append(r.url)
            if urlparse(r.url).hostname not in ("127.0.0.1", "localhost", None) and not r.url.startswith("data:")
            else None
        ),
    )
    yield page
    context.close()


def wait_for_title(page, text: str) -> None:
    try:
        page.locator("h1", has_text=text).first.wait_for(timeout=60_000)
    except Exception:
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / "browser_failure.png"))
        print("URL at failure:", page.url)
        raise


def wait_for_one_chart(page, text: str) -> None:
    """Wait until the chart carrying `text` is drawn, then check it is the only one.

    Plotly draws a page's charts one after another: the first chart on screen says nothing
    about the others, so the wait names the chart it needs.
    """
    charts = page.locator(".js-plotly-plot", has_text=text)
    charts.first.wait_for(timeout=60_000)
    assert charts.count() == 1


def wait_for_polygons(page, count: int) -> None:
    """Wait until the map draws ``count`` units.

    After a click the title may change before the new map replaces the old one: a count taken at the
    first polygon can still see the previous map's polygons.
    """
    selector = ".js-plotly-plot path.choroplethlocation"
    try:
        page.wait_for_function(
            "([selector, count]) => document.querySelectorAll(selector).length === count",
            arg=[selector, count],
            timeout=60_000,
        )
    except Exception:
        drawn = page.locator(selector).count()
        pytest.fail(f"the map draws {drawn} units, not {count}, at {page.url}")


def sign_in(page, username: str, password: str) -> None:
    wait_for_title(page, "Đăng nhập")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


# The app is idle: no script run in progress (a rerun draws the new title before it replaces the old cards).
RUNNING = '[data-testid="stStatusWidgetRunningIcon"]'  # shown while a script runs
APP_IDLE = f"() => !document.querySelector('{RUNNING}')"
PRESENT_FIGURE_SIZE_AT_LEAST = """size => {
    const value = document.querySelector('[data-testid="stMetricValue"] p');
    return value !== null && parseFloat(getComputedStyle(value).fontSize) >= size;
}"""


def metric_value(page, name: str) -> str:
    """The value a headline card shows once the app is idle: CI once read the province's poverty rate
    under the district's new title, the old card not yet replaced."""
    page.wait_for_function(APP_IDLE, timeout=60_000)
    card = page.locator('[data-testid="stMetric"]', has=page.locator('[data-testid="stMetricLabel"]', has_text=name))
    return card.first.locator('[data-testid="stMetricValue"]').inner_text().strip()


def click_unit_on_map(page, name: str) -> None:
    """Hover the polygons until the tooltip names ``name``, then click there, as a person would."""
    polygons = page.locator(".js-plotly-plot path.choroplethlocation")
    for _attempt in range(3):  # the tooltip may lag behind the mouse on a busy machine
        for index in range(polygons.count()):
            polygon = polygons.nth(index)
            polygon.scroll_into_view_if_needed()
            box = polygon.bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            page.mouse.move(x, y)
            page.wait_for_timeout(300)
            if name in (page.locator(".js-plotly-plot .hoverlayer").first.text_content() or ""):
                page.mouse.click(x, y)
                return
    pytest.fail(f"no polygon on the map shows {name}")


def test_dimensions_deep_link_on_a_fresh_server_and_a_heatmap_row_drills_down(server, page):
    """First visit of a fresh server, straight to a page that is not the default one, as a shared link is."""
    OUTPUT.mkdir(exist_ok=True)
    page.goto(server + "/chieu-thieu-hut?province=15&year=2023")
    wait_for_title(page, "Thiếu hụt dịch vụ xã hội cơ bản — Tỉnh Yên Bái, 2023")
    assert page.get_by_text("Page not found").count() == 0
    assert metric_value(page, "Chỉ số M0 = H × A").startswith("0,")
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUTPUT / "browser_dimensions_yen_bai_2023.png"))
    page.get_by_text("Tất cả hộ").first.click()
    page.wait_for_function("() => window.location.search.includes('group=all')", timeout=60_000)

    heatmap = page.locator('[data-testid="stDataFrame"]').first
    heatmap.scroll_into_view_if_needed()
    box = heatmap.bounding_box()
    row = 6  # GSO order: 132 TP Yên Bái, 133, 135, 136, 137, 138, 139 Trạm Tấu
    page.mouse.click(box["x"] + 16, box["y"] + 36 + 36 * row + 18)
    wait_for_title(page, "Thiếu hụt dịch vụ xã hội cơ bản — Huyện Trạm Tấu, 2023")
    assert "district=139" in page.url and "group=all" in page.url
    page.screenshot(path=str(OUTPUT / "browser_dimensions_tram_tau_2023.png"))
    assert page.outside_requests == []


def test_province_map_draws_and_a_click_drills_down(server, page):
    OUTPUT.mkdir(exist_ok=True)
    page.goto(server + "/?province=15&year=2023")
    wait_for_title(page, "Tỉnh Yên Bái · 2023")
    wait_for_polygons(page, 9)  # the nine districts of Yên Bái, each drawn
    assert page.get_by_text("Dữ liệu mô phỏng").first.is_visible()
    assert metric_value(page, "Tỷ lệ hộ nghèo") == "9,16%"
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUTPUT / "browser_yen_bai_2023.png"))

    click_unit_on_map(page, "Trạm Tấu")
    wait_for_title(page, "Huyện Trạm Tấu · 2023")
    assert "district=139" in page.url
    assert metric_value(page, "Tỷ lệ hộ nghèo") == "49,42%"
    page.get_by_text("Chưa có ranh giới các xã cũ").first.wait_for()
    page.screenshot(path=str(OUTPUT / "browser_tram_tau_2023.png"))

    page.get_by_role("button", name="› Yên Bái").click()
    wait_for_title(page, "Tỉnh Yên Bái · 2023")
    assert "district" not in page.url
    assert page.outside_requests == []


def test_today_s_units_drill_from_the_country_to_a_new_province_and_one_of_its_communes(server, page):
    """2025 in the 34 provinces of today: the country map → the new Lào Cai (Lào Cai + Yên Bái) and its
    99 communes, no district level → a commune, by clicks on the map."""
    page.goto(server + "/?year=2025")
    wait_for_title(page, "Toàn quốc")
    wait_for_polygons(page, 34)
    click_unit_on_map(page, "Lào Cai")
    wait_for_title(page, "Tỉnh Lào Cai · 2025")
    assert "province=15" in page.url and "district" not in page.url
    wait_for_polygons(page, 99)  # the new province's communes
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUTPUT / "browser_new_lao_cai_2025.png"))

    click_unit_on_map(page, "Trạm Tấu")
    wait_for_title(page, "Xã Trạm Tấu · 2025")
    assert "commune=04606" in page.url
    page.screenshot(path=str(OUTPUT / "browser_new_tram_tau_2025.png"))
    assert page.outside_requests == []


FIRST_MAP = 'img[src^="data:image/svg+xml"]'  # gnbv.maps.first_map_image


def test_a_new_browser_sees_the_map_before_plotly_has_run_then_the_plotly_map(server, browser):
    """Until plotly's code has arrived and run (1-2 s for a browser that never visited), the map is the SVG
    image sent with the page, where the plotly map will be; once plotly has drawn, only plotly's shows."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    held = []
    context.route("**/PlotlyChart.*.js", lambda route: held.append(route))  # plotly's code kept back
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(server + "/?year=2025")
        wait_for_title(page, "Toàn quốc")
        first_map = page.locator(FIRST_MAP)
        first_map.wait_for(state="visible")
        page.wait_for_function("selector => document.querySelector(selector).naturalWidth > 0", arg=FIRST_MAP)
        assert page.locator(".js-plotly-plot path.choroplethlocation").count() == 0
        title = page.locator("h3", has_text="Tỷ lệ hộ nghèo theo tỉnh").first
        page.wait_for_timeout(1000)  # the page above and around may still move while it loads
        box = first_map.bounding_box()
        assert box["width"] > 700 and abs(box["height"] - 640) < 1
        below_title = box["y"] - title.bounding_box()["y"]
        page.screenshot(path=str(OUTPUT / "browser_first_map_before_plotly.png"))
        for route in held:
            route.continue_()
        context.unroute("**/PlotlyChart.*.js")
        wait_for_polygons(page, 34)
        first_map.wait_for(state="hidden")
        plotly_map = page.locator(".js-plotly-plot").first.bounding_box()
        assert abs(plotly_map["y"] - title.bounding_box()["y"] - below_title) < 2  # drawn in the same place
    finally:
        context.close()


def test_a_row_of_the_ranking_drills_down(server, page):
    page.goto(server + "/?province=17&year=2024")
    wait_for_title(page, "Tỉnh Hòa Bình · 2024")
    ranking = page.locator('[data-testid="stDataFrame"]').first
    ranking.scroll_into_view_if_needed()
    box = ranking.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 36 + 18)  # the first row: the poorest district
    page.locator("h1", has_text="Huyện").first.wait_for()
    assert "district=" in page.url
    assert page.outside_requests == []


def test_national_map_and_a_shared_link(server, page):
    page.goto(server + "/?province=33&year=2024&lang=en")
    wait_for_title(page, "Tỉnh Hưng Yên · 2024")
    assert page.get_by_text("Synthetic data").first.is_visible()
    assert metric_value(page, "Poverty rate") == "0.44%"
    page.goto(server + "/?year=2024")
    wait_for_title(page, "Toàn quốc")
    wait_for_polygons(page, 63)
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUTPUT / "browser_country_2024.png"))
    page.goto(server + "/")  # the latest review, 2025, in the 34 provinces of today
    wait_for_title(page, "Toàn quốc")
    wait_for_polygons(page, 34)
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUTPUT / "browser_country.png"))
    assert page.outside_requests == []


def test_planner_slider_and_the_appendix_download(server, page, tmp_path):
    from export_check import appendix_rows_of_the_plan

    page.goto(server + "/kich-ban?province=33&year=2023")
    wait_for_title(page, "Kịch bản mục tiêu năm 2024 — Tỉnh Hưng Yên")
    summary = page.get_by_text("hộ nghèo tối đa").first
    before = summary.inner_text()
    assert "2.689 hộ nghèo tối đa (0,66%" in before
    slider = page.get_by_role("slider").first
    slider.focus()
    page.keyboard.press("Home")  # one key press: several could race the reruns they cause
    page.wait_for_function(
        "() => [...document.querySelectorAll('p, strong')].some(e => e.innerText.includes('(0,00%'))",
        timeout=60_000,
    )
    assert "target=0.0" in page.url
    page.screenshot(path=str(OUTPUT / "browser_planner_slider.png"))

    page.get_by_role("button", name="Nạp chỉ tiêu từ Phụ lục").click()
    page.get_by_text("2.675 hộ nghèo tối đa (0,66%").first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Tải Phụ lục (Excel)").click()
    saved = tmp_path / "appendix.xlsx"
    download_info.value.save_as(saved)
    from gnbv.report import appendix_workbook as export

    cells = export.read_appendix(saved.read_bytes())
    assert cells == appendix_rows_of_the_plan()
    page.screenshot(path=str(OUTPUT / "browser_planner_appendix.png"))
    assert page.outside_requests == []


def test_trends_show_the_standard_break_and_the_targets(server, page):
    page.goto(server + "/xu-huong?province=34&year=2023")
    wait_for_title(page, "Xu hướng và biến động hộ nghèo — Tỉnh Thái Bình")
    wait_for_one_chart(page, "Đổi chuẩn nghèo")
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUTPUT / "browser_trends_thai_binh.png"))
    page.goto(server + "/xu-huong?province=17&year=2024")
    wait_for_title(page, "Xu hướng và biến động hộ nghèo — Tỉnh Hòa Bình")
    wait_for_one_chart(page, "Mục tiêu tỷ lệ")
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUTPUT / "browser_trends_hoa_binh.png"))
    page.goto(server + "/xu-huong?province=15&year=2023&compare=137,139")
    wait_for_title(page, "Xu hướng và biến động hộ nghèo — Tỉnh Yên Bái")
    wait_for_one_chart(page, "Lộ trình mục tiêu — Trạm Tấu")
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUTPUT / "browser_trends_yen_bai.png"))
    assert page.outside_requests == []


def test_a_link_to_a_page_that_does_not_exist_says_so(server, page):
    page.goto(server + "/khong-co-trang-nay?province=15&year=2023")
    wait_for_title(page, "Tỉnh Yên Bái · 2023")  # the overview, with the link's unit and year
    page.locator('[data-testid="stAlert"]', has_text="khong-co-trang-nay").first.wait_for()


def test_presentation_mode_is_legible_from_the_back_of_the_room(server, page):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(server + "/?province=33&year=2024&present=1")
    wait_for_title(page, "Tỉnh Hưng Yên · 2024")
    page.wait_for_function(APP_IDLE, timeout=60_000)
    # The text itself, not its box. Waited for rather than read once: on a loaded CI machine the slide's
    # stylesheet was once measured before it applied (30.72 px, the laptop size); it must apply, not be quick.
    with contextlib.suppress(PlaywrightTimeout):  # the assertion below says the size measured
        page.wait_for_function(PRESENT_FIGURE_SIZE_AT_LEAST, arg=48, timeout=20_000)
    value = page.locator('[data-testid="stMetricValue"] p').first
    assert value.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 48
    assert not page.locator('[data-testid="stSidebar"]').first.is_visible()
    page.screenshot(path=str(OUTPUT / "browser_present_slide_1.png"))
    page.mouse.click(960, 120)  # focus the page: the room's clicker sends its keys there
    page.keyboard.press("ArrowRight")
    wait_for_title(page, "Thiếu hụt dịch vụ xã hội cơ bản — Tỉnh Hưng Yên, 2024")
    page.get_by_text("Trang 2/5").first.wait_for()
    page.wait_for_timeout(800)
    page.screenshot(path=str(OUTPUT / "browser_present_slide_2.png"))
    page.keyboard.press("ArrowRight")
    wait_for_title(page, "Nguồn vốn · Tỉnh Hưng Yên · 2024")
    page.get_by_text("Trang 3/5").first.wait_for()
    page.wait_for_timeout(800)
    page.screenshot(path=str(OUTPUT / "browser_present_slide_3.png"))
    page.keyboard.press("ArrowRight")
    wait_for_title(page, "Xu hướng và biến động hộ nghèo — Tỉnh Hưng Yên")
    page.wait_for_timeout(800)
    page.screenshot(path=str(OUTPUT / "browser_present_slide_4.png"))
    page.keyboard.press("ArrowLeft")
    page.get_by_text("Trang 3/5").first.wait_for()
    assert not page.locator('[data-testid="stSidebar"]').first.is_visible()
    assert page.outside_requests == []


CUT_CARDS = """() => [...document.querySelectorAll('[data-testid="stMetric"]')].flatMap(card =>
    [...card.querySelectorAll('[data-testid="stMetricValue"] *, [data-testid="stMetricLabel"] *')]
        .filter(e => e.scrollWidth > e.clientWidth + 1
                     || e.getBoundingClientRect().right > card.getBoundingClientRect().right + 1)
        .map(e => e.innerText))"""


SIX_CARDS_ONE_OF_7_DIGITS = f"""() => {{
    const values = [...document.querySelectorAll('[data-testid="stMetricValue"]')].map(e => e.innerText);
    return values.length === 6 && values.some(v => v.replaceAll('.', '').length >= 7)
        && !document.querySelector('{RUNNING}');
}}"""


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
@pytest.mark.parametrize("unit", ["", "&province=38&scheme=from_2025"])
def test_a_figure_on_a_slide_is_never_cut(server, browser, width, height, unit):
    """The country and the largest province (Thanh Hóa, 1.082.091 households): every headline card's value
    and title is whole, on a 1080p and a 720p projector."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    page.goto(server + f"/?year=2026&present=1{unit}")
    # The six cards drawn, a 7-digit figure among them (households), the app idle: CI once sampled the cards
    # 800 ms after the first one showed, on a loaded machine, and found five.
    page.wait_for_function(SIX_CARDS_ONE_OF_7_DIGITS, timeout=60_000)
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert len(values) == 6 and any(len(value.replace(".", "")) >= 7 for value in values), values
    assert page.evaluate(CUT_CARDS) == []
    name = "country" if not unit else "thanh_hoa"
    page.screenshot(path=str(OUTPUT / f"browser_slide_cards_{name}_{width}.png"))
    context.close()


CUT_BADGES = """() => [...document.querySelectorAll('.stMarkdownBadge')]
    .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"""


@pytest.mark.parametrize("present", ["", "&present=1"])
def test_the_synthetic_badge_is_never_cut(server, browser, present):
    """«Dữ liệu mô phỏng» beside the title, whole on a 720p projector, the sidebar open or not: a cut
    badge («Dữ liệu mô p…») hides what the figures are."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="vi-VN")
    page = context.new_page()
    page.goto(server + f"/?year=2025{present}")
    page.locator(".stMarkdownBadge", has_text="Dữ liệu mô phỏng").first.wait_for()
    page.wait_for_function(APP_IDLE, timeout=60_000)
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # seen when presenting: the badge is drawn cut at the first idle and whole a moment later
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(f"() => ({CUT_BADGES})().length === 0", timeout=10_000)
    assert page.evaluate(CUT_BADGES) == []
    context.close()


def test_presentation_timer_advances_the_slides(server, page):
    page.goto(server + "/?province=15&year=2023&present=1&timer=3")
    page.get_by_text("Trang 1/5").first.wait_for()
    page.get_by_text("Trang 2/5").first.wait_for(timeout=20_000)
    assert "timer=3" in page.url and "present=1" in page.url


def upload(page, path: Path) -> None:
    """Choose the file, then wait until the uploader shows it and the app has rerun: a click on the
    load button before that would load the previous file."""
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    page.locator('[data-testid="stFileUploader"]').get_by_text(path.name).first.wait_for()
    page.wait_for_function(APP_IDLE)
    page.wait_for_timeout(1000)


def remove_upload(page, path: Path) -> None:
    """Remove a chosen file from the uploader with its delete button, and wait until it is gone."""
    chosen = page.locator('[data-testid="stFileChip"]').filter(has_text=path.name)
    chosen.locator('[data-testid="stFileChipDeleteBtn"]').first.click()
    chosen.wait_for(state="detached")
    page.wait_for_function(APP_IDLE)


def test_a_department_loads_its_review_file_and_sees_it_on_the_overview(loading_server, page, tmp_path):
    """A bad file is refused with its report; the corrected file (title row, Vietnamese headers, decimal
    commas, Windows-1258 would do too) loads and the Overview shows its households as real data."""
    from review_files import export_rows, review_file, review_households

    from data.database import connect

    url, database = loading_server
    reference = tmp_path / "units.duckdb"  # the server holds the database: draw the households from a copy
    shutil.copy(database, reference)
    units = connect(reference, read_only=True)
    households = review_households(units, "33", count=300, seed=11)
    units.close()
    rows = export_rows(households, 2024)
    good = tmp_path / "hy2024.csv"  # short: the uploader shortens long names
    good.write_bytes(review_file(None, 2024, rows=rows))
    rows[5][8] = "0"  # one household with no members
    bad = tmp_path / "hy2024_loi.csv"
    bad.write_bytes(review_file(None, 2024, rows=rows))

    page.goto(url + "/du-lieu?province=33&year=2024")
    sign_in(page, "hungyen", OFFICER_PASSWORD)
    wait_for_title(page, "Dữ liệu: nạp tệp và chất lượng")
    upload(page, bad)
    page.get_by_role("button", name="Kiểm tra và nạp").click()
    page.get_by_text("Tệp bị từ chối: 1 lỗi").first.wait_for()
    page.get_by_text("Tải báo cáo kiểm tra (.xlsx)").first.wait_for()
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUTPUT / "browser_data_rejected.png"))

    # the uploader takes several files at once: the refused one is removed as a user would, with its ✕
    remove_upload(page, bad)
    upload(page, good)
    page.get_by_role("button", name="Kiểm tra và nạp").click()
    page.get_by_text("Đã nạp 300 dòng cho 33").first.wait_for()
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUTPUT / "browser_data_loaded.png"))

    page.goto(url + "/?province=33&year=2024")
    sign_in(page, "hungyen", OFFICER_PASSWORD)
    wait_for_title(page, "Tỉnh Hưng Yên · 2024")
    assert metric_value(page, "Tổng số hộ") == "300"
    poor = int((households["household_class"] == "poor").sum())
    assert metric_value(page, "Số hộ nghèo") == str(poor)
    assert page.get_by_text("Dữ liệu mô phỏng").count() == 0
    page.locator(".js-plotly-plot path.choroplethlocation").first.wait_for()
    # The first map after signing in (the sign-in page drew no chart: plotly may still be on its way) came
    # as an image too, hidden now that plotly has drawn.
    assert page.locator(FIRST_MAP).count() == 1 and not page.locator(FIRST_MAP).is_visible()
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUTPUT / "browser_data_overview.png"))
    assert page.outside_requests == []


def test_meeting_pack_downloads_from_the_sidebar(server, page, tmp_path):
    import zipfile

    page.goto(server + "/nguon-von?province=17&year=2024")
    wait_for_title(page, "Nguồn vốn · Tỉnh Hòa Bình · 2024")
    page.get_by_role("button", name="Tạo bộ tài liệu họp").click()
    download_button = page.get_by_role("button", name="Tải bộ tài liệu (.zip: PDF, PPTX, Excel, PNG)")
    download_button.wait_for(timeout=120_000)
    with page.expect_download() as download:
        download_button.click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "gnbv_tinh_hoa_binh_2024.zip"
    names = zipfile.ZipFile(path).namelist()
    assert {"gnbv_tinh_hoa_binh_2024.pdf", "gnbv_tinh_hoa_binh_2024.pptx", "gnbv_tinh_hoa_binh_2024.xlsx"} <= set(names)
    assert len([n for n in names if n.endswith(".png")]) == 4
    page.screenshot(path=str(OUTPUT / "browser_meeting_pack.png"))
    assert page.outside_requests == []


def test_funding_page_shows_hoa_binh_plan_split(server, page):
    page.goto(server + "/nguon-von?province=17&year=2024")
    wait_for_title(page, "Nguồn vốn · Tỉnh Hòa Bình · 2024")
    assert metric_value(page, "Tổng nguồn vốn (triệu đồng)") == "671.041"
    assert metric_value(page, "Vốn đầu tư phát triển") == "120.839"
    assert metric_value(page, "Vốn vay NHCSXH") == "350.000"
    page.locator(".js-plotly-plot").first.wait_for()
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUTPUT / "browser_funding_hoa_binh_2024.png"), full_page=False)
    page.get_by_text("Tiểu dự án 3.2 (dinh dưỡng) ↔", exact=False).first.click()
    page.wait_for_url("**need=DA3.2**")
    assert page.outside_requests == []


def _percent(text: str) -> float:
    return float(text.replace("%", "").replace(".", "").replace(",", ".").strip())


def _changed(page, name: str, before: str) -> str:
    """The card's value once the app has rerun and shows another one."""
    for _attempt in range(120):
        page.wait_for_timeout(500)
        now = metric_value(page, name)
        if now != before:
            return now
    raise AssertionError(f"«{name}» stayed {before}")


def test_the_new_standard_page_follows_its_lines_and_its_assumption(server, page, demo_path):
    """The country, a north-west province (today's Lào Cai, which holds Yên Bái) and one of its communes: a
    higher line raises the share of households under the new standard; a larger assumed share makes more
    of them poor."""
    from data.database import connect

    con = connect(str(demo_path), read_only=True)
    ((commune, commune_name),) = con.execute(
        "select units.code, units.name from admin_unit as units inner join unit_year_summary as summary"
        " on units.scheme = summary.scheme and units.code = summary.unit_code"
        " where units.scheme = 'from_2025' and units.level = 'commune' and units.parent_code = '15'"
        " and summary.year = 2025 and summary.households > 0 order by units.code limit 1"
    ).fetchall()
    con.close()
    rate = "Tỷ lệ nghèo + cận nghèo theo chuẩn mới"

    page.goto(server + "/chuan-moi")
    wait_for_title(page, "Chuẩn nghèo")
    assert _percent(metric_value(page, rate)) > 0
    page.locator(".js-plotly-plot").first.wait_for()
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUTPUT / "browser_new_standard_country.png"))

    page.goto(server + "/chuan-moi?province=15")
    wait_for_title(page, "Lào Cai")
    national = metric_value(page, rate)
    line = page.get_by_role("spinbutton", name="Chuẩn thu nhập nông thôn (đồng/người/tháng)")
    line.fill("2800000")
    line.press("Enter")
    higher_line = _changed(page, rate, national)
    assert _percent(higher_line) > _percent(national)
    # an assumed deprivation moves households from near-poor to poor: the sum under the line stays
    poor = "Hộ nghèo theo chuẩn mới"
    poor_before = metric_value(page, poor)
    page.get_by_role("slider").first.focus()
    page.keyboard.press("End")  # the first assumed deprivation at 100 %
    poor_assumed = _changed(page, poor, poor_before)
    assert int(poor_assumed.replace(".", "")) > int(poor_before.replace(".", ""))
    assert metric_value(page, rate) == higher_line
    assert "line_rural=2800000" in page.url
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUTPUT / "browser_new_standard_lao_cai.png"))

    page.goto(server + f"/chuan-moi?province=15&commune={commune}")
    wait_for_title(page, commune_name.split(" ", 1)[-1])
    assert _percent(metric_value(page, rate)) >= 0
    assert page.outside_requests == []
