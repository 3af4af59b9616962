"""Loading a department's own files: household reviews and funding tables.

The same functions serve the Dữ liệu page and the command line (``python -m data.load``). A load:

1. hashes the file first: the same file as the last load of its units, all its rows still there,
   returns "unchanged" in a second, whatever its size;
2. reads and checks the whole file before anything is written (row-by-row problems, in the file's
   own row numbers and headers), and measures how far its household ids continue the neighbouring
   review years (below min_continuity() the flows of those years are not counted);
3. previews, unit by unit, what is there and what will be there; a load that would take every
   household of a unit away, or more than a tenth of them, waits for a confirmation;
4. writes in one transaction, one writer at a time (WRITE_LOCK: a second upload waits its turn):
   replaces exactly the communes the file covers (or, asked for, the whole province-year), keeps the
   rows it replaced for an undo, recomputes the rollups of the provinces it touched, records the load
   and the audit event. A rejected file, an exception or a killed process leaves the data as they were.
"""

from __future__ import annotations

import functools
import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from data import accounts, rollup, sql
from data.database import setup
from data.labels import in_language
from data.load import funding, households, reports
from data.load.problems import ERROR, WARNING, LoadRejected, Problem
from data.load.reading import Source, read_table
from data.reference.periods import scheme_of_year, standard_of_year

DEFAULT_MAX_MEGABYTES = 200
SQL_DIR = Path(__file__).parent
# One writer at a time in this process: DuckDB would refuse the second of two transactions deleting the
# same rows ("Conflict on tuple deletion"); here the second waits its turn and then lands.
WRITE_LOCK = threading.Lock()


def max_upload_bytes() -> int:
    """The largest file accepted, from GNBV_MAX_UPLOAD_MB (default 200 MB)."""
    return int(float(os.environ.get("GNBV_MAX_UPLOAD_MB", DEFAULT_MAX_MEGABYTES)) * 1024 * 1024)


def store_personal_data() -> bool:
    """Names and addresses are kept only when the operator sets GNBV_STORE_PERSONAL=1."""
    return os.environ.get("GNBV_STORE_PERSONAL", "") == "1"


def undo_keep_days() -> int:
    """How long the rows a load replaced are kept for an undo after a newer load of the same units:
    GNBV_UNDO_KEEP_DAYS (default 0: until that newer load)."""
    return int(os.environ.get("GNBV_UNDO_KEEP_DAYS", "0") or 0)


@dataclass
class LoadResult:
    status: str  # loaded | rejected | unchanged | needs_confirmation | undone
    problems: list[Problem] = field(default_factory=list)
    row_count: int = 0
    replaced_row_count: int = 0
    unit_codes: list[str] = field(default_factory=list)
    load_id: int | None = None
    encoding: str | None = None
    headers: dict[str, str] = field(default_factory=dict)  # field -> the file's own header
    preview: pd.DataFrame | None = None  # preview_households.sql
    continuity: dict[str, int] = field(default_factory=dict)  # continuity.sql
    seconds: float = 0.0
    scheme: str | None = None
    sources: list[Source] = field(default_factory=list)  # the sheets and files read or skipped

    @property
    def changed_data(self) -> bool:
        """The load or the undo wrote to the database (cached results and a shared file must follow)."""
        return self.status in ("loaded", "undone")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != ERROR]

    def share(self, which: str) -> float | None:
        """The share of the file's households whose id is in the previous or next loaded year."""
        total = self.continuity.get(f"{which}_year_households") or 0
        return self.continuity.get(f"{which}_year_matched", 0) / total if total else None


def _on_own_cursor(function: Callable[..., LoadResult]) -> Callable[..., LoadResult]:
    """Run a load on a cursor of its own: a DuckDB connection refuses a second call while one runs.

    Two operators may upload at the same time from two sessions of one process; each call gets its
    own cursor, and WRITE_LOCK orders their writes.
    """

    @functools.wraps(function)
    def on_cursor(con: duckdb.DuckDBPyConnection, *args: object, **kwargs: object) -> LoadResult:
        cursor = con.cursor()
        try:
            return function(cursor, *args, **kwargs)
        finally:
            cursor.close()

    return on_cursor


