"""The funding file: allocations and disbursements by unit, year, project and source, in million VND.

Same shape as the ``funding`` table (docs/data-model.md), Vietnamese headers accepted.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from data import sql
from data.load import values
from data.load.problems import WARNING, Problem, checked_in_sql
from data.load.reading import Field, Table
from data.load.vocabulary import fold, vocabulary
from data.reference import periods

CHECKS_SQL = Path(__file__).with_name("funding_checks.sql")
PROVINCES_SQL = Path(__file__).with_name("funding_provinces.sql")

FIELDS = [
    Field(
        "unit_code",
        True,
        ("Mã đơn vị", "Mã địa bàn", "Mã tỉnh/huyện/xã", "Mã đơn vị hành chính", "Unit code"),
        "Mã đơn vị (tỉnh/huyện/xã)",
        "Unit code",
    ),
    Field("year", True, ("Năm", "Năm kế hoạch", "Year"), "Năm", "Year"),
    Field(
        "project_code",
        False,
        ("Dự án", "Mã dự án", "Dự án/Tiểu dự án", "Dự án, tiểu dự án", "Project"),
        "Dự án / tiểu dự án (DA1…DA7, DA3.2)",
        "Project (DA1…DA7, DA3.2)",
    ),
    Field("funding_source", True, ("Nguồn vốn", "Nguồn", "Funding source"), "Nguồn vốn", "Funding source"),
    Field(
        "capital_type",
        False,
        ("Loại vốn", "Tính chất vốn", "Capital type"),
        "Loại vốn (đầu tư phát triển / sự nghiệp)",
        "Capital type",
    ),
    Field(
        "allocated",
        False,
        (
            "Kế hoạch vốn",
            "Vốn phân bổ",
            "Vốn giao",
            "Dự toán",
            "Kế hoạch",
            "Phân bổ",
            "Kế hoạch (triệu đồng)",
            "Phân bổ (triệu đồng)",
            "Allocated",
        ),
        "Vốn phân bổ (triệu đồng)",
        "Allocated (million VND)",
    ),
    Field(
        "disbursed",
        False,
        ("Giải ngân", "Vốn giải ngân", "Đã giải ngân", "Giải ngân (triệu đồng)", "Disbursed"),
        "Giải ngân (triệu đồng)",
        "Disbursed (million VND)",
    ),
    Field(
        "is_approximate", False, ("Ước tính", "Khoảng", "Số ước", "Approximate"), "Số ước tính (khoảng)", "Approximate"
    ),
    Field(
        "source_document",
        True,
        ("Văn bản", "Nguồn số liệu", "Căn cứ", "Văn bản nguồn", "Source document"),
        "Văn bản nguồn",
        "Source document",
    ),
]

BUDGET_SOURCES = {"central_budget", "local_budget", "state_budget"}
_SUBPROJECT_FIRST = re.compile(r"(?:tieu du an|tda)\s*(\d+)\s*(?:thuoc\s*)?(?:du an|da)\s*(\d+)")
_PROJECT = re.compile(r"(?:du an|da)\s*(\d+)(?:\s+(?:tieu du an|tda)?\s*(\d+))?")


def project_code(text: str) -> str | None:
    """ "DA3.2", "Dự án 3 tiểu dự án 2", "Tiểu dự án 2 thuộc Dự án 3" -> "DA3.2"; "" -> None."""
    folded = fold(text)
    if not folded:
        return None
    if match := _SUBPROJECT_FIRST.fullmatch(folded):
        return f"DA{int(match[2])}.{int(match[1])}"
    if match := _PROJECT.fullmatch(folded):
        return f"DA{int(match[1])}" + (f".{int(match[2])}" if match[2] else "")
    return "?"


def unit_code(text: str) -> str | None:
    """A province (1-2 digits), district (3) or commune (4-5) code, leading zeros restored."""
    digits = re.sub(r"\s", "", text)
    digits = re.sub(r"[.,]0+$", "", digits)
    if not re.fullmatch(r"\d{1,5}", digits):
        return None
    width = 2 if len(digits) <= 2 else 3 if len(digits) == 3 else 5
    return digits.zfill(width)


def parse(con: duckdb.DuckDBPyConnection, table: Table) -> tuple[pd.DataFrame, list[Problem]]:
    raw = table.to_frame()
    problems: list[Problem] = []
    staged = pd.DataFrame({"file_row": raw["file_row"]})

    staged["unit_code"] = raw["unit_code"].map(unit_code)
    problems += problems_of(raw, "unit_code", staged["unit_code"].isna(), "code_format")

    years, invalid = values.parse_number(con, raw["year"])
    programmes = periods.programme_periods()
    program_years = range(int(programmes["first_year"].min()), int(programmes["last_year"].max()) + 1)
    bad_year = invalid | years.isna() | ~years.isin(list(program_years))
    problems += problems_of(raw, "year", bad_year, "year_outside_program")
    staged["year"] = years.where(~bad_year).astype("Int64")
    staged["program_period"] = staged["year"].map(lambda y: None if pd.isna(y) else periods.programme_of_year(int(y)))
    staged["scheme"] = staged["year"].map(lambda y: None if pd.isna(y) else periods.funding_scheme_of_year(int(y)))

    if "project_code" in table.present:
        staged["project_code"] = raw["project_code"].map(project_code)
        problems += problems_of(raw, "project_code", staged["project_code"] == "?", "project_unknown")
        staged.loc[staged["project_code"] == "?", "project_code"] = None
    else:
        staged["project_code"] = None

    staged["funding_source"], invalid = values.parse_words(raw["funding_source"], vocabulary("funding_source"))
    problems += problems_of(raw, "funding_source", invalid, "funding_source_unknown")
    if "capital_type" in table.present:
        staged["capital_type"], invalid = values.parse_words(raw["capital_type"], vocabulary("capital_type"))
        problems += problems_of(raw, "capital_type", invalid, "capital_type_unknown")
    else:
        staged["capital_type"] = None
    is_budget = staged["funding_source"].isin(BUDGET_SOURCES)
    problems += problems_of(raw, "funding_source", is_budget & staged["capital_type"].isna(), "capital_type_required")
    problems += problems_of(
        raw,
        "capital_type",
        ~is_budget & staged["funding_source"].notna() & staged["capital_type"].notna(),
        "capital_type_not_allowed",
    )

    for column in ("allocated", "disbursed"):
        if column in table.present:
            amounts, invalid = values.parse_number(con, raw[column])
            problems += problems_of(raw, column, invalid, "amount_invalid")
            problems += problems_of(raw, column, amounts < 0, "amount_negative")
            staged[column] = amounts
        else:
            staged[column] = float("nan")
    problems += problems_of(
        raw,
        "source_document" if "allocated" not in table.present else "allocated",
        staged["allocated"].isna() & staged["disbursed"].isna(),
        "amount_missing",
    )
    over = staged["disbursed"] > staged["allocated"]
    problems += problems_of(raw, "disbursed", over, "disbursed_over_allocated", WARNING)

    if "is_approximate" in table.present:
        staged["is_approximate"], invalid = values.parse_flag(raw["is_approximate"])
        problems += problems_of(raw, "is_approximate", invalid, "flag_invalid")
    else:
        staged["is_approximate"] = False
    staged["source_document"] = raw["source_document"]
    problems += problems_of(raw, "source_document", raw["source_document"] == "", "missing_value")
    return staged, problems


def problems_of(raw: pd.DataFrame, column: str, mask: pd.Series, code: str, severity: str = "error") -> list[Problem]:
    """One problem per cell of ``column`` where ``mask`` holds, with its file row and value as written."""
    rows = raw.loc[mask, ["file_row", column]]
    return [Problem(severity, code, int(row), column, value) for row, value in rows.itertuples(index=False)]


def provinces_of(con: duckdb.DuckDBPyConnection, unit_codes: list[str]) -> list[str]:
    """The provinces holding funding units (any level, either scheme)."""
    return [row[0] for row in sql.rows(con, PROVINCES_SQL, codes=list(unit_codes))]


def relational_problems(con: duckdb.DuckDBPyConnection, staged: pd.DataFrame) -> list[Problem]:
    """Unit codes, projects of the year's program period and duplicate rows, checked in DuckDB."""
    return checked_in_sql(con, CHECKS_SQL, "staged_funding", staged)
