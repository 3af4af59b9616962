"""AppTest of the Xu hướng page: Hòa Bình's 2024 band, Yên Bái's trajectories, Thái Bình's series break."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from queries import run_query


@pytest.fixture()
def trends(open_app):
    return lambda **params: open_app("pages/trends.py", **params)


def values(data) -> list:
    """plotly writes numpy arrays as typed base64 blocks; read them back as a list."""
    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return list(data)


def trend_figure(at: AppTest) -> dict:
    chart = next(c for c in at.get("plotly_chart") if "trend_" in c.proto.id)
    return json.loads(chart.proto.spec)


def test_hoa_binh_2024_band(trends):
    at = trends(province="17", year="2024")
    assert not at.exception
    traces = trend_figure(at)["data"]
    level = next(t for t in traces if t.get("name", "").startswith("Mục tiêu tỷ lệ"))
    assert values(level["x"]) == [2024]
    centre = level["y"][0]
    assert centre - level["error_y"]["arrayminus"][0] == pytest.approx(6.7)
    assert centre + level["error_y"]["array"][0] == pytest.approx(6.9)
    assert "86/KH-UBND" in level["hovertemplate"]
    band = [t for t in traces if t.get("fill") == "tonexty"]
    assert band, "the 2.3-2.5 point reduction from 9.2% is drawn as a band"


def test_yen_bai_trajectories(trends, demo_con):
    rows = run_query(demo_con, "target_trajectories", scheme="legacy_63", unit_code="15")
    slope = {}
    for code, part in rows.groupby("unit_code"):
        part = part.sort_values("year")
        slope[code] = part["target_rate_high"].iloc[0] - part["target_rate_high"].iloc[1]
    assert slope == pytest.approx({"15": 3.3, "139": 6.5, "137": 7.67})
    at = trends(province="15", year="2023", compare="137,139")
    names = {t.get("name") for t in trend_figure(at)["data"]}
    # «Mù Cang Chải» as Kế hoạch 81 and the statistics office write it (the package has «Mù Căng Chải»)
    assert {"Lộ trình mục tiêu — Yên Bái", "Lộ trình mục tiêu — Trạm Tấu", "Lộ trình mục tiêu — Mù Cang Chải"} <= names


def test_thai_binh_series_break(trends):
    at = trends(province="34", year="2023")
    figure = trend_figure(at)
    segments = [t for t in figure["data"] if t.get("legendgroup") == "34"]
    # the legacy units end with the 2024 review; 2025 was run by the new units
    assert [values(s["x"]) for s in segments] == [[2018, 2019, 2020], [2021, 2022, 2023, 2024]]
    assert any("Đổi chuẩn nghèo" in a["text"] for a in figure["layout"]["annotations"])
    assert any("không nối thành một đường" in c.value for c in at.caption)


def test_flows_and_pace_tables(trends):
    at = trends(province="15", year="2023")
    tables = [df.value for df in at.dataframe]
    flows = next(t for t in tables if "Thoát nghèo" in t.columns and "Năm" in t.columns)
    assert list(flows["Năm"]) == ["2022", "2023", "2024"]
    pace = next(t for t in tables if "Thực hiện (điểm %/năm)" in t.columns)
    assert pace["Đơn vị"].iloc[0] == "Tỉnh Yên Bái" and pace["Kế hoạch (điểm %/năm)"].iloc[0] == "3,3"
    assert any("1,5 lần" in m.value for m in at.markdown)  # the ethnic-minority target of Kế hoạch 81


def test_the_new_lao_cai_series_runs_from_2021_to_2026_on_todays_units(trends):
    """Under from_2025, «15» is the new Lào Cai; its years before 2025 are re-aggregated from the old units;
    2026 (the synthetic review of today) continues it, and the 2026 households classed under the 2026-2030
    standard are one open marker beside it, after a break."""
    at = trends(province="15", year="2025", scheme="from_2025")
    assert not at.exception
    assert at.title[0].value.startswith("Xu hướng và biến động hộ nghèo — Tỉnh Lào Cai")
    figure = trend_figure(at)
    own = [
        t for t in figure["data"] if t.get("legendgroup") == "15" and t.get("mode", "").startswith("lines+markers+text")
    ]
    assert [values(s["x"]) for s in own] == [[2021, 2022, 2023, 2024, 2025, 2026]]
    simulated = [t for t in figure["data"] if "2026-2030" in str(t.get("name", ""))]
    assert len(simulated) == 1 and values(simulated[0]["x"]) == [2026]
    assert any(shape.get("x0") == 2025.5 for shape in figure["layout"].get("shapes", []))
    assert any("quy về đơn vị hành chính mới" in c.value for c in at.caption)
