"""Data-quality queries on the tiny fixture, worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from queries import run_query


def test_commune_anomalies(tiny_con):
    # Xã Một A (90101): poor 3/6 = 0.5 (2021) -> 2/6 (2022) -> 3/6 (2023): -16.7 then +16.7 points.
    # Xã Một B (90102): 1/4 = 0.25 -> 2/4 = 0.5 (+25 points) -> 1/5 = 0.2 (-30 points, households +25%).
    # Xã Hai A (90201): 1/4 every year.
    rows = run_query(tiny_con, "quality_anomalies", scheme="legacy_63", unit_code="90")
    assert list(zip(rows["unit_code"], rows["year"], strict=True)) == [
        ("90102", 2023),
        ("90101", 2023),
        ("90102", 2022),
        ("90101", 2022),
    ]
    assert not rows.iloc[2]["is_count_anomaly"] and rows.iloc[2]["rate_change"] == pytest.approx(0.25)
    row = rows.iloc[0]
    assert row["rate_change"] == pytest.approx(-0.3) and row["household_change"] == pytest.approx(0.25)
    assert row["is_rate_anomaly"] and row["is_count_anomaly"]
    assert set(rows["rate_points_threshold"]) == {0.10} and set(rows["count_change_threshold"]) == {0.20}


def test_quality_counts_by_province_year(tiny_con):
    rows = run_query(tiny_con, "quality_by_year", scheme="legacy_63", unit_code="901").set_index("year")
    assert list(rows.index) == [2021, 2022, 2023]
    assert rows.loc[2023, "households"] == 15
    # 2023: poor households 2, 3, 4 have 3, 4 and 3 deprivations (tiny.sql), as the rule wants; poor 11 and
    # 12 have none, so the rule says near-poor: 2 mismatches. Household 6 (other, 3 deprivations) earns
    # 3,000,000, above the line: no mismatch. 2021-2022: every poor household has no deprivation.
    assert rows.loc[2023, "class_rule_mismatches"] == 2
    assert rows.loc[2023, "mismatch_rate"] == pytest.approx(2 / 15)
    assert rows.loc[2022, "class_rule_mismatches"] == 5
    assert rows.loc[2023, "province_code"] == "90" and rows.loc[2023, "data_kind"] == "real"
    # 2023: ids 1-10 and 12-15 were reviewed in 2022, id 11 is new: 14 of 15 continue.
    assert rows.loc[2023, "matched_households"] == 14 and rows.loc[2023, "flow_state"] == "complete"
    assert pd.isna(rows.loc[2021, "matched_rate"]) and rows.loc[2021, "flow_state"] == "no_previous_review"
