"""Loading review and funding files: real export shapes load; a catalogue of bad inputs is refused row by
row with nothing changed; loads are idempotent, replace only the communes they cover, and survive a kill.
(tests/test_loading_real_exports.py: vocabulary, optional columns, continuity, preview, undo, the queue.)"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import unicodedata
from pathlib import Path

import duckdb
import pytest
from conftest import run_load_cli, table_fingerprint
from openpyxl import load_workbook
from review_files import deprivation_bits, export_rows, review_file, review_households

from data import rollup
from data.database import connect
from data.load import load_funding, load_households, undo_load
from data.load.problems import report_workbook

ROOT = Path(__file__).resolve().parent.parent
FIRST_ROW = 4  # two title rows and the header above the first household
TABLES = [
    "household_review",
    "unit_year_summary",
    "unit_class_summary",
    "unit_indicator_summary",
    "funding",
    "load_history",
    "household_snapshot",
    "household_file_detail",
    "funding_snapshot",
]


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    return table_fingerprint(con, TABLES)


def households_of(con, province: str, year: int) -> int:
    return con.execute(
        "select count(*) from household_review where province_code = $p and year = $y", {"p": province, "y": year}
    ).fetchall()[0][0]


def windows_1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letters precomposed, tone marks combining."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        out.append(unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones)))
        out.extend(p for p in parts if p in tones)
    return "".join(out).encode("cp1258")


# --- files in the shape of real exports load ------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "encoding", "delimiter", "accents"),
    [
        ("csv", "utf-8", ";", True),
        ("csv", "utf-8-sig", ",", True),
        ("csv", "utf-16", "\t", True),
        ("csv", "cp1258", ";", True),
        ("csv", "utf-8", ",", False),
        ("xlsx", None, None, True),
    ],
)
def test_real_export_shapes_load_the_same_households(con, kind, encoding, delimiter, accents):
    frame = review_households(con, "33")
    if encoding == "cp1258":
        text = review_file(frame, 2024, encoding="utf-8", delimiter=delimiter).decode("utf-8")
        content = windows_1258(text)
    elif kind == "xlsx":
        content = review_file(frame, 2024, kind="xlsx")
    else:
        content = review_file(frame, 2024, encoding=encoding, delimiter=delimiter, accents=accents)
    result = load_households(con, content, f"rasoat.{kind}", 2024)
    assert result.status == "loaded", [(p.code, p.file_row, p.column, p.value) for p in result.errors[:5]]
    assert result.row_count == 120 and result.unit_codes == ["33"]
    loaded = con.sql(
        "select household_id, commune_code, household_class, members, income_per_capita, area, ethnic_minority, "
        "deprivations_mask, indicators_known_mask from household_review order by household_id"
    ).df()
    expected = frame.sort_values("household_id").reset_index(drop=True)
    assert list(loaded["household_class"]) == list(expected["household_class"])
    # half a đồng rounds up, as Excel and DuckDB round
    assert list(loaded["income_per_capita"]) == list((expected["income_per_capita"] + 0.5).astype(int))
    assert list(loaded["ethnic_minority"]) == list(expected["ethnic_minority"])
    assert list(loaded["deprivations_mask"]) == list(deprivation_bits(con, expected))
    assert loaded["indicators_known_mask"].nunique() == 1  # every indicator given
    summary = con.sql(
        "select households, poor_households, synthetic_households from unit_year_summary "
        "where scheme = 'legacy_63' and unit_code = '33'"
    )
    assert summary.fetchall() == [(120, int((frame["household_class"] == "poor").sum()), 0)]
    assert con.sql("select value from data_source where key = 'household_data'").fetchall() == [("real",)]


def test_loading_the_same_file_twice_changes_nothing(con):
    content = review_file(review_households(con, "33"), 2024)
    assert load_households(con, content, "a.csv", 2024).status == "loaded"
    before = snapshot(con)
    again = load_households(con, content, "a.csv", 2024)
    assert again.status == "unchanged"
    assert snapshot(con) == before


def test_a_load_replaces_only_the_communes_it_covers(con):
    load_households(con, review_file(review_households(con, "33", seed=1), 2023), "hy2023.csv", 2023)
    load_households(con, review_file(review_households(con, "33", seed=2), 2024), "hy2024.csv", 2024)
    load_households(con, review_file(review_households(con, "34", seed=3), 2024), "tb2024.csv", 2024)
    thai_binh = con.sql("select * from household_review where province_code = '34' order by household_id").fetchall()
    hung_yen_2023 = con.sql("select * from household_review where province_code = '33' and year = 2023").fetchall()
    smaller = review_households(con, "33", count=110, seed=4)  # the same six communes, fewer households
    result = load_households(con, review_file(smaller, 2024), "hy2024-v2.csv", 2024)
    assert result.status == "needs_confirmation"  # some communes lose more than a tenth of their households
    assert households_of(con, "33", 2024) == 120
    result = load_households(con, review_file(smaller, 2024), "hy2024-v2.csv", 2024, confirm_removal=True)
    assert (result.status, result.replaced_row_count, result.row_count) == ("loaded", 120, 110)
    assert households_of(con, "33", 2024) == 110
    assert (
        con.sql("select * from household_review where province_code = '34' order by household_id").fetchall()
        == thai_binh
    )
    assert (
        con.sql("select * from household_review where province_code = '33' and year = 2023").fetchall() == hung_yen_2023
    )
    households = con.sql(
        "select households from unit_year_summary where scheme = 'legacy_63' and unit_code = '33' and year = 2024"
    ).fetchall()
    assert households == [(110,)]
    assert con.sql("select count(*) from load_history").fetchall() == [(4,)]
    assert_summed_as_a_whole(con)  # Hưng Yên and Thái Bình: one province since 2025
    assert_communes_as_if_made_whole(con, rollup.panel_provinces(con, "legacy_63", ["33", "34"]))


def test_the_provinces_a_rollup_recomputes_are_the_ones_named(demo_con):
    """Legacy codes reach the 2025 province that holds them; naming none recomputes none (a caller with an
    empty list never widens a load's sums to the whole country); only None means every province."""
    assert rollup.panel_provinces(demo_con, "legacy_63", ["33", "34"]) == ["33"]
    assert rollup.panel_provinces(demo_con, "from_2025", ["33"]) == ["33"]
    assert rollup.panel_provinces(demo_con, "legacy_63", []) == []
    assert len(rollup.panel_provinces(demo_con)) == 34


@pytest.mark.slow  # about 17 s: every commune and level made again from scratch to compare
def test_a_2026_load_makes_the_new_standard_s_cells_of_2026_again_and_keeps_2025_s(demo_copy):
    """The seed holds Lào Cai's 2025 and 2026 reviews on today's units; a 2026 file of some of its communes
    changes that year's cells of the new standard's simulation, and 2025's stay as they were."""
    con = connect(str(demo_copy))
    try:
        cells = "select * from standard_change_cell where province_code = '15' and year = 2025 order by all"
        before_2025 = con.sql(cells).fetchall()
        assert before_2025
        frame = review_households(con, "15", count=300, scheme="from_2025", communes=3)
        result = load_households(con, review_file(frame, 2026), "lao-cai-2026.csv", 2026)
        assert result.status == "loaded", [(p.code, p.value) for p in result.errors[:3]]
        assert con.sql(cells).fetchall() == before_2025
        loaded = con.sql(
            "select sum(households) from standard_change_cell where province_code = '15' and year = 2026"
        ).fetchall()[0][0]
        held = con.sql(
            "select count(*) from household_review where scheme = 'from_2025' and province_code = '15' and year = 2026"
        ).fetchall()[0][0]
        assert loaded == held  # every household of 2026 in a cell, the file's included
        assert_communes_as_if_made_whole(con, ["15"])
        assert_summed_as_a_whole(con)
    finally:
        con.close()


def test_personal_data_are_not_stored_unless_turned_on(con):
    content = review_file(review_households(con, "33"), 2024)
    result = load_households(con, content, "a.csv", 2024)
    assert "personal_dropped" in {p.code for p in result.warnings}
    assert con.sql("select count(head_name), count(address) from household_with_detail").fetchall() == [(0, 0)]
    load_households(con, review_file(review_households(con, "34"), 2024), "b.csv", 2024, keep_personal=True)
    kept = con.sql("select count(head_name) from household_with_detail where province_code = '34'").fetchall()
    assert kept == [(120,)]


def test_a_replaced_household_s_names_live_as_long_as_its_undo_copy(con):
    """What a file said beyond the review (here names and addresses, kept) stays with a row another load
    replaced while an undo can put the row back, and goes when that copy is pruned: no name outlives its
    household's row."""
    households = review_households(con, "34")
    named = "select count(head_name) from household_with_detail"
    first = load_households(con, review_file(households, 2024), "a.csv", 2024, keep_personal=True)
    assert con.sql(named).fetchall() == [(120,)]
    detail_of_first = "select count(*) from household_file_detail where load_id = $load"

    def reloaded(name: str, members_shift: int):
        changed = households.assign(members=(households["members"] + members_shift) % 6 + 1)
        return load_households(con, review_file(changed, 2024), name, 2024)  # names not kept

    second = reloaded("b.csv", 1)
    assert second.replaced_row_count == 120 and con.sql(named).fetchall() == [(0,)]
    assert con.execute(detail_of_first, {"load": first.load_id}).fetchall() == [(120,)]  # an undo's rows
    assert undo_load(con, second.load_id).status == "undone"
    assert con.sql(named).fetchall() == [(120,)]
    reloaded("c.csv", 2)
    # a day later, another load of the same communes: the first load's rows can no longer come back
    con.execute("update load_history set loaded_at = loaded_at - interval 1 day")
    reloaded("d.csv", 3)
    assert con.execute(detail_of_first, {"load": first.load_id}).fetchall() == [(0,)]
    assert con.sql("select count(*) from household_file_detail").fetchall() == [(0,)]


def test_class_contradicting_the_rule_is_a_warning_and_loads(con):
    rows = export_rows(review_households(con, "33"), 2024)
    poor_row = next(i for i, r in enumerate(rows) if r[11] == "Hộ nghèo")  # column 11: Phân loại hộ
    rows[poor_row][9] = "5.000.000"  # far above the line, still "Hộ nghèo"
    result = load_households(con, review_file(None, 2024, rows=rows), "a.csv", 2024)
    assert result.status == "loaded"
    assert [(p.code, p.file_row) for p in result.warnings if p.code == "class_rule"] == [("class_rule", poor_row + 1)]


def test_the_report_downloads_as_xlsx_in_both_languages(con, tmp_path):
    rows = export_rows(review_households(con, "33"), 2024)
    rows[FIRST_ROW - 1][8] = "0"
    result = load_households(con, review_file(None, 2024, rows=rows), "a.csv", 2024)
    path = tmp_path / "report.xlsx"
    path.write_bytes(report_workbook(result.problems, "vi", result.headers))
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[1]] == ["Mức độ", "Mã kiểm tra", "Dòng", "Cột", "Giá trị", "Nội dung"]
    # the column as the file names it, not the schema's field name
    assert [c.value for c in sheet[2]][:5] == ["Lỗi", "members_invalid", FIRST_ROW, "Số nhân khẩu", "0"]
    english = load_workbook(io.BytesIO(report_workbook(result.problems, "en"))).active
    assert english["F2"].value == "Members must be a whole number above 0."


