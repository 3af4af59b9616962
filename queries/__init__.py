"""SQL query modules and their runner.

Each metric is one ``.sql`` file in this folder whose header documents its grain, parameters and
columns. ``run_query`` checks that the parameters passed are exactly the ``$names`` the file uses and
binds them; nothing is ever formatted into the SQL text. No Streamlit import here: pages reach these
through gnbv.ui.cache, tests call ``run_query`` directly.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

QUERY_DIR = Path(__file__).parent
_PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")


class QueryParameterError(TypeError):
    """The parameters passed do not match the ``$names`` the query file declares."""


@cache
def load_sql(name: str) -> str:
    path = QUERY_DIR / f"{name}.sql"
    if not path.is_file() or path.parent != QUERY_DIR:
        raise FileNotFoundError(f"no query named {name!r}")
    return path.read_text(encoding="utf-8")


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERY_DIR.glob("*.sql"))


def parameters_of(sql: str) -> set[str]:
    return set(_PARAMETER.findall(_COMMENT.sub("", sql)))


def documented_columns(sql: str) -> list[str]:
    """The column names listed after ``-- returns:`` in the header, in order."""
    header = []
    in_returns = False
    for line in sql.splitlines():
        text = line[2:].strip() if line.startswith("--") else ""
        if not text:  # the header ends at the first line that is not a non-empty comment
            break
        if text.startswith("returns:"):
            in_returns = True
            text = text[len("returns:") :]
        elif re.match(r"^[a-z]+:", text):
            in_returns = False
        if in_returns:
            header.append(text)
    names, depth = [], 0
    for char in " ".join(header):  # drop the parenthesised explanations, which may nest
        depth += (char == "(") - (char == ")")
        if depth == 0 and char != ")":
            names.append(char)
    return [n.strip() for n in "".join(names).split(",") if n.strip()]


def run_query(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    sql = load_sql(name)
    expected = parameters_of(sql)
    if set(params) != expected:
        raise QueryParameterError(f"{name}: expected parameters {sorted(expected)}, got {sorted(params)}")
    cursor = con.cursor()
    try:
        return cursor.execute(sql, params).df()
    finally:
        cursor.close()
