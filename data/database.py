"""The database file: its schema version, the check at start, migrations of older files.

A database records the version of data/schema.sql that built it (table schema_version; a file without
that table but with household_review was built by version 1, before versions were recorded). The
dashboard and the loader open the file through ``open_database``: a missing, empty, corrupt, locked or
read-only file, or one built by a newer version, raises ``DatabaseProblem`` with a code the pages turn
into a Vietnamese message (``db_<code>`` in the label catalogue) and the page stays up; an older file
opened read-write is migrated in one transaction (data/migrations/), and one opened read-only is
refused with the command that migrates it.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import duckdb

from data.labels import label

SCHEMA_VERSION = 2
# The build and loads of the national panel stay within the machine's budget: DuckDB spills to disk
# beyond this rather than growing the process (docs/performance.md). Set after connecting (SET), not as
# connection config: DuckDB refuses a second connection to one file with another config.
BUILD_MEMORY = "2GB"
APP_MEMORY = "1GB"


class DatabaseProblem(RuntimeError):
    """The database file cannot be used as it is; ``code`` names why (db_<code> labels)."""

    def __init__(self, code: str, path: Path, detail: str = ""):
        self.code, self.path, self.detail = code, Path(path), detail
        super().__init__(f"{code}: {path} {detail}".strip())

    def message(self, lang: str = "vi") -> str:
        return label(
            f"db_{self.code}",
            lang,
            path=str(self.path),
            detail=self.detail.splitlines()[0][:200] if self.detail else "",
        )


def stamp(con: duckdb.DuckDBPyConnection) -> None:
    """Record that the schema of this version was created (once)."""
    if not con.table("schema_version").count("*").fetchall()[0][0]:
        con.table("schema_version").insert([SCHEMA_VERSION, datetime.now().replace(microsecond=0)])


def version_of(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of an open database (0: no tables at all)."""
    tables = {row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()}
    if "schema_version" in tables:
        return int(con.table("schema_version").aggregate("max(version)").fetchall()[0][0] or 0)
    return 1 if "household_review" in tables else 0


def _classify(error: Exception) -> str:
    text = str(error)
    if "Conflicting lock" in text or "Could not set lock" in text:
        return "locked"
    if "Permission denied" in text or "Read-only file system" in text or "read-only" in text.lower():
        return "read_only"
    return "corrupt"


def limit_memory(con: duckdb.DuckDBPyConnection, limit: str) -> None:
    con.execute("set memory_limit = $limit", {"limit": limit})


def open_database(path: Path, read_only: bool, memory: str = APP_MEMORY) -> duckdb.DuckDBPyConnection:
    """Open and check the database file; migrate an older one when opened read-write."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseProblem("missing", path)
    if path.stat().st_size == 0:
        raise DatabaseProblem("empty", path)
    if not read_only and not os.access(path, os.W_OK):
        raise DatabaseProblem("read_only", path)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
        limit_memory(con, memory)
    except duckdb.Error as error:
        raise DatabaseProblem(_classify(error), path, str(error)) from error
    try:
        version = version_of(con)
        if version == 0:
            raise DatabaseProblem("empty", path)
        if version > SCHEMA_VERSION:
            raise DatabaseProblem("too_new", path, str(version))
        if version < SCHEMA_VERSION:
            if read_only:
                raise DatabaseProblem("outdated", path, str(version))
            from data import migrations

            migrations.migrate(con, version)
        # A file cut short (a copy that did not finish) lacks blocks its own catalogue counts: say so here,
        # not in the middle of the first page.
        _name, _size, block_size, total_blocks, *_ = con.execute("pragma database_size").fetchall()[0]
        if path.stat().st_size < int(block_size) * int(total_blocks):
            raise DatabaseProblem("corrupt", path, "truncated")
        con.table("unit_year_summary").count("*").fetchall()
    except DatabaseProblem:
        con.close()
        raise
    except duckdb.Error as error:
        con.close()
        raise DatabaseProblem(_classify(error), path, str(error)) from error
    return con
