"""Reference facts with their sources: targets, published figures, funding, program projects, indicators.

The CSVs in data/reference/ are copies of ../shared/reference/*.csv (plus indicators.csv). They load
unchanged: only their shape is adapted to the tables of DESIGN.md section 4.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

REFERENCE_DIR = Path(__file__).parent / "reference"


def read_reference(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / name, dtype=str, keep_default_na=False)


def _number(value: str) -> float | None:
    return float(value) if value.strip() else None


def _unit_code(row: pd.Series) -> str:
    return {
        "province": row["province_code"],
        "district": row["district_code"],
        "commune": row["commune_code"],
    }[row["level"]]


def targets() -> pd.DataFrame:
    raw = read_reference("seed_targets.csv")
    return pd.DataFrame(
        {
            "level": raw["level"],
            "unit_code": raw.apply(_unit_code, axis=1),
            "unit_name": raw["unit_name"],
            "period_start": raw["period_start"].astype(int),
            "period_end": raw["period_end"].astype(int),
            "metric": raw["metric"],
            "target_low": raw["target_low"].map(_number),
            "target_high": raw["target_high"].map(_number),
            "unit": raw["unit"],
            "direction": raw["direction"],
            "source_document": raw["source_document"],
            "source_row": range(1, len(raw) + 1),
        }
    )


def reported_values() -> pd.DataFrame:
    raw = read_reference("seed_reported.csv")
    return pd.DataFrame(
        {
            "level": raw["level"],
            "unit_code": raw.apply(_unit_code, axis=1),
            "unit_name": raw["unit_name"],
            "year": raw["year"].astype(int),
            "metric": raw["metric"],
            "value": raw["value"].map(_number),
            "unit": raw["unit"],
            "poverty_standard": raw["poverty_standard"].replace("", None),
            "source_document": raw["source_document"],
        }
    )


def funding() -> pd.DataFrame:
    """The plans' funding rows. The seed names the kind of money in one column; here budget money is
    ``state_budget`` (the plan does not split central and local) with its capital type, as in the
    funding table. ``total`` is the plan's own stated total, kept to check the parts against."""
    raw = read_reference("seed_funding.csv")
    is_budget = raw["funding_source"].isin(["development_investment", "recurrent"])
    return pd.DataFrame(
        {
            "unit_code": raw["province_code"],
            "year": raw["year"].astype(int),
            "project_code": None,
            "funding_source": raw["funding_source"].where(~is_budget, "state_budget"),
            "capital_type": raw["funding_source"].where(is_budget, None),
            "kind": raw["kind"],
            "allocated": raw["amount_million_vnd"].map(_number),
            "disbursed": None,
            "is_approximate": raw["is_approximate"].str.lower() == "true",
            "source_document": raw["source_document"],
            "is_synthetic": False,
            "source_row": range(2, len(raw) + 2),  # the CSV's line, header on line 1
        }
    )


def program_projects() -> pd.DataFrame:
    raw = read_reference("program_projects.csv")
    raw["parent_code"] = raw["parent_code"].replace("", None)
    raw["lead_agency_vi"] = raw["lead_agency_vi"].replace("", None)
    return raw


def indicators() -> pd.DataFrame:
    raw = read_reference("indicators.csv")
    raw["sort_order"] = raw["sort_order"].astype(int)
    return raw[
        [
            "code",
            "standard",
            "dimension",
            "dimension_vi",
            "dimension_en",
            "name_vi",
            "name_en",
            "short_vi",
            "short_en",
            "column_name",
            "sort_order",
        ]
    ]


def target_measures() -> pd.DataFrame:
    raw = read_reference("target_measures.csv")
    for column in ("indicator_code", "household_group", "measure"):
        raw[column] = raw[column].replace("", None)
    return raw


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Append ``frame`` to ``table``, matching columns by name; absent columns are null.

    The table is looked up through DuckDB's relation API, so an unknown name fails and no SQL text
    is ever built from it.
    """
    columns = con.table(table).columns
    unknown = set(frame.columns) - set(columns)
    if unknown:
        raise ValueError(f"{table} has no columns {sorted(unknown)}")
    ordered = frame.reindex(columns=columns)
    con.from_df(ordered).insert_into(table)


def load_reference(con: duckdb.DuckDBPyConnection) -> None:
    for table, frame in [
        ("target", targets()),
        ("reported_value", reported_values()),
        ("funding", funding()),
        ("program_project", program_projects()),
        ("indicator", indicators()),
        ("target_measure", target_measures()),
        ("project_need", read_reference("project_needs.csv")),
    ]:
        insert_frame(con, table, frame)
