"""What provinces really send, and what a loaded file must never do to the pages (issue «Real exports»).

Every way of writing a class; optional columns left out; household ids that do not continue the year
before (flows not invented) or movement columns that say the flows; real and synthetic figures mixed
and said so; district-by-district files that keep each other; the preview, the confirmation and the undo;
two uploads at once; and every way a database file can be wrong.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import run_load_cli, table_fingerprint
from review_files import CLASS_WORDS, HEADERS, export_rows, review_file, review_households

from data import accounts, database
from data.database import connect
from data.database.version import SCHEMA_VERSION, version_of
from data.load import load_households, undo_load
from data.load.vocabulary import vocabulary
from queries import run_query

ROOT = Path(__file__).resolve().parent.parent
FIRST_ROW = 4
FINGERPRINTED = ["household_review", "unit_year_summary", "unit_class_summary", "unit_indicator_summary", "funding"]


def fingerprint(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    return table_fingerprint(con, FINGERPRINTED)


def summary(con, unit: str, year: int, scheme: str = "legacy_63") -> pd.Series:
    rows = run_query(con, "flows_over_years", scheme=scheme, unit_code=unit)
    return rows.set_index("year").loc[year]


# --- 1. vocabulary ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Không", "other"),
        ("Không nghèo", "other"),
        ("Hộ không nghèo", "other"),
        ("Bình thường", "other"),
        ("0", "other"),
        ("", "other"),
        ("HỘ NGHÈO", "poor"),
        ("ho ngheo", "poor"),
        ("1", "poor"),
        ("Cận nghèo", "near_poor"),
        ("CN", "near_poor"),
        ("Trung bình", "middle"),
        ("MSTB", "middle"),
    ],
)
def test_every_common_way_of_writing_a_class_loads(con, word, expected):
    frame = review_households(con, "33", count=40)
    frame["household_class"] = expected
    # a whole list: each commune's first household is above the line (a list of the poor alone is refused)
    first = ~frame.duplicated("commune_code")
    frame.loc[first, "household_class"] = "other"
    rows = export_rows(frame, 2024, class_words={**CLASS_WORDS, expected: word})
    result = load_households(con, review_file(None, 2024, rows=rows), "a.csv", 2024, confirm_removal=True)
    assert result.status == "loaded", [(p.code, p.value) for p in result.errors[:3]]
    classes = con.sql("select household_class, count(*) from household_review group by all").fetchall()
    others = int(first.sum())
    assert dict(classes) == ({expected: 40 - others, "other": others} if expected != "other" else {"other": 40})


def test_the_vocabulary_is_one_table_with_no_word_meaning_two_things():
    for kind in ("household_class", "flag", "area", "ethnic_group", "funding_source", "capital_type"):
        assert vocabulary(kind)  # reading it checks that no folded word has two meanings
    assert vocabulary("ethnic_group")["kinh"] is False and vocabulary("ethnic_group")["h mong"] is True


def test_an_ethnic_group_column_says_who_is_a_minority(con):
    frame = review_households(con, "15", count=30)
    rows = export_rows(frame, 2024, columns=[c for c in HEADERS if c != "ethnic_minority"])
    rows[2].append("Dân tộc")
    for number, row in enumerate(rows[3:]):
        row.append(["Kinh", "Mông", "Tày", "Dao", "H'Mông"][number % 5])
    result = load_households(con, review_file(None, 2024, rows=rows), "dan-toc.csv", 2024)
    assert result.status == "loaded"
    assert con.sql("select count_if(ethnic_minority), count(*) from household_review").fetchall() == [(24, 30)]


# --- 2. optional columns -----------------------------------------------------------------------------------

MINIMAL = ["household_id", "commune_code", "household_class"]


def test_a_file_with_only_id_commune_and_class_loads_and_says_what_it_lacks(con):
    frame = review_households(con, "15", count=50)
    result = load_households(con, review_file(frame, 2024, columns=MINIMAL), "toi-thieu.csv", 2024)
    assert result.status == "loaded", [(p.code, p.value) for p in result.errors[:3]]
    row = con.sql(
        "select count(*), count(province_code), count(district_code), count(members), count(income_per_capita), "
        "count(ethnic_minority), max(indicators_known_mask) from household_review"
    ).fetchall()[0]
    assert row == (50, 50, 50, 0, 0, 0, 0)  # codes taken from the commune; the rest unknown, not "no"
    shares = run_query(
        con, "deprivation_shares", scheme="legacy_63", unit_code="15", year=2024, standard="2022-2025", group="all"
    )
    assert shares["deprived_share"].isna().all() and (shares["known_households"] == 0).all()
    series = run_query(con, "rate_series", scheme="legacy_63", unit_code="15")
    assert series["ethnic_minority_poverty_rate"].isna().all()


def test_pages_on_a_file_without_optional_columns_show_no_data_instead_of_crashing(con, tmp_path, app_on):
    load_households(con, review_file(review_households(con, "15", count=60), 2024, columns=MINIMAL), "a.csv", 2024)
    con.close()
    for page in (None, "pages/dimensions.py", "pages/trends.py", "pages/funding.py", "pages/planner.py"):
        at = app_on(tmp_path / "gnbv.duckdb", page, province="15", year="2024")
        assert not at.exception, page
        if page == "pages/trends.py":
            assert any("Chưa có số liệu dân tộc thiểu số" in i.value for i in at.info)
        if page == "pages/dimensions.py":
            assert any("không có các chỉ số thiếu hụt" in i.value for i in at.info)


# --- 3. continuity and movement columns ----------------------------------------------------------------------


def test_ids_that_do_not_continue_are_measured_and_invent_no_flows(con):
    load_households(con, review_file(review_households(con, "15", count=200, seed=1), 2023), "2023.csv", 2023)
    renumbered = review_households(con, "15", count=200, seed=2, first_id=90_000_001)  # a new numbering
    result = load_households(con, review_file(renumbered, 2024), "2024.csv", 2024, confirm_removal=True)
    assert result.status == "loaded"
    assert result.continuity["previous_year_matched"] == 0 and result.continuity["previous_year_households"] == 200
    assert ("ids_do_not_continue_previous", 0.0) in {(p.code, p.details.get("share")) for p in result.warnings}
    flows = summary(con, "15", 2024)
    assert flows["flow_state"] == "ids_do_not_continue"
    assert pd.isna(flows["newly_poor_households"]) and pd.isna(flows["escaped_households"])
    base = run_query(con, "planner_base", scheme="legacy_63", parent_code="15", base_year=2024, standard="2022-2025")
    assert base["inflow_per_year"].isna().all() and (base["flow_years"] == 0).all()
    history = run_query(con, "load_history").set_index("load_id")
    assert history.loc[result.load_id, "previous_year_matched_rate"] == 0


def test_ids_that_continue_count_the_flows_of_the_panel(con):
    first = review_households(con, "15", count=200, seed=1)
    load_households(con, review_file(first, 2023), "2023.csv", 2023)
    second = first.copy()
    second["household_class"] = second["household_class"].shift(1, fill_value="other")  # some move
    result = load_households(con, review_file(second, 2024), "2024.csv", 2024)
    assert result.share("previous") == 1.0
    flows = summary(con, "15", 2024)
    assert flows["flow_state"] == "complete"
    was_poor = set(first.loc[first["household_class"] == "poor", "household_id"])
    is_poor = set(second.loc[second["household_class"] == "poor", "household_id"])
    assert flows["escaped_households"] == len(was_poor - is_poor)
    assert flows["newly_poor_households"] + flows["fell_back_households"] == len(is_poor - was_poor)


def test_a_file_with_movement_columns_gives_the_flows_when_ids_do_not_continue(con):
    load_households(con, review_file(review_households(con, "15", count=200, seed=1), 2023), "2023.csv", 2023)
    frame = review_households(con, "15", count=200, seed=2, first_id=90_000_001)
    rows = export_rows(frame, 2024)
    rows[2] += ["Thoát nghèo", "Phát sinh mới", "Tái nghèo"]
    escaped = newly = fell_back = 0
    for row in rows[3:]:
        klass = row[11]
        if klass == CLASS_WORDS["poor"]:
            is_new = int(row[1]) % 3 == 0
            newly += is_new
            fell_back += not is_new and int(row[1]) % 3 == 1
            row += ["", "x" if is_new else "", "x" if not is_new and int(row[1]) % 3 == 1 else ""]
        else:
            flagged = int(row[1]) % 4 == 0
            escaped += flagged
            row += ["x" if flagged else "", "", ""]
    result = load_households(con, review_file(None, 2024, rows=rows), "2024-bien-dong.csv", 2024, confirm_removal=True)
    assert result.status == "loaded", [(p.code, p.value) for p in result.errors[:3]]
    flows = summary(con, "15", 2024)
    assert flows["flow_state"] == "complete" and flows["file_flow_households"] == 200
    assert (flows["escaped_households"], flows["newly_poor_households"], flows["fell_back_households"]) == (
        escaped,
        newly,
        fell_back,
    )


def test_movement_columns_that_contradict_the_class_are_refused(con):
    rows = export_rows(review_households(con, "15", count=20), 2024)
    rows[2].append("Thoát nghèo")
    for row in rows[3:]:
        row.append("x" if row[11] == CLASS_WORDS["poor"] else "")
    result = load_households(con, review_file(None, 2024, rows=rows), "a.csv", 2024)
    assert result.status == "rejected" and {p.code for p in result.errors} == {"movement_contradicts_class"}


# --- 4. provenance -------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_loaded_year_compared_with_a_synthetic_one_says_so(demo_copy, app_on):
    con = connect(str(demo_copy))
    real = review_households(con, "15", count=3000, communes=400, seed=5)
    result = load_households(con, review_file(real, 2023), "yb2023.csv", 2023, scope="province", confirm_removal=True)
    assert result.status == "loaded"
    row = run_query(con, "unit_overview", scheme="legacy_63", unit_code="15", year=2023, standard="2022-2025")
    assert (row["data_kind"].iloc[0], row["previous_data_kind"].iloc[0], row["change_kind"].iloc[0]) == (
        "real",
        "synthetic",
        "mixed",
    )
    con.close()
    at = app_on(demo_copy, None, province="15", year="2023")
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "hai năm khác nguồn" in captions
    change = next(m for m in at.metric if m.label.startswith("So với năm 2022"))
    assert "→" in change.proto.delta  # the two rates, no arrow that says "up" for a fall


# --- 7. no surprise replacement, and an undo -----------------------------------------------------------------


def test_district_by_district_loads_keep_every_district(con):
    district_a = review_households(con, "15", count=150, seed=1, districts=["139"], communes=20)
    district_b = review_households(con, "15", count=170, seed=2, districts=["137"], communes=20, first_id=15_500_001)
    assert load_households(con, review_file(district_a, 2024), "tram-tau.csv", 2024).status == "loaded"
    assert load_households(con, review_file(district_b, 2024), "mu-cang-chai.csv", 2024).status == "loaded"
    by_district = dict(
        con.sql("select district_code, count(*) from household_review where year = 2024 group by all").fetchall()
    )
    assert by_district == {"139": 150, "137": 170}


@pytest.mark.slow
def test_replacing_the_whole_province_asks_first_and_the_command_line_refuses_without_the_flag(con, tmp_path):
    whole = review_households(con, "15", count=300, communes=40, seed=1)
    load_households(con, review_file(whole, 2024), "yb.csv", 2024)
    # ids of their own: an id the province file gave a commune of another district cannot move silently
    one_district = review_households(con, "15", count=100, seed=2, districts=["139"], communes=20, first_id=15_100_001)
    asked = load_households(con, review_file(one_district, 2024), "tt.csv", 2024, scope="province")
    assert asked.status == "needs_confirmation"
    province = asked.preview.set_index(["level", "unit_code"]).loc[("province", "15")]
    assert (province["households_before"], province["households_after"]) == (300, 100)
    assert con.sql("select count(*) from household_review").fetchall() == [(300,)]
    con.close()
    source = tmp_path / "tt.csv"
    source.write_bytes(review_file(one_district, 2024))
    command = [str(source), "--year", "2024", "--database", str(tmp_path / "gnbv.duckdb")]
    refused = run_load_cli([*command, "--lang", "vi"], tmp_path)
    # the default scope keeps the other districts: nothing to confirm for this file
    assert refused.returncode == 0, refused.stdout + refused.stderr
    again = review_households(
        con_for(tmp_path), "15", count=40, seed=3, districts=["139"], communes=20, first_id=15_200_001
    )
    source.write_bytes(review_file(again, 2024))
    refused = run_load_cli(command, tmp_path)
    assert refused.returncode == 4 and "! " in refused.stdout and "Chưa ghi gì" in refused.stdout
    replaced = run_load_cli([*command, "--replace-province"], tmp_path)
    assert replaced.returncode == 0, replaced.stdout
    check = connect(str(tmp_path / "gnbv.duckdb"), read_only=True)
    assert check.sql("select count(*) from household_review where year = 2024").fetchall() == [(40,)]
    check.close()


def con_for(folder: Path) -> duckdb.DuckDBPyConnection:
    return connect(str(folder / "gnbv.duckdb"), read_only=True)


@pytest.mark.slow  # fingerprints every row of the demo three times
def test_undo_restores_the_snapshot_exactly(demo_copy):
    con = connect(str(demo_copy))
    before = fingerprint(con)
    file = review_households(con, "33", count=500, communes=12, seed=8)
    result = load_households(con, review_file(file, 2024), "hy.csv", 2024, confirm_removal=True)
    assert result.status == "loaded" and fingerprint(con) != before
    undone = undo_load(con, result.load_id, operator="cán bộ")
    assert undone.status == "undone"
    assert fingerprint(con) == before
    history = run_query(con, "load_history").set_index("load_id")
    assert history.loc[result.load_id, "undone_by"] == "cán bộ" and not history.loc[result.load_id, "can_undo"]
    assert undo_load(con, result.load_id).status == "rejected"  # not twice
    events = list(accounts.audit_trail(limit=2)["event"])
    assert events == ["undo", "load"]  # newest first
    con.close()


def test_only_the_latest_load_of_its_units_can_be_undone(con):
    first = load_households(con, review_file(review_households(con, "33", seed=1), 2024), "a.csv", 2024)
    second = load_households(
        con, review_file(review_households(con, "33", seed=2), 2024), "b.csv", 2024, confirm_removal=True
    )
    assert undo_load(con, first.load_id).status == "rejected"
    assert undo_load(con, second.load_id).status == "undone"


def test_two_uploads_at_once_both_land_in_turn(con):
    files = [
        review_file(review_households(con, "33", count=2000, communes=40, seed=1), 2024),
        review_file(review_households(con, "34", count=2000, communes=40, seed=2), 2024),
    ]
    results, errors = [], []

    def upload(content: bytes, name: str) -> None:
        try:
            results.append(load_households(con, content, name, 2024))
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=upload, args=(content, f"{n}.csv")) for n, content in enumerate(files)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [] and sorted(r.status for r in results) == ["loaded", "loaded"]
    assert con.sql("select count(*) from load_history").fetchall() == [(2,)]
    assert con.sql("select count(*) from household_review").fetchall() == [(4000,)]


# --- 8. the database file ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["missing", "empty", "corrupt", "truncated"])
def test_a_faulty_database_file_gives_its_message(demo_path, tmp_path, fault):
    path = tmp_path / "gnbv.duckdb"
    if fault == "empty":
        path.write_bytes(b"")
    elif fault == "corrupt":
        path.write_bytes(b"not a database" * 1000)
    elif fault == "truncated":
        shutil.copy(demo_path, path)
        with open(path, "r+b") as handle:
            handle.truncate(path.stat().st_size // 2)
    with pytest.raises(database.DatabaseProblem) as raised:
        database.open_database(path, read_only=True)
    expected = {"missing": "missing", "empty": "empty", "corrupt": "corrupt", "truncated": "corrupt"}[fault]
    assert raised.value.code == expected
    assert str(path) in raised.value.message("vi") and raised.value.message("vi") != raised.value.message("en")


def test_a_locked_database_gives_its_message(demo_copy):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(demo_copy)!r}); print('ok', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ok"
        with pytest.raises(database.DatabaseProblem) as raised:
            database.open_database(demo_copy, read_only=True)
        assert raised.value.code == "locked" and "Chờ nó kết thúc" in raised.value.message("vi")
    finally:
        holder.kill()
        holder.wait()


def test_a_read_only_database_file_gives_its_message(demo_path):
    """As an ordinary user (root writes any file), the dashboard asks to write a file it may only read."""
    folder = Path(tempfile.mkdtemp(prefix="gnbv-read-only-", dir="/tmp"))  # pytest's own folders are root-only
    folder.chmod(0o755)
    demo_copy = folder / "gnbv.duckdb"
    shutil.copy(demo_path, demo_copy)
    demo_copy.chmod(0o444)
    script = "\n".join(
        [
            f"import sys; sys.path.insert(0, {str(ROOT)!r}); from data import database",
            "try:",
            f"    database.open_database({str(demo_copy)!r}, read_only=False)",
            "except database.DatabaseProblem as problem:",
            "    print(problem.code)",
        ]
    )
    run = subprocess.run(
        ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable, "-c", script],
        capture_output=True,
        text=True,
    )
    shutil.rmtree(folder)
    assert run.stdout.strip() == "read_only", run.stderr


def v1_database(path: Path) -> None:
    """A database of schema version 1 (before versions were recorded), with a few households and a load."""
    con = connect(str(path))
    con.execute((ROOT / "tests" / "fixtures" / "schema_v1.sql").read_text(encoding="utf-8"))
    con.execute(
        "insert into household_review (year, household_id, province_code, district_code, commune_code, area, members, "
        "income_per_capita, status, poverty_standard, ethnic_minority, deprived_employment, deprived_water, "
        "deprived_latrine, deprived_telecom, is_synthetic, load_id) values "
        "(2024, 1, '15', '139', '04393', 'rural', 4, 900000, 'poor', '2022-2025', "
        "true, true, true, true, false, false, 1), "
        "(2025, 1, '15', '139', '04393', 'rural', 4, 1900000, 'other', '2022-2025', "
        "true, false, false, false, false, false, 2)"
    )
    con.execute(
        "insert into load_history values (1, '2025-01-02 10:00', 'cán bộ', 'a.csv', 'x', 'households', 2024, "
        "'2022-2025', '15', 1, 0, 0), (2, '2026-01-02 10:00', 'cán bộ', 'b.csv', 'y', 'households', 2025, "
        "'2022-2025', '15', 1, 0, 0)"
    )
    con.close()


@pytest.mark.slow
def test_a_database_of_the_old_schema_is_migrated_in_one_transaction(tmp_path):
    path = tmp_path / "gnbv.duckdb"
    v1_database(path)
    with pytest.raises(database.DatabaseProblem) as raised:
        database.open_database(path, read_only=True)
    assert raised.value.code == "outdated" and "python -m data.database.migrate" in raised.value.message("vi")
    con = database.open_database(path, read_only=False)
    assert version_of(con) == SCHEMA_VERSION
    rows = con.sql(
        "select year, scheme, province_code, district_code, commune_code, household_class, deprivations_mask, load_id "
        "from household_review order by year"
    ).fetchall()
    bits = dict(con.sql("select code, bit from indicator where standard = '2022-2025'").fetchall())
    assert rows[0] == (
        2024,
        "legacy_63",
        "15",
        "139",
        "04393",
        "poor",
        (1 << bits["employment"]) | (1 << bits["water"]) | (1 << bits["latrine"]),
        1,
    )
    new_commune = con.sql("select new_commune_code from unit_crosswalk where legacy_commune_code = '04393'").fetchall()
    assert rows[1][:5] == (2025, "from_2025", "15", None, new_commune[0][0])  # 2025 moved to today's units
    assert con.sql("select count(*) from load_history").fetchall() == [(2,)]
    assert con.sql(
        "select households from unit_year_summary where scheme = 'legacy_63' and unit_code = '15'"
    ).fetchall()
    con.close()


def test_a_database_built_by_a_newer_version_is_refused(tmp_path, demo_path):
    path = tmp_path / "gnbv.duckdb"
    shutil.copy(demo_path, path)
    con = connect(str(path))
    con.execute("insert into schema_version values (99, now())")
    con.close()
    with pytest.raises(database.DatabaseProblem) as raised:
        database.open_database(path, read_only=True)
    assert raised.value.code == "too_new"


def test_the_page_stays_up_and_says_what_is_wrong(tmp_path, app_on):
    path = tmp_path / "gnbv.duckdb"
    path.write_bytes(b"")
    at = app_on(path, None)
    assert not at.exception
    assert any("rỗng" in e.value for e in at.error)


# --- 9. smaller points -----------------------------------------------------------------------------------------


def test_the_command_line_names_the_report_option_when_none_was_given(con, tmp_path):
    rows = export_rows(review_households(con, "33", count=120), 2024)
    con.close()
    for row in rows[3:]:
        row[8] = "0"  # 120 problems, more than the 50 printed
    source = tmp_path / "bad.csv"
    source.write_bytes(review_file(None, 2024, rows=rows))
    run = run_load_cli([str(source), "--year", "2024", "--database", str(tmp_path / "gnbv.duckdb")], tmp_path)
    assert run.returncode == 2
    assert "thêm --report" in run.stdout and "xem báo cáo .xlsx" not in run.stdout


def test_the_load_result_says_how_long_it_took(con):
    result = load_households(con, review_file(review_households(con, "33"), 2024), "a.csv", 2024)
    assert result.seconds > 0
