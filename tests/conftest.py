"""Shared fixtures: a tiny hand-checked database, and the seed and national demo databases.

The tiny database is built once per test session; tests read it read-only, and a test that changes it
gets a copy in memory. The seed database (five provinces) is what most page tests read; the
national one is built only for the national tests (`-m national`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import pytest

from data import build, database, rollup, sql
from data.database import connect, setup

ROOT = Path(__file__).resolve().parent.parent
# The tests read the demo databases from several processes at once (AppTest here, served apps, the
# fixtures' own connections); a read-write connection would lock them. Tests that load open a copy.
os.environ["GNBV_READ_ONLY"] = "1"
# The account store of the test session: empty (demo mode) unless a test adds accounts; never the user's.
os.environ["GNBV_ACCOUNTS"] = str(Path(tempfile.mkdtemp(prefix="gnbv-accounts-")) / "accounts.sqlite")
os.environ["GNBV_BCRYPT_ROUNDS"] = "4"  # the cheapest bcrypt: the tests check behaviour, not cost
# Test workers share the cores: each worker's DuckDB gets its share of threads (two workers on two cores:
# one each). With a thread per core in every worker, the fast suite spent 5 % longer, most of it in the
# kernel switching threads; the tests' databases are small.
if os.environ.get("PYTEST_XDIST_WORKER_COUNT"):
    workers = int(os.environ["PYTEST_XDIST_WORKER_COUNT"])
    database.CONNECTION_CONFIG["threads"] = max(1, len(os.sched_getaffinity(0)) // workers)
FIXTURES = Path(__file__).parent / "fixtures"
OUTPUT = ROOT / "test-output"
SEED_DATABASE = Path(os.environ.get("GNBV_SEED_DATABASE", ROOT / "data" / "gnbv_seed.duckdb"))
NATIONAL_DATABASE = Path(os.environ.get("GNBV_DATABASE", ROOT / "data" / "gnbv.duckdb"))


def build_tiny(con: duckdb.DuckDBPyConnection) -> None:
    """The real schema, reference tables and rollups over tests/fixtures/tiny.sql."""
    setup.create_schema(con)
    # The reference tables the fixture does not write itself (its units, targets, funding and published
    # figures are hand-made).
    own = {"target", "reported_value", "funding", "published_figure_note"}
    for table, frame in setup.reference_tables():
        if table not in own:
            sql.insert_frame(con, table, frame())
    con.execute((FIXTURES / "tiny.sql").read_text(encoding="utf-8"))
    setup.derive_unit_tables(con)
    rollup.rebuild(con)
    setup.refresh_derived(con)
    setup.mark_purpose(con, "department")


@pytest.fixture(scope="session")
def tiny_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tiny") / "tiny.duckdb"
    con = connect(str(path))
    build_tiny(con)
    con.close()
    return path


@pytest.fixture(scope="session")
def tiny_reader(tiny_path) -> duckdb.DuckDBPyConnection:
    con = connect(str(tiny_path), read_only=True)
    yield con
    con.close()


@pytest.fixture()
def tiny_con(tiny_reader) -> duckdb.DuckDBPyConnection:
    """The tiny database, read-only: a test that writes to it fails (it takes ``tiny_copy``), so no test
    changes what the next one reads. A cursor of its own: its temporary tables are its own."""
    cursor = tiny_reader.cursor()
    yield cursor
    cursor.close()


@pytest.fixture()
def tiny_copy(tiny_path) -> duckdb.DuckDBPyConnection:
    """A private in-memory copy of the tiny database, for a test that changes it."""
    con = connect(":memory:")
    con.execute("attach $path as tiny (read_only)", {"path": str(tiny_path)})
    con.execute("copy from database tiny to memory")
    con.execute("detach tiny")
    yield con
    con.close()


@pytest.fixture(scope="session")
def empty_database(tmp_path_factory) -> Path:
    """Units and reference facts, no households: what a department starts from."""
    path = tmp_path_factory.mktemp("empty") / "gnbv.duckdb"
    con = connect(str(path))
    build.populate(con, with_demo_households=False)
    con.close()
    return path


@pytest.fixture(scope="session")
def demo_path() -> Path:
    """The seed demo database (the five provinces of the seed plans); built here when missing."""
    if not SEED_DATABASE.is_file():
        build.build(SEED_DATABASE, scope="seed")
    return SEED_DATABASE


@pytest.fixture(scope="session")
def national_path() -> Path:
    """The national demo database that `make run` serves; built here when missing."""
    if not NATIONAL_DATABASE.is_file():
        build.build(NATIONAL_DATABASE, scope="national")
    return NATIONAL_DATABASE


@pytest.fixture(scope="session")
def demo_con(demo_path: Path) -> duckdb.DuckDBPyConnection:
    con = connect(str(demo_path), read_only=True)
    yield con
    con.close()


@pytest.fixture()
def demo_copy(demo_path, tmp_path) -> Path:
    """A private copy of the seed database, for tests that load into it."""
    copy = tmp_path / "gnbv.duckdb"
    shutil.copy(demo_path, copy)
    return copy


@pytest.fixture(scope="session")
def components_scanned_once():
    """Streamlit's list of installed v2 components, scanned once for the session.

    The served app scans every installed package's metadata once, when it starts; AppTest does it for
    every test app it opens (0.1 s each; about a sixth of `make test-fast`'s time). The packages do not
    change during a test session, so every AppTest gets the first scan's list."""
    from streamlit.components.v2 import manifest_scanner

    scanned = manifest_scanner.scan_component_manifests()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(manifest_scanner, "scan_component_manifests", lambda max_workers=None: list(scanned))
        yield


@pytest.fixture()
def app_on(monkeypatch, components_scanned_once):
    """Open the dashboard in AppTest on a given database, with URL parameters, on one of its pages."""
    from streamlit.testing.v1 import AppTest

    def make(database: Path, page: str | None = None, **params: str) -> AppTest:
        monkeypatch.setenv("GNBV_DATABASE", str(database))
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        return at.switch_page(page).run() if page else at

    return make


@pytest.fixture()
def open_app(demo_path, app_on, monkeypatch):
    """Open the dashboard in AppTest on the seed database, with URL parameters, on one of its pages."""
    monkeypatch.setenv("GNBV_DATABASE", str(demo_path))  # a test may point it at its own copy before opening
    return lambda page=None, **params: app_on(Path(os.environ["GNBV_DATABASE"]), page, **params)


@pytest.fixture()
def con(empty_database, tmp_path) -> duckdb.DuckDBPyConnection:
    """A private copy of a department's database with units and reference facts but no households, open."""
    path = tmp_path / "gnbv.duckdb"
    shutil.copy(empty_database, path)
    connection = connect(str(path))
    yield connection
    connection.close()


def table_fingerprint(con: duckdb.DuckDBPyConnection, tables: list[str]) -> dict[str, tuple]:
    """Every row of each table, as an order-free fingerprint."""
    return {
        table: con.table(table).aggregate("count(*), coalesce(sum(hash(columns(*))), 0)").fetchall()[0]
        for table in tables
    }


CLI_PASSWORD = "cán-bộ-dòng-lệnh-2026"


def run_load_cli(args: list[str], folder: Path) -> subprocess.CompletedProcess:
    """``python -m data.load ARGS`` as a data officer of the whole country (a database that is not the
    demo needs an account), with an account store of its own in ``folder``."""
    from data import accounts

    store = folder / "cli-accounts.sqlite"
    if accounts.find("canbo", path=store) is None:
        accounts.add("canbo", "Cán bộ dữ liệu", "data_officer", None, CLI_PASSWORD, path=store)
    return subprocess.run(
        [sys.executable, "-m", "data.load", *args, "--account", "canbo", "--password-stdin"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        input=CLI_PASSWORD + "\n",
        env=os.environ | {"PYTHONPATH": str(ROOT), "GNBV_ACCOUNTS": str(store)},
    )


def shown_overview(con: duckdb.DuckDBPyConnection, unit_code: str, year: int, scheme: str = "legacy_63", lang="vi"):
    """The headline figures of a unit as the Overview formats them, from the query itself: page tests check
    that the page shows what the data hold, whatever the demo's calibration makes of them."""
    from gnbv import formatting
    from queries import run_query

    row = run_query(con, "unit_overview", scheme=scheme, unit_code=unit_code, year=year, standard="2022-2025").iloc[0]
    return {
        "poverty_rate": formatting.percent(row["poverty_rate"], lang),
        "near_poor_rate": formatting.percent(row["near_poor_rate"], lang),
        "households": formatting.integer(row["households"], lang),
        "poor_households": formatting.integer(row["poor_households"], lang),
        "row": row,
    }
