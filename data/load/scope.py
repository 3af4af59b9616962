"""Which provinces an account may load into (and, with GNBV_VIEW_SCOPE=scope, see): one rule for the
Dữ liệu page, the command line and the loader. A scope names today's provinces (data/accounts.py); a file
of an older review year is keyed to the older units, so the scope covers the provinces that went into them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb

from data import sql
from data.reference import periods

SCOPE_SQL = Path(__file__).with_name("provinces_in_scope.sql")


def provinces_in_scope(
    con: duckdb.DuckDBPyConnection, scheme: str, provinces: Iterable[str] | None
) -> list[str] | None:
    """The provinces of ``scheme`` a scope of today's ``provinces`` covers (None: the whole country)."""
    if provinces is None:
        return None
    return [row[0] for row in sql.rows(con, SCOPE_SQL, scheme=scheme, provinces=list(provinces))]


def provinces_in_any_scheme(con: duckdb.DuckDBPyConnection, provinces: Iterable[str] | None) -> list[str] | None:
    """The provinces of every scheme the scope covers (a funding file or an undo may touch either)."""
    if provinces is None:
        return None
    chosen = list(provinces)
    return sorted({code for scheme in periods.scheme_codes() for code in provinces_in_scope(con, scheme, chosen)})
