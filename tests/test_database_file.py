"""The database file never cries wolf: ordinary loads and undos, one after another, in both modes, leave a
file that opens the way the dashboard opens it; the real faults (a copy cut short, random bytes, an empty
file, a dropped table, a migration that fails) are each named for what they are."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import duckdb
import pytest
from test_loading import FUNDING_ROWS, funding_file

from data.database import DatabaseProblem, clean_leftovers, connect, open_database, write_by_replacing
from data.database.version import SCHEMA_VERSION, version_of
from data.load import load_funding, load_households, undo_load

CLASS_WORDS = {"poor": "Hộ nghèo", "near_poor": "Hộ cận nghèo", "middle": "Hộ có mức sống trung bình", "other": "Khác"}
MIN_HOUSEHOLDS = 100_000


def province_export(path: Path, province: str, year: int, variant: int) -> bytes:
    """An export of the province's first communes holding at least MIN_HOUSEHOLDS households, as the
    review had them, with the members changed by ``variant`` so that each load is a new file."""
    con = connect(path, read_only=True)
    try:
        rows = con.execute(
            """
            with communes as (
                select commune_code, count(*) as households,
                    sum(count(*)) over (order by commune_code) - count(*) as before,
                from household_review where province_code = $province and year = $year group by commune_code
            )
            select household_id, household_review.commune_code, household_class, members
            from household_review
            inner join communes using (commune_code)
            where province_code = $province and year = $year and communes.before < $minimum
            """,
            {"province": province, "year": year, "minimum": MIN_HOUSEHOLDS},
        ).fetchall()
    finally:
        con.close()
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(["Mã hộ", "Mã xã", "Phân loại hộ", "Số nhân khẩu"])
    for household_id, commune, household_class, members in rows:
        writer.writerow([household_id, commune, CLASS_WORDS[household_class], (members or 1) + variant % 3])
    assert len(rows) >= MIN_HOUSEHOLDS
    return text.getvalue().encode("utf-8")


def reopen_as_the_dashboard_does(path: Path) -> None:
    """A new process opens the file: read-only (every process of a shared deployment, GNBV_READ_ONLY) and
    read-write (the dashboard of one process, the command line)."""
    for read_only in (True, False):
        con = open_database(path, read_only=read_only)
        assert con.table("unit_year_summary").count("*").fetchall()[0][0] > 0
        con.close()


ONE_ROW_PER_KEY = Path(__file__).parent / "invariants" / "assert_one_rollup_row_per_key.sql"


def assert_one_rollup_row_per_key(path: Path) -> None:
    """The rollups a load wrote hold one row per key (the tables have no primary key to refuse a second)."""
    con = connect(path, read_only=True)
    try:
        assert con.execute(ONE_ROW_PER_KEY.read_text(encoding="utf-8")).fetchall() == []
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["direct", "shared"])
def test_five_loads_and_undos_in_a_row_never_make_a_healthy_file_look_damaged(demo_copy, mode):
    def run(action):
        if mode == "shared":
            return write_by_replacing(demo_copy, action, keep=lambda result: result.changed_data)
        con = open_database(demo_copy, read_only=False)
        try:
            return action(con)
        finally:
            con.close()

    for number in range(5):
        year = (2023, 2024)[number % 2]
        content = province_export(demo_copy, "15", year, number + 1)
        loaded = run(lambda con, c=content, y=year: load_households(con, c, f"yen-bai-{y}.csv", y, operator="cán bộ"))
        assert loaded.status == "loaded" and loaded.replaced_row_count >= MIN_HOUSEHOLDS, loaded.errors
        reopen_as_the_dashboard_does(demo_copy)
        assert_one_rollup_row_per_key(demo_copy)
        rows = [[*FUNDING_ROWS[0][:5], f"{12_000 + number}", "10.000", "QĐ 15/QĐ-UBND"], *FUNDING_ROWS[1:]]
        funded = run(lambda con, r=rows: load_funding(con, funding_file(r), "nguon-von.csv", operator="cán bộ"))
        assert funded.status == "loaded", funded.errors
        reopen_as_the_dashboard_does(demo_copy)
        undone = run(lambda con, load_id=loaded.load_id: undo_load(con, load_id, operator="cán bộ"))
        assert undone.status == "undone", undone.problems
        reopen_as_the_dashboard_does(demo_copy)


def test_a_copy_cut_inside_its_used_blocks_is_damaged(demo_path, tmp_path):
    path = tmp_path / "gnbv.duckdb"
    shutil.copy(demo_path, path)
    con = connect(path, read_only=True)
    block_size, used = con.execute("select block_size, used_blocks from pragma_database_size()").fetchall()[0]
    con.close()
    with open(path, "r+b") as handle:
        handle.truncate(block_size * (used - 2))
    with pytest.raises(DatabaseProblem) as raised:
        open_database(path, read_only=True)
    assert raised.value.code == "corrupt"


def test_a_dropped_table_is_named_not_called_truncated(demo_copy):
    con = connect(demo_copy)
    con.execute("drop table unit_class_summary cascade")
    con.close()
    with pytest.raises(DatabaseProblem) as raised:
        open_database(demo_copy, read_only=True)
    assert raised.value.code == "incomplete"
    assert "unit_class_summary" in raised.value.message("vi") and "truncated" not in raised.value.message("vi")


def test_a_migration_that_fails_says_so_and_leaves_the_file(tmp_path):
    """A version 1 file whose household sits in a commune the units of today do not know: DuckDB's
    "Constraint Error" becomes a message naming the failed upgrade, and the file stays at version 1."""
    from test_loading_real_exports import v1_database

    path = tmp_path / "gnbv.duckdb"
    v1_database(path)
    con = connect(path)
    con.execute("update household_review set commune_code = '99999' where year = 2025")
    con.close()
    with pytest.raises(DatabaseProblem) as raised:
        open_database(path, read_only=False)
    assert raised.value.code == "migration_failed"
    assert "Constraint Error" not in raised.value.message("vi").split("(")[0]
    con = connect(path, read_only=True)
    assert version_of(con) == 1
    con.close()


def test_no_extension_is_fetched_for_a_file_that_is_not_duckdb(tmp_path):
    """An SQLite file given as the database: DuckDB would download sqlite_scanner from the internet."""
    import sqlite3

    path = tmp_path / "gnbv.duckdb"
    sqlite3.connect(path).execute("create table a (x)").connection.commit()
    with pytest.raises(DatabaseProblem) as raised:
        open_database(path, read_only=True)
    assert raised.value.code == "corrupt"
    assert "download" not in raised.value.detail.lower() and "http" not in raised.value.detail
    con = connect()
    assert con.execute("select current_setting('autoinstall_known_extensions')").fetchall() == [(False,)]
    assert con.execute("select current_setting('autoload_known_extensions')").fetchall() == [(False,)]


def opened_after_migration(path: Path) -> duckdb.DuckDBPyConnection:
    """An older file: read-only, the dashboard says it is outdated; read-write, it is migrated to today's schema."""
    with pytest.raises(DatabaseProblem) as raised:
        open_database(path, read_only=True)
    assert raised.value.code == "outdated"
    con = open_database(path, read_only=False)
    assert version_of(con) == SCHEMA_VERSION
    return con