Files = bytes | list[tuple[str, bytes]]  # one file's bytes, or several files (name, bytes) loaded as one


def _size(content: Files) -> int:
    return len(content) if isinstance(content, bytes | bytearray) else sum(len(data) for _, data in content)


def _check_size(content: Files, max_bytes: int | None) -> None:
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    if _size(content) > limit:
        raise LoadRejected(
            [Problem.error("file_too_large", size=round(_size(content) / 1048576, 1), limit=round(limit / 1048576, 1))]
        )


def _digest(content: Files) -> str:
    """One file's SHA-256, or of several files together (names and bytes, in the order given)."""
    if isinstance(content, bytes | bytearray):
        return hashlib.sha256(content).hexdigest()
    digest = hashlib.sha256()
    for name, data in content:
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def files_name(content: Files, file_name: str | None) -> str:
    """The name a load is recorded under: the file's, or the files' joined."""
    if isinstance(content, bytes | bytearray):
        return file_name or "—"
    names = [name for name, _ in content]
    return names[0] if len(names) == 1 else f"{names[0]} (+{len(names) - 1})"


def _unchanged(con: duckdb.DuckDBPyConnection, dataset: str, sha: str) -> list[str] | None:
    """The units of the last load of this very file when loading it again would change nothing."""
    rows = sql.rows(con, SQL_DIR / "last_load.sql", dataset=dataset, sha=sha)
    if rows and rows[0][2] == rows[0][3] and rows[0][4]:
        return rows[0][1].split(",")
    return None


def _next_load_id(con: duckdb.DuckDBPyConnection) -> int:
    return (con.table("load_history").aggregate("coalesce(max(load_id), 0) + 1").fetchall())[0][0]


def _continuity_problems(continuity: dict[str, int], year: int, threshold: float) -> list[Problem]:
    """Ids that do not continue the neighbouring years: the flows of those years will not be counted
    (``threshold``: min_continuity() of the schema, which the rollup applies per commune)."""
    problems = []
    for which, other in (("previous", year - 1), ("next", year + 1)):
        total = continuity.get(f"{which}_year_households") or 0
        matched = continuity.get(f"{which}_year_matched", 0)
        if total and matched < threshold * total:
            problems.append(
                Problem(
                    WARNING,
                    f"ids_do_not_continue_{which}",
                    column="household_id",
                    details={"share": round(100 * matched / total, 1), "year": other},
                )
            )
    return problems


@dataclass
class _Request:
    """Who loads which file, for the load history and the audit trail."""

    dataset: str
    file_name: str
    sha: str
    operator: str
    client_address: str | None
    started: float

    @classmethod
    def of(cls, dataset: str, content: Files, file_name: str, operator: str, client_address: str | None) -> _Request:
        return cls(
            dataset,
            files_name(content, file_name),
            _digest(content),
            operator or os.environ.get("USER", "") or "—",
            client_address,
            time.perf_counter(),
        )

    def done(self, result: LoadResult, scheme: str | None = None, **audit: object) -> LoadResult:
        """Stamp the result with its time (and scheme); a refusal goes to the audit trail."""
        result.seconds = time.perf_counter() - self.started
        result.scheme = scheme if scheme is not None else result.scheme
        if result.status == "rejected":
            accounts.record(
                "load_refused",
                "refused",
                self.operator,
                self.client_address,
                dataset=self.dataset,
                file=self.file_name,
                sha256=self.sha,
                errors=len(result.errors),
                first_error=result.errors[0].code if result.errors else None,
                **audit,
            )
        return result


