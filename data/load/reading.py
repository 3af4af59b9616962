"""Reading an export as it arrives: .xlsx or .csv in any of the encodings departments use, several of them
at once (a multi-select or a .zip of commune workbooks), the table on whichever sheet holds it (an
instruction sheet first, one sheet per commune), title rows above a header of one to three rows with
merged cells, a row of column numbers under it, Vietnamese headers with or without accents.

Every file is first rewritten, record by record, as one UTF-8 CSV in a temporary folder: its first
column the row a person sees in Excel (file_row; with several sheets or files, the part's number times
PART_ROWS plus that row, so that a problem still names its file, sheet and row), then one column per field
of the import schema in the schema's order (empty where the file has no such column). DuckDB then reads
that file at its own speed and memory, and every problem can point at the row the department will open.
.xlsx files are read by python-calamine, after their size is checked: a workbook that unpacks to far more
than it weighs (a zip bomb) or holds more rows than any review is refused before it is parsed.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import ctypes
import io
import itertools
import os
import posixpath
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from data.load.problems import ERROR, PART_ROWS, WARNING, LoadRejected, Problem
from data.load.vocabulary import fold

HEADER_SEARCH_ROWS = 30
MAX_HEADER_DEPTH = 3  # header rows combined: a group title, a title, a sub-title
CHUNK = 1 << 20
# Lines a "Tổng cộng" row starts with under a table: not households.
TOTAL_WORDS = ("tong", "cong", "total")
# A run of this many blank rows ends a table: what follows is formatting, not households (a CSV of one
# row and fifty million blank lines was read for three minutes before).
BLANK_RUN_LIMIT = 10_000
# The largest cell a review holds is an address: a longer one is an error, said as such.
MAX_CELL_CHARACTERS = 32_768
# An .xlsx is a zip: what it unpacks to is checked before it is parsed. A real export packs 5-15 times;
# a zip bomb hundreds of times. A million-household province unpacks to under a gigabyte.
MAX_UNPACKED_BYTES = 1_500_000_000
MAX_PACK_RATIO = 100
PACK_RATIO_FLOOR = 50_000_000  # below this, any ratio is harmless
MAX_SHEET_ROWS = 1_100_000
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".txt")


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
class Source:
    """One sheet (or CSV) of the files given, and what the reader made of it."""

    file_name: str
    sheet: str | None
    part: int  # its rows are numbered from part * PART_ROWS
    status: str = "read"  # read | skipped
    reason: str | None = None  # why skipped: no_household_table | columns_differ | not_chosen | hidden_lookup
    header_rows: tuple[int, int] | None = None  # first and last header row as Excel shows them
    rows: int = 0
    fields: tuple[str, ...] = ()
    title: str = ""  # the text above the header («DANH SÁCH HỘ THOÁT NGHÈO …»): which list a sheet is

    @property
    def name(self) -> str:
        return f"{self.file_name} · {self.sheet}" if self.sheet else self.file_name


@dataclass
class Table:
    """Files rewritten as one normalised CSV (see the module's docstring)."""

    path: Path
    fields: list[Field]
    present: list[str]  # fields the file has a column for
    headers: dict[str, str]  # field -> the file's own header text
    encoding: str
    header_row: int
    ignored_columns: list[str]
    row_count: int
    sources: list[Source] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # warnings about how the files were read

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


# --- decoding a CSV -----------------------------------------------------------------------------------------


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
    csv.field_size_limit(MAX_CELL_CHARACTERS)
    reader = csv.reader(itertools.chain(head, stream), delimiter=delimiter)

    def records() -> Iterator[tuple[int, list[str]]]:
        start = 1
        try:
            for record in reader:
                yield start, record
                start = reader.line_num + 1
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise LoadRejected(
                    [Problem(ERROR, "cell_too_long", reader.line_num, None, None, {"limit": MAX_CELL_CHARACTERS})]
                ) from error
            raise

    return records(), encoding


# --- opening a workbook --------------------------------------------------------------------------------------


def _excel_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if abs(value) >= 1e15:
            # Beyond 15 digits a spreadsheet number has lost digits (a long code typed as a number): written
            # as Excel shows it (1E+23), the checks say so instead of storing a wrong code.
            return f"{value:.6E}".replace(".000000", "")
        # A decimal comma, so that the number parser never takes it for a thousands separator.
        return str(int(value)) if value.is_integer() else repr(value).replace(".", ",")
    return str(value)


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"')


def check_workbook(content: bytes) -> None:
    """Refuse a workbook before parsing it when it unpacks to far more than it weighs, unpacks beyond what
    any review needs, or declares more rows than Excel holds (each refusal names its cause)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as error:
        raise LoadRejected([Problem.error("file_unreadable", detail="zip")]) from error
    with archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES or (unpacked > PACK_RATIO_FLOOR and unpacked > MAX_PACK_RATIO * len(content)):
            raise LoadRejected(
                [
                    Problem.error(
                        "workbook_too_large",
                        size=round(len(content) / 1048576, 1),
                        unpacked=round(unpacked / 1048576),
                        limit=round(MAX_UNPACKED_BYTES / 1048576),
                    )
                ]
            )
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                with archive.open(info) as sheet:
                    match = _DIMENSION.search(sheet.read(4096))
                if match and int(match.group(1)) > MAX_SHEET_ROWS:
                    raise LoadRejected(
                        [Problem.error("workbook_too_many_rows", rows=int(match.group(1)), limit=MAX_SHEET_ROWS)]
                    )


@dataclass
class _Part:
    """One sheet (or CSV) being read: its first rows for the header, then the rest."""

    source: Source
    head: list[tuple[int, list[str]]]
    rest: Iterator[tuple[int, list[str]]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]]  # 0-based (row, col): rows from the head, columns from A
    encoding: str


def _split_head(records: Iterator[tuple[int, list[str]]]) -> tuple[list[tuple[int, list[str]]], Iterator]:
    head = list(itertools.islice(records, HEADER_SEARCH_ROWS))
    return head, records


def _workbook_parts(content: bytes, file_name: str, first_part: int) -> Iterator[_Part]:
    """Each sheet of a workbook, one at a time (a sheet's cells are held in memory only while it is read;
    a large sheet's only a part of them at a time)."""
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    check_workbook(content)
    archive = zipfile.ZipFile(io.BytesIO(content))
    large = _large_sheets(archive)
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    sheets_metadata = [(meta.name, meta.visible) for meta in workbook.sheets_metadata]
    for number, (name, visible) in enumerate(sheets_metadata):
        if name in large:
            # The workbook's shared strings (a few hundred MB in a large one) go before the parts are read.
            workbook = None
            _return_freed_memory()
            sheets = _sheet_in_parts(archive, large[name], name, content)
        else:
            workbook = workbook or CalamineWorkbook.from_filelike(io.BytesIO(content))
            sheets = iter([workbook.get_sheet_by_name(name)])
        first = next(sheets)
        top = first.start[0] if first.start else 0
        # calamine gives merged ranges in the sheet's coordinates and the rows from the sheet's first filled
        # row: the ranges are made relative to that row (columns stay the sheet's, as the cells do).
        merged = [
            ((up - top, left), (down - top, right))
            for (up, left), (down, right) in first.merged_cell_ranges or []
            if down >= top
        ]
        head, rest = _split_head(_sheet_records(first, sheets))
        del first
        source = Source(file_name, name, first_part + number)
        if visible != SheetVisibleEnum.Visible:
            source.reason = "hidden"
        yield _Part(source, head, rest, merged, "xlsx")
        del sheets, head, rest
        _return_freed_memory()
    del workbook, archive
    _return_freed_memory()


def _sheet_records(first, others: Iterator) -> Iterator[tuple[int, list[str]]]:
    """A sheet's rows as (the row Excel shows, its cells as text, column A first), from one calamine
    sheet or from the parts of a large one (the blank rows between two parts included, as calamine
    gives them within one)."""
    sheet, line = first, None
    del first
    while sheet is not None:
        if sheet.start:
            top, left = sheet.start
            if line is not None:
                yield from ((blank, []) for blank in range(line + 1, top + 1))
            line = top
            pad = [""] * left
            # Text cells (most of an export) pass as they are: a call per cell was 60 % of walking the rows.
            # calamine 0.9 starts iter_rows at the sheet's row 1 (blank rows up to its first filled one) and at
            # its first filled column: the blank rows are skipped, the columns put back where Excel has them.
            for line, row in enumerate(itertools.islice(sheet.iter_rows(), top, None), start=top + 1):
                cells = [v if v.__class__ is str else _excel_cell(v) for v in row]
                yield line, (pad + cells if left else cells)
        sheet = None  # this part's cells go before the next part is read
        _return_freed_memory()
        sheet = next(others, None)


# A sheet whose XML unpacks beyond SHEET_SPLIT_BYTES is handed to calamine in parts of whole rows of about
# SHEET_PART_BYTES: calamine holds a whole sheet in memory, 1.7-2.0 GB for a million households; read in
# parts of 192 MB, 1.0-1.2 GB, 2-7 s slower (a part's shared strings are read again; docs/performance.md).
SHEET_SPLIT_BYTES = 256 << 20
SHEET_PART_BYTES = 192 << 20
_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b[^>]*>")
_SHEET_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*/>")
_EMPTY_SHEET = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
_WORKSHEET_MEMBER = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)


def _large_sheets(archive: zipfile.ZipFile) -> dict[str, str]:
    """The sheets (by name) whose XML member unpacks beyond SHEET_SPLIT_BYTES, with that member."""
    sizes = {info.filename: info.file_size for info in archive.infolist()}
    if max(sizes.values(), default=0) <= SHEET_SPLIT_BYTES:
        return {}
    from xml.etree import ElementTree

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    def targets(rels: str) -> dict[str, tuple[str, str]]:
        if rels not in sizes:
            return {}
        root = ElementTree.fromstring(archive.read(rels))
        return {e.get("Id"): (e.get("Type", ""), e.get("Target", "")) for e in root if local(e.tag) == "Relationship"}

    def resolve(folder: str, target: str) -> str:
        return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))

    book = next(
        (resolve("", target) for kind, target in targets("_rels/.rels").values() if kind.endswith("/officeDocument")),
        "xl/workbook.xml",
    )
    folder = posixpath.dirname(book)
    relations = targets(posixpath.join(folder, "_rels", posixpath.basename(book) + ".rels"))
    large = {}
    for element in ElementTree.fromstring(archive.read(book)).iter():
        if local(element.tag) != "sheet":
            continue
        relation = next((value for key, value in element.attrib.items() if local(key) == "id"), None)
        member = resolve(folder, relations.get(relation, ("", ""))[1])
        if sizes.get(member, 0) > SHEET_SPLIT_BYTES:
            large[element.get("name")] = member
    return large


