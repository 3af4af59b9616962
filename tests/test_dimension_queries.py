"""The deprivation queries on the tiny fixture; every number worked out on paper.

Commune 90101 in 2023 (tests/fixtures/tiny.sql): six households, deprivation counts 1, 3, 4, 3, 0, 3 for
ids 1..6; ids 2, 3, 4 are poor. With the cutoff k = 3 of d = 12 indicators the multidimensionally poor
are ids 2, 3, 4 and 6 (q = 4), their deprivations add up to 13.
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import pytest

from queries import run_query

STD = "2022-2025"


def params(**extra):
    return {"unit_code": "90101", "year": 2023, "standard": STD, **extra}


def test_deprivation_shares_for_all_households(tiny_con):
    rows = run_query(tiny_con, "deprivation_shares", scheme="legacy_63", **params(group="all")).set_index(
        "indicator_code"
    )
    assert len(rows) == 12 and list(rows["sort_order"]) == list(range(1, 13))
    assert (rows["households"] == 6).all()
    expected = {"water": 4, "latrine": 3, "employment": 2, "telecom": 2, "information": 1, "dependency": 1}
    for code, deprived in expected.items():
        assert rows.loc[code, "deprived_households"] == deprived
        assert rows.loc[code, "deprived_share"] == pytest.approx(deprived / 6)
    assert rows.loc["nutrition", "deprived_share"] == 0


def test_deprivation_shares_for_the_poor(tiny_con):
    rows = run_query(tiny_con, "deprivation_shares", scheme="legacy_63", **params(group="poor")).set_index(
        "indicator_code"
    )
    assert (rows["households"] == 3).all()
    assert rows.loc["water", "deprived_share"] == 1
    assert rows.loc["latrine", "deprived_share"] == pytest.approx(2 / 3)
    same = run_query(tiny_con, "deprivation_shares", scheme="legacy_63", **params(group="poor_near_poor"))
    assert list(same["deprived_households"]) == list(rows["deprived_households"])  # no near-poor here


def test_mpi_summary(tiny_con):
    row = run_query(tiny_con, "mpi_summary", scheme="legacy_63", **params(group="all")).iloc[0]
    assert (row["households"], row["mpi_poor_households"], row["mpi_poor_deprivation_sum"]) == (6, 4, 13)
    assert row["indicator_count"] == 12
    assert row["headcount_ratio"] == pytest.approx(4 / 6)
    assert row["intensity"] == pytest.approx(float(Fraction(13, 48)))
    assert row["adjusted_headcount"] == pytest.approx(float(Fraction(13, 72)))
    assert row["adjusted_headcount"] == pytest.approx(row["headcount_ratio"] * row["intensity"])
    poor = run_query(tiny_con, "mpi_summary", scheme="legacy_63", **params(group="poor")).iloc[0]
    assert poor["headcount_ratio"] == 1 and poor["intensity"] == pytest.approx(10 / 36)


def test_mpi_contributions(tiny_con):
    rows = run_query(tiny_con, "mpi_contributions", scheme="legacy_63", **params(group="all")).set_index(
        "indicator_code"
    )
    # censored: water 2, 3, 4 (id 1 is not multidimensionally poor) -> 3 of 13
    assert rows.loc["water", "mpi_poor_deprived_households"] == 3
    assert rows.loc["water", "contribution_share"] == pytest.approx(3 / 13)
    assert rows.loc["water", "censored_headcount_ratio"] == pytest.approx(3 / 6)
    assert rows.loc["water", "weight"] == pytest.approx(1 / 12)
    # weight * censored headcount / M0 = contribution
    m0 = Fraction(13, 72)
    assert rows.loc["latrine", "contribution_share"] == pytest.approx(float(Fraction(1, 12) * Fraction(3, 6) / m0))
    assert rows["contribution_share"].sum() == pytest.approx(1)
    dimension = rows.groupby("dimension")["dimension_contribution_share"].first()
    assert dimension["water_sanitation"] == pytest.approx(6 / 13)
    assert dimension["employment"] == pytest.approx(3 / 13)
    assert dimension["information"] == pytest.approx(3 / 13)
    assert dimension["housing"] == pytest.approx(1 / 13)
    assert dimension["health"] == 0


def test_deprivation_of_units_below(tiny_con):
    rows = run_query(
        tiny_con,
        "deprivation_of_units_below",
        scheme="legacy_63",
        parent_code="901",
        year=2023,
        standard=STD,
        group="all",
    )
    assert len(rows) == 2 * 12
    water = rows[rows["indicator_code"] == "water"].set_index("unit_code")
    assert water.loc["90101", "deprived_share"] == pytest.approx(4 / 6)
    assert water.loc["90102", "deprived_share"] == 0 and water.loc["90102", "households"] == 5


def test_dimension_target_progress(tiny_con):
    rows = run_query(tiny_con, "dimension_target_progress", scheme="legacy_63", **params()).set_index("metric")
    assert "poverty_rate" not in rows.index  # not a dimension target
    # water: 100 * (1 - 3/3) = 0 against at least 50 -> missed
    assert rows.loc["hygienic_water_rate", "actual_value"] == 0
    assert rows.loc["hygienic_water_rate", "assessment"] == "missed"
    assert rows.loc["hygienic_water_rate", "gap"] == -50
    # latrine: 100 * (1 - 2/3) = 33.3 against at least 30 (2022-2025) -> met
    assert rows.loc["hygienic_latrine_rate", "actual_value"] == pytest.approx(100 / 3)
    assert rows.loc["hygienic_latrine_rate", "assessment"] == "met"
    assert (
        rows.loc["hygienic_latrine_rate", "group_households"],
        rows.loc["hygienic_latrine_rate", "not_deprived_households"],
    ) == (3, 1)
    # telecom: 66.7 against at least 70 -> within 10% -> at risk
    assert rows.loc["telecom_internet_access_rate", "assessment"] == "at_risk"
    # no measure in the household data and nothing reported
    assert rows.loc["trained_workers_rate", "assessment"] == "no_data"
    assert pd.isna(rows.loc["trained_workers_rate", "actual_value"])
    assert rows.loc["hygienic_water_rate", "actual_source"] == "household_review"


def test_dimension_target_takes_a_reported_value_only_without_a_measure(tiny_con):
    rows = run_query(tiny_con, "dimension_target_progress", scheme="legacy_63", unit_code="90", year=2023, standard=STD)
    rows = rows.set_index("metric")
    # a reported value exists for water too (85), but the household data measure it:
    # poor and near-poor of province 90 in 2023 are ids 2, 3, 4, 10, 11, 12; deprived in water 2, 3, 4
    assert rows.loc["hygienic_water_rate", "actual_source"] == "household_review"
    assert rows.loc["hygienic_water_rate", "actual_value"] == pytest.approx(50)
    # no household measure: the reported 95 with its source, against at least 100 -> at risk
    assert rows.loc["vocational_training_support_coverage", "actual_value"] == 95
    assert rows.loc["vocational_training_support_coverage", "actual_source"] == "BC 12/BC-SLĐ"
    assert rows.loc["vocational_training_support_coverage", "assessment"] == "at_risk"
