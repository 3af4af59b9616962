"""The database file: its schema version, the check at start, migrations of older files.

A database records the version of data/schema.sql that built it (table schema_version; a file without
that table but with household_review was built by version 1, before versions were recorded). The
dashboard and the loader open the file through ``open_database``: a missing, empty, corrupt, locked or
read-only file, or one built by a newer version, raises ``DatabaseProblem`` with a code the pages turn
into a Vietnamese message (``db_<code>`` in the label catalogue) and the page stays up; an older file
opened read-write is migrated in one transaction (data/database/migrations/), and one opened read-only is
refused with the command that migrates it.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb

from data import sql
from data.database.version import SCHEMA_VERSION, version_of
from data.labels import label

SCHEMA_FILE = Path(__file__).parent / "schema.sql"
# The national demo that `make run` serves, unless GNBV_DATABASE names another file, and the five-province
# seed it serves while the national one is built in the background (gnbv/ui/serve.py). GNBV_DEMO_FOLDER
# moves both (a test of that first minute starts from an empty folder).
DEMO_FOLDER = Path(os.environ.get("GNBV_DEMO_FOLDER") or Path(__file__).resolve().parents[1])
DEFAULT_DATABASE = DEMO_FOLDER / "gnbv.duckdb"
SEED_DATABASE = DEMO_FOLDER / "gnbv_seed.duckdb"
# The build and loads of the national panel stay within the machine's budget: DuckDB spills to disk
# beyond this rather than growing the process (docs/performance.md). Set after connecting (SET), not as
# connection config: DuckDB refuses a second connection to one file with another config.
BUILD_MEMORY = "2GB"
APP_MEMORY = "1GB"
Result = TypeVar("Result")
# Every connection of the project is made with this configuration. DuckDB otherwise installs and loads
# extensions on its own, from the internet (an SQLite or Excel file given as the database made it fetch
# sqlite_scanner): nothing may leave a meeting room's machine. DuckDB also refuses two connections to one
# file with different configurations, so there is one.
CONNECTION_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


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


def connect(path: Path | str = ":memory:", read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the project's configuration (CONNECTION_CONFIG): the only way to connect."""
    con = duckdb.connect(str(path), read_only=read_only, config=dict(CONNECTION_CONFIG))
    con.execute("set enable_progress_bar = false")  # the command line prints its own steps
    return con


def schema_objects() -> set[str]:
    """The tables and views data/schema.sql creates: a file that lacks one cannot serve the pages."""
    text = SCHEMA_FILE.read_text(encoding="utf-8")
    return set(re.findall(r"^create (?:table if not exists|or replace view) (\w+)", text, flags=re.MULTILINE))


def _classify(error: Exception) -> str:
    text = str(error)
    if "Conflicting lock" in text or "Could not set lock" in text:
        return "locked"
    if "Permission denied" in text or "Read-only file system" in text or "read-only" in text.lower():
        return "read_only"
    return "corrupt"


def limit_memory(con: duckdb.DuckDBPyConnection, limit: str) -> None:
    con.execute("set memory_limit = $limit", {"limit": limit})


def _connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """Open the file now at ``path``, read-only, in a database instance of its own.

    DuckDB keeps one instance per file name in a process: after a load put a new file at the path
    (write_by_replacing), connecting to the same name would return the old, deleted file. So connect
    through a hard link named after this file's identity, removed at once (DuckDB keeps its own handle).
    Where no link can be made (a read-only folder, whose file cannot be replaced anyway), the plain path.
    """
    stat = path.stat()
    link = path.with_name(f".{path.name}.{stat.st_ino}-{stat.st_mtime_ns}-{os.getpid()}")
    try:
        os.link(path, link)
    except OSError:
        return connect(path, read_only=True)
    try:
        return connect(link, read_only=True)
    finally:
        link.unlink(missing_ok=True)


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
        con = _connect_read_only(path) if read_only else connect(path)
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
            _migrate(con, path, version)
        _check_complete(con, path)
        if not read_only:
            # the rules are code: a file built before a rule was added gets it before anything is written
            sql.execute(con, Path(__file__).parent / "rules.sql")
    except DatabaseProblem:
        con.close()
        raise
    except duckdb.Error as error:
        con.close()
        raise DatabaseProblem(_classify(error), path, str(error)) from error
    return con