# --- the catalogue of bad inputs: each refused exactly, nothing changed ------------------------------------


def edit(row_offset: int, column: int, value: str):
    """Change one cell of the export (row_offset 0 = the first household)."""

    def change(rows: list[list[str]]) -> list[list[str]]:
        rows[FIRST_ROW - 1 + row_offset][column] = value
        return rows

    return change


def drop_column(column: int):
    return lambda rows: [r[:column] + r[column + 1 :] for r in rows]


def rename_header(column: int, name: str):
    def change(rows):
        rows[2][column] = name
        return rows

    return change


# Columns of the export (tests/review_files.py HEADERS): 0 STT, 1 Mã hộ, 2 Họ tên, 3 Mã tỉnh, 4 Mã huyện,
# 5 Mã xã, 6 Thôn, 7 Khu vực, 8 Số nhân khẩu, 9 Thu nhập, 10 DTTS, 11 Phân loại, 12.. the 12 indicators.
HOUSEHOLD_CASES = {
    "missing_required_column": (drop_column(11), [("missing_column", None, None)]),
    "duplicate_column": (rename_header(0, "Mã HGĐ"), [("duplicate_column", None, None)]),
    "header_not_found": (lambda rows: [["Cột A", "Cột B"], ["1", "2"]], [("header_not_found", None, None)]),
    "header_but_no_rows": (lambda rows: rows[:3], [("no_rows", None, None)]),
    "province_not_a_code": (edit(0, 3, "HY"), [("code_format", FIRST_ROW, "province_code")]),
    "unknown_province": (edit(0, 3, "99"), [("unknown_province", FIRST_ROW, "province_code")]),
    "unknown_district": (edit(1, 4, "999"), [("unknown_district", FIRST_ROW + 1, "district_code")]),
    "district_of_another_province": (edit(2, 4, "338"), [("district_not_in_province", FIRST_ROW + 2, "district_code")]),
    "unknown_commune": (edit(3, 5, "99999"), [("unknown_commune", FIRST_ROW + 3, "commune_code")]),
    "commune_of_another_district": (edit(4, 5, "12490"), [("commune_not_in_district", FIRST_ROW + 4, "commune_code")]),
    "duplicate_household": (
        edit(5, 1, "33000001"),
        [("duplicate_household", FIRST_ROW, "household_id"), ("duplicate_household", FIRST_ROW + 5, "household_id")],
    ),
    "blank_household_id": (edit(6, 1, ""), [("missing_value", FIRST_ROW + 6, "household_id")]),
    "unknown_class_word": (edit(7, 11, "Giàu"), [("status_unknown", FIRST_ROW + 7, "household_class")]),
    "zero_members": (edit(8, 8, "0"), [("members_invalid", FIRST_ROW + 8, "members")]),
    "fractional_members": (edit(9, 8, "2,5"), [("members_invalid", FIRST_ROW + 9, "members")]),
    "negative_income": (edit(10, 9, "-500.000"), [("income_negative", FIRST_ROW + 10, "income_per_capita")]),
    "income_in_words": (edit(11, 9, "một triệu"), [("income_invalid", FIRST_ROW + 11, "income_per_capita")]),
    "commune_not_a_code": (edit(12, 5, "Hoằng Lưu"), [("code_format", FIRST_ROW + 12, "commune_code")]),
    "indicator_not_yes_no": (edit(13, 12, "có thể"), [("flag_invalid", FIRST_ROW + 13, "deprived_employment")]),
    "unknown_area": (edit(14, 7, "Miền núi"), [("area_unknown", FIRST_ROW + 14, "area")]),
    "ethnic_not_yes_no": (edit(15, 10, "Kinh"), [("flag_invalid", FIRST_ROW + 15, "ethnic_minority")]),
}