def _sheet_in_parts(archive: zipfile.ZipFile, member: str, name: str, content: bytes) -> Iterator:
    """A large sheet as several calamine sheets of whole rows, one made at a time: each is a workbook of
    the original's other members (the shared strings and styles the cells need; other sheets emptied) and
    the sheet's XML with only a run of its rows (its header and its end, merged ranges included, kept).
    Falls back to the whole sheet when its rows cannot be found."""
    from python_calamine import CalamineWorkbook

    with archive.open(member) as stream:
        start = stream.read(1 << 20)
        opening = _SHEET_DATA.search(start)
        if opening is None or opening.group(0).endswith(b"/>"):
            yield CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_name(name)
            return
        prefix = opening.group(1) or b""
        row_end, data_end = b"</" + prefix + b"row>", b"</" + prefix + b"sheetData>"
        head = _SHEET_DIMENSION.sub(b"", start[: opening.end()])
        # First pass: the sheet's end after its rows (merged ranges, page setup), to close every part.
        seen, window = len(start), start[opening.end() :]
        while True:
            found = window.find(data_end)
            if found >= 0:
                tail = window[found:] + stream.read()
                body_length = seen - len(window) + found - opening.end()
                break
            block = stream.read(CHUNK * 8)
            if not block:
                raise LoadRejected([Problem.error("file_unreadable", detail="sheetData")])
            window = window[-len(data_end) :] + block
            seen += len(block)
    others = {
        info.filename: (_EMPTY_SHEET if _WORKSHEET_MEMBER.fullmatch(info.filename) else archive.read(info))
        for info in archive.infolist()
        if info.filename != member and not info.is_dir()
    }
    # Each part is written to a file that calamine reads from disk: held in memory it was a copy in Python's
    # bytes and another in calamine's (0.4 GB of the peak with a 128 MB part).
    with archive.open(member) as stream, tempfile.TemporaryDirectory(prefix="gnbv-sheet-") as folder:
        path = Path(folder) / "part.xlsx"
        stream.read(opening.end())
        remaining, buffer = body_length, bytearray()
        while True:
            block = stream.read(min(SHEET_PART_BYTES, remaining)) if remaining else b""
            if remaining and not block:
                raise LoadRejected([Problem.error("file_unreadable", detail="sheetData")])
            remaining -= len(block)
            buffer += block
            if not remaining:
                cut = len(buffer)
            elif len(buffer) < SHEET_PART_BYTES or (cut := buffer.rfind(row_end) + len(row_end)) < len(row_end):
                continue  # a part ends after a whole row
            with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as part:
                for other, data in others.items():
                    part.writestr(other, data)
                with part.open(member, "w") as out, memoryview(buffer) as rows:
                    out.write(head)
                    out.write(rows[:cut])
                    out.write(tail)
            del buffer[:cut]
            sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name)
            path.unlink()
            yield sheet
            del sheet
            if not remaining:
                return


