"""GNBV Dashboard: the frame. Page config, theme, database check, shared filters, navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from gnbv import filters, layout, presentation
from gnbv.cache import database_path
from gnbv.i18n import label

ASSETS = Path(__file__).parent / "assets"

st.set_page_config(
    page_title="GNBV — Giảm nghèo bền vững",
    page_icon=str(ASSETS / "logo.svg"),
    layout="wide",
    initial_sidebar_state="expanded",
)
# Our own stylesheet (no user text): larger type for projectors, tighter KPI cards.
st.html("<style>" + (ASSETS / "style.css").read_text(encoding="utf-8") + "</style>")

if not database_path().is_file():
    st.error(label("database_missing", filters.language()))
    st.stop()

selection = filters.sidebar()
st.session_state["_selection"] = selection
if filters.is_presenting():
    # Our own stylesheet again: hides the sidebar and enlarges everything for the projector.
    st.html("<style>" + (ASSETS / "present.css").read_text(encoding="utf-8") + "</style>")
    st.button(
        label("present_exit", selection.lang),
        on_click=filters.set_page_values,
        kwargs={"present": ""},
        icon=":material/close_fullscreen:",
        type="tertiary",
        key="present_exit",
    )

with st.sidebar:
    st.button(
        label("present_enter", selection.lang),
        on_click=filters.set_page_values,
        kwargs={"present": "1"},
        icon=":material/slideshow:",
        key="present_enter",
        width="stretch",
    )
    timer = filters.page_value("timer")
    filters.page_widget(
        "timer",
        st.number_input,
        label("present_timer", selection.lang),
        min_value=0,
        max_value=600,
        value=int(timer) if timer.isdigit() else 0,
        step=5,
    )
    presentation.pack_controls(selection, layout.unit_display_name(selection))
    st.caption(label("app_subtitle", selection.lang))

pages = [
    st.Page(
        "pages/overview.py",
        title=label("page_overview", selection.lang),
        icon=":material/map:",
        url_path="tong-quan",
        default=True,
    ),
    st.Page(
        "pages/dimensions.py",
        title=label("page_dimensions", selection.lang),
        icon=":material/grid_view:",
        url_path="chieu-thieu-hut",
    ),
    st.Page(
        "pages/funding.py",
        title=label("page_funding", selection.lang),
        icon=":material/payments:",
        url_path="nguon-von",
    ),
    st.Page(
        "pages/trends.py",
        title=label("page_trends", selection.lang),
        icon=":material/show_chart:",
        url_path="xu-huong",
    ),
    st.Page(
        "pages/planner.py",
        title=label("page_planner", selection.lang),
        icon=":material/tune:",
        url_path="kich-ban",
    ),
    st.Page(
        "pages/data.py",
        title=label("page_data", selection.lang),
        icon=":material/database:",
        url_path="du-lieu",
    ),
]
navigation = st.navigation(pages)
if filters.is_presenting():
    # Slides: the views a committee looks at, in order (the planner is a desk tool, not a slide).
    presentation.slide_controls(pages[:4], navigation, selection, layout.unit_display_name(selection))
navigation.run()
