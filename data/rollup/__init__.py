"""Rebuilding the rollups (unit_year_summary, unit_class_summary, unit_indicator_summary, and the cells of the
new standard's simulation, standard_change_cell).

Commune rows are computed from the households of one 2025 province at a time (data/rollup/communes.sql:
a household is followed across years inside the province that holds it today); every level above is
then summed from the commune rows (data/rollup/upper.sql), with the units whose figures come from summary
report forms (data/rollup/reports.sql). A load rebuilds only the provinces it
touched, so loading one province into the national database does not re-read 150 million rows.
Call inside the load's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb

from data import sql

ROLLUP_DIR = Path(__file__).parent


def panel_provinces(
    con: duckdb.DuckDBPyConnection, scheme: str = "legacy_63", codes: Iterable[str] | None = None
) -> list[str]:
    """The 2025 provinces (where households are followed) holding ``codes`` of ``scheme``: every one when
    ``codes`` is None, none when it is empty (a caller with nothing to name never widens a sum to the country)."""
    chosen = None if codes is None else sorted(set(codes))
    rows = sql.rows(con, ROLLUP_DIR / "panel_provinces.sql", scheme=scheme, codes=chosen)
    return [row[0] for row in rows]


def listed_provinces(con: duckdb.DuckDBPyConnection, scheme: str, year: int, codes: Iterable[str]) -> list[str]:
    """The 2025 provinces holding those of ``codes`` (provinces of ``scheme``) that have household lists in
    ``year``: where a summary form may complete a list (communes.sql), so their communes are made again."""
    listed = [
        code
        for code in sorted(set(codes))
        if con.execute(
            "select exists (select 1 from household_review where scheme = ? and province_code = ? and year = ?)",
            [scheme, code, int(year)],
        ).fetchone()[0]
    ]
    return panel_provinces(con, scheme, listed) if listed else []


def rebuild(
    con: duckdb.DuckDBPyConnection,
    provinces: Iterable[str] | None = None,
    progress: Callable[[str], None] = lambda message: None,
    form_provinces: Iterable[str] = (),
    first_year: int = 0,
) -> None:
    """Recompute the commune rows of ``provinces`` (2025 codes; all when None) from ``first_year`` on (a
    load of one year, or its undo, changes that year and the flows of every later one; 0: every year), the
    new standard's cells of that year only (a year's cells count its own households), then every level
    above them and above ``form_provinces`` (2025 codes whose summary report forms changed: their communes'
    households need not be read again, their districts and provinces are summed again)."""
    chosen = panel_provinces(con) if provinces is None else sorted(set(provinces))
    for number, province in enumerate(chosen, start=1):
        progress(f"rollup {number}/{len(chosen)}: {province}")
        rebuild_communes(con, province, first_year)
    # Above the communes, only what the chosen provinces reach (every unit when all are rebuilt).
    sum_above_communes(con, None if provinces is None else sorted(set(chosen) | set(form_provinces)))


def rebuild_communes(con: duckdb.DuckDBPyConnection, province: str, first_year: int = 0) -> None:
    """The commune rows and the new standard's cells of one 2025 province, from ``first_year`` on (see
    ``rebuild``). Nothing above the communes: ``sum_above_communes`` follows."""
    sql.execute(con, ROLLUP_DIR / "communes.sql", panel_province=province, first_year=int(first_year))
    sql.execute(con, ROLLUP_DIR / "standard_change.sql", panel_province=province, year=int(first_year) or None)


def sum_above_communes(con: duckdb.DuckDBPyConnection, provinces: list[str] | None = None) -> None:
    """The units counted from summary report forms, then every level above the communes of ``provinces``
    (2025 codes; every unit when None)."""
    sql.execute(con, ROLLUP_DIR / "reports.sql")  # units counted from summary report forms (small: all again)
    sql.execute(con, ROLLUP_DIR / "upper.sql", panel_provinces=provinces)