def table_type(con: duckdb.DuckDBPyConnection, name: str) -> str:
    ((kind,),) = con.execute(
        "select table_type from information_schema.tables where table_name = $name", {"name": name}
    ).fetchall()
    return kind


def v2_database(path) -> None:
    """A file of schema version 2 (the release before this one): its schema, the units and reference facts
    it held, a few households of 2024 and 2025, a loaded funding row and its load."""
    from data import sql
    from data.database import setup
    from data.reference import units

    fixtures = Path(__file__).parent / "fixtures"
    con = connect(path)
    con.execute((fixtures / "schema_v2.sql").read_text(encoding="utf-8"))
    sql.insert_frame(con, "admin_unit", units.legacy_units())
    sql.insert_frame(con, "admin_unit", units.units_from_2025())
    pairs = units.successors()
    sql.insert_frame(con, "unit_successor", pairs.drop(columns=["new_province_code"]))
    sql.insert_frame(con, "unit_crosswalk", units.crosswalk(pairs))
    sql.execute(con, setup.DATABASE_DIR / "units_derived.sql")
    present = {row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()}
    for table, frame in setup.reference_tables():
        if table in present:
            columns = con.table(table).columns
            rows = frame()
            if table == "project_need":  # version 2 knew the 2021-2025 projects only
                rows = rows[rows["indicator_code"].notna()]
            sql.insert_frame(con, table, rows[[c for c in rows.columns if c in columns]])
    commune = con.execute(
        "select code from admin_unit where scheme = 'from_2025' and level = 'commune' and parent_code = '15' limit 1"
    ).fetchall()[0][0]
    con.execute(
        "insert into household_review (year, household_id, scheme, province_code, district_code, commune_code, area, "
        "members, income_per_capita, household_class, poverty_standard, ethnic_minority, deprivations_mask, "
        "indicators_known_mask, is_synthetic, load_id) values "
        "(2025, 1, 'from_2025', '15', null, $c, 'rural', 4, 1800000, 'middle', '2022-2025', true, 7, 8191, false, 1), "
        "(2025, 2, 'from_2025', '15', null, $c, 'rural', 3, 900000, 'poor', '2022-2025', true, 15, 8191, false, 1)",
        {"c": commune},
    )
    con.execute(
        "insert into funding (scheme, unit_code, year, project_code, funding_source, capital_type, kind, allocated, "
        "disbursed, is_approximate, source_document, is_synthetic, load_id) values "
        "('legacy_63', '15', 2024, 'DA5', 'central_budget', 'recurrent', 'planned', 120, null, false, 'QĐ 1', false, 2)"
    )
    con.execute(
        "insert into load_history (load_id, loaded_at, operator, file_name, file_sha256, dataset, year, unit_codes, "
        "row_count, replaced_row_count, warning_count) values "
        "(1, '2026-01-10 09:00', 'cán bộ', 'a.csv', 'x', 'households', 2025, '15', 2, 0, 0), "
        "(2, '2026-01-11 09:00', 'cán bộ', 'b.csv', 'y', 'funding', null, '15/2024', 1, 0, 0)"
    )
    con.execute("insert into schema_version values (2, '2025-12-01 10:00')")
    con.close()


