"""Build the embedded demo database: ``python -m data.build [PATH] [--scope national|seed]``.

The database is written to a temporary file next to the target and renamed over it only when every
step has succeeded, so a failed or interrupted build never leaves half a database behind.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from data import build_progress, database, rollup, sql
from data.database import DEFAULT_DATABASE
from data.database.setup import create_schema, load_admin_units, load_reference, mark_purpose, refresh_derived
from data.demo import funding as demo_funding
from data.demo import households as demo_households


def populate(
    con: duckdb.DuckDBPyConnection,
    with_demo_households: bool = True,
    scope: str = "seed",
    progress: Callable[[str], None] = lambda message: None,
) -> None:
    """Create every table and fill it: units, reference facts, demo households, rollups.

    Three steps, each committed: the units and reference facts (the household generator reads them
    from other cursors), the households with their communes' rollups (a transaction per province,
    data/demo/households.py), then the levels above the communes and the demo funding. ``build`` makes
    the whole all or nothing by building a temporary file and renaming it at the end."""
    create_schema(con)
    with sql.transaction(con):
        progress("units and reference facts")
        load_admin_units(con)
        load_reference(con)
    if with_demo_households:

        def roll_up(cursor: duckdb.DuckDBPyConnection, province: str, number: int, total: int, percent: int) -> None:
            # a province's communes summed as soon as its households are written, while the other worker
            # generates: the rollups no longer wait for the last province (docs/performance.md)
            progress(f"rollup {number}/{total} ({percent}% of the rows): {province}")
            rollup.rebuild_communes(cursor, province)

        demo_households.insert(con, scope, progress, when_province_done=roll_up)
    with sql.transaction(con):
        progress("sums above the communes")
        # Above the communes: every unit. A department's database has no households yet: nothing to sum
        # (34 provinces over no rows took 2-4 s of every new department database and of every test that makes one).
        rollup.sum_above_communes(con, None if with_demo_households else [])
        if with_demo_households:
            progress("funding")
            demo_funding.insert(con)  # shares the money by the districts' needs, read from the rollups
        refresh_derived(con)
        mark_purpose(con, "demo" if with_demo_households else "department")


def build(
    path: Path = DEFAULT_DATABASE, scope: str = "seed", progress: Callable[[str], None] = lambda message: None
) -> Path:
    path = Path(path)
    temporary = path.with_suffix(".building")
    for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
        leftover.unlink(missing_ok=True)
    con = database.connect(str(temporary))
    database.limit_memory(con, database.BUILD_MEMORY)
    # Rows in any order: DuckDB then writes an insert's rows on every thread (the households took
    # twice as long in order; no query of the project relies on the order rows were written in).
    con.execute("set preserve_insertion_order = false")
    try:
        populate(con, scope=scope, progress=progress)
        con.execute("checkpoint")
    finally:
        con.close()
    os.replace(temporary, path)
    return path


def _arrays_on_small_pages() -> None:
    """The demo's draws make and free arrays of about 10 MB dozens of times per 1.5 million households,
    and numpy asks the kernel for transparent huge pages for arrays that large: finding and zeroing them
    was half the draws' CPU (Thanh Hóa: 1.36 s user, 1.41 s system; 0.78 s system on normal pages). The
    national build 173.7 -> 161.2 s at the same hour, system time 45 -> 29 s, peak memory the same
    (docs/performance.md). Only this process, and not when NUMPY_MADVISE_HUGEPAGE says otherwise."""
    if "NUMPY_MADVISE_HUGEPAGE" in os.environ:
        return
    try:
        from numpy._core.multiarray import _set_madvise_hugepage  # numpy's switch behind that variable
    except ImportError:  # a numpy without it: the build is only slower
        return
    _set_madvise_hugepage(False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the GNBV demo database.")
    parser.add_argument("path", nargs="?", default=str(DEFAULT_DATABASE))
    parser.add_argument(
        "--scope",
        choices=["national", "seed"],
        default="national",
        help="national: every province (the served demo); seed: the five provinces of the seed plans (tests)",
    )
    parser.add_argument(
        "--progress-file",
        action="store_true",
        help="also write each step to PATH.progress.json, which the pages served meanwhile read (make run)",
    )
    args = parser.parse_args(argv)
    _arrays_on_small_pages()
    started = time.perf_counter()
    progress_file = build_progress.ProgressFile(build_progress.progress_path(args.path)) if args.progress_file else None

    def progress(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", flush=True)
        if progress_file:
            progress_file.write("running", message)

    try:
        path = build(Path(args.path), scope=args.scope, progress=progress)
    except BaseException as failure:
        if progress_file:
            progress_file.write("failed", message=f"{type(failure).__name__}: {failure}"[:500])
        raise
    if progress_file:
        progress_file.write("done", "done")
    size = path.stat().st_size / 1024**2
    print(f"Đã tạo cơ sở dữ liệu / database built: {path} ({size:,.0f} MB, {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
