"""Trend, pace and planner queries on the tiny fixture (tests/fixtures/tiny.sql), worked out by hand.

Province 90: 2021 14 households, poor ids 1, 2, 6, 7, 12; 2022 14, poor 1, 3, 7, 8, 12; 2023 15 (id 11
is new), poor 2, 3, 4, 11, 12. Ethnic-minority households: ids 1 and 2.
"""

from __future__ import annotations

import pandas as pd
import pytest

from queries import run_query

STD = "2022-2025"


def test_rate_series(tiny_con):
    rows = run_query(tiny_con, "rate_series", scheme="legacy_63", unit_code="90")
    own = rows[rows["is_selected_unit"]].set_index("year")
    assert list(own.index) == [2021, 2022, 2023]
    assert own.loc[2023, "poverty_rate"] == pytest.approx(5 / 15)
    # ethnic minority: 2021 both poor (2/2), 2023 only id 2 (1/2); the others 3/12 then 4/13
    assert own.loc[2021, "ethnic_minority_poverty_rate"] == 1
    assert own.loc[2023, "ethnic_minority_poverty_rate"] == pytest.approx(0.5)
    assert own.loc[2023, "other_poverty_rate"] == pytest.approx(4 / 13)
    assert set(rows.loc[~rows["is_selected_unit"], "unit_code"]) == {"901", "902"}  # 903 has no data


def test_flows_over_years(tiny_con):
    rows = run_query(tiny_con, "flows_over_years", scheme="legacy_63", unit_code="90").set_index("year")
    assert list(rows.index) == [2022, 2023]
    # 2022: stayed 1, 7, 12; escaped 2, 6; newly poor 3, 8
    assert tuple(rows.loc[2022, ["stayed_poor_households", "escaped_households", "newly_poor_households"]]) == (
        3,
        2,
        2,
    )
    # 2023: stayed 3, 12; escaped 1, 7, 8; newly 4, 11; fell back 2
    assert rows.loc[2023, "escaped_rate"] == pytest.approx(3 / 5)
    assert rows.loc[2023, "fell_back_households"] == 1
    assert rows.loc[2023, "net_change"] == 0
    assert rows.loc[2023, "inflow_rate"] == pytest.approx(3 / 15)


def test_target_trajectories(tiny_con):
    rows = run_query(tiny_con, "target_trajectories", scheme="legacy_63", unit_code="90")
    trajectory = rows[rows["kind"] == "trajectory"].set_index("year")
    # reduction of at least 1 point a year over 2022-2025 from the 2021 rate 5/14 = 35.71%
    assert list(trajectory.index) == [2021, 2022, 2023, 2024, 2025]
    assert trajectory.loc[2021, "baseline_rate"] == pytest.approx(100 * 5 / 14)
    assert trajectory.loc[2025, "target_rate_high"] == pytest.approx(100 * 5 / 14 - 4)
    assert trajectory.loc[2025, "target_rate_low"] == trajectory.loc[2025, "target_rate_high"]  # no range
    levels = rows[rows["kind"] == "level"].set_index("year")
    assert levels.loc[2023, "target_rate_high"] == 31 and levels.loc[2024, "target_rate_low"] == 20
    assert (rows["poverty_standard"] == STD).all()


def test_reduction_pace(tiny_con):
    rows = run_query(tiny_con, "reduction_pace", scheme="legacy_63", unit_code="90", standard=STD).set_index(
        "unit_code"
    )
    province = rows.loc["90"]
    # (5/14 - 5/15) over 2 years = 1/84 a year = 1.19 points, against at least 1 -> on track
    assert province["achieved_reduction"] == pytest.approx(100 / 84)
    assert province["planned_reduction"] == 1 and bool(province["is_on_track"])
    # ethnic minority: from 100% to 50% in 2 years = 25 points a year, 21 times the general pace
    assert province["ethnic_minority_achieved_reduction"] == pytest.approx(25)
    assert province["reduction_ratio"] == pytest.approx(25 * 84 / 100)
    district = rows.loc["901"]
    # 901: 2021 4 of 10 poor, 2023 4 of 11 -> (0.4 - 4/11) / 2 = 1.82 points a year, no target
    assert district["achieved_reduction"] == pytest.approx(100 * (0.4 - 4 / 11) / 2)
    assert pd.isna(district["is_on_track"])


def test_planner_base(tiny_con):
    rows = run_query(
        tiny_con, "planner_base", scheme="legacy_63", parent_code="90", base_year=2023, standard=STD
    ).set_index("unit_code")
    assert list(rows.index) == ["901", "902"]
    one = rows.loc["901"]
    assert (one["households"], one["poor_households"], one["flow_years"]) == (11, 4, 2)
    # inflow: 2022 newly 3 and 8; 2023 newly 4 and 11, fell back 2 -> (2 + 3) / 2
    assert one["inflow_per_year"] == pytest.approx(2.5)
    # exits: 2022 ids 2, 6; 2023 ids 1, 7, 8 -> (2 + 3) / 2
    assert one["exits_per_year"] == pytest.approx(2.5)
    assert rows.loc["902", "exits_per_year"] == 0


def test_plan_appendix_keeps_the_plans_order(tiny_con):
    rows = run_query(tiny_con, "plan_appendix", scheme="legacy_63", parent_code="90", year=2024)
    assert list(rows["unit_code"]) == ["902", "901"]
    assert list(rows["households"]) == [4, 11] and list(rows["poor_households"]) == [1, 3]
    assert rows["poverty_rate"].iloc[1] == pytest.approx(3 / 11)
    assert run_query(tiny_con, "plan_appendix", scheme="legacy_63", parent_code="90", year=2023).empty
