"""The summary report forms (TT 07/2021 Phụ lục VII) as a second source of figures: read as printed, every
identity checked by row, stored with their provenance, and shown by every page for a province that sent
only forms (Lai Châu: the seed holds none of its households). Expectations worked by hand from the
figures of tests/report_forms.py."""

from __future__ import annotations

import shutil

import pytest
import report_forms as rf
from test_loading import assert_summed_as_a_whole

from data import load
from data.database import connect
from data.load import forms
from data.reference import facts
from queries import run_query

LAI_CHAU = "12"
CITY = "105"  # Thành phố Lai Châu
TAM_DUONG = "106"


@pytest.fixture(scope="module")
def forms_database(demo_path, tmp_path_factory):
    """The seed with Lai Châu's forms for 2023 (7.1 with the city's communes) and 2024 (7.1, 7.2, 7.3, 7.4,
    7.9, 7.10), loaded as a province office would."""
    path = tmp_path_factory.mktemp("forms") / "gnbv.duckdb"
    shutil.copy(demo_path, path)
    con = connect(str(path))
    first = load.load_summary_reports(
        con, rf.workbook_bytes(rf.form_7_1(2023, communes=rf.CITY_COMMUNES_2023)), "lai_chau_2023.xlsx", 2023
    )
    second = load.load_summary_reports(
        con,
        rf.workbook_bytes(
            rf.form_7_1(2024), rf.form_7_2(), rf.form_7_3(), rf.form_7_4(), rf.form_7_9(), rf.form_7_10()
        ),
        "lai_chau_2024.xlsx",
        2024,
    )
    con.close()
    assert first.status == second.status == "loaded", [p.message("en") for p in first.errors + second.errors]
    return path


@pytest.fixture()
def forms_con(forms_database):
    con = connect(str(forms_database), read_only=True)
    yield con
    con.close()


def indicators():
    catalogue = facts.indicators()
    return catalogue[catalogue["standard"] == "2022-2025"].sort_values("sort_order").reset_index(drop=True)


def read(*books):
    return forms.read_forms([("forms.xlsx", rf.workbook_bytes(*books))], indicators())


def summary(con, unit_code, year, scheme="legacy_63"):
    return run_query(con, "unit_overview", scheme=scheme, unit_code=unit_code, year=year, standard="2022-2025").iloc[0]


# --- reading as printed --------------------------------------------------------------------------------------


def test_7_1_columns_are_matched_by_meaning_under_merged_group_titles():
    (sheet,) = read(rf.form_7_1(2023)).sheets
    assert sheet.form == "7.1"
    measures = [column.measure for column in sheet.columns]
    assert measures == [
        "households",
        "persons",
        "poor_households",
        "poor_households_rate",
        "poor_persons",
        "poor_persons_rate",
        "near_poor_households",
        "near_poor_households_rate",
        "near_poor_persons",
        "near_poor_persons_rate",
    ]
    # the column-number row's formulas are the form's own identities
    assert [expression for _, expression, _ in sheet.formulas] == ["3/1*100", "5/2*100", "7/1*100", "9/2*100"]
    assert [row.kind for row in sheet.rows] == ["unit"] * 8 + ["total"]
    assert sheet.rows[-1].values[("poor_households", None, None)] == 20520  # 120 + 2100 + … + 1800


def test_7_2_reads_two_rows_per_unit_and_the_end_formula():
    (sheet,) = read(rf.form_7_2()).sheets
    assert sheet.form == "7.2"
    assert {c.measure for c in sheet.columns} == {
        "start",
        "escaped_to_near_poor",
        "escaped_above",
        "other_decrease",
        "from_near_poor",
        "fell_back",
        "newly",
        "other_increase",
        "end",
    }
    assert [row.counted for row in sheet.rows[:2]] == ["households", "persons"]
    assert sheet.rows[1].name == "Thành phố Lai Châu"  # the «Nhân khẩu» row belongs to the unit above
    assert [expression for _, expression, _ in sheet.formulas] == ["1-2-3-4+5+6+7+8"]


def test_7_4_numbered_columns_take_their_indicator_from_the_legend():
    (sheet,) = read(rf.form_7_4()).sheets
    deprived = [column.item for column in sheet.columns if column.measure == "deprived"]
    assert deprived == list(indicators()["code"])
    assert sheet.column("class_households") is not None


def test_one_sheet_per_form_and_every_other_sheet_said_skipped():
    reading = read(rf.form_7_9(), rf.form_7_10())
    assert [sheet.form for sheet in reading.sheets] == ["7.9", "7.10"]
    ethnic = reading.sheets[0]
    assert {c.item for c in ethnic.columns if c.measure == "group"} >= {"kinh", "thai", "mong", "dao"}
    causes = reading.sheets[1]
    assert [row.household_class for row in causes.rows[:2]] == ["poor", "near_poor"]
    assert {c.measure for c in causes.columns} == {
        "households",
        "no_land",
        "no_capital",
        "no_labour",
        "no_skills",
        "illness",
        "other",
    }


# --- every identity, by row -----------------------------------------------------------------------------------