def _return_freed_memory() -> None:
    """Give a sheet's memory back to the system before DuckDB works: calamine holds a whole sheet in
    millions of small allocations, which the C library keeps for the process unless asked (the load's
    next steps then start from about 0.15 GB instead of 0.3 GB per 220,000 rows; docs/performance.md)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _csv_part(content: bytes, file_name: str, part: int) -> _Part:
    records, encoding = _csv_records(content)
    head, rest = _split_head(records)
    return _Part(Source(file_name, None, part), head, rest, [], encoding)


def _is_workbook(name: str, content: bytes) -> bool:
    """An .xlsx by its name, or a zip that holds a workbook (whatever the name: a file saved as .csv)."""
    if name.lower().endswith(SPREADSHEET_SUFFIXES):
        return True
    if content[:2] != b"PK":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def expand(files: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The files a load reads: a .zip of workbooks or CSVs opens into its members (checked like a
    workbook before anything is unpacked); anything else is itself."""
    expanded = []
    for name, content in files:
        if not _is_workbook(name, content) and (name.lower().endswith(".zip") or content[:2] == b"PK"):
            check_workbook(content)
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                members = [
                    info
                    for info in archive.infolist()
                    if not info.is_dir()
                    and info.filename.lower().endswith(SPREADSHEET_SUFFIXES + TEXT_SUFFIXES)
                    and not Path(info.filename).name.startswith(("~$", "."))
                ]
                if not members:
                    raise LoadRejected([Problem.error("zip_without_tables", file=name)])
                for info in sorted(members, key=lambda i: i.filename):
                    expanded.append((f"{name}/{info.filename}", archive.read(info)))
        else:
            expanded.append((name, content))
    return expanded


