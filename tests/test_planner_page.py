"""AppTest of the Kịch bản page: defaults from the plan, a slider that changes the table, the appendix loaded."""

from __future__ import annotations

import math

import pytest
from conftest import shown_overview
from streamlit.testing.v1 import AppTest

from gnbv import formatting


@pytest.fixture()
def planner(open_app):
    return lambda **params: open_app("pages/planner.py", **params)


def summary(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**"))


def table(at: AppTest):
    return at.get("arrow_data_frame")[0].value if at.get("arrow_data_frame") else at.dataframe[0].value


def allowed_at(demo_con, unit: str, year: int, target_pct: float) -> int:
    """The most poor households a target allows on the unit's households of the base year (the query's)."""
    households = int(shown_overview(demo_con, unit, year)["row"]["households"])
    return math.floor(households * target_pct / 100 + 1e-9)


def test_defaults_to_the_plan_target_and_adds_up(planner, demo_con):
    at = planner(province="33", year="2023")
    assert not at.exception
    assert at.title[0].value == "Kịch bản mục tiêu năm 2024 — Tỉnh Hưng Yên"
    assert at.slider(key="target_0").value == pytest.approx(0.66)  # Kế hoạch 45/KH-UBND's 2024 target
    allowed = allowed_at(demo_con, "33", 2023, 0.66)  # floor(households of 2023 x 0.66%)
    assert f"{formatting.integer(allowed, 'vi')} hộ nghèo tối đa (0,66%;" in summary(at)
    rows = table(at)
    assert len(rows) == 10 + 1 and rows["Đơn vị"].iloc[-1] == "Tổng cộng"
    assert rows["Hộ nghèo tối đa"].iloc[:-1].sum() == rows["Hộ nghèo tối đa"].iloc[-1] == allowed


def test_moving_the_slider_changes_the_table(planner, demo_con):
    at = planner(province="33", year="2023")
    at.slider(key="target_0").set_value(0.5).run()
    assert not at.exception
    allowed = allowed_at(demo_con, "33", 2023, 0.5)
    assert f"{formatting.integer(allowed, 'vi')} hộ nghèo tối đa (0,50%" in summary(at)
    assert at.session_state["selection_state"]["target"] == 0.5


def test_proportional_rule_changes_the_split_not_the_total(planner):
    at = planner(province="33", year="2023")
    before = list(table(at)["Hộ nghèo tối đa"])
    at.button_group(key="rule_0").set_value("proportional").run()
    after = list(table(at)["Hộ nghèo tối đa"])
    assert after != before and after[-1] == before[-1]


def test_loading_the_appendix_uses_the_plans_own_rows(planner):
    at = planner(province="33", year="2023")
    at.button(key="load_appendix").click().run()  # "Nạp chỉ tiêu từ Phụ lục"
    assert not at.exception
    rows = table(at)
    assert list(rows["Đơn vị"].iloc[:3]) == ["Phù Cừ", "Tiên Lữ", "TP Hưng Yên"]  # the appendix order
    assert list(rows["Hộ nghèo tối đa"].iloc[:3]) == [269, 303, 150]
    assert rows["Số hộ"].iloc[-1] == "407.668" and rows["Hộ nghèo tối đa"].iloc[-1] == 2675
    assert "2.675 hộ nghèo tối đa (0,66%" in summary(at)


def test_commune_level_explains_itself(planner):
    at = planner(province="38", district="399", commune="15976", year="2023")
    assert not at.exception
    assert any("đơn vị cấp dưới" in i.value for i in at.info)


def test_a_unit_slider_sets_that_units_allowed_count(planner):
    at = planner(province="33", year="2023", rule="edited")
    at.slider(key="unit_rate_333_0").set_value(1.0).run()  # Phù Cừ: 29,425 households at most 1%
    assert not at.exception
    rows = table(at).set_index("Đơn vị")
    assert rows.loc["Phù Cừ", "Hộ nghèo tối đa"] == 294  # floor(29,425 x 1%)
    assert "333:294" in at.session_state["selection_state"]["edits"]


def test_cost_per_exit_prefilled_from_the_funding_data(open_app, demo_con):
    from queries import run_query

    costs = run_query(demo_con, "cost_per_escaped", scheme="legacy_63", unit_code="17", standard="2022-2025").set_index(
        ["unit_code", "year"]
    )
    expected = round(costs.loc[("17", 2024), "cost_per_escaped"], 1)  # budget disbursed ÷ households escaped
    at = open_app("pages/planner.py", province="17", year="2024")
    button = at.button(key="cost_observed")
    assert button.label == f"Dùng chi phí thực tế năm 2024: {expected:.1f} triệu đồng/hộ".replace(".", ",")
    button.click().run()
    assert not at.exception
    assert at.number_input[0].value == expected


@pytest.mark.parametrize(
    ("params", "below"),
    [
        ({"province": "15", "year": "2025"}, "commune"),  # today's Lào Cai: its communes, no districts
        ({"year": "2025"}, "province"),  # the country of today's 34 provinces
        ({"year": "2024"}, "province"),  # the country of the 63 provinces
    ],
)
def test_plans_today_s_province_and_the_country_under_both_schemes(planner, demo_con, params, below):
    at = planner(**params)
    assert not at.exception
    scheme = "from_2025" if params["year"] == "2025" else "legacy_63"
    parent = params.get("province", "VN")
    expected = demo_con.execute(
        "select count(*) from unit_year_summary where scheme = $s and parent_code = $p and year = $y "
        "and level = $l and poverty_standard = '2022-2025'",
        {"s": scheme, "p": parent, "y": int(params["year"]), "l": below},
    ).fetchall()[0][0]
    rows = table(at)
    assert expected > 0 and len(rows) == expected + 1  # every unit below and the total
    assert rows["Hộ nghèo tối đa"].iloc[:-1].sum() == rows["Hộ nghèo tối đa"].iloc[-1]


def test_edits_and_targets_a_link_cannot_use_are_said(planner):
    at = planner(province="33", year="2023", rule="edited", edits="333:abc,xx,99999:5", target="50")
    assert not at.exception
    said = " ".join(w.value for w in at.warning).replace("\\", "")  # markdown escapes
    assert "333:abc" in said and "99999:5" in said and "50%" in said and "1,02%" in said
    assert "0 hộ nghèo tối đa" not in summary(at)
