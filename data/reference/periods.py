"""Which rule a year follows: its poverty standard, its unit scheme, its programme period; and the levels
of each unit scheme (what lies below what).

One home for these rules: the three reference tables (poverty_standards.csv, unit_schemes.csv,
programme_periods.csv) are the truth. The database holds the same rows (tables poverty_standard,
unit_scheme, programme_period) and the SQL macros of data/database/rules.sql read them; this module reads
the same CSVs for the Python side (pages, views, the loader), and tests/test_rules.py holds the two
answers together for every year from 2015 to 2035. No page, view or loader names a year, a standard or a
scheme: they ask here.

A year outside every row has no standard, scheme or programme (None here, null in SQL).
"""

from __future__ import annotations

from datetime import date
from functools import cache

import pandas as pd

from data.reference.files import integer, read_reference

COUNTRY = "country"
COUNTRY_CODE = "VN"  # the country is one unit, the same in every scheme


@cache
def poverty_standards() -> pd.DataFrame:
    raw = read_reference("poverty_standards.csv")
    frame = raw.drop(columns=["name_vi", "name_en"])
    for column in (
        "first_review_year",
        "last_review_year",
        "income_only_line_rural",
        "income_only_line_urban",
        "line_rural",
        "line_urban",
        "middle_line_rural",
        "middle_line_urban",
        "min_deprivations",
    ):
        frame[column] = frame[column].map(integer).astype("Int64")
    frame["indicators_verified"] = frame["indicators_verified"] == "true"
    return frame


@cache
def unit_schemes() -> pd.DataFrame:
    frame = read_reference("unit_schemes.csv")
    frame["first_review_year"] = frame["first_review_year"].astype(int)
    frame["last_review_year"] = frame["last_review_year"].map(integer).astype("Int64")
    return frame


@cache
def programme_periods() -> pd.DataFrame:
    frame = read_reference("programme_periods.csv")
    frame[["first_year", "last_year"]] = frame[["first_year", "last_year"]].astype(int)
    frame["components_public"] = frame["components_public"] == "true"
    return frame


# --- poverty standards -----------------------------------------------------------------------------------


@cache  # pages ask many times a run; a filter of the table each time was a tenth of the data page's run
def standards_of_year(year: int) -> tuple[str, ...]:
    """Every standard a review of ``year`` may be measured under, the default (the newest) first (the
    end-2021 review was run under both the old and the new standard)."""
    table = poverty_standards()
    fits = table[(table["first_review_year"] <= year) & (table["last_review_year"] >= year)]
    return tuple(fits.sort_values("first_review_year", ascending=False)["code"])


def standard_of_year(year: int) -> str | None:
    """The standard a review of ``year`` follows by default (SQL: standard_of_year)."""
    fits = standards_of_year(year)
    return fits[0] if fits else None


def standard_years(standard: str) -> tuple[int, int] | None:
    """The first and last review years of a standard, or None for an unknown one."""
    rows = poverty_standards()[poverty_standards()["code"] == standard]
    if rows.empty:
        return None
    row = rows.iloc[0]
    return int(row["first_review_year"]), int(row["last_review_year"])


def standard_codes() -> list[str]:
    """Every standard, oldest first."""
    return list(poverty_standards().sort_values("first_review_year")["code"])


def review_years() -> list[int]:
    """Every year some standard applies to, oldest first."""
    table = poverty_standards()
    return list(range(int(table["first_review_year"].min()), int(table["last_review_year"].max()) + 1))


def offered_review_years(today: date | None = None) -> list[int]:
    """Review years a file can be loaded for, newest first: those of the standards, up to this year."""
    this_year = (today or date.today()).year
    return [year for year in reversed(review_years()) if year <= this_year]


# --- unit schemes ------------------------------------------------------------------------------------------


def scheme_codes() -> tuple[str, ...]:
    """Every unit scheme, oldest first (the order of the scheme choice)."""
    return tuple(unit_schemes().sort_values("first_review_year")["code"])


@cache
def scheme_of_year(year: int) -> str | None:
    """The unit scheme the review of ``year`` is coded in (SQL: scheme_of_year)."""
    for row in unit_schemes().itertuples():
        if row.first_review_year <= year and (pd.isna(row.last_review_year) or year <= row.last_review_year):
            return row.code
    return None


def current_scheme(today: date | None = None) -> str:
    """The scheme of today's units (a view without any review year yet is drawn on it)."""
    year = (today or date.today()).year
    return scheme_of_year(year) or scheme_codes()[-1]


def predecessor_scheme(scheme: str) -> str | None:
    """The scheme whose units were rearranged into this one (its history is carried onto these units
    through the crosswalk), or None for the oldest."""
    codes = scheme_codes()
    position = codes.index(scheme)
    return codes[position - 1] if position else None


def is_carried_history(scheme: str, year: int) -> bool:
    """Whether ``year`` was reviewed on an older scheme and is shown on ``scheme`` through the crosswalk."""
    coded_in = scheme_of_year(year)
    return coded_in is not None and coded_in != scheme and scheme_codes().index(coded_in) < scheme_codes().index(scheme)


def is_after_scheme(scheme: str, year: int) -> bool:
    """Whether ``year`` was reviewed on a newer scheme than ``scheme`` (its units no longer exist then)."""
    coded_in = scheme_of_year(year)
    return coded_in is not None and scheme_codes().index(coded_in) > scheme_codes().index(scheme)


def _scheme_row(scheme: str) -> pd.Series:
    rows = unit_schemes()[unit_schemes()["code"] == scheme]
    if rows.empty:
        raise KeyError(f"unknown unit scheme {scheme!r}")
    return rows.iloc[0]


# Cached: every page run asks for them many times (filtering the table each time was a tenth of a run).
@cache
def scheme_levels(scheme: str) -> tuple[str, ...]:
    """The levels of a scheme from the country down ("country, province, district, commune")."""
    return tuple(_scheme_row(scheme)["levels"].split(","))


@cache
def province_groups(scheme: str) -> tuple[str, ...]:
    """Levels that group provinces beside the country (the six regions of the 63 provinces)."""
    text = _scheme_row(scheme)["province_groups"]
    return tuple(part for part in text.split(",") if part)


def has_level(scheme: str, level: str) -> bool:
    return level in scheme_levels(scheme) or level in province_groups(scheme)


def child_level(scheme: str, level: str) -> str | None:
    """The level of the units directly below a unit of ``level`` (SQL: child_level): a region's are its
    provinces; the lowest level has none."""
    if level in province_groups(scheme):
        return "province"
    levels = scheme_levels(scheme)
    if level not in levels:
        return None
    position = levels.index(level)
    return levels[position + 1] if position + 1 < len(levels) else None


def lowest_level(scheme: str) -> str:
    return scheme_levels(scheme)[-1]


# --- programme periods ---------------------------------------------------------------------------------------


@cache
def programme_of_year(year: int) -> str | None:
    """The programme period a plan year belongs to (SQL: programme_of_year)."""
    table = programme_periods()
    fits = table[(table["first_year"] <= year) & (table["last_year"] >= year)]
    return fits["code"].iloc[0] if len(fits) else None


def funding_scheme_of_year(year: int) -> str | None:
    """The unit scheme a year's funding plans are written for: the programme period's (2021-2025 plans were
    made for the units before 1 July 2025, 2026-2030 ones for today's)."""
    table = programme_periods()
    fits = table[(table["first_year"] <= year) & (table["last_year"] >= year)]
    return fits["unit_scheme"].iloc[0] if len(fits) else None
