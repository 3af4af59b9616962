"""The funding file: allocations and disbursements by unit, year, project and source, in million VND.

Same shape as the ``funding`` table (docs/data-model.md), Vietnamese headers accepted. Parsed and checked
in DuckDB (stage_funding.sql, parse_funding.sql) like household files; the sources of funds and the
projects a row may name are those of its year's programme period (money_sources.csv, program_projects.csv).
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from data import sql
from data.load.problems import Problem
from data.load.reading import Field, Table
from data.load.vocabulary import fold, vocabulary

SQL_DIR = Path(__file__).parent

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

_SUBPROJECT_FIRST = re.compile(r"(?:tieu du an|tda)\s*(\d+)\s*(?:thuoc\s*)?(?:du an|da)\s*(\d+)")
_PROJECT = re.compile(r"(?:du an|da)\s*(\d+)(?:\s+(?:tieu du an|tda)?\s*(\d+))?")
# The components of the 2026-2030 programme: "TP1", "Thành phần 1", "Thành phần số 2".
_COMPONENT = re.compile(r"(?:thanh phan|tp)\s*(?:so\s*)?(\d+)")
# How each word column is read: a kind of vocabulary.csv, or the project names (project_code).
WORD_KINDS = {"funding_source": "funding_source", "capital_type": "capital_type", "is_approximate": "flag"}


def project_code(text: str) -> str | None:
    """ "DA3.2", "Dự án 3 tiểu dự án 2", "Tiểu dự án 2 thuộc Dự án 3" -> "DA3.2"; "Thành phần 1" -> "TP1";
    "" -> None; "?" when the text names no project."""
    folded = fold(text)
    if not folded:
        return None
    if match := _SUBPROJECT_FIRST.fullmatch(folded):
        return f"DA{int(match[2])}.{int(match[1])}"
    if match := _PROJECT.fullmatch(folded):
        return f"DA{int(match[1])}" + (f".{int(match[2])}" if match[2] else "")
    if match := _COMPONENT.fullmatch(folded):
        return f"TP{int(match[1])}"
    return "?"


def _word_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Each distinct word of the file's word columns with its meaning (null: none) and whether it is known."""
    rows = []
    for field_name, word in con.table("raw_funding_words").fetchall():
        if field_name == "project_code":
            value, known = project_code(word), True
        else:
            meanings = vocabulary(WORD_KINDS[field_name])
            known = fold(word) in meanings
            value = meanings.get(fold(word))
        if isinstance(value, bool):
            value = str(value).lower()
        rows.append({"field": field_name, "word": word, "value": value, "is_known": known})
    return pd.DataFrame(rows, columns=["field", "word", "value", "is_known"])


def stage(con: duckdb.DuckDBPyConnection, table: Table) -> list[Problem]:
    """Read ``table`` into the temporary table staged_funding on ``con`` (the load's cursor) and return
    every problem: cells that cannot be read, units, projects and sources of the year's programme period,
    duplicate rows. Parsed and checked in DuckDB, as household files are."""
    table.to_duckdb(con, SQL_DIR / "stage_funding.sql")
    con.register("funding_word", _word_table(con))
    try:
        sql.execute(con, SQL_DIR / "parse_funding.sql", present=table.present)
    finally:
        con.unregister("funding_word")
    rows = con.table("funding_problems").fetchall()
    return [Problem(severity, code, int(row), column, value) for severity, code, row, column, value in rows]


def staged_pairs(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """The unit-years the staged file covers (what the load replaces), in order."""
    rows = con.table("staged_funding").filter("unit_code is not null and year is not null")
    return sorted(set(rows.select("unit_code, year").fetchall()))


def provinces_of(con: duckdb.DuckDBPyConnection, unit_codes: list[str]) -> list[str]:
    """The provinces holding funding units (any level, either scheme)."""
    return [row[0] for row in sql.rows(con, SQL_DIR / "funding_provinces.sql", codes=list(unit_codes))]