@pytest.mark.slow
def test_a_version_2_file_is_migrated_with_its_data_kept(tmp_path):
    path = tmp_path / "gnbv.duckdb"
    v2_database(path)
    con = opened_after_migration(path)
    assert con.execute("select levels from unit_scheme where code = 'from_2025'").fetchall() == [
        ("country,province,commune",)
    ]
    assert con.execute("select count(*) from money_source where programme_period = '2026-2030'").fetchall()[0][0] > 0
    assert con.execute("select count(*), sum(members) from household_review").fetchall() == [(2, 7)]
    assert con.execute("select count(*) from funding where load_id = 2").fetchall() == [(1,)]
    # the loaded funding row is placed in the unit tree, with its money kind (version 4 stores the placement)
    assert con.execute(
        "select province_code, money_kind, allocated from funding_located where load_id = 2"
    ).fetchall() == [("15", "recurrent", 120)]
    assert con.execute("select count(*) from load_history").fetchall() == [(2,)]
    # the new standard's cells, from the households held: 2 households of 2025 in one commune
    assert con.execute("select sum(households) from standard_change_cell where year = 2025").fetchall() == [(2,)]
    con.close()


def test_a_version_3_file_gets_its_funding_placement_stored(tmp_path):
    """Version 3 placed the funding rows at every query (a view named funding_located); version 4 stores
    them in a table of that name. A version 3 file is made from today's schema by putting the view back."""
    from data import sql
    from data.database import setup

    path = tmp_path / "gnbv.duckdb"
    con = connect(path)
    setup.populate_reference(con)
    placed = con.execute("select * from funding_located order by all").fetchall()
    assert placed  # the plans' own funding rows, placed
    with sql.transaction(con):
        back_to_version_7(con)  # and every version before it
        con.execute("drop table funding_located")
        con.execute("create view funding_located as select * from funding_placement")
        con.execute("delete from schema_version where version > 3")
        con.execute("insert into schema_version values (3, '2026-06-01 10:00')")
        con.execute("update data_source set value = '2026-06-01' where key = 'data_date'")
    con.close()
    con = opened_after_migration(path)
    assert table_type(con, "funding_located") == "BASE TABLE"
    assert con.execute("select * from funding_located order by all").fetchall() == placed
    # the slides and the meeting pack say the date of the data: a migration does not change it
    assert con.execute("select value from data_source where key = 'data_date'").fetchall() == [("2026-06-01",)]
    con.close()


