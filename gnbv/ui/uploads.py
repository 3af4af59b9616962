"""Loading and undoing from the Dữ liệu page: the same loader as the command line, on the app's connection.

Who may load, under which name and into which provinces is decided here, on the server, from the
signed-in account (gnbv/ui/auth.py), never from what the page shows: a visitor who may not load gets a
refusal even if they reach the button. After a load or an undo every cached query result is dropped,
so every page shows the new data at its next rerun. Loads run one at a time (data.load.WRITE_LOCK); a
second upload waits and says so.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from data import database
from data.load import (
    Files,
    LoadResult,
    load_funding,
    load_households,
    load_summary_reports,
    max_upload_bytes,
    undo_load,
)
from data.load.problems import Problem
from data.reference.periods import scheme_of_year
from gnbv.selection import SCHEMES
from gnbv.ui import auth, cache, server_guard


def _refused() -> LoadResult:
    return LoadResult("rejected", [Problem.error("not_allowed_to_load")])


def _on_database(action: Callable[[duckdb.DuckDBPyConnection], LoadResult]) -> LoadResult:
    """Run a load or an undo on the app's connection, or, in a shared deployment, on a copy of the file
    that replaces it when the load lands (data.database.write_by_replacing)."""
    if database.shared():
        return database.write_by_replacing(cache.database_path(), action, keep=lambda result: result.changed_data)
    return action(cache.connection())


def _any_scheme_scope() -> list[str] | None:
    """The provinces of every scheme the account covers (funding files and undos may touch either)."""
    scopes = [auth.provinces_in_scope(scheme) for scheme in SCHEMES]
    return None if scopes[0] is None else sorted({code for chosen in scopes for code in chosen})


def load_file(
    dataset: str,
    content: Files,
    file_name: str | None,
    year: int | None,
    standard: str | None,
    typed_operator: str = "",
    scope: str = "communes",
    confirm_removal: bool = False,
    progress: Callable[[str], None] = lambda step: None,
    sheets: list[str] | None = None,
    confirm_moves: bool = False,
) -> LoadResult:
    """Check and load one file, or several as one load (``content``: [(name, bytes)], a .zip opens too).
    ``typed_operator``: the name typed on the page in demo mode (with accounts, the load is recorded under
    the signed-in account); ``sheets``: the sheets chosen when the tables differ; ``confirm_moves``: move
    households whose id another commune holds."""
    if not auth.may_load():
        return _refused()
    operator = auth.operator_name() or typed_operator or "—"
    if dataset == "funding":
        result = _on_database(
            lambda con: load_funding(
                con,
                content,
                file_name,
                operator=operator,
                client_address=auth.client_address(),
                allowed_provinces=_any_scheme_scope(),
                sheets=sheets,
            )
        )
    elif dataset == "summary_report":
        result = _on_database(
            lambda con: load_summary_reports(
                con,
                content,
                file_name,
                year,
                operator=operator,
                client_address=auth.client_address(),
                allowed_provinces=auth.provinces_in_scope(scheme_of_year(year)),
                progress=progress,
            )
        )
    else:
        result = _on_database(
            lambda con: load_households(
                con,
                content,
                file_name,
                year,
                standard=standard,
                operator=operator,
                scope=scope,
                confirm_removal=confirm_removal,
                client_address=auth.client_address(),
                allowed_provinces=auth.provinces_in_scope(scheme_of_year(year)),
                progress=progress,
                sheets=sheets,
                confirm_moves=confirm_moves,
            )
        )
    if result.changed_data:
        cache.forget_results()
    return result


def undo(load_id: int, typed_operator: str = "") -> LoadResult:
    if not auth.may_load():
        return _refused()
    result = _on_database(
        lambda con: undo_load(
            con,
            load_id,
            operator=auth.operator_name() or typed_operator or "—",
            client_address=auth.client_address(),
            allowed_provinces=_any_scheme_scope(),
        )
    )
    if result.changed_data:
        cache.forget_results()
    return result


def allow_uploads() -> None:
    """Let this browser session send files to the server (gnbv/ui/server_guard.py refuses the others):
    only a visitor who may load, on the page that loads."""
    context = get_script_run_ctx()
    if context is not None and auth.may_load() and not cache.is_read_only():
        server_guard.allow_uploads(context.session_id)


def limit_megabytes() -> float:
    return max_upload_bytes() / 1048576
