"""Spreadsheets and CSV files we write from user data (the load report, the meeting pack's tables, the
plan appendix, the audit trail): a text that a spreadsheet would run as a formula stays text."""

from __future__ import annotations

import pandas as pd

# What Excel, LibreOffice and Google Sheets take as the start of a formula in a CSV cell (OWASP: CSV
# injection), tab and carriage return included.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cells(sheet) -> None:
    """Mark every string cell of an openpyxl sheet as text: openpyxl would store "=HYPERLINK(…)" from a
    file as a live formula (spreadsheet formula injection); as text it stays those characters."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def inert(value: object) -> object:
    """A CSV cell that cannot run: a text starting like a formula gets a leading apostrophe (what a
    spreadsheet shows as the text itself); numbers and other values are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(frame: pd.DataFrame) -> str:
    """``frame`` as CSV text, every text cell inert."""
    safe = frame.map(inert) if len(frame) else frame
    return safe.rename(columns={column: inert(column) for column in frame.columns}).to_csv(index=False)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as a UTF-8 CSV with BOM (Excel opens Vietnamese text right), every text cell inert."""
    return csv_text(frame).encode("utf-8-sig")