def _finish(
    cursor: duckdb.DuckDBPyConnection,
    request: _Request,
    result: LoadResult,
    load_id: int,
    replaced: int,
    provinces: list[str],
    record: dict,
    audit: dict,
    form_provinces: list[str] | None = None,
) -> None:
    """The end of every load, inside its transaction: the rollups of the provinces it touched (``provinces``:
    their households read again; ``form_provinces``: summary report forms changed, every level above their
    communes summed again), what is derived from the whole database (setup.refresh_derived: the data
    source, the funding placed), the load history row, the snapshots older loads no longer need, the audit
    event."""
    if provinces or form_provinces:  # the load's year and the flows after it change, not the years before
        rollup.rebuild(cursor, provinces, form_provinces=form_provinces or [], first_year=record["year"])
    setup.refresh_derived(cursor)
    sql.execute(
        cursor,
        SQL_DIR / "record_load.sql",
        load_id=load_id,
        at=datetime.now().replace(microsecond=0),
        operator=request.operator,
        client_address=request.client_address,
        file_name=request.file_name,
        sha=request.sha,
        dataset=request.dataset,
        rows=result.row_count,
        replaced=replaced,
        warnings=len(result.warnings),
        **record,
    )
    sql.execute(cursor, SQL_DIR / "prune_snapshots.sql", load_id=load_id, keep_days=undo_keep_days())
    accounts.record(
        "load",
        "ok",
        request.operator,
        request.client_address,
        dataset=request.dataset,
        load_id=load_id,
        file=request.file_name,
        sha256=request.sha,
        rows=result.row_count,
        replaced=replaced,
        **audit,
    )
    result.status, result.load_id, result.replaced_row_count = "loaded", load_id, replaced


@contextmanager
def _one_writer(progress: Callable[[str], None]) -> Iterator[None]:
    """WRITE_LOCK, saying so when the load has to wait for another one."""
    if not WRITE_LOCK.acquire(blocking=False):
        progress("wait")
        WRITE_LOCK.acquire()
    try:
        yield
    finally:
        WRITE_LOCK.release()


def _outside_scope(provinces: list[str], allowed: list[str] | None) -> list[Problem]:
    outside = sorted(set(provinces) - set(allowed)) if allowed is not None else []
    return [Problem.error("province_not_in_scope", provinces=", ".join(outside))] if outside else []


def _id_conflicts(cursor: duckdb.DuckDBPyConnection, confirm_moves: bool) -> list[Problem]:
    """The file's households held by another commune (id_conflicts.sql): errors, or warnings when moved."""
    rows = cursor.table("id_conflicts").select("file_row, shown_id, held_commune_name, held_commune_code").fetchall()
    code = "id_moved" if confirm_moves else "id_in_other_commune"
    return [
        Problem(
            WARNING if confirm_moves else ERROR, code, file_row, "household_id", shown_id, {"commune": name or held}
        )
        for file_row, shown_id, name, held in rows
    ]


