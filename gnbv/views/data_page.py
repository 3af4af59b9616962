"""Dữ liệu: which tabs a visitor gets, what the load form offers, the data quality of the unit, the audit
trail as shown and as downloaded. Plain functions of query results and of who the visitor is (the page
passes the role; gnbv/ui/auth.py decides it, and the loader checks again on the server)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from data import accounts
from data.excel import csv_bytes
from data.geo import map_layer, without_geometry
from data.labels import label
from data.reference import periods
from gnbv.selection import Selection
from gnbv.views import Query

AUDIT_ROWS_SHOWN = 1000
DATASETS = ["households", "summary_report", "funding"]


@dataclass(frozen=True)
class Visitor:
    """What the visitor may do here (from gnbv.ui.auth)."""

    may_load: bool
    signed_in: bool
    is_admin: bool
    has_accounts: bool


@dataclass
class DataPage:
    tabs: list[str]
    data_now: str  # what the household data are now, and their date
    load_note: str | None = None  # why the load tab is not offered


def data_page(query: Query, visitor: Visitor, lang: str) -> DataPage:
    sees_operations = visitor.may_load or visitor.is_admin
    sees_audit = visitor.is_admin or not visitor.has_accounts
    tabs = ["load"] * visitor.may_load + ["quality", "history"] * sees_operations + ["published"]
    tabs += ["audit"] * sees_audit + ["schema"]
    source = dict(query("data_source").itertuples(index=False, name=None))
    page = DataPage(
        tabs=tabs,
        data_now=label(
            "data_now",
            lang,
            kind=label(f"data_kind_{source.get('household_data', 'empty')}", lang),
            date=source.get("data_date", "—"),
        ),
    )
    if not visitor.may_load:
        page.load_note = label("load_needs_data_officer" if visitor.signed_in else "load_needs_account", lang)
    return page


@dataclass(frozen=True)
class LoadForm:
    years: list[int]  # review years a file can be loaded for, newest first
    year: int  # the one offered first
    standards: dict[int, tuple[str, ...]]  # year -> its standards, the default first
    schemes: dict[int, str]  # year -> the unit scheme its file is keyed to


def load_form(selection: Selection, asked_year: int | None) -> LoadForm:
    """The years and standards a household file may be loaded for; the year of the view (or the one the
    link asks for, not loaded yet) first."""
    years = periods.offered_review_years()
    year = next((y for y in (selection.year, asked_year) if y in years), years[0])
    return LoadForm(
        years=years,
        year=year,
        standards={y: periods.standards_of_year(y) for y in years},
        schemes={y: periods.scheme_of_year(y) for y in years},
    )


@dataclass(frozen=True)
class SchemaSection:
    dataset: str
    standard: str
    title: str
    expanded: bool


def schema_sections(lang: str) -> list[SchemaSection]:
    """The import schemas the page prints: a household file under each standard (newest first), funding."""
    standards = list(reversed(periods.standard_codes()))
    newest_reviewed = periods.standard_of_year(periods.offered_review_years()[0])
    sections = [
        SchemaSection(
            "households",
            standard,
            f"{label('dataset_households', lang)} · {label('standard', lang)} {standard}",
            standard == newest_reviewed,
        )
        for standard in standards
    ]
    sections.append(SchemaSection("funding", newest_reviewed, label("dataset_funding", lang), False))
    return sections


@dataclass
class Quality:
    by_year: pd.DataFrame  # quality_by_year
    anomalies: pd.DataFrame  # quality_anomalies
    without_geometry: pd.DataFrame  # units with data and no boundary
    movements: pd.DataFrame = field(default_factory=pd.DataFrame)  # movement_contradictions of the year
    report_vs_households: pd.DataFrame = field(default_factory=pd.DataFrame)  # report_vs_households
    cards: list[tuple[str, int]] = field(default_factory=list)  # (label key, count)


def quality(query: Query, selection: Selection, geo_index: dict) -> Quality:
    by_year = query("quality_by_year", scheme=selection.scheme, unit_code=selection.unit_code)
    anomalies = query("quality_anomalies", scheme=selection.scheme, unit_code=selection.unit_code)
    with_data = query("units_with_data", scheme=selection.scheme, parent_code=selection.unit_code)
    no_geometry = without_geometry(map_layer(geo_index, selection.scheme, selection.unit_code), with_data)
    movements = (
        query("movement_contradictions", scheme=selection.scheme, unit_code=selection.unit_code, year=selection.year)
        if selection.year
        else pd.DataFrame()
    )
    return Quality(
        by_year=by_year,
        anomalies=anomalies,
        without_geometry=no_geometry,
        movements=movements,
        report_vs_households=query("report_vs_households", scheme=selection.scheme, unit_code=selection.unit_code),
        cards=[
            ("check_class_rule", int(by_year["class_rule_mismatches"].sum())),
            ("check_rate_moves", int(anomalies["is_rate_anomaly"].sum())),
            ("check_count_jumps", int(anomalies["is_count_anomaly"].sum())),
            ("check_no_geometry", len(no_geometry)),
        ],
    )


@dataclass
class Audit:
    shown: pd.DataFrame  # the newest AUDIT_ROWS_SHOWN events
    csv: bytes  # every event, as the download (formulas neutralised)
    total: int


def audit() -> Audit:
    """The audit trail, read once per rerun: shown (newest first) and as the CSV download."""
    trail = accounts.audit_trail()
    return Audit(shown=trail.head(AUDIT_ROWS_SHOWN), csv=csv_bytes(trail), total=len(trail))
