"""All Streamlit caching in one place: the database connection, query results, boundary index."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from data import build_progress, geo
from data.database import DEFAULT_DATABASE, SEED_DATABASE, DatabaseProblem, clean_leftovers, open_database, shared
from data.load import scope
from gnbv.shared_results import LastUsed
from queries import run_query


def national_build() -> build_progress.BuildState | None:
    """The national demo's build in the background (`make run` on a machine without it), when this process
    serves the default database; None when no build was started."""
    if os.environ.get("GNBV_DATABASE"):
        return None
    return build_progress.read(DEFAULT_DATABASE)


def serves_seed_while_building() -> bool:
    """The five-province seed is served until the national demo is built (and when its build stopped
    before it was ever written)."""
    build = national_build()
    return (
        build is not None
        and (build.running or not DEFAULT_DATABASE.exists())
        and build.state != "done"
        and SEED_DATABASE.exists()
    )


def database_path() -> Path:
    if os.environ.get("GNBV_DATABASE"):
        return Path(os.environ["GNBV_DATABASE"])
    return SEED_DATABASE if serves_seed_while_building() else DEFAULT_DATABASE


def is_read_only() -> bool:
    """GNBV_READ_ONLY=1: a process that only shows (no loads from its pages); so is the seed shown while
    the national demo is built (a load into it would be lost at the switch)."""
    return os.environ.get("GNBV_READ_ONLY", "") == "1" or serves_seed_while_building()


def opens_read_only() -> bool:
    """The file is opened read-only by a showing-only process and by every process of a shared
    deployment (data.database.shared: loads there replace the file instead of writing into it)."""
    return is_read_only() or shared()


def _file_identity(path: Path) -> str:
    """Which file is at ``path`` now, in which state: a load writes it, or (shared deployment) puts a new
    file there."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return "-"
    return f"{stat.st_ino}:{stat.st_mtime_ns}:{stat.st_size}"


@st.cache_resource(max_entries=1)  # the file now at the path (a run still reading the old one keeps it open)
def database(path: str, read_only: bool, identity: str = "") -> duckdb.DuckDBPyConnection:
    """One connection per process (per file, when read-only); run_query and the loader take a cursor per call.

    Read-write by default so that the Dữ liệu page can load files: DuckDB lets one process write while
    its own cursors read, but locks the file against other processes. Read-only, the connection is
    keyed by the file's identity, so that a process opens the new file a load put in place. Opened
    through data.database, which checks the file and migrates an older one; a problem is raised again
    at every rerun until the file is fixed (Streamlit does not cache exceptions). In a shared deployment,
    what a killed load left beside the file goes first (data.database.clean_leftovers).
    """
    if shared():
        clean_leftovers(Path(path))
    return open_database(Path(path), read_only)


def connection() -> duckdb.DuckDBPyConnection:
    path = database_path()
    if opens_read_only():
        return database(str(path), True, _file_identity(path))
    return database(str(path), False)


def database_problem() -> DatabaseProblem | None:
    """Why the database cannot be used now, or None."""
    try:
        connection()
    except DatabaseProblem as problem:
        return problem
    return None


_this_run = threading.local()  # a page run is one script thread
# How long a run's reading of the state is used: longer than a page's run, shorter than the five seconds
# between two runs of a timed fragment, which does not start at dashboard.py (begin_run) and so reads
# the state again.
RUN_STATE_SECONDS = 2.0


def begin_run() -> None:
    """A page run starts (dashboard.py): the state of the database is read once for the whole run, so that
    every figure of a view belongs to the same state, and the files are not looked at by every query
    (three stat calls and the build's progress file per query were 4 % of a page view's time)."""
    _this_run.version = None
    _this_run.started = time.monotonic()


def data_version() -> str:
    """Which database file, and which state of it, the cached results belong to.

    A load or an undo rewrites the file (and its write-ahead log); the version changes with it, so a
    result computed before is never served after, whichever process loaded, and results of one
    database are never served for another. Read once per page run (begin_run, for RUN_STATE_SECONDS);
    code outside a run reads it at every call.
    """
    in_run = time.monotonic() - getattr(_this_run, "started", -RUN_STATE_SECONDS) < RUN_STATE_SECONDS
    version = _this_run.version if in_run else None
    if version is None:
        path = database_path()
        version = "|".join([str(path), _file_identity(path), _file_identity(path.with_name(path.name + ".wal"))])
        if in_run:
            _this_run.version = version
    return version


MAX_QUERY_RESULTS = 1024  # frames of a few kilobytes; a meeting moves through a few dozen views
_query_results = LastUsed(MAX_QUERY_RESULTS)
_computing_lock = threading.Lock()
_computing: dict[tuple, threading.Lock] = {}  # one run of a query at a time per key


def query(name: str, **params: object) -> pd.DataFrame:
    """The result of queries/<name>.sql for these parameters, cached per state of the database.

    Every session of the process shares the cached frame; each caller gets a shallow copy, a new object
    that pandas' copy-on-write keeps apart from the cached one whatever the caller changes in it (it costs
    microseconds, where st.cache_data unpickled the whole frame at every call: 7 % of a page view).

    A plain dictionary rather than st.cache_resource: Streamlit hashed the arguments of every call
    (95 µs a hit; a page view asks 15-25 queries). Sessions asking for the same result at once wait for
    the first one's run instead of running the query again each (a meeting opening one link)."""
    key = (data_version(), name, repr(sorted(params.items())))
    result = _query_results.get(key)
    if result is None:
        with _computing_lock:
            computing = _computing.setdefault(key, threading.Lock())
        try:
            with computing:
                result = _query_results.get(key)  # another session's run, finished while this one waited
                if result is None:
                    result = run_query(connection(), name, **params)
                    _query_results.put(key, result)
        finally:
            with _computing_lock:
                if _computing.get(key) is computing:  # not a later asker's lock (after a failed run)
                    del _computing[key]
    return result.copy(deep=False)


def scope_provinces(scheme: str, provinces: tuple[str, ...] | None) -> list[str] | None:
    """The provinces of ``scheme`` a scope of today's provinces covers (data.load.scope), per database state."""
    return _cached_scope(data_version(), scheme, provinces)


@st.cache_data(max_entries=256, show_spinner=False)
def _cached_scope(version: str, scheme: str, provinces: tuple[str, ...] | None) -> list[str] | None:
    cursor = connection().cursor()
    try:
        return scope.provinces_in_scope(cursor, scheme, provinces)
    finally:
        cursor.close()


def forget_results() -> None:
    """Drop every cached result (after this process loaded or undid: frees the memory at once); the rest
    of the run reads the new state of the file."""
    _this_run.version = None
    _query_results.clear()
    _cached_scope.clear()


@st.cache_resource
def geo_index() -> dict:
    return geo.load_index()
