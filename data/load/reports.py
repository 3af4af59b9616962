"""Summary report forms as a load: read (data/load/forms.py), units found, every identity checked, the
figures staged for data/load/write_reports.sql. The load itself (preview, one writer, undo, scope, audit)
is data/load/__init__.py's, as for household files."""

from __future__ import annotations

import re

import duckdb
import pandas as pd

from data import sql
from data.load import forms
from data.load.problems import ERROR, WARNING, Problem
from data.reference import facts

SQL_DIR = forms.COLUMNS_CSV.parent
# Figures two forms give for the same unit-year and must agree on (the later form's measure, the earlier's).
CROSS_FORM = (
    ("7.2", "end", None, "7.1", "poor_households", None),
    ("7.3", "end", None, "7.1", "near_poor_households", None),
    ("7.4", "class_households", "poor", "7.1", "poor_households", None),
    ("7.6", "class_households", "near_poor", "7.1", "near_poor_households", None),
    ("7.9", "total", "poor", "7.1", "poor_households", None),
    ("7.9", "total", "near_poor", "7.1", "near_poor_households", None),
)
YEAR_IN_TITLE = re.compile(r"\bnam (20\d\d)\b")


def read(
    con: duckdb.DuckDBPyConnection,
    files: list[tuple[str, bytes]],
    year: int,
    scheme: str,
    standard: str,
    allowed_provinces: list[str] | None,
) -> tuple[forms.Reading, pd.DataFrame, list[Problem]]:
    """The forms of ``files`` for ``year``: the reading, its figures (with is_leaf) and every problem."""
    indicators = facts.indicators()
    indicators = indicators[indicators["standard"] == standard].sort_values("sort_order").reset_index(drop=True)
    reading = forms.read_forms(files, indicators)
    problems = list(reading.problems)
    units = forms.unit_table(
        con.sql(
            "select code, level, short_name, unit_type, parent_code from admin_unit where scheme = $scheme",
            params={"scheme": scheme},
        ).df()
    )
    for sheet in reading.sheets:
        stated = {int(y) for y in YEAR_IN_TITLE.findall(forms.fold(sheet.title))}
        if stated and year not in stated:
            problems.append(
                Problem(
                    ERROR, "report_year_differs", details={"sheet": sheet.name, "stated": min(stated), "year": year}
                )
            )
        problems += forms.resolve(sheet, units, allowed_provinces)
        problems += forms.check(sheet)
    figures = forms.figures(reading.sheets)
    if not figures.empty:
        figures["is_leaf"] = _leaves(figures, units)
        problems += _cross_form(figures)
    return reading, figures, problems


def _leaves(figures: pd.DataFrame, units: pd.DataFrame) -> pd.Series:
    """A unit is a leaf of its form when no other unit of the same form lies below it."""
    ancestors = dict(zip(units["code"], units["ancestors"], strict=True))
    leaf = pd.Series(True, index=figures.index)
    for _form, group in figures.groupby("form"):
        codes = set(group["unit_code"])
        inner = {code for code in codes if any(code in ancestors.get(other, ()) for other in codes if other != code)}
        leaf[group.index] = ~group["unit_code"].isin(inner)
    return leaf


def _cross_form(figures: pd.DataFrame) -> list[Problem]:
    """Where two forms give the same count of a unit (7.2's end of the year and 7.1's poor households, say),
    a difference is said: a warning, since forms are often made on different days."""
    problems = []
    whole = figures[(figures["area"] == "all") & (figures["counted"] == "households")]
    for form, measure, household_class, other_form, other_measure, _ in CROSS_FORM:
        left = whole[(whole["form"] == form) & (whole["measure"] == measure)]
        if household_class:
            left = left[left["household_class"] == household_class]
        right = whole[(whole["form"] == other_form) & (whole["measure"] == other_measure)]
        joined = left.merge(right, on="unit_code", suffixes=("", "_other"))
        for row in joined.itertuples():
            if row.value is not None and row.value_other is not None and abs(row.value - row.value_other) > 0.5:
                problems.append(
                    Problem(
                        WARNING,
                        "report_forms_differ",
                        int(row.file_row),
                        None,
                        f"{row.value:g}",
                        {"form": form, "other": other_form, "other_value": f"{row.value_other:g}"},
                    )
                )
    return problems


def stage(con: duckdb.DuckDBPyConnection, figures: pd.DataFrame, year: int, scheme: str, standard: str) -> None:
    """The figures as the temporary table staged_report_figure, on the load's cursor."""
    staged = figures.assign(year=year, scheme=scheme, poverty_standard=standard)
    columns = [
        "year",
        "scheme",
        "poverty_standard",
        "form",
        "unit_code",
        "level",
        "area",
        "counted",
        "household_class",
        "measure",
        "item",
        "value",
        "is_leaf",
        "file_row",
    ]
    con.register("report_frame", staged[columns])
    try:
        sql.execute(con, SQL_DIR / "stage_reports.sql")
    finally:
        con.unregister("report_frame")


def provinces_of(con: duckdb.DuckDBPyConnection, scheme: str, codes: list[str]) -> list[str]:
    """The provinces (of ``scheme``) the units ``codes`` lie in."""
    rows = sql.rows(con, SQL_DIR / "report_provinces.sql", scheme=scheme, codes=sorted(set(codes)))
    return [row[0] for row in rows]


def summary(reading: forms.Reading) -> list[Problem]:
    """How the files were read: each form and the units it gives (a warning line in the report)."""
    lines = []
    for sheet in reading.sheets:
        units = sorted({row.unit_code for row in sheet.rows if row.unit_code})
        lines.append(f"{sheet.name}: {sheet.form} ({len(units)})")
    return [Problem(WARNING, "report_forms_read", details={"forms": "; ".join(lines)})] if lines else []
