"""Shared fixtures: a tiny hand-checked database in memory, and the embedded demo database."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from data import build, reference_data

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture()
def tiny_con() -> duckdb.DuckDBPyConnection:
    """The real schema and rollup over tests/fixtures/tiny.sql, in memory."""
    con = duckdb.connect(":memory:")
    build.create_schema(con)
    reference_data.insert_frame(con, "indicator", reference_data.indicators())
    reference_data.insert_frame(con, "target_measure", reference_data.target_measures())
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
