"""Chiều thiếu hụt: which deprivations keep households poor, where, and how far each dimension target is."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from data.labels import in_language, label, metric_name
from gnbv import formatting, standouts
from gnbv.selection import Selection
from gnbv.views import Figure, Query, asker, is_synthetic, kind_note, missing

GROUPS = ["poor", "near_poor", "poor_near_poor", "all"]
SLIDE_GROUP = "poor_near_poor"  # the group a slide shows: the program's own target group


@dataclass
class Dimensions:
    has_data: bool
    lacks_indicators: bool = False  # households loaded, but no file had their deprivation indicators
    is_synthetic: bool = False
    group: str = SLIDE_GROUP
    shares: pd.DataFrame = field(default_factory=pd.DataFrame)  # deprivation_shares
    summary: pd.Series | None = None  # mpi_summary
    contributions: pd.DataFrame = field(default_factory=pd.DataFrame)
    targets: pd.DataFrame = field(default_factory=pd.DataFrame)  # dimension_target_progress + metric_name
    units_below: pd.DataFrame | None = None  # deprivation_of_units_below
    standouts: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)  # H, A, M0
    notes: list[str] = field(default_factory=list)
    causes: pd.DataFrame = field(default_factory=pd.DataFrame)  # poverty_causes (summary form 7.10)

    def top_shares(self, count: int = 3) -> pd.DataFrame:
        return self.shares.dropna(subset=["deprived_share"]).nlargest(count, "deprived_share")


def dimensions(query: Query, selection: Selection, group: str = SLIDE_GROUP) -> Dimensions:
    ask = asker(query, selection)
    lang = selection.lang
    if not selection.year:
        return Dimensions(has_data=False)
    causes = ask("poverty_causes")
    shares = ask("deprivation_shares", group=group)
    if shares.empty:
        return Dimensions(has_data=False, causes=causes)
    targets = ask("dimension_target_progress")
    targets = targets.assign(metric_name=[metric_name(m, lang) for m in targets["metric"]])
    if not shares["known_households"].fillna(0).any():
        return Dimensions(has_data=False, lacks_indicators=True, targets=targets, causes=causes)
    overview = ask("unit_overview")
    kind = overview["data_kind"].iloc[0] if len(overview) else None
    summary = ask("mpi_summary", group=group).iloc[0]
    contributions = ask("mpi_contributions", group=group)
    units_below = ask("deprivation_of_units_below", group=group) if selection.child_level else None
    view = Dimensions(
        has_data=True,
        is_synthetic=is_synthetic(kind),
        group=group,
        shares=shares,
        summary=summary,
        contributions=contributions,
        targets=targets,
        units_below=units_below,
        standouts=standouts.deprivation_highlights(
            contributions, units_below if units_below is not None else shares.iloc[0:0], targets, lang
        ),
        figures=[
            Figure(label("mpi_h", lang), formatting.percent(summary["headcount_ratio"], lang, 1)),
            Figure(label("mpi_a", lang), formatting.percent(summary["intensity"], lang, 1)),
            Figure(label("mpi_m0", lang), formatting.decimal(summary["adjusted_headcount"], lang, 3)),
        ]
        # H, A and M0 need each household's deprivations: a summary form gives only each indicator's count.
        if not missing(summary["headcount_ratio"])
        else [],
        causes=causes,
    )
    notes = [kind_note(kind, lang)]
    unknown = shares[shares["known_share"] < 1]
    if len(unknown):
        notes.append(
            label(
                "indicators_unknown_note",
                lang,
                indicators=", ".join(
                    f"{getattr(r, in_language('name', lang))} ({formatting.percent(r.known_share, lang, 0)})"
                    for r in unknown.itertuples()
                ),
            )
        )
    if not missing(summary["known_share"]) and summary["known_share"] < 1 and not missing(summary["headcount_ratio"]):
        notes.append(label("mpi_partial_note", lang, share=formatting.percent(summary["known_share"], lang, 1)))
    if missing(summary["headcount_ratio"]):
        notes.append(label("mpi_needs_households", lang))
    if not shares["is_verified"].all():
        notes.append(label("indicators_unverified_note", lang, standard=selection.standard))
    view.notes = [note for note in notes if note]
    return view


@dataclass
class Heatmap:
    """The units below as rows, the indicators as columns (in the order of the shares), shares as cells."""

    table: pd.DataFrame  # the unit's name, then one column per indicator (its short name in the language)
    unit_codes: list[str]  # of the rows, in order
    share_columns: list[str]


def heatmap(view: Dimensions, lang: str) -> Heatmap | None:
    units_below = view.units_below
    if units_below is None or units_below.empty:
        return None
    grid = units_below.pivot(index=["unit_code", "short_name"], columns="indicator_code", values="deprived_share")
    order = view.shares["indicator_code"].tolist()
    grid = grid.reindex(columns=order).reset_index()
    headers = dict(zip(view.shares["indicator_code"], view.shares[in_language("short", lang)], strict=True))
    table = grid.drop(columns=["unit_code"]).rename(columns={"short_name": label("col_unit", lang), **headers})
    return Heatmap(table=table, unit_codes=grid["unit_code"].tolist(), share_columns=[headers[c] for c in order])
