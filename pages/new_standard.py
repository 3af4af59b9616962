"""Chuẩn mới: the next standard's lines and indicators applied to the unit's latest review: who becomes
poor or near-poor, where, and what the policies that follow the class would cost."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data.geo import GeoDataMissing, map_layer
from data.labels import label
from gnbv import formatting, maps
from gnbv.tables import labelled_table
from gnbv.text import plain
from gnbv.ui import filters, layout
from gnbv.ui.cache import geo_index, query
from gnbv.views.new_standard import format_amounts, format_overrides, new_standard

selection = filters.current()
lang = selection.lang
unit_name = layout.current_unit_name()
view = new_standard(query, selection, filters.new_standard_values())
for problem in view.link_problems:
    filters.record_problem(**problem)
settings = view.settings
title_year = settings.year if settings else (selection.year or "—")
standard = settings.next_standard if settings else ""
layout.header(label("ns_title", lang, standard=standard, unit=unit_name, year=title_year), selection, view.is_synthetic)
layout.url_problems(lang)
if not view.is_possible:
    st.info(view.reason)
    st.stop()

inputs = view.inputs
row = view.selected
st.caption(label("ns_intro", lang, year=settings.year, standard=settings.standard, next=settings.next_standard))

# --- the inputs: lines (national by default, a province's own), assumed shares ------------------------------
# (A slide shows the result of the inputs the link holds, without the controls.)
presenting = filters.is_presenting()
if not presenting:
    controls = st.columns([2, 2, 3, 3], gap="large")
    with controls[0]:
        filters.page_widget(
            "line_rural",
            st.number_input,
            label("ns_line_rural", lang),
            min_value=settings.income_step,
            max_value=settings.highest_line,
            value=inputs.line_rural,
            step=settings.income_step,
            format="%d",
            help=label("ns_line_help", lang, step=formatting.integer(settings.income_step, lang)),
        )
    with controls[1]:
        filters.page_widget(
            "line_urban",
            st.number_input,
            label("ns_line_urban", lang),
            min_value=settings.income_step,
            max_value=settings.highest_line,
            value=inputs.line_urban,
            step=settings.income_step,
            format="%d",
            help=label("ns_line_help", lang, step=formatting.integer(settings.income_step, lang)),
        )
        if (inputs.line_rural, inputs.line_urban) != (settings.national_rural, settings.national_urban):
            st.button(
                label("ns_national_lines", lang),
                on_click=filters.set_page_values,
                kwargs={"line_rural": "", "line_urban": ""},
                type="tertiary",
                icon=":material/restart_alt:",
                key="ns_national",
            )
    for column, key, name, value in (
        (controls[2], "share_a", settings.assumed[0], inputs.share_a),
        (controls[3], "share_b", settings.assumed[1], inputs.share_b),
    ):
        with column:
            filters.page_widget(
                key,
                st.slider,
                label("ns_share", lang, indicator=name),
                min_value=0,
                max_value=100,
                value=value,
                step=settings.share_step,
                format="%d%%",
                help=label("ns_share_help", lang),
            )

# --- headline ----------------------------------------------------------------------------------------------
layout.figures(view.figures)
layout.notes(view.notes)

# --- the map of the change and the units below --------------------------------------------------------------
below = view.units_below
child_level = selection.child_level
if child_level and len(below):
    level_name = label(f"level_{child_level}", lang)
    try:
        layer = map_layer(geo_index(), selection.scheme, selection.unit_code)
    except GeoDataMissing:
        layer = None
    map_column, table_column = st.columns([3, 2], gap="large") if layer is not None else (st.container(),) * 2
    shown = below.assign(
        change_text=[formatting.points(v, lang) for v in below["poor_near_poor_rate_change"]],
        rate_text=[
            f"{formatting.percent(a, lang)} → {formatting.percent(b, lang)}"
            for a, b in zip(below["poor_near_poor_rate"], below["new_poor_near_poor_rate"], strict=True)
        ],
    )

    def _drill() -> None:
        points = st.session_state[f"ns_map_{selection.scheme}_{selection.unit_code}"].selection.get("points", [])
        codes = [p["customdata"][0] for p in points if p.get("customdata")]
        if codes:
            filters.drill_to(child_level, codes[0])

    if layer is not None:
        with map_column:
            st.subheader(label("ns_map_title", lang, level=level_name))
            st.plotly_chart(
                maps.choropleth(
                    shown,
                    layer,
                    lang,
                    value="poor_near_poor_rate_change",
                    legend=label("ns_map_legend", lang),
                    hover=[(label("ns_col_rates", lang), "rate_text")],
                    suffix=" " + label("points_short", lang),
                ),
                key=f"ns_map_{selection.scheme}_{selection.unit_code}",
                on_select=_drill,
                selection_mode="points",
                config=maps.PLOTLY_CONFIG,
                theme=None,
            )
            st.caption(label("map_attribution", lang, attribution=layer["attribution"]))

    with table_column:
        st.subheader(label("ns_units_title", lang, level=level_name))
        share_a_column, share_b_column = label("ns_col_share_a", lang), label("ns_col_share_b", lang)
        table = labelled_table(
            below,
            [
                ("col_unit", lambda r: r.short_name),
                ("col_households", lambda r: formatting.integer(r.households, lang)),
                ("ns_col_now", lambda r: formatting.percent(r.poor_near_poor_rate, lang)),
                ("ns_col_new", lambda r: formatting.percent(r.new_poor_near_poor_rate, lang)),
                ("ns_col_change", lambda r: formatting.points(r.poor_near_poor_rate_change, lang)),
                ("ns_col_new_poor", lambda r: formatting.integer(r.new_poor_households, lang)),
            ],
            lang,
        )
        table[share_a_column] = [
            inputs.overrides.get(code, (inputs.share_a, inputs.share_b))[0] for code in below.unit_code
        ]
        table[share_b_column] = [
            inputs.overrides.get(code, (inputs.share_a, inputs.share_b))[1] for code in below.unit_code
        ]
        editor_key = f"ns_units_{selection.scheme}_{selection.unit_code}_{st.session_state.get(filters.VERSION, 0)}"
        codes = list(below["unit_code"])

        def on_share_edit() -> None:
            updated = dict(inputs.overrides)
            for position, values in st.session_state[editor_key].get("edited_rows", {}).items():
                code = codes[int(position)]
                a, b = updated.get(code, (inputs.share_a, inputs.share_b))
                a = int(values.get(share_a_column, a) or 0)
                b = int(values.get(share_b_column, b) or 0)
                updated[code] = (a - a % settings.share_step, b - b % settings.share_step)
            filters.set_page_values(shares=format_overrides(updated))

        if presenting:
            layout.table(table, hide_index=True)
        else:
            st.data_editor(
                table,
                hide_index=True,
                key=editor_key,
                on_change=on_share_edit,
                disabled=[c for c in table.columns if c not in (share_a_column, share_b_column)],
                column_config={
                    c: st.column_config.NumberColumn(
                        min_value=0, max_value=100, step=settings.share_step, format="%d%%"
                    )
                    for c in (share_a_column, share_b_column)
                },
                height=min(720, 44 + 36 * len(table)),
            )
            st.caption(label("ns_units_hint", lang))

# --- where each class goes -------------------------------------------------------------------------------------
st.subheader(label("ns_transitions_title", lang, unit=plain(unit_name)))
moves = view.transitions.pivot_table(
    index="household_class", columns="new_class", values="households", aggfunc="sum", fill_value=0
)
order = [c for c in ("poor", "near_poor", "middle", "other") if c in moves.index]
columns = [c for c in ("poor", "near_poor", "above_line", "unclassified") if c in moves.columns]
moves = moves.loc[order, columns]
moves.index = [label(f"class_{c}", lang) for c in moves.index]
moves.columns = [label(f"ns_class_{c}", lang) for c in moves.columns]
moves = moves.map(lambda v: formatting.integer(v, lang)).reset_index(names=label("ns_class_now", lang))
layout.table(moves, hide_index=True, key="ns_transitions")

# --- what it costs ----------------------------------------------------------------------------------------------
st.subheader(label("ns_cost_title", lang))
costs = view.costs
if not presenting:
    amount_columns = st.columns(len(costs))
    for column, policy in zip(amount_columns, costs.itertuples(), strict=True):
        with column:
            st.number_input(
                label("ns_amount", lang, policy=policy.name, basis=label(f"ns_basis_{policy.basis}", lang)),
                min_value=0.0,
                max_value=1e9,
                value=float(policy.amount),
                step=1000.0,
                format="%.0f",
                key=f"ns_amount_{policy.code}_{st.session_state.get(filters.VERSION, 0)}",
                on_change=lambda code=policy.code: filters.set_page_values(
                    amounts=format_amounts(
                        {
                            **inputs.amounts,
                            code: st.session_state[f"ns_amount_{code}_{st.session_state.get(filters.VERSION, 0)}"],
                        }
                    )
                ),
            )
            source = label("ns_amount_typed", lang) if policy.is_changed else plain(policy.source)
            st.caption((label("ns_amount_assumption", lang) + " " if policy.is_assumption else "") + source)
layout.table(
    labelled_table(
        costs,
        [
            ("ns_col_policy", lambda r: r.name),
            ("ns_col_count_now", lambda r: formatting.integer(r.count_now, lang)),
            ("ns_col_count_new", lambda r: formatting.integer(r.count_new, lang)),
            ("ns_col_cost_now", lambda r: formatting.billion(r.cost_now / 1e6, lang)),
            ("ns_col_cost_new", lambda r: formatting.billion(r.cost_new / 1e6, lang)),
            ("ns_col_cost_change", lambda r: formatting.billion(r.cost_change / 1e6, lang)),
        ],
        lang,
    ),
    hide_index=True,
    key="ns_costs",
)
st.caption(label("ns_cost_note", lang))
if pd.notna(row["members_known_households"]) and row["members_known_households"] < row["households"]:
    st.caption(
        label(
            "ns_members_unknown",
            lang,
            count=formatting.integer(row["households"] - row["members_known_households"], lang),
        )
    )
