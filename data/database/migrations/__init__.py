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

MIGRATIONS_DIR = Path(__file__).parent


def migrate(con: duckdb.DuckDBPyConnection, version: int) -> None:
    from data import database, rollup
    from data.database import setup

    with sql.transaction(con):
        if version == 1:
            sql.execute(con, MIGRATIONS_DIR / "v1_set_aside.sql")
            setup.create_schema(con)
            setup.load_admin_units(con)
            setup.load_reference(con)
            sql.execute(con, MIGRATIONS_DIR / "v1_carry_over.sql")
            rollup.rebuild(con)
            setup.refresh_data_source(con)
            kinds = dict(con.table("data_source").fetchall())
            setup.mark_purpose(con, "demo" if kinds.get("household_data") == "synthetic" else "department")
            version = 2
        if version != database.SCHEMA_VERSION:
            raise RuntimeError(f"cannot migrate a database of schema {version}")