def test_a_version_5_file_gets_its_units_ancestors_stored(tmp_path):
    """Version 5 derived each unit's ancestors at every use (a view named unit_level_ancestor); version 6
    stores them in a table of that name. A version 5 file is made from today's schema by putting the view
    back; the migrated file holds the rows the view gave."""
    from data import sql
    from data.database import setup

    path = tmp_path / "gnbv.duckdb"
    con = connect(path)
    setup.populate_reference(con)
    stored = con.execute("select * from unit_level_ancestor order by all").fetchall()
    with sql.transaction(con):
        back_to_version_7(con)  # and every version before it
        con.execute("drop table unit_level_ancestor")
        con.execute(
            "create view unit_level_ancestor as select distinct own.scheme, own.ancestor_code as unit_code, "
            "own.ancestor_level as level, above.ancestor_code, above.ancestor_level from unit_ancestor as own "
            "inner join unit_ancestor as above on own.scheme = above.scheme and own.commune_code = above.commune_code "
            "where list_position(['commune', 'district', 'province', 'region', 'country'], above.ancestor_level) "
            ">= list_position(['commune', 'district', 'province', 'region', 'country'], own.ancestor_level)"
        )
        con.execute("delete from schema_version where version > 5")
        con.execute("insert into schema_version values (5, '2026-11-01 10:00')")
    assert con.execute("select * from unit_level_ancestor order by all").fetchall() == stored
    con.close()
    con = opened_after_migration(path)
    assert table_type(con, "unit_level_ancestor") == "BASE TABLE"
    assert con.execute("select * from unit_level_ancestor order by all").fetchall() == stored
    # a commune of Hưng Yên adds up into its district, its province, its region and the country (legacy units)
    ((commune,),) = con.execute(
        "select commune_code from unit_ancestor where scheme = 'legacy_63' and ancestor_code = '33' limit 1"
    ).fetchall()
    ancestors = con.execute(
        "select ancestor_level from unit_level_ancestor where scheme = 'legacy_63' and unit_code = $unit "
        "order by list_position(['commune', 'district', 'province', 'region', 'country'], ancestor_level)",
        {"unit": commune},
    ).fetchall()
    assert [level for (level,) in ancestors] == ["commune", "district", "province", "region", "country"]
    con.close()


def test_a_version_6_file_gets_its_household_codes_as_enums(tmp_path):
    """Version 6 kept household_review's scheme, area, class and standard as text; version 7 as enums. A
    version 6 file is made from today's schema by typing them back as text; the migrated file holds the
    same rows, the codes as the reference's enums, and a class outside them is refused."""
    from data import sql
    from data.database import setup
    from data.database.migrations import V7_CODE_COLUMNS
    from data.reference import periods

    path = tmp_path / "gnbv.duckdb"
    con = connect(path)
    setup.populate_reference(con)
    commune = con.execute(
        "select code from admin_unit where scheme = 'from_2025' and level = 'commune' and parent_code = '15' limit 1"
    ).fetchall()[0][0]
    with sql.transaction(con):
        back_to_version_7(con)
        for column in V7_CODE_COLUMNS:
            con.execute(f"alter table household_review alter {column} type varchar")
            con.execute(f"alter table household_snapshot alter {column} type varchar")
        con.execute("drop type household_class_code")
        con.execute(
            "insert into household_review (year, household_id, scheme, province_code, district_code, commune_code, "
            "area, members, income_per_capita, household_class, poverty_standard, deprivations_mask, "
            "indicators_known_mask, is_synthetic) values "
            "(2025, 1, 'from_2025', '15', null, $c, 'rural', 4, 1800000, 'middle', '2022-2025', 7, 8191, false), "
            "(2025, 2, 'from_2025', '15', null, $c, 'urban', 3, 900000, 'poor', '2022-2025', 15, 8191, false)",
            {"c": commune},
        )
        con.execute("delete from schema_version where version > 6")
        con.execute("insert into schema_version values (6, '2026-12-01 10:00')")
    kept = [column for column in con.table("household_review").columns if column not in DETAIL_COLUMNS]
    rows = con.table("household_review").select(*kept).order("household_id").fetchall()
    con.close()
    con = opened_after_migration(path)
    assert con.execute("select * from household_review order by household_id").fetchall() == rows
    for table in ("household_review", "household_snapshot"):  # the rows kept for undo: the same columns
        typed = dict(
            con.execute(
                "select column_name, data_type from information_schema.columns where table_name = $t", {"t": table}
            ).fetchall()
        )
        assert {column: typed[column] for column in V7_CODE_COLUMNS} == {
            "scheme": "ENUM('legacy_63', 'from_2025')",
            "area": "ENUM('urban', 'rural')",
            "household_class": "ENUM('poor', 'near_poor', 'middle', 'other')",
            "poverty_standard": "ENUM(" + ", ".join(f"'{code}'" for code in periods.poverty_standards()["code"]) + ")",
        }
    with pytest.raises(duckdb.ConversionException):
        con.execute("update household_review set household_class = 'very_poor' where household_id = 1")
    con.close()