def _parts(files: list[tuple[str, bytes]]) -> Iterator[_Part]:
    part = 0
    for name, content in files:
        if not content:
            raise LoadRejected([Problem.error("file_empty")])
        if _is_workbook(name, content):
            count = 0
            for sheet in _workbook_parts(content, name, part):
                count += 1
                yield sheet
            part += count
        else:
            yield _csv_part(content, name, part)
            part += 1


# --- finding the header --------------------------------------------------------------------------------------


# A schema's aliases: exact alias -> field, and the phrases of two words or more, longest first.
_Aliases = tuple[dict[str, Field], list[tuple[str, Field]]]


def _field_of(folded: str, aliases: _Aliases) -> Field | None:
    """The field a header names: an exact alias, else the longest alias of two words or more that the
    header starts with ("Thu nhập bình quân (đồng/người/tháng)" starts with "thu nhap binh quan")."""
    if not folded:
        return None
    exact, phrases = aliases
    if folded in exact:
        return exact[folded]
    for alias, spec in phrases:
        if folded.startswith(alias + " "):
            return spec
    return None


def _alias_index(fields: list[Field]) -> _Aliases:
    """The aliases of ``fields``, made once per header search (it looks up every cell of the first rows):
    exact aliases to their first field, and the aliases of two words or more, longest first (equal lengths
    in the fields' order), for the prefix match."""
    exact: dict[str, Field] = {}
    phrases: list[tuple[str, Field]] = []
    for spec in fields:
        for alias in sorted(spec.folded):
            exact.setdefault(alias, spec)
            if " " in alias:
                phrases.append((alias, spec))
    phrases.sort(key=lambda pair: -len(pair[0]))  # stable: a tie goes to the earlier field, as before
    return exact, phrases


