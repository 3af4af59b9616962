"""Tổng quan: headline figures, the map of the units below, their ranking, targets and published figures."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data.geo import GeoDataMissing, map_layer
from data.labels import label, metric_name
from gnbv import formatting, maps
from gnbv.ui import filters, layout
from gnbv.ui.cache import geo_index, query

selection = filters.current()
lang = selection.lang

unit_name = layout.unit_display_name(selection)
overview = (
    query("unit_overview", unit_code=selection.unit_code, year=selection.year, standard=selection.standard)
    if selection.year
    else None
)
is_synthetic = overview is not None and len(overview) and bool(overview["is_synthetic"].iloc[0])
layout.header(f"{unit_name} · {selection.year or ''}", selection, is_synthetic)

if overview is None or not len(overview):
    st.info(label("no_data_for_unit", lang, unit=unit_name, year=selection.year or "—"))
    st.stop()

kpi = overview.iloc[0]
targets = query("target_progress", unit_code=selection.unit_code, year=selection.year, standard=selection.standard)

# --- KPI row --------------------------------------------------------------------------------------
cards = st.columns(6)
cards[0].metric(label("kpi_poverty_rate", lang), formatting.percent(kpi["poverty_rate"], lang))
cards[1].metric(label("kpi_near_poor_rate", lang), formatting.percent(kpi["near_poor_rate"], lang))
cards[2].metric(label("kpi_households", lang), formatting.integer(kpi["households"], lang))
cards[3].metric(label("kpi_poor_households", lang), formatting.integer(kpi["poor_households"], lang))
if pd.notna(kpi["previous_year"]):
    cards[4].metric(
        label("kpi_change", lang, year=int(kpi["previous_year"])) + f" ({label('points', lang)})",
        formatting.points(kpi["poverty_rate_change"], lang),
        delta=" → ".join(formatting.percent(kpi[c], lang) for c in ("previous_poverty_rate", "poverty_rate")),
        delta_color="off",
    )
else:
    cards[4].metric(label("kpi_change", lang, year="—"), "—", help=label("kpi_change_none", lang))


def target_text(row) -> str:
    return formatting.target(row.target_low, row.target_high, row.unit, row.direction, lang)


headline = targets[targets["metric"].isin(["poverty_rate", "poverty_rate_reduction"])]
if len(headline):
    row = headline.sort_values("metric").iloc[0]
    cards[5].metric(
        label(f"kpi_target_{row['metric']}", lang, year=selection.year),  # short: read from 5 m
        target_text(row),
        delta=layout.status_text(row["status"], lang),
        delta_color={"met": "normal", "missed": "inverse"}.get(row["status"], "off"),
        delta_arrow="off",
        help=row["source_document"],
    )
else:
    cards[5].metric(label("kpi_target", lang, year=selection.year), "—", help=label("kpi_target_none", lang))

if len(headline):
    # The tooltip is invisible on a projector: say where the target comes from under the cards.
    st.caption(label("target_source", lang, target=target_text(row), source=row["source_document"]))
if is_synthetic:
    st.caption(label("synthetic_note", lang))

# --- map and ranking -------------------------------------------------------------------------------
child_level = selection.child_level
if child_level:
    rates = query(
        "rates_of_units_below", parent_code=selection.unit_code, year=selection.year, standard=selection.standard
    )
    if selection.level == "country":
        st.caption(label("country_note", lang, count=int(rates["households"].notna().sum())))
    level_name = label(f"level_{child_level}", lang)
    ranked = rates[rates["households"].notna()].reset_index(drop=True)
    try:
        layer = map_layer(geo_index(), selection.unit_code)
        geo_error = None
    except GeoDataMissing as error:
        layer, geo_error = None, error
    if layer is not None:
        map_column, table_column = st.columns([3, 2], gap="large")
    else:
        map_column = table_column = st.container()

    # Keys per parent unit: a selection must not carry over to the next unit's map or table.
    map_key, ranking_key = f"overview_map_{selection.unit_code}", f"overview_ranking_{selection.unit_code}"

    def on_map_select() -> None:
        points = st.session_state[map_key].selection.get("points", [])
        codes = [p["customdata"][0] for p in points if p.get("customdata")]
        if codes:
            filters.drill_to(child_level, codes[0])

    def on_table_select() -> None:
        rows = st.session_state[ranking_key].selection.get("rows", [])
        if rows:
            filters.drill_to(child_level, ranked.iloc[rows[0]]["unit_code"])

    with map_column:
        if geo_error is not None:
            st.warning(label("map_missing_files", lang, error=geo_error))
        elif layer is None and child_level == "commune":
            st.info(label("map_no_commune_layer", lang))
        elif layer is None:
            st.warning(label("map_missing_geometry", lang, units=", ".join(rates["unit_name"])))
        else:
            st.subheader(label("map_title", lang, level=level_name))
            figure = maps.choropleth(rates, layer, lang)
            st.plotly_chart(
                figure,
                key=map_key,
                on_select=on_map_select,
                selection_mode="points",
                config=maps.PLOTLY_CONFIG,
                theme=None,
            )
            missing = rates[~rates["unit_code"].isin(layer["codes"])]
            if len(missing):
                st.warning(
                    label("map_missing_geometry", lang, units=", ".join(missing["unit_name"])),
                    icon=":material/map:",
                )
            if rates["households"].isna().any():
                st.caption(label("map_no_data_legend", lang))
            st.caption(label("map_click_hint", lang))
            st.caption(label("map_attribution", lang, attribution=geo_index()["attribution"]))

    with table_column:
        st.subheader(label("ranking_title", lang, level=level_name))
        table = ranked[["short_name", "households", "poor_households", "poverty_rate", "near_poor_rate"]].rename(
            columns={
                "short_name": label("col_unit", lang),
                "households": label("col_households", lang),
                "poor_households": label("col_poor", lang),
                "poverty_rate": label("col_poverty_rate", lang),
                "near_poor_rate": label("col_near_poor_rate", lang),
            }
        )
        styled = table.style.format(
            {
                label("col_households", lang): lambda v: formatting.integer(v, lang),
                label("col_poor", lang): lambda v: formatting.integer(v, lang),
                label("col_poverty_rate", lang): lambda v: formatting.percent(v, lang),
                label("col_near_poor_rate", lang): lambda v: formatting.percent(v, lang),
            }
        )
        layout.table(
            styled,
            hide_index=True,
            key=ranking_key,
            on_select=on_table_select,
            selection_mode="single-row",
            height=min(720, 44 + 36 * max(len(table), 1)),
        )

# --- targets --------------------------------------------------------------------------------------
st.subheader(label("targets_title", lang, unit=unit_name, year=selection.year))
if len(targets):
    layout.table(
        layout.labelled_table(
            targets,
            [
                ("col_metric", lambda r: metric_name(r.metric, lang)),
                *layout.target_columns(lang),
                ("col_source", lambda r: r.source_document),
            ],
            lang,
        ),
        hide_index=True,
        key="overview_targets",
    )
else:
    st.caption(label("targets_none", lang))

published = query("published_figures", unit_code=selection.unit_code, year=selection.year)
if len(published):
    st.subheader(label("published_title", lang, unit=unit_name, year=selection.year))
    st.caption(label("published_caption", lang))
    layout.table(
        layout.labelled_table(
            published,
            [
                ("col_metric", lambda r: metric_name(r.metric, lang)),
                ("col_value", lambda r: formatting.target_value(r.value, r.unit, lang)),
                ("col_source", lambda r: r.source_document),
            ],
            lang,
        ),
        hide_index=True,
        key="overview_published",
    )
