"""SQL query modules and their runner.

Each metric is one ``.sql`` file in this folder whose header documents its grain, parameters and
columns. ``run_query`` checks that the parameters passed are exactly the ``$names`` the file uses and
binds them (data.sql, the one runner of every SQL file); nothing is ever formatted into the SQL text.
No Streamlit import here: pages reach these through gnbv.ui.cache, tests call ``run_query`` directly.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from data import sql
from data.sql import SqlParameterError as QueryParameterError
from data.sql import parameters_of

QUERY_DIR = Path(__file__).parent
__all__ = ["QueryParameterError", "documented_columns", "grain_keys", "load_sql", "parameters_of", "run_query"]


def path_of(name: str) -> Path:
    path = QUERY_DIR / f"{name}.sql"
    if not path.is_file() or path.parent != QUERY_DIR:
        raise FileNotFoundError(f"no query named {name!r}")
    return path


def load_sql(name: str) -> str:
    return sql.read(path_of(name))


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERY_DIR.glob("*.sql"))


def _header(sql_text: str) -> list[str]:
    """The header's comment lines, up to the first line that is not a non-empty comment."""
    lines = []
    for line in sql_text.splitlines():
        text = line[2:].strip() if line.startswith("--") else ""
        if not text:
            break
        lines.append(text)
    return lines


def _section(sql_text: str, name: str) -> str:
    """The text of one header section (``returns:``, ``grain:`` …), continuation lines joined."""
    collected, inside = [], False
    for text in _header(sql_text):
        if text.startswith(f"{name}:"):
            inside = True
            text = text[len(name) + 1 :]
        elif re.match(r"^[a-z]+:", text):
            inside = False
        if inside:
            collected.append(text)
    return " ".join(collected)


def documented_columns(sql_text: str) -> list[str]:
    """The column names listed after ``-- returns:`` in the header, in order."""
    names, depth = [], 0
    for char in _section(sql_text, "returns"):  # drop the parenthesised explanations, which may nest
        depth += (char == "(") - (char == ")")
        if depth == 0 and char != ")":
            names.append(char)
    return [n.strip() for n in "".join(names).split(",") if n.strip()]


def grain_keys(sql_text: str) -> list[str]:
    """The key columns the ``-- grain:`` line names ("one row per unit_code x year" -> [unit_code, year]).

    Words that are not columns of the result ("one row", "(none …)") are left to the caller to drop.
    """
    grain = re.sub(r"\([^)]*\)", "", _section(sql_text, "grain"))
    match = re.search(r"one row per (.+)", grain)
    if not match:
        return []
    return [part.strip().split(" ")[0].strip(",;") for part in match.group(1).split(" x ")]


def run_query(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    """Run a query file on a cursor of its own (one connection serves every session's thread)."""
    cursor = con.cursor()
    try:
        return _python_strings(sql.frame(cursor, path_of(name), **params))
    finally:
        cursor.close()


def _python_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns held as Python strings rather than Arrow arrays: results are small and filtered,
    copied and cached many times per page view, where pyarrow's per-call overhead dominated
    (docs/performance.md). Same dtype family (str), same missing value."""
    for column in frame.columns:
        dtype = frame[column].dtype
        if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
            frame[column] = frame[column].astype(pd.StringDtype("python", na_value=dtype.na_value))
    return frame
