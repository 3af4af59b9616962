"""Shared fixtures: a tiny hand-checked database in memory, and the embedded demo database."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from data import build, reference_data

ROOT = Path(__file__).resolve().parent.parent
# The tests read the demo database from several processes at once (AppTest here, served apps, the
# fixtures' own connections); a read-write connection would lock it. Tests that load open their own copy.
os.environ["GNBV_READ_ONLY"] = "1"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture()
def tiny_con() -> duckdb.DuckDBPyConnection:
    """The real schema and rollup over tests/fixtures/tiny.sql, in memory."""
    con = duckdb.connect(":memory:")
    build.create_schema(con)
    reference_data.insert_frame(con, "indicator", reference_data.indicators())
    reference_data.insert_frame(con, "target_measure", reference_data.target_measures())
    reference_data.insert_frame(con, "program_project", reference_data.program_projects())
    reference_data.insert_frame(con, "project_need", reference_data.read_reference("project_needs.csv"))
    con.execute((FIXTURES / "tiny.sql").read_text(encoding="utf-8"))
    build.rebuild_rollups(con)
    yield con
    con.close()


@pytest.fixture(scope="session")
def demo_path() -> Path:
    """The embedded demo database; built here when `make test` has not built it already."""
    path = Path(os.environ.get("GNBV_DATABASE", ROOT / "data" / "gnbv.duckdb"))
    if not path.is_file():
        build.build(path)
    return path


@pytest.fixture(scope="session")
def demo_con(demo_path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(demo_path), read_only=True)
    yield con
    con.close()


@pytest.fixture()
def open_app(demo_path, monkeypatch):
    """Open the dashboard in AppTest on the demo database, with URL parameters, on one of its pages."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("GNBV_DATABASE", str(demo_path))

    def make(page: str | None = None, **params: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        return at.switch_page(page).run() if page else at

    return make
