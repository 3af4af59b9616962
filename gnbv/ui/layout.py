"""Pieces every page draws the same way: the title with the synthetic badge, and the breadcrumb."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from data.labels import label
from gnbv.selection import Selection
from gnbv.ui import filters
from gnbv.ui.cache import query


def unit_display_name(selection: Selection) -> str:
    if selection.level == "country":
        return label("all_country", selection.lang)
    path = query("unit_path", unit_code=selection.unit_code)
    return path["unit_name"].iloc[-1]


def header(title: str, selection: Selection, is_synthetic: bool) -> None:
    """Title, "Dữ liệu mô phỏng" badge when the numbers are synthetic, and the breadcrumb."""
    lang = selection.lang
    title_column, badge_column = st.columns([5, 1], vertical_alignment="bottom")
    title_column.title(title)
    if is_synthetic:
        badge_column.badge(label("synthetic_badge", lang), icon=":material/science:", color="orange")
    path = query("unit_path", unit_code=selection.unit_code)
    crumbs = st.container(horizontal=True, horizontal_alignment="left", vertical_alignment="center", gap="small")
    crumbs.caption(label("breadcrumb", lang))
    for row in path.itertuples():
        name = label("all_country", lang) if row.level == "country" else row.short_name
        crumbs.button(
            ("› " if row.depth else "") + name,
            key=f"crumb_{row.unit_code}",
            disabled=row.unit_code == selection.unit_code,
            on_click=filters.drill_up_to,
            args=(row.level,),
            type="tertiary",
        )


def status_text(status: str, lang: str) -> str:
    """Met / at risk / missed with a symbol, so the assessment never relies on colour alone."""
    return label(f"status_{status}", lang)


def labelled_table(frame: pd.DataFrame, columns: list[tuple[str, Callable]], lang: str) -> pd.DataFrame:
    """The table a page shows: one column per (label key, function of a row), in that order.

    Pages read query rows and show text formatted for the reader; this keeps that in one shape.
    """
    rows = list(frame.itertuples(index=False))
    return pd.DataFrame({label(key, lang): [cell(row) for row in rows] for key, cell in columns})


def target_columns(lang: str) -> list[tuple[str, Callable]]:
    """Period, target, actual and assessment: the columns every progress table shows, read from a target row."""
    from gnbv import formatting  # layout is imported by formatting's users only; keep the import local

    return [
        ("col_period", lambda r: formatting.period(r.period_start, r.period_end)),
        ("col_target", lambda r: formatting.target(r.target_low, r.target_high, r.unit, r.direction, lang)),
        (
            "col_actual",
            lambda r: (
                label("no_data", lang)
                if pd.isna(r.actual_value)
                else formatting.target_value(r.actual_value, r.unit, lang)
            ),
        ),
        ("col_status", lambda r: status_text(r.status, lang)),
    ]


def table(data, container=None, **dataframe_options):
    """A table as ``st.dataframe``, except in presentation mode: there ``st.table``, whose HTML text the
    projector stylesheet enlarges (a dataframe is drawn on a canvas and keeps its laptop-sized type).
    Row selection is not offered on a slide; the map still drills down."""
    target = container or st
    if filters.is_presenting():
        styler = data if hasattr(data, "hide") else data.style
        target.table(styler.hide(axis="index"))
        return None
    return target.dataframe(data, **dataframe_options)
