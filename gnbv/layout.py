"""Pieces every page draws the same way: the title with the synthetic badge, and the breadcrumb."""

from __future__ import annotations

import streamlit as st

from gnbv import filters
from gnbv.cache import query
from gnbv.i18n import label


def unit_display_name(selection: filters.Selection) -> str:
    if selection.level == "country":
        return label("all_country", selection.lang)
    path = query("unit_path", unit_code=selection.unit_code)
    return path["unit_name"].iloc[-1]


def header(title: str, selection: filters.Selection, is_synthetic: bool) -> None:
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
