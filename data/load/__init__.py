"""Loading a department's own files: household reviews and funding tables.

The same functions serve the Dữ liệu page and the command line (``python -m data.load``). A load
reads and checks the whole file before anything is written; then one transaction replaces the
province-years (households) or unit-years (funding) the file covers, rebuilds the rollups and records
the load. A rejected file, an exception or a killed process leaves the previous data as they were.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from data import build
from data.load import funding, households
from data.load.problems import ERROR, LoadRejected, Problem
from data.load.reading import read_table

DEFAULT_MAX_MEGABYTES = 200
SQL_DIR = Path(__file__).parent


standard_for_year = households.standard_for_year


def max_upload_bytes() -> int:
    """The largest file accepted, from GNBV_MAX_UPLOAD_MB (default 200 MB)."""
    return int(float(os.environ.get("GNBV_MAX_UPLOAD_MB", DEFAULT_MAX_MEGABYTES)) * 1024 * 1024)


def store_personal_data() -> bool:
    """Names and addresses are kept only when the operator sets GNBV_STORE_PERSONAL=1."""
    return os.environ.get("GNBV_STORE_PERSONAL", "") == "1"


@dataclass
class LoadResult:
    status: str  # loaded | rejected | unchanged
    problems: list[Problem] = field(default_factory=list)
    row_count: int = 0
    replaced_row_count: int = 0
    unit_codes: list[str] = field(default_factory=list)
    load_id: int | None = None
    encoding: str | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != ERROR]


def _check_size(content: bytes, max_bytes: int | None) -> None:
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    if len(content) > limit:
        raise LoadRejected(
            [Problem.error("file_too_large", size=round(len(content) / 1048576, 1), limit=round(limit / 1048576, 1))]
        )


def _unchanged(con: duckdb.DuckDBPyConnection, dataset: str, year: int | None, units: str, sha: str) -> bool:
    """The same file was the last load of exactly these units and year, and its rows are all still there."""
    rows = con.execute(
        (SQL_DIR / "last_load.sql").read_text(encoding="utf-8"),
        {
            "dataset": dataset,
            "year": year,
            "unit_codes": units,
        },
    ).fetchall()
    return bool(rows) and rows[0][0] == sha and rows[0][1] == rows[0][2]


def _next_load_id(cursor: duckdb.DuckDBPyConnection) -> int:
    return cursor.execute("select coalesce(max(load_id), 0) + 1 from load_history").fetchall()[0][0]


def _in_transaction(con: duckdb.DuckDBPyConnection, work: Callable[[duckdb.DuckDBPyConnection], object]) -> object:
    cursor = con.cursor()
    try:
        cursor.execute("begin transaction")
        try:
            result = work(cursor)
            cursor.execute("commit")
            return result
        except BaseException:
            cursor.execute("rollback")
            raise
    finally:
        cursor.close()


def _finish(
    con: duckdb.DuckDBPyConnection,
    result: LoadResult,
    content: bytes,
    file_name: str,
    operator: str,
    dataset: str,
    year: int | None,
    standard: str | None,
    units: str,
    replace: Callable[[duckdb.DuckDBPyConnection, int], int],
    progress: Callable[[str], None] = lambda step: None,
) -> LoadResult:
    """After the checks, for any dataset: refuse on errors, skip an identical reload, else replace
    (``replace`` returns the rows it removed) and record the load, in one transaction."""
    if result.errors:
        return result
    sha = hashlib.sha256(content).hexdigest()
    if _unchanged(con, dataset, year, units, sha):
        result.status = "unchanged"
        return result

    def write(cursor: duckdb.DuckDBPyConnection) -> tuple[int, int]:
        progress("write")
        load_id = _next_load_id(cursor)
        replaced = replace(cursor, load_id)
        cursor.execute(
            "insert into load_history values ($load_id, $at, $operator, $file_name, $sha, $dataset, $year, "
            "$standard, $units, $rows, $replaced, $warnings)",
            {
                "load_id": load_id,
                "at": datetime.now().replace(microsecond=0),
                "operator": operator or os.environ.get("USER", "") or "—",
                "file_name": file_name,
                "sha": sha,
                "dataset": dataset,
                "year": year,
                "standard": standard,
                "units": units,
                "rows": result.row_count,
                "replaced": replaced,
                "warnings": len(result.warnings),
            },
        )
        return load_id, replaced

    result.load_id, result.replaced_row_count = _in_transaction(con, write)
    result.status = "loaded"
    progress("done")
    return result


def load_households(
    con: duckdb.DuckDBPyConnection,
    content: bytes,
    file_name: str,
    year: int,
    standard: str | None = None,
    operator: str = "",
    keep_personal: bool | None = None,
    max_bytes: int | None = None,
    progress: Callable[[str], None] = lambda step: None,
) -> LoadResult:
    """Check, then replace the file's provinces for ``year`` in one transaction."""
    standard = standard or households.standard_for_year(year)
    keep_personal = store_personal_data() if keep_personal is None else keep_personal
    try:
        _check_size(content, max_bytes)
        households.check_year(year, standard)
        progress("read")
        table = read_table(content, file_name, households.fields(standard))
        staged, problems = households.parse(table, year, standard, keep_personal)
        progress("check")
        problems += households.relational_problems(con, staged, standard)
    except LoadRejected as rejected:
        return LoadResult("rejected", rejected.problems)
    result = LoadResult("rejected", problems, row_count=len(staged), encoding=table.encoding)
    provinces = sorted(staged["province_code"].dropna().unique())
    result.unit_codes = provinces

    def replace(cursor: duckdb.DuckDBPyConnection, load_id: int) -> int:
        params = {"year": year, "provinces": provinces}
        replaced = cursor.execute(
            "select count(*) from household_review where year = $year and province_code in (select unnest($provinces))",
            params,
        ).fetchall()[0][0]
        cursor.execute(
            "delete from household_review where year = $year and province_code in (select unnest($provinces))", params
        )
        cursor.register("staged_households", staged)
        cursor.execute(
            (SQL_DIR / "insert_households.sql").read_text(encoding="utf-8"),
            {"year": year, "standard": standard, "load_id": load_id},
        )
        cursor.unregister("staged_households")
        progress("rollups")
        build.rebuild_rollups(cursor)
        build.refresh_data_source(cursor)
        return replaced

    return _finish(
        con, result, content, file_name, operator, "households", year, standard, ",".join(provinces), replace, progress
    )