def test_a_rate_that_is_not_its_counts_quotient_is_refused_naming_the_row(demo_copy):
    con = connect(str(demo_copy))
    result = load.load_summary_reports(con, rf.workbook_bytes(rf.form_7_1(2024, broken_rate=True)), "x.xlsx", 2024)
    con.close()
    assert result.status == "rejected"
    (problem,) = [p for p in result.errors if p.code == "report_identity"]
    assert problem.file_row == 16  # the «Tổng cộng» row: title 4 rows, header 2, numbers 1, 8 districts
    assert problem.value == "9.99" and problem.details["expected"] == "16.64"  # 17.950 / 107.850
    assert "4=3/1*100" in problem.details["rule"]


def test_an_end_of_year_that_is_not_start_minus_decreases_plus_increases_is_refused(demo_copy):
    con = connect(str(demo_copy))
    result = load.load_summary_reports(con, rf.workbook_bytes(rf.form_7_2(broken_end=True)), "x.xlsx", 2024)
    con.close()
    rows = sorted({p.file_row for p in result.errors if p.code == "report_identity"})
    # Tam Đường's «Hộ» row (2100-250-120-30+40+20+40 = 1800, written 1807) and the total's «Hộ» row
    assert rows == [10, 24]


def test_units_that_do_not_add_up_to_their_district_are_refused(demo_copy):
    communes = list(rf.CITY_COMMUNES_2023)
    communes[0] = ("Phường Quyết Thắng", 2500, 9000, 11, 40, 30, 100)  # 121 poor in the communes, 120 above
    con = connect(str(demo_copy))
    result = load.load_summary_reports(con, rf.workbook_bytes(rf.form_7_1(2023, communes=communes)), "x.xlsx", 2023)
    con.close()
    sums = [p for p in result.errors if p.code == "report_identity" and p.details["rule"] == "units_add_up"]
    assert {p.file_row for p in sums} == {8}  # the city's row
    assert any(p.value == "120" and p.details["expected"] == "121" for p in sums)


def test_a_unit_not_in_the_province_and_a_year_that_differs_are_refused(demo_copy):
    districts = list(rf.DISTRICTS_2024)
    districts[3] = ("Huyện Sìn Hòa", *districts[3][1:])  # not a district of Lai Châu
    con = connect(str(demo_copy))
    misspelt = load.load_summary_reports(con, rf.workbook_bytes(rf.form_7_1(2024, districts=districts)), "x.xlsx", 2024)
    other_year = load.load_summary_reports(con, rf.workbook_bytes(rf.form_7_1(2023)), "y.xlsx", 2024)
    outside = load.load_summary_reports(
        con, rf.workbook_bytes(rf.form_7_1(2024)), "z.xlsx", 2024, allowed_provinces=["33"]
    )
    con.close()
    assert [(p.code, p.value) for p in misspelt.errors] == [("report_unit_unknown", "Huyện Sìn Hòa")]
    assert [p.code for p in other_year.errors] == ["report_year_differs"]
    assert outside.status == "rejected" and "report_province_unknown" in {p.code for p in outside.errors}


# --- stored, and counted where no household list is --------------------------------------------------------


def test_the_province_overview_counts_the_forms(forms_con):
    row = summary(forms_con, LAI_CHAU, 2024)
    assert (row["households"], row["poor_households"], row["near_poor_households"]) == (107850, 17950, 9770)
    assert row["poverty_rate"] == pytest.approx(17950 / 107850)
    city_2023 = summary(forms_con, CITY, 2023)
    assert city_2023["households"] == 12000 and city_2023["poor_households"] == 120
    communes = run_query(
        forms_con, "rates_of_units_below", scheme="legacy_63", parent_code=CITY, year=2023, standard="2022-2025"
    )
    assert len(communes[communes["households"].notna()]) == 7  # the city's communes, on its map
    districts = run_query(
        forms_con, "rates_of_units_below", scheme="legacy_63", parent_code=LAI_CHAU, year=2024, standard="2022-2025"
    )
    assert districts.set_index("unit_code").loc[TAM_DUONG, "poor_households"] == 1800


def test_flows_come_from_7_2(forms_con):
    flows = run_query(forms_con, "flows_over_years", scheme="legacy_63", unit_code=LAI_CHAU)
    year = flows.set_index("year").loc[2024]
    assert year["escaped_households"] == 2955  # both kinds of thoát nghèo, over the districts
    assert year["newly_poor_households"] == 508  # phát sinh mới + near-poor households that became poor
    assert year["fell_back_households"] == 122
    assert year["previous_poor_households"] == 20520 - 245  # the start less deaths and moves (giảm khác)


