"""AppTest of the Chiều thiếu hụt page: every dimension target of the plans, M0, the group switch."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from data.reference.files import read_reference


@pytest.fixture()
def open_page(open_app):
    return lambda **params: open_app("pages/dimensions.py", **params)


def table_with(at: AppTest, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def plan_dimension_targets(province_code: str, year: int) -> set[str]:
    targets = read_reference("seed_targets.csv")
    measures = set(read_reference("target_measures.csv")["metric"])
    in_force = targets[
        (targets["province_code"] == province_code)
        & (targets["level"] == "province")
        & (targets["period_start"].astype(int) <= year)
        & (targets["period_end"].astype(int) >= year)
    ]
    return set(in_force["metric"]) & measures


@pytest.mark.parametrize(("province", "year"), [("33", 2024), ("15", 2023)])
def test_every_dimension_target_of_the_plan_is_shown_with_its_source(open_page, province, year):
    at = open_page(province=province, year=str(year))
    assert not at.exception
    expected = plan_dimension_targets(province, year)
    assert len(expected) >= 8
    progress = table_with(at, "Cách đo")
    assert len(progress) == len(expected)
    assert progress["Nguồn"].str.contains("KH-UBND").all()
    measured = progress[progress["Thực tế"] != "Chưa có số liệu"]
    assert set(measured["Đánh giá"]) <= {"✔ Đạt", "▲ Có nguy cơ", "✖ Không đạt"}
    water = progress[progress["Chỉ tiêu"].str.contains("nước sinh hoạt")].iloc[0]
    assert water["Thực tế"].endswith("%") and water["Mục tiêu"] in ("≥ 88%", "≥ 90%")
    unmeasured = progress[progress["Thực tế"] == "Chưa có số liệu"]
    assert (unmeasured["Đánh giá"] == "— Chưa có số liệu").all()
    labels = [m.label for m in at.metric]
    assert labels == ["Tỷ lệ nghèo đa chiều H", "Cường độ thiếu hụt A", "Chỉ số M0 = H × A"]


def test_group_switch_changes_the_numbers(open_page):
    at = open_page(province="15", year="2023")
    before = [m.value for m in at.metric]
    at.button_group(key="group_0").set_value("all").run()
    assert not at.exception
    after = [m.value for m in at.metric]
    assert after != before
    assert at.session_state["selection_state"]["group"] == "all"
    assert at.query_params["group"] == "all"


def test_heatmap_lists_the_units_below(open_page):
    at = open_page(province="15", year="2023")
    heatmap = table_with(at, "Nước sinh hoạt")
    assert len(heatmap) == 9
    assert "Trạm Tấu" in set(heatmap["Đơn vị"])
    assert any("Điểm nổi bật" in i.value or "M0" in i.value for i in at.info)


def test_old_standard_has_ten_indicators(open_page):
    at = open_page(province="34", year="2019")
    assert not at.exception
    heatmap = table_with(at, "Dịch vụ y tế")
    assert len(heatmap.columns) == 1 + 10
