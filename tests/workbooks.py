"""Workbooks in the shapes commune and province offices keep them, written with openpyxl: an instruction
sheet before the list, one sheet per commune, a header over two rows with merged cells (a group title
«Các chỉ số thiếu hụt» over the indicator columns, the other titles merged down over both rows), a row of
column numbers under it, title rows above, hidden rows, a «Tổng cộng» row at the end, the table set
below blank rows and right of an empty margin column.

``workbook(rows, traits)`` lays out the rows of ``review_files.export_rows`` (two title rows, the header,
the households) in the shapes named by ``traits``; ``SHAPES`` lists them for the fuzz.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

from openpyxl import Workbook

SHAPES = (
    "instructions_first",
    "sheet_per_commune",
    "two_row_header",
    "numbering_row",
    "hidden_rows",
    "total_row",
    "offset_table",
)
GROUP_TITLE = "Các chỉ số thiếu hụt"
INSTRUCTIONS = [
    ["HƯỚNG DẪN NHẬP LIỆU"],
    ["1. Mỗi hộ một dòng; mã hộ giữ nguyên như năm trước."],
    ["2. Cột phân loại: Hộ nghèo, Hộ cận nghèo, Hộ có mức sống trung bình."],
    ["3. Các chỉ số thiếu hụt: đánh dấu x."],
]


def _is_indicator(header: str) -> bool:
    from review_files import HEADERS, INDICATORS_2022

    return header in {HEADERS[f"deprived_{code}"] for code in INDICATORS_2022}


def _write_list(
    sheet, titles: list[list[str]], header: list[str], body: list[list[str]], traits: Iterable[str]
) -> None:
    """One household list on a sheet: titles, the header (one or two rows), numbering, the households."""
    traits = set(traits)
    width = len(header)
    # "offset_table": two blank rows above and an empty column A, as a sheet laid out for printing.
    left = 1 if "offset_table" in traits else 0
    if left:
        sheet.append([])
        sheet.append([])

    def append(cells: list) -> None:
        sheet.append([None] * left + list(cells))

    def merge(top: int, first: int, bottom: int, last: int) -> None:
        sheet.merge_cells(start_row=top, start_column=first + left, end_row=bottom, end_column=last + left)

    for title in titles:
        append(title + [""] * (width - len(title)))
        merge(sheet.max_row, 1, sheet.max_row, width)
    if "two_row_header" in traits and any(_is_indicator(h) for h in header):
        top = sheet.max_row + 1
        first = next(i for i, h in enumerate(header) if _is_indicator(h))
        last = max(i for i, h in enumerate(header) if _is_indicator(h))
        upper = [("" if first <= i <= last else h) for i, h in enumerate(header)]
        upper[first] = GROUP_TITLE
        lower = [(h if first <= i <= last else "") for i, h in enumerate(header)]
        append(upper)
        append(lower)
        merge(top, first + 1, top, last + 1)
        for i in range(width):
            if not first <= i <= last:
                merge(top, i + 1, top + 1, i + 1)
    else:
        append(header)
    if "numbering_row" in traits:
        append([f"({i + 1})" for i in range(width)])
    for position, row in enumerate(body):
        append(row)
        if "hidden_rows" in traits and position % 7 == 3:
            sheet.row_dimensions[sheet.max_row].hidden = True
    if "total_row" in traits:
        append(["Tổng cộng", *([""] * (width - 1))])


def workbook(rows: list[list[str]], traits: Iterable[str] = (), commune_column: str = "Mã xã") -> bytes:
    """``rows``: two title rows, the header, then the households (review_files.export_rows)."""
    traits = set(traits)
    titles, header, body = rows[:2], rows[2], rows[3:]
    book = Workbook()
    first = book.active
    if "instructions_first" in traits:
        first.title = "Hướng dẫn"
        for line in INSTRUCTIONS:
            first.append(line)
        first = book.create_sheet("Danh sách")
    else:
        first.title = "Danh sách"
    if "sheet_per_commune" in traits and commune_column in header:
        column = header.index(commune_column)
        communes = sorted({row[column] for row in body})
        book.remove(first)
        for commune in communes:
            sheet = book.create_sheet(f"Xã {commune}")
            _write_list(sheet, titles, header, [r for r in body if r[column] == commune], traits)
        summary = book.create_sheet("Tổng hợp")
        summary.append(["Xã", "Số hộ"])
        for commune in communes:
            summary.append([commune, sum(1 for r in body if r[column] == commune)])
    else:
        _write_list(first, titles, header, body, traits)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zipped(files: dict[str, bytes]) -> bytes:
    """Several files in one .zip, as a district sends its communes' workbooks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()
