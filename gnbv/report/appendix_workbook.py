"""The scenario as an Excel workbook in the layout of a plan appendix (openpyxl).

Columns as the plans print them: STT; Huyện/TX/TP; Tổng số hộ dân cư (hộ); Tổng số hộ nghèo (hộ);
Tỷ lệ hộ nghèo (%); then a Tổng cộng row. Numbers are numbers (so they paste into a plan and add up),
with number formats that Excel shows with the reader's separators (407.668; 0,91 in Vietnamese).
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side

from data.excel import text_cells
from gnbv.shared_results import shared_result

HEADERS = ["STT", "Huyện/TX/TP", "Tổng số hộ dân cư (hộ)", "Tổng số hộ nghèo (hộ)", "Tỷ lệ hộ nghèo (%)"]
HEADER_ROW = 4
THIN = Side(style="thin", color="000000")


def rate_percent(poor: int, households: int) -> float:
    """The rate as the appendix prints it: percent, two decimals."""
    return round(100 * poor / households, 2) if households else 0.0


@shared_result  # the planner offers it at every rerun: built once per scenario (a third of the page's time)
def build(rows: list[dict], title: str, subtitle: str, notes: list[str]) -> bytes:
    """``rows``: name, households, poor (whole numbers), in the order the appendix lists them."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet["A2"] = subtitle
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADERS))
    for column, header in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    row_number = HEADER_ROW
    for index, row in enumerate(rows, start=1):
        row_number = HEADER_ROW + index
        values = [
            index,
            row["name"],
            int(row["households"]),
            int(row["poor"]),
            rate_percent(int(row["poor"]), int(row["households"])),
        ]
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row_number, column=column, value=value)
    total_row = row_number + 1
    households = sum(int(r["households"]) for r in rows)
    poor = sum(int(r["poor"]) for r in rows)
    for column, value in enumerate(["", "Tổng cộng", households, poor, rate_percent(poor, households)], start=1):
        cell = sheet.cell(row=total_row, column=column, value=value)
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=HEADER_ROW, max_row=total_row, max_col=len(HEADERS)):
        for cell in row:
            cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
            if cell.column in (3, 4) and cell.row > HEADER_ROW:
                cell.number_format = "#,##0"
            if cell.column == 5 and cell.row > HEADER_ROW:
                cell.number_format = "0.00"
    for offset, note in enumerate(notes, start=2):
        sheet.cell(row=total_row + offset, column=1, value=note).font = Font(italic=True)
    for column, width in zip("ABCDE", (6, 22, 22, 22, 18), strict=True):
        sheet.column_dimensions[column].width = width
    text_cells(sheet)  # unit names come from the database, which files fill: text, never formulas
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def read_appendix(data: bytes) -> list[list]:
    """The table part of an appendix workbook (header to total), as values: for tests and checks."""
    sheet = load_workbook(BytesIO(data)).active
    rows = []
    for row in sheet.iter_rows(min_row=HEADER_ROW, values_only=True):
        if row[0] is None and row[1] is None:
            break
        rows.append(list(row[: len(HEADERS)]))
    return rows
