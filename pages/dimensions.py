"""Chiều thiếu hụt: which deprivations keep households poor, where, and how far each dimension target is."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data.labels import in_language, label
from gnbv import charts, formatting
from gnbv.tables import heatmap_styler, labelled_table, target_columns
from gnbv.text import plain
from gnbv.ui import filters, layout
from gnbv.ui.cache import query
from gnbv.views.dimensions import GROUPS, dimensions, heatmap

selection = filters.current()
lang = selection.lang
unit_name = layout.current_unit_name()
name_column = in_language("name", lang)
dimension_column = in_language("dimension", lang)

view = dimensions(query, selection, filters.validated_choice("group", GROUPS))
layout.header(label("dimensions_title", lang, unit=unit_name, year=selection.year or "—"), selection, view.is_synthetic)
layout.url_problems(lang)
group = filters.page_choice("group", GROUPS, lambda g: label(f"group_{g}", lang), label("group_title", lang))
group_name = label(f"group_{group}", lang)


def show_causes() -> None:
    """The causes of poverty a summary form 7.10 gives (household lists do not hold them)."""
    if view.causes.empty:
        return
    st.subheader(label("causes_title", lang, unit=plain(unit_name), year=selection.year))
    st.plotly_chart(charts.cause_bars(view.causes, lang), key="poverty_causes", config=charts.PLOTLY_CONFIG, theme=None)
    st.caption(label("causes_note", lang, units=int(view.causes["units"].max())))


if view.lacks_indicators:
    st.info(label("no_indicators_for_unit", lang, unit=plain(unit_name), year=selection.year))
elif not view.has_data:
    st.info(label("no_data_for_unit", lang, unit=plain(unit_name), year=selection.year or "—"))
    show_causes()
    st.stop()


def show_figures() -> None:
    """What stands out, the shares, the M0 decomposition and the heatmap of the units below."""
    # --- what stands out -------------------------------------------------------------------------------
    if view.standouts:
        st.info("  \n".join(plain(line) for line in view.standouts), icon=":material/lightbulb:")
    layout.notes(view.notes)

    # --- shares and the M0 decomposition (none from summary forms: gnbv.views.dimensions) ---------------
    left, right = st.columns([3, 2], gap="large") if view.figures else (st.container(), None)
    with left:
        st.subheader(label("shares_title", lang, group=group_name.lower()))
        st.plotly_chart(
            charts.deprivation_bars(view.shares, name_column, lang),
            key="dimension_shares",
            config=charts.PLOTLY_CONFIG,
            theme=None,
        )
    if right is not None:
        with right:
            st.subheader(label("mpi_title", lang))
            layout.figures(view.figures)
            with st.expander(label("mpi_method", lang)):
                st.markdown(
                    label("mpi_help", lang, count=int(view.summary["indicator_count"]), standard=selection.standard)
                )
            st.caption(label("contribution_title", lang))
            st.plotly_chart(
                charts.contribution_bars(view.contributions.drop_duplicates("dimension"), dimension_column, lang),
                key="dimension_contributions",
                config=charts.PLOTLY_CONFIG,
                theme=None,
            )

    # --- heatmap of the units below ---------------------------------------------------------------------
    grid = heatmap(view, lang)
    if grid is not None:
        child_level = selection.child_level
        st.subheader(label("heatmap_title", lang, level=label(f"level_{child_level}", lang), group=group_name.lower()))
        st.caption(label("heatmap_hint", lang))
        table, codes, share_columns = grid.table, grid.unit_codes, grid.share_columns

        # One key per parent unit: a selected row must not stay selected in the next unit's table.
        heatmap_key = f"dimension_heatmap_{selection.scheme}_{selection.unit_code}"

        def on_heatmap_select() -> None:
            rows = st.session_state[heatmap_key].selection.get("rows", [])
            if rows:
                filters.drill_to(child_level, codes[rows[0]])

        layout.table(
            heatmap_styler(table, share_columns, lang),
            hide_index=True,
            key=heatmap_key,
            on_select=on_heatmap_select,
            selection_mode="single-row",
            height=min(720, 44 + 36 * len(table)),
        )


def show_targets() -> None:
    # --- dimension targets ------------------------------------------------------------------------------
    st.subheader(label("dimension_targets_title", lang, unit=plain(unit_name), year=selection.year))
    if len(view.targets):
        note_column = in_language("measure_note", lang)

        def measure_text(row) -> str:
            note = getattr(row, note_column)
            reported = isinstance(row.actual_source, str) and row.actual_source != "household_review"
            return f"{note} · {row.actual_source}" if reported else note

        columns = target_columns(lang)
        layout.table(
            labelled_table(
                view.targets,
                [
                    ("col_dimension", lambda r: label(f"dim_{r.dimension}", lang)),
                    ("col_metric", lambda r: r.metric_name),
                    *columns[:3],
                    ("col_gap", lambda r: formatting.points(r.gap / 100, lang, 2) if pd.notna(r.gap) else "—"),
                    *columns[3:],
                    ("col_measure", measure_text),
                    ("col_source", lambda r: r.source_document),
                ],
                lang,
            ),
            hide_index=True,
            key="dimension_targets",
            height=44 + 36 * len(view.targets),
        )
    else:
        st.caption(label("dimension_targets_none", lang))


if view.has_data:
    show_figures()
show_causes()
show_targets()
