"""Which version of data/database/schema.sql built a database file, recorded in the file itself (table
schema_version; a file without that table but with household_review was built by version 1)."""

from __future__ import annotations

from datetime import datetime

import duckdb

SCHEMA_VERSION = 8


def stamp(con: duckdb.DuckDBPyConnection, version: int = SCHEMA_VERSION) -> None:
    """Record that the schema of ``version`` is in place (once per version)."""
    if version_of(con) < version or not con.table("schema_version").count("*").fetchall()[0][0]:
        con.table("schema_version").insert([version, datetime.now().replace(microsecond=0)])


def version_of(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of an open database (0: no tables at all)."""
    tables = {row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()}
    if "schema_version" in tables:
        return int(con.table("schema_version").aggregate("max(version)").fetchall()[0][0] or 0)
    return 1 if "household_review" in tables else 0
