"""Funding queries on the tiny fixture (tests/fixtures/tiny.sql), every number worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from queries import run_query


def by(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    return frame.set_index(key)


def test_four_kinds_beside_the_plan(tiny_con):
    kinds = by(run_query(tiny_con, "funding_by_kind", scheme="legacy_63", unit_code="90", year=2023), "money_kind")
    assert list(kinds.index) == ["development_investment", "recurrent", "nhcsxh_credit", "other_mobilized", "total"]
    investment = kinds.loc["development_investment"]
    assert investment["plan_amount"] == 100 and investment["allocated"] == 100  # 60 + 10 + 30
    assert investment["disbursed"] == 55 and investment["disbursement_rate"] == pytest.approx(0.55)
    assert investment["central_allocated"] == 90 and investment["local_allocated"] == 10
    assert investment["plan_source_document"] == "KH 9/KH-UBND" and investment["plan_source_row"] == 2
    recurrent = kinds.loc["recurrent"]
    assert (recurrent["allocated"], recurrent["disbursed"]) == (50, 33)  # 20 + 10 + 20; 20 + 5 + 8
    assert (recurrent["central_allocated"], recurrent["local_allocated"]) == (30, 20)
    credit = kinds.loc["nhcsxh_credit"]
    assert credit["plan_amount"] == 200 and bool(credit["plan_is_approximate"])
    assert (credit["allocated"], credit["disbursed"]) == (200, 190)
    other = kinds.loc["other_mobilized"]
    assert pd.isna(other["plan_amount"]) and pd.isna(other["allocated"]) and other["breakdown_row_count"] == 0
    total = kinds.loc["total"]
    assert (total["plan_amount"], total["allocated"], total["disbursed"]) == (350, 350, 278)
    assert (total["central_allocated"], total["local_allocated"]) == (120, 30)
    assert bool(total["is_synthetic"])  # one synthetic credit row makes the sum synthetic


def test_a_district_sums_its_communes_and_has_no_plan_figure(tiny_con):
    kinds = by(run_query(tiny_con, "funding_by_kind", scheme="legacy_63", unit_code="901", year=2023), "money_kind")
    assert kinds["plan_amount"].isna().all()
    assert (kinds.loc["development_investment", "allocated"], kinds.loc["development_investment", "disbursed"]) == (
        70,
        40,
    )
    assert (kinds.loc["recurrent", "allocated"], kinds.loc["recurrent", "disbursed"]) == (
        40,
        28,
    )  # DA5 20 + commune DA3.2 20
    assert kinds.loc["nhcsxh_credit", "allocated"] == 150
    assert not kinds.loc["total", "is_synthetic"]


def test_projects(tiny_con):
    projects = by(
        run_query(tiny_con, "funding_by_project", scheme="legacy_63", unit_code="90", year=2023), "project_code"
    )
    assert list(projects.index) == ["DA1.1", "DA3.2", "DA4.1", "DA5"]
    assert (projects.loc["DA1.1", "allocated"], projects.loc["DA1.1", "disbursed"]) == (70, 40)
    assert projects.loc["DA1.1", "parent_code"] == "DA1" and projects.loc["DA1.1", "unit_count"] == 1
    assert projects.loc["DA5", "disbursement_rate"] == pytest.approx(25 / 30)
    assert projects.loc["DA5", "unit_count"] == 2 and projects.loc["DA5", "recurrent_allocated"] == 30
    assert projects.loc["DA3.2", "project_name"] == "Cải thiện dinh dưỡng"


def test_years(tiny_con):
    years = run_query(tiny_con, "funding_by_year", scheme="legacy_63", unit_code="90")
    recurrent = years[years["money_kind"] == "recurrent"].set_index("year")
    assert recurrent.loc[2022, "allocated"] == 10 and recurrent.loc[2023, "allocated"] == 50
    assert set(years["year"]) == {2022, 2023}


def test_money_against_need(tiny_con):
    need = run_query(tiny_con, "funding_vs_need", scheme="legacy_63", parent_code="90", year=2023, standard="2022-2025")
    assert set(need["unit_code"]) == {"901", "902"}  # 903 has no households
    housing = need[need["project_code"] == "DA5"].set_index("unit_code")
    assert (housing.loc["901", "allocated"], housing.loc["902", "allocated"]) == (20, 10)
    assert housing.loc["901", "money_share"] == pytest.approx(2 / 3)
    nutrition = need[need["project_code"] == "DA3.2"].set_index("unit_code")
    assert nutrition.loc["901", "allocated"] == 20 and nutrition.loc["902", "allocated"] == 0  # commune money counts
    jobs = need[need["project_code"] == "DA4"].set_index("unit_code")
    assert jobs.loc["902", "allocated"] == 30  # DA4.1 is part of DA4


def test_cost_per_household_escaped(tiny_con):
    costs = run_query(tiny_con, "cost_per_escaped", scheme="legacy_63", unit_code="90", standard="2022-2025")
    costs = costs.set_index(["unit_code", "year"])
    # 2023: budget disbursed 55 + 33 = 88; households 1, 7, 8 escaped (poor 2022, not 2023).
    assert costs.loc[("90", 2023), "disbursed"] == 88 and costs.loc[("90", 2023), "escaped_households"] == 3
    assert costs.loc[("90", 2023), "cost_per_escaped"] == pytest.approx(88 / 3)
    assert costs.loc[("901", 2023), "cost_per_escaped"] == pytest.approx(68 / 3)  # 40 + 20 + 8
    assert pd.isna(costs.loc[("902", 2023), "cost_per_escaped"])  # no household escaped in 902
    assert costs.loc[("90", 2022), "cost_per_escaped"] == pytest.approx(5)  # 10 / households 2 and 6
    assert ("902", 2022) not in costs.index  # no money there that year
    assert bool(costs.loc[("90", 2023), "is_selected_unit"])