@_on_own_cursor
def load_households(
    con: duckdb.DuckDBPyConnection,
    content: Files,
    file_name: str | None,
    year: int,
    standard: str | None = None,
    operator: str = "",
    keep_personal: bool | None = None,
    max_bytes: int | None = None,
    progress: Callable[[str], None] = lambda step: None,
    scope: str = "communes",
    confirm_removal: bool = False,
    client_address: str | None = None,
    allowed_provinces: list[str] | None = None,
    sheets: list[str] | None = None,
    confirm_moves: bool = False,
) -> LoadResult:
    """Check, preview, then replace the file's communes (or provinces, ``scope="province"``) for ``year``.

    A household whose id belongs to another commune of the province-year that the load does not replace
    refuses the file, naming each (the same household cannot live in two communes); ``confirm_moves``
    loads it anyway and moves them, each named as a warning (an undo puts them back).

    ``content``: one file, or several loaded as one (the sheets and files with the household table, read
    together: data/load/reading.py); ``sheets``: only these sheets (when the tables differ).
    ``allowed_provinces``: the provinces (codes of the year's scheme) the operator may load; a file with
    rows of another province is refused whole, naming them (None: any province).
    """
    request = _Request.of("households", content, file_name, operator, client_address)
    standard = standard or standard_of_year(year)
    scheme = scheme_of_year(year)
    keep_personal = store_personal_data() if keep_personal is None else keep_personal

    def done(result: LoadResult) -> LoadResult:
        return request.done(result, scheme, year=year)

    try:
        _check_size(content, max_bytes)
        households.check_year(year, standard)
    except LoadRejected as rejected:
        return done(LoadResult("rejected", rejected.problems))
    units = _unchanged(con, "households", request.sha)
    if units is not None:
        return done(LoadResult("unchanged", unit_codes=units))

    progress("read")
    try:
        table = read_table(content, file_name, households.fields(standard), sheets)
    except LoadRejected as rejected:
        return done(LoadResult("rejected", households.explain(rejected.problems)))
    cursor = con.cursor()  # the staging tables live on this cursor, and so does the write
    try:
        progress("check")
        problems = table.notes + households.standard_problems(table, standard)
        try:
            problems += households.stage(cursor, table, year, standard, scheme, keep_personal)
        except LoadRejected as rejected:
            return done(LoadResult("rejected", problems + rejected.problems, sources=table.sources))
        result = LoadResult(
            "rejected",
            problems,
            row_count=table.row_count,
            encoding=table.encoding,
            headers=table.headers,
            sources=table.sources,
        )
        result.unit_codes = households.staged_units(cursor)
        result.problems += _outside_scope(result.unit_codes, allowed_provinces)
        if not result.errors:
            sql.execute(cursor, SQL_DIR / "id_conflicts.sql", year=year, scheme=scheme, standard=standard, scope=scope)
            result.problems += _id_conflicts(cursor, confirm_moves)
        if not result.errors:
            continuity = sql.frame(cursor, SQL_DIR / "continuity.sql", year=year, standard=standard).iloc[0]
            result.continuity = {key: int(value) for key, value in continuity.items() if key != "min_continuity"}
            result.problems += _continuity_problems(result.continuity, year, float(continuity["min_continuity"]))
        if result.errors:
            return done(result)

        def preview() -> pd.DataFrame:
            return sql.frame(
                cursor, SQL_DIR / "preview_households.sql", year=year, scheme=scheme, standard=standard, scope=scope
            )

        result.preview = preview()
        if result.preview["is_removal"].any() and not confirm_removal:
            result.status = "needs_confirmation"
            return done(result)

        with _one_writer(progress):
            progress("write")
            with sql.transaction(cursor):
                result.preview = preview()  # the data may have changed while this load waited its turn
                if result.preview["is_removal"].any() and not confirm_removal:
                    result.status = "needs_confirmation"
                    return done(result)
                load_id = _next_load_id(cursor)
                panel = rollup.panel_provinces(cursor, scheme, result.unit_codes)
                ((replaced,),) = sql.rows(
                    cursor,
                    SQL_DIR / "write_households.sql",
                    load_id=load_id,
                    year=year,
                    scheme=scheme,
                    standard=standard,
                    scope=scope,
                )
                progress("rollups")
                _finish(
                    cursor,
                    request,
                    result,
                    load_id,
                    replaced,
                    panel,
                    record={
                        "year": year,
                        "standard": standard,
                        "unit_scheme": scheme,
                        "scope": scope,
                        "units": ",".join(result.unit_codes),
                        "previous_matched": result.continuity.get("previous_year_matched"),
                        "previous_households": result.continuity.get("previous_year_households"),
                        "next_matched": result.continuity.get("next_year_matched"),
                        "next_households": result.continuity.get("next_year_households"),
                        "movement": any(
                            name in table.present for name in ("escaped", "newly_poor", "fell_back", "previous_class")
                        ),
                    },
                    audit={"year": year, "scheme": scheme, "scope": scope, "units": result.unit_codes},
                )
        progress("done")
        return done(result)
    finally:
        cursor.close()
        table.close()


