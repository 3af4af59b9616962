"""AppTest of the Overview page through the frame (dashboard.py), on the embedded demo database."""

from __future__ import annotations

import pytest
from conftest import shown_overview
from streamlit.testing.v1 import AppTest


@pytest.fixture()
def app(open_app):
    return lambda **params: open_app(None, **params)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_country_view_opens_on_the_units_of_today(app):
    """The latest review (2026, synthetic) opens on today's 34 provinces; the seed database holds four of them."""
    at = app()
    assert not at.exception
    assert at.title[0].value.startswith("Toàn quốc · 2026")
    assert any("Dữ liệu mô phỏng" in m.value for m in at.markdown)
    captions = " ".join(c.value for c in at.caption)
    assert "4/34 tỉnh" in captions and "từ 1/7/2025" in captions
    at = app(year="2024")
    assert "5/63 tỉnh" in " ".join(c.value for c in at.caption)


def test_url_reproduces_the_view_and_a_district_changes_the_numbers(app, demo_con):
    at = app(province="15", year="2023")
    assert not at.exception
    values, expected = metrics(at), shown_overview(demo_con, "15", 2023)
    assert values["Tỷ lệ hộ nghèo"] == expected["poverty_rate"]
    assert values["Số hộ nghèo"] == expected["poor_households"]
    assert values["Tỷ lệ hộ cận nghèo"] == expected["near_poor_rate"]
    at.selectbox(key="district_0").set_value("139").run()
    assert not at.exception
    trạm_tấu = shown_overview(demo_con, "139", 2023)["poverty_rate"]
    assert metrics(at)["Tỷ lệ hộ nghèo"] == trạm_tấu != expected["poverty_rate"]
    assert at.title[0].value == "Huyện Trạm Tấu · 2023"
    assert dict(at.query_params) == {"province": "15", "district": "139", "year": "2023"}


def test_hung_yen_target_is_shown_with_its_status_and_source(app):
    at = app(province="33", year="2024")
    values = metrics(at)
    assert values["Tỷ lệ hộ nghèo"] == "0,44%"
    assert values["Tổng số hộ"] == "407.668"
    assert values["Mục tiêu 2024"] == "≤ 0,66%"
    target_card = next(m for m in at.metric if m.label.startswith("Mục tiêu"))
    assert "45/KH-UBND" in target_card.proto.help
    tables = [df.value for df in at.dataframe]
    progress = next(t for t in tables if "Nguồn" in t.columns and "Đánh giá" in t.columns)
    assert (progress["Đánh giá"] == "— Chưa có số liệu").sum() >= 10  # no invented actuals
    assert progress["Nguồn"].str.contains("45/KH-UBND").all()


def test_commune_level_says_there_is_no_commune_map(app):
    at = app(province="38", district="399", year="2023")
    assert not at.exception
    # Most communes of Hoằng Hóa changed in 2025: the few that did not would draw a mostly empty district.
    assert any("Chưa có ranh giới các xã cũ" in i.value for i in at.info)
    at.selectbox(key="commune_0").set_value("15976").run()
    assert metrics(at)["Tỷ lệ hộ nghèo"] == "1,38%"
    published = [df.value for df in at.dataframe if "Giá trị" in df.value.columns]
    assert published and "1,38%" in set(published[0]["Giá trị"])


def test_english_switch(app):
    at = app(province="17", year="2023", lang="en")
    assert not at.exception
    assert metrics(at)["Poverty rate"] == "9.20%"
    assert any("Synthetic data" in m.value for m in at.markdown)


def test_breadcrumb_drills_back_up(app):
    at = app(province="15", district="139", year="2023")
    at.button(key="crumb_15").click().run()
    assert not at.exception
    assert at.title[0].value == "Tỉnh Yên Bái · 2023"
    assert at.session_state["selection_state"]["district"] == ""
    assert at.selectbox(key="district_1").value == ""


def test_old_standard_years_are_labelled(app):
    at = app(province="34", year="2019")
    assert not at.exception
    assert metrics(at)["Tỷ lệ hộ nghèo"] == "2,66%"
    year_box = at.selectbox(key="year_0")
    assert "2019 (chuẩn 2016-2020)" in year_box.options


def test_presentation_mode_from_the_url_and_back(app):
    at = app(province="15", year="2023", present="1")
    assert not at.exception
    assert any("stSidebar" in h.proto.body for h in at.get("html"))
    at.button(key="present_exit").click().run()
    assert not any("stSidebar" in h.proto.body for h in at.get("html"))
    assert at.button(key="present_enter").label == "Trình chiếu"


def test_slides_move_with_the_next_button_and_say_what_they_show(app):
    at = app(province="33", year="2024", present="1")
    footer = next(m.value for m in at.markdown if "Trang" in m.value)
    assert "Trang 1/5" in footer and "Tỉnh Hưng Yên" in footer and "Dữ liệu mô phỏng" in footer
    assert at.button(key="slide_previous").disabled
    at.button(key="slide_next").click().run()
    assert not at.exception
    assert at.title[0].value.startswith("Thiếu hụt dịch vụ xã hội cơ bản — Tỉnh Hưng Yên")
    assert any("Trang 2/5" in m.value for m in at.markdown)


def test_slides_show_tables_as_html_the_projector_can_enlarge(app):
    at = app(province="17", year="2024", present="1")
    at.switch_page("pages/funding.py").run()
    assert not at.exception
    assert len(at.table) >= 3 and len(at.dataframe) == 0
    kinds = at.table[0].value
    assert "671.041" in kinds.to_string()
