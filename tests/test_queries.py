"""Every query module on the tiny fixture (tests/fixtures/tiny.sql), numbers worked out by hand.

The fixture, year by year (p = poor, n = near-poor, o = other, - = not yet a household):

    commune 90101 (district 901)   ids 1..6    2021: p p n o o p   2022: p o p o o o   2023: o p p p o o
    commune 90102 (district 901)   ids 7..11   2021: p o o n -     2022: p p o n -     2023: o o o n p
    commune 90201 (district 902)   ids 12..15  every year: p o o o
    district 903 has no households.
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import pytest

from queries import QueryParameterError, documented_columns, grain_keys, load_sql, query_names, run_query

STD = "2022-2025"


def test_rates_of_units_below_lists_every_district_with_rates_and_parts(tiny_con):
    rows = run_query(tiny_con, "rates_of_units_below", scheme="legacy_63", parent_code="90", year=2023, standard=STD)
    by_code = rows.set_index("unit_code")
    assert list(rows["unit_code"]) == ["901", "902", "903"]  # highest rate first, no-data last
    # 901: 11 households (6 + 5), poor ids 2, 3, 4, 11 -> 4; near-poor id 10 -> 1
    assert by_code.loc["901", "households"] == 11
    assert by_code.loc["901", "poor_households"] == 4
    assert by_code.loc["901", "poverty_rate"] == pytest.approx(4 / 11)
    assert by_code.loc["901", "near_poor_rate"] == pytest.approx(1 / 11)
    # 902: 4 households, poor id 12
    assert by_code.loc["902", "poverty_rate"] == pytest.approx(0.25)
    assert by_code.loc["902", "near_poor_households"] == 0
    # 903 has no data but is listed, never dropped
    assert pd.isna(by_code.loc["903", "households"]) and pd.isna(by_code.loc["903", "poverty_rate"])


def test_unit_overview_gives_change_against_previous_review(tiny_con):
    row = run_query(tiny_con, "unit_overview", scheme="legacy_63", unit_code="90", year=2023, standard=STD).iloc[0]
    # 2023: 15 households, poor 2, 3, 4, 11, 12 -> 5.  2022: 14 households, poor 1, 3, 7, 8, 12 -> 5.
    assert (row["households"], row["poor_households"]) == (15, 5)
    assert (row["previous_households"], row["previous_poor_households"]) == (14, 5)
    assert row["poverty_rate"] == pytest.approx(1 / 3)
    assert row["poverty_rate_change"] == pytest.approx(float(Fraction(5, 15) - Fraction(5, 14)))  # -1/42
    assert row["previous_year"] == 2022


def test_unit_overview_first_year_has_no_previous(tiny_con):
    row = run_query(tiny_con, "unit_overview", scheme="legacy_63", unit_code="90", year=2021, standard=STD).iloc[0]
    assert (row["households"], row["poor_households"]) == (14, 5)  # poor ids 1, 2, 6, 7, 12
    assert pd.isna(row["previous_year"]) and pd.isna(row["poverty_rate_change"])


def test_flows_of_units_below_follow_households(tiny_con):
    flows = run_query(tiny_con, "flows_of_units_below", scheme="legacy_63", parent_code="90", year=2023, standard=STD)
    d901 = flows.set_index("unit_code").loc["901"]
    # previous poor in 901: ids 1, 3 (90101) and 7, 8 (90102) -> 4
    assert d901["previous_poor_households"] == 4
    assert d901["escaped_households"] == 3  # ids 1, 7, 8
    assert d901["stayed_poor_households"] == 1  # id 3
    assert d901["fell_back_households"] == 1  # id 2: poor 2021, not 2022, poor 2023
    assert d901["newly_poor_households"] == 2  # id 4 (never poor) and id 11 (new household)
    assert d901["escaped_rate"] == pytest.approx(3 / 4)
    assert d901["inflow_rate"] == pytest.approx(3 / 11)
    d902 = flows.set_index("unit_code").loc["902"]
    assert (d902["stayed_poor_households"], d902["escaped_households"]) == (1, 0)
    assert "903" not in set(flows["unit_code"])


def test_flows_in_2022(tiny_con):
    flows = run_query(tiny_con, "flows_of_units_below", scheme="legacy_63", parent_code="901", year=2022, standard=STD)
    a = flows.set_index("unit_code").loc["90101"]
    # 2021 poor 1, 2, 6 -> 2022 poor 1, 3
    assert (a["previous_poor_households"], a["stayed_poor_households"], a["escaped_households"]) == (3, 1, 2)
    assert (a["newly_poor_households"], a["fell_back_households"]) == (1, 0)


def test_no_flows_in_the_first_year_of_a_standard(tiny_con):
    flows = run_query(tiny_con, "flows_of_units_below", scheme="legacy_63", parent_code="90", year=2021, standard=STD)
    assert flows.empty


def test_target_progress_statuses(tiny_con):
    rows = run_query(
        tiny_con, "target_progress", scheme="legacy_63", unit_code="90", year=2023, standard=STD
    ).set_index("metric")
    # poverty rate 5/15 = 33.33% against "at most 31%": above, but within 10% (34.1%) -> at risk
    assert rows.loc["poverty_rate", "actual_value"] == pytest.approx(100 / 3)
    assert (rows.loc["poverty_rate", "actual_numerator"], rows.loc["poverty_rate", "actual_denominator"]) == (5, 15)
    assert rows.loc["poverty_rate", "assessment"] == "at_risk"
    assert rows.loc["poverty_rate", "actual_source"] == "household_review"
    # reduction 5/14 - 5/15 = 2.381 points against "at least 1" -> met
    assert rows.loc["poverty_rate_reduction", "actual_value"] == pytest.approx(100 * (5 / 14 - 5 / 15))
    assert rows.loc["poverty_rate_reduction", "assessment"] == "met"
    # no household measure: the reported value 85 (with its source) against "at least 90" -> at risk
    assert rows.loc["hygienic_water_rate", "actual_value"] == 85
    assert rows.loc["hygienic_water_rate", "actual_source"] == "BC 7/BC-SNN"
    assert rows.loc["hygienic_water_rate", "assessment"] == "at_risk"
    # no measure and nothing reported: no invented actual
    assert rows.loc["trained_workers_rate", "assessment"] == "no_data"
    assert pd.isna(rows.loc["trained_workers_rate", "actual_value"])
    assert rows.loc["total_households", "assessment"] == "reference"
    assert rows.loc["total_households", "actual_value"] == 15
    assert "KH 6/KH-UBND" not in set(rows["source_document"])  # the 2024 target is not in force in 2023
    assert list(rows.index)[-1] == "total_households"  # references after goals


def test_target_progress_missed(tiny_copy):
    tiny_copy.execute("update target set target_low = 25, target_high = 25 where source_document = 'KH 1/KH-UBND'")
    rows = run_query(
        tiny_copy, "target_progress", scheme="legacy_63", unit_code="90", year=2023, standard=STD
    ).set_index("metric")
    assert rows.loc["poverty_rate", "assessment"] == "missed"  # 33.33 > 27.5


def test_unit_path_from_commune_passes_through_the_region(tiny_con):
    path = run_query(tiny_con, "unit_path", scheme="legacy_63", unit_code="90102")
    assert list(path["unit_code"]) == ["VN", "TEST", "90", "901", "90102"]
    assert list(path["depth"]) == [0, 1, 2, 3, 4]


def test_a_code_is_read_in_its_scheme(tiny_con):
    """«90» is the old province under legacy_63 and the new one, with other borders, under from_2025."""
    old = run_query(tiny_con, "unit_path", scheme="legacy_63", unit_code="90")
    new = run_query(tiny_con, "unit_path", scheme="from_2025", unit_code="90")
    assert old["unit_name"].iloc[-1] == "Tỉnh Thử Nghiệm" and new["unit_name"].iloc[-1] == "Tỉnh Thử Nghiệm Mới"
    below = run_query(tiny_con, "rates_of_units_below", scheme="from_2025", parent_code="90", year=2023, standard=STD)
    assert list(below["unit_code"]) == ["99001", "99002", "99003"]  # communes, no districts


def test_review_years_and_units_with_data(tiny_con):
    years = run_query(tiny_con, "review_years", scheme="legacy_63", unit_code="90")
    assert list(years["year"]) == [2021, 2022, 2023]
    assert set(years["poverty_standard"]) == {STD}
    units = run_query(tiny_con, "units_with_data", scheme="legacy_63", parent_code="90")
    assert list(units["unit_code"]) == ["901", "902"]  # 903 has no data, so it is not offered as a filter


def test_published_figures(tiny_con):
    rows = run_query(tiny_con, "published_figures", scheme="legacy_63", unit_code="90", year=2023)
    # figures of a poverty standard first (the review results), then the plans' other figures
    assert list(rows["metric"]) == [
        "poor_households",  # the ministry-style review results of the fixture (QĐ 14), by metric
        "poverty_rate",
        "poverty_rate",  # the plan's own figure of the rate
        "hygienic_water_rate",
        "vocational_training_support_coverage",
    ]


# Where the common parameters find nothing in the fixture: the plan appendix is for 2024, and a province
# has no unit above it but the country (unit_ancestors lists levels below the country).
NEW_STANDARD = {
    "scheme": "from_2025",
    "year": 2025,
    "line_rural": 2_200_000,
    "line_urban": 2_800_000,
    "share_a": 0,
    "share_b": 0,
    "unit_codes": [],
    "unit_shares_a": [],
    "unit_shares_b": [],
}
OWN_PARAMETERS = {
    "plan_appendix": {"year": 2024},
    "unit_ancestors": {"unit_code": "90101"},
    "standard_change_by_unit": NEW_STANDARD,
    "standard_change_transitions": NEW_STANDARD,
    "standard_change_settings": {"scheme": "from_2025"},
    "planner_simulated_base": {"scheme": "from_2025", "base_year": 2025, "standard": "2026-2030"},
    "programme_frame": {"year": 2026},
}


@pytest.mark.parametrize("name", query_names())
def test_every_query_runs_and_returns_its_documented_columns(tiny_con, name):
    sql = load_sql(name)
    params = {
        "parent_code": "90",
        "unit_code": "90",
        "year": 2023,
        "standard": STD,
        "group": "poor_near_poor",
        "base_year": 2023,
        "scheme": "legacy_63",
        "province": "90",
        "commune": "90201",
        "provinces": ["90"],
    }
    from queries import parameters_of

    own = OWN_PARAMETERS.get(name, {})
    wanted = {k: v for k, v in (params | own).items() if k in parameters_of(sql)}
    assert set(wanted) == parameters_of(sql), f"{name} uses a parameter this test does not know"
    frame = run_query(tiny_con, name, **wanted)
    assert list(frame.columns) == documented_columns(sql)
    assert len(frame), f"{name} returns no rows on the fixture: its columns and grain would go unchecked"
    # The grain the header states holds: its key columns name one row each (or there is at most one row).
    grain = sql.split("-- grain:")[1].split("\n")[0]
    keys = grain_keys(sql)
    if keys:
        assert set(keys) <= set(frame.columns), f"{name}: the grain names {keys}, not columns"
        assert not frame.duplicated(keys).any(), f"{name}: rows repeat {keys}"
    else:
        assert "one row" in grain and len(frame) <= 1, name


@pytest.mark.parametrize("name", query_names())
def test_every_query_has_the_standard_header(name):
    lines = load_sql(name).splitlines()
    assert lines[0].startswith("-- ") and not lines[0].startswith("-- grain")
    header = "\n".join(lines[:12])
    for field in ("-- grain:", "-- params:", "-- returns:"):
        assert field in header, f"{name} lacks {field}"


def test_undeclared_or_missing_parameters_are_errors(tiny_con):
    with pytest.raises(QueryParameterError):
        run_query(tiny_con, "unit_path", scheme="legacy_63", unit_code="90", year=2023)
    with pytest.raises(QueryParameterError):
        run_query(tiny_con, "unit_overview", scheme="legacy_63", unit_code="90", year=2023)


def test_unknown_query_name_is_rejected(tiny_con):
    with pytest.raises(FileNotFoundError):
        run_query(tiny_con, "../data/schema")


def test_a_legacy_unit_is_carried_to_its_successor(tiny_con):
    row = run_query(tiny_con, "successor_unit", province="90", commune="90201").iloc[0]
    assert (row["province_code"], row["commune_code"]) == ("90", "99002")  # the divided commune's default
    row = run_query(tiny_con, "successor_unit", province="90", commune="").iloc[0]
    assert row["province_code"] == "90" and pd.isna(row["commune_code"])


def test_history_on_todays_units_is_the_sum_of_the_old_communes(tiny_con):
    """99001 = 90101 + 90102 (merged); 99002 takes all of the divided 90201; 99003 took land, no households."""
    rows = run_query(tiny_con, "rates_of_units_below", scheme="from_2025", parent_code="90", year=2023, standard=STD)
    by_code = rows.set_index("unit_code")
    assert by_code.loc["99001", "households"] == 11 and by_code.loc["99001", "poor_households"] == 4
    assert by_code.loc["99002", "households"] == 4 and by_code.loc["99002", "divided_commune_households"] == 4
    assert pd.isna(by_code.loc["99003", "households"])
    flows = run_query(tiny_con, "flows_of_units_below", scheme="from_2025", parent_code="90", year=2023, standard=STD)
    merged = flows.set_index("unit_code").loc["99001"]
    # the same households as district 901 of the legacy units (test_flows_of_units_below_follow_households)
    assert (merged["escaped_households"], merged["newly_poor_households"], merged["fell_back_households"]) == (3, 2, 1)


def test_movement_words_that_contradict_the_two_years_are_listed(tiny_con):
    """Id 2 and id 4 both say «Tái nghèo» in 2023; id 2 was poor in 2021 (it fell back, as it says), id 4
    never was before 2023 (newly poor, not fell back)."""
    rows = run_query(tiny_con, "movement_contradictions", scheme="legacy_63", unit_code="90", year=2023)
    assert list(rows["household_id"]) == ["4"]
    row = rows.iloc[0]
    assert (row["reported_movement"], row["household_class"], row["previous_class"], bool(row["was_poor_before"])) == (
        "fell_back",
        "poor",
        "other",
        False,
    )


def test_causes_of_poverty_sum_the_forms_below_the_unit(tiny_con):
    causes = run_query(tiny_con, "poverty_causes", scheme="legacy_63", unit_code="90", year=2023)
    by_cause = causes.set_index("cause")
    assert by_cause.loc["no_capital", ["households", "class_households", "share"]].tolist() == [2, 2, 1.0]
    assert by_cause.loc["no_land", "share"] == 0.5
    assert run_query(tiny_con, "poverty_causes", scheme="legacy_63", unit_code="901", year=2023).empty


def test_a_form_beside_the_household_list_it_describes_shows_the_difference(tiny_con):
    rows = run_query(tiny_con, "report_vs_households", scheme="legacy_63", unit_code="90")
    assert len(rows) == 1
    row = rows.iloc[0]
    assert (row.unit_code, row.year, row.form_households, row.households) == ("90101", 2023, 7, 6)
    assert (row.households_difference, row.poor_difference, row.near_poor_difference) == (-1, 0, -1)
