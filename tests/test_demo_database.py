"""The embedded demo database reproduces every published figure, through the pages' own queries.

Published figures are read from data/reference/*.csv, so a figure added there is checked here too.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest

from data.demo.calibrate import normalise_name
from data.reference.files import read_reference
from queries import run_query

STD = "2022-2025"


def rounded_pct(numerator: int, denominator: int, places: str = "0.01") -> Decimal:
    return (Decimal(int(numerator)) * 100 / Decimal(int(denominator))).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def unit_code_of(con, name: str, parent_code: str) -> str:
    units = run_query(con, "rates_of_units_below", scheme="legacy_63", parent_code=parent_code, year=2023, standard=STD)
    match = units[units["unit_name"].map(normalise_name) == normalise_name(name)]
    assert len(match) == 1, name
    return match["unit_code"].iloc[0]


def overview(con, code: str, year: int, standard: str = STD) -> pd.Series:
    rows = run_query(con, "unit_overview", scheme="legacy_63", unit_code=code, year=year, standard=standard)
    assert len(rows) == 1, (code, year)
    return rows.iloc[0]


def test_hung_yen_planning_base_per_district(demo_con):
    plan = read_reference("seed_targets.csv")
    bases = plan[(plan["province_code"] == "33") & (plan["metric"] == "total_households")]
    rates = run_query(demo_con, "rates_of_units_below", scheme="legacy_63", parent_code="33", year=2024, standard=STD)
    households = dict(zip(rates["unit_code"], rates["households"], strict=True))
    for row in bases.itertuples():
        code = row.district_code or row.province_code
        actual = households[code] if row.level == "district" else overview(demo_con, "33", 2024)["households"]
        assert actual == int(row.target_low), row.unit_name
    assert sum(households.values()) == 407_668


@pytest.mark.parametrize(
    ("province", "year", "poor", "rate"),
    [("Hưng Yên", 2024, 1794, "0.44"), ("Hưng Yên", 2021, 10368, "2.55"), ("Yên Bái", 2023, 20222, "9.16")],
)
def test_published_province_counts_and_rates(demo_con, province, year, poor, rate):
    code = unit_code_of(demo_con, province, "VN")
    row = overview(demo_con, code, year)
    assert row["poor_households"] == poor
    assert rounded_pct(row["poor_households"], row["households"]) == Decimal(rate)


def test_every_published_provincial_figure_of_the_demo_provinces(demo_con):
    published = read_reference("provincial_poverty.csv")
    checked = 0
    for row in published.itertuples():
        codes = run_query(demo_con, "units_with_data", scheme="legacy_63", parent_code="VN")
        match = codes[codes["short_name"].map(normalise_name) == normalise_name(row.province)]
        standard = "2016-2020" if "2016-2020" in row.poverty_standard else STD
        if match.empty:
            continue
        years = run_query(demo_con, "review_years", scheme="legacy_63", unit_code=match["unit_code"].iloc[0])
        if not ((years["year"] == int(row.year)) & (years["poverty_standard"] == standard)).any():
            continue  # a year before the demo panel starts
        data = overview(demo_con, match["unit_code"].iloc[0], int(row.year), standard)
        if row.poor_households:
            assert data["poor_households"] == int(row.poor_households)
        if row.poor_rate_pct:
            assert rounded_pct(data["poor_households"], data["households"]) == Decimal(row.poor_rate_pct).quantize(
                Decimal("0.01")
            ), (row.province, row.year)
        if row.near_poor_households:
            assert data["near_poor_households"] == int(row.near_poor_households)
        if row.near_poor_rate_pct:
            assert rounded_pct(data["near_poor_households"], data["households"]) == Decimal(row.near_poor_rate_pct)
        checked += 1
    assert checked == 5  # Hưng Yên 2021 and 2024, Thái Bình 2019, Hòa Bình 2023, Yên Bái 2023


def test_hoa_binh_end_2023_and_thai_binh_2019(demo_con):
    hoa_binh = overview(demo_con, "17", 2023)
    assert rounded_pct(hoa_binh["poor_households"], hoa_binh["households"]) == Decimal("9.20")
    thai_binh = overview(demo_con, "34", 2019, "2016-2020")
    assert rounded_pct(thai_binh["poor_households"], thai_binh["households"]) == Decimal("2.66")


def test_yen_bai_districts_2023(demo_con):
    snippets = read_reference("district_poverty_snippets.csv")
    snippets = snippets[snippets["province"] == "Yên Bái"]
    rates = run_query(demo_con, "rates_of_units_below", scheme="legacy_63", parent_code="15", year=2023, standard=STD)
    by_name = {normalise_name(n): r for n, r in zip(rates["unit_name"], rates.itertuples(), strict=True)}
    assert len(snippets) == 9
    for row in snippets.itertuples():
        district = by_name[normalise_name(row.district)]
        assert district.poor_households == int(row.poor_households), row.district
        assert district.near_poor_households == int(row.near_poor_households), row.district
        assert rounded_pct(district.poor_households, district.households) == Decimal(row.poor_rate_pct).quantize(
            Decimal("0.01")
        ), row.district
        assert rounded_pct(district.near_poor_households, district.households) == Decimal(
            row.near_poor_rate_pct
        ).quantize(Decimal("0.01")), row.district
    province = overview(demo_con, "15", 2023)
    assert province["near_poor_households"] == 8658
    assert rounded_pct(province["near_poor_households"], province["households"]) == Decimal("3.92")


@pytest.mark.parametrize(("year", "rate"), [(2022, "2.99"), (2023, "1.38")])
def test_hoang_luu_commune(demo_con, year, rate):
    commune = overview(demo_con, "15976", year)
    assert rounded_pct(commune["poor_households"], commune["households"]) == Decimal(rate)
    path = run_query(demo_con, "unit_path", scheme="legacy_63", unit_code="15976")
    assert list(path["short_name"]) == [
        "Việt Nam",
        "Bắc Trung Bộ và duyên hải miền Trung",
        "Thanh Hóa",
        "Hoằng Hóa",
        "Hoằng Lưu",
    ]


def test_every_commune_of_the_five_provinces_has_households(demo_con):
    missing = demo_con.sql(
        """
        select admin_unit.code
        from admin_unit
        inner join admin_unit as district on admin_unit.parent_code = district.code and district.scheme = 'legacy_63'
        where admin_unit.scheme = 'legacy_63' and admin_unit.level = 'commune'
            and district.parent_code in ('15', '17', '33', '34', '38')
            and admin_unit.code not in (select unit_code from unit_year_summary where level = 'commune')
        """
    ).fetchall()
    assert missing == []


def test_admin_units_and_crosswalk(demo_con):
    counts = dict(demo_con.sql("select scheme || ':' || level, count(*) from admin_unit group by all").fetchall())
    assert counts["legacy_63:province"] == 63
    assert counts["legacy_63:district"] == 696
    assert counts["legacy_63:commune"] == 10_035  # 10,040 list rows less 5 island districts without communes
    assert counts["from_2025:province"] == 34
    assert counts["from_2025:commune"] == 3_321
    unmapped = demo_con.execute("select count(*) from unit_crosswalk where new_commune_code is null").fetchall()[0][0]
    assert unmapped == 0


def test_indicator_lists(demo_con):
    counts = dict(demo_con.sql("select standard, count(*) from indicator group by all").fetchall())
    # 2026-2030: the decree's summary (information means dropped, digital services and waste added)
    assert counts == {"2022-2025": 12, "2016-2020": 10, "2026-2030": 13}
    dimensions = dict(demo_con.sql("select standard, count(distinct dimension) from indicator group by all").fetchall())
    assert dimensions == {"2022-2025": 6, "2016-2020": 5, "2026-2030": 6}
    unverified = demo_con.sql("select standard, bool_and(not is_verified) from indicator group by all").fetchall()
    assert dict(unverified) == {"2022-2025": False, "2016-2020": False, "2026-2030": True}


def test_reference_tables_load_unchanged(demo_con):
    targets = dict(demo_con.execute("select scheme, count(*) from target group by all").fetchall())
    seed_reported = demo_con.execute("select count(*) from reported_value where figure_id is null").fetchall()[0][0]
    # The seed plans are of the old units; the 2026-2030 programme's national targets of today's.
    assert targets == {
        "legacy_63": len(read_reference("seed_targets.csv")),
        "from_2025": len(read_reference("programme_2026_2030.csv")),
    }
    assert seed_reported == len(read_reference("seed_reported.csv"))
    total = demo_con.execute(
        "select allocated, source_document from funding where unit_code = '17' and funding_source = 'total'"
    ).fetchall()[0]
    assert total[0] == 671_041 and "86/KH-UBND" in total[1]


def test_reference_reads_are_the_caller_s_own_copies():
    """The reference files and the package's unit list are read once a process: a caller that changes
    what it got changes nothing for the next one."""
    from data.reference.units import legacy_units

    regions = read_reference("regions.csv")
    name = regions.loc[0, "name_vi"]
    regions.loc[0, "name_vi"] = "đổi"
    assert read_reference("regions.csv").loc[0, "name_vi"] == name
    units = legacy_units()
    first = units.loc[units.index[1], "name"]
    units.loc[units.index[1], "name"] = "đổi"
    assert legacy_units().loc[units.index[1], "name"] == first != "đổi"
