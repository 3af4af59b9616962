"""All Streamlit caching in one place: the database connection, query results, boundary index."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from data import geo
from queries import run_query

DEFAULT_DATABASE = Path(__file__).resolve().parent.parent / "data" / "gnbv.duckdb"


def database_path() -> Path:
    return Path(os.environ.get("GNBV_DATABASE", DEFAULT_DATABASE))


@st.cache_resource
def database(path: str) -> duckdb.DuckDBPyConnection:
    """One read-only connection per process; run_query takes a cursor per call."""
    return duckdb.connect(path, read_only=True)


@st.cache_data(max_entries=1024, show_spinner=False)
def query(name: str, **params: object) -> pd.DataFrame:
    return run_query(database(str(database_path())), name, **params)


@st.cache_resource
def geo_index() -> dict:
    return geo.load_index()
