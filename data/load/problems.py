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
REPORT_COLUMNS = ["severity", "code", "source", "file_row", "column", "value", "message"]


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
        details = {key: _shown(value, lang) for key, value in ({"value": self.value} | self.details).items()}
        return label(f"problem_{self.code}", lang, **details)


def _shown(value: object, lang: str) -> object:
    """A detail as the message writes it: a list of (name, reason code) pairs — sheets skipped, say — with
    each reason in the reader's language."""
    if isinstance(value, list):
        return "; ".join(f"{name}: {label(f'source_reason_{reason}', lang)}" for name, reason in value) or "—"
    if value is None or (isinstance(value, float) and value != value):  # never «None» or «nan» in a message
        return "—"
    return value


class LoadRejected(Exception):
    """The file is refused as a whole; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message("en") for p in problems[:5]))


# Each part (a sheet of a file) numbers its rows from part * PART_ROWS: Excel has 1,048,576 rows at most.
PART_ROWS = 10_000_000


def locate(file_row: int | None, sources: list) -> tuple[str | None, int | None]:
    """(file · sheet, row as Excel shows it) of a normalised row number; no source name for a single part.
    ``sources`` are the reading's Source records (name, part, status)."""
    if file_row is None:
        return None, None
    part, row = divmod(int(file_row), PART_ROWS)
    read = [source for source in sources if source.status == "read"]
    if len(read) <= 1 and part == 0:
        return None, row
    by_part = {source.part: source for source in sources}
    return (by_part[part].name if part in by_part else None), row


def report_frame(
    problems: list[Problem], lang: str = "vi", headers: dict[str, str] | None = None, sources: list | None = None
) -> pd.DataFrame:
    """One line per problem, errors first, in file order; where it is (the file and sheet when several
    were read, the row as Excel shows it), the column as the file names it (its own header, else the
    schema's field), the message in ``lang``."""
    headers = headers or {}
    rows = [
        {
            "severity": p.severity,
            "code": p.code,
            "order": p.file_row,
            "source": locate(p.file_row, sources or [])[0],
            "file_row": locate(p.file_row, sources or [])[1],
            "column": ", ".join(headers.get(part.strip(), part.strip()) for part in p.column.split(","))
            if p.column
            else None,
            "value": p.value,
            "message": p.message(lang),
        }
        for p in problems
    ]
    frame = pd.DataFrame(rows, columns=[*REPORT_COLUMNS, "order"])
    frame["file_row"] = frame["file_row"].astype("Int64")
    frame["order"] = frame["order"].astype("Int64")
    frame = frame.sort_values(["severity", "order"], kind="stable", na_position="first").reset_index(drop=True)
    return frame.drop(columns=["order"])


def labelled_report(
    problems: list[Problem], lang: str = "vi", headers: dict[str, str] | None = None, sources: list | None = None
) -> pd.DataFrame:
    """The report as a reader sees it (page and workbook): severity and headers in ``lang``; the source
    column only when several sheets or files were read."""
    frame = report_frame(problems, lang, headers, sources)
    if frame["source"].isna().all():
        frame = frame.drop(columns=["source"])
    frame["severity"] = frame["severity"].map(lambda s: label(f"severity_{s}", lang))
    frame.columns = [label(f"report_{c}", lang) for c in frame.columns]
    return frame


def report_workbook(
    problems: list[Problem], lang: str = "vi", headers: dict[str, str] | None = None, sources: list | None = None
) -> bytes:
    """The report as .xlsx (openpyxl), for the department to fix its file. Every cell that holds text
    from the file is written as text, never as a formula (a value of "=HYPERLINK(…)" stays those
    characters: spreadsheet formula injection)."""
    from openpyxl import Workbook

    frame = labelled_report(problems, lang, headers, sources)
    book = Workbook()
    sheet = book.active
    sheet.title = label("report_sheet", lang)
    sheet.append(list(frame.columns))
    for values in frame.itertuples(index=False):
        sheet.append([_cell(v) for v in values])
    text_cells(sheet)
    widths = {"source": 30, "message": 90, "severity": 10, "file_row": 10, "code": 22}
    for position, title in enumerate(frame.columns):
        key = next((c for c in REPORT_COLUMNS if label(f"report_{c}", lang) == title), "")
        sheet.column_dimensions[chr(ord("A") + position)].width = widths.get(key, 24)
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
