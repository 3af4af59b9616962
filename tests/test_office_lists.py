"""Household lists as offices send them (tests/office_lists.py): a commune's list by person in three sheets,
completed by the commune's form 7.1; a district's export with machine keys above the labels, with and
without a commune column. Every expected number is worked out from the households written there."""

from __future__ import annotations

import office_lists as ol
import report_forms as rf
from review_files import LEGACY_COMMUNES

from data import load
from queries import run_query


def first_communes(con, count: int = 2):
    units = con.execute(LEGACY_COMMUNES, {"province": "33"}).df()
    names = dict(con.execute("select code, name from admin_unit where scheme = 'legacy_63'").fetchall())
    rows = units.head(count)
    return [(r.commune_code, r.district_code, names[r.commune_code], names[r.district_code]) for r in rows.itertuples()]


def commune_form(district_name: str, commune_name: str, households: int) -> bytes:
    """A 7.1 of Hưng Yên for 2024: one district holding one listed commune (so that the units add up)."""
    row = (households, 4 * households, 2, 5, 1, 2)
    book = rf.form_7_1(2024, districts=[(district_name, *row)], communes=[(commune_name, *row)])
    book.active["A1"] = "UBND TỈNH HƯNG YÊN"
    return rf.workbook_bytes(book)


def codes(result) -> list[str]:
    return [p.code for p in result.problems]


def test_a_list_by_person_is_read_as_households_and_completed_by_the_commune_form(con):
    (commune, district, commune_name, district_name), *_ = first_communes(con, 1)
    workbook = ol.person_list(2024, "33", district, commune)

    refused = load.load_households(con, workbook, "ds.xlsx", 2024)
    assert refused.status == "rejected"
    assert [p.code for p in refused.errors] == ["list_without_denominator"]
    message = refused.errors[0].message("vi")
    assert commune in message and "7.1" in message  # what the file lacks, and what makes it loadable

    form = load.load_summary_reports(con, commune_form(district_name, commune_name, 100), "bieu71.xlsx", 2024)
    assert form.status == "loaded", [p.message("en") for p in form.errors]
    loaded = load.load_households(con, workbook, "ds.xlsx", 2024)
    assert loaded.status == "loaded", [p.message("en") for p in loaded.errors]
    said = codes(loaded)
    for code in ("read_as_persons", "person_ids_from_id_number", "list_completed_by_form"):
        assert code in said
    assert said.count("leaving_sheet_escaped") == 1 and said.count("leaving_sheet_escaped_near") == 1
    persons = next(p for p in loaded.problems if p.code == "read_as_persons")
    # 12 rows on 3 sheets, 6 heads; Bình is on two sheets: one household, said with the escaped sheet
    assert (persons.details["persons"], persons.details["households"]) == (7 + 4 + 1, 6)
    escaped = next(p for p in loaded.problems if p.code == "leaving_sheet_escaped")
    assert escaped.details["merged"] == 1

    # five households, never ten people: An 4, Bình 2 (on two sheets, one household), Cường 1, Dũng 2, Em 1
    stored = con.sql(
        "select household_class, reported_movement, members, household_id, source_household_id"
        " from household_with_detail where year = 2024 order by members desc, household_class"
    ).df()
    assert stored["members"].tolist() == [4, 2, 2, 1, 1]
    assert sorted(stored["household_class"]) == ["near_poor", "other", "other", "poor", "poor"]
    movements = dict(zip(stored["source_household_id"].str[:5], stored["reported_movement"], strict=False))
    assert set(stored["reported_movement"].dropna()) == {"poor_to_near_poor", "escaped", "escaped_near_poor"}
    assert set(movements) == {"CCCD-"}
    # the ID number itself is nowhere: ids are a digest of it, the same next year
    assert not stored.astype(str).apply(lambda column: column.str.contains("033080")).any().any()

    # the commune counts 100 households (the form), 2 poor and 1 near-poor (the list): 95 from the form
    row = con.sql(
        "select households, poor_households, near_poor_households, summary_report_households from unit_year_summary"
        f" where scheme = 'legacy_63' and unit_code = '{commune}' and year = 2024"
    ).fetchall()[0]
    assert row == (100, 2, 1, 95)
    overview = run_query(
        con, "unit_overview", scheme="legacy_63", unit_code=commune, year=2024, standard="2022-2025"
    ).iloc[0]
    assert overview["poverty_rate"] == 0.02

    # undoing the form leaves a list that no longer has its total: the commune counts what was listed
    load.undo_load(con, form.load_id)
    assert con.sql(
        f"select households, summary_report_households from unit_year_summary where unit_code = '{commune}'"
        " and year = 2024 and scheme = 'legacy_63'"
    ).fetchall()[0] == (5, 0)


def test_a_district_export_without_a_commune_column_is_refused_saying_what_would_load_it(con):
    refused = load.load_households(con, ol.district_export(None), "huyen.xlsx", 2024)
    assert refused.status == "rejected"
    assert [p.code for p in refused.errors] == ["commune_column_missing"]
    message = refused.errors[0].message("vi")
    assert "Mã xã" in message and "7.1" in message
    assert con.sql("select count(*) from household_review").fetchall()[0] == (0,)


def test_a_district_export_with_a_commune_column_loads_keys_over_labels(con):
    (first, *_), (second, *_) = first_communes(con, 2)
    result = load.load_households(con, ol.district_export([first, second]), "huyen.xlsx", 2024)
    assert result.status == "loaded", [p.message("en") for p in result.errors]
    said = codes(result)
    assert said.count("row_repeated") == 1  # the first household's row twice: one household
    assert "ids_by_commune" in said  # codes 1, 2, 3 in both communes: named with their commune
    mismatch = [p for p in result.problems if p.code == "score_class_mismatch"]
    assert len(mismatch) == 1 and mismatch[0].details["expected"] == "near_poor"  # «Hộ nghèo» with B2 = 20
    stored = con.sql(
        "select commune_code, household_class, count(*), sum(members) from household_review group by all"
    ).fetchall()
    assert sorted(stored) == sorted(
        [
            (first, "poor", 2, 7),
            (first, "other", 2, 7),
            (second, "poor", 1, 6),
            (second, "near_poor", 1, 2),
            (second, "other", 1, 4),
        ]
    )
    ids = {row[0] for row in con.sql("select source_household_id from household_with_detail").fetchall()}
    assert f"{first}-1" in ids and f"{second}-1" in ids


def test_the_command_line_loads_summary_forms(empty_database, tmp_path):
    import shutil

    from conftest import run_load_cli

    from data.database import connect

    database = tmp_path / "gnbv.duckdb"
    shutil.copy(empty_database, database)
    source = tmp_path / "bieu71.xlsx"
    source.write_bytes(rf.workbook_bytes(rf.form_7_1(2024)))
    done = run_load_cli([str(source), "--year", "2024", "--forms", "--database", str(database)], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    con = connect(str(database), read_only=True)
    households = sum(row[1] for row in rf.DISTRICTS_2024)
    assert con.sql(
        "select households from unit_year_summary where unit_code = '12' and year = 2024 and scheme = 'legacy_63'"
    ).fetchall() == [(households,)]
    con.close()