def _filled(head: list[tuple[int, list[str]]], merged) -> tuple[list[list[str]], set[tuple[int, int]]]:
    """The first rows with every merged range filled with its top-left text (a title merged over two rows,
    a group title merged over the columns under it), and the cells filled to the right of a range's
    first column (a column whose every header text is such a copy is no column of its own)."""
    width = max((len(cells) for _, cells in head), default=0)
    grid = [list(cells) + [""] * (width - len(cells)) for _, cells in head]
    copies: set[tuple[int, int]] = set()
    for (top, left), (bottom, right) in merged:
        if top >= len(grid) or left >= width:
            continue
        text = grid[top][left]
        for row in range(top, min(bottom, len(grid) - 1) + 1):
            for column in range(left, min(right, width - 1) + 1):
                if (row, column) != (top, left) and not grid[row][column].strip():
                    grid[row][column] = text
                    if column > left:
                        copies.add((row, column))
    return grid, copies


def _column_names(grid: list[list[str]], copies: set[tuple[int, int]], start: int, depth: int) -> list[list[str]]:
    """For each column, its header texts from row ``start`` down ``depth`` rows, repeats merged; none for a
    column whose texts are all copies of a merged cell to its left."""
    names = []
    for column in range(len(grid[start])):
        parts: list[str] = []
        own = False
        for row in range(start, start + depth):
            text = grid[row][column].strip() if column < len(grid[row]) else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
            own = own or (bool(text) and (row, column) not in copies)
        names.append(parts if own else [])
    return names


def _match_parts(parts: list[str], aliases: _Aliases) -> Field | None:
    """A column's field from its header texts: all of them combined («Thu nhập» over «bình quân …»), else
    the lowest texts alone («Việc làm» under «Các chỉ số thiếu hụt»)."""
    for first in range(len(parts)):
        spec = _field_of(fold(" ".join(parts[first:])), aliases)
        if spec is not None:
            return spec
    return None


@dataclass
class _Header:
    start: int  # index into the head
    depth: int
    columns: dict[int, Field]  # column index -> field
    names: list[str]  # each column's header as shown (its texts joined)

    @property
    def end(self) -> int:
        return self.start + self.depth - 1


def find_header(head: list[tuple[int, list[str]]], merged, fields: list[Field]) -> _Header | None:
    """The header among the first rows: the one to three rows (combined, merged cells filled) that name the
    most fields; ties go to the fewest rows, then the earliest."""
    if not head:
        return None
    grid, copies = _filled(head, merged)
    aliases = _alias_index(fields)
    candidates: list[_Header] = []
    # A cell's texts come back in several candidates (as one row, and under the rows above it): matched once.
    matched: dict[tuple[str, ...], Field | None] = {}
    for start in range(len(grid)):
        for depth in range(1, MAX_HEADER_DEPTH + 1):
            if start + depth > len(grid):
                break
            texts = _column_names(grid, copies, start, depth)
            columns: dict[int, Field] = {}
            for index, parts in enumerate(texts):
                key = tuple(parts)
                if key not in matched:
                    matched[key] = _match_parts(parts, aliases)
                spec = matched[key]
                if spec is not None:
                    columns[index] = spec
            candidates.append(_Header(start, depth, columns, [" ".join(parts) for parts in texts]))
    best = max(candidates, key=lambda h: (len({spec.name for spec in h.columns.values()}), -h.depth, -h.start))
    if len(best.columns) < 2:
        return None
    return best