# What version 7 kept in household_review's rows and version 8 in household_file_detail
DETAIL_COLUMNS = ("reported_flow", "reported_movement", "source_household_id", "head_name", "address")


def back_to_version_7(con: duckdb.DuckDBPyConnection) -> None:
    """Today's schema as version 7 had it: what a file said beyond the review in five columns of
    household_review and of its undo copy, no table of their own."""
    assert con.table("household_file_detail").columns[3:] == list(DETAIL_COLUMNS)
    con.execute("drop view household_with_detail")
    con.execute("drop table household_file_detail")
    for table in ("household_review", "household_snapshot"):
        for column in DETAIL_COLUMNS:
            con.execute(f"alter table {table} add column {column} varchar")


def test_a_version_7_file_keeps_what_its_files_said_in_a_table_of_its_own(tmp_path):
    """Version 7 kept the movement words, the file's own codes and personal data in household_review's rows
    (and in the undo copy's); version 8 in household_file_detail, keyed by load, province and household.
    The migrated file gives them back through household_with_detail, for the rows reviewed and kept."""
    from data import rollup, sql
    from data.database import setup

    path = tmp_path / "gnbv.duckdb"
    con = connect(path)
    setup.populate_reference(con)
    commune = con.execute(
        "select code from admin_unit where scheme = 'from_2025' and level = 'commune' and parent_code = '15' limit 1"
    ).fetchall()[0][0]
    household = (
        "(year, household_id, scheme, province_code, commune_code, area, household_class, poverty_standard, "
        "deprivations_mask, indicators_known_mask, is_synthetic, load_id, reported_movement, source_household_id, "
        "head_name, address)"
    )
    with sql.transaction(con):
        back_to_version_7(con)
        con.execute(
            f"insert into household_review {household} values "
            "(2025, 1, 'from_2025', '15', $c, 'rural', 'poor', '2022-2025', 7, 8191, false, 3, 'fell_back', "
            "'HO-01', 'Nguyễn Văn A', 'Thôn Đông'), "
            "(2025, 2, 'from_2025', '15', $c, 'rural', 'other', '2022-2025', 0, 8191, false, 3, null, null, null, "
            "null), "
            "(2025, 3, 'from_2025', '15', $c, 'urban', 'middle', '2022-2025', 1, 8191, true, null, null, null, null, "
            "null)",
            {"c": commune},
        )
        con.execute(
            f"insert into household_snapshot {household[:-1]}, replaced_by_load) values "
            "(2025, 5, 'from_2025', '15', $c, 'rural', 'near_poor', '2022-2025', 3, 8191, false, 2, 'escaped', "
            "'HO-05', null, null, 3)",
            {"c": commune},
        )
        con.execute("delete from schema_version where version > 7")
        con.execute("insert into schema_version values (7, '2026-12-04 10:00')")
    con.close()
    con = opened_after_migration(path)
    for table in ("household_review", "household_snapshot"):
        assert not set(DETAIL_COLUMNS) & set(con.table(table).columns)
    assert con.execute("select * from household_file_detail order by load_id").fetchall() == [
        (2, "15", 5, None, "escaped", "HO-05", None, None),
        (3, "15", 1, None, "fell_back", "HO-01", "Nguyễn Văn A", "Thôn Đông"),
    ]
    assert con.execute(
        "select household_id, reported_movement, source_household_id, head_name from household_with_detail "
        "order by household_id"
    ).fetchall() == [(1, "fell_back", "HO-01", "Nguyễn Văn A"), (2, None, None, None), (3, None, None, None)]
    # the rollups read them: the commune holds personal data of one household (made again here: the
    # households were written straight into the version 7 tables, without their rollups)
    with sql.transaction(con):
        rollup.rebuild(con, ["15"])
    assert con.execute(
        "select personal_data_households from unit_year_summary where scheme = 'from_2025' and unit_code = $c "
        "and year = 2025",
        {"c": commune},
    ).fetchall() == [(1,)]
    con.close()


