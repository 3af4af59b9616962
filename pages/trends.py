"""Xu hướng: rates over the years with the plans' targets, flows in and out of poverty, the pace of reduction."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data.labels import label
from gnbv import charts, formatting
from gnbv.ui import filters, layout
from gnbv.ui.cache import query

selection = filters.current()
lang = selection.lang
unit_name = layout.unit_display_name(selection)

series = query("rate_series", unit_code=selection.unit_code)
own = series[series["is_selected_unit"]]
is_synthetic = bool(own["is_synthetic"].any()) if len(own) else False
layout.header(label("trends_title", lang, unit=unit_name), selection, is_synthetic)
if own.empty:
    st.info(label("no_data_for_unit", lang, unit=unit_name, year="—"))
    st.stop()
if is_synthetic:
    st.caption(label("synthetic_note", lang))

# --- rates and targets --------------------------------------------------------------------------
below = series[~series["is_selected_unit"]].drop_duplicates("unit_code")
compare = filters.page_multiselect(
    "compare",
    dict(zip(below["unit_code"], below["short_name"], strict=True)),
    label("compare_title", lang),
    label("compare_placeholder", lang),
)
trajectories = query("target_trajectories", unit_code=selection.unit_code)
st.subheader(label("trend_title", lang))
st.plotly_chart(
    charts.rate_trend(series, trajectories, compare, lang),
    key=f"trend_{selection.unit_code}",
    config=charts.PLOTLY_CONFIG,
    theme=None,
)
standards = sorted(own["poverty_standard"].unique())
if len(standards) > 1:
    st.caption(label("standard_break_note", lang, old=standards[0], new=standards[-1]))


# --- flows --------------------------------------------------------------------------------------
def count(column: str):
    return lambda row: formatting.integer(getattr(row, column), lang)


# The columns both flow tables show, after their first column.
flow_columns = [
    ("col_previous_poor", count("previous_poor_households")),
    ("flow_escaped", count("escaped_households")),
    ("col_escaped_rate", lambda r: formatting.percent(r.escaped_rate, lang, 1)),
    ("flow_newly_poor", count("newly_poor_households")),
    ("flow_fell_back", count("fell_back_households")),
]
flows = query("flows_over_years", unit_code=selection.unit_code)
st.subheader(label("flows_title", lang, unit=unit_name))
if flows.empty:
    st.info(label("no_flows", lang))
else:
    left, right = st.columns([3, 2], gap="large")
    left.plotly_chart(charts.flow_bars(flows, lang), key="flows_chart", config=charts.PLOTLY_CONFIG, theme=None)
    layout.table(
        layout.labelled_table(
            flows,
            [("col_year", lambda r: str(r.year)), *flow_columns, ("flow_stayed", count("stayed_poor_households"))],
            lang,
        ),
        container=right,
        hide_index=True,
        key="flows_table",
    )

child_level = selection.child_level
if child_level and selection.year:
    by_unit = query(
        "flows_of_units_below", parent_code=selection.unit_code, year=selection.year, standard=selection.standard
    )
    if len(by_unit):
        st.subheader(label("flows_units_title", lang, level=label(f"level_{child_level}", lang), year=selection.year))
        layout.table(
            layout.labelled_table(
                by_unit,
                [
                    ("col_unit", lambda r: r.unit_name),
                    *flow_columns,
                    ("col_inflow_rate", lambda r: formatting.percent(r.inflow_rate, lang, 2)),
                ],
                lang,
            ),
            hide_index=True,
            key=f"flows_units_{selection.unit_code}",
        )

# --- pace: achieved vs planned, and ethnic minorities -------------------------------------------
pace = query("reduction_pace", unit_code=selection.unit_code, standard=selection.standard or standards[-1])
own_pace = pace[pace["is_selected_unit"]]
left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(label("pace_title", lang))
    if len(pace):

        def assessment(on_track: object) -> str:
            if pd.isna(on_track):
                return label("no_plan", lang)
            return label("on_track" if on_track else "off_track", lang)

        layout.table(
            layout.labelled_table(
                pace,
                [
                    ("col_unit", lambda r: r.unit_name),
                    ("col_period", lambda r: formatting.period(r.first_year, r.last_year)),
                    (
                        "col_first_last",
                        lambda r: f"{formatting.percent(r.first_rate, lang)} → {formatting.percent(r.last_rate, lang)}",
                    ),
                    ("col_achieved", lambda r: formatting.decimal(r.achieved_reduction, lang, 2)),
                    ("col_planned", lambda r: formatting.plan_number(r.planned_reduction, "pp", lang)),
                    ("col_on_track", lambda r: assessment(r.is_on_track)),
                    ("col_source", lambda r: r.planned_source if isinstance(r.planned_source, str) else ""),
                ],
                lang,
            ),
            hide_index=True,
            key=f"pace_{selection.unit_code}",
        )
with right:
    st.subheader(label("em_title", lang))
    st.plotly_chart(charts.ethnic_minority_trend(own, lang), key="em_chart", config=charts.PLOTLY_CONFIG, theme=None)
    if len(own_pace) and own_pace["reduction_ratio"].notna().iloc[0]:
        row = own_pace.iloc[0]
        st.markdown(
            label(
                "em_ratio",
                lang,
                ratio=formatting.decimal(row["reduction_ratio"], lang, 2),
                first=int(row["first_year"]),
                last=int(row["last_year"]),
            )
        )
        if pd.notna(row["planned_ratio"]):
            status = "met" if row["reduction_ratio"] >= row["planned_ratio"] else "missed"
            st.markdown(
                label(
                    "em_ratio_target",
                    lang,
                    target=formatting.plan_number(row["planned_ratio"], "ratio", lang),
                    source=row["ratio_source"],
                    status=layout.status_text(status, lang),
                )
            )