def test_deprivations_ethnicity_and_causes_come_from_their_forms(forms_con):
    shares = run_query(
        forms_con,
        "deprivation_shares",
        scheme="legacy_63",
        unit_code=LAI_CHAU,
        year=2024,
        standard="2022-2025",
        group="poor",
    ).set_index("indicator_code")
    assert shares.loc["employment", "deprived_share"] == pytest.approx(8930 / 17950)
    ((minority,),) = forms_con.execute(
        "select ethnic_minority_poor_households from unit_year_summary"
        " where scheme = 'legacy_63' and unit_code = ? and year = 2024",
        [LAI_CHAU],
    ).fetchall()
    assert minority == 16155  # the poor less Kinh (a tenth, rounded down)
    causes = run_query(forms_con, "poverty_causes", scheme="legacy_63", unit_code=LAI_CHAU, year=2024)
    land = causes[(causes["household_class"] == "poor") & (causes["cause"] == "no_land")].iloc[0]
    assert land["households"] == 7180 and land["share"] == pytest.approx(7180 / 17950)


def test_today_s_province_carries_the_forms_history(forms_con):
    row = summary(forms_con, LAI_CHAU, 2024, scheme="from_2025")
    assert row["households"] == 107850 and row["poor_households"] == 17950


def test_a_form_replaces_the_same_form_only_and_undo_puts_it_back(forms_database, tmp_path):
    path = tmp_path / "gnbv.duckdb"
    shutil.copy(forms_database, path)
    con = connect(str(path))
    districts = list(rf.DISTRICTS_2024)
    districts[7] = ("Huyện Nậm Nhùn", 6050, 27200, 1500, 6800, 650, 2900)
    fixed = load.load_summary_reports(con, rf.workbook_bytes(rf.form_7_1(2024, districts=districts)), "f.xlsx", 2024)
    assert fixed.status == "loaded" and fixed.replaced_row_count > 0
    assert summary(con, LAI_CHAU, 2024)["poor_households"] == 17900
    flows = run_query(con, "flows_over_years", scheme="legacy_63", unit_code=LAI_CHAU)
    assert flows.set_index("year").loc[2024, "escaped_households"] == 2955  # 7.2 untouched
    assert_summed_as_a_whole(con)
    assert load.undo_load(con, fixed.load_id).status == "undone"
    assert summary(con, LAI_CHAU, 2024)["poor_households"] == 17950
    assert_summed_as_a_whole(con)
    con.close()


def test_household_lists_take_precedence_and_the_data_page_shows_both(demo_copy):
    """Yên Bái 2023 has households in the seed: a 7.1 for it is stored and compared, not counted."""
    con = connect(str(demo_copy))
    before = summary(con, "15", 2023)
    districts = run_query(
        con, "rates_of_units_below", scheme="legacy_63", parent_code="15", year=2023, standard="2022-2025"
    )
    districts = districts[districts["households"].notna()]
    rows = [
        (r.unit_name, int(r.households), 4 * int(r.households), int(r.poor_households) + 1, 0, 0, 0)
        for r in districts.itertuples()
    ]
    book = rf.form_7_1(2023, districts=rows)
    book.active["A1"] = "UBND TỈNH YÊN BÁI"
    result = load.load_summary_reports(con, rf.workbook_bytes(book), "yb.xlsx", 2023)
    assert result.status == "loaded", [p.message("en") for p in result.errors]
    after = summary(con, "15", 2023)
    assert after["poor_households"] == before["poor_households"]  # the lists count
    both = run_query(con, "report_vs_households", scheme="legacy_63", unit_code="15")
    province = both[both["unit_code"] == "15"].iloc[0]
    assert province["form_poor"] - province["poor"] == len(rows)  # one more poor household per district
    con.close()


# --- every page, for a province that sent only forms ----------------------------------------------------------

FROM_FORMS = "Số liệu lấy từ báo cáo tổng hợp"


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        (None, "107.850"),  # the overview's households
        ("pages/trends.py", "2.955"),  # escaped in 2024, from 7.2
        ("pages/dimensions.py", "Nguyên nhân nghèo"),  # the causes of 7.10
    ],
)
def test_every_page_shows_a_province_of_forms_and_says_where_its_figures_come_from(app_on, forms_database, page, shown):
    at = app_on(forms_database, page, province=LAI_CHAU, year="2024", group="poor")
    assert not at.exception, [e.value for e in at.exception]
    captions = " ".join(c.value for c in at.caption)
    assert FROM_FORMS in captions and "7.1, 7.2, 7.3, 7.4, 7.9, 7.10" in captions
    texts = " ".join(
        [m.value for m in at.metric]
        + [h.value for h in at.subheader]
        + [str(frame.value.to_string()) for frame in at.dataframe]
        + [t.value for t in at.markdown]
    )
    assert shown in texts


def test_the_meeting_pack_of_a_province_of_forms_says_so(forms_con):
    from data import geo
    from gnbv.report import meeting_pack
    from gnbv.selection import Selection

    def query(name: str, **params: object):
        return run_query(forms_con, name, **params)

    selection = Selection(LAI_CHAU, "province", 2024, "2022-2025", "vi", "legacy_63")
    pack = meeting_pack.collect(query, geo.load_index(), selection, "Tỉnh Lai Châu")
    assert any(FROM_FORMS in fact for fact in pack.facts)
    overview = pack.slides[0]
    assert any("107.850" in line for line in overview.lines)