_NUMBERING = re.compile(r"[\(\[]?[A-Za-z]{0,2}\d{0,3}[\)\]]?|\d+\s*=.*")


def is_numbering_row(cells: list[str]) -> bool:
    """The row of column numbers official forms print under the header («A», «B», «(1)», «4=3/1*100»)."""
    filled = [cell.strip() for cell in cells if cell.strip()]
    return len(filled) >= 3 and len(set(filled)) == len(filled) and all(_NUMBERING.fullmatch(c) for c in filled)


# --- the whole read -------------------------------------------------------------------------------------------


def read_table(
    content: bytes | list[tuple[str, bytes]],
    file_name: str | None,
    fields: list[Field],
    sheets: list[str] | None = None,
) -> Table:
    """Find the household (or funding) table in the files given and rewrite its rows as a normalised CSV.

    ``content``: one file's bytes (with ``file_name``), or several (name, bytes) at once; a .zip opens into
    its members. Every sheet whose header names the required fields is a table; several tables are read
    together when they have the same columns (one sheet per commune), else the file is refused naming them
    (``sheets`` then chooses which to read). Raises LoadRejected (nothing read further) when no table is
    found, a required column is missing, a field is named twice, or a file cannot be read.
    """
    files = [(file_name or "tep", content)] if isinstance(content, bytes | bytearray) else list(content)
    if not files or not any(data for _, data in files):
        raise LoadRejected([Problem.error("file_empty")])
    try:
        files = expand(files)
        return _read(files, fields, sheets)
    except LoadRejected:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, UnicodeDecodeError, csv.Error) as error:
        detail = "encoding" if isinstance(error, UnicodeDecodeError) else type(error).__name__
        raise LoadRejected([Problem.error("file_unreadable", detail=detail)]) from error
    except Exception as error:  # calamine raises its own types for files that are not a workbook
        raise LoadRejected([Problem.error("file_unreadable", detail=type(error).__name__)]) from error