def load_funding(
    con: duckdb.DuckDBPyConnection,
    content: bytes,
    file_name: str,
    operator: str = "",
    max_bytes: int | None = None,
) -> LoadResult:
    """Check, then replace the funding rows of every unit-year the file covers, in one transaction."""
    try:
        _check_size(content, max_bytes)
        table = read_table(content, file_name, funding.FIELDS)
        staged, problems = funding.parse(table)
        problems += funding.relational_problems(con, staged)
    except LoadRejected as rejected:
        return LoadResult("rejected", rejected.problems)
    result = LoadResult("rejected", problems, row_count=len(staged), encoding=table.encoding)
    pairs = staged[["unit_code", "year"]].dropna().drop_duplicates().sort_values(["unit_code", "year"])
    result.unit_codes = sorted(pairs["unit_code"].unique())

    def replace(cursor: duckdb.DuckDBPyConnection, load_id: int) -> int:
        cursor.register("replaced_pairs", pairs)
        replaced = cursor.execute(
            "select count(*) from funding inner join replaced_pairs using (unit_code, year)"
        ).fetchall()[0][0]
        cursor.execute("delete from funding where (unit_code, year) in (select (unit_code, year) from replaced_pairs)")
        cursor.unregister("replaced_pairs")
        cursor.register("staged_funding", staged)
        cursor.execute((SQL_DIR / "insert_funding.sql").read_text(encoding="utf-8"), {"load_id": load_id})
        cursor.unregister("staged_funding")
        return replaced

    units = ",".join(f"{u}/{y}" for u, y in pairs.itertuples(index=False, name=None))
    return _finish(con, result, content, file_name, operator, "funding", None, None, units, replace)


def template(dataset: str, standard: str = "2022-2025") -> bytes:
    """An empty file with the first accepted header of every column, UTF-8 with BOM (Excel opens it right)."""
    fields = funding.FIELDS if dataset == "funding" else households.fields(standard)
    return ("\ufeff" + ";".join(f.aliases[0] for f in fields) + "\r\n").encode("utf-8")


def schema(dataset: str, standard: str, lang: str) -> list[dict]:
    """The import schema, field by field, for the page and the README."""
    fields = funding.FIELDS if dataset == "funding" else households.fields(standard)
    return [
        {
            "field": f.name,
            "label": f.label_vi if lang == "vi" else f.label_en,
            "required": f.required,
            "aliases": ", ".join(f.aliases),
        }
        for f in fields
    ]
