"""Bringing a database built by an older version of data/schema.sql up to the current one, in one
transaction: a failure leaves the file as it was. Each step is ``v<N>_to_v<N+1>``; the tests run
them from a copy of each older schema (tests/fixtures/schema_v1.sql).

What is data is carried over (households, loaded funding, the load history); what the code derives
(units, reference facts from data/reference, rollups, views, macros) is built again.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from data import sql
from data.database.version import SCHEMA_VERSION, stamp

MIGRATIONS_DIR = Path(__file__).parent


def migrate(con: duckdb.DuckDBPyConnection, version: int) -> None:
    from data import rollup
    from data.database import setup

    with sql.transaction(con):
        if version == 1:
            sql.execute(con, MIGRATIONS_DIR / "v1_set_aside.sql")
            setup.create_schema(con)
            setup.load_admin_units(con)
            setup.load_reference(con)
            sql.execute(con, MIGRATIONS_DIR / "v1_carry_over.sql")
            rollup.rebuild(con)
            setup.refresh_derived(con)
            kinds = dict(con.table("data_source").fetchall())
            setup.mark_purpose(con, "demo" if kinds.get("household_data") == "synthetic" else "department")
            version = SCHEMA_VERSION  # the step built today's schema whole
        if version == 2:
            _v2_to_v3(con)
            version = 3
        if version == 3:
            _v3_to_v4(con)
            version = 4
        if version == 4:
            _v4_to_v5(con)
            version = 5
        if version == 5:
            _v5_to_v6(con)
            version = 6
        if version == 6:
            _v6_to_v7(con)
            version = 7
        if version == 7:
            _v7_to_v8(con)
            version = 8
        if version != SCHEMA_VERSION:
            raise RuntimeError(f"cannot migrate a database of schema {version}")
        stamp(con, version)


# What version 3 derives again from data/reference (every reference table it changed or added; the units
# and their crosswalk did not change). Loaded funding and households are data: carried as they are.
V3_REFERENCE_TABLES = (
    "unit_scheme",
    "poverty_standard",
    "programme_period",
    "money_kind",
    "money_source",
    "target",
    "reported_value",
    "program_project",
    "indicator",
    "target_measure",
    "project_need",
    "programme_frame",
    "published_figure_note",
)


def _v2_to_v3(con: duckdb.DuckDBPyConnection) -> None:
    """Version 3: unit schemes with their levels, the money kinds and sources of each programme period,
    the 2026-2030 reference rows, the rules in their own file (views and macros made again)."""
    from data.database import setup

    views = [row[0] for row in con.execute("select view_name from duckdb_views() where not internal").fetchall()]
    for view in views:
        con.execute("drop view if exists " + _identifier(view))
    for table in V3_REFERENCE_TABLES:
        con.execute("drop table if exists " + _identifier(table))
    setup.create_schema(con)
    frames = dict(setup.reference_tables())
    for table in V3_REFERENCE_TABLES:
        sql.insert_frame(con, table, frames[table]())
    sql.execute(con, MIGRATIONS_DIR / "v2_to_v3.sql")
    from data import rollup

    for province in rollup.panel_provinces(con):  # the new standard's cells, from the households held
        sql.execute(con, rollup.ROLLUP_DIR / "standard_change.sql", panel_province=province, year=None)


def _v3_to_v4(con: duckdb.DuckDBPyConnection) -> None:
    """Version 4: the funding rows placed in the unit tree are stored (table funding_located, written after
    every change by setup.refresh_derived) where version 3 placed them at every query (a view of that name)."""
    from data.database import setup

    if con.execute("select count(*) from duckdb_views() where view_name = 'funding_located'").fetchall()[0][0]:
        con.execute("drop view funding_located")
    setup.create_schema(con)
    setup.store_funding_placement(con)  # the data and the date of the data are as they were


# The rollup tables version 5 keeps without a primary key (data/database/schema.sql says why).
V5_UNKEYED_ROLLUPS = ("unit_year_summary", "unit_class_summary", "unit_indicator_summary")


def _v4_to_v5(con: duckdb.DuckDBPyConnection) -> None:
    """Version 5: the three rollup tables without their primary key; their rows are carried in their order
    (DuckDB cannot drop a key: each table is made again from today's schema and filled from the old one)."""
    from data.database import setup

    for table in V5_UNKEYED_ROLLUPS:
        con.execute("alter table " + _identifier(table) + " rename to " + _identifier(table + "_v4"))
    setup.create_schema(con)
    for table in V5_UNKEYED_ROLLUPS:
        con.table(table + "_v4").insert_into(table)  # the same columns in the same order
        con.execute("drop table " + _identifier(table + "_v4"))


def _v5_to_v6(con: duckdb.DuckDBPyConnection) -> None:
    """Version 6: each unit's ancestors at every level stored (table unit_level_ancestor, written with the
    other tables derived from the units) where version 5 derived them at every use (a view of that name)."""
    from data.database import setup

    if con.execute("select count(*) from duckdb_views() where view_name = 'unit_level_ancestor'").fetchall()[0][0]:
        con.execute("drop view unit_level_ancestor")
    setup.create_schema(con)
    sql.execute(con, setup.DATABASE_DIR / "unit_levels.sql")


# household_review's few-valued codes and the enum each is stored as from version 7 (schema.sql)
V7_CODE_COLUMNS = {
    "scheme": "unit_scheme_code",
    "area": "area_code",
    "household_class": "household_class_code",
    "poverty_standard": "poverty_standard_code",
}


def _v6_to_v7(con: duckdb.DuckDBPyConnection) -> None:
    """Version 7: household_review's scheme, area, class and standard as enums instead of text, and so in
    the rows kept for undo (household_snapshot, a copy of its columns). The same values; one outside them,
    which no loader writes, fails the migration and leaves the file."""
    from data.database import setup

    setup.create_schema(con)  # the types; every table exists already
    for table in ("household_review", "household_snapshot"):
        for column, code_type in V7_CODE_COLUMNS.items():
            con.execute(f"alter table {table} alter {_identifier(column)} type {_identifier(code_type)}")


def _v7_to_v8(con: duckdb.DuckDBPyConnection) -> None:
    """Version 8: what loaded files said beyond the review (movement words, the file's own codes, personal
    data) in a table of its own, household_file_detail, instead of five columns of household_review and of
    its undo copy (household_snapshot): v7_to_v8.sql."""
    from data.database import setup

    setup.create_schema(con)  # the new table and the view over both
    sql.execute(con, MIGRATIONS_DIR / "v7_to_v8.sql")


def _identifier(name: str) -> str:
    """A table or view name, quoted (names come from the catalogue or the list above, never from input)."""
    return '"' + name.replace('"', '""') + '"'
