"""Tổng quan: headline figures, the map of the units below, their ranking, targets and published figures."""

from __future__ import annotations

import streamlit as st

from data.geo import GeoDataMissing, map_layer
from data.labels import label, metric_name
from gnbv import formatting, maps
from gnbv.tables import labelled_table, target_columns
from gnbv.text import plain
from gnbv.ui import filters, layout
from gnbv.ui.cache import geo_index, query
from gnbv.views.overview import overview, target_text

selection = filters.current()
lang = selection.lang
unit_name = layout.current_unit_name()
view = overview(query, selection)
layout.header(f"{unit_name} · {selection.year or ''}", selection, view.is_synthetic)
layout.url_problems(lang)

if not view.has_data:
    st.info(label("no_data_for_unit", lang, unit=plain(unit_name), year=selection.year or "—"))
    for note in view.notes:
        st.caption(note)
    st.stop()

# --- KPI row --------------------------------------------------------------------------------------
layout.figures(view.figures)
if view.headline_target is not None:
    # The tooltip is invisible on a projector: say where the target comes from under the cards.
    row = view.headline_target
    st.caption(label("target_source", lang, target=target_text(row, lang), source=plain(row["source_document"])))
layout.notes(view.notes)

# --- map and ranking -------------------------------------------------------------------------------
child_level = selection.child_level
if child_level:
    rates = view.units_below
    level_name = label(f"level_{child_level}", lang)
    ranked = rates[rates["households"].notna()].reset_index(drop=True)
    try:
        layer = map_layer(geo_index(), selection.scheme, selection.unit_code)
        geo_error = None
    except GeoDataMissing as error:
        layer, geo_error = None, error
    map_column, table_column = st.columns([3, 2], gap="large") if layer is not None else (st.container(),) * 2

    # Keys per parent unit and scheme: a selection must not carry over to the next unit's map or table.
    map_key = f"overview_map_{selection.scheme}_{selection.unit_code}"
    ranking_key = f"overview_ranking_{selection.scheme}_{selection.unit_code}"

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
            st.warning(label("map_missing_files", lang, error=plain(geo_error)))
        elif layer is None:
            st.info(label(f"map_no_layer_{child_level}", lang))
        else:
            map_title = label("map_title", lang, level=level_name)
            st.subheader(map_title)
            figure = maps.choropleth(rates, layer, lang)
            # Until the tab has plotly, the same map as an SVG image, shown until plotly has drawn (plotly's
            # code is fetched and run first: 1-2 s in a browser that never visited).
            first_map = maps.first_map_image(figure, layer) if layout.map_image_needed() else ""
            if first_map:
                st.markdown(f"![{map_title}]({first_map})")
            st.plotly_chart(
                figure,
                key=map_key,
                on_select=on_map_select,
                selection_mode="points",
                config=maps.PLOTLY_CONFIG,
                theme=None,
            )
            layout.plotly_map_sent()
            missing = rates[~rates["unit_code"].isin(layer["codes"])]
            if len(missing):
                st.warning(
                    label("map_missing_geometry", lang, units=plain(", ".join(missing["unit_name"]))),
                    icon=":material/map:",
                )
            if rates["households"].isna().any():
                st.caption(label("map_no_data_legend", lang))
            if layer.get("note_key"):
                st.caption(label(layer["note_key"], lang))
            st.caption(label("map_click_hint", lang))
            st.caption(label("map_attribution", lang, attribution=layer["attribution"]))

    with table_column:
        st.subheader(label("ranking_title", lang, level=level_name))
        table = labelled_table(
            ranked,
            [
                ("col_unit", lambda r: r.short_name),
                ("col_households", lambda r: formatting.integer(r.households, lang)),
                ("col_poor", lambda r: formatting.integer(r.poor_households, lang)),
                ("col_poverty_rate", lambda r: formatting.percent(r.poverty_rate, lang)),
                ("col_near_poor_rate", lambda r: formatting.percent(r.near_poor_rate, lang)),
            ],
            lang,
        )
        layout.table(
            table,
            hide_index=True,
            key=ranking_key,
            on_select=on_table_select,
            selection_mode="single-row",
            height=min(720, 44 + 36 * max(len(table), 1)),
        )

if len(view.regions):
    st.subheader(label("regions_title", lang, year=selection.year))
    regions = view.regions[view.regions["households"].notna()].reset_index(drop=True)

    def on_region_select() -> None:
        rows = st.session_state["overview_regions"].selection.get("rows", [])
        if rows:
            filters.drill_to("region", regions.iloc[rows[0]]["unit_code"])

    layout.table(
        labelled_table(
            regions,
            [
                ("col_region", lambda r: r.unit_name),
                ("col_provinces", lambda r: formatting.integer(r.province_count, lang)),
                ("col_households", lambda r: formatting.integer(r.households, lang)),
                ("col_poor", lambda r: formatting.integer(r.poor_households, lang)),
                ("col_poverty_rate", lambda r: formatting.percent(r.poverty_rate, lang)),
                ("col_near_poor_rate", lambda r: formatting.percent(r.near_poor_rate, lang)),
            ],
            lang,
        ),
        hide_index=True,
        key="overview_regions",
        on_select=on_region_select,
        selection_mode="single-row",
    )

# --- targets --------------------------------------------------------------------------------------
st.subheader(label("targets_title", lang, unit=plain(unit_name), year=selection.year))
if len(view.targets):
    layout.table(
        labelled_table(
            view.targets,
            [
                ("col_metric", lambda r: metric_name(r.metric, lang)),
                *target_columns(lang),
                ("col_source", lambda r: r.source_document),
            ],
            lang,
        ),
        hide_index=True,
        key="overview_targets",
    )
else:
    st.caption(label("targets_none", lang))

if len(view.predecessor_targets):
    st.subheader(label("predecessor_targets_title", lang, unit=plain(unit_name)))
    st.caption(label("predecessor_targets_note", lang))
    layout.table(
        labelled_table(
            view.predecessor_targets,
            [
                ("col_plan_of", lambda r: label("plan_of_legacy_unit", lang, unit=r.unit_name)),
                ("col_metric", lambda r: metric_name(r.metric, lang)),
                *target_columns(lang),
                ("col_source", lambda r: r.source_document),
            ],
            lang,
        ),
        hide_index=True,
        key="overview_predecessor_targets",
    )

if len(view.published):
    st.subheader(label("published_title", lang, unit=plain(unit_name), year=selection.year))
    st.caption(label("published_caption", lang))
    layout.table(
        labelled_table(
            view.published,
            [
                ("col_metric", lambda r: metric_name(r.metric, lang)),
                ("col_value", lambda r: formatting.published_value(r.value, r.value_unit, r.decimals, lang)),
                ("standard", lambda r: r.poverty_standard or "—"),
                ("col_source", lambda r: r.source_document),
            ],
            lang,
        ),
        hide_index=True,
        key="overview_published",
    )