@_on_own_cursor
def load_funding(
    con: duckdb.DuckDBPyConnection,
    content: Files,
    file_name: str | None,
    operator: str = "",
    max_bytes: int | None = None,
    client_address: str | None = None,
    allowed_provinces: list[str] | None = None,
    progress: Callable[[str], None] = lambda step: None,
    sheets: list[str] | None = None,
) -> LoadResult:
    """Check, then replace the funding rows of every unit-year the file covers, in one transaction."""
    request = _Request.of("funding", content, file_name, operator, client_address)
    try:
        _check_size(content, max_bytes)
    except LoadRejected as rejected:
        return request.done(LoadResult("rejected", rejected.problems))
    units = _unchanged(con, "funding", request.sha)
    if units is not None:
        return request.done(LoadResult("unchanged", unit_codes=units))
    progress("read")
    try:
        table = read_table(content, file_name, funding.FIELDS, sheets)
    except LoadRejected as rejected:
        return request.done(LoadResult("rejected", rejected.problems))
    cursor = con.cursor()
    try:
        progress("check")
        problems = table.notes + funding.stage(cursor, table)
        result = LoadResult(
            "rejected",
            problems,
            row_count=table.row_count,
            encoding=table.encoding,
            headers=table.headers,
            sources=table.sources,
        )
        pairs = funding.staged_pairs(cursor)
        result.unit_codes = sorted({unit for unit, _ in pairs})
        result.problems += _outside_scope(funding.provinces_of(cursor, result.unit_codes), allowed_provinces)
        if result.errors:
            return request.done(result)
        schemes = sorted({row[0] for row in cursor.table("staged_funding").select("scheme").distinct().fetchall()})
        units_text = ",".join(f"{unit}/{year}" for unit, year in pairs)
        with _one_writer(progress):
            progress("write")
            with sql.transaction(cursor):
                load_id = _next_load_id(cursor)
                ((replaced,),) = sql.rows(cursor, SQL_DIR / "write_funding.sql", load_id=load_id)
                _finish(
                    cursor,
                    request,
                    result,
                    load_id,
                    replaced,
                    [],
                    record={
                        "year": None,
                        "standard": None,
                        "unit_scheme": schemes[0] if len(schemes) == 1 else None,
                        "scope": "unit_years",
                        "units": units_text,
                        "previous_matched": None,
                        "previous_households": None,
                        "next_matched": None,
                        "next_households": None,
                        "movement": None,
                    },
                    audit={"units": units_text},
                )
        progress("done")
        return request.done(result)
    finally:
        cursor.close()
        table.close()


@_on_own_cursor
def load_summary_reports(
    con: duckdb.DuckDBPyConnection,
    content: Files,
    file_name: str | None,
    year: int,
    operator: str = "",
    max_bytes: int | None = None,
    client_address: str | None = None,
    allowed_provinces: list[str] | None = None,
    progress: Callable[[str], None] = lambda step: None,
) -> LoadResult:
    """Check, then store the summary report forms (TT 07 Phụ lục VII) of ``year`` the files hold: each form
    replaces the same form's figures of the units it gives and those below them; the pages then count
    them for every unit-year without household data (data/rollup/reports.sql). All or nothing."""
    request = _Request.of("summary_report", content, file_name, operator, client_address)
    scheme, standard = scheme_of_year(year), standard_of_year(year)

    def done(result: LoadResult) -> LoadResult:
        return request.done(result, scheme, year=year)

    try:
        _check_size(content, max_bytes)
        households.check_year(year, standard)
    except LoadRejected as rejected:
        return done(LoadResult("rejected", rejected.problems))
    units = _unchanged(con, "summary_report", request.sha)
    if units is not None:
        return done(LoadResult("unchanged", unit_codes=units))
    progress("read")
    files = [(file_name or "tep", content)] if isinstance(content, bytes | bytearray) else list(content)
    cursor = con.cursor()
    try:
        try:
            reading, figures, problems = reports.read(cursor, files, year, scheme, standard, allowed_provinces)
        except LoadRejected as rejected:
            return done(LoadResult("rejected", rejected.problems))
        except Exception as error:  # a file that is no workbook, or one calamine cannot open
            return done(LoadResult("rejected", [Problem.error("file_unreadable", detail=type(error).__name__)]))
        result = LoadResult("rejected", problems + reports.summary(reading), row_count=len(figures))
        result.sources = reading.sources
        codes = sorted(set(figures["unit_code"])) if len(figures) else []
        result.unit_codes = reports.provinces_of(cursor, scheme, codes) if codes else []
        result.problems += _outside_scope(result.unit_codes, allowed_provinces)
        if figures.empty and not result.errors:
            result.problems.append(Problem.error("no_rows"))
        if result.errors:
            return done(result)
        progress("check")
        reports.stage(cursor, figures, year, scheme, standard)
        result.preview = sql.frame(cursor, SQL_DIR / "preview_reports.sql", year=year, scheme=scheme)
        with _one_writer(progress):
            progress("write")
            with sql.transaction(cursor):
                load_id = _next_load_id(cursor)
                ((replaced,),) = sql.rows(
                    cursor, SQL_DIR / "write_reports.sql", load_id=load_id, year=year, scheme=scheme
                )
                progress("rollups")
                _finish(
                    cursor,
                    request,
                    result,
                    load_id,
                    replaced,
                    rollup.listed_provinces(cursor, scheme, year, result.unit_codes),
                    record={
                        "year": year,
                        "standard": standard,
                        "unit_scheme": scheme,
                        "scope": "forms",
                        "units": ",".join(result.unit_codes),
                        "previous_matched": None,
                        "previous_households": None,
                        "next_matched": None,
                        "next_households": None,
                        "movement": "7.2" in {sheet.form for sheet in reading.sheets},
                    },
                    audit={"year": year, "scheme": scheme, "forms": sorted({s.form for s in reading.sheets})},
                    form_provinces=rollup.panel_provinces(cursor, scheme, result.unit_codes),
                )
        progress("done")
        return done(result)
    finally:
        cursor.close()


