"""Loading a file from the Dữ liệu page: the same loader as the command line, on the app's connection.

After a load every cached query result is dropped, so every page shows the new data at its next rerun.
"""

from __future__ import annotations

from data.load import LoadResult, load_funding, load_households, max_upload_bytes
from gnbv.ui import cache


def load_file(
    dataset: str, content: bytes, file_name: str, year: int | None, standard: str | None, operator: str
) -> LoadResult:
    con = cache.connection()
    if dataset == "funding":
        result = load_funding(con, content, file_name, operator=operator)
    else:
        result = load_households(con, content, file_name, year, standard=standard, operator=operator)
    if result.status == "loaded":
        cache.query.clear()
    return result


def limit_megabytes() -> float:
    return max_upload_bytes() / 1048576