@pytest.mark.parametrize("case", sorted(HOUSEHOLD_CASES))
def test_bad_household_file_is_refused_row_by_row_and_nothing_changes(con, case):
    load_households(con, review_file(review_households(con, "33", seed=9), 2023), "before.csv", 2023)
    before = snapshot(con)
    change, expected = HOUSEHOLD_CASES[case]
    rows = change(export_rows(review_households(con, "33"), 2024))
    result = load_households(con, review_file(None, 2024, rows=rows), "bad.csv", 2024)
    assert result.status == "rejected"
    assert [(p.code, p.file_row, p.column) for p in result.errors] == expected
    assert all(p.message("vi") and p.message("en") for p in result.problems)
    assert snapshot(con) == before


@pytest.mark.parametrize(
    ("content", "kwargs", "code"),
    [
        (b"", {}, "file_empty"),
        (b"PK\x03\x04 not really a workbook", {"file_name": "x.xlsx"}, "file_unreadable"),
        (b"x" * 2048, {"max_bytes": 1024}, "file_too_large"),
        (None, {"year": 2019}, "year_outside_standard"),
        (None, {"standard": "2031-2035"}, "standard_unknown"),
    ],
)
def test_files_refused_whole(con, content, kwargs, code):
    before = snapshot(con)
    if content is None:
        content = review_file(review_households(con, "33"), 2024)
    arguments = {"file_name": "f.csv", "year": 2024} | kwargs
    if "standard" not in arguments and arguments["year"] == 2019:
        arguments["standard"] = "2022-2025"
    result = load_households(con, content, **arguments)
    assert result.status == "rejected" and [p.code for p in result.errors] == [code]
    assert result.errors[0].message("vi") != result.errors[0].message("en")
    assert snapshot(con) == before


