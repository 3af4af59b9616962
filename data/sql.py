"""The one way to run a .sql file: read it once, check its ``$parameters``, bind them, never format them in.

``queries.run_query`` (the pages' metrics) and every SQL file of ``data/`` (schema, rollups, loader
checks, migrations) go through here. A file holds one statement, or several separated by ``;`` at the
end of a line; each statement is given the parameters it names, and the parameters passed must be
exactly the ``$names`` the file uses (an unknown or a missing one is an error, not a silent null).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

_PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")
_STATEMENT_END = re.compile(r";[ \t]*\n")


class SqlParameterError(TypeError):
    """The parameters passed do not match the ``$names`` the SQL file declares."""


@cache
def read(path: Path) -> str:
    return Path(path).read_text(encoding="utf-8")


def parameters_of(sql: str) -> set[str]:
    """The ``$names`` a SQL text uses (comments aside; the files keep ``--`` out of string literals)."""
    return set(_PARAMETER.findall(_COMMENT.sub("", sql)))


def statements(sql: str) -> list[str]:
    """The statements of a file, split at a ``;`` that ends a line outside comments."""
    text = _COMMENT.sub("", sql) + "\n"
    return [part.strip() for part in _STATEMENT_END.split(text) if part.strip()]


def _checked(path: Path, params: dict, /) -> list[tuple[str, dict]]:
    sql = read(Path(path))
    expected = parameters_of(sql)
    if set(params) != expected:
        raise SqlParameterError(f"{Path(path).name}: expected parameters {sorted(expected)}, got {sorted(params)}")
    return [(text, {k: v for k, v in params.items() if k in parameters_of(text)}) for text in statements(sql)]


def execute(con: duckdb.DuckDBPyConnection, path: Path, /, **params: object) -> duckdb.DuckDBPyConnection:
    """Run every statement of ``path`` on ``con``; returns ``con`` with the last statement's result."""
    for text, bound in _checked(path, params):
        con.execute(text, bound or None)
    return con


def frame(con: duckdb.DuckDBPyConnection, path: Path, /, **params: object) -> pd.DataFrame:
    """The result of the file's last statement as a DataFrame. Run on ``con`` itself, so that it sees
    the transaction in progress there; callers that share a connection across threads pass a cursor."""
    return execute(con, path, **params).df()


def rows(con: duckdb.DuckDBPyConnection, path: Path, /, **params: object) -> list[tuple]:
    return execute(con, path, **params).fetchall()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """``con`` (a connection or a cursor, whose temporary tables stay visible) inside one transaction:
    committed when the block ends, rolled back if it raises, whatever raised."""
    con.execute("begin transaction")
    try:
        yield con
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Append ``frame`` to ``table``, matching columns by name; absent columns are null.

    The table is looked up through DuckDB's relation API, so an unknown name fails and no SQL text
    is ever built from it.
    """
    columns = con.table(table).columns
    unknown = set(frame.columns) - set(columns)
    if unknown:
        raise ValueError(f"{table} has no columns {sorted(unknown)}")
    ordered = frame.reindex(columns=columns)
    con.from_df(ordered).insert_into(table)
