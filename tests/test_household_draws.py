"""The demo's household draws (data/demo/household_draws.py) on hand-made plan rows, without a database."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data.demo import household_draws
from data.demo.households import PATTERNS_PER_DRAW, deprivation_masks, pattern_base

MASKS = deprivation_masks()
SEED = 7
MIDDLE_BELOW = 0.4


def plan_row(commune_id: int, year: int, households: int, poor: int, near_poor: int, middle: int, **lines) -> dict:
    """A 2022-2025 rural row by default (lines of the standard: 1.5 M đ, middle 2.25 M đ, next line 2.2 M đ)."""
    legacy = year < 2025
    return {
        "year": year,
        "commune_id": commune_id,
        "households": households,
        "poor": poor,
        "near_poor": near_poor,
        "middle": middle,
        "scheme": "legacy_63" if legacy else "from_2025",
        "province_code": "38",
        "district_code": "380",
        "commune_code": f"{commune_id:05d}",
        "new_province_code": "38",
        "new_commune_code": f"{commune_id + 1:05d}",
        "area": "rural",
        "poverty_standard": "2022-2025",
        "ethnic_minority_share": 0.3,
        "pattern_base": pattern_base(1, 2),
        "standard_mask": 8175,
        "min_deprivations": 3,
        "income_line": 1_500_000,
        "near_poor_upper": np.nan,
        "middle_upper": 2_250_000,
        "next_line": 2_200_000,
    } | lines


OLD_STANDARD = {  # 2016-2020: an income-only line under the line, no next line inside the middle band
    "poverty_standard": "2016-2020",
    "pattern_base": pattern_base(0, 2),
    "standard_mask": 8184,
    "income_line": 700_000,
    "near_poor_upper": 1_000_000,
    "middle_upper": 1_500_000,
    "next_line": np.nan,
}


def draw(rows: list[dict]) -> pd.DataFrame:
    return household_draws.draw(pd.DataFrame(rows), MASKS, PATTERNS_PER_DRAW, SEED, MIDDLE_BELOW)


def by_household(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows by household and year, text columns as plain text (each draw has its own categories)."""
    texts = {name: "str" for name, dtype in frame.dtypes.items() if isinstance(dtype, pd.CategoricalDtype)}
    return frame.astype(texts).set_index(["household_id", "year"]).sort_index()


def test_each_commune_year_has_exactly_the_plan_s_classes():
    rows = [plan_row(101, year, 5_000 + 10 * year % 7, 400 - year % 3, 300, 2_000) for year in range(2021, 2027)]
    rows.append(plan_row(102, 2023, 1, 1, 0, 0))
    drawn = draw(rows)
    counts = drawn.groupby(["household_id", "year"]).size()
    assert counts.max() == 1, "a household twice in a year"
    by_class = drawn.groupby(["year", "commune_code", "household_class"], observed=True).size().unstack(fill_value=0)
    for row in rows:
        code = row["commune_code"] if row["year"] < 2025 else row["new_commune_code"]
        got = by_class.loc[(row["year"], code)]
        assert got.sum() == row["households"]
        assert got.get("poor", 0) == row["poor"]
        assert got.get("near_poor", 0) == row["near_poor"]
        assert got.get("middle", 0) == row["middle"]


def test_incomes_and_deprivations_follow_the_standard_s_rule():
    new = draw([plan_row(101, 2023, 20_000, 2_000, 1_500, 8_000)])
    poor, near, middle, other = (new[new["household_class"] == name] for name in household_draws.CLASSES)
    assert poor["income_per_capita"].max() <= 1_500_000
    assert near["income_per_capita"].max() <= 1_500_000
    assert (poor["deprivations_mask"].map(int.bit_count) >= 3).all(), "2022-2025: a poor household has 3 or more"
    assert (near["deprivations_mask"].map(int.bit_count) < 3).all()
    assert middle["income_per_capita"].between(1_500_001, 2_250_000).all()
    assert other["income_per_capita"].min() > 2_250_000
    # MIDDLE_BELOW of the middle at or under the next standard's line (2.2 M đ), the rest above it
    below = (middle["income_per_capita"] <= 2_200_000).mean()
    assert below == pytest.approx(MIDDLE_BELOW, abs=0.02)

    old = draw([plan_row(101, 2019, 20_000, 2_000, 1_500, 8_000, **OLD_STANDARD)])
    poor, near, middle, _other = (old[old["household_class"] == name] for name in household_draws.CLASSES)
    assert poor["income_per_capita"].max() <= 700_000
    assert near["income_per_capita"].between(700_001, 1_000_000).all()
    assert middle["income_per_capita"].between(1_000_001, 1_500_000).all()
    assert (poor["deprivations_mask"].map(int.bit_count) >= 1).all()


def test_masks_hold_only_the_standard_s_indicators_and_the_codes_follow_the_year_s_scheme():
    drawn = draw([plan_row(101, 2024, 3_000, 300, 200, 1_000), plan_row(101, 2025, 3_000, 300, 200, 1_000)])
    assert ((drawn["deprivations_mask"] & ~8175) == 0).all()
    assert (drawn["indicators_known_mask"] == 8175).all()
    legacy, today = drawn[drawn["year"] == 2024], drawn[drawn["year"] == 2025]
    assert set(legacy["commune_code"]) == {"00101"} and set(legacy["district_code"]) == {"380"}
    assert set(today["commune_code"]) == {"00102"} and today["district_code"].isna().all()
    assert set(legacy["household_id"]) == set(today["household_id"]), "the same households across the reform"


def test_a_household_s_draws_do_not_depend_on_the_rows_drawn_with_it():
    rows = [plan_row(101, year, 4_000, 500, 300, 1_500) for year in (2022, 2023)]
    rows += [plan_row(205, year, 2_500, 100, 100, 900) for year in (2022, 2023)]
    together = by_household(draw(rows))
    apart = by_household(pd.concat([draw(rows[:1]), draw(rows[1:3]), draw(rows[3:])]))
    pd.testing.assert_frame_equal(together, apart)
    pd.testing.assert_frame_equal(together, by_household(draw(rows)))


def test_the_panel_moves_as_a_panel_most_poor_stay_poor_some_escape():
    drawn = draw([plan_row(101, year, 10_000, 1_000, 800, 3_000) for year in (2022, 2023)])
    poor = {
        year: set(drawn.loc[(drawn["year"] == year) & (drawn["household_class"] == "poor"), "household_id"])
        for year in (2022, 2023)
    }
    stayed = len(poor[2022] & poor[2023]) / len(poor[2022])
    assert 0.5 < stayed < 0.97


def test_chunks_cover_every_row_once_and_never_split_a_commune_year():
    lines = pd.DataFrame({"households": [5, 7, 1, 9, 3, 3]})
    pieces = list(household_draws.chunks(lines, rows_per_draw=8))
    assert [list(piece.index) for piece in pieces] == [[0, 1], [2, 3], [4, 5]]
    assert list(household_draws.chunks(lines.iloc[:0], rows_per_draw=8)) == []


def test_the_ranking_order_is_the_stable_sort_s_even_when_keys_tie():
    rng = np.random.default_rng(3)
    distinct = np.repeat(np.arange(50), 40) + rng.random(2000)
    assert np.array_equal(household_draws._sorting_order(distinct), np.argsort(distinct, kind="stable"))
    tied = np.array([2.5, 1.0, 2.5, 0.5, 1.0, 2.5])
    assert list(household_draws._sorting_order(tied)) == [3, 1, 4, 0, 2, 5]
