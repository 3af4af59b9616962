"""Tổng quan: the headline figures, the target that matters most, the units below, published figures."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from data.labels import label
from data.reference import periods
from gnbv import formatting
from gnbv.selection import Selection
from gnbv.tables import named_rows
from gnbv.views import Figure, Query, asker, is_synthetic, kind_note, missing

HEADLINE_METRICS = ("poverty_rate", "poverty_rate_reduction")
ASSESSMENT_COLOURS = {"met": "normal", "missed": "inverse"}


@dataclass
class Overview:
    has_data: bool
    is_synthetic: bool
    figures: list[Figure] = field(default_factory=list)  # the KPI row, in order
    headline_target: pd.Series | None = None  # the target the KPI row shows (a target_progress row)
    targets: pd.DataFrame = field(default_factory=pd.DataFrame)  # every target in force (target_progress)
    predecessor_targets: pd.DataFrame = field(default_factory=pd.DataFrame)  # plans of the legacy units
    units_below: pd.DataFrame = field(default_factory=pd.DataFrame)  # rates_of_units_below, all children
    regions: pd.DataFrame = field(default_factory=pd.DataFrame)  # region_rates (the country, legacy units)
    published: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: list[str] = field(default_factory=list)  # what the reader must know about these figures
    overview_row: pd.Series | None = None

    @property
    def measured_targets(self) -> pd.DataFrame:
        """Targets with an actual to assess (a slide shows these; the others go to the appendix)."""
        if self.targets.empty:
            return self.targets
        return self.targets[self.targets["actual_value"].notna()]

    @property
    def targets_without_data(self) -> pd.DataFrame:
        if self.targets.empty:
            return self.targets
        return self.targets[self.targets["actual_value"].isna()]


def target_text(row, lang: str) -> str:
    return formatting.target(row.target_low, row.target_high, row.value_unit, row.direction, lang)


def headline_target(targets: pd.DataFrame) -> pd.Series | None:
    """The plan's own headline for the year: the poverty rate, else its reduction (the KPI card)."""
    if targets.empty:
        return None
    headline = targets[targets["metric"].isin(HEADLINE_METRICS)]
    if headline.empty:
        return None
    return headline.sort_values("metric").iloc[0]


def _figures(row: pd.Series, target: pd.Series | None, selection: Selection) -> list[Figure]:
    lang = selection.lang
    figures = [
        Figure(label("kpi_poverty_rate", lang), formatting.percent(row["poverty_rate"], lang)),
        Figure(label("kpi_near_poor_rate", lang), formatting.percent(row["near_poor_rate"], lang)),
        Figure(label("kpi_households", lang), formatting.integer(row["households"], lang)),
        Figure(label("kpi_poor_households", lang), formatting.integer(row["poor_households"], lang)),
    ]
    if missing(row["previous_year"]):
        figures.append(Figure(label("kpi_change", lang, year="—"), "—", help=label("kpi_change_none", lang)))
    else:
        change = row["poverty_rate_change"]
        figures.append(
            Figure(
                label("kpi_change", lang, year=int(row["previous_year"])) + f" ({label('points', lang)})",
                formatting.points(change, lang),
                # the two rates, not an arrow: a fall in poverty is good news, and an up arrow misleads
                delta=" → ".join(formatting.percent(row[c], lang) for c in ("previous_poverty_rate", "poverty_rate")),
                help=kind_note(row["change_kind"], lang),
            )
        )
    if target is None:
        figures.append(Figure(label("kpi_target", lang, year=selection.year), "—", help=label("kpi_target_none", lang)))
    else:
        figures.append(
            Figure(
                label(f"kpi_target_{target['metric']}", lang, year=selection.year),
                target_text(target, lang),
                delta=label(f"assessment_{target['assessment']}", lang),
                delta_color=ASSESSMENT_COLOURS.get(target["assessment"], "off"),
                help=target["source_document"],
            )
        )
    return figures


def no_data_notes(selection: Selection) -> list[str]:
    """Why a unit has no figures for the year, when the reason is known: its units no longer existed."""
    if selection.year and periods.is_after_scheme(selection.scheme, selection.year):
        return [label("legacy_scheme_has_no_year", selection.lang, year=selection.year)]
    return []


def overview(query: Query, selection: Selection) -> Overview:
    ask = asker(query, selection)
    lang = selection.lang
    if not selection.year:
        return Overview(has_data=False, is_synthetic=False)
    rows = ask("unit_overview")
    if rows.empty:
        return Overview(has_data=False, is_synthetic=False, notes=no_data_notes(selection))
    row = rows.iloc[0]
    targets = ask("target_progress")
    target = headline_target(targets)
    view = Overview(
        has_data=True,
        is_synthetic=is_synthetic(row["data_kind"]),
        figures=_figures(row, target, selection),
        headline_target=target,
        targets=targets,
        published=ask("published_figures"),
        overview_row=row,
    )
    notes = [kind_note(row["data_kind"], lang)]
    if row["change_kind"] == "mixed" and row["data_kind"] != "mixed":
        notes.append(label("change_mixed_note", lang))
    if target is not None and target["actual_kind"] == "mixed":
        notes.append(label("target_mixed_note", lang))
    if selection.child_level:
        view.units_below = ask("rates_of_units_below")
        if selection.level == "country":
            count = int(view.units_below["households"].notna().sum())
            total = len(view.units_below)
            if count < total:
                notes.append(label("country_note", lang, count=count, total=total))
            if selection.has_regions:
                view.regions = ask("region_rates")
    if periods.predecessor_scheme(selection.scheme) is not None:
        if row["divided_commune_households"] and periods.is_carried_history(selection.scheme, selection.year):
            notes.append(
                label(
                    "divided_communes_note",
                    lang,
                    households=formatting.integer(row["divided_commune_households"], lang),
                )
            )
        if selection.level in ("province", "commune"):
            view.predecessor_targets = predecessor_targets(query, selection)
    view.notes = [note for note in notes if note]
    return view


def predecessor_targets(query: Query, selection: Selection) -> pd.DataFrame:
    """The plans of the legacy units that make up a unit of today, each on its own unit and data.

    Shown beside the new unit as «kế hoạch của tỉnh Yên Bái (cũ)», never summed into its figures.
    """
    units = query("predecessor_units", unit_code=selection.unit_code)
    frames = []
    for unit in named_rows(units):
        rows = query(
            "target_progress",
            scheme=periods.predecessor_scheme(selection.scheme),
            unit_code=unit.unit_code,
            year=selection.year,
            standard=selection.standard,
        )
        if len(rows):
            frames.append(rows.assign(unit_code=unit.unit_code, unit_name=unit.unit_name))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
