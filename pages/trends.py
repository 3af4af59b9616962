"""Xu hướng: rates over the years with the plans' targets, flows in and out of poverty, the pace of reduction."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data.labels import label
from gnbv import charts, formatting
from gnbv.tables import labelled_table
from gnbv.text import plain
from gnbv.ui import filters, layout
from gnbv.ui.cache import query
from gnbv.views.trends import ratio_lines, trends

selection = filters.current()
lang = selection.lang
unit_name = layout.current_unit_name()
view = trends(query, selection)
layout.header(label("trends_title", lang, unit=unit_name), selection, view.is_synthetic)
layout.url_problems(lang)
if not view.has_data:
    st.info(label("no_data_for_unit", lang, unit=plain(unit_name), year="—"))
    st.stop()
layout.notes(view.notes)

# --- rates and targets --------------------------------------------------------------------------
compare = filters.page_multiselect(
    "compare",
    view.comparable_units,
    label("compare_title_regions" if selection.level == "country" else "compare_title", lang),
    label("compare_placeholder", lang),
)
st.subheader(label("trend_title", lang))
st.plotly_chart(
    charts.rate_trend(view.series, view.trajectories, compare, lang),
    key=f"trend_{selection.scheme}_{selection.unit_code}",
    config=charts.PLOTLY_CONFIG,
    theme=None,
)
if len(view.standards) > 1:
    st.caption(label("standard_break_note", lang, old=view.standards[0], new=view.standards[-1]))
for note in view.chart_notes:
    st.caption(note)


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
st.subheader(label("flows_title", lang, unit=plain(unit_name)))
flows = view.complete_flows
if flows.empty and not view.flow_notes:
    st.info(label("no_flows", lang))
else:
    if len(flows):
        left, right = st.columns([3, 2], gap="large")
        left.plotly_chart(charts.flow_bars(flows, lang), key="flows_chart", config=charts.PLOTLY_CONFIG, theme=None)
        layout.table(
            labelled_table(
                flows,
                [
                    ("col_year", lambda r: str(r.year)),
                    *flow_columns,
                    ("flow_stayed", count("stayed_poor_households")),
                    ("col_matched", lambda r: formatting.percent(r.matched_rate, lang, 1)),
                ],
                lang,
            ),
            container=right,
            hide_index=True,
            key="flows_table",
        )
    for note in view.flow_notes:
        st.warning(note, icon=":material/link_off:")

if len(view.flows_below):
    complete = view.flows_below["flow_state"] == "complete"
    st.subheader(
        label("flows_units_title", lang, level=label(f"level_{selection.child_level}", lang), year=selection.year)
    )
    layout.table(
        labelled_table(
            view.flows_below,
            [
                ("col_unit", lambda r: r.unit_name),
                *flow_columns,
                ("col_inflow_rate", lambda r: formatting.percent(r.inflow_rate, lang, 2)),
                (
                    "col_flow_state",
                    lambda r: label(
                        f"flow_state_{r.flow_state}", lang, matched=formatting.percent(r.matched_rate, lang, 0)
                    ),
                ),
            ],
            lang,
        ),
        hide_index=True,
        key=f"flows_units_{selection.scheme}_{selection.unit_code}",
    )
    if not complete.all():
        st.caption(label("flows_units_incomplete_note", lang))

# --- pace: achieved vs planned, and ethnic minorities -------------------------------------------
left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(label("pace_title", lang))
    if len(view.pace):

        def assessment(on_track: object) -> str:
            if pd.isna(on_track):
                return label("no_plan", lang)
            return label("on_track" if on_track else "off_track", lang)

        layout.table(
            labelled_table(
                view.pace,
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
            key=f"pace_{selection.scheme}_{selection.unit_code}",
        )
with right:
    st.subheader(label("em_title", lang))
    own = view.own
    if own["ethnic_minority_poverty_rate"].notna().any():
        st.plotly_chart(
            charts.ethnic_minority_trend(own, lang), key="em_chart", config=charts.PLOTLY_CONFIG, theme=None
        )
        for line in ratio_lines(view, lang):
            st.markdown(plain(line))
    else:
        st.info(label("em_no_data", lang))
