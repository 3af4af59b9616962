"""Kịch bản: a target rate for next year shared among the units below, the exits it needs, and the appendix."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data.labels import label
from gnbv import formatting, scenario
from gnbv.report import appendix_workbook
from gnbv.text import plain
from gnbv.ui import filters, layout
from gnbv.ui.cache import query
from gnbv.views import kind_label
from gnbv.views.planner import MAX_COST_PER_EXIT, appendix_target_pct, plan_scenario, planner_base, unit_slider

selection = filters.current()
lang = selection.lang
unit_name = layout.current_unit_name()
view = planner_base(query, selection, use_appendix=filters.validated_choice("appendix", ["", "1"]) == "1")

if not view.is_possible:
    layout.header(label("planner_title", lang, year="—", unit=unit_name), selection, False)
    layout.url_problems(lang)
    st.info(label("planner_needs_units", lang))
    st.stop()

plan_year = view.plan_year
appendix = view.appendix
use_appendix = view.uses_appendix
layout.header(label("planner_title", lang, year=plan_year, unit=unit_name), selection, view.is_synthetic)
if view.is_simulated_base:
    st.caption(
        label("planner_simulated_base", lang, year=selection.year, standard=view.plan_standard, plan_year=plan_year)
    )
    if view.pace_source:
        st.caption(label("planner_programme_pace", lang, source=plain(view.pace_source)))
else:
    st.caption(label("planner_base", lang, year=selection.year, standard=selection.standard))
if view.base.empty:
    layout.url_problems(lang)
    st.info(label("no_data_for_unit", lang, unit=plain(unit_name), year=selection.year))
    st.stop()
current_rate = view.current_rate
rule = filters.validated_choice("rule", list(scenario.RULES))
cost_value = filters.page_number("cost", 0, MAX_COST_PER_EXIT)
plan = plan_scenario(view, filters.page_number("target", 0, 100), rule, filters.page_value("edits"), cost_value, lang)
for problem in plan.link_problems:
    filters.record_problem(**problem)
layout.url_problems(lang)
if not view.has_flow_history:
    st.caption(label("planner_no_flow_history", lang))

# --- controls -----------------------------------------------------------------------------------
controls = st.columns([3, 4, 2], gap="large")
with controls[0]:
    target_pct = filters.page_widget(
        "target",
        st.slider,
        label("planner_target", lang, year=plan_year, current=formatting.percent(current_rate, lang)),
        min_value=0.0,
        max_value=plan.slider_max,
        value=plan.target_pct,
        step=0.01,
        format="%.2f%%",
    )
with controls[1]:
    rule = filters.page_widget(
        "rule",
        st.segmented_control,
        label("planner_rule", lang),
        list(scenario.RULES),
        format_func=lambda r: label(f"rule_{r}", lang),
        default=rule,
        required=True,
    )
with controls[2]:
    cost = filters.page_widget(
        "cost",
        st.number_input,
        label("planner_cost", lang),
        min_value=0.0,
        value=cost_value,
        step=1.0,
        placeholder="—",
    )
    if view.observed_cost is not None:
        row = view.observed_cost
        st.button(
            label(
                "planner_cost_observed",
                lang,
                year=selection.year,
                value=formatting.decimal(row["cost_per_escaped"], lang, 1),
            ),
            on_click=filters.set_page_values,
            kwargs={"cost": f"{row['cost_per_escaped']:.1f}"},
            help=label("planner_cost_observed_help", lang)
            + (" " + kind_label(row["cost_kind"], lang) if row["cost_kind"] != "real" else ""),
            type="tertiary",
            key="cost_observed",
        )
    elif not cost:
        st.caption(label("planner_cost_none", lang))

if len(appendix) and not use_appendix:
    st.button(
        label("planner_load_appendix", lang, source=plain(appendix["source_document"].iloc[0])),
        on_click=filters.set_page_values,
        kwargs={
            "appendix": "1",
            "rule": "edited",
            "target": appendix_target_pct(appendix),
            "edits": scenario.format_edits(
                dict(zip(appendix["unit_code"], appendix["poor_households"].astype(int), strict=True))
            ),
        },
        icon=":material/upload_file:",
        key="load_appendix",
    )
elif use_appendix:
    st.caption(label("planner_appendix_loaded", lang, source=plain(appendix["source_document"].iloc[0])))

# --- the scenario -------------------------------------------------------------------------------
edits = plan.edits
table = plan.table
total = plan.total
st.markdown(
    "**"
    + label(
        "planner_summary",
        lang,
        allowed=formatting.integer(total["allowed_poor"], lang),
        rate=formatting.percent(total["target_rate"], lang),
        net=formatting.integer(total["net_reduction"], lang),
        inflow=formatting.integer(total["expected_inflow"], lang),
        gross=formatting.integer(total["gross_exits"], lang),
        points=formatting.points(total["target_rate"] - current_rate, lang),
    )
    + "**"
)

shown = table.assign(
    households_text=[formatting.integer(v, lang) for v in table["households"]],
    poor_text=[formatting.integer(v, lang) for v in table["poor_households"]],
    rate_text=[formatting.percent(v, lang) for v in table["target_rate"]],
    net_text=[formatting.integer(v, lang) for v in table["net_reduction"]],
    inflow_text=[formatting.integer(v, lang) for v in table["expected_inflow"]],
    gross_text=[formatting.integer(v, lang) for v in table["gross_exits"]],
    history_text=[formatting.integer(round(v), lang) if pd.notna(v) else "—" for v in table["historical_exits"]],
    feasibility_text=[label(f"feasibility_{f}", lang) for f in table["feasibility"]],
    cost_text=[formatting.integer(round(v), lang) if pd.notna(v) else "—" for v in table["cost"]],
)
total_row = {
    "short_name": label("total_row", lang),
    "households_text": formatting.integer(total["households"], lang),
    "poor_text": formatting.integer(total["poor_households"], lang),
    "allowed_poor": total["allowed_poor"],
    "rate_text": formatting.percent(total["target_rate"], lang),
    "net_text": formatting.integer(total["net_reduction"], lang),
    "inflow_text": formatting.integer(total["expected_inflow"], lang),
    "gross_text": formatting.integer(total["gross_exits"], lang),
    "history_text": formatting.integer(round(total["historical_exits"]), lang)
    if pd.notna(total["historical_exits"])
    else "—",
    "feasibility_text": label(
        f"feasibility_{scenario.feasibility(total['gross_exits'], total['historical_exits'])}", lang
    ),
    "cost_text": formatting.integer(round(total["cost"]), lang) if pd.notna(total["cost"]) else "—",
}
columns = {
    "short_name": label("col_unit", lang),
    "households_text": label("col_households", lang),
    "poor_text": label("col_current_poor", lang),
    "allowed_poor": label("col_allowed", lang),
    "rate_text": label("col_target_rate", lang),
    "net_text": label("col_net", lang),
    "inflow_text": label("col_inflow", lang),
    "gross_text": label("col_gross", lang),
    "history_text": label("col_history", lang),
    "feasibility_text": label("col_feasibility", lang),
    "cost_text": label("col_cost", lang),
}
display = pd.concat([shown[list(columns)], pd.DataFrame([total_row])], ignore_index=True).rename(columns=columns)
editor_key = f"planner_table_{selection.scheme}_{selection.unit_code}_{st.session_state.get(filters.VERSION, 0)}"


def on_table_edit() -> None:
    changes = st.session_state[editor_key].get("edited_rows", {})
    updated = dict(edits)
    for row, values in changes.items():
        if int(row) < len(table) and label("col_allowed", lang) in values:
            updated[table["unit_code"].iloc[int(row)]] = int(values[label("col_allowed", lang)] or 0)
    filters.set_page_values(edits=scenario.format_edits(updated), rule="edited")


if rule == "edited":
    st.caption(label("planner_edit_hint", lang))
    with st.expander(label("planner_unit_sliders", lang)):
        slider_columns = st.columns(3)
        for position, row in enumerate(table.itertuples()):
            households = int(row.households)
            current, top, value = unit_slider(row.poverty_rate, row.target_rate)

            def on_unit_slider(code: str = row.unit_code, households: int = households) -> None:
                rate = st.session_state[f"unit_rate_{code}_{st.session_state.get(filters.VERSION, 0)}"]
                updated = dict(edits)
                updated[code] = scenario.allowed_total(households, rate / 100)
                filters.set_page_values(edits=scenario.format_edits(updated), rule="edited")

            slider_columns[position % 3].slider(
                f"{row.short_name} ({label('now', lang)} {formatting.percent(current / 100, lang)})",
                min_value=0.0,
                max_value=top,
                value=value,
                step=0.01,
                format="%.2f%%",
                key=f"unit_rate_{row.unit_code}_{st.session_state.get(filters.VERSION, 0)}",
                on_change=on_unit_slider,
            )
st.data_editor(
    display,
    hide_index=True,
    key=editor_key,
    on_change=on_table_edit,
    disabled=[c for c in display.columns if c != label("col_allowed", lang)] if rule == "edited" else True,
    column_config={label("col_allowed", lang): st.column_config.NumberColumn(min_value=0, step=1, format="localized")},
    height=44 + 36 * len(display),
)

# --- the appendix -------------------------------------------------------------------------------
notes = [label("appendix_synthetic_note", "vi")] if view.is_synthetic and not use_appendix else []
appendix_rows = [
    {"name": name, "households": h, "poor": p}
    for name, h, p in zip(
        table["unit_name"] if use_appendix else table["short_name"],
        table["households"],
        table["allowed_poor"],
        strict=True,
    )
]
appendix_title = label("appendix_title", "vi", year=plan_year, unit=unit_name)
appendix_subtitle = label("appendix_subtitle", "vi", rule=label(f"rule_{rule}", "vi"))

# Offered built (Streamlit's deferred download, a callable, sometimes lost the click in the browser tests);
# built once per scenario, not at every rerun (gnbv/shared_results.py).
workbook = appendix_workbook.build(appendix_rows, appendix_title, appendix_subtitle, notes)

st.download_button(
    label("planner_download", lang),
    data=workbook,
    file_name=f"phu-luc-chi-tieu-ho-ngheo-{selection.scheme}-{selection.unit_code}-{plan_year}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
    key="planner_download",
)
