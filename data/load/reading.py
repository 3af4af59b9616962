"""Reading an export as it arrives: .xlsx or .csv in any of the encodings departments use, with title
rows above the header and Vietnamese headers with or without accents.

Every file is first rewritten, record by record, as one UTF-8 CSV in a temporary folder: its first
column the row a person sees in Excel (file_row), then one column per field of the import schema in the
schema's order (empty where the file has no such column). DuckDB then reads that file at its own speed
and memory (a 1,000,000-row export as Python strings took 3 GB; read by DuckDB it does not), and every
problem can still point at the row the department will open. .xlsx files are read by python-calamine.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import ctypes
import io
import itertools
import os
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from data.load.problems import LoadRejected, Problem
from data.load.vocabulary import fold

HEADER_SEARCH_ROWS = 30
CHUNK = 1 << 20
# Lines a "Tổng cộng" row starts with under a table: not households.
TOTAL_WORDS = ("tong", "cong", "total")


@dataclass(frozen=True)
class Field:
    """One column of an import schema: its name in the database and the headers accepted for it."""

    name: str
    required: bool
    aliases: tuple[str, ...]
    label_vi: str
    label_en: str
    folded: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "folded", frozenset(fold(a) for a in (self.name, *self.aliases)))


@dataclass
class Table:
    """A file rewritten as a normalised CSV (see the module's docstring)."""

    path: Path
    fields: list[Field]
    present: list[str]  # fields the file has a column for
    headers: dict[str, str]  # field -> the file's own header text
    encoding: str
    header_row: int
    ignored_columns: list[str]
    row_count: int

    def to_duckdb(self, con: duckdb.DuckDBPyConnection, name_sql: Path) -> None:
        """Create the temporary table the SQL file ``name_sql`` creates from the normalised CSV."""
        from data import sql

        sql.execute(con, name_sql, path=str(self.path))

    def to_frame(self) -> pd.DataFrame:
        """The rows as strings ("" for blank cells), one column per field, and file_row (small files)."""
        frame = pd.read_csv(self.path, dtype=str, keep_default_na=False)
        frame["file_row"] = frame["file_row"].astype(int)
        return frame

    def header_of(self, name: str) -> str:
        return self.headers.get(name, name)

    def close(self) -> None:
        self.path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            self.path.parent.rmdir()


def decoded_stream(content: bytes) -> tuple[Iterator[str], str]:
    """The text of a CSV export in chunks, and the encoding it was read with: BOMs first, then UTF-8,
    then Windows-1258 (whose tones may come as combining marks: NFC makes them match typed text)."""
    if content.startswith(b"\xef\xbb\xbf"):
        encoding, start = "utf-8", 3
        name = "utf-8-sig"
    elif content.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding, start, name = "utf-16", 0, "utf-16"
    else:
        sample = content[:4000]
        start = 0
        if sample and sample.count(b"\x00") > len(sample) // 4:  # UTF-16 without a BOM
            encoding = "utf-16-le" if sample[1:2] == b"\x00" else "utf-16-be"
            name = encoding
        else:
            try:
                codecs.getincrementaldecoder("utf-8")().decode(content, final=True)
                encoding, name = "utf-8", "utf-8"
            except UnicodeDecodeError:
                encoding, name = "cp1258", "cp1258"
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")

    def chunks() -> Iterator[str]:
        for offset in range(start, len(content), CHUNK):
            text = decoder.decode(content[offset : offset + CHUNK])
            yield unicodedata.normalize("NFC", text) if encoding == "cp1258" else text
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail

    return chunks(), name


def _text_lines(chunks: Iterator[str]) -> Iterator[str]:
    """The lines of decoded chunks, each with its newline, for csv.reader. Each chunk is split once (a
    line-by-line partition of the buffer copied the rest of the chunk per line: 30 s for a 1M-row file)."""
    rest = ""
    for chunk in chunks:
        parts = (rest + chunk).split("\n")
        rest = parts.pop()
        for part in parts:
            yield part + "\n"
    if rest:
        yield rest


def _sniff_delimiter(lines: list[str]) -> str:
    counts = {d: sum(line.count(d) for line in lines) for d in (",", ";", "\t")}
    return max(counts, key=counts.get)


def _csv_records(content: bytes) -> tuple[Iterator[tuple[int, list[str]]], str]:
    chunks, encoding = decoded_stream(content)
    stream = _text_lines(chunks)
    head = list(itertools.islice(stream, HEADER_SEARCH_ROWS))
    delimiter = _sniff_delimiter(head)
    reader = csv.reader(itertools.chain(head, stream), delimiter=delimiter)

    def records() -> Iterator[tuple[int, list[str]]]:
        start = 1
        for record in reader:
            yield start, record
            start = reader.line_num + 1

    return records(), encoding


def _excel_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # A decimal comma, so that the number parser never takes it for a thousands separator.
        return str(int(value)) if value.is_integer() else repr(value).replace(".", ",")
    return str(value)


def _xlsx_records(content: bytes) -> Iterator[tuple[int, list[str]]]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    sheet = workbook.get_sheet_by_index(0)
    first_row = sheet.start[0] + 1 if sheet.start else 1
    for offset, row in enumerate(sheet.iter_rows()):
        yield first_row + offset, [_excel_cell(v) for v in row]
    del sheet, workbook
    _return_freed_memory()


def _return_freed_memory() -> None:
    """Give the sheet's memory back to the system before DuckDB works: calamine holds a whole sheet in
    millions of small allocations, which the C library keeps for the process unless asked (the load's
    next steps then start from about 0.15 GB instead of 0.3 GB per 220,000 rows; docs/performance.md)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _field_of(folded: str, fields: list[Field]) -> Field | None:
    """The field a header names: an exact alias, else the longest alias of two words or more that the
    header starts with ("Thu nhập bình quân (đồng/người/tháng)" starts with "thu nhap binh quan")."""
    if not folded:
        return None
    for spec in fields:
        if folded in spec.folded:
            return spec
    best, best_length = None, 0
    for spec in fields:
        for alias in spec.folded:
            if " " in alias and folded.startswith(alias + " ") and len(alias) > best_length:
                best, best_length = spec, len(alias)
    return best


def _match_header(cells: list[str], fields: list[Field]) -> dict[int, Field]:
    matched: dict[int, Field] = {}
    for index, cell in enumerate(cells):
        spec = _field_of(fold(cell), fields)
        if spec is not None:
            matched[index] = spec
    return matched


def read_table(content: bytes, file_name: str, fields: list[Field]) -> Table:
    """Find the header among the first rows and rewrite the rows below it as a normalised CSV.

    Raises LoadRejected (nothing read further) when the file cannot be read, has no recognisable
    header, misses a required column or names one field twice.
    """
    if not content:
        raise LoadRejected([Problem.error("file_empty")])
    is_xlsx = file_name.lower().endswith((".xlsx", ".xlsm")) or content[:2] == b"PK"
    try:
        if is_xlsx:
            records, encoding = _xlsx_records(content), "xlsx"
        else:
            records, encoding = _csv_records(content)
        head: list[tuple[int, list[str]]] = []
        for item in records:
            head.append(item)
            if len(head) >= HEADER_SEARCH_ROWS:
                break
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, UnicodeDecodeError, csv.Error) as error:
        detail = "encoding" if isinstance(error, UnicodeDecodeError) else type(error).__name__
        raise LoadRejected([Problem.error("file_unreadable", detail=detail)]) from error
    except Exception as error:  # calamine raises its own types for files that are not a workbook
        raise LoadRejected([Problem.error("file_unreadable", detail=type(error).__name__)]) from error

    best, match = -1, {}
    for position, (_, cells) in enumerate(head):
        found = _match_header(cells, fields)
        if len(found) > len(match):
            best, match = position, found
    if len(match) < 2:
        raise LoadRejected([Problem.error("header_not_found", expected=", ".join(f.label_vi for f in fields[:6]))])
    header_line, header = head[best]
    problems, column_of = [], {}
    for index, spec in match.items():
        if spec.name in column_of:
            problems.append(Problem.error("duplicate_column", column=header[index], field=spec.label_vi))
        column_of[spec.name] = index
    missing = [spec for spec in fields if spec.required and spec.name not in column_of]
    problems += [
        Problem.error("missing_column", column=spec.label_vi, aliases=", ".join(spec.aliases[:3])) for spec in missing
    ]
    if problems:
        raise LoadRejected(problems)

    folder = Path(tempfile.mkdtemp(prefix="gnbv-load-"))
    path = folder / "rows.csv"
    order = [(spec.name, column_of.get(spec.name)) for spec in fields]
    rows = 0

    def body() -> Iterable[tuple[int, list[str]]]:
        yield from head[best + 1 :]
        yield from records

    try:
        with open(path, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["file_row", *(name for name, _ in order)])
            for line, cells in body():
                values = [cells[i].strip() if i is not None and i < len(cells) else "" for _, i in order]
                if not any(values):
                    continue  # a blank line is not a household
                first = next((v for v in values if v), "")
                if fold(first).startswith(TOTAL_WORDS):
                    continue  # the "Tổng cộng" line under a table
                writer.writerow([line, *values])
                rows += 1
    except (ValueError, UnicodeDecodeError, csv.Error) as error:
        path.unlink(missing_ok=True)
        os.rmdir(folder)
        detail = "encoding" if isinstance(error, UnicodeDecodeError) else str(error).splitlines()[0]
        raise LoadRejected([Problem.error("file_unreadable", detail=detail)]) from error
    if rows == 0:
        path.unlink(missing_ok=True)
        os.rmdir(folder)
        raise LoadRejected([Problem.error("no_rows")])
    ignored = [cell for i, cell in enumerate(header) if i not in match and str(cell).strip()]
    return Table(
        path=path,
        fields=fields,
        present=[spec.name for spec in fields if spec.name in column_of],
        headers={spec.name: header[column_of[spec.name]] for spec in fields if spec.name in column_of},
        encoding=encoding,
        header_row=header_line,
        ignored_columns=ignored,
        row_count=rows,
    )
