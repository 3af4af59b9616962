"""Benchmarks of DESIGN.md section 6, on this machine: `make bench`.

* demo database build (budget 60 s);
* the Overview page's script rerun after a filter change, through Streamlit's AppTest: median over a
  cycle of views, first visit (cold caches) and revisit (warm caches) (budget 300 ms);
* the pieces of one rerun: queries and figure build;
* map payloads: the figure JSON sent per rerun and the GeoJSON the browser fetches once
  (budget 1.5 MB per province, 4 MB nationwide);
* building the meeting pack for three views (budget 20 s);
* loading a review file of 1,000,000 households (Thanh Hóa 2024, in the shape of a real export: title
  rows, Vietnamese headers, decimal commas) into a copy of the demo database, rollups included
  (budget 60 s).

Figures are printed and written to bench-output/bench.json. Not a test: nothing here fails on time.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # review_files: exports in the shape departments send
os.environ["GNBV_READ_ONLY"] = "1"  # AppTest and the pieces read the same file from one process

import duckdb  # noqa: E402

from data import build, geo  # noqa: E402
from gnbv import maps  # noqa: E402
from gnbv.ui import filters  # noqa: E402
from queries import run_query  # noqa: E402

DATABASE = Path(os.environ.get("GNBV_DATABASE", ROOT / "data" / "gnbv.duckdb"))
VIEWS = [
    {},
    {"province": "15", "year": "2023"},
    {"province": "33", "year": "2024"},
    {"province": "38", "year": "2023"},
    {"province": "38", "district": "399", "year": "2023"},
    {"province": "17", "year": "2024"},
    {"province": "34", "year": "2019"},
    {"province": "15", "district": "139", "year": "2022"},
]


def timed(function, repeat: int = 1) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def bench_build() -> float:
    with tempfile.TemporaryDirectory() as folder:
        return timed(lambda: build.build(Path(folder) / "bench.duckdb"))[0]


def bench_reruns(page: str | None = None) -> dict:
    from streamlit.testing.v1 import AppTest

    os.environ["GNBV_DATABASE"] = str(DATABASE)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()  # imports, connection, boundary index: once per process, not per rerun
    if page:
        at.switch_page(page).run()

    def visit(view: dict) -> float:
        at.session_state["selection_state"] = {
            **dict.fromkeys(filters.URL_KEYS, ""),
            **filters.PAGE_DEFAULTS,
            "lang": "vi",
            "province": view.get("province", ""),
            "district": view.get("district", ""),
            "year": int(view["year"]) if "year" in view else None,
        }
        at.session_state["selection_version"] = at.session_state["selection_version"] + 1
        started = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - started
        assert not at.exception, at.exception
        return elapsed

    cold = [visit(view) for view in VIEWS]
    warm = [visit(view) for _ in range(3) for view in VIEWS]
    return {
        "first_visit_median_ms": 1000 * statistics.median(cold),
        "first_visit_max_ms": 1000 * max(cold),
        "revisit_median_ms": 1000 * statistics.median(warm),
        "revisit_max_ms": 1000 * max(warm),
        "views": len(VIEWS),
    }


def bench_pieces() -> dict:
    con = duckdb.connect(str(DATABASE), read_only=True)
    index = geo.load_index()
    results = {}
    for name, parent, year in (("province Thanh Hóa", "38", 2023), ("country", "VN", 2023)):

        def one_view(parent=parent, year=year):
            run_query(con, "unit_overview", scheme="legacy_63", unit_code=parent, year=year, standard="2022-2025")
            run_query(con, "target_progress", scheme="legacy_63", unit_code=parent, year=year, standard="2022-2025")
            rates = run_query(
                con, "rates_of_units_below", scheme="legacy_63", parent_code=parent, year=year, standard="2022-2025"
            )
            run_query(con, "unit_path", scheme="legacy_63", unit_code=parent)
            run_query(con, "review_years", scheme="legacy_63", unit_code=parent)
            figure = maps.choropleth(rates, geo.map_layer(index, parent), "vi")
            return figure.to_json()

        payload = one_view()
        times = timed(one_view, repeat=15)
        layer = geo.map_layer(index, parent)
        results[name] = {
            "queries_and_figure_median_ms": 1000 * statistics.median(times),
            "figure_json_bytes": len(payload.encode("utf-8")),
            "geojson_bytes_fetched_once": (geo.GEO_OUT / layer["file"]).stat().st_size,
        }
    district_files = [geo.GEO_OUT / entry["file"] for entry in index["districts"].values()]
    results["largest_province_district_geojson_bytes"] = max(p.stat().st_size for p in district_files)
    con.close()
    return results


def bench_million_load() -> dict:
    import shutil

    from review_files import review_file, review_households

    from data.load import load_households

    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.duckdb"
        shutil.copy(DATABASE, database)
        con = duckdb.connect(str(database))
        households = review_households(con, "38", count=1_000_000, seed=5, communes=10_000)
        content = review_file(households, 2024)
        steps = {}
        started = time.perf_counter()

        def mark(step: str) -> None:
            steps[step] = time.perf_counter() - started

        result = load_households(con, content, "thanh_hoa_2024.csv", 2024, progress=mark)
        seconds = time.perf_counter() - started
        con.close()
    return {
        "rows": result.row_count,
        "status": result.status,
        "file_megabytes": len(content) / 1048576,
        "seconds": seconds,
        "seconds_at_step": steps,
        "replaced_rows": result.replaced_row_count,
    }


def bench_meeting_pack() -> dict:
    """One click's work: queries, four charts drawn in Chromium, PDF, PPTX, Excel, zip (budget 20 s)."""
    os.environ["GNBV_DATABASE"] = str(DATABASE)
    from gnbv.report import meeting_pack
    from gnbv.selection import Selection

    results = {}
    for name, selection, unit_name in (
        ("Hòa Bình 2024", Selection("17", "province", 2024, "2022-2025", "vi"), "Tỉnh Hòa Bình"),
        ("Thanh Hóa 2023", Selection("38", "province", 2023, "2022-2025", "vi"), "Tỉnh Thanh Hóa"),
        ("country 2024", Selection("VN", "country", 2024, "2022-2025", "vi"), "Toàn quốc"),
    ):
        started = time.perf_counter()
        _, content = meeting_pack.build(selection, unit_name)
        results[name] = {"seconds": time.perf_counter() - started, "zip_bytes": len(content)}
    return results


def main() -> int:
    results = {"build_seconds": bench_build()}
    results["overview_rerun"] = bench_reruns()
    results["dimensions_rerun"] = bench_reruns("pages/dimensions.py")
    results["trends_rerun"] = bench_reruns("pages/trends.py")
    results["planner_rerun"] = bench_reruns("pages/planner.py")
    results["funding_rerun"] = bench_reruns("pages/funding.py")
    results["data_page_rerun"] = bench_reruns("pages/data.py")
    results["meeting_pack"] = bench_meeting_pack()
    results["million_household_load"] = bench_million_load()
    results["pieces"] = bench_pieces()
    out = ROOT / "bench-output"
    out.mkdir(exist_ok=True)
    (out / "bench.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
