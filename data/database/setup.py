"""What every database holds besides households: the schema and its rules, the administrative units and
the reference facts (data/reference), the data source record. Used by the demo build (data/build.py),
the migrations and the tests; it never generates households."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from data import sql
from data.database import version
from data.reference import facts, periods, units
from data.reference.files import read_reference
from data.sql import insert_frame

DATABASE_DIR = Path(__file__).parent


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """The code types the reference decides, every table and view (schema.sql), then the rules (rules.sql),
    stamped with the schema version."""
    create_code_types(con)
    sql.execute(con, DATABASE_DIR / "schema.sql")
    sql.execute(con, DATABASE_DIR / "rules.sql")
    version.stamp(con)


HOUSEHOLD_CLASSES = ("poor", "near_poor", "middle", "other")  # household_review.household_class, poorest first
AREAS = ("urban", "rural")


def create_code_types(con: duckdb.DuckDBPyConnection) -> None:
    """The enums of household_review's few-valued codes (schema.sql says why): its area and class, and its
    scheme and standard with the reference's codes. A database that has them keeps them: widening them is
    a migration's job."""
    for name, codes in (
        ("unit_scheme_code", periods.scheme_codes()),
        ("area_code", AREAS),
        ("household_class_code", HOUSEHOLD_CLASSES),
        ("poverty_standard_code", periods.standard_codes()),
    ):
        values = ", ".join("'" + code.replace("'", "''") + "'" for code in codes)  # DDL takes no parameters
        con.execute(f"create type if not exists {name} as enum ({values})")


def load_admin_units(con: duckdb.DuckDBPyConnection) -> None:
    insert_frame(con, "admin_unit", units.legacy_units())
    insert_frame(con, "admin_unit", units.units_from_2025())
    pairs = units.successors()
    insert_frame(con, "unit_successor", pairs.drop(columns=["new_province_code"]))
    insert_frame(con, "unit_crosswalk", units.crosswalk(pairs))
    derive_unit_tables(con)


def derive_unit_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The tables derived from the units and their crosswalk: the successor provinces, each commune's
    ancestors, then each unit's ancestors at every level."""
    sql.execute(con, DATABASE_DIR / "units_derived.sql")
    sql.execute(con, DATABASE_DIR / "unit_levels.sql")


# The tables written from data/reference, in order: the rules' own tables first.
def reference_tables() -> list[tuple[str, object]]:
    return [
        ("unit_scheme", periods.unit_schemes),
        ("poverty_standard", periods.poverty_standards),
        ("programme_period", periods.programme_periods),
        ("money_kind", facts.money_kinds),
        ("money_source", facts.money_sources),
        ("target", facts.targets),
        ("reported_value", facts.reported_values),
        ("funding", facts.funding),
        ("program_project", facts.program_projects),
        ("indicator", facts.indicators),
        ("target_measure", facts.target_measures),
        ("project_need", facts.project_needs),
        ("programme_frame", facts.programme_frame),
        ("published_figure_note", lambda: read_reference("unmet_figures.csv")),
    ]


def load_reference(con: duckdb.DuckDBPyConnection) -> None:
    for table, frame in reference_tables():
        insert_frame(con, table, frame())


def refresh_derived(con: duckdb.DuckDBPyConnection) -> None:
    """What is derived from the whole database, written again after every change to its data (the demo
    build, each load and undo, the migrations): what the household data are now (synthetic, real, mixed or
    empty) with the date of the data, and the funding rows placed in the unit tree (funding_located)."""
    sql.execute(con, DATABASE_DIR / "data_source.sql", today=date.today().isoformat())
    store_funding_placement(con)


def store_funding_placement(con: duckdb.DuckDBPyConnection) -> None:
    """The funding rows placed in the unit tree by the rule (view funding_placement), stored whole in
    funding_located, which the pages read."""
    sql.execute(con, DATABASE_DIR / "funding_located.sql")


def mark_purpose(con: duckdb.DuckDBPyConnection, purpose: str) -> None:
    """Whether the file is the demo (synthetic households; anyone may try a load when no account exists)
    or a department's database (loads need an account: gnbv/ui/auth.py)."""
    sql.execute(con, DATABASE_DIR / "mark_purpose.sql", purpose=purpose)


def populate_reference(con: duckdb.DuckDBPyConnection) -> None:
    """A department's database before any load: schema, units, reference facts, in one transaction."""
    create_schema(con)
    with sql.transaction(con):
        load_admin_units(con)
        load_reference(con)
        refresh_derived(con)
        mark_purpose(con, "department")