@_on_own_cursor
def undo_load(
    con: duckdb.DuckDBPyConnection,
    load_id: int,
    operator: str = "",
    client_address: str | None = None,
    allowed_provinces: list[str] | None = None,
) -> LoadResult:
    """Put back what load ``load_id`` replaced, if it is still the latest load of its units.

    ``allowed_provinces``: the provinces the operator may change (None: any); a load that touched
    another province is not undone by them."""
    found = sql.frame(con, SQL_DIR / "undoable_load.sql", load_id=int(load_id))
    if found.empty or not bool(found["can_undo"].iloc[0]):
        return LoadResult("rejected", [Problem.error("undo_not_possible", load_id=load_id)])
    row = found.iloc[0]
    units = row["unit_codes"].split(",")
    provinces = units if row["dataset"] != "funding" else funding.provinces_of(con, [u.split("/")[0] for u in units])
    refused = _outside_scope(provinces, allowed_provinces)
    if refused:
        accounts.record("undo_refused", "refused", operator, client_address, load_id=int(load_id))
        return LoadResult("rejected", refused)
    cursor = con.cursor()
    try:
        with WRITE_LOCK, sql.transaction(cursor):
            panel = (
                rollup.panel_provinces(cursor, row["unit_scheme"], units)
                if row["dataset"] == "households"
                else rollup.listed_provinces(cursor, row["unit_scheme"], row["year"], units)
                if row["dataset"] == "summary_report"
                else []
            )
            sql.execute(cursor, SQL_DIR / "undo_load.sql", load_id=int(load_id))
            if row["dataset"] == "summary_report":
                forms_of = rollup.panel_provinces(cursor, row["unit_scheme"], units)
                rollup.rebuild(cursor, panel, form_provinces=forms_of, first_year=int(row["year"]))
            elif panel:
                rollup.rebuild(cursor, panel, first_year=int(row["year"]))
            setup.refresh_derived(cursor)
            sql.execute(
                cursor,
                SQL_DIR / "mark_undone.sql",
                load_id=int(load_id),
                at=datetime.now().replace(microsecond=0),
                operator=operator or "—",
            )
            accounts.record("undo", "ok", operator, client_address, load_id=int(load_id), file=row["file_name"])
    finally:
        cursor.close()
    return LoadResult("undone", load_id=int(load_id), unit_codes=units)


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
            "label": getattr(f, in_language("label", lang)),
            "required": f.required,
            "aliases": ", ".join(f.aliases),
        }
        for f in fields
    ]
