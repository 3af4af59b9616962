"""Reading an export as it arrives: .xlsx or .csv in any of the encodings departments use, with title
rows above the header and Vietnamese headers with or without accents.

The result is a frame of strings, one column per recognised field, plus the file's own row numbers so
that every problem can point at the row a person sees in Excel.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

import pandas as pd
from unidecode import unidecode

from data.load.problems import ERROR, LoadRejected, Problem

HEADER_SEARCH_ROWS = 30
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: object) -> str:
    """Lower-case ASCII words of ``text``: "Mã hộ" -> "ma ho", "MÃ_HỘ " -> "ma ho", "Đ" -> "d"."""
    plain = unidecode(unicodedata.normalize("NFC", str(text))).lower()
    return _NOT_ALNUM.sub(" ", plain).strip()


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
    frame: pd.DataFrame  # one str column per recognised field + "file_row" (1-based, as Excel shows)
    encoding: str
    header_row: int
    ignored_columns: list[str]

    def problems(self, column: str, mask: pd.Series, code: str, severity: str = ERROR) -> list[Problem]:
        """One problem per cell of ``column`` where ``mask`` holds, with its file row and value as written."""
        rows = self.frame.loc[mask, ["file_row", column]]
        return [Problem(severity, code, int(row), column, value) for row, value in rows.itertuples(index=False)]


def decode(content: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with: BOMs first, then UTF-8, then Windows-1258."""
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8"), "utf-8-sig"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16"), "utf-16"
    sample = content[:4000]
    if sample and sample.count(b"\x00") > len(sample) // 4:  # UTF-16 without a BOM
        encoding = "utf-16-le" if sample[1:2] == b"\x00" else "utf-16-be"
        return content.decode(encoding), encoding
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Windows-1258 writes some tones as combining marks; NFC makes them match typed text.
        return unicodedata.normalize("NFC", content.decode("cp1258", errors="strict")), "cp1258"


def _excel_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # A decimal comma, so that parse_number never takes it for a thousands separator.
        return str(int(value)) if value.is_integer() else repr(value).replace(".", ",")
    return str(value)


def _grid_from_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return [[_excel_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _sniff_delimiter(lines: list[str]) -> str:
    counts = {d: sum(line.count(d) for line in lines) for d in (",", ";", "\t")}
    return max(counts, key=counts.get)


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


def _header_index(rows: list[list[str]], fields: list[Field]) -> tuple[int, dict[int, Field]]:
    best, best_match = -1, {}
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        match = _match_header(cells, fields)
        if len(match) > len(best_match):
            best, best_match = index, match
    if len(best_match) < 2:
        raise LoadRejected([Problem.error("header_not_found", expected=", ".join(f.label_vi for f in fields[:6]))])
    return best, best_match


def read_table(content: bytes, file_name: str, fields: list[Field]) -> Table:
    """Find the header among the first rows, keep the recognised columns, as strings.

    Raises LoadRejected (nothing read further) when the file cannot be read, has no recognisable
    header, misses a required column or names one field twice.
    """
    if not content:
        raise LoadRejected([Problem.error("file_empty")])
    is_xlsx = file_name.lower().endswith((".xlsx", ".xlsm")) or content[:2] == b"PK"
    if is_xlsx:
        try:
            grid = _grid_from_xlsx(content)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
            raise LoadRejected([Problem.error("file_unreadable", detail=type(error).__name__)]) from error
        encoding = "xlsx"
        header_index, match = _header_index(grid, fields)
        header = grid[header_index]
        width = len(header)
        body = [(row + [""] * width)[:width] for row in grid[header_index + 1 :]]
        frame = pd.DataFrame(body, columns=[str(i) for i in range(width)], dtype=str)
    else:
        try:
            text, encoding = decode(content)
        except UnicodeDecodeError as error:
            raise LoadRejected([Problem.error("file_unreadable", detail="encoding")]) from error
        head_lines = text.splitlines()[:HEADER_SEARCH_ROWS]
        delimiter = _sniff_delimiter(head_lines)
        head = list(csv.reader(head_lines, delimiter=delimiter))
        header_index, match = _header_index(head, fields)
        header = head[header_index]
        try:
            frame = pd.read_csv(
                io.StringIO(text),
                sep=delimiter,
                skiprows=header_index + 1,
                header=None,
                names=[str(i) for i in range(len(header))],
                dtype=str,
                keep_default_na=False,
                skip_blank_lines=False,
                engine="c",
            )
        except (pd.errors.ParserError, ValueError) as error:
            raise LoadRejected([Problem.error("file_unreadable", detail=str(error).splitlines()[0])]) from error

    frame = frame.fillna("")
    frame["file_row"] = range(header_index + 2, header_index + 2 + len(frame))
    named = {}
    problems = []
    for index, spec in match.items():
        if spec.name in named:
            problems.append(Problem.error("duplicate_column", column=header[index], field=spec.label_vi))
        named[spec.name] = str(index)
    missing = [spec for spec in fields if spec.required and spec.name not in named]
    problems += [
        Problem.error("missing_column", column=spec.label_vi, aliases=", ".join(spec.aliases[:3])) for spec in missing
    ]
    if problems:
        raise LoadRejected(problems)
    ignored = [header[i] for i in range(len(header)) if i not in match and str(header[i]).strip()]
    result = frame[[*named.values(), "file_row"]].rename(columns={v: k for k, v in named.items()})
    for column in named:
        result[column] = result[column].str.strip()
    # Blank lines, and the "Tổng cộng" line under a table, are not households.
    values = result.drop(columns="file_row")
    keep = (values != "").any(axis=1)
    for column in values.columns[:3]:
        keep &= ~values[column].str.lower().str.startswith(("tổng", "tong", "cộng", "total"))
    result = result[keep].reset_index(drop=True)
    if result.empty:
        raise LoadRejected([Problem.error("no_rows")])
    return Table(frame=result, encoding=encoding, header_row=header_index + 1, ignored_columns=ignored)