ROLLUP_KEYS = {  # version 4's primary keys of the rollup tables
    "unit_year_summary": "scheme, unit_code, year, poverty_standard",
    "unit_class_summary": "scheme, unit_code, year, poverty_standard, household_class",
    "unit_indicator_summary": "scheme, unit_code, year, poverty_standard, household_class, indicator_code",
}


@pytest.mark.slow  # about 5 s: the seed's rollups keyed, then migrated back
def test_a_version_4_file_keeps_its_rollups_without_their_keys(demo_copy):
    """Version 4 kept a primary key on the three rollup tables; version 5 drops it (its index cost every
    load). A version 4 file is made from the seed by putting the keys back; its rollup rows are carried."""
    from data import sql

    con = connect(demo_copy)
    before = {table: con.table(table).order("all").fetchall() for table in ROLLUP_KEYS}
    with sql.transaction(con):
        back_to_version_7(con)  # and every version before it
        for table, key in ROLLUP_KEYS.items():
            ((ddl,),) = con.execute("select sql from duckdb_tables() where table_name = $t", {"t": table}).fetchall()
            con.execute("alter table " + table + " rename to " + table + "_unkeyed")
            con.execute(ddl.rstrip().rstrip(";").rstrip()[:-1] + ", primary key (" + key + "))")
            con.table(table + "_unkeyed").insert_into(table)
            con.execute("drop table " + table + "_unkeyed")
        con.execute("delete from schema_version")
        con.execute("insert into schema_version values (4, '2026-06-01 10:00')")
        con.execute("update data_source set value = '2026-06-01' where key = 'data_date'")
    keyed = (
        "select count(*) from duckdb_constraints() "
        "where constraint_type = 'PRIMARY KEY' and table_name like 'unit_%summary'"
    )
    assert con.execute(keyed).fetchall() == [(3,)]
    con.close()
    con = opened_after_migration(demo_copy)
    assert con.execute(keyed).fetchall() == [(0,)]
    for table, rows in before.items():
        assert con.table(table).order("all").fetchall() == rows, table
    # the pages' views read the tables made again
    assert con.execute("select count(*) from group_class_summary").fetchall()[0][0] > 0
    assert con.execute("select value from data_source where key = 'data_date'").fetchall() == [("2026-06-01",)]
    con.close()


def test_what_a_killed_shared_load_left_is_cleaned_unless_a_load_runs(demo_copy):
    """A load killed in a shared deployment leaves a full-size .next copy and a .lock beside the file: the
    next start or load removes them; while another load holds the lock, they stay."""
    import subprocess
    import sys

    work = demo_copy.with_name(demo_copy.name + ".next")
    lock = demo_copy.with_name(demo_copy.name + ".lock")
    work.write_bytes(b"x" * 1000)
    lock.write_bytes(b"")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time; f = os.open(sys.argv[1], os.O_RDWR); fcntl.flock(f, fcntl.LOCK_EX); "
            "print('held', flush=True); time.sleep(30)",
            str(lock),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        assert clean_leftovers(demo_copy) == [] and work.exists()  # a load is running: left alone
    finally:
        holder.kill()
        holder.wait()
    assert clean_leftovers(demo_copy) == [work]
    assert not work.exists() and not lock.exists()
    open_database(demo_copy, read_only=True).close()  # the file itself untouched
