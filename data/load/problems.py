"""What is wrong with a file, row by row, in Vietnamese and English.

A problem names its check (``code``), where it is (file row, column, value) and whether it stops the
load (error) or is only reported (warning). Messages come from the label catalogues
(``problem_<code>`` in assets/labels_vi.toml and labels_en.toml), so the page and the command line
say the same thing.
"""

from __future__ import annotations

import io
import numbers
from dataclasses import dataclass, field

import pandas as pd

from data.excel import text_cells
from data.labels import label

ERROR = "error"
WARNING = "warning"
REPORT_COLUMNS = ["severity", "code", "file_row", "column", "value", "message"]


@dataclass(frozen=True)
class Problem:
    severity: str
    code: str
    file_row: int | None = None
    column: str | None = None
    value: str | None = None
    details: dict = field(default_factory=dict)

    @classmethod
    def error(cls, code: str, **details: object) -> Problem:
        return cls(ERROR, code, details=details)

    def message(self, lang: str = "vi") -> str:
        return label(f"problem_{self.code}", lang, **({"value": self.value} | self.details))


class LoadRejected(Exception):
    """The file is refused as a whole; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message("en") for p in problems[:5]))


def report_frame(problems: list[Problem], lang: str = "vi", headers: dict[str, str] | None = None) -> pd.DataFrame:
    """One line per problem, errors first, in file order; the column as the file names it (its own
    header, else the schema's field), the message in ``lang``."""
    headers = headers or {}
    rows = [
        {
            "severity": p.severity,
            "code": p.code,
            "file_row": p.file_row,
            "column": ", ".join(headers.get(part.strip(), part.strip()) for part in p.column.split(","))
            if p.column
            else None,
            "value": p.value,
            "message": p.message(lang),
        }
        for p in problems
    ]
    frame = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    frame["file_row"] = frame["file_row"].astype("Int64")
    return frame.sort_values(["severity", "file_row"], kind="stable", na_position="first").reset_index(drop=True)


def labelled_report(problems: list[Problem], lang: str = "vi", headers: dict[str, str] | None = None) -> pd.DataFrame:
    """The report as a reader sees it (page and workbook): severity and headers in ``lang``."""
    frame = report_frame(problems, lang, headers)
    frame["severity"] = frame["severity"].map(lambda s: label(f"severity_{s}", lang))
    frame.columns = [label(f"report_{c}", lang) for c in REPORT_COLUMNS]
    return frame


def report_workbook(problems: list[Problem], lang: str = "vi", headers: dict[str, str] | None = None) -> bytes:
    """The report as .xlsx (openpyxl), for the department to fix its file. Every cell that holds text
    from the file is written as text, never as a formula (a value of "=HYPERLINK(…)" stays those
    characters: spreadsheet formula injection)."""
    from openpyxl import Workbook

    frame = labelled_report(problems, lang, headers)
    book = Workbook()
    sheet = book.active
    sheet.title = label("report_sheet", lang)
    sheet.append(list(frame.columns))
    for values in frame.itertuples(index=False):
        sheet.append([_cell(v) for v in values])
    text_cells(sheet)
    for letter, width in zip("ABCDEF", (10, 22, 10, 24, 24, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: object) -> object:
    """A report cell: a row number stays a number, everything else is text."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    return str(value)