def _migrate(con: duckdb.DuckDBPyConnection, path: Path, version: int) -> None:
    """Bring an older file up to this schema in one transaction; a failure leaves it as it was and says
    why in words (not DuckDB's "Constraint Error")."""
    from data.database import migrations

    try:
        migrations.migrate(con, version)
    except (duckdb.Error, RuntimeError) as error:
        raise DatabaseProblem("migration_failed", path, f"{version}: {str(error).splitlines()[0]}") from error


def _check_complete(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Say here, not in the middle of the first page, when the file cannot serve: a copy cut short, or
    a table or view missing (dropped by hand, or a build that did not finish).

    Only what a healthy file always satisfies is checked. DuckDB trims free blocks from the end of the
    file, so the file may hold fewer blocks than ``total_blocks`` counts (a healthy file was once declared
    damaged that way after two loads); every *used* block lies inside the file. A copy cut shorter than
    its used blocks is damaged; one cut inside its last blocks usually fails DuckDB's own open.
    """
    _name, _size, block_size, _total_blocks, used_blocks, *_ = con.execute("pragma database_size").fetchall()[0]
    if path.stat().st_size < int(block_size) * int(used_blocks):
        raise DatabaseProblem("corrupt", path, "truncated")
    present = {row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()}
    present |= {row[0] for row in con.execute("select view_name from duckdb_views()").fetchall()}
    missing = sorted(schema_objects() - present)
    if missing:
        raise DatabaseProblem("incomplete", path, ", ".join(missing))
    con.table("unit_year_summary").count("*").fetchall()


def shared() -> bool:
    """GNBV_SHARED_DATABASE=1: several server processes read the file at once (docs/deployment.md).

    DuckDB lets no process write a file that other processes hold open, even read-only. So in a shared
    deployment every process opens the file read-only, and a load or an undo works on a copy that then
    takes the file's place (``write_by_replacing``); each process opens the new file at its next run.
    """
    return os.environ.get("GNBV_SHARED_DATABASE", "") == "1"


@contextmanager
def _writer_lock(path: Path, wait: bool = True) -> Iterator[bool]:
    """One writer at a time across processes, through a lock file beside the database; yields whether the
    lock is held (``wait=False``: False at once when another writer holds it).

    The lock file is removed by its holder before it lets go, so no lock file outlives a load; a process
    that was waiting on the removed file finds, once it holds it, that the path names another file (or
    none) and starts again on the file now there.
    """
    lock_path = path.with_name(path.name + ".lock")
    while True:
        handle = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(handle)
            yield False
            return
        try:
            current = os.stat(lock_path).st_ino == os.fstat(handle).st_ino
        except FileNotFoundError:
            current = False
        if current:
            break
        os.close(handle)
    try:
        yield True
    finally:
        lock_path.unlink(missing_ok=True)
        fcntl.flock(handle, fcntl.LOCK_UN)
        os.close(handle)


def clean_leftovers(path: Path) -> list[Path]:
    """Remove what a killed load left beside a shared file (its full-size .next copy, its lock file), unless
    a load is running now; the files removed."""
    path = Path(path)
    removed = []
    with _writer_lock(path, wait=False) as held:
        if held:
            work = path.with_name(path.name + ".next")
            if work.exists():
                work.unlink()
                removed.append(work)
    return removed


def write_by_replacing(
    path: Path,
    action: Callable[[duckdb.DuckDBPyConnection], Result],
    keep: Callable[[Result], bool],
    memory: str = APP_MEMORY,
) -> Result:
    """Run ``action`` on a copy of the database and put the copy in the file's place when ``keep(result)``.

    The rename is atomic: a reader has either the old file (still open, until its next run) or the new
    one, never half a load. A refused load, an exception or a killed process leaves the file untouched
    (the copy is removed). The copy needs as much free disk as the file, and takes seconds for the
    national file (docs/performance.md).
    """
    path = Path(path)
    with _writer_lock(path):
        work = path.with_name(path.name + ".next")  # a killed load's copy, if any, is replaced here
        try:
            shutil.copyfile(path, work)
            con = open_database(work, read_only=False, memory=memory)
            try:
                result = action(con)
                con.execute("checkpoint")
            finally:
                con.close()
            if keep(result):
                os.replace(work, path)
            return result
        finally:
            work.unlink(missing_ok=True)
