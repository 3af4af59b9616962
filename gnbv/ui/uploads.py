"""Loading and undoing from the Dữ liệu page: the same loader as the command line, on the app's connection.

After a load or an undo every cached query result is dropped, so every page shows the new data at its
next rerun. Loads run one at a time (data.load.WRITE_LOCK); a second upload waits and says so.
"""

from __future__ import annotations

from collections.abc import Callable

from data.load import LoadResult, load_funding, load_households, max_upload_bytes, undo_load
from gnbv.ui import cache


def load_file(
    dataset: str,
    content: bytes,
    file_name: str,
    year: int | None,
    standard: str | None,
    operator: str,
    scope: str = "communes",
    confirm_removal: bool = False,
    client_address: str | None = None,
    allowed_provinces: list[str] | None = None,
    progress: Callable[[str], None] = lambda step: None,
) -> LoadResult:
    con = cache.connection()
    if dataset == "funding":
        result = load_funding(
            con,
            content,
            file_name,
            operator=operator,
            client_address=client_address,
            allowed_provinces=allowed_provinces,
        )
    else:
        result = load_households(
            con,
            content,
            file_name,
            year,
            standard=standard,
            operator=operator,
            scope=scope,
            confirm_removal=confirm_removal,
            client_address=client_address,
            allowed_provinces=allowed_provinces,
            progress=progress,
        )
    if result.status == "loaded":
        cache.forget_results()
    return result


def undo(load_id: int, operator: str, client_address: str | None = None) -> LoadResult:
    result = undo_load(cache.connection(), load_id, operator=operator, client_address=client_address)
    if result.status == "undone":
        cache.forget_results()
    return result


def limit_megabytes() -> float:
    return max_upload_bytes() / 1048576
