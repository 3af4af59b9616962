"""Build the embedded demo database: ``python -m data.build [PATH]``.

The database is written to a temporary file next to the target and renamed over it only when every
step has succeeded, so a failed or interrupted build never leaves half a database behind.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

import duckdb

from data import admin_units
from data.demo import funding as demo_funding
from data.demo.calibrate import SEED, build_plan
from data.reference_data import insert_frame, load_reference

DATA_DIR = Path(__file__).parent
DEFAULT_DATABASE = DATA_DIR / "gnbv.duckdb"


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute((DATA_DIR / "schema.sql").read_text(encoding="utf-8"))


def rebuild_rollups(con: duckdb.DuckDBPyConnection) -> None:
    """Replace every rollup from household_review; call inside the load's transaction."""
    con.execute("delete from unit_year_summary")
    con.execute("insert into unit_year_summary " + (DATA_DIR / "rollup.sql").read_text(encoding="utf-8"))
    con.execute("delete from unit_status_summary")
    con.execute("delete from unit_indicator_summary")
    con.execute(
        "create temporary table deprivation_rollup as "
        + (DATA_DIR / "rollup_deprivation.sql").read_text(encoding="utf-8")
    )
    con.execute(
        """
        insert into unit_status_summary
        select distinct unit_code, level, parent_code, year, poverty_standard, status, households,
            mpi_poor_households, mpi_poor_deprivation_sum
        from deprivation_rollup
        """
    )
    # Only the indicators of each standard's list (indicator table), by their code.
    con.execute(
        """
        insert into unit_indicator_summary
        select rollup.unit_code, rollup.level, rollup.parent_code, rollup.year, rollup.poverty_standard,
            rollup.status, indicator.code, rollup.deprived_households, rollup.mpi_poor_deprived_households
        from deprivation_rollup as rollup
        inner join indicator
            on indicator.column_name = rollup.column_name and indicator.standard = rollup.poverty_standard
        """
    )
    con.execute("drop table deprivation_rollup")


def refresh_data_source(con: duckdb.DuckDBPyConnection) -> None:
    """What the household data are now (synthetic, real, mixed or empty) and the date of the data."""
    con.execute(
        """
        insert or replace into data_source
        select 'household_data', case
            when count(*) = 0 then 'empty'
            when bool_and(is_synthetic) then 'synthetic'
            when bool_or(is_synthetic) then 'mixed'
            else 'real'
        end
        from household_review
        union all
        select 'data_date', $today
        """,
        {"today": date.today().isoformat()},
    )


def load_admin_units(con: duckdb.DuckDBPyConnection) -> None:
    insert_frame(con, "admin_unit", admin_units.legacy_units())
    insert_frame(con, "admin_unit", admin_units.units_from_2025())
    insert_frame(con, "unit_crosswalk", admin_units.crosswalk())


def generate_demo_households(con: duckdb.DuckDBPyConnection) -> None:
    units = con.sql("select * from admin_unit where scheme = 'legacy_63'").df()
    plan = build_plan(units)
    con.register("_plan", plan)
    con.execute("create temporary table demo_commune_plan as select * from _plan")
    con.unregister("_plan")
    sql = (DATA_DIR / "demo" / "households.sql").read_text(encoding="utf-8")
    con.execute("insert into household_review by name " + sql, {"seed": SEED})
    con.execute("drop table demo_commune_plan")


def populate(con: duckdb.DuckDBPyConnection, with_demo_households: bool = True) -> None:
    """Create every table and fill it: units, reference facts, demo households, rollups. One transaction."""
    create_schema(con)
    con.execute("begin transaction")
    try:
        load_admin_units(con)
        load_reference(con)
        if with_demo_households:
            generate_demo_households(con)
            demo_funding.insert(con)
        rebuild_rollups(con)
        refresh_data_source(con)
        con.execute("insert or replace into data_source values ('demo_seed', $seed)", {"seed": str(SEED)})
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def build(path: Path = DEFAULT_DATABASE) -> Path:
    path = Path(path)
    temporary = path.with_suffix(".building")
    for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
        leftover.unlink(missing_ok=True)
    con = duckdb.connect(str(temporary))
    try:
        populate(con)
        con.execute("checkpoint")
    finally:
        con.close()
    os.replace(temporary, path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the GNBV demo database.")
    parser.add_argument("path", nargs="?", default=str(DEFAULT_DATABASE))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    path = build(Path(args.path))
    print(f"Đã tạo cơ sở dữ liệu / database built: {path} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