def _read(files: list[tuple[str, bytes]], fields: list[Field], sheets: list[str] | None) -> Table:
    folder = Path(tempfile.mkdtemp(prefix="gnbv-load-"))
    path = folder / "rows.csv"
    sources: list[Source] = []
    notes: list[Problem] = []
    chosen_fields: tuple[str, ...] | None = None
    best_found: tuple[str, ...] | None = None  # the header naming the most fields, for a refusal
    headers: dict[str, str] = {}
    ignored: list[str] = []
    encoding, header_row, rows = "", 0, 0
    order = [spec.name for spec in fields]

    def cleanup() -> None:
        path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            os.rmdir(folder)

    try:
        with open(path, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["file_row", *order])
            for part in _parts(files):
                source = part.source
                sources.append(source)
                header = find_header(part.head, part.merged, fields)
                found = tuple(sorted({spec.name for spec in header.columns.values()})) if header else ()
                required = {spec.name for spec in fields if spec.required}
                if header is not None and (best_found is None or len(found) > len(best_found)):
                    best_found = found
                if header is None or not required <= set(found):
                    source.status, source.reason = "skipped", "no_household_table"
                    continue
                if sheets is not None and source.sheet not in sheets and source.name not in sheets:
                    source.status, source.reason = "skipped", "not_chosen"
                    continue
                source.fields = found
                if chosen_fields is None:
                    chosen_fields = found
                elif found != chosen_fields:
                    # Sheets with other columns than the first table: say which, and let the reader choose.
                    source.status, source.reason = "skipped", "columns_differ"
                    continue
                problems, column_of = [], {}
                for index, spec in header.columns.items():
                    if spec.name in column_of:
                        problems.append(
                            Problem.error("duplicate_column", column=header.names[index], field=spec.label_vi)
                        )
                    column_of.setdefault(spec.name, index)
                if problems:
                    raise LoadRejected(problems)
                if not headers:
                    headers = {name: header.names[index] for name, index in column_of.items()}
                    ignored = [name for i, name in enumerate(header.names) if i not in header.columns and name]
                    encoding = part.encoding
                    header_row = part.head[header.end][0]
                source.header_rows = (part.head[header.start][0], part.head[header.end][0])
                source.title = " ".join(
                    " ".join(dict.fromkeys(cell.strip() for cell in cells if cell.strip()))
                    for _, cells in part.head[: header.start]
                )
                body = itertools.chain(part.head[header.end + 1 :], part.rest)
                source.rows = _write_rows(writer, body, column_of, order, source, notes)
                rows += source.rows
    except BaseException:
        cleanup()
        raise
    differ = [source for source in sources if source.reason == "columns_differ"]
    if differ:
        cleanup()
        first = next(source for source in sources if source.status == "read")
        raise LoadRejected(
            [
                Problem.error(
                    "sheets_differ",
                    first=first.name,
                    other=", ".join(source.name for source in differ),
                    columns=", ".join(first.fields),
                )
            ]
        )
    if chosen_fields is None:
        cleanup()
        if best_found is None:
            raise LoadRejected([Problem.error("header_not_found", expected=", ".join(f.label_vi for f in fields[:6]))])
        raise LoadRejected(
            [
                Problem.error("missing_column", column=spec.label_vi, aliases=", ".join(spec.aliases[:3]))
                for spec in fields
                if spec.required and spec.name not in best_found
            ]
        )
    if rows == 0:
        cleanup()
        raise LoadRejected([Problem.error("no_rows")])
    read = [source for source in sources if source.status == "read"]
    if len(sources) > 1:
        notes.append(
            Problem(
                WARNING,
                "sources_read",
                details={
                    "read": "; ".join(f"{s.name} ({s.rows})" for s in read),
                    "skipped": [(s.name, s.reason) for s in sources if s.status == "skipped"],
                },
            )
        )
    present = [name for name in order if name in headers]
    return Table(
        path=path,
        fields=fields,
        present=present,
        headers=headers,
        encoding=encoding,
        header_row=header_row,
        ignored_columns=ignored,
        row_count=rows,
        sources=sources,
        notes=notes,
    )


def _write_rows(
    writer,
    body: Iterable[tuple[int, list[str]]],
    column_of: dict[str, int],
    order: list[str],
    source: Source,
    notes: list[Problem],
) -> int:
    """Write the rows of one table; skip blank lines, the column-number row under the header and the
    «Tổng cộng» line; stop at a long run of blank rows (said, with where it started)."""
    offset = source.part * PART_ROWS
    indexes = [column_of.get(name) for name in order]
    rows, blank_run, first_blank, leading = 0, 0, None, True
    for line, cells in body:
        values = [cells[i].strip() if i is not None and i < len(cells) else "" for i in indexes]
        if not any(values):
            blank_run += 1
            first_blank = first_blank or line
            if blank_run >= BLANK_RUN_LIMIT:
                notes.append(
                    Problem(WARNING, "blank_rows_stop", first_blank + offset, None, None, {"count": BLANK_RUN_LIMIT})
                )
                break
            continue
        blank_run, first_blank = 0, None
        if leading and is_numbering_row(cells):
            continue  # the column numbers under an official form's header
        leading = False
        first = next((v for v in values if v), "")
        # A household code starts with a digit and is never a total line: folding every row's first value
        # was an eighth of reading a million rows.
        if not first[:1].isdigit() and fold(first).startswith(TOTAL_WORDS):
            continue  # the "Tổng cộng" line under a table
        writer.writerow([line + offset, *values])
        rows += 1
    return rows