def test_year_column_must_match_the_chosen_year(con):
    rows = export_rows(review_households(con, "33"), 2024)
    rows[2].append("Năm")
    for row in rows[3:]:
        row.append("2024")
    rows[FIRST_ROW + 2].__setitem__(-1, "2023")
    result = load_households(con, review_file(None, 2024, rows=rows), "a.csv", 2024)
    assert [(p.code, p.file_row) for p in result.errors] == [("year_mismatch", FIRST_ROW + 3)]


# --- killed half-way ----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_killing_the_loader_mid_load_leaves_the_previous_data(demo_path, tmp_path):
    """The command line is killed while it writes (rollups of the whole demo take seconds): nothing changes."""
    database = tmp_path / "gnbv.duckdb"
    shutil.copy(demo_path, database)
    con = connect(str(database))
    content = review_file(review_households(con, "33", count=2000), 2024)
    before = snapshot(con)
    con.close()
    source = tmp_path / "hung_yen_2024.csv"
    source.write_bytes(content)
    process = subprocess.Popen(
        [sys.executable, "-m", "data.load", str(source), "--year", "2024", "--database", str(database), "--yes"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
    )
    for line in process.stdout:
        if "Đang tính lại" in line:  # inside the transaction: old rows deleted, new ones inserted
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    con = connect(str(database))
    try:
        assert snapshot(con) == before
        assert households_of(con, "33", 2024) > 100_000  # the demo's Hưng Yên, not the 2,000 of the file
    finally:
        con.close()


def test_command_line_reports_and_exits_with_the_status(con, tmp_path):
    path = tmp_path / "gnbv.duckdb"
    rows = export_rows(review_households(con, "33"), 2024)
    con.close()  # the command line opens the database for writing
    rows[FIRST_ROW - 1][8] = "0"
    source = tmp_path / "bad.csv"
    source.write_bytes(review_file(None, 2024, rows=rows))
    report = tmp_path / "report.xlsx"
    run = run_load_cli([str(source), "--year", "2024", "--database", str(path), "--report", str(report)], tmp_path)
    assert run.returncode == 2
    assert f"Dòng {FIRST_ROW}, cột Số nhân khẩu: Số nhân khẩu phải là số nguyên lớn hơn 0." in run.stdout
    assert "Tệp bị từ chối: 1 lỗi" in run.stdout
    assert load_workbook(report).active["B2"].value == "members_invalid"


# --- funding files ----------------------------------------------------------------------------------------------

FUNDING_HEADER = [
    "Mã đơn vị",
    "Năm",
    "Dự án",
    "Nguồn vốn",
    "Loại vốn",
    "Vốn phân bổ (triệu đồng)",
    "Giải ngân (triệu đồng)",
    "Văn bản nguồn",
]
FUNDING_ROWS = [
    ["15", "2024", "DA1.1", "Ngân sách trung ương", "Đầu tư phát triển", "12.500", "10.000,5", "QĐ 12/QĐ-UBND"],
    [
        "139",
        "2024",
        "Tiểu dự án 1 thuộc Dự án 1",
        "Ngân sách địa phương",
        "Đầu tư phát triển",
        "1.250",
        "1.000",
        "QĐ 12/QĐ-UBND",
    ],
    ["139", "2024", "Dự án 5", "NSTW", "Sự nghiệp", "3.000", "2.400", "QĐ 12/QĐ-UBND"],
    ["137", "2024", "", "Vốn vay NHCSXH", "", "20.000", "19.500", "BC NHCSXH"],
]


def funding_file(rows: list[list[str]]) -> bytes:
    lines = ["BIỂU TỔNG HỢP NGUỒN VỐN NĂM 2024", ";".join(FUNDING_HEADER), *(";".join(r) for r in rows)]
    return "\r\n".join(lines).encode("utf-8-sig")


def test_funding_file_loads_and_replaces_its_unit_years(con):
    result = load_funding(con, funding_file(FUNDING_ROWS), "von.csv")
    assert result.status == "loaded" and result.row_count == 4
    rows = con.sql(
        "select unit_code, project_code, funding_source, capital_type, allocated, disbursed, source_row "
        "from funding where load_id is not null order by source_row"
    ).fetchall()
    assert rows[0] == ("15", "DA1.1", "central_budget", "development_investment", 12500.0, 10000.5, 3)
    assert rows[1][:2] == ("139", "DA1.1") and rows[2][1:4] == ("DA5", "central_budget", "recurrent")
    assert rows[3][1:4] == (None, "nhcsxh_credit", None)
    before = snapshot(con)
    assert load_funding(con, funding_file(FUNDING_ROWS), "von.csv").status == "unchanged"
    assert snapshot(con) == before
    corrected = [[*FUNDING_ROWS[0][:5], "13.000", "12.000", "QĐ 15/QĐ-UBND"]]
    result = load_funding(con, funding_file(corrected), "von-sua.csv")
    assert result.replaced_row_count == 1  # only unit 15, 2024
    assert con.sql("select count(*) from funding where load_id is not null").fetchall() == [(4,)]
    # the pages read the placement stored after each load: the corrected amount, in its province
    assert con.sql(
        "select province_code, money_kind, allocated from funding_located where load_id = $load_id",
        params={"load_id": result.load_id},
    ).fetchall() == [("15", "development_investment", 13000.0)]
    assert_placement_stored(con)
    assert undo_load(con, result.load_id).status == "undone"
    assert_placement_stored(con)
    assert con.sql("select allocated from funding_located where source_row = 3 and load_id is not null").fetchall() == [
        (12500.0,)
    ]


SUMMED_ROLLUPS = ("unit_year_summary", "unit_class_summary", "unit_indicator_summary", "simulated_summary")


def assert_summed_as_a_whole(con) -> None:
    """The levels above the communes, which a load sums again only where it reached (upper.sql), equal what
    summing every unit again gives (run and rolled back)."""
    from data import rollup, sql

    def above_communes() -> dict:
        return {t: con.table(t).filter("level <> 'commune'").order("all").fetchall() for t in SUMMED_ROLLUPS}

    kept = above_communes()
    assert kept["unit_year_summary"]
    with pytest.raises(InterruptedError), sql.transaction(con):
        sql.execute(con, rollup.ROLLUP_DIR / "upper.sql", panel_provinces=None)
        whole = above_communes()
        raise InterruptedError  # rolled back
    assert kept == whole


STANDARD_CHANGE_TABLES = ("standard_change_cell", "standard_change_province_cell")


def assert_communes_as_if_made_whole(con, provinces: list[str]) -> None:
    """The commune rows a load made again from its year on, and the new standard's cells it made for its year
    only, equal those made from every year (run and rolled back), for the 2025 ``provinces``."""
    from data import rollup, sql

    def communes() -> dict:
        rows = {t: con.table(t).filter("level = 'commune'").order("all").fetchall() for t in SUMMED_ROLLUPS[:3]}
        rows["simulated_summary"] = con.table("simulated_summary").filter("level = 'commune'").order("all").fetchall()
        return rows | {t: con.table(t).order("all").fetchall() for t in STANDARD_CHANGE_TABLES}

    kept = communes()
    with pytest.raises(InterruptedError), sql.transaction(con):
        for province in provinces:
            sql.execute(con, rollup.ROLLUP_DIR / "communes.sql", panel_province=province, first_year=0)
            sql.execute(con, rollup.ROLLUP_DIR / "standard_change.sql", panel_province=province, year=None)
        whole = communes()
        raise InterruptedError  # rolled back
    assert kept == whole


def assert_placement_stored(con) -> None:
    """The stored funding_located holds exactly what the rule (view funding_placement) places now."""
    stored = con.sql("select * from funding_located order by all").fetchall()
    assert stored == con.sql("select * from funding_placement order by all").fetchall()
    assert stored  # the plans' own rows at least


def funding_edit(row: int, column: int, value: str):
    def change(rows):
        rows = [list(r) for r in rows]
        rows[row][column] = value
        return rows

    return change


FUNDING_CASES = {
    "unknown_source": (funding_edit(0, 3, "Ngân hàng thế giới"), [("funding_source_unknown", 3, "funding_source")]),
    "budget_without_capital_type": (funding_edit(0, 4, ""), [("capital_type_required", 3, "funding_source")]),
    "credit_with_capital_type": (funding_edit(3, 4, "Sự nghiệp"), [("capital_type_not_allowed", 6, "capital_type")]),
    "project_not_understood": (funding_edit(0, 2, "Chương trình 135"), [("project_unknown", 3, "project_code")]),
    "project_not_in_program": (funding_edit(0, 2, "DA9"), [("project_not_in_program", 3, "project_code")]),
    "negative_amount": (funding_edit(1, 5, "-1.250"), [("amount_negative", 4, "allocated")]),
    "amount_in_words": (funding_edit(1, 6, "chưa có"), [("amount_invalid", 4, "disbursed")]),
    "year_outside_program": (funding_edit(2, 1, "2031"), [("year_outside_program", 5, "year")]),
    "unknown_unit": (funding_edit(2, 0, "998"), [("unknown_unit", 5, "unit_code")]),
    "duplicate_row": (
        lambda rows: [*rows, rows[2]],
        [("duplicate_funding_row", 5, "project_code"), ("duplicate_funding_row", 7, "project_code")],
    ),
}


@pytest.mark.parametrize("case", sorted(FUNDING_CASES))
def test_bad_funding_file_is_refused_row_by_row_and_nothing_changes(con, case):
    before = snapshot(con)
    change, expected = FUNDING_CASES[case]
    result = load_funding(con, funding_file(change(FUNDING_ROWS)), "von.csv")
    assert result.status == "rejected"
    assert [(p.code, p.file_row, p.column) for p in result.errors] == expected
    assert snapshot(con) == before
