"""The national demo: every published figure met through the pages' own query, or listed with its reason;
every page renders for the country, a north-west province, a delta province and a commune, in both
unit schemes.

Builds the national database when it is missing (about four minutes); `make run` serves the same file.
"""

from __future__ import annotations

import pandas as pd
import pytest

from data.database import connect
from data.reference.files import read_reference
from queries import run_query

pytestmark = pytest.mark.national
PAGES = [
    None,
    "pages/dimensions.py",
    "pages/funding.py",
    "pages/trends.py",
    "pages/new_standard.py",
    "pages/planner.py",
    "pages/data.py",
]


@pytest.fixture(scope="module")
def national_con(national_path):
    con = connect(str(national_path), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def checked(national_con) -> pd.DataFrame:
    return run_query(national_con, "published_figure_check")


def test_every_published_figure_is_met_or_listed_with_its_reason(checked):
    listed = read_reference("unmet_figures.csv")
    assert listed["reason_vi"].str.len().gt(20).all() and listed["reason_en"].str.len().gt(20).all()
    unmet = set(checked.loc[~checked["is_met"], "figure_id"])
    # Both ways: a figure newly missed fails, and so does a listed figure that is now met.
    assert unmet == set(listed["figure_id"]), (
        sorted(unmet - set(listed["figure_id"])),
        sorted(set(listed["figure_id"]) - unmet),
    )


def test_met_figures_read_the_same_through_the_overview_query(national_con, checked):
    met = checked[checked["is_met"] & checked["level"].isin(["country", "region", "province"])]
    assert len(met) > 150
    for row in met.itertuples():
        overview = run_query(
            national_con,
            "unit_overview",
            scheme=row.scheme,
            unit_code=row.unit_code,
            year=int(row.year),
            standard=row.poverty_standard,
        )
        shown = overview.iloc[0]
        value = {
            "total_households": shown["households"],
            "poor_households": shown["poor_households"],
            "near_poor_households": shown["near_poor_households"],
            "poor_near_poor_households": shown["poor_households"] + shown["near_poor_households"],
            "poverty_rate": 100 * shown["poverty_rate"],
            "near_poor_rate": 100 * shown["near_poor_rate"],
            "poor_near_poor_rate": 100
            * (shown["poor_households"] + shown["near_poor_households"])
            / shown["households"],
        }[row.metric]
        if row.value_unit == "pct":
            assert round(value, int(row.decimals)) == pytest.approx(row.published_value), row.figure_id
        else:
            assert value == row.published_value, row.figure_id


def test_the_country_has_every_province_and_region_in_both_schemes(national_con):
    legacy = run_query(
        national_con, "rates_of_units_below", scheme="legacy_63", parent_code="VN", year=2024, standard="2022-2025"
    )
    assert legacy["households"].notna().sum() == 63
    today = run_query(
        national_con, "rates_of_units_below", scheme="from_2025", parent_code="VN", year=2025, standard="2022-2025"
    )
    assert today["households"].notna().sum() == 34
    regions = run_query(national_con, "region_rates", year=2024, standard="2022-2025")
    assert len(regions) == 6
    north_west = regions.set_index("unit_code").loc["TDMNPB", "poverty_rate"]
    assert north_west > 4 * regions.set_index("unit_code").loc["DNB", "poverty_rate"]


def test_new_phu_tho_2025_is_the_published_result(national_con):
    row = run_query(
        national_con, "unit_overview", scheme="from_2025", unit_code="25", year=2025, standard="2022-2025"
    ).iloc[0]
    assert (row["households"], row["poor_households"], row["near_poor_households"]) == (1_005_262, 26_941, 31_615)


def test_history_on_todays_units_adds_up_to_the_old_units(national_con):
    """2021-2024 carried onto the 34 provinces through the crosswalk: nothing lost or counted twice."""
    sums = national_con.sql(
        """
        select scheme, year, sum(households) as households, sum(poor_households) as poor
        from unit_year_summary
        where level = 'province' and poverty_standard = '2022-2025' and year between 2021 and 2024
        group by all order by all
        """
    ).df()
    legacy = sums[sums["scheme"] == "legacy_63"].set_index("year")
    today = sums[sums["scheme"] == "from_2025"].set_index("year")
    pd.testing.assert_frame_equal(legacy[["households", "poor"]], today[["households", "poor"]])


@pytest.mark.parametrize(
    ("params", "title"),
    [
        ({"year": "2024"}, "Toàn quốc"),
        ({"province": "11", "year": "2024"}, "Điện Biên"),  # the north-west
        ({"province": "34", "year": "2024"}, "Thái Bình"),  # the Red River delta
        ({"province": "15", "year": "2025"}, "Lào Cai"),  # today's Lào Cai: Lào Cai and Yên Bái
        ({"province": "38", "commune": "15976", "year": "2024"}, "Hoằng Lưu"),
    ],
)
def test_every_page_renders_on_the_national_demo(app_on, national_path, params, title):
    for page in PAGES:
        at = app_on(national_path, page, **params)
        assert not at.exception, (page, [e.value for e in at.exception])
        headings = " ".join(h.value for h in at.title) + " ".join(m.value for m in at.markdown)
        assert title in headings or page in ("pages/data.py", "pages/planner.py"), page


def test_the_new_standard_s_national_lines_give_the_ministry_s_projection(national_con):
    """The ministry projected about 3.297.000 poor and near-poor households (11,7 %) under the 2026-2030
    lines (../shared/reference/STANDARD_2026_2030.md): every household under the new income line, whatever
    the assumed deprivations, so the projection holds at any share."""
    from gnbv.selection import Selection
    from gnbv.views.new_standard import new_standard

    def query(name: str, **params: object):
        return run_query(national_con, name, **params)

    country = Selection("VN", "country", 2025, "2022-2025", "vi", "from_2025")
    for raw in ({}, {"share_a": 50, "share_b": 50}):
        row = new_standard(query, country, raw).selected
        assert abs(row["new_poor_near_poor_households"] - 3_297_000) < 0.01 * 3_297_000
        assert round(100 * row["new_poor_near_poor_rate"], 1) in (11.7, 11.8)
        assert row["new_poor_near_poor_rate"] > 4 * row["poor_near_poor_rate"]
