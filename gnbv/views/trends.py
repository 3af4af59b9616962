"""Xu hướng: rates over the years with the plans' targets, flows in and out of poverty, the pace of reduction."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from data.labels import label
from data.reference import periods
from gnbv import formatting
from gnbv.selection import Selection
from gnbv.tables import named_rows
from gnbv.views import Query, asker, is_synthetic, kind_note


@dataclass
class Trends:
    has_data: bool
    is_synthetic: bool = False
    series: pd.DataFrame = field(default_factory=pd.DataFrame)  # rate_series (the unit, units below, regions)
    trajectories: pd.DataFrame = field(default_factory=pd.DataFrame)
    standards: list[str] = field(default_factory=list)  # of the unit's own series, in order
    flows: pd.DataFrame = field(default_factory=pd.DataFrame)  # flows_over_years (all states)
    flows_below: pd.DataFrame = field(default_factory=pd.DataFrame)  # flows_of_units_below of the year
    pace: pd.DataFrame = field(default_factory=pd.DataFrame)  # reduction_pace
    flow_notes: list[str] = field(default_factory=list)  # why some years' flows are not shown
    chart_notes: list[str] = field(default_factory=list)  # under the rate chart
    notes: list[str] = field(default_factory=list)

    @property
    def own(self) -> pd.DataFrame:
        return self.series[self.series["is_selected_unit"]] if len(self.series) else self.series

    @property
    def complete_flows(self) -> pd.DataFrame:
        return self.flows[self.flows["flow_state"] == "complete"] if len(self.flows) else self.flows

    @property
    def comparable_units(self) -> dict[str, str]:
        """Units a reader may add to the chart: the units below (and the regions beside the country)."""
        others = self.series[~self.series["is_selected_unit"]].drop_duplicates("unit_code")
        return dict(zip(others["unit_code"], others["short_name"], strict=True))

    @property
    def own_pace(self) -> pd.Series | None:
        rows = self.pace[self.pace["is_selected_unit"]] if len(self.pace) else self.pace
        return rows.iloc[0] if len(rows) else None


def flow_note(row, lang: str) -> str:
    """Why one year's flows are not shown."""
    return label(
        f"flows_{row.flow_state}",
        lang,
        year=row.year,
        matched=formatting.percent(row.matched_rate, lang, 1),
    )


def trends(query: Query, selection: Selection) -> Trends:
    ask = asker(query, selection)
    lang = selection.lang
    series = ask("rate_series")
    if not selection.sees_units_below:  # a scoped viewer: the unit and the regions beside the country only
        series = series[series["is_selected_unit"] | (series["level"] == "region")]
    own = series[series["is_selected_unit"]]
    if own.empty:
        return Trends(has_data=False)
    standards = sorted(own["poverty_standard"].unique())
    kinds = set(own["data_kind"].dropna())
    kind = "mixed" if len(kinds) > 1 or "mixed" in kinds else next(iter(kinds), None)
    flows = ask("flows_over_years")
    view = Trends(
        has_data=True,
        is_synthetic=is_synthetic(kind),
        series=series,
        trajectories=ask("target_trajectories"),
        standards=standards,
        flows=flows,
        pace=ask("reduction_pace", standard=selection.standard or standards[-1]),
    )
    if not selection.sees_units_below:
        view.pace = view.pace[view.pace["is_selected_unit"]]
    if selection.child_level and selection.year:
        view.flows_below = ask("flows_of_units_below")
    view.flow_notes = [flow_note(row, lang) for row in named_rows(flows[flows["flow_state"] != "complete"])]
    notes = [kind_note(kind, lang), *_trajectory_breaks(view.trajectories, selection.unit_code, lang)]
    if periods.predecessor_scheme(selection.scheme):
        view.chart_notes.append(label("trend_new_units_note", lang))
    simulated = own[own["is_simulated"]] if "is_simulated" in own else own.iloc[0:0]
    for row in named_rows(simulated):
        view.chart_notes.append(
            label("trend_simulated_note", lang, year=row.year, standard=row.poverty_standard, next=row.year + 1)
        )
    if len(view.complete_flows) and (view.complete_flows["flow_kind"] == "mixed").any():
        notes.append(label("flows_mixed_note", lang))
    view.notes = [note for note in notes if note]
    return view


def _trajectory_breaks(trajectories: pd.DataFrame, unit_code: str, lang: str) -> list[str]:
    """A target period that runs past a change of poverty standard is drawn only up to the change."""
    if trajectories.empty:
        return []
    own = trajectories[(trajectories["unit_code"] == unit_code) & (trajectories["kind"] == "trajectory")]
    notes = []
    for (start, end), rows in own.groupby(["period_start", "period_end"]):
        segments = rows.sort_values("year").groupby("poverty_standard", sort=False)
        if len(segments) > 1:
            (first, early), (second, later) = list(segments)[:2]
            notes.append(
                label(
                    "trajectory_two_segments",
                    lang,
                    start=start,
                    end=end,
                    first=first,
                    last=int(early["year"].max()),
                    second=second,
                    base=int(later["baseline_year"].iloc[0]),
                )
            )
            continue
        last = int(rows["year"].max())
        if last < end:
            notes.append(label("trajectory_standard_break", lang, start=start, end=end, last=last, next=last + 1))
    return notes


def ratio_lines(view: Trends, lang: str) -> list[str]:
    """The ethnic-minority reduction ratio and its target, as sentences (page and slide)."""
    row = view.own_pace
    if row is None or pd.isna(row["reduction_ratio"]):
        return []
    lines = [
        label(
            "em_ratio",
            lang,
            ratio=formatting.decimal(row["reduction_ratio"], lang, 2),
            first=int(row["first_year"]),
            last=int(row["last_year"]),
        )
    ]
    if pd.notna(row["ratio_assessment"]):
        lines.append(
            label(
                "em_ratio_target",
                lang,
                target=formatting.plan_number(row["planned_ratio"], "ratio", lang),
                source=row["ratio_source"],
                status=label(f"assessment_{row['ratio_assessment']}", lang),
            )
        )
    return lines
