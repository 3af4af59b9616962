"""Nguồn vốn page in AppTest on the demo database: the plan's split, synthetic breakdowns, money vs need."""

from __future__ import annotations

import pytest


@pytest.fixture()
def funding_page(open_app):
    return lambda **params: open_app("pages/funding.py", **params)


def table(at, column: str):
    """The shown table that has ``column`` (AppTest keeps no key for tables without selection)."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_hoa_binh_2024_shows_the_plans_split_exactly(funding_page):
    at = funding_page(province="17", year="2024")
    assert not at.exception
    shown = metrics(at)
    assert shown["Tổng nguồn vốn (triệu đồng)"] == "671.041"
    assert shown["Vốn đầu tư phát triển (triệu đồng)"] == "120.839"
    assert shown["Vốn sự nghiệp (triệu đồng)"] == "198.202"
    assert shown["Vốn vay NHCSXH (triệu đồng)"] == "350.000"
    assert shown["Vốn huy động khác (triệu đồng)"] == "2.000"
    credit = next(m for m in at.metric if m.label == "Vốn vay NHCSXH (triệu đồng)")
    assert "khoảng" in credit.proto.delta  # the plan says "khoảng 350.000"
    kinds = table(at, "Đối chiếu")
    assert list(kinds["Đối chiếu"]) == ["✔ Khớp"] * 4 + ["✔ Khớp"]
    assert kinds["Nguồn"].str.contains("Kế hoạch 86/KH-UBND").iloc[:4].all()
    assert "khoảng 350.000" in list(kinds["Theo kế hoạch"])
    assert any("Dữ liệu mô phỏng" in m.value for m in at.markdown)  # the breakdown below the plan is synthetic


def test_other_provinces_show_their_labelled_synthetic_breakdown(funding_page):
    at = funding_page(province="15", year="2023")
    assert not at.exception
    shown = metrics(at)
    assert shown["Tổng nguồn vốn (triệu đồng)"] not in ("—", "0")
    total = next(m for m in at.metric if m.label.startswith("Tổng nguồn vốn"))
    assert total.proto.delta == "Tổng theo dự án, đơn vị"
    assert any("dữ liệu mô phỏng" in c.value for c in at.caption)
    projects = table(at, "Dự án")
    assert projects["Dự án"].str.startswith("DA1.1").any()  # Yên Bái has poor districts
    assert projects["Dự án"].str.startswith("DA5").any()


def test_delta_province_has_no_poor_district_projects(funding_page):
    at = funding_page(province="33", year="2024")
    projects = table(at, "Dự án")
    assert not projects["Dự án"].str.startswith(("DA1", "DA5")).any()


def test_money_against_need_switches_project(funding_page):
    at = funding_page(province="15", year="2024")
    housing = table(at, "Đánh giá")
    assert "▼ Thiếu vốn so với nhu cầu" in set(housing["Đánh giá"])  # DA5 only reaches the two poor districts
    at.segmented_control[0].set_value("DA6.1").run()
    assert not at.exception
    assert at.query_params["need"] in ("DA6.1", ["DA6.1"])
    assert len(table(at, "Đánh giá")) == 9


def test_cost_per_household_escaped_is_explained(funding_page):
    at = funding_page(province="17", year="2024")
    costs = table(at, "Triệu đồng / hộ thoát nghèo")
    assert costs.iloc[0]["Đơn vị"] == "Tỉnh Hòa Bình"
    assert any("không" in e.label or "nói gì" in e.label for e in at.expander)


def test_year_without_funding_says_so(funding_page):
    at = funding_page(province="34", year="2019", standard="2016-2020")
    assert not at.exception
    assert "2022, 2023, 2024, 2025" in at.info[0].value


def test_english(funding_page):
    at = funding_page(province="17", year="2024", lang="en")
    assert metrics(at)["Total funding (million VND)"] == "671,041"
