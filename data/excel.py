"""Spreadsheets we write from user data (the load report, the meeting pack's tables, the plan appendix)."""

from __future__ import annotations


def text_cells(sheet) -> None:
    """Mark every string cell of an openpyxl sheet as text: openpyxl would store "=HYPERLINK(…)" from a
    file as a live formula (spreadsheet formula injection); as text it stays those characters."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
