"""Chiều thiếu hụt: which deprivations keep households poor, where, and how far each dimension target is."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data.labels import label, metric_name
from gnbv import charts, formatting, standouts
from gnbv.ui import filters, layout
from gnbv.ui.cache import query

GROUPS = ["poor", "near_poor", "poor_near_poor", "all"]

selection = filters.current()
lang = selection.lang
unit_name = layout.unit_display_name(selection)
name_column = "name_vi" if lang == "vi" else "name_en"
short_column = "short_vi" if lang == "vi" else "short_en"
dimension_column = "dimension_vi" if lang == "vi" else "dimension_en"

params = {"unit_code": selection.unit_code, "year": selection.year, "standard": selection.standard}
overview = query("unit_overview", **params) if selection.year else None
is_synthetic = overview is not None and len(overview) and bool(overview["is_synthetic"].iloc[0])
layout.header(label("dimensions_title", lang, unit=unit_name, year=selection.year or "—"), selection, is_synthetic)
group = filters.page_choice("group", GROUPS, lambda g: label(f"group_{g}", lang), label("group_title", lang))
group_name = label(f"group_{group}", lang)
shares = query("deprivation_shares", group=group, **params) if selection.year else None

if shares is None or not len(shares):
    st.info(label("no_data_for_unit", lang, unit=unit_name, year=selection.year or "—"))
    st.stop()

summary = query("mpi_summary", group=group, **params).iloc[0]
contributions = query("mpi_contributions", group=group, **params)
targets = query("dimension_target_progress", **params)
targets = targets.assign(metric_name=[metric_name(m, lang) for m in targets["metric"]])
child_level = selection.child_level
units_below = (
    query(
        "deprivation_of_units_below",
        parent_code=selection.unit_code,
        year=selection.year,
        standard=selection.standard,
        group=group,
    )
    if child_level
    else None
)

# --- what stands out -------------------------------------------------------------------------------
lines = standouts.deprivation_highlights(
    contributions, units_below if units_below is not None else shares.iloc[0:0], targets, lang
)
if lines:
    st.info("  \n".join(lines), icon=":material/lightbulb:")
if is_synthetic:
    st.caption(label("synthetic_note", lang))

# --- shares and the M0 decomposition ---------------------------------------------------------------
left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(label("shares_title", lang, group=group_name.lower()))
    st.plotly_chart(
        charts.deprivation_bars(shares, name_column, lang),
        key="dimension_shares",
        config=charts.PLOTLY_CONFIG,
        theme=None,
    )
with right:
    st.subheader(label("mpi_title", lang))
    cards = st.columns(3)
    cards[0].metric(label("mpi_h", lang), formatting.percent(summary["headcount_ratio"], lang, 1))
    cards[1].metric(label("mpi_a", lang), formatting.percent(summary["intensity"], lang, 1))
    cards[2].metric(label("mpi_m0", lang), formatting.decimal(summary["adjusted_headcount"], lang, 3))
    with st.expander(label("mpi_method", lang)):
        st.markdown(label("mpi_help", lang, count=int(summary["indicator_count"]), standard=selection.standard))
    st.caption(label("contribution_title", lang))
    dimension_shares = contributions.drop_duplicates("dimension")
    st.plotly_chart(
        charts.contribution_bars(dimension_shares, dimension_column, lang),
        key="dimension_contributions",
        config=charts.PLOTLY_CONFIG,
        theme=None,
    )

# --- heatmap of the units below ---------------------------------------------------------------------
if units_below is not None and len(units_below):
    st.subheader(label("heatmap_title", lang, level=label(f"level_{child_level}", lang), group=group_name.lower()))
    st.caption(label("heatmap_hint", lang))
    grid = units_below.pivot_table(
        index=["unit_code", "short_name"],
        columns="indicator_code",
        values="deprived_share",
        sort=False,
    )
    order = shares["indicator_code"].tolist()
    grid = grid[order].reset_index()
    headers = dict(zip(shares["indicator_code"], shares[short_column], strict=True))
    codes = grid["unit_code"].tolist()
    table = grid.drop(columns=["unit_code"]).rename(columns={"short_name": label("col_unit", lang), **headers})

    # One key per parent unit: a selected row must not stay selected in the next unit's table.
    heatmap_key = f"dimension_heatmap_{selection.unit_code}"

    def on_heatmap_select() -> None:
        rows = st.session_state[heatmap_key].selection.get("rows", [])
        if rows:
            filters.drill_to(child_level, codes[rows[0]])

    share_columns = [headers[c] for c in order]
    layout.table(
        table.style.format({c: (lambda v: formatting.percent(v, lang, 1)) for c in share_columns}).map(
            charts.share_cell_style, subset=share_columns
        ),
        hide_index=True,
        key=heatmap_key,
        on_select=on_heatmap_select,
        selection_mode="single-row",
        height=min(720, 44 + 36 * len(table)),
    )

# --- dimension targets ------------------------------------------------------------------------------
st.subheader(label("dimension_targets_title", lang, unit=unit_name, year=selection.year))
if len(targets):
    note_column = "measure_note_vi" if lang == "vi" else "measure_note_en"

    def measure_text(row) -> str:
        note = getattr(row, note_column)
        reported = isinstance(row.actual_source, str) and row.actual_source != "household_review"
        return f"{note} · {row.actual_source}" if reported else note

    layout.table(
        layout.labelled_table(
            targets,
            [
                ("col_dimension", lambda r: label(f"dim_{r.dimension}", lang)),
                ("col_metric", lambda r: r.metric_name),
                *layout.target_columns(lang)[:3],
                ("col_gap", lambda r: formatting.points(r.gap / 100, lang, 2) if pd.notna(r.gap) else "—"),
                *layout.target_columns(lang)[3:],
                ("col_measure", measure_text),
                ("col_source", lambda r: r.source_document),
            ],
            lang,
        ),
        hide_index=True,
        key="dimension_targets",
        height=44 + 36 * len(targets),
    )
else:
    st.caption(label("dimension_targets_none", lang))
